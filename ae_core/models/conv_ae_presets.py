"""Presets of :mod:`ae_core.models.conv_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "conv_ae",
    model_class="ae_core.models.conv_ae.ConvAE",
    config=dict(filters=(32, 64), latent_dim=32),
    tags=("draw", "reconstruct", "search", "pretrain_encoder"),
    title={"en": "Convolutional AE, 32-d", "es": "AE convolucional, 32-d"},
    description={
        "en": "Convolutions see strokes as local patterns, so fewer weights go further than in a dense net.",
        "es": "Las convoluciones ven los trazos como patrones locales: con menos pesos llegan más lejos que una red densa.",
    },
    recipe=TrainRecipe(epochs=10, batch_size=128),
)

register_model(
    "fashion_conv_ae",
    model_class="ae_core.models.conv_ae.ConvAE",
    config=dict(filters=(32, 64), latent_dim=32),
    dataset="fashion_mnist",
    tags=("reconstruct", "search"),
    title={"en": "Convolutional AE (Fashion), 32-d", "es": "AE convolucional (Fashion), 32-d"},
    description={
        "en": "The same convolutional autoencoder trained on Fashion-MNIST clothes.",
        "es": "El mismo autoencoder convolucional entrenado con las prendas de Fashion-MNIST.",
    },
    recipe=TrainRecipe(epochs=6, batch_size=128, augment=False, max_train=20000),
)
