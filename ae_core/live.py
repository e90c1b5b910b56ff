"""Tasks trained live for one student, run by :mod:`ae_core.jobs` in its worker process.

Each task takes ``progress`` (a :class:`ae_core.jobs.Progress`) plus plain arguments, imports
Keras itself, reports at least once a second, stops when cancelled, and returns plain data.
This module imports no Keras at module level: the app imports it to check task names.
"""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

# Caps that keep one live training under a minute on 2 CPU cores (checked again here, so a
# tampered request cannot ask for more).
LIMITS = {
    "train_size": (100, 5000),
    "epochs": (1, 15),
    "latent_dim": (2, 64),
}
ARCHITECTURES = ("dense", "conv", "denoising", "sparse", "vae")
OPTIMIZERS = ("adam", "sgd", "rmsprop")
LOSSES = ("bce", "mse")


def clamp(name: str, value) -> int:
    low, high = LIMITS[name]
    return int(min(max(int(value), low), high))


def _keras_progress_callback(progress, epochs: int, steps: int):
    """A Keras callback: progress at least 4 times a second, the history per epoch, cancel."""
    import keras

    class ReportProgress(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.history = {}
            self.last = 0.0
            self.epoch = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            now = time.time()
            if now - self.last >= 0.25:
                self.last = now
                progress.update(epoch=self.epoch, epochs=epochs, step=batch + 1, steps=steps,
                                batch_loss=float((logs or {}).get("loss", np.nan)))
            if progress.cancelled():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            for key, value in (logs or {}).items():
                self.history.setdefault(key, []).append(float(value))
            progress.update(epoch=epoch + 1, epochs=epochs, step=steps, steps=steps, history=dict(self.history))
            if progress.cancelled():
                self.model.stop_training = True

    return ReportProgress()


def _optimizer(name: str, learning_rate: float):
    import keras

    if name == "sgd":
        return keras.optimizers.SGD(learning_rate * 10, momentum=0.9)  # SGD needs a larger step
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate)
    return keras.optimizers.Adam(learning_rate)


def build_student_model(architecture: str, latent_dim: int, loss: str):
    """The small models students can train: the zoo's classes with CPU-friendly sizes."""
    from ae_core.models.conv_ae import ConvAE
    from ae_core.models.dense_ae import DenseAE
    from ae_core.models.denoising_ae import DenoisingAE
    from ae_core.models.sparse_ae import SparseAE
    from ae_core.models.vae import VAE

    if architecture == "dense":
        return DenseAE(hidden_units=(256,), latent_dim=latent_dim, loss=loss)
    if architecture == "conv":
        return ConvAE(filters=(16, 32), latent_dim=latent_dim, loss=loss)
    if architecture == "denoising":
        return DenoisingAE(filters=(16, 32), latent_dim=latent_dim, loss=loss)
    if architecture == "sparse":
        return SparseAE(latent_dim=max(latent_dim, 32), sparsity="l1", l1=1e-3, loss=loss)
    if architecture == "vae":
        return VAE(latent_dim=latent_dim, hidden_units=(256,), loss=loss)
    raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}")


def _training_data(dataset: str, train_size: int):
    from ae_core import data

    ds = data.load(dataset, use_keras=False)
    if ds.has_test_set:
        x_train, x_val = ds.x_train, ds.x_test
    else:  # the 5,000-digit sample is sorted by label: a seeded, shuffled hold-out of 500
        order = np.random.default_rng(0).permutation(ds.n_train)
        x_train, x_val = ds.x_train[order[500:]], ds.x_train[order[:500]]
    return np.asarray(x_train[:train_size]), np.asarray(x_val[:1000]), ds.source


def keras_file_bytes(model) -> bytes:
    """The model as a ``.keras`` file (weights only, no optimizer state: a third of the size)."""
    clean = type(model).from_config(model.get_config())
    clean.set_weights(model.get_weights())
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        clean.save(path)
        with open(path, "rb") as f:
            return f.read()


