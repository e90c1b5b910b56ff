"""Presets of :mod:`ae_core.models.digit_classifier` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "digit_classifier",
    model_class="ae_core.models.digit_classifier.DigitClassifier",
    config=dict(filters=(32, 64), dense_units=128),
    kind="classifier",
    tags=("classifier",),
    title=N_("Digit classifier (CNN)"),
    description=N_("Names the digit: used to judge inpainted and generated digits and to label drawings."),
    recipe=TrainRecipe(epochs=10, batch_size=128, augmented_copies=1),
)
