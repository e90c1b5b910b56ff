"""PCA by SVD and the linear autoencoder, on small toy sets one can look at in 2-d and 3-d.

PCA: centre the data, take its thin SVD ``X - mean = U S Vt``; the rows of ``Vt`` are the
principal directions (loadings), ``S**2 / (n - 1)`` the variance along each. Keeping k of them,
a point's code is ``(x - mean) @ Vt[:k].T`` and its recovery ``code @ Vt[:k] + mean``.

A linear autoencoder trained with squared error ends up with the same code subspace (Baldi &
Hornik, 1989), though with another basis: the principal angles between the two subspaces, not the
weights, are what must match. A nonlinear autoencoder can follow a curved set that no line or plane fits.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy.linalg import subspace_angles

# name -> (dimension of the data, natural code size, points)
TOY_SETS = {"cloud2d": (2, 1, 100), "ellipse3d": (3, 2, 60)}
CURVED_SETS = {"arc3d": (3, 1, 300), "scurve3d": (3, 2, 600)}
MAX_POINTS = 2000
# The toy autoencoders trained live (ae_core.student_tasks.train_toy_ae): seconds on 60-600 points.
TOY_KINDS = ("linear", "nonlinear")
TOY_LIMITS = {"epochs": (1, 60), "latent_dim": (1, 2)}


def toy_data(name: str, n: int | None = None, seed: int | None = None) -> np.ndarray:
    """A seeded toy set, (n, D) float32.

    ``cloud2d``: a tilted Gaussian cloud in 2-d (100 points). ``ellipse3d``: 60 points on a rotated
    elliptical arc near a tilted plane in 3-d (the bootcamp lesson's set, after Géron's *Hands-on
    ML*, chapter 8; seed 4). ``arc3d``: a helix segment (300 points, a curve: natural code size 1).
    ``scurve3d``: an S-shaped sheet (600 points, natural code size 2).
    """
    sets = {**TOY_SETS, **CURVED_SETS}
    if name not in sets:
        raise ValueError(f"unknown toy set {name!r}; choose one of {sorted(sets)}")
    n = int(np.clip(sets[name][2] if n is None else n, 0, MAX_POINTS))
    if name == "ellipse3d":
        rng = np.random.RandomState(4 if seed is None else seed)  # Géron's generator, call for call
        angles = rng.rand(n) * 3 * np.pi / 2 - 0.5
        x = np.empty((n, 3))
        x[:, 0] = np.cos(angles) + np.sin(angles) / 2 + 0.1 * rng.randn(n) / 2
        x[:, 1] = np.sin(angles) * 0.7 + 0.1 * rng.randn(n) / 2
        x[:, 2] = x[:, 0] * 0.1 + x[:, 1] * 0.3 + 0.1 * rng.randn(n)
        return x.astype("float32")
    rng = np.random.default_rng(0 if seed is None else seed)
    if name == "cloud2d":
        angle = np.deg2rad(30)
        rotation = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
        x = rng.standard_normal((n, 2)) * [1.0, 0.3] @ rotation + [1.0, 0.5]
    elif name == "arc3d":
        theta = rng.uniform(0.0, 1.5 * np.pi, n)
        x = np.stack([np.cos(theta), np.sin(theta), 0.35 * (theta - 0.75 * np.pi)], axis=1)
        x += 0.03 * rng.standard_normal((n, 3))
    else:  # scurve3d, as scikit-learn's make_s_curve
        t = 3 * np.pi * (rng.uniform(size=n) - 0.5)
        x = np.stack([np.sin(t), 2.0 * rng.uniform(size=n) - 1.0, np.sign(t) * (np.cos(t) - 1)], axis=1)
        x += 0.03 * rng.standard_normal((n, 3))
    return x.astype("float32")


def natural_code_size(name: str) -> int:
    return {**TOY_SETS, **CURVED_SETS}[name][1]


@dataclasses.dataclass(frozen=True)
class PCAResult:
    mean: np.ndarray  # (D,)
    loadings: np.ndarray  # (D, D): row i is principal direction i
    explained_variance: np.ndarray  # (D,)
    explained_variance_ratio: np.ndarray  # (D,)
    k: int
    codes: np.ndarray  # (N, k)
    recovered: np.ndarray  # (N, D)
    error: float  # mean over points of the squared distance to the recovery


def pca_by_svd(x, k: int) -> PCAResult:
    """PCA of ``x`` (N, D) by the SVD of the centred data; project onto the first k directions and back."""
    x = np.asarray(x, dtype="float64")
    n, d = x.shape
    k = int(np.clip(k, 0, d))
    mean = x.mean(axis=0)
    _, s, vt = np.linalg.svd(x - mean, full_matrices=False)
    vt = vt * np.where(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)] < 0, -1.0, 1.0)[:, None]  # fixed signs
    variance = s**2 / max(n - 1, 1)
    codes = (x - mean) @ vt[:k].T
    recovered = codes @ vt[:k] + mean
    return PCAResult(
        mean=mean, loadings=vt, explained_variance=variance,
        explained_variance_ratio=variance / variance.sum() if variance.sum() > 0 else variance,
        k=k, codes=codes, recovered=recovered, error=mean_squared_distance(x, recovered),
    )


def mean_squared_distance(x, recovered) -> float:
    """The reconstruction error: squared distance between each point and its recovery, averaged."""
    return float(np.mean(np.sum((np.asarray(x, "float64") - np.asarray(recovered, "float64")) ** 2, axis=1)))


def principal_angles(basis_a, basis_b) -> np.ndarray:
    """Principal angles in degrees between the subspaces spanned by the rows of two (k, D) bases,
    largest first (scipy.linalg.subspace_angles). 0 everywhere: the same subspace."""
    a, b = np.atleast_2d(np.asarray(basis_a, "float64")), np.atleast_2d(np.asarray(basis_b, "float64"))
    return np.degrees(subspace_angles(a.T, b.T))


@dataclasses.dataclass(frozen=True)
class LinearComparison:
    angles: np.ndarray  # degrees between the AE's code subspace and PCA's
    pca_error: float
    ae_error: float


def compare_linear_ae(x, decoder_kernel, recovered_by_ae) -> LinearComparison:
    """Compare a trained linear AE with PCA on the same data and code size.

    ``decoder_kernel`` (k, D): the decoder maps a code z to ``z @ kernel + bias``, so the AE's
    recoveries lie on the plane (or line) spanned by its rows: that is what PCA's directions span.
    """
    kernel = np.atleast_2d(np.asarray(decoder_kernel, "float64"))
    pca = pca_by_svd(x, len(kernel))
    return LinearComparison(
        angles=principal_angles(kernel, pca.loadings[: pca.k]),
        pca_error=pca.error,
        ae_error=mean_squared_distance(x, recovered_by_ae),
    )


def code_grid(codes, steps: int | None = None, margin: float = 0.1) -> np.ndarray:
    """Codes covering the range of ``codes`` (N, k), k = 1 or 2: a line (steps, 1) or a grid (steps**2, 2),
    row-major, to decode into the curve or surface a model can output."""
    codes = np.atleast_2d(np.asarray(codes, "float64"))
    k = codes.shape[1]
    if k not in (1, 2):
        raise ValueError("only 1-d and 2-d codes can be drawn")
    steps = steps or (120 if k == 1 else 25)
    low, high = codes.min(axis=0), codes.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-6)
    axes = [np.linspace(lo - p, hi + p, steps) for lo, hi, p in zip(low, high, pad)]
    if k == 1:
        return axes[0][:, None]
    a, b = np.meshgrid(*axes, indexing="ij")
    return np.stack([a.ravel(), b.ravel()], axis=1)


def pca_manifold(pca: PCAResult) -> np.ndarray:
    """The line (steps, D) or plane (steps**2, D) of PCA's recoveries over the range of its codes."""
    return code_grid(pca.codes) @ pca.loadings[: pca.k] + pca.mean

