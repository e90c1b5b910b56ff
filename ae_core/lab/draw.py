"""Draw & reconstruct: one digit through every model, ranked by error."""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.metrics import squared_error


@dataclasses.dataclass(frozen=True)
class Reconstruction:
    name: str
    image: np.ndarray  # (28, 28) in [0, 1]
    code: np.ndarray  # (latent_dim,)
    squared_error: float  # summed over the 784 pixels


def reconstruct_all(digit: np.ndarray, models: dict) -> list[Reconstruction]:
    """Encode and decode ``digit`` (28, 28) with each model; best (lowest error) first."""
    x = np.asarray(digit, dtype="float32").reshape(1, 28, 28, 1)
    results = []
    for name, model in models.items():
        code = model.encode(x)
        x_hat = np.clip(model.decode(code), 0.0, 1.0)
        results.append(Reconstruction(name, x_hat[0, ..., 0], code[0], float(squared_error(x, x_hat)[0])))
    return sorted(results, key=lambda r: r.squared_error)


def with_pca_at(models: dict, k: int) -> dict:
    """The same models, PCA kept to its first ``k`` components (the page's slider)."""
    return {name: (model.truncated(k) if hasattr(model, "truncated") else model) for name, model in models.items()}
