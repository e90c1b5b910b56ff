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
    else:  # the 5,000-digit sample: hold out its first 500
        x_train, x_val = ds.x_train[500:], ds.x_train[:500]
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
