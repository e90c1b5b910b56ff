"""Variational autoencoder (Kingma & Welling 2014) with a Gaussian code and Bernoulli pixels."""

from __future__ import annotations

import keras
import numpy as np

from ae_core.models.base import IMAGE_SHAPE, Autoencoder, run_in_batches
from ae_core.models.conv_ae import conv_decoder_layers, conv_encoder_layers
from ae_core.models.layers import PACKAGE, Sampling
from ae_core.registry import TrainRecipe, register_model


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


register_model(
    "vae_2",
    model_class=VAE,
    config=dict(latent_dim=2, hidden_units=(512, 256)),
    kind="vae",
    tags=("draw", "reconstruct", "latent2d", "generate"),
    title={"en": "VAE, 2-d latent", "es": "VAE, espacio latente 2-d"},
    description={
        "en": "A variational autoencoder whose whole latent space is a plane you can walk across.",
        "es": "Un autoencoder variacional cuyo espacio latente entero es un plano que se puede recorrer.",
    },
    # Six distorted copies, 30 epochs: test -ELBO 143.8 (measured); without them 80 epochs reached
    # 148.8, and 60 epochs without the drawing-like copy overfit the 10,000 digits: 152.6.
    recipe=TrainRecipe(epochs=30, batch_size=128, distorted_copies=6),
)

register_model(
    "vae_16",
    model_class=VAE,
    config=dict(latent_dim=16, conv_filters=(32, 64)),
    kind="vae",
    tags=("draw", "reconstruct", "generate"),
    title={"en": "Convolutional VAE, 16-d latent", "es": "VAE convolucional, latente 16-d"},
    description={
        "en": "More latent dimensions give sharper samples than the 2-d VAE.",
        "es": "Más dimensiones latentes dan muestras más nítidas que el VAE de 2-d.",
    },
    recipe=TrainRecipe(epochs=10, batch_size=128),
)

register_model(
    "fashion_vae_2",
    model_class=VAE,
    config=dict(latent_dim=2, hidden_units=(512, 256)),
    dataset="fashion_mnist",
    kind="vae",
    tags=("reconstruct", "latent2d", "generate"),
    title={"en": "VAE (Fashion), 2-d latent", "es": "VAE (Fashion), espacio latente 2-d"},
    description={
        "en": "The 2-d variational autoencoder trained on Fashion-MNIST clothes: a plane of clothes you can walk across.",
        "es": "El autoencoder variacional de 2-d entrenado con prendas de Fashion-MNIST: un plano de prendas que se puede recorrer.",
    },
    recipe=TrainRecipe(epochs=20, batch_size=128, augment=False, max_train=20000),
)
