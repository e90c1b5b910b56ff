"""Anomaly detection with an autoencoder: the reconstruction error is the anomaly score.

An autoencoder trained on digits rebuilds digits well and anything else badly. Scoring each
image by its reconstruction error and flagging the scores above a threshold turns it into a
detector; precision, recall and the ROC curve say how good a detector it is. Positive = anomaly.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.lab.common import evaluation_split
from ae_core.metrics import squared_error

PER_SET = 1000  # images of each kind (digits, clothes, noise) that are scored
# Mean and standard deviation of MNIST's pixels: the noise images have the digits' brightness
# statistics but none of their structure.
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
OUTLIER_KINDS = ("fashion", "noise")


@dataclasses.dataclass(frozen=True)
class ThresholdMetrics:
    """A detector "score > threshold means anomaly", counted on digits (negatives) and outliers."""

    threshold: float
    tp: int  # outliers flagged
    fp: int  # digits flagged (false alarms)
    fn: int  # outliers missed
    tn: int  # digits passed
    precision: float | None  # tp / (tp + fp); None when nothing is flagged
    recall: float  # tp / (tp + fn): share of outliers caught
    false_alarm_rate: float  # fp / (fp + tn): share of digits flagged


def noise_images(n: int, seed: int = 0, mean: float = MNIST_MEAN, std: float = MNIST_STD) -> np.ndarray:
    """(n, 28, 28, 1) images of independent Gaussian pixels N(mean, std^2), clipped to [0, 1]."""
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(mean, std, (int(n), 28, 28, 1)), 0.0, 1.0).astype("float32")


def sample(x: np.ndarray, n: int = PER_SET, seed: int = 0) -> np.ndarray:
    """A seeded subset of ``n`` images (all of them when there are fewer), in a fixed order."""
    n = min(int(n), len(x))
    return np.asarray(x[np.sort(np.random.default_rng(seed).permutation(len(x))[:n])])


def reconstruction_errors(model, x) -> np.ndarray:
    """The anomaly score of each image: squared error of its reconstruction, over 784 pixels."""
    x = np.asarray(x, dtype="float32").reshape(-1, 28, 28, 1)
    return squared_error(x, np.clip(model.reconstruct(x), 0.0, 1.0))


def threshold_metrics(digit_scores, outlier_scores, threshold: float) -> ThresholdMetrics:
    """Confusion counts, precision and recall of "score > threshold" (positive = outlier)."""
    digits, outliers = np.asarray(digit_scores), np.asarray(outlier_scores)
    tp = int(np.sum(outliers > threshold))
    fp = int(np.sum(digits > threshold))
    fn, tn = len(outliers) - tp, len(digits) - fp
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / len(outliers) if len(outliers) else 0.0
    false_alarm = fp / len(digits) if len(digits) else 0.0
    return ThresholdMetrics(float(threshold), tp, fp, fn, tn, precision, recall, false_alarm)


def roc(digit_scores, outlier_scores) -> tuple[np.ndarray, np.ndarray, float]:
    """(false positive rate, true positive rate, AUC) over every threshold (scikit-learn)."""
    from sklearn.metrics import roc_auc_score, roc_curve

    digits, outliers = np.asarray(digit_scores), np.asarray(outlier_scores)
    y_true = np.r_[np.zeros(len(digits)), np.ones(len(outliers))]
    scores = np.r_[digits, outliers]
    fpr, tpr, _ = roc_curve(y_true, scores)
    return fpr, tpr, float(roc_auc_score(y_true, scores))


def threshold_choices(scores, count: int = 121) -> list[float]:
    """Thresholds a slider offers: log-spaced over the scores' range, 3 significant digits."""
    scores = np.asarray(scores, dtype="float64")
    low, high = max(float(scores.min()), 1e-3), max(float(scores.max()), 1e-3)
    if high <= low * 1.0001:
        high = low * 2
    values = np.geomspace(low * 0.95, high * 1.05, count)
    return sorted({float(f"{v:.3g}") for v in values})


def default_threshold(digit_scores, choices, false_alarm: float = 0.05) -> float:
    """The offered threshold nearest the digits' (1 - false_alarm) quantile: ~5% false alarms."""
    target = float(np.quantile(np.asarray(digit_scores), 1.0 - false_alarm))
    return min(choices, key=lambda c: abs(np.log(c) - np.log(max(target, 1e-6))))


def verdict(score: float, threshold: float) -> bool:
    """True when a single image's score flags it as an anomaly (the same rule as above)."""
    return bool(score > threshold)


PCA_K = 30  # PCA scores anomalies with its first 30 components (the 30-d AE's size)


def scoring_model(model):
    """The model that scores: the zoo's model, PCA kept to PCA_K components."""
    return model.truncated(PCA_K) if hasattr(model, "truncated") else model


def anomaly_sets(mnist, fashion=None) -> dict:
    """The images the page scores, PER_SET of each: "digits" (held out of the models' training
    when there is a test set), "noise" and, when Fashion-MNIST is there, "fashion"."""
    sets = {"digits": sample(evaluation_split(mnist).x_test), "noise": noise_images(PER_SET)}
    if fashion is not None:
        sets["fashion"] = sample(fashion.evaluation_split()[0])
    return sets


def anomaly_scores(model, mnist, fashion=None) -> dict:
    """{kind: reconstruction error of each image of :func:`anomaly_sets`} for one model."""
    scorer = scoring_model(model)
    return {kind: reconstruction_errors(scorer, images) for kind, images in anomaly_sets(mnist, fashion).items()}
