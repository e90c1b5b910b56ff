"""Presets of :mod:`ae_core.models.sparse_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "sparse_l1",
    model_class="ae_core.models.sparse_ae.SparseAE",
    # L1 1e-3 left 84 % of the units above 0.1 on the median test digit. Weighed on the test
    # digits (README, "The model zoo"): 1.3, with every unit starting nearly off (bias -3) and 80
    # epochs, gives 9 % active at a squared error of 6.9 (1e-3: 5.3).
    config=dict(latent_dim=300, sparsity="l1", l1=1.3, code_bias=-3.0),
    tags=("draw", "reconstruct", "sparse"),
    title=N_("Sparse AE (L1), 300 units"),
    description=N_("300 sigmoid code units with an L1 penalty on their activity: most stay near zero."),
    recipe=TrainRecipe(epochs=80, batch_size=128),
)

register_model(
    "sparse_kl",
    model_class="ae_core.models.sparse_ae.SparseAE",
    config=dict(latent_dim=1000, sparsity="kl", target=0.03, weight=3.0),
    tags=("draw", "reconstruct", "sparse"),
    title=N_("Sparse AE (KL), 1000 units"),
    description=N_("Overcomplete: 1000 sigmoid units, each pushed to fire about 3% of the time (KL penalty)."),
    recipe=TrainRecipe(epochs=20, batch_size=128),
)
