"""Training augmentation: drawing-like copies, and distorted copies that stand in for more digits.

Drawings differ from MNIST in stroke thickness and slant; after :func:`ae_core.preprocess.to_mnist`
they are centred and 20 px tall like MNIST. So each augmented digit (:func:`augment_batch`) is
slanted, rotated, rescaled, thickened or thinned, and then normalised by that same recipe.

With 10,000 training digits the deep models overfit. :func:`distort_batch` makes new digits that
look like MNIST's own (Simard et al. 2003: a smooth random displacement field plus a small
rotation, slant and scale about the centre), so copies of it act as more training digits.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from ae_core.preprocess import to_mnist


def augment_digit(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One random variant of a (28, 28) digit, normalised like a drawing."""
    angle = np.deg2rad(rng.uniform(-12, 12))
    shear = rng.uniform(-0.35, 0.35)  # slant
    scale_y, scale_x = rng.uniform(0.85, 1.15, size=2)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    forward = rotation @ np.array([[1.0, 0.0], [shear, 1.0]]) @ np.diag([scale_y, scale_x])
    inverse = np.linalg.inv(forward)
    centre = np.array([13.5, 13.5])
    # Draw on a larger field so slanted strokes are not cut off before renormalising.
    field = np.zeros((56, 56), "float32")
    field[14:42, 14:42] = image
    out = ndimage.affine_transform(field, inverse, offset=centre + 14 - inverse @ (centre + 14), order=1)
    stroke = rng.choice(["thicker", "same", "thinner"], p=[0.45, 0.4, 0.15])
    if stroke == "thicker":
        out = ndimage.grey_dilation(out, size=(2, 2) if rng.random() < 0.6 else (3, 3))
    elif stroke == "thinner":
        out = ndimage.grey_erosion(out, size=(2, 1) if rng.random() < 0.5 else (1, 2))
    digit = to_mnist(np.clip(out, 0.0, 1.0))
    return image if digit.is_empty else digit.image


def augment_batch(x: np.ndarray, seed: int = 0) -> np.ndarray:
    """Augmented copies of (N, 28, 28, 1) images, seeded."""
    rng = np.random.default_rng(seed)
    out = np.empty_like(np.asarray(x, dtype="float32"))
    for i, image in enumerate(x):
        out[i, ..., 0] = augment_digit(image[..., 0], rng)
    return out


def distort_batch(x: np.ndarray, seed: int = 0, alpha: float = 8.0, sigma: float = 3.0, max_angle: float = 10.0,
                  max_shear: float = 0.2, scale_range=(0.9, 1.1)) -> np.ndarray:
    """Elastically distorted copies of (N, 28, 28, 1) images in [0, 1], seeded.

    Each pixel is displaced by up to about ``alpha`` times a Gaussian-smoothed (``sigma`` px)
    random field, after a rotation (degrees), slant and scale about the image centre.
    """
    images = np.asarray(x, dtype="float32")[..., 0]
    n = len(images)
    rng = np.random.default_rng(seed)
    field = rng.uniform(-1, 1, size=(2, n, 28, 28))
    displacement = alpha * ndimage.gaussian_filter(field, sigma=(0, 0, sigma, sigma), mode="constant")
    angle = np.deg2rad(rng.uniform(-max_angle, max_angle, n))[:, None, None]
    shear = rng.uniform(-max_shear, max_shear, n)[:, None, None]
    scale = rng.uniform(*scale_range, n)[:, None, None]
    rows, cols = np.mgrid[0:28, 0:28].astype("float32") - 13.5
    # Where each output pixel reads from: the inverse of rotate-slant-scale, then the displacement.
    src_rows = (np.cos(angle) * rows - np.sin(angle) * cols) / scale + 13.5 + displacement[0]
    src_cols = (np.sin(angle) * rows + np.cos(angle) * cols + shear * rows) / scale + 13.5 + displacement[1]
    index = np.broadcast_to(np.arange(n, dtype="float32")[:, None, None], src_rows.shape)
    out = ndimage.map_coordinates(images, [index, src_rows, src_cols], order=1, mode="constant")
    return np.clip(out, 0.0, 1.0)[..., None].astype("float32")
