"""Non-learned denoisers the autoencoders are compared with."""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def median_filter(x, size: int = 3) -> np.ndarray:
    """Median filter each (28, 28[, 1]) image over a ``size`` x ``size`` window."""
    x = np.asarray(x, dtype="float32")
    footprint = (1, size, size, 1) if x.ndim == 4 else (1, size, size) if x.ndim == 3 else (size, size)
    return ndimage.median_filter(x, size=footprint, mode="constant")


def pca_denoise(pca, x, k: int) -> np.ndarray:
    """Project onto the top-``k`` principal components and back, clipped to [0, 1]."""
    return np.clip(pca.truncated(k).reconstruct(x), 0.0, 1.0)
