"""Tied-weights autoencoder: the decoder reuses the encoder's weight matrices, transposed."""

from __future__ import annotations

import keras

from ae_core.models.base import IMAGE_SHAPE, Autoencoder
from ae_core.models.layers import PACKAGE, DenseTranspose


@keras.saving.register_keras_serializable(package=PACKAGE)
class TiedAE(Autoencoder):
    """Dense autoencoder whose decoder layer i uses encoder layer i's kernel transposed.

    About half the parameters of the untied :class:`DenseAE` of the same shape; the decoder
    owns only biases.

    Args:
        hidden_units, latent_dim, activation: as for :class:`DenseAE` (code is linear).

    Shapes: (N, 28, 28, 1) -> (N, latent_dim) -> (N, 28, 28, 1).
    """

    def __init__(self, hidden_units=(512, 256, 128), latent_dim=30, activation="relu", loss="bce", **kwargs):
        super().__init__(loss=loss, **kwargs)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.latent_dim = int(latent_dim)
        self.activation = activation
        dense = [keras.layers.Dense(u, activation=activation) for u in self.hidden_units]
        code = keras.layers.Dense(self.latent_dim, name="code")
        self.encoder = keras.Sequential(
            [keras.Input(IMAGE_SHAPE), keras.layers.Flatten(), *dense, code], name="encoder"
        )
        encoder_dense = [*dense, code]
        # Decoder layer i undoes encoder layer (n-1-i); the last one maps back to pixels.
        activations = [activation] * (len(encoder_dense) - 1) + ["sigmoid"]
        self.decoder = keras.Sequential(
            [
                keras.Input((self.latent_dim,)),
                *[DenseTranspose(layer, act) for layer, act in zip(reversed(encoder_dense), activations)],
                keras.layers.Reshape(IMAGE_SHAPE),
            ],
            name="decoder",
        )
        self._finish_init()

    def get_config(self):
        return {
            **super().get_config(),
            "hidden_units": list(self.hidden_units),
            "latent_dim": self.latent_dim,
            "activation": self.activation,
        }
