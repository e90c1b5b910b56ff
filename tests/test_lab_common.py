"""ae_core.lab.common: what several pages compute alike (the classifier's reading of a digit, the
caps of a live training, seeded subsets, the lessons' digits, the split into fitting and showing)."""

import numpy as np
import pytest

from ae_core.data import Dataset
from ae_core.lab import common


def _dataset(n=200, with_test=False):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 255, (n, 28, 28), dtype=np.uint8)
    y = np.arange(n) % 10
    images = (x / 255.0).astype("float32").reshape(-1, 28, 28, 1)
    test = (images[:50], y[:50]) if with_test else (None, None)
    return Dataset("mnist", "test", "synthetic", images, y.astype("uint8"), *test)


def test_split_uses_the_test_set_when_there_is_one():
    ds = _dataset(with_test=True)
    split = common.evaluation_split(ds)
    assert not split.holdout and split.x_test is ds.x_test and split.x_train is ds.x_train


def test_split_without_test_set_is_a_seeded_disjoint_holdout():
    ds = _dataset(n=300)
    a, b = common.evaluation_split(ds, holdout=40), common.evaluation_split(ds, holdout=40)
    assert a.holdout and len(a.x_test) == 40 and len(a.x_train) == 260
    assert np.array_equal(a.x_test, b.x_test)
    flat_train = {im.tobytes() for im in a.x_train}
    assert not any(im.tobytes() in flat_train for im in a.x_test)
    assert len(common.evaluation_split(_dataset(n=100)).x_test) == 50  # never more than half


def test_clamp_keeps_a_request_within_its_caps():
    limits = {"epochs": (1, 15)}
    assert [common.clamp(limits, "epochs", v) for v in (-3, 0, 1, 7, 15, 99)] == [1, 1, 1, 7, 15, 15]
    assert common.clamp(limits, "epochs", "4") == 4 and isinstance(common.clamp(limits, "epochs", 4.7), int)
    with pytest.raises(KeyError):
        common.clamp(limits, "train_size", 10)  # a cap that was never set is an error, not a pass


def test_classify_reads_the_most_probable_class():
    class Fixed:
        def predict_proba(self, x):
            assert x.shape == (1, 28, 28, 1) and x.dtype == np.float32
            return np.array([[0.1, 0.7, 0.2]])

    label, confidence, probabilities = common.classify(Fixed(), np.zeros((28, 28)))
    assert (label, confidence) == (1, pytest.approx(0.7)) and probabilities.tolist() == [0.1, 0.7, 0.2]


def test_seeded_subsets_are_sorted_distinct_and_all_when_fewer():
    np.testing.assert_array_equal(common.seeded_subset(5, 10), np.arange(5))
    subset = common.seeded_subset(1000, 100, seed=3)
    assert len(subset) == len(set(subset)) == 100 and np.all(np.diff(subset) > 0)
    np.testing.assert_array_equal(subset, common.seeded_subset(1000, 100, seed=3))
    assert not np.array_equal(subset, common.seeded_subset(1000, 100, seed=4))


def test_lesson_digits_are_a_fixed_read_only_subset_of_the_evaluation_digits(mnist_sample):
    x = common.lesson_digits(mnist_sample)
    assert x.shape == (common.LESSON_DIGITS, 28, 28, 1) and not x.flags.writeable
    np.testing.assert_array_equal(x, common.lesson_digits(mnist_sample))
    pool = {im.tobytes() for im in mnist_sample.evaluation_split()[0]}
    assert all(im.tobytes() in pool for im in x)
    assert common.lesson_digits(mnist_sample, n=10).shape == (10, 28, 28, 1)
