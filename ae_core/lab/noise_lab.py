"""Noise lab: corrupt a clean digit, clean it with several methods, score each against it."""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.baselines import median_filter, pca_denoise
from ae_core.corrupt import dropout_mask, gaussian_noise
from ae_core.metrics import psnr, ssim
from ae_core.registry import get_spec


@dataclasses.dataclass(frozen=True)
class Denoised:
    method: str
    image: np.ndarray  # (28, 28)
    psnr: float  # dB against the clean digit (capped at 100 when identical)
    ssim: float


def noise_roles(names) -> dict:
    """Which of these registered models play which part: {"denoising_ae", "plain_ae", "pca"} -> name.

    The denoiser is tagged "denoise"; PCA is kind "pca"; the plain AE is the one tagged
    "noise_baseline", else the first autoencoder that was not trained on noise.
    """
    specs = [get_spec(name) for name in names]
    roles = {}
    for spec in specs:
        if "denoise" in spec.tags:
            roles.setdefault("denoising_ae", spec.name)
        elif spec.kind == "pca":
            roles.setdefault("pca", spec.name)
        elif "noise_baseline" in spec.tags and spec.kind == "autoencoder":
            roles["plain_ae"] = spec.name
    if "plain_ae" not in roles:
        plain = [s.name for s in specs if s.kind == "autoencoder" and "reconstruct" in s.tags and "denoise" not in s.tags]
        if plain:
            roles["plain_ae"] = plain[0]
    return roles


def denoisers(models: dict, roles: dict, pca_k: int | None) -> dict:
    """{method: function of an (N, 28, 28, 1) batch}: the corrupted input itself, the median
    filter, PCA with ``pca_k`` components, the plain AE and the denoising AE (those loaded)."""
    methods = {"noisy": lambda x: x, "median": median_filter}
    if roles.get("pca") in models and pca_k:
        pca = models[roles["pca"]]
        methods["pca"] = lambda x: pca_denoise(pca, x, pca_k)
    for role in ("plain_ae", "denoising_ae"):
        if roles.get(role) in models:
            methods[role] = models[roles[role]].reconstruct
    return methods


def corrupt(clean, sigma: float, rate: float, seed: int) -> np.ndarray:
    """Gaussian noise (sigma, clipped), then a dropout mask (rate); seeded. Any leading shape."""
    noisy = gaussian_noise(clean, sigma, seed=seed) if sigma > 0 else np.asarray(clean, dtype="float32")
    return dropout_mask(noisy, rate, seed=seed + 1) if rate > 0 else noisy


def denoise_all(clean, corrupted, denoisers: dict) -> list[Denoised]:
    """Run each denoiser (a function of an (N, 28, 28, 1) batch) on the corrupted digit."""
    clean_batch = np.asarray(clean, dtype="float32").reshape(1, 28, 28, 1)
    batch = np.asarray(corrupted, dtype="float32").reshape(1, 28, 28, 1)
    results = []
    for method, denoise in denoisers.items():
        output = np.clip(denoise(batch), 0.0, 1.0)
        results.append(
            Denoised(method, output[0, ..., 0], float(psnr(clean_batch, output)[0]), float(ssim(clean_batch, output)[0]))
        )
    return results


def psnr_versus_sigma(clean, denoisers: dict, sigmas, rate: float, seed: int) -> dict:
    """PSNR of each denoiser on this digit at each sigma (same rate and seed): {method: [dB]}."""
    clean = np.asarray(clean, dtype="float32").reshape(28, 28, 1)
    batch = np.stack([corrupt(clean, float(s), rate, seed) for s in sigmas])
    targets = np.repeat(clean[None], len(batch), axis=0)
    return {method: psnr(targets, np.clip(fn(batch), 0.0, 1.0)).tolist() for method, fn in denoisers.items()}
