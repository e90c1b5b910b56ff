"""Presets of :mod:`ae_core.models.tied_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "tied_ae",
    model_class="ae_core.models.tied_ae.TiedAE",
    config=dict(hidden_units=(1000, 500, 250), latent_dim=30),
    tags=("draw", "reconstruct", "tied", "pretrain_encoder"),
    title={"en": "Tied-weights AE, 30-d", "es": "AE de pesos atados, 30-d"},
    description={
        "en": "Same shape as the deep 30-d AE, but the decoder reuses the encoder's weights transposed.",
        "es": "Misma forma que el AE profundo de 30-d, pero el decodificador reutiliza los pesos del codificador transpuestos.",
    },
    recipe=TrainRecipe(epochs=40, batch_size=128, distorted_copies=40, fresh_copies_every=4),  # as dense_ae_30
)
