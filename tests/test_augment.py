"""Training augmentation: seeded, in range, still the same digit, and the copies training asks for."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import ndimage

from ae_core import train_zoo
from ae_core.augment import augment_batch, distort_batch
from ae_core.registry import TrainRecipe

AUGMENTERS = [augment_batch, distort_batch]


def centre_of_mass(images):
    return np.array([ndimage.center_of_mass(image[..., 0]) for image in images])


@pytest.mark.parametrize("augment", AUGMENTERS, ids=lambda f: f.__name__)
def test_augmentation_is_seeded_in_range_and_leaves_the_input(augment, digits):
    original = digits.copy()
    a, b, c = augment(digits, seed=3), augment(digits, seed=3), augment(digits, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.shape == digits.shape and a.dtype == np.float32
    assert a.min() >= 0.0 and a.max() <= 1.0
    np.testing.assert_array_equal(digits, original)


@pytest.mark.parametrize("augment", AUGMENTERS, ids=lambda f: f.__name__)
def test_augmented_digits_stay_centred_and_change(augment, digits):
    out = augment(digits, seed=0)
    # Still a digit in MNIST's frame: ink kept, centre of mass within 2 px of the image centre.
    assert (out.sum(axis=(1, 2, 3)) > 0.5 * digits.sum(axis=(1, 2, 3))).all()
    assert np.abs(centre_of_mass(out) - 13.5).max() < 2.0
    changed = np.abs(out - digits).sum(axis=(1, 2, 3))
    assert (changed > 5.0).mean() > 0.9  # a copy, not the same image


def test_distortion_stays_close_to_its_digit(digits):
    """A distorted digit is nearer its own original than any other of the 32 (same class look)."""
    out = distort_batch(digits, seed=0)[..., 0].reshape(len(digits), -1)
    flat = digits[..., 0].reshape(len(digits), -1)
    distances = ((out[:, None, :] - flat[None, :, :]) ** 2).sum(-1)
    assert (distances.argmin(axis=1) == np.arange(len(digits))).mean() >= 0.9


def test_distortion_strength_grows_with_alpha(digits):
    mild, strong = (np.abs(distort_batch(digits, seed=0, alpha=a, max_angle=0, max_shear=0, scale_range=(1, 1))
                           - digits).sum() for a in (2.0, 12.0))
    assert strong > 1.5 * mild
    unchanged = distort_batch(digits, seed=0, alpha=0.0, max_angle=0, max_shear=0, scale_range=(1, 1))
    np.testing.assert_allclose(unchanged, digits, atol=1e-5)


@dataclasses.dataclass
class FakeSpec:
    recipe: TrainRecipe
    kind: str = "autoencoder"


@pytest.mark.parametrize("drawing, distorted, augment", [(0, 0, True), (1, 0, True), (1, 2, True), (1, 2, False)])
def test_training_arrays_add_the_copies_the_recipe_asks_for(mnist_sample, drawing, distorted, augment):
    recipe = TrainRecipe(augment=augment, augmented_copies=drawing, distorted_copies=distorted, max_train=40)
    x, y = train_zoo.training_arrays(FakeSpec(recipe), mnist_sample)
    copies = (drawing + distorted) if augment else 0
    assert x.shape == (40 * (1 + copies), 28, 28, 1) and len(y) == len(x)
    np.testing.assert_array_equal(x[:40], mnist_sample.x_train[:40])
    np.testing.assert_array_equal(y, np.tile(mnist_sample.y_train[:40], 1 + copies))
    if augment and distorted:
        first_distorted = x[40 * (1 + drawing): 40 * (2 + drawing)]
        np.testing.assert_array_equal(first_distorted, distort_batch(mnist_sample.x_train[:40], seed=train_zoo.SEED + 1000))
        assert not np.array_equal(first_distorted, x[40 * (2 + drawing): 40 * (3 + drawing)])  # copies differ


def test_distorted_copies_stand_in_only_for_missing_digits():
    recipe = TrainRecipe(distorted_copies=6)
    assert train_zoo.distorted_copies_for(recipe, 10_000) == 6
    assert train_zoo.distorted_copies_for(recipe, 60_000) == 0  # full MNIST: enough real digits
    assert train_zoo.distorted_copies_for(TrainRecipe(distorted_copies=6, augment=False), 10_000) == 0


@pytest.mark.parametrize("recipe, rounds", [
    (TrainRecipe(fresh_copies_every=4), [(0, 4), (4, 8), (8, 10)]),
    (TrainRecipe(), [(0, 10)]),  # one draw for the whole run
    (TrainRecipe(fresh_copies_every=4, augment=False), [(0, 10)]),  # nothing to draw again
    (TrainRecipe(fresh_copies_every=20), [(0, 10)]),
])
def test_epoch_rounds_cover_every_epoch_once(recipe, rounds):
    assert train_zoo.epoch_rounds(recipe, 10) == rounds


def test_each_draw_of_copies_is_new_and_only_the_first_is_cached(mnist_sample):
    recipe = TrainRecipe(augmented_copies=1, distorted_copies=2, max_train=40, fresh_copies_every=1)
    first, y_first = train_zoo.training_arrays(FakeSpec(recipe), mnist_sample)
    cached = len(train_zoo._AUGMENTED)
    second, y_second = train_zoo.training_arrays(FakeSpec(recipe), mnist_sample, draw=1)
    assert len(train_zoo._AUGMENTED) == cached  # a later draw is used once: not kept for the run
    assert second.shape == first.shape and np.array_equal(y_first, y_second)
    np.testing.assert_array_equal(second[:40], first[:40])  # the real digits stay
    copies = lambda x: x[40:].reshape(-1, 40, 28, 28, 1)  # noqa: E731
    assert not any(np.array_equal(a, b) for a in copies(first) for b in copies(second))
    # Draw 1's first distorted copy is copy number 2 (draw 0 used 0 and 1): seeds never repeat.
    np.testing.assert_array_equal(second[80:120], distort_batch(mnist_sample.x_train[:40], seed=train_zoo.SEED + 1000 + 2))
