"""The interface every autoencoder shares, and its training loss."""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from ae_core.models.layers import PACKAGE

IMAGE_SHAPE = (28, 28, 1)


def reconstruction_loss(target, output, loss: str):
    """Per-image loss summed over the 784 pixels (the papers' unit), averaged over the batch."""
    if loss == "bce":
        per_pixel = ops.binary_crossentropy(target, output)
    elif loss == "mse":
        per_pixel = ops.square(target - output)
    else:
        raise ValueError(f"loss must be 'bce' or 'mse', not {loss!r}")
    return ops.mean(ops.sum(ops.reshape(per_pixel, (ops.shape(target)[0], -1)), axis=-1))


def run_in_batches(fn, x, batch_size=512) -> np.ndarray:
    """Apply a Keras callable to a numpy array chunk by chunk; returns numpy."""
    x = np.asarray(x, dtype="float32")
    if len(x) == 0:  # keep the output's layout, e.g. (0, latent_dim); convolutions refuse batch 0
        return ops.convert_to_numpy(fn(np.zeros((1, *x.shape[1:]), "float32")))[:0]
    outputs = [ops.convert_to_numpy(fn(x[i : i + batch_size])) for i in range(0, len(x), batch_size)]
    return np.concatenate(outputs, axis=0)


@keras.saving.register_keras_serializable(package=PACKAGE)
class Autoencoder(keras.Model):
    """Base autoencoder: ``encoder`` and ``decoder`` sub-models built by the subclass.

    Args:
        loss: "bce" (pixels as Bernoulli probabilities) or "mse".

    Shapes: images (N, 28, 28, 1) float32 in [0, 1] -> code (N, latent_dim) -> images.
    Subclasses store ``latent_dim`` and build ``encoder``/``decoder`` in ``__init__``.
    Extra losses added by layers (sparsity, KL) are tracked under the names in
    :meth:`loss_groups` so pages can chart them apart from ``reconstruction_loss``.
    """

    def __init__(self, loss="bce", **kwargs):
        super().__init__(**kwargs)
        self.loss_name = loss
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.group_trackers = {}

    def _finish_init(self):
        """Called last in every subclass' ``__init__``, once ``encoder`` and ``decoder`` exist."""
        self.group_trackers = {name: keras.metrics.Mean(name=name) for name in self.loss_groups()}
        self.build(self.encoder.inputs[0].shape)

    def build(self, input_shape=None):
        # The encoder and decoder are built from their Input layers; nothing is left to create.
        self.built = True

    def loss_groups(self) -> dict:
        """Name -> layers whose ``losses`` make up that named extra loss."""
        return {}

    def call(self, x, training=False):
        return self.decoder(self.encoder(x, training=training), training=training)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        target = x if y is None else y
        rec = reconstruction_loss(target, y_pred, self.loss_name)
        self.reconstruction_tracker.update_state(rec)
        total = rec
        for name, group in self.loss_groups().items():
            value = sum((ops.sum(loss) for layer in group for loss in layer.losses), ops.zeros(()))
            self.group_trackers[name].update_state(value)
        extra = self.losses
        if extra:
            total = total + ops.sum(ops.stack([ops.sum(loss) for loss in extra]))
        return total

    @property
    def metrics(self):
        return [*super().metrics, self.reconstruction_tracker, *self.group_trackers.values()]

    # The shared interface, numpy in and out.
    def encode(self, x) -> np.ndarray:
        return run_in_batches(lambda b: self.encoder(b, training=False), x)

    def decode(self, z) -> np.ndarray:
        return run_in_batches(lambda b: self.decoder(b, training=False), z)

    def reconstruct(self, x) -> np.ndarray:
        return self.decode(self.encode(x))

    def get_config(self):
        return {**super().get_config(), "loss": self.loss_name}
