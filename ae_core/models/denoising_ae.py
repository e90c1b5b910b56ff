"""Denoising autoencoder: the convolutional AE fed corrupted digits and asked for clean ones."""

from __future__ import annotations

import keras

from ae_core.models.conv_ae import ConvAE
from ae_core.models.layers import PACKAGE, RandomCorruption


@keras.saving.register_keras_serializable(package=PACKAGE)
class DenoisingAE(ConvAE):
    """:class:`ConvAE` plus a :class:`RandomCorruption` of its input while training.

    Args:
        filters, latent_dim, loss: as for :class:`ConvAE`.
        max_sigma: largest Gaussian noise sigma seen in training.
        max_rate: largest dropout-mask rate seen in training.
        kind_weights: odds of (noise, dropout mask, blanked half, blanked block).
        seed: seed of the corruption.

    Shapes: (N, 28, 28, 1) -> (N, latent_dim) -> (N, 28, 28, 1); the target is the clean input.
    """

    def __init__(
        self,
        filters=(32, 64),
        latent_dim=64,
        max_sigma=0.8,
        max_rate=0.7,
        kind_weights=(1.0, 1.0, 0.0, 0.0),
        seed=0,
        loss="bce",
        **kwargs,
    ):
        self.max_sigma = float(max_sigma)
        self.max_rate = float(max_rate)
        self.kind_weights = tuple(float(w) for w in kind_weights)
        self.seed = int(seed)
        super().__init__(filters=filters, latent_dim=latent_dim, loss=loss, **kwargs)

    def _input_layers(self):
        return [RandomCorruption(self.max_sigma, self.max_rate, self.kind_weights, self.seed, name="corruption")]

    def get_config(self):
        return {
            **super().get_config(),
            "max_sigma": self.max_sigma,
            "max_rate": self.max_rate,
            "kind_weights": list(self.kind_weights),
            "seed": self.seed,
        }
