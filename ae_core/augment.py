"""Training augmentation so hand-drawn digits reconstruct well.

Drawings differ from MNIST in stroke thickness and slant; after :func:`ae_core.preprocess.to_mnist`
they are centred and 20 px tall like MNIST. So each augmented digit is slanted, rotated,
rescaled, thickened or thinned, and then normalised by that same recipe.
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
