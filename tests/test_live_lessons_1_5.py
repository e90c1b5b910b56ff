"""The PCA lesson's live training task, called directly (no worker) with a fake progress board."""

from __future__ import annotations

import time

import numpy as np
import pytest

from ae_core import live
from ae_core.jobs import JobCancelled
from ae_core.lab.pca_linear import compare_linear_ae, mean_squared_distance, pca_by_svd, toy_data

pytestmark = pytest.mark.slow


class FakeProgress:
    """What ae_core.jobs.Progress offers a task: updates are recorded, cancelling is a flag."""

    def __init__(self, cancel_after: int | None = None):
        self.updates: list[tuple[float, dict]] = []
        self.cancel_after = cancel_after

    def update(self, **values) -> None:
        self.updates.append((time.time(), values))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.updates) >= self.cancel_after

    def check(self) -> None:
        if self.cancelled():
            raise JobCancelled()


def assert_reports_often(progress: FakeProgress) -> None:
    """Once training runs, a report at least every second or so. (Before it: importing Keras, and
    the first step, when TensorFlow traces the training function, may take longer on a busy machine.)"""
    training = [t for t, values in progress.updates if "epoch" in values]
    assert len(training) > 3, "no progress reported while training"
    gaps = np.diff(training[1:])
    assert gaps.max() < 1.5, f"a gap of {gaps.max():.1f} s without progress"


@pytest.mark.parametrize("dataset, k", [("ellipse3d", 2), ("cloud2d", 1)])
def test_the_linear_ae_finds_pca_s_subspace(dataset, k):
    progress = FakeProgress()
    result = live.train_toy_ae(progress, dataset=dataset, latent_dim=k, kind="linear", seed=0)
    x = toy_data(dataset)
    comparison = compare_linear_ae(x, result["weights"]["decoder_kernel"], result["recovered"])
    assert comparison.angles.shape == (k,)
    assert comparison.angles.max() < 3.0, comparison.angles
    assert comparison.pca_error <= comparison.ae_error < 1.2 * comparison.pca_error
    assert result["settings"] == {"dataset": dataset, "latent_dim": k, "kind": "linear", "epochs": 20, "seed": 0}
    assert len(result["history"]["loss"]) == 20
    assert result["codes"].shape == (len(x), k) and result["recovered"].shape == x.shape
    assert result["manifold"].shape == ((120, 2) if k == 1 else (625, 3))
    assert_reports_often(progress)


def test_the_nonlinear_ae_follows_the_curve_that_pca_cannot():
    progress = FakeProgress()
    result = live.train_toy_ae(progress, dataset="arc3d", latent_dim=1, kind="nonlinear", epochs=20, seed=0)
    x = toy_data("arc3d")
    ae_error, pca_error = mean_squared_distance(x, result["recovered"]), pca_by_svd(x, 1).error
    assert ae_error < pca_error / 5, (ae_error, pca_error)
    assert "weights" not in result and result["manifold"].shape == (120, 3)
    assert_reports_often(progress)


def test_cancelling_stops_the_training():
    with pytest.raises(JobCancelled):
        live.train_toy_ae(FakeProgress(cancel_after=3), dataset="ellipse3d", latent_dim=2, kind="linear", epochs=60)


def test_requests_are_checked_and_clamped():
    with pytest.raises(ValueError):
        live.train_toy_ae(FakeProgress(), dataset="ellipse3d", kind="deep")
    with pytest.raises(ValueError):
        live.train_toy_ae(FakeProgress(), dataset="moons")
    result = live.train_toy_ae(FakeProgress(), dataset="cloud2d", latent_dim=7, kind="linear", epochs=0)
    assert result["settings"]["latent_dim"] == 1 and result["settings"]["epochs"] == 1
