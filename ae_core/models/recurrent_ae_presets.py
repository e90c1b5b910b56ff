"""Presets of :mod:`ae_core.models.recurrent_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "recurrent_ae",
    model_class="ae_core.models.recurrent_ae.RecurrentAE",
    config=dict(units=128, latent_dim=32),
    tags=("draw", "reconstruct", "recurrent"),
    title={"en": "Recurrent (LSTM) AE, 32-d", "es": "AE recurrente (LSTM), 32-d"},
    description={
        "en": "Reads the digit row by row like a sentence, then writes it back row by row.",
        "es": "Lee el dígito fila a fila como una frase y luego lo escribe fila a fila.",
    },
    # LSTMs need many small steps: small batches, a larger learning rate.
    recipe=TrainRecipe(epochs=15, batch_size=64, learning_rate=3e-3, max_train=8000),
)
