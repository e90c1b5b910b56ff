"""Presets of :mod:`ae_core.models.vae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "vae_2",
    model_class="ae_core.models.vae.VAE",
    config=dict(latent_dim=2, hidden_units=(512, 256)),
    kind="vae",
    tags=("draw", "reconstruct", "latent2d", "generate"),
    title=N_("VAE, 2-d latent"),
    description=N_("A variational autoencoder whose whole latent space is a plane you can walk across."),
    # Distorted copies: on 10,000 real digits alone it overfits (README, "The model zoo").
    recipe=TrainRecipe(epochs=30, batch_size=128, distorted_copies=6),
)

register_model(
    "vae_16",
    model_class="ae_core.models.vae.VAE",
    config=dict(latent_dim=16, conv_filters=(32, 64)),
    kind="vae",
    tags=("draw", "reconstruct", "generate", "search"),
    title=N_("Convolutional VAE, 16-d latent"),
    description=N_("More latent dimensions give sharper samples than the 2-d VAE."),
    recipe=TrainRecipe(epochs=10, batch_size=128),
)

register_model(
    "fashion_vae_2",
    model_class="ae_core.models.vae.VAE",
    config=dict(latent_dim=2, hidden_units=(512, 256)),
    dataset="fashion_mnist",
    kind="vae",
    tags=("reconstruct", "latent2d", "generate"),
    title=N_("VAE (Fashion), 2-d latent"),
    description=N_("The 2-d variational autoencoder trained on Fashion-MNIST clothes: a plane of clothes you can walk across."),
    recipe=TrainRecipe(epochs=20, batch_size=128, augment=False, max_train=20000),
)
