"""Presets of :mod:`ae_core.models.tied_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "tied_ae",
    model_class="ae_core.models.tied_ae.TiedAE",
    config=dict(hidden_units=(1000, 500, 250), latent_dim=30),
    tags=("draw", "reconstruct", "tied", "pretrain_encoder"),
    title=N_("Tied-weights AE, 30-d"),
    description=N_("Same shape as the deep 30-d AE, but the decoder reuses the encoder's weights transposed."),
    recipe=TrainRecipe(epochs=40, batch_size=128, distorted_copies=40, fresh_copies_every=4),  # as dense_ae_30
)