def ping(progress):
    """Load Keras in the worker ahead of a student's first training (it takes seconds)."""
    import keras  # noqa: F401

    return True


def train_autoencoder(progress, architecture="dense", latent_dim=16, loss="bce", optimizer="adam",
                      epochs=5, train_size=2000, dataset="mnist", learning_rate=1e-3, seed=0):
    """Train one small autoencoder; returns its serving program, history, metrics and .keras bytes."""
    if architecture not in ARCHITECTURES or optimizer not in OPTIMIZERS or loss not in LOSSES:
        raise ValueError("unknown architecture, optimizer or loss")
    latent_dim, epochs, train_size = clamp("latent_dim", latent_dim), clamp("epochs", epochs), clamp("train_size", train_size)
    progress.update(phase="loading")
    import keras

    from ae_core.metrics import squared_error
    from ae_core.serving import export_model

    keras.utils.set_random_seed(seed)
    x_train, x_val, source = _training_data(dataset, train_size)
    model = build_student_model(architecture, latent_dim, loss)
    model.compile(_optimizer(optimizer, learning_rate))
    batch_size = 64
    steps = int(np.ceil(len(x_train) / batch_size))
    callback = _keras_progress_callback(progress, epochs, steps)
    progress.update(phase="training", epoch=0, epochs=epochs, step=0, steps=steps)
    model.fit(x_train, x_train, epochs=epochs, batch_size=batch_size, shuffle=True,
              validation_data=(x_val, x_val), verbose=0, callbacks=[callback])
    progress.check()  # a cancel during the last epoch ends here
    served = export_model(model, f"student_{architecture}_{latent_dim}")
    keras_bytes = keras_file_bytes(model)
    val_error = float(squared_error(x_val, served.reconstruct(x_val)).mean())
    return {
        "program": served.program,
        "arrays": dict(served.arrays),
        "history": callback.history,
        "keras": keras_bytes,
        "settings": {"architecture": architecture, "latent_dim": latent_dim, "loss": loss, "optimizer": optimizer,
                     "epochs": epochs, "train_size": len(x_train), "dataset": dataset, "source": source},
        "val_squared_error": val_error,
        "params": int(model.count_params()),
    }


# --- lessons: PCA, compression, sparse, tied, recurrent ---
# Toy autoencoders of the PCA lesson: seconds of training on 60-600 points in 2-d or 3-d.

TOY_KINDS = ("linear", "nonlinear")
TOY_LIMITS = {"epochs": (1, 60), "latent_dim": (1, 2)}


