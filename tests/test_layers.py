"""The layers that add one idea each: corruption, sampling, KL sparsity."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from ae_core.models.layers import RandomCorruption, Sampling
from ae_core.models.sparse_ae import KLSparsity

pytestmark = pytest.mark.slow

KINDS = {"noise": (1, 0, 0, 0), "dropout": (0, 1, 0, 0), "half": (0, 0, 1, 0), "block": (0, 0, 0, 1)}


def as_numpy(tensor):
    return keras.ops.convert_to_numpy(tensor)


@pytest.mark.parametrize("kind", KINDS)
def test_random_corruption_is_identity_at_inference(kind, random_images):
    layer = RandomCorruption(kind_weights=KINDS[kind], seed=3)
    np.testing.assert_array_equal(as_numpy(layer(random_images, training=False)), random_images)
    np.testing.assert_array_equal(as_numpy(layer(random_images)), random_images)  # default: inference


@pytest.mark.parametrize("kind", KINDS)
def test_random_corruption_changes_images_while_training(kind):
    x = np.full((16, 28, 28, 1), 0.6, dtype="float32")
    out = as_numpy(RandomCorruption(kind_weights=KINDS[kind], seed=3)(x, training=True))
    assert out.shape == x.shape
    assert out.min() >= 0.0 and out.max() <= 1.0
    changed = np.any(out != x, axis=(1, 2, 3))
    assert changed.mean() >= 0.75, f"{kind}: only {changed.sum()} of 16 images changed"
    if kind == "half":  # exactly one half blanked: 392 of 784 pixels
        assert np.all(np.sum(out == 0.0, axis=(1, 2, 3)) == 392)
    if kind == "block":  # one block, 6..16 px a side
        blanked = np.sum(out == 0.0, axis=(1, 2, 3))
        assert np.all((blanked >= 25) & (blanked <= 16 * 16 + 32)), blanked
    if kind == "dropout":  # rate ~ U(0, 0.7): never more than ~70% off
        assert np.mean(out == 0.0) < 0.75


def test_random_corruption_noise_is_clipped_to_unit_range():
    x = np.concatenate([np.zeros((4, 28, 28, 1)), np.ones((4, 28, 28, 1))]).astype("float32")
    out = as_numpy(RandomCorruption(max_sigma=0.8, kind_weights=KINDS["noise"], seed=1)(x, training=True))
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert np.any(out[:4] > 0.0) and np.any(out[4:] < 1.0)


def test_sampling_returns_the_mean_at_inference_and_samples_while_training():
    rng = np.random.default_rng(0)
    mean = rng.standard_normal((6, 3)).astype("float32")
    log_var = np.zeros((6, 3), "float32")
    stats = np.concatenate([mean, log_var], axis=1)
    layer = Sampling(seed=2)
    np.testing.assert_array_equal(as_numpy(layer(stats, training=False)), mean)
    drawn = as_numpy(layer(stats, training=True))
    assert drawn.shape == mean.shape
    assert not np.allclose(drawn, mean)


def test_sampling_adds_the_kl_divergence():
    mean = np.array([[1.0, 2.0], [0.0, 0.0]], "float32")
    stats = np.concatenate([mean, np.zeros_like(mean)], axis=1)  # unit variance
    layer = Sampling()
    layer(stats, training=False)
    # KL(N(m, I) || N(0, I)) = |m|^2 / 2 per image, averaged over the batch.
    assert float(as_numpy(layer.losses[-1])) == pytest.approx(np.mean([2.5, 0.0]), rel=1e-5)


def test_kl_sparsity_is_identity_with_a_penalty_that_vanishes_at_the_target():
    at_target = np.full((10, 5), 0.03, "float32")
    busy = np.full((10, 5), 0.5, "float32")
    layer = KLSparsity(target=0.03, weight=2.0)
    np.testing.assert_array_equal(as_numpy(layer(busy)), busy)
    penalty_busy = float(as_numpy(layer.losses[-1]))
    layer = KLSparsity(target=0.03, weight=2.0)
    layer(at_target)
    assert float(as_numpy(layer.losses[-1])) == pytest.approx(0.0, abs=1e-5)
    assert penalty_busy > 1.0
