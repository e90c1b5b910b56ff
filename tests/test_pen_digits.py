"""Digits written by a simulated pen (ae_core.pen_digits): every shape of every digit, seeded sets."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import pen_digits, train_zoo
from ae_core.preprocess import to_mnist
from ae_core.registry import TrainRecipe
from tests.test_augment import FakeSpec
from tests.test_other_digits import assert_mnist_like

SHAPES = [(digit, shape) for digit, shapes in pen_digits.ALLOGRAPHS.items() for shape in range(len(shapes))]


def test_every_digit_has_the_shapes_other_hands_write():
    assert sorted(pen_digits.ALLOGRAPHS) == list(range(10))
    assert all(len(shapes) >= 2 for shapes in pen_digits.ALLOGRAPHS.values())


@pytest.mark.parametrize("digit, shape", SHAPES)
def test_every_shape_writes_a_digit_in_mnist_format(digit, shape):
    written = [to_mnist(pen_digits.write_digit(digit, np.random.default_rng(k), shape)) for k in range(4)]
    assert not any(w.is_empty for w in written)
    assert_mnist_like(np.stack([w.image for w in written])[..., None])


@pytest.mark.parametrize("digit", range(10))
def test_the_shapes_of_a_digit_are_different_drawings(digit):
    """The same pen and jitter (one seed) on each shape: no two shapes give the same picture."""
    images = [to_mnist(pen_digits.write_digit(digit, np.random.default_rng(3), s)).image
              for s in range(len(pen_digits.ALLOGRAPHS[digit]))]
    for a in range(len(images)):
        for b in range(a + 1, len(images)):
            assert np.abs(images[a] - images[b]).sum() > 5.0  # a crossbar alone is about 8


def test_the_pen_training_set_is_seeded_labelled_and_covers_every_digit():
    first, again = pen_digits.pen_training_set(200, seed=1), pen_digits.pen_training_set(200, seed=1)
    np.testing.assert_array_equal(first.x, again.x)
    np.testing.assert_array_equal(first.y, again.y)
    assert len(first.y) == 200 and set(first.y.tolist()) == set(range(10))
    assert not np.array_equal(first.x, pen_digits.pen_training_set(200, seed=2).x)
    assert_mnist_like(first.x)


@pytest.mark.parametrize("coarse", [False, True])
def test_a_classifier_s_training_arrays_add_the_pen_digits_with_their_labels(mnist_sample, coarse):
    recipe = TrainRecipe(augmented_copies=0, max_train=40, pen_digits=30, pen_coarse=coarse)
    x, y = train_zoo.training_arrays(FakeSpec(recipe, kind="classifier"), mnist_sample)
    pen = pen_digits.pen_training_set(30, seed=train_zoo.SEED + 4000)
    copies = 2 if coarse else 1
    assert x.shape == (40 + 30 * copies, 28, 28, 1) and len(y) == len(x)
    np.testing.assert_array_equal(x[40:70], pen.x)
    np.testing.assert_array_equal(y[40:], np.tile(pen.y, copies))
    if coarse:
        assert not np.array_equal(x[70:], pen.x)  # the coarse scans, not the pen digits again
    autoencoder, _ = train_zoo.training_arrays(FakeSpec(recipe, kind="autoencoder"), mnist_sample)
    assert len(autoencoder) == 40  # labels mean nothing to an autoencoder: it gets none of them
