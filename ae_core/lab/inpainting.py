"""Inpainting: hide part of a digit, fill it in, and judge the result on the hidden pixels."""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.corrupt import apply_mask, half_mask
from ae_core.inpaint import hidden_region_error, inpaint


@dataclasses.dataclass(frozen=True)
class Inpainted:
    masked: np.ndarray  # (28, 28) input with the hidden pixels blanked
    filled: np.ndarray  # (28, 28) the known pixels kept, the hidden ones from the model
    hidden_error: float  # squared error over the hidden pixels
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


def inpaint_digit(model, digit, mask) -> Inpainted:
    """Blank ``mask`` in ``digit`` (28, 28) and fill it with ``model`` in one pass.

    One pass only: iterating (feeding the fill back, putting the known pixels back) named fewer
    filled test digits right than the single pass (tests/benchmarks/results/quality.md).
    """
    x = np.asarray(digit, dtype="float32").reshape(1, 28, 28, 1)
    masked = apply_mask(x, mask)
    (filled,) = inpaint(model, masked, mask)
    return Inpainted(
        masked=masked[0, ..., 0],
        filled=np.clip(filled[0, ..., 0], 0.0, 1.0),
        hidden_error=float(hidden_region_error(x, filled, mask)[0]),
        hidden_share=float(np.mean(mask)),
    )
