"""Reconstruction and embedding metrics, in the units the papers use."""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def _flat(x) -> np.ndarray:
    x = np.asarray(x, dtype="float64")
    return x.reshape(len(x), -1)


def squared_error(x, x_hat) -> np.ndarray:
    """Per image: squared error summed over the pixels (Hinton & Salakhutdinov's unit)."""
    return np.sum((_flat(x) - _flat(x_hat)) ** 2, axis=1)


def mse(x, x_hat) -> np.ndarray:
    """Per image: mean squared error per pixel."""
    return np.mean((_flat(x) - _flat(x_hat)) ** 2, axis=1)


def bce(x, x_hat, eps: float = 1e-7) -> np.ndarray:
    """Per image: binary cross-entropy summed over pixels (nats), outputs clipped to (0, 1)."""
    t, p = _flat(x), np.clip(_flat(x_hat), eps, 1 - eps)
    return -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p), axis=1)


def psnr(x, x_hat, data_range: float = 1.0, cap: float = 100.0) -> np.ndarray:
    """Per image peak signal-to-noise ratio in dB; identical images give ``cap``."""
    err = mse(x, x_hat)
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range**2 / err)
    return np.minimum(values, cap)


def ssim(x, x_hat, data_range: float = 1.0, sigma: float = 1.5) -> np.ndarray:
    """Per image structural similarity (Wang et al. 2004), Gaussian window sigma 1.5.

    Accepts (N, H, W[, 1]) or (H, W); the mean SSIM map over valid pixels.
    """
    a, b = np.asarray(x, dtype="float64"), np.asarray(x_hat, dtype="float64")
    if a.ndim == 2:
        a, b = a[None], b[None]
    if a.ndim == 4:
        a, b = a[..., 0], b[..., 0]
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    values = []
    for img_a, img_b in zip(a, b):
        blur = lambda v: ndimage.gaussian_filter(v, sigma, truncate=3.5)  # noqa: E731
        mu_a, mu_b = blur(img_a), blur(img_b)
        var_a = blur(img_a * img_a) - mu_a**2
        var_b = blur(img_b * img_b) - mu_b**2
        cov = blur(img_a * img_b) - mu_a * mu_b
        ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
        pad = int(3.5 * sigma + 0.5)  # drop the border, where the window is cut off
        values.append(float(ssim_map[pad:-pad, pad:-pad].mean()))
    return np.asarray(values)


def knn_accuracy(train_embedding, train_labels, test_embedding, test_labels, k: int = 5) -> float:
    """k-NN classifier fitted on the training embedding, scored on the test embedding."""
    from sklearn.neighbors import KNeighborsClassifier

    clf = KNeighborsClassifier(n_neighbors=k).fit(train_embedding, train_labels)
    return float(clf.score(test_embedding, test_labels))


def silhouette(embedding, labels, sample_size: int | None = 5000, seed: int = 0) -> float:
    """Silhouette score of the label clusters in the embedding (scikit-learn)."""
    from sklearn.metrics import silhouette_score

    n = len(embedding)
    size = None if sample_size is None or n <= sample_size else sample_size
    return float(silhouette_score(embedding, labels, sample_size=size, random_state=seed))


def precision_at_k(query_label, neighbour_labels) -> float:
    """Share of the retrieved neighbours that carry the query's label."""
    neighbour_labels = np.asarray(neighbour_labels)
    return float(np.mean(neighbour_labels == query_label)) if neighbour_labels.size else 0.0
