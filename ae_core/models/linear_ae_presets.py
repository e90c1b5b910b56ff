"""Presets of :mod:`ae_core.models.linear_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "linear_ae",
    model_class="ae_core.models.linear_ae.LinearAE",
    config=dict(latent_dim=30),
    tags=("draw", "reconstruct", "pca_twin", "pretrain_encoder"),
    title=N_("Linear AE, 30-d (PCA twin)"),
    description=N_("No activations and squared error: it ends up spanning the same subspace as PCA-30."),
    recipe=TrainRecipe(epochs=30, batch_size=128, augment=False),
)
