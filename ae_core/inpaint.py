"""Filling in hidden pixels with an autoencoder: one pass, then iterative refinement."""

from __future__ import annotations

import numpy as np

from ae_core.corrupt import spatial_mask


def inpaint(model, masked, mask, iterations: int = 0) -> list[np.ndarray]:
    """Reconstruct ``masked`` images, then refine: reconstruct, put the known pixels back, repeat.

    Args:
        model: anything with ``reconstruct`` (N, 28, 28, 1) -> (N, 28, 28, 1).
        masked: (N, 28, 28, 1) images with the hidden pixels blanked.
        mask: boolean (28, 28), True where pixels are hidden (shared by all images).
        iterations: refinement steps after the single pass.

    Returns the list [single pass, after step 1, ..., after step ``iterations``]; in each, the
    known pixels are the input's and only the hidden ones come from the model.
    """
    masked = np.asarray(masked, dtype="float32")
    hidden = spatial_mask(masked, np.asarray(mask, dtype=bool))
    current = np.where(hidden, model.reconstruct(masked), masked)
    results = [current]
    for _ in range(int(iterations)):
        current = np.where(hidden, model.reconstruct(current), masked)
        results.append(current)
    return results


def hidden_region_error(original, result, mask) -> np.ndarray:
    """Per image squared error summed over the hidden pixels only."""
    original = np.asarray(original, dtype="float64")
    hidden = np.broadcast_to(spatial_mask(original, np.asarray(mask, dtype=bool)), original.shape)
    diff = (original - np.asarray(result, dtype="float64")) ** 2 * hidden
    return diff.reshape(len(diff), -1).sum(axis=1)



