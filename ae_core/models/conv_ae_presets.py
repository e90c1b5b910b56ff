"""Presets of :mod:`ae_core.models.conv_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "conv_ae",
    model_class="ae_core.models.conv_ae.ConvAE",
    config=dict(filters=(32, 64), latent_dim=32),
    tags=("draw", "reconstruct", "search", "pretrain_encoder"),
    title=N_("Convolutional AE, 32-d"),
    description=N_("Convolutions see strokes as local patterns, so fewer weights go further than in a dense net."),
    recipe=TrainRecipe(epochs=10, batch_size=128),
)

register_model(
    "fashion_conv_ae",
    model_class="ae_core.models.conv_ae.ConvAE",
    config=dict(filters=(32, 64), latent_dim=32),
    dataset="fashion_mnist",
    tags=("reconstruct", "search"),
    title=N_("Convolutional AE (Fashion), 32-d"),
    description=N_("The same convolutional autoencoder trained on Fashion-MNIST clothes."),
    recipe=TrainRecipe(epochs=6, batch_size=128, augment=False, max_train=20000),
)
