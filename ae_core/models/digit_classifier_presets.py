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
    # Besides MNIST's digits: copies of them as a coarse 8x8 scan keeps them, digits typeset in the
    # DejaVu fonts, and digits in the shapes other hands write (ae_core.pen_digits: flagged 1s,
    # crossed 7s, open 4s, hooked 9s), so it also reads printed digits and other writers' (measured
    # on the UCI digits and the Liberation fonts: ae_core.evaluate.other_digits_accuracy).
    recipe=TrainRecipe(epochs=14, batch_size=128, augmented_copies=1, coarse_copies=2, printed_digits=10000,
                       pen_digits=20000, pen_coarse=True),
)

register_model(
    "judge_classifier",
    model_class="ae_core.models.digit_classifier.DigitClassifier",
    config=dict(filters=(48, 96), dense_units=256, dropout=0.5),
    kind="classifier",
    # Not tagged "classifier": no page shows it. The benchmarks judge generated digits with it, so
    # the classifier a page shows is never also the judge of its own verdict.
    tags=("judge",),
    title=N_("Judge classifier (a second, wider CNN)"),
    description=N_("Trained apart from the app's classifier; the benchmarks use it to judge generated digits."),
    recipe=TrainRecipe(epochs=10, batch_size=128, augmented_copies=1),
)
