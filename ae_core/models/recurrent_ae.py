"""Recurrent autoencoder: an LSTM reads the 28 rows, another LSTM writes them back."""

from __future__ import annotations

import keras

from ae_core.models.base import IMAGE_SHAPE, Autoencoder
from ae_core.models.layers import PACKAGE


@keras.saving.register_keras_serializable(package=PACKAGE)
class RecurrentAE(Autoencoder):
    """Sequence-to-sequence autoencoder over image rows.

    Args:
        units: LSTM width of encoder and decoder.
        latent_dim: size of the code (the encoder's last state, projected).

    Shapes: (N, 28, 28, 1) -> rows (N, 28, 28) -> (N, latent_dim) -> rows -> (N, 28, 28, 1).
    The decoder is causal: row t depends only on the code and rows before it.
    """

    def __init__(self, units=128, latent_dim=32, loss="bce", **kwargs):
        super().__init__(loss=loss, **kwargs)
        self.units = int(units)
        self.latent_dim = int(latent_dim)
        self.encoder = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE),
                keras.layers.Reshape((28, 28)),
                keras.layers.LSTM(self.units),
                keras.layers.Dense(self.latent_dim, name="code"),
            ],
            name="encoder",
        )
        self.decoder = keras.Sequential(
            [
                keras.Input((self.latent_dim,)),
                keras.layers.RepeatVector(28),
                keras.layers.LSTM(self.units, return_sequences=True),
                keras.layers.Dense(28, activation="sigmoid", name="row"),
                keras.layers.Reshape(IMAGE_SHAPE),
            ],
            name="decoder",
        )
        self._finish_init()

    def get_config(self):
        return {**super().get_config(), "units": self.units, "latent_dim": self.latent_dim}
