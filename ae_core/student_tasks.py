"""What the training worker runs for a student during a lesson (:mod:`ae_core.jobs`).

Each task takes ``progress`` (a :class:`ae_core.jobs.Progress`) plus plain arguments, imports
Keras itself, reports at least once a second, stops when cancelled, and returns plain data.
:data:`TASKS` is the whole list the worker accepts. This module imports no Keras at module
level; the caps each task enforces live with the page's computation in ``ae_core/lab``.
"""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

from ae_core.lab.common import clamp
from ae_core.lab.pca_linear_ae import TOY_KINDS, TOY_LIMITS
from ae_core.lab.pretraining import GREEDY_LIMITS, PRETRAIN_LIMITS
from ae_core.lab.train_your_own import LIMITS, LOSSES, OPTIMIZERS, code_size, preset_of

REPORT_EVERY = 0.25  # seconds between progress reports inside a loop of batches
STEPS_PER_EXECUTION = 5  # training steps per call into TensorFlow (less Python per step)
PROBE_LEARNING_RATE = 1e-2  # the head on fixed codes: a small network, a larger step
PRETRAIN_HEAD_UNITS = 64  # hidden units of the classifier's head, in every mode
GREEDY_LEARNING_RATE = 1e-2  # sigmoid layers and a few epochs: a large step (1e-3 barely moves)


