"""Presets of :mod:`ae_core.models.pca` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "pca",
    model_class="ae_core.models.pca.PCA",
    config=dict(n_components=None),
    kind="pca",
    tags=("draw", "reconstruct", "latent2d", "noise_baseline", "baseline", "search"),
    title=N_("PCA (any k)"),
    description=N_("The linear baseline: project onto the top-k principal components and back."),
    recipe=TrainRecipe(augment=False),
)

register_model(
    "fashion_pca",
    model_class="ae_core.models.pca.PCA",
    config=dict(n_components=None),
    dataset="fashion_mnist",
    kind="pca",
    tags=("reconstruct", "latent2d", "noise_baseline", "baseline", "search"),
    title=N_("PCA (Fashion, any k)"),
    description=N_("Principal components of Fashion-MNIST clothes."),
    recipe=TrainRecipe(augment=False, max_train=30000),
)
