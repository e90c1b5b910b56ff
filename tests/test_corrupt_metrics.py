"""Seeded corruptions and the metrics, each against a number worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import corrupt, metrics

# --- corruptions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "apply",
    [
        lambda x, seed: corrupt.gaussian_noise(x, 0.3, seed=seed),
        lambda x, seed: corrupt.dropout_mask(x, 0.4, seed=seed),
    ],
    ids=["gaussian_noise", "dropout_mask"],
)
def test_corruptions_are_seeded_fresh_and_in_range(apply, random_images):
    original = random_images.copy()
    a, b, c = apply(random_images, 1), apply(random_images, 1), apply(random_images, 2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.shape == random_images.shape and a.dtype == np.float32
    assert a.min() >= 0.0 and a.max() <= 1.0
    np.testing.assert_array_equal(random_images, original)  # the input is never changed
    assert not np.shares_memory(a, random_images)


def test_gaussian_noise_has_the_requested_sigma(grey_images):
    noisy = corrupt.gaussian_noise(grey_images, sigma=0.1, seed=0)  # 5 sigma from the clip: unclipped
    difference = noisy - grey_images
    assert float(difference.std()) == pytest.approx(0.1, rel=0.03)
    assert abs(float(difference.mean())) < 0.005
    np.testing.assert_array_equal(corrupt.gaussian_noise(grey_images, 0.0), grey_images)


def test_gaussian_noise_is_clipped():
    out = corrupt.gaussian_noise(np.zeros((4, 28, 28, 1)), sigma=1.0, seed=0)
    assert out.min() == 0.0 and out.max() <= 1.0
    assert 0.4 < np.mean(out == 0.0) < 0.6  # half the noise was negative


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_dropout_blanks_about_the_requested_share_without_rescaling(rate, grey_images):
    out = corrupt.dropout_mask(grey_images, rate, seed=3)
    assert float(np.mean(out == 0.0)) == pytest.approx(rate, abs=0.03)  # 6,272 pixels: sd 0.006
    assert set(np.unique(out)) <= {0.0, 0.5}


@pytest.mark.parametrize(
    "side, hidden",
    [
        ("left", (slice(None), slice(0, 14))),
        ("right", (slice(None), slice(14, 28))),
        ("top", (slice(0, 14), slice(None))),
        ("bottom", (slice(14, 28), slice(None))),
    ],
)
def test_blank_half_blanks_exactly_the_right_392_pixels(side, hidden):
    ones = np.ones((3, 28, 28, 1), np.float32)
    out = corrupt.blank_half(ones, side)
    assert out.shape == ones.shape
    expected = np.ones((28, 28), np.float32)
    expected[hidden] = 0.0
    for image in out:
        np.testing.assert_array_equal(image[..., 0], expected)
    assert np.all(np.sum(out == 0.0, axis=(1, 2, 3)) == 392)
    # The same for one image, with or without its channel axis.
    np.testing.assert_array_equal(corrupt.blank_half(np.ones((28, 28)), side), expected)
    np.testing.assert_array_equal(corrupt.blank_half(np.ones((28, 28, 1)), side)[..., 0], expected)
    np.testing.assert_array_equal(corrupt.half_mask(side), expected == 0.0)


def test_half_mask_rejects_an_unknown_side():
    with pytest.raises(ValueError, match="middle"):
        corrupt.half_mask("middle")


def test_apply_mask_blanks_where_the_boolean_mask_is_true(random_images):
    mask = np.zeros((28, 28), bool)
    mask[5:9, 10:20] = True
    out = corrupt.apply_mask(random_images, mask)
    assert out.shape == random_images.shape and out.dtype == np.float32
    assert np.all(out[:, 5:9, 10:20] == 0.0)
    np.testing.assert_array_equal(out[:, ~mask], random_images[:, ~mask])
    one = random_images[0, ..., 0]  # a single (28, 28) image
    np.testing.assert_array_equal(corrupt.apply_mask(one, mask)[~mask], one[~mask])
    assert np.all(corrupt.apply_mask(one, mask)[mask] == 0.0)


# --- metrics ------------------------------------------------------------------------------------


def test_squared_error_and_mse_are_per_image(random_images):
    zeros, ones = np.zeros((2, 28, 28, 1)), np.ones((2, 28, 28, 1))
    np.testing.assert_allclose(metrics.squared_error(zeros, ones), [784.0, 784.0])
    np.testing.assert_allclose(metrics.mse(zeros, ones), [1.0, 1.0])
    np.testing.assert_array_equal(metrics.squared_error(random_images, random_images), np.zeros(8))
    shifted = random_images + 0.1
    np.testing.assert_allclose(metrics.mse(random_images, shifted), 0.01, rtol=1e-5)


def test_bce_of_perfect_and_of_coin_flip_predictions():
    binary = (np.random.default_rng(0).random((3, 28, 28, 1)) > 0.5).astype(np.float32)
    assert np.all(metrics.bce(binary, binary) < 1e-3)
    np.testing.assert_allclose(metrics.bce(binary, np.full_like(binary, 0.5)), 784 * np.log(2), rtol=1e-6)


def test_psnr_identical_images_give_the_cap_and_a_known_mse_its_decibels(random_images):
    np.testing.assert_array_equal(metrics.psnr(random_images, random_images), 100.0)
    assert metrics.psnr(random_images, random_images, cap=60.0)[0] == 60.0
    grey = np.full((2, 28, 28, 1), 0.5)
    np.testing.assert_allclose(metrics.psnr(grey, grey + 0.1), 20.0, rtol=1e-6)  # MSE 0.01
    np.testing.assert_allclose(metrics.psnr(grey, grey + 0.01), 40.0, rtol=1e-6)  # MSE 1e-4


def test_ssim_is_one_for_identical_images_and_lower_with_noise(digits):
    np.testing.assert_allclose(metrics.ssim(digits[:4], digits[:4]), 1.0, atol=1e-9)
    noisy = np.clip(digits[:4] + np.random.default_rng(0).normal(0, 0.3, digits[:4].shape), 0, 1)
    values = metrics.ssim(digits[:4], noisy)
    assert values.shape == (4,) and np.all(values < 0.8)
    # (H, W), (N, H, W) and (N, H, W, 1) agree.
    single = metrics.ssim(digits[0, ..., 0], noisy[0, ..., 0])
    np.testing.assert_allclose(single, values[:1])
    np.testing.assert_allclose(metrics.ssim(digits[:4, ..., 0], noisy[..., 0]), values)


def _clusters(n=60, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    labels = np.arange(n) % 3
    return centres[labels] + rng.normal(0, 0.5, (n, 2)), labels


def test_knn_accuracy_on_separable_clusters_is_perfect():
    train, train_labels = _clusters(seed=0)
    test, test_labels = _clusters(seed=1)
    assert metrics.knn_accuracy(train, train_labels, test, test_labels, k=5) == 1.0
    assert metrics.knn_accuracy(train, train_labels, test, (test_labels + 1) % 3, k=5) == 0.0


def test_silhouette_sign_follows_how_well_labels_match_clusters():
    points, labels = _clusters()
    assert metrics.silhouette(points, labels) > 0.8
    scrambled = (np.arange(len(points)) // 3) % 3  # each label spread over all three clusters
    assert metrics.silhouette(points, scrambled) < 0.05
    assert metrics.silhouette(points, labels, sample_size=30) > 0.8  # subsampled, seeded


def test_precision_at_k():
    assert metrics.precision_at_k(3, [3, 3, 1, 3]) == 0.75
    assert metrics.precision_at_k(3, [1, 2]) == 0.0
    assert metrics.precision_at_k(3, []) == 0.0
