"""Seeded corruptions of images in [0, 1] (any leading shape): each returns a new array."""

from __future__ import annotations

import numpy as np

HALVES = ("left", "right", "top", "bottom")


def gaussian_noise(x, sigma: float, seed: int = 0) -> np.ndarray:
    """x + N(0, sigma^2) per pixel, clipped to [0, 1]."""
    x = np.asarray(x, dtype="float32")
    noise = np.random.default_rng(seed).standard_normal(x.shape).astype("float32")
    return np.clip(x + float(sigma) * noise, 0.0, 1.0)


def dropout_mask(x, rate: float, seed: int = 0) -> np.ndarray:
    """Each pixel set to 0 with probability ``rate`` (no rescaling, unlike a Dropout layer)."""
    x = np.asarray(x, dtype="float32")
    keep = np.random.default_rng(seed).random(x.shape) >= float(rate)
    return x * keep


def half_mask(side: str, shape=(28, 28)) -> np.ndarray:
    """Boolean (H, W) mask, True on the hidden half."""
    if side not in HALVES:
        raise ValueError(f"side must be one of {HALVES}, not {side!r}")
    h, w = shape
    mask = np.zeros(shape, dtype=bool)
    if side == "left":
        mask[:, : w // 2] = True
    elif side == "right":
        mask[:, w // 2 :] = True
    elif side == "top":
        mask[: h // 2] = True
    else:
        mask[h // 2 :] = True
    return mask


def spatial_mask(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Give an (H, W) mask the channel axis of (..., H, W, 1) images so it broadcasts."""
    channel_last = x.ndim >= 3 and x.shape[-1] == 1 and mask.ndim == 2
    return mask[..., None] if channel_last else mask


def apply_mask(x, mask) -> np.ndarray:
    """Blank (set to 0) the pixels where the boolean (H, W) ``mask`` is True, in every image."""
    x = np.asarray(x, dtype="float32")
    return np.where(spatial_mask(x, np.asarray(mask, dtype=bool)), 0.0, x).astype("float32")


def blank_half(x, side: str) -> np.ndarray:
    """Blank the left, right, top or bottom half of (N, 28, 28, 1), (28, 28, 1) or (28, 28) images."""
    x = np.asarray(x, dtype="float32")
    spatial = x.shape[-3:-1] if x.ndim >= 3 and x.shape[-1] == 1 else x.shape[-2:]
    return apply_mask(x, half_mask(side, tuple(spatial)))
