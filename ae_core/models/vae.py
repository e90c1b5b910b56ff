"""Variational autoencoder (Kingma & Welling 2014) with a Gaussian code and Bernoulli pixels."""

from __future__ import annotations

import keras
import numpy as np

from ae_core.models.base import IMAGE_SHAPE, Autoencoder, run_in_batches
from ae_core.models.conv_ae import conv_decoder_layers, conv_encoder_layers
from ae_core.models.layers import PACKAGE, Sampling


@keras.saving.register_keras_serializable(package=PACKAGE)
class VAE(Autoencoder):
    """VAE: the encoder outputs a mean and a log-variance per code unit, then samples.

    Args:
        latent_dim: size of z.
        hidden_units: dense trunk widths (used when ``conv_filters`` is empty).
        conv_filters: if given, the convolutional encoder and decoder of :class:`ConvAE`.
        seed: seed of the sampling noise.

    Shapes: (N, 28, 28, 1) -> z (N, latent_dim) -> (N, 28, 28, 1).
    ``encode`` returns the mean (repeatable plots); ``encode_distribution`` returns both;
    the loss is reconstruction (BCE, nats per image) plus ``kl_loss``.
    """

    def __init__(self, latent_dim=2, hidden_units=(512, 256), conv_filters=(), seed=0, loss="bce", **kwargs):
        super().__init__(loss=loss, **kwargs)
        self.latent_dim = int(latent_dim)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.conv_filters = tuple(int(f) for f in conv_filters)
        self.seed = int(seed)
        if self.conv_filters:
            trunk = conv_encoder_layers(self.conv_filters)
            decoder_layers = conv_decoder_layers(self.conv_filters, self.latent_dim)
        else:
            trunk = [keras.layers.Flatten(), *[keras.layers.Dense(u, activation="relu") for u in self.hidden_units]]
            decoder_layers = [
                keras.Input((self.latent_dim,)),
                *[keras.layers.Dense(u, activation="relu") for u in reversed(self.hidden_units)],
                keras.layers.Dense(784, activation="sigmoid"),
                keras.layers.Reshape(IMAGE_SHAPE),
            ]
        self.sampler = Sampling(seed=self.seed, name="sampling")
        self.encoder = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE),
                *trunk,
                keras.layers.Dense(2 * self.latent_dim, name="mean_and_log_var"),
                self.sampler,
            ],
            name="encoder",
        )
        self.decoder = keras.Sequential(decoder_layers, name="decoder")
        self._finish_init()

    def loss_groups(self):
        return {"kl_loss": [self.sampler]}

    def encode_distribution(self, x):
        """(mean, log_var) of q(z|x), each (N, latent_dim)."""
        def stats_of(batch):
            for layer in self.encoder.layers[:-1]:  # all but the sampler
                batch = layer(batch, training=False)
            return batch

        stats = run_in_batches(stats_of, x)
        return stats[:, : self.latent_dim], stats[:, self.latent_dim :]

    def sample(self, n, seed=0, temperature=1.0):
        """n images decoded from z ~ N(0, temperature^2 I)."""
        z = np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype("float32")
        return self.decode(temperature * z)

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "hidden_units": list(self.hidden_units),
            "conv_filters": list(self.conv_filters),
            "seed": self.seed,
        }
