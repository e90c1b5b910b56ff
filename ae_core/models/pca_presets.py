"""Presets of :mod:`ae_core.models.pca` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "pca",
    model_class="ae_core.models.pca.PCA",
    config=dict(n_components=None),
    kind="pca",
    tags=("draw", "reconstruct", "latent2d", "noise_baseline", "baseline", "search"),
    title={"en": "PCA (any k)", "es": "PCA (cualquier k)"},
    description={
        "en": "The linear baseline: project onto the top-k principal components and back.",
        "es": "La referencia lineal: proyectar sobre las k primeras componentes principales y volver.",
    },
    recipe=TrainRecipe(augment=False),
)

register_model(
    "fashion_pca",
    model_class="ae_core.models.pca.PCA",
    config=dict(n_components=None),
    dataset="fashion_mnist",
    kind="pca",
    tags=("reconstruct", "latent2d", "noise_baseline", "baseline", "search"),
    title={"en": "PCA (Fashion, any k)", "es": "PCA (Fashion, cualquier k)"},
    description={
        "en": "Principal components of Fashion-MNIST clothes.",
        "es": "Componentes principales de las prendas de Fashion-MNIST.",
    },
    recipe=TrainRecipe(augment=False, max_train=30000),
)
