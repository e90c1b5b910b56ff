"""Presets of :mod:`ae_core.models.denoising_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "denoising_ae",
    model_class="ae_core.models.denoising_ae.DenoisingAE",
    config=dict(latent_dim=128, filters=(48, 96), kind_weights=(1.0, 1.0, 0.0, 0.0)),
    tags=("draw", "reconstruct", "denoise"),
    title=N_("Denoising AE (noise + dropout)"),
    description=N_("Trained on digits with Gaussian noise (sigma up to 0.8) or dropped pixels (rate up to 0.7)."),
    # A wide code and distorted copies: each added PSNR (README, "The model zoo").
    recipe=TrainRecipe(epochs=16, batch_size=128, distorted_copies=6),
)

register_model(
    "inpainting_ae",
    model_class="ae_core.models.denoising_ae.DenoisingAE",
    config=dict(latent_dim=64, kind_weights=(0.0, 0.0, 3.0, 1.0)),
    tags=("inpaint",),
    title=N_("Inpainting AE (blanked halves and blocks)"),
    description=N_("Trained to rebuild digits with a half or a random block blanked out."),
    recipe=TrainRecipe(epochs=20, batch_size=128),
)

register_model(
    "fashion_denoising_ae",
    model_class="ae_core.models.denoising_ae.DenoisingAE",
    config=dict(latent_dim=64, kind_weights=(1.0, 1.0, 0.0, 0.0)),
    dataset="fashion_mnist",
    tags=("reconstruct", "denoise"),
    title=N_("Denoising AE (Fashion)"),
    description=N_("The denoising autoencoder trained on Fashion-MNIST clothes."),
    recipe=TrainRecipe(epochs=6, batch_size=128, augment=False, max_train=20000),
)
