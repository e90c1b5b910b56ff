"""Inpainting (single pass and refinement) and the non-learned denoising baselines."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import baselines, corrupt
from ae_core.inpaint import hidden_region_error, inpaint
from ae_core.metrics import mse
from ae_core.models.pca import PCA


class Recorder:
    """A stand-in model: reconstructs by blurring towards 0.5, and records its inputs."""

    def __init__(self):
        self.inputs = []

    def reconstruct(self, x):
        self.inputs.append(np.array(x))
        return (0.5 * np.asarray(x) + 0.25).astype("float32")


@pytest.fixture(scope="module")
def pca(mnist_sample):
    """Fitted on every fifth digit of the (label-sorted) sample; tested on others."""
    return PCA(n_components=40).fit(mnist_sample.x_train[::5])


@pytest.fixture(scope="module")
def unseen(mnist_sample):
    return mnist_sample.x_train[2::50]  # 100 digits, ten of each class


@pytest.mark.parametrize("iterations", [0, 1, 4])
def test_inpaint_keeps_known_pixels_and_returns_every_step(iterations, digits):
    mask = corrupt.half_mask("bottom")
    masked = corrupt.apply_mask(digits[:6], mask)
    model = Recorder()
    results = inpaint(model, masked, mask, iterations=iterations)
    assert len(results) == iterations + 1
    assert len(model.inputs) == iterations + 1
    for result in results:
        assert result.shape == masked.shape
        np.testing.assert_array_equal(result[:, ~mask], masked[:, ~mask])  # known pixels exactly
    np.testing.assert_allclose(results[0][:, mask], 0.25)  # blanked input through the stand-in
    if iterations:
        np.testing.assert_array_equal(model.inputs[1], results[0])  # each step refines the last
        np.testing.assert_allclose(results[1][:, mask], 0.375)


def test_inpaint_with_a_real_model_fills_the_hidden_half(pca, unseen):
    x = unseen
    mask = corrupt.half_mask("right")
    masked = corrupt.apply_mask(x, mask)
    results = inpaint(pca, masked, mask, iterations=3)
    blank_error = hidden_region_error(x, masked, mask)
    filled_error = hidden_region_error(x, results[-1], mask)
    assert filled_error.mean() < blank_error.mean()
    np.testing.assert_array_equal(results[-1][:, ~mask], x[:, ~mask])


def test_hidden_region_error_counts_hidden_pixels_only(random_images):
    mask = corrupt.half_mask("left")
    other = random_images.copy()
    other[:, ~mask] = 1.0 - other[:, ~mask]  # change only the known pixels
    np.testing.assert_array_equal(hidden_region_error(random_images, other, mask), np.zeros(len(other)))
    other[:, mask] += 0.1
    np.testing.assert_allclose(hidden_region_error(random_images, other, mask), 392 * 0.01, rtol=1e-4)


def test_median_filter_removes_isolated_salt_and_keeps_solid_shapes():
    clean = np.zeros((2, 28, 28, 1), np.float32)
    clean[:, 8:20, 10:18] = 1.0  # a solid bar
    salty = clean.copy()
    salt = np.zeros((28, 28), bool)
    salt[2, 3] = salt[25, 5] = salt[4, 24] = salt[22, 22] = True
    salty[:, salt] = 1.0
    out = baselines.median_filter(salty)
    assert out.shape == salty.shape
    assert np.all(out[:, salt] == 0.0)
    np.testing.assert_array_equal(out[:, 9:19, 11:17], 1.0)  # the bar's interior survives
    np.testing.assert_array_equal(baselines.median_filter(salty[0, ..., 0]), out[0, ..., 0])


def test_pca_denoise_reduces_the_noise_and_stays_in_range(pca, unseen):
    x = unseen
    noisy = corrupt.gaussian_noise(x, 0.3, seed=0)
    denoised = baselines.pca_denoise(pca, noisy, k=30)
    assert denoised.shape == x.shape
    assert denoised.min() >= 0.0 and denoised.max() <= 1.0
    assert mse(x, denoised).mean() < 0.7 * mse(x, noisy).mean()