def keras_progress(progress, steps: int, epochs: int = 1, *, first_epoch: int = 0, total_epochs: int | None = None,
                   fields: dict | None = None, history_keys: tuple | None = None, silent: bool = False):
    """The one Keras callback of every task: stops the fit when the job is cancelled, and reports.

    At most every REPORT_EVERY seconds: the epoch (counted from ``first_epoch`` out of
    ``total_epochs``, default ``epochs``), the step out of ``steps``, the batch loss and
    ``fields`` (which win over those); at each epoch's end, the loss history so far (only
    ``history_keys`` when given; none when empty). ``silent``: report nothing, only stop.
    Its ``history`` attribute holds the curves when the fit ends.
    """
    import keras

    total = epochs if total_epochs is None else total_epochs
    extra = dict(fields or {})

    class ReportProgress(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.history, self.last, self.epoch = {}, 0.0, 0

        def report(self, force: bool = False, **values):
            now = time.time()
            if not silent and (force or now - self.last >= REPORT_EVERY):
                self.last = now
                progress.update(**{**values, **extra})

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            self.report(epoch=first_epoch + self.epoch, epochs=total, step=min(batch + 1, steps), steps=steps,
                        batch_loss=float((logs or {}).get("loss", np.nan)))
            if progress.cancelled():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            for key, value in (logs or {}).items():
                if history_keys is None or key in history_keys:
                    self.history.setdefault(key, []).append(float(value))
            values = dict(epoch=first_epoch + epoch + 1, epochs=total, step=steps, steps=steps)
            if history_keys != ():
                values["history"] = dict(self.history)
            self.report(force=True, **values)
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
    """A model students can train: the registry's "student" preset of ``architecture``."""
    from ae_core.registry import build_model

    return build_model(preset_of(architecture), latent_dim=code_size(architecture, latent_dim), loss=loss)


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
    preset_of(architecture)  # refuses an unknown architecture
    if optimizer not in OPTIMIZERS or loss not in LOSSES:
        raise ValueError("unknown optimizer or loss")
    latent_dim, epochs = clamp(LIMITS, "latent_dim", latent_dim), clamp(LIMITS, "epochs", epochs)
    train_size = clamp(LIMITS, "train_size", train_size)
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
    callback = keras_progress(progress, steps, epochs)
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


# --- lesson 1 (pages/pca_linear_ae.py): toy autoencoders, seconds on 60-600 points in 2-d or 3-d ---


def train_toy_ae(progress, dataset="ellipse3d", latent_dim=2, kind="linear", epochs=None, seed=0):
    """Train a linear (``LinearAE``) or small nonlinear autoencoder on a toy set of ae_core.lab.pca_linear_ae.

    The data is regenerated here from its name and seed. Returns plain arrays: the codes and
    recoveries of every point, the curve or surface the decoder outputs over the codes' range
    ("manifold"), the linear AE's weights, and the loss history.
    """
    from ae_core.lab.pca_linear_ae import CURVED_SETS, TOY_SETS, code_grid, toy_data

    if kind not in TOY_KINDS or dataset not in {**TOY_SETS, **CURVED_SETS}:
        raise ValueError("unknown kind or toy set")
    x = toy_data(dataset)
    latent_dim = min(clamp(TOY_LIMITS, "latent_dim", latent_dim), x.shape[1] - 1)
    default_epochs = 20 if kind == "linear" else 30
    epochs = clamp(TOY_LIMITS, "epochs", default_epochs if epochs is None else epochs)
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
    callback = keras_progress(progress, steps, epochs)
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


# --- lesson 6 (pages/pretraining.py): classifiers on few labels, on a pretrained encoder or from
# scratch; and greedy layer-wise training of a deep stack ---


def _predict(model, x, batch_size: int = 500) -> np.ndarray:
    from ae_core.models.base import run_in_batches

    return run_in_batches(lambda b: model(b, training=False), x, batch_size)


def _fit_steps(model, x, y, steps: int, batch_size: int, seed: int, progress, values: dict | None) -> None:
    """``steps`` optimizer steps on batches of ``batch_size`` drawn from shuffled passes over
    (x, y) (fewer examples than a batch: they repeat). Every n gives the same batch shape and
    ``steps`` is a multiple of the model's ``steps_per_execution``, so Keras traces once.
    Reports ``values`` with the step (None: silent); stops when the job is cancelled."""
    rng = np.random.default_rng(seed)
    passes = -(-steps * batch_size // len(x))
    order = np.concatenate([rng.permutation(len(x)) for _ in range(passes)])[: steps * batch_size]
    callback = keras_progress(progress, steps, fields=values, history_keys=(), silent=values is None)
    model.fit(x[order], y[order], batch_size=batch_size, epochs=1, shuffle=False, verbose=0, callbacks=[callback])
    progress.check()


def _reset_optimizer(model) -> None:
    """Zero the optimizer's state (step count, moments): the next fit starts afresh."""
    from keras import ops

    for variable in model.optimizer.variables:
        if variable.name != "learning_rate":
            variable.assign(ops.zeros(variable.shape, variable.dtype))


def classifier_head():
    """The layers every mode puts on the encoder: a linear softmax on a few code numbers cannot
    draw the curved borders between digit classes, 64 ReLU units can."""
    import keras

    return [keras.layers.Dense(PRETRAIN_HEAD_UNITS, activation="relu"), keras.layers.Dense(10, activation="softmax")]


def pretrain_classifiers(progress, encoder="dense_ae_10", max_labels=100, modes=("frozen", "fine_tuned", "scratch"),
                         test_digits=2000, seed=0, dataset="mnist", counts=None):
    """Accuracy on held-out digits of a classifier trained on n labels, for several n and modes.

    Every mode is the same network, the encoder then a small head (64 ReLU units, softmax):
    "frozen" (the pretrained encoder fixed, only the head learns), "fine_tuned" (the pretrained
    encoder and the head learn, from the frozen model's head), "scratch" (all of it randomly
    initialised). The label counts are :func:`pretraining.label_counts` of ``max_labels``, or
    ``counts`` when given (ascending, each 1..MAX_LABELS). Returns {"counts", "accuracy":
    {mode: [...]}, "test_digits", ...}.
    """
    from ae_core.lab import pretraining

    if counts is None:
        counts = pretraining.label_counts(max_labels)  # refuses n = 0 and n > MAX_LABELS
    else:
        counts = sorted({int(n) for n in counts})
        if not counts or counts[0] < 1 or counts[-1] > pretraining.MAX_LABELS:
            raise ValueError(f"label counts must be between 1 and {pretraining.MAX_LABELS}")
    modes = [m for m in pretraining.MODES if m in modes]
    from ae_core.registry import get_spec

    if not modes or "pretrain_encoder" not in get_spec(encoder).tags:
        raise ValueError(f"modes must be among {pretraining.MODES}, the encoder a model tagged 'pretrain_encoder'")
    test_digits = clamp(PRETRAIN_LIMITS, "test_digits", test_digits)
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
    # One compiled network per kind, reset for each n: Keras traces its training step once.
    probe = keras.Sequential([keras.Input(codes_lab.shape[1:]), *classifier_head()])
    probe.compile(keras.optimizers.Adam(PROBE_LEARNING_RATE), "sparse_categorical_crossentropy", jit_compile=False,
                  steps_per_execution=STEPS_PER_EXECUTION)
    probe_start = probe.get_weights()
    nets = {}
    for mode in [m for m in modes if m != "frozen"]:
        trunk = keras.models.clone_model(pretrained)  # the same layers, fresh random weights
        net = keras.Sequential([trunk, *classifier_head()])
        net.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", jit_compile=False,
                    steps_per_execution=STEPS_PER_EXECUTION)
        nets[mode] = net
    scratch_start = nets["scratch"].get_weights() if "scratch" in nets else None
    for i, n in enumerate(counts):
        steps = pretraining.training_steps(n)
        probe_trained = False
        for j, mode in enumerate(modes):
            part = i * len(modes) + j
            progress.update(phase="training", epoch=part, epochs=parts, step=0, steps=steps, labels=n, mode=mode)
            values = dict(phase="training", epoch=part, epochs=parts, labels=n, mode=mode)
            if mode in ("frozen", "fine_tuned") and not probe_trained:
                # The frozen model: a softmax layer on the fixed codes (also the fine-tuned model's start).
                probe.set_weights(probe_start)
                _reset_optimizer(probe)
                _fit_steps(probe, codes_lab[:n], y_lab[:n], steps, pretraining.BATCH_SIZE, seed + n,
                           progress, values if mode == "frozen" else None)
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
                _fit_steps(net, x_lab[:n], y_lab[:n], steps, pretraining.BATCH_SIZE, seed + n, progress, values)
                probabilities = _predict(net, x_test)
            accuracy[mode].append(pretraining.accuracy(probabilities, y_test))
            progress.update(partial={"counts": counts[: i + 1], "accuracy": {m: list(a) for m, a in accuracy.items()}})
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

    epochs, train_size = clamp(GREEDY_LIMITS, "epochs", epochs), clamp(GREEDY_LIMITS, "train_size", train_size)
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
        callback = keras_progress(progress, steps, n_epochs, first_epoch=done, total_epochs=total, fields=common,
                                  history_keys=("loss", "val_loss"))
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


# Every task the worker accepts, by the name a page submits (ae_core.jobs.JobManager.submit).
TASKS = {
    "ping": ping,
    "train_autoencoder": train_autoencoder,
    "train_toy_ae": train_toy_ae,
    "pretrain_classifiers": pretrain_classifiers,
    "greedy_layerwise": greedy_layerwise,
}
