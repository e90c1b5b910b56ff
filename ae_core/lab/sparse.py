"""Sparse autoencoders: how many code units fire per digit, and what each unit draws.

The sparse models have sigmoid codes in [0, 1] pushed towards 0 (an L1 penalty on the activity, or
a KL penalty towards a mean activation of 3%); the plain AE's 30-d code is linear, so "active"
means |z| above the threshold for every model. A unit's learned feature is its row of the
decoder's kernel: what it adds to the output (before the sigmoid) when it fires.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.lab.common import lesson_digits

MAX_FEATURES = 400
# The lesson's claim: on the median digit at most this share of a sparse code's units is active.
SPARSE_SHARE = 0.10


def codes_of(model, x) -> np.ndarray:
    """Codes (N, units) of images (N, 28, 28, 1)."""
    return np.asarray(model.encode(np.asarray(x, "float32").reshape(-1, 28, 28, 1)), "float32")


def active_fraction(codes, threshold: float) -> np.ndarray:
    """Per digit: the fraction of code units with |activation| > threshold, (N,)."""
    codes = np.atleast_2d(np.asarray(codes))
    return np.mean(np.abs(codes) > threshold, axis=1)


@dataclasses.dataclass(frozen=True)
class Sparsity:
    units: int
    mean_active: float  # mean over digits of the fraction of active units
    median_active_units: float  # units active in the median digit
    dead_units: int  # never active on any digit
    mean_activation: float  # mean |activation| over digits and units


def sparsity_summary(codes, threshold: float) -> Sparsity:
    codes = np.atleast_2d(np.asarray(codes))
    active = np.abs(codes) > threshold
    return Sparsity(
        units=codes.shape[1],
        mean_active=float(active.mean()) if active.size else 0.0,
        median_active_units=float(np.median(active.sum(axis=1))) if len(codes) else 0.0,
        dead_units=int(np.sum(~active.any(axis=0))) if len(codes) else codes.shape[1],
        mean_activation=float(np.abs(codes).mean()) if codes.size else 0.0,
    )


def median_active_share(codes, threshold: float) -> float:
    """The share of units active on the median digit: the lesson's measure of sparsity."""
    codes = np.atleast_2d(np.asarray(codes))
    return float(np.median(active_fraction(codes, threshold))) if len(codes) else 0.0


def is_sparse(codes, threshold: float, share: float = SPARSE_SHARE) -> bool:
    """True when the median digit activates at most ``share`` of the units."""
    return median_active_share(codes, threshold) <= share


def unit_usage(codes, threshold: float) -> np.ndarray:
    """Per unit: the share of digits on which it is active, (units,)."""
    codes = np.atleast_2d(np.asarray(codes))
    return np.mean(np.abs(codes) > threshold, axis=0)


def histogram(values, bins: int = 40, value_range=None) -> tuple[np.ndarray, np.ndarray]:
    """(share of values per bin, bin edges) of all the activations in ``values``."""
    flat = np.asarray(values, "float64").ravel()
    counts, edges = np.histogram(flat, bins=bins, range=value_range)
    return counts / max(len(flat), 1), edges


def feature_images(kernel, units) -> np.ndarray:
    """Rows ``units`` of a decoder kernel (units, 784) as (n, 28, 28) images in [0, 1]:
    each scaled by its own largest |weight|, so mid-grey is 0, white positive, black negative."""
    rows = np.asarray(kernel, "float32")[np.asarray(units, int)].reshape(-1, 28, 28)
    scale = np.abs(rows).reshape(len(rows), -1).max(axis=1) if len(rows) else np.zeros(0)
    return (0.5 + 0.5 * rows / np.maximum(scale, 1e-12)[:, None, None]).astype("float32")


def most_used_units(codes, threshold: float, n: int) -> np.ndarray:
    """The ``n`` units active on the most digits (ties: larger mean activation first)."""
    codes = np.atleast_2d(np.asarray(codes))
    usage = np.mean(np.abs(codes) > threshold, axis=0)
    order = np.lexsort((-np.abs(codes).mean(axis=0), -usage))
    return order[: int(np.clip(n, 0, min(MAX_FEATURES, codes.shape[1])))]


def strongest_units(code, n: int) -> np.ndarray:
    """The ``n`` units of one code (units,) with the largest |activation|, strongest first."""
    code = np.asarray(code).ravel()
    return np.argsort(-np.abs(code), kind="stable")[: int(np.clip(n, 0, len(code)))]


def lesson_codes(models: dict, dataset) -> dict:
    """{name: codes (n, units)} of the lesson digits of ``dataset`` for each model."""
    x = lesson_digits(dataset)
    return {name: codes_of(model, x) for name, model in models.items()}


def activity_figures(codes: dict, threshold: float, strings: tuple):
    """(histogram of every code activation, histogram of the share of units active per digit,
    histogram of the units' usage: on what share of the digits each unit fires) of the lesson
    digits, one panel per model in ``codes``; Plotly figures, never mutated.
    ``strings``: (model titles, activation, share, fraction, share of digits, usage, share of
    units), translated."""
    from ae_core.figures import histogram_panels

    titles, activation, share, fraction, share_digits, usage, share_units = strings
    values = histogram_panels({title: histogram(codes[n], 40) for title, n in zip(titles, codes)}, activation, share)
    fractions = histogram_panels({title: histogram(active_fraction(codes[n], threshold), 25, (0.0, 1.0))
                                  for title, n in zip(titles, codes)}, fraction, share_digits)
    usages = histogram_panels({title: histogram(unit_usage(codes[n], threshold), 25, (0.0, 1.0))
                               for title, n in zip(titles, codes)}, usage, share_units)
    return values, fractions, usages
