"""Inpainting: hide part of a digit, fill it in, and judge the result on the hidden pixels."""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.corrupt import apply_mask, half_mask
from ae_core.inpaint import hidden_region_error, inpaint


@dataclasses.dataclass(frozen=True)
class Inpainted:
    masked: np.ndarray  # (28, 28) input with the hidden pixels blanked
    passes: list  # [(28, 28) single pass, refined 1, ..., refined n]
    hidden_errors: list  # squared error over the hidden pixels, per entry of ``passes``
    hidden_share: float  # fraction of the image hidden


def brush_mask(rgba, threshold: float = 0.25) -> np.ndarray:
    """A painted (H, W, 4) canvas to a (28, 28) boolean mask: a pixel is hidden when paint
    covers more than ``threshold`` of its cell."""
    alpha = np.asarray(rgba, dtype="float32")[..., 3] / 255.0
    h, w = alpha.shape
    cells = alpha[: h - h % 28, : w - w % 28].reshape(28, h // 28, 28, w // 28).mean(axis=(1, 3))
    return cells > threshold


def mask_for(choice: str, painted=None) -> np.ndarray:
    """The mask of a page choice: a half ("left", ...) or the painted canvas ("brush")."""
    if choice == "brush":
        return np.zeros((28, 28), bool) if painted is None else brush_mask(painted)
    return half_mask(choice)


def inpaint_digit(model, digit, mask, iterations: int) -> Inpainted:
    """Blank ``mask`` in ``digit`` (28, 28), fill it with ``model``, refine ``iterations`` times."""
    x = np.asarray(digit, dtype="float32").reshape(1, 28, 28, 1)
    masked = apply_mask(x, mask)
    passes = inpaint(model, masked, mask, iterations)
    return Inpainted(
        masked=masked[0, ..., 0],
        passes=[np.clip(p[0, ..., 0], 0.0, 1.0) for p in passes],
        hidden_errors=[float(hidden_region_error(x, p, mask)[0]) for p in passes],
        hidden_share=float(np.mean(mask)),
    )
