"""ae_core.lab for lessons 6-8: pretraining helpers and anomaly scores (no Keras, no Streamlit)."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from ae_core.lab import anomalies, pretraining


# --- pretraining ---


@pytest.mark.parametrize("n, expected", [
    (1, [1]), (10, [10]), (11, [10, 11]), (100, [10, 20, 50, 100]), (1000, [10, 20, 50, 100, 200, 500, 1000]),
])
def test_label_counts_end_at_n(n, expected):
    assert pretraining.label_counts(n) == expected


@pytest.mark.parametrize("n", [0, -5, 1001])
def test_label_counts_refuse_no_labels_and_too_many(n):
    with pytest.raises(ValueError):
        pretraining.label_counts(n)


def test_labelled_order_is_balanced_and_nested(mnist_sample):
    y = mnist_sample.y_train  # sorted by label: the order must still mix the classes
    order = pretraining.labelled_order(y, seed=0)
    assert sorted(order.tolist()) == list(range(len(y)))  # a permutation
    assert np.bincount(y[order[:10]], minlength=10).tolist() == [1] * 10
    assert np.bincount(y[order[:100]], minlength=10).tolist() == [10] * 10
    assert np.array_equal(order, pretraining.labelled_order(y, seed=0))  # seeded
    assert not np.array_equal(order, pretraining.labelled_order(y, seed=1))


def test_classifier_split_holds_digits_out(mnist_sample):
    x_pool, y_pool, x_test, y_test, holdout = pretraining.classifier_split(mnist_sample, test_digits=300)
    assert holdout and len(x_test) == 300 and len(x_pool) + 1000 == mnist_sample.n_train
    assert len(np.unique(y_test)) == 10
    pool = {x.tobytes() for x in x_pool}
    assert not any(x.tobytes() in pool for x in x_test)


def test_training_steps_are_capped_multiples_of_five():
    steps = [pretraining.training_steps(n) for n in (1, 10, 100, 200, 1000)]
    assert steps == [50, 50, 60, 105, 150]
    assert all(s % 5 == 0 for s in steps)


def test_accuracy_and_phases():
    probabilities = np.eye(10)[[1, 2, 3, 3]]
    assert pretraining.accuracy(probabilities, np.array([1, 2, 3, 4])) == 0.75
    phases = pretraining.greedy_phases((256, 64, 16))
    assert phases == [("layer", 784, 256), ("layer", 256, 64), ("layer", 64, 16), ("fine_tune", 784, 16),
                      ("scratch", 784, 16)]


# --- anomalies ---


def test_noise_images_have_the_digits_statistics_and_a_seed():
    x = anomalies.noise_images(200, seed=3)
    assert x.shape == (200, 28, 28, 1) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert np.array_equal(x, anomalies.noise_images(200, seed=3))
    assert abs(float(x.mean()) - 0.2) < 0.05  # N(0.13, 0.31) clipped at 0 moves the mean up a little


def test_reconstruction_errors_are_squared_errors():
    class Half:
        def reconstruct(self, x):
            return np.asarray(x) * 0.5

    x = np.full((3, 28, 28, 1), 0.8, np.float32)
    np.testing.assert_allclose(anomalies.reconstruction_errors(Half(), x), [784 * 0.4**2] * 3, rtol=1e-5)
    assert anomalies.reconstruction_errors(Half(), x[0, ..., 0]).shape == (1,)  # one (28, 28) image


def test_threshold_metrics_count_by_hand():
    digits = np.array([1.0, 2.0, 3.0, 10.0])
    outliers = np.array([2.5, 20.0, 30.0])
    m = anomalies.threshold_metrics(digits, outliers, 2.5)  # strictly above flags
    assert (m.tp, m.fp, m.fn, m.tn) == (2, 2, 1, 2)
    assert m.precision == 0.5 and m.recall == pytest.approx(2 / 3) and m.false_alarm_rate == 0.5
    nothing = anomalies.threshold_metrics(digits, outliers, 100.0)
    assert nothing.precision is None and nothing.recall == 0 and nothing.tp + nothing.fp == 0
    everything = anomalies.threshold_metrics(digits, outliers, 0.0)
    assert everything.recall == 1 and everything.false_alarm_rate == 1 and everything.precision == pytest.approx(3 / 7)


def test_roc_matches_sklearn_and_the_threshold_rule():
    rng = np.random.default_rng(0)
    digits, outliers = rng.normal(10, 3, 300), rng.normal(16, 4, 200)
    fpr, tpr, auc = anomalies.roc(digits, outliers)
    assert auc == roc_auc_score(np.r_[np.zeros(300), np.ones(200)], np.r_[digits, outliers])
    assert fpr[0] == 0 and tpr[-1] == 1 and np.all(np.diff(fpr) >= 0)
    perfect = anomalies.roc([1, 2, 3], [4, 5])[2]
    assert perfect == 1.0


def test_threshold_choices_and_default():
    scores = np.r_[np.linspace(5, 40, 100), np.linspace(50, 400, 50)]
    choices = anomalies.threshold_choices(scores)
    assert choices == sorted(choices) and len(choices) > 50
    assert choices[0] < scores.min() and choices[-1] > scores.max()
    default = anomalies.default_threshold(scores[:100], choices)
    assert default in choices
    assert abs(np.log(default) - np.log(np.quantile(scores[:100], 0.95))) < 0.05
    same = anomalies.threshold_choices(np.full(10, 7.0))  # one repeated score still gives a range
    assert len(same) > 2


def test_sample_is_seeded_and_capped():
    x = np.arange(50).reshape(50, 1)
    assert len(anomalies.sample(x, 10)) == 10 and len(anomalies.sample(x, 500)) == 50
    assert np.array_equal(anomalies.sample(x, 10, seed=2), anomalies.sample(x, 10, seed=2))
    assert anomalies.verdict(5.0, 4.9) and not anomalies.verdict(4.9, 4.9)
