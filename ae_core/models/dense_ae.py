"""Fully connected autoencoder: the 30-d model of Hinton & Salakhutdinov, the 2-d map, the grid."""

from __future__ import annotations

import keras

from ae_core.models.base import IMAGE_SHAPE, Autoencoder
from ae_core.models.layers import PACKAGE


@keras.saving.register_keras_serializable(package=PACKAGE)
class DenseAE(Autoencoder):
    """Dense autoencoder 784 -> hidden_units -> latent_dim -> reversed(hidden_units) -> 784.

    Args:
        hidden_units: widths of the encoder's hidden layers (the decoder mirrors them).
        latent_dim: size of the code.
        activation: activation of the hidden layers.
        code_activation: activation of the code layer (None = linear).
        output_activation: activation of the output layer.
        loss: "bce" or "mse".

    Shapes: (N, 28, 28, 1) -> (N, latent_dim) -> (N, 28, 28, 1).
    """

    def __init__(
        self,
        hidden_units=(512, 128),
        latent_dim=30,
        activation="relu",
        code_activation=None,
        output_activation="sigmoid",
        loss="bce",
        **kwargs,
    ):
        super().__init__(loss=loss, **kwargs)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.latent_dim = int(latent_dim)
        self.activation = activation
        self.code_activation = code_activation
        self.output_activation = output_activation
        self.encoder = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE),
                keras.layers.Flatten(),
                *[keras.layers.Dense(u, activation=activation) for u in self.hidden_units],
                keras.layers.Dense(self.latent_dim, activation=code_activation, name="code"),
            ],
            name="encoder",
        )
        self.decoder = keras.Sequential(
            [
                keras.Input((self.latent_dim,)),
                *[keras.layers.Dense(u, activation=activation) for u in reversed(self.hidden_units)],
                keras.layers.Dense(784, activation=output_activation),
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
            "code_activation": self.code_activation,
            "output_activation": self.output_activation,
        }