def train_toy_ae(progress, dataset="ellipse3d", latent_dim=2, kind="linear", epochs=None, seed=0):
    """Train a linear (``LinearAE``) or small nonlinear autoencoder on a toy set of ae_core.lab.pca_linear.

    The data is regenerated here from its name and seed. Returns plain arrays: the codes and
    recoveries of every point, the curve or surface the decoder outputs over the codes' range
    ("manifold"), the linear AE's weights, and the loss history.
    """
    from ae_core.lab.pca_linear import CURVED_SETS, TOY_SETS, code_grid, toy_data

    if kind not in TOY_KINDS or dataset not in {**TOY_SETS, **CURVED_SETS}:
        raise ValueError("unknown kind or toy set")
    x = toy_data(dataset)
    latent_dim = int(np.clip(int(latent_dim), 1, min(TOY_LIMITS["latent_dim"][1], x.shape[1] - 1)))
    default_epochs = 20 if kind == "linear" else 30
    epochs = int(np.clip(int(default_epochs if epochs is None else epochs), *TOY_LIMITS["epochs"]))
    progress.update(phase="loading")
    import keras

    keras.utils.set_random_seed(int(seed))
    if kind == "linear":
        from ae_core.models.linear_ae import LinearAE

        model = LinearAE(latent_dim, input_dim=x.shape[1])
        encoder, decoder = model.encoder, model.decoder
        model.compile(keras.optimizers.Adam(0.02), steps_per_execution=5)
    else:
        encoder, decoder, model = _toy_mlp(x.shape[1], latent_dim)
        model.compile(keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=5)
    # One "epoch" is several passes over the few points (a fixed number of steps), so that the
    # progress bar moves smoothly and the training takes seconds whatever the set's size.
    steps, batch_size = (15, 32) if kind == "linear" else (40, 64)
    x_train = np.tile(x, (int(np.ceil(steps * batch_size / len(x))), 1))[: steps * batch_size]
    callback = _keras_progress_callback(progress, epochs, steps)
    progress.update(phase="training", epoch=0, epochs=epochs, step=0, steps=steps)
    model.fit(x_train, x_train, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0, callbacks=[callback])
    progress.check()
    run = lambda part, v: np.asarray(keras.ops.convert_to_numpy(part(np.asarray(v, "float32"))), "float64")  # noqa: E731
    codes = run(encoder, x)
    result = {
        "settings": {"dataset": dataset, "latent_dim": latent_dim, "kind": kind, "epochs": epochs, "seed": int(seed)},
        "history": callback.history,
        "codes": codes,
        "recovered": run(decoder, codes),
        "manifold": run(decoder, code_grid(codes)),
    }
    if kind == "linear":
        (enc_kernel, enc_bias), (dec_kernel, dec_bias) = encoder.layers[-1].get_weights(), decoder.layers[-1].get_weights()
        result["weights"] = {"encoder_kernel": enc_kernel, "encoder_bias": enc_bias,
                             "decoder_kernel": dec_kernel, "decoder_bias": dec_bias}
    return result


def _toy_mlp(input_dim: int, latent_dim: int, hidden: int = 64):
    """A small tanh autoencoder D -> 64 -> 64 -> k -> 64 -> 64 -> D for the curved toy sets."""
    import keras

    encoder = keras.Sequential([keras.Input((input_dim,)), keras.layers.Dense(hidden, activation="tanh"),
                                keras.layers.Dense(hidden, activation="tanh"), keras.layers.Dense(latent_dim)])
    decoder = keras.Sequential([keras.Input((latent_dim,)), keras.layers.Dense(hidden, activation="tanh"),
                                keras.layers.Dense(hidden, activation="tanh"), keras.layers.Dense(input_dim)])
    inputs = keras.Input((input_dim,))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))


# --- lessons: pretraining, anomalies, train your own ---
# Lesson 6 (pages/pretraining.py): classifiers on few labels, on a pretrained encoder or from
# scratch; and greedy layer-wise training of a deep stack. Lesson 8 uses train_autoencoder.

# Caps of the lesson-6 tasks (each finishes in about a minute on 2 busy cores at the maximum).
PRETRAIN_LIMITS = {"test_digits": (100, 2000)}
GREEDY_LIMITS = {"epochs": (1, 5), "train_size": (500, 5000)}
GREEDY_LEARNING_RATE = 1e-2  # sigmoid layers and a few epochs: a large step (1e-3 barely moves)
# Pretrained encoders a classifier can sit on: plain (non-variational, non-recurrent) AEs.
PRETRAIN_ENCODERS = ("dense_ae_30", "tied_ae", "linear_ae", "dense_ae_2", "conv_ae")
REPORT_EVERY = 0.25  # seconds between progress reports inside a loop of batches
STEPS_PER_EXECUTION = 5  # training steps per call into TensorFlow (less Python per step)
PROBE_LEARNING_RATE = 1e-2  # the softmax layer on fixed codes: one linear layer, a larger step


def _clamped(limits: dict, name: str, value) -> int:
    low, high = limits[name]
    return int(min(max(int(value), low), high))


class _Reporter:
    """Reports progress at most every REPORT_EVERY seconds (and whenever ``force``)."""

    def __init__(self, progress):
        self.progress, self.last = progress, 0.0

    def __call__(self, force: bool = False, **values) -> None:
        now = time.time()
        if force or now - self.last >= REPORT_EVERY:
            self.last = now
            self.progress.update(**values)


