"""Presets of :mod:`ae_core.models.digit_classifier` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "digit_classifier",
    model_class="ae_core.models.digit_classifier.DigitClassifier",
    config=dict(filters=(32, 64), dense_units=128),
    kind="classifier",
    tags=("classifier",),
    title={"en": "Digit classifier (CNN)", "es": "Clasificador de dígitos (CNN)"},
    description={
        "en": "Names the digit: used to judge inpainted and generated digits and to label drawings.",
        "es": "Dice qué dígito es: juzga los dígitos rellenados y generados y etiqueta los dibujos.",
    },
    recipe=TrainRecipe(epochs=10, batch_size=128, augmented_copies=1),
)
