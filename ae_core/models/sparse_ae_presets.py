"""Presets of :mod:`ae_core.models.sparse_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "sparse_l1",
    model_class="ae_core.models.sparse_ae.SparseAE",
    config=dict(latent_dim=300, sparsity="l1", l1=1e-3),
    tags=("draw", "reconstruct", "sparse"),
    title={"en": "Sparse AE (L1), 300 units", "es": "AE disperso (L1), 300 unidades"},
    description={
        "en": "300 sigmoid code units with an L1 penalty on their activity: most stay near zero.",
        "es": "300 unidades sigmoides con penalización L1 sobre su actividad: la mayoría quedan cerca de cero.",
    },
    recipe=TrainRecipe(epochs=20, batch_size=128),
)

register_model(
    "sparse_kl",
    model_class="ae_core.models.sparse_ae.SparseAE",
    config=dict(latent_dim=1000, sparsity="kl", target=0.03, weight=3.0),
    tags=("draw", "reconstruct", "sparse"),
    title={"en": "Sparse AE (KL), 1000 units", "es": "AE disperso (KL), 1000 unidades"},
    description={
        "en": "Overcomplete: 1000 sigmoid units, each pushed to fire about 3% of the time (KL penalty).",
        "es": "Sobrecompleto: 1000 unidades sigmoides, cada una empujada a activarse un 3% del tiempo (penalización KL).",
    },
    recipe=TrainRecipe(epochs=20, batch_size=128),
)