def _predict(model, x, batch_size: int = 500) -> np.ndarray:
    from ae_core.models.base import run_in_batches

    return run_in_batches(lambda b: model(b, training=False), x, batch_size)


def _fit_steps(model, x, y, steps: int, batch_size: int, seed: int, report: "_Reporter", values: dict | None) -> None:
    """``steps`` optimizer steps on batches of ``batch_size`` drawn from shuffled passes over
    (x, y) (fewer examples than a batch: they repeat). Every n gives the same batch shape and
    ``steps`` is a multiple of the model's ``steps_per_execution``, so Keras traces once.
    Reports ``values`` with the step (None: silent); stops when the job is cancelled."""
    import keras

    rng = np.random.default_rng(seed)
    passes = -(-steps * batch_size // len(x))
    order = np.concatenate([rng.permutation(len(x)) for _ in range(passes)])[: steps * batch_size]

    class Report(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if values is not None:
                report(**values, step=min(batch + 1, steps), steps=steps)
            if report.progress.cancelled():
                self.model.stop_training = True

    model.fit(x[order], y[order], batch_size=batch_size, epochs=1, shuffle=False, verbose=0, callbacks=[Report()])
    report.progress.check()


def _reset_optimizer(model) -> None:
    """Zero the optimizer's state (step count, moments): the next fit starts afresh."""
    from keras import ops

    for variable in model.optimizer.variables:
        if variable.name != "learning_rate":
            variable.assign(ops.zeros(variable.shape, variable.dtype))


def pretrain_classifiers(progress, encoder="dense_ae_30", max_labels=100, modes=("frozen", "fine_tuned", "scratch"),
                         test_digits=2000, seed=0, dataset="mnist"):
    """Accuracy on held-out digits of a classifier trained on n labels, for several n and modes.

    Modes: "frozen" (the pretrained encoder fixed, only a softmax layer learns), "fine_tuned"
    (the pretrained encoder and the softmax layer learn), "scratch" (the same network, randomly
    initialised). Returns {"counts", "accuracy": {mode: [...]}, "test_digits", ...}.
    """
    from ae_core.lab import pretraining

    counts = pretraining.label_counts(max_labels)  # refuses n = 0 and n > MAX_LABELS
    modes = [m for m in pretraining.MODES if m in modes]
    if not modes or encoder not in PRETRAIN_ENCODERS:
        raise ValueError(f"modes must be among {pretraining.MODES}, encoder among {PRETRAIN_ENCODERS}")
    test_digits = _clamped(PRETRAIN_LIMITS, "test_digits", test_digits)
    progress.update(phase="loading")
    import keras

    from ae_core import data, zoo

    keras.utils.set_random_seed(seed)
    ds = data.load(dataset, use_keras=False)
    x_pool, y_pool, x_test, y_test, holdout = pretraining.classifier_split(ds, test_digits, seed)
    chosen = pretraining.labelled_order(y_pool, seed)[: counts[-1]]
    x_lab, y_lab = np.asarray(x_pool[chosen]), np.asarray(y_pool[chosen]).astype("int32")
    pretrained = zoo.load_keras(encoder).encoder
    progress.check()
    # The fixed encoder's codes, computed once (the frozen model and the fine-tuned one's start).
    codes_lab, codes_test = _predict(pretrained, x_lab), _predict(pretrained, x_test)
    accuracy = {mode: [] for mode in modes}
    parts = len(counts) * len(modes)
    report = _Reporter(progress)
    # One compiled network per kind, reset for each n: Keras traces its training step once.
    probe = keras.Sequential([keras.Input(codes_lab.shape[1:]), keras.layers.Dense(10, activation="softmax")])
    probe.compile(keras.optimizers.Adam(PROBE_LEARNING_RATE), "sparse_categorical_crossentropy", jit_compile=False,
                  steps_per_execution=STEPS_PER_EXECUTION)
    probe_start = probe.get_weights()
    nets = {}
    for mode in [m for m in modes if m != "frozen"]:
        trunk = keras.models.clone_model(pretrained)  # the same layers, fresh random weights
        net = keras.Sequential([trunk, keras.layers.Dense(10, activation="softmax")])
        net.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", jit_compile=False,
                    steps_per_execution=STEPS_PER_EXECUTION)
        nets[mode] = net
    scratch_start = nets["scratch"].get_weights() if "scratch" in nets else None
    for i, n in enumerate(counts):
        steps = pretraining.training_steps(n)
        probe_trained = False
        for j, mode in enumerate(modes):
            part = i * len(modes) + j
            report(force=True, phase="training", epoch=part, epochs=parts, step=0, steps=steps, labels=n, mode=mode)
            values = dict(phase="training", epoch=part, epochs=parts, labels=n, mode=mode)
            if mode in ("frozen", "fine_tuned") and not probe_trained:
                # The frozen model: a softmax layer on the fixed codes (also the fine-tuned model's start).
                probe.set_weights(probe_start)
                _reset_optimizer(probe)
                _fit_steps(probe, codes_lab[:n], y_lab[:n], steps, pretraining.BATCH_SIZE, seed + n,
                           report, values if mode == "frozen" else None)
                probe_trained = True
            if mode == "frozen":
                probabilities = _predict(probe, codes_test)
            else:
                net = nets[mode]
                if mode == "fine_tuned":
                    net.set_weights([*pretrained.get_weights(), *probe.get_weights()])
                else:
                    net.set_weights(scratch_start)
                _reset_optimizer(net)
                _fit_steps(net, x_lab[:n], y_lab[:n], steps, pretraining.BATCH_SIZE, seed + n, report, values)
                probabilities = _predict(net, x_test)
            accuracy[mode].append(pretraining.accuracy(probabilities, y_test))
            report(force=True, partial={"counts": counts[: i + 1], "accuracy": {m: list(a) for m, a in accuracy.items()}})
    return {
        "counts": counts, "accuracy": accuracy, "modes": modes, "encoder": encoder, "test_digits": int(len(x_test)),
        "holdout": bool(holdout), "source": ds.source, "pool": int(len(x_pool)),
        "steps": {n: pretraining.training_steps(n) for n in counts},
    }


def greedy_layerwise(progress, epochs=2, train_size=2000, seed=0, dataset="mnist"):
    """Greedy layer-wise training of a 784-256-64-16 stack, one shallow AE at a time, then
    end-to-end fine-tuning, and the same stack trained from scratch for as many epochs.

    Each phase reports its loss curve and, when it ends, a snapshot: the stack's reconstruction
    of a few held-out digits and its squared error on the held-out digits.
    """
    from ae_core.lab import pretraining
    from ae_core.metrics import squared_error

    epochs, train_size = _clamped(GREEDY_LIMITS, "epochs", epochs), _clamped(GREEDY_LIMITS, "train_size", train_size)
    progress.update(phase="loading")
    import keras

    keras.utils.set_random_seed(seed)
    x_train, x_val, source = _training_data(dataset, train_size)
    flat_train, flat_val = x_train.reshape(len(x_train), -1), x_val.reshape(len(x_val), -1)
    shown = flat_val[: pretraining.GREEDY_SHOWN]
    phases = pretraining.greedy_phases()
    n_layers = len(pretraining.GREEDY_SIZES)
    phase_epochs = [epochs] * n_layers + [epochs, epochs * (n_layers + 1)]  # scratch: the whole budget
    total, done = sum(phase_epochs), 0
    batch_size = 64
    steps = int(np.ceil(len(flat_train) / batch_size))
    encoders, decoders, snapshots = [], [], []

    def stack(x, encs, decs):
        for layer in [*encs, *reversed(decs)]:
            x = layer(x)
        return keras.ops.convert_to_numpy(x)

    def snapshot(kind, size_in, size_out, encs, decs):
        reconstruction = stack(flat_val, encs, decs)
        error = float(squared_error(flat_val, reconstruction).mean())
        images = np.clip(reconstruction[: len(shown)].reshape(-1, 28, 28) * 255 + 0.5, 0, 255).astype("uint8")
        snapshots.append({"kind": kind, "sizes": (size_in, size_out), "val_error": error, "images": images})
        progress.update(snapshots=list(snapshots))

    h_train, h_val = flat_train, flat_val
    for index, ((kind, size_in, size_out), n_epochs) in enumerate(zip(phases, phase_epochs)):
        common = dict(phase="training", stage=index, stages=len(phases), stage_kind=kind, sizes=(size_in, size_out))
        progress.update(**common, history={}, epoch=done, epochs=total, step=0, steps=steps)
        if kind == "layer":
            last = len(encoders) == n_layers - 1
            encoder = keras.layers.Dense(size_out, activation=None if last else "sigmoid", name=f"encoder_{index + 1}")
            decoder = keras.layers.Dense(size_in, activation="sigmoid", name=f"decoder_{index + 1}")
            model = keras.Sequential([keras.Input((size_in,)), encoder, decoder])
            x_fit, x_check = h_train, h_val
        elif kind == "fine_tune":
            model = keras.Sequential([keras.Input((784,)), *encoders, *reversed(decoders)])
            x_fit, x_check = flat_train, flat_val
        else:
            dims = [784, *pretraining.GREEDY_SIZES]
            fresh_enc = [keras.layers.Dense(d, activation=None if i == n_layers - 1 else "sigmoid")
                         for i, d in enumerate(dims[1:])]
            fresh_dec = [keras.layers.Dense(d, activation="sigmoid") for d in dims[:-1]]
            model = keras.Sequential([keras.Input((784,)), *fresh_enc, *reversed(fresh_dec)])
            x_fit, x_check = flat_train, flat_val
        model.compile(keras.optimizers.Adam(GREEDY_LEARNING_RATE), "binary_crossentropy", jit_compile=False)
        callback = _stage_callback(progress, common, done, total, steps)
        model.fit(x_fit, x_fit, epochs=n_epochs, batch_size=batch_size, shuffle=True,
                  validation_data=(x_check, x_check), verbose=0, callbacks=[callback])
        progress.check()
        done += n_epochs
        if kind == "layer":
            encoders.append(encoder)
            decoders.append(decoder)
            snapshot(kind, size_in, size_out, encoders, decoders)
            h_train, h_val = _predict(encoder, h_train), _predict(encoder, h_val)
        elif kind == "fine_tune":
            snapshot(kind, size_in, size_out, encoders, decoders)
        else:
            snapshot(kind, size_in, size_out, fresh_enc, fresh_dec)
    originals = np.clip(shown.reshape(-1, 28, 28) * 255 + 0.5, 0, 255).astype("uint8")
    return {"snapshots": snapshots, "originals": originals, "epochs": epochs, "train_size": int(len(x_train)),
            "val_digits": int(len(x_val)), "sizes": list(pretraining.GREEDY_SIZES), "source": source}


def _stage_callback(progress, common: dict, done: int, total: int, steps: int):
    """Progress of one phase: the global epoch among all phases, the phase's own loss curve."""
    import keras

    class ReportStage(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.history, self.last, self.epoch = {}, 0.0, 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            now = time.time()
            if now - self.last >= REPORT_EVERY:
                self.last = now
                progress.update(**common, epoch=done + self.epoch, epochs=total, step=batch + 1, steps=steps)
            if progress.cancelled():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            for key in ("loss", "val_loss"):
                if key in (logs or {}):
                    self.history.setdefault(key, []).append(float(logs[key]))
            progress.update(**common, epoch=done + epoch + 1, epochs=total, step=steps, steps=steps,
                            history=dict(self.history))
            if progress.cancelled():
                self.model.stop_training = True

    return ReportStage()
