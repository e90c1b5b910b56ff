"""Linear autoencoder: no activations, squared error; it learns PCA's subspace."""

from __future__ import annotations

import keras

from ae_core.models.base import IMAGE_SHAPE, Autoencoder
from ae_core.models.layers import PACKAGE


@keras.saving.register_keras_serializable(package=PACKAGE)
class LinearAE(Autoencoder):
    """784 -> latent_dim -> 784 with identity activations and MSE loss.

    At its optimum the code spans the same subspace as the first ``latent_dim`` principal
    components (Baldi & Hornik 1989), though the basis itself is not unique.

    Args:
        latent_dim: size of the code.
        input_dim: flattened input size (784 for images; 2 or 3 for the toy sets).

    Shapes: (N, 28, 28, 1) or (N, input_dim) -> (N, latent_dim) -> input shape.
    """

    def __init__(self, latent_dim=30, input_dim=784, loss="mse", **kwargs):
        super().__init__(loss=loss, **kwargs)
        self.latent_dim = int(latent_dim)
        self.input_dim = int(input_dim)
        image = self.input_dim == 784
        self.encoder = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE if image else (self.input_dim,)),
                *([keras.layers.Flatten()] if image else []),
                keras.layers.Dense(self.latent_dim, name="code"),
            ],
            name="encoder",
        )
        self.decoder = keras.Sequential(
            [
                keras.Input((self.latent_dim,)),
                keras.layers.Dense(self.input_dim),
                *([keras.layers.Reshape(IMAGE_SHAPE)] if image else []),
            ],
            name="decoder",
        )
        self._finish_init()

    def get_config(self):
        return {**super().get_config(), "latent_dim": self.latent_dim, "input_dim": self.input_dim}
