"""Tied weights: the decoder reuses the encoder's kernels, transposed, and keeps only its biases.

For dense widths 784 -> h1 -> ... -> d an untied autoencoder has a kernel and a bias per layer
on both sides; the tied one stores each kernel once, so its parameter count is about half.
"""

from __future__ import annotations

import numpy as np

from ae_core.lab.sparse import feature_images


def dense_parameters(widths, tied: bool) -> dict:
    """Parameters of a mirrored dense AE with layer widths (784, h1, ..., d), split by kind."""
    widths = [int(w) for w in widths]
    kernels = sum(a * b for a, b in zip(widths[:-1], widths[1:]))
    encoder_biases = sum(widths[1:])
    decoder_biases = sum(widths[:-1])
    decoder_kernels = 0 if tied else kernels
    return {
        "encoder_kernels": kernels, "encoder_biases": encoder_biases,
        "decoder_kernels": decoder_kernels, "decoder_biases": decoder_biases,
        "total": kernels + encoder_biases + decoder_kernels + decoder_biases,
    }


def dense_kernels(model, part: str) -> list[np.ndarray]:
    """The kernels of the dense layers of ``part`` ("encoder" or "decoder") of a served model, in order."""
    return [model.arrays[op["kernel"]] for op in model.program[part] if op["op"] == "dense"]


def mirror_difference(model) -> float:
    """Largest |decoder's last kernel - encoder's first kernel transposed|: 0 when the weights are tied."""
    first, last = dense_kernels(model, "encoder")[0], dense_kernels(model, "decoder")[-1]
    if first.T.shape != last.shape:
        return float("inf")
    return float(np.max(np.abs(first.T - last)))


def first_layer_units(model) -> int:
    """Width of the encoder's first dense layer: how many filters there are."""
    return int(dense_kernels(model, "encoder")[0].shape[1])


def encoder_filters(model, n: int) -> np.ndarray:
    """The first ``n`` units of the encoder's first dense layer as (n, 28, 28) images: the pixel
    pattern each unit responds to (a column of the kernel), grey = 0."""
    kernel = dense_kernels(model, "encoder")[0]  # (784, h1)
    n = int(np.clip(n, 0, kernel.shape[1]))
    return feature_images(kernel.T, np.arange(n))
