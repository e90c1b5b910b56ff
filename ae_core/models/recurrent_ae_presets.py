"""Presets of :mod:`ae_core.models.recurrent_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "recurrent_ae",
    model_class="ae_core.models.recurrent_ae.RecurrentAE",
    config=dict(units=128, latent_dim=32),
    tags=("draw", "reconstruct", "recurrent"),
    title=N_("Recurrent (LSTM) AE, 32-d"),
    description=N_("Reads the digit row by row like a sentence, then writes it back row by row."),
    # LSTMs need many small steps: small batches, a larger learning rate.
    recipe=TrainRecipe(epochs=15, batch_size=64, learning_rate=3e-3, max_train=8000),
)
