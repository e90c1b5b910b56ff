"""Train your own: the choices a student has, their caps, and what the page shows of the result.

The training runs in the worker (``ae_core.student_tasks.train_autoencoder``); the architectures
are the registry's "student" presets (``ae_core/models/student_presets.py``).
"""

from __future__ import annotations

import numpy as np

from ae_core.lab.draw import reconstruct_all
from ae_core.models.student_presets import STUDENT_PREFIX
from ae_core.registry import get_spec, list_models

# Caps that keep one live training under a minute on 2 CPU cores (checked again in the worker,
# so a tampered request cannot ask for more).
LIMITS = {
    "train_size": (100, 5000),
    "epochs": (1, 15),
    "latent_dim": (2, 64),
}
OPTIMIZERS = ("adam", "sgd", "rmsprop")
LOSSES = ("bce", "mse")
SPARSE_MIN_UNITS = 32  # the L1 penalty needs room to switch units off
SHOWN = 8  # gallery digits whose reconstruction is shown after training


def architectures() -> tuple[str, ...]:
    """The architectures a student can train: the "student" presets, by the name after the prefix."""
    return tuple(name[len(STUDENT_PREFIX):] for name in list_models(tag="student", pretrained=False))


def preset_of(architecture: str) -> str:
    name = STUDENT_PREFIX + architecture
    if architecture not in architectures():
        raise ValueError(f"architecture must be one of {architectures()}, not {architecture!r}")
    return name


def code_size(architecture: str, latent_dim: int) -> int:
    """The code size actually trained: the sparse model keeps at least SPARSE_MIN_UNITS units."""
    return max(int(latent_dim), SPARSE_MIN_UNITS) if get_spec(preset_of(architecture)).config.get("sparsity") else int(latent_dim)


def result_strip(model, images) -> tuple[np.ndarray, list]:
    """SHOWN gallery digits spread over ``images`` (N, 28, 28, 1) and their reconstructions by
    the student's model: (originals (SHOWN, 28, 28), [Reconstruction])."""
    chosen = np.linspace(0, len(images) - 1, SHOWN).astype(int)
    originals = np.asarray(images[chosen])[..., 0]
    return originals, [reconstruct_all(image, {"model": model})[0] for image in originals]
