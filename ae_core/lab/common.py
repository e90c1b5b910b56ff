"""What several pages compute alike: the classifier's reading of a digit, the digits the lessons
measure on, and the split of a dataset into digits to fit on and digits to show."""

from __future__ import annotations

import dataclasses

import numpy as np

LESSON_DIGITS = 1000  # digits the lesson pages measure on (a fixed seeded subset of the gallery)
HOLDOUT = 1_000  # digits held out of a sample that has no test set


def clamp(limits: dict, name: str, value) -> int:
    """``value`` as an int within ``limits[name]`` = (low, high): the caps of a live training,
    checked by the page's widgets and again by the worker (a tampered request cannot ask for more)."""
    low, high = limits[name]
    return int(min(max(int(value), low), high))


def classify(classifier, digit: np.ndarray) -> tuple[int, float, np.ndarray]:
    """(label, confidence, probabilities) of the classifier for one (28, 28) image."""
    probabilities = classifier.predict_proba(np.asarray(digit, dtype="float32").reshape(1, 28, 28, 1))[0]
    label = int(np.argmax(probabilities))
    return label, float(probabilities[label]), probabilities


def seeded_subset(n_total: int, cap: int, seed: int = 0) -> np.ndarray:
    """Sorted indices of a seeded subset of ``cap`` of ``n_total`` items (all of them when fewer)."""
    if n_total <= cap:
        return np.arange(n_total)
    return np.sort(np.random.default_rng(seed).choice(n_total, cap, replace=False))


def lesson_digits(dataset, n: int = LESSON_DIGITS) -> np.ndarray:
    """The lessons' statistics digits (n, 28, 28, 1), read-only: a seeded subset of the test set
    (or of the sample without one)."""
    x, _ = dataset.evaluation_split()
    chosen = np.sort(np.random.default_rng(0).permutation(len(x))[:n])
    images = np.asarray(x[chosen])
    images.flags.writeable = False
    return images


@dataclasses.dataclass(frozen=True)
class Split:
    """Digits to fit on (train) and to show and score (test); ``holdout`` when the test part
    was carved out of a sample without a separate test set."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    holdout: bool


def evaluation_split(dataset, holdout: int = HOLDOUT, seed: int = 0) -> Split:
    """The official test set, or a seeded hold-out of ``holdout`` digits when there is none."""
    if dataset.has_test_set:
        return Split(dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test, holdout=False)
    n = len(dataset.x_train)
    order = np.random.default_rng(seed).permutation(n)
    test, train = np.sort(order[: min(holdout, n // 2)]), np.sort(order[min(holdout, n // 2) :])
    return Split(dataset.x_train[train], dataset.y_train[train], dataset.x_train[test], dataset.y_train[test], holdout=True)
