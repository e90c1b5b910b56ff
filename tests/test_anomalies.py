"""Anomaly detection: a digit autoencoder's reconstruction error flags clothes and noise
(ae_core.lab.anomalies and the page).
"""

from __future__ import annotations

import functools
import json
import re

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from ae_core import data, zoo
from ae_core.lab import anomalies
from ae_core.lab.common import evaluation_split
from ae_core.models.pca import PCA
from ae_core.preprocess import digit_from_canvas
from pages.common import i18n
from tests.apptest_support import (
    app_test, canvas_payload, click, metric, open_page, stroke_rgba, texts, tr,
)

# --- ae_core.lab.anomalies ----------------------------------------------------------------------


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


def test_pca_scores_with_its_first_components_and_the_others_as_they_are(digits):
    pca = PCA().fit(digits)
    assert anomalies.scoring_model(pca).latent_dim == anomalies.PCA_K

    class Model:
        def reconstruct(self, x):
            return x

    model = Model()
    assert anomalies.scoring_model(model) is model


def test_anomaly_sets_and_scores(mnist_sample, fashion):
    sets = anomalies.anomaly_sets(mnist_sample, fashion)
    assert list(sets) == ["digits", "noise", "fashion"]
    assert all(len(x) == anomalies.PER_SET for x in sets.values())
    held_out = {x.tobytes() for x in evaluation_split(mnist_sample).x_test}
    assert all(x.tobytes() in held_out for x in sets["digits"])  # never a digit the models trained on
    np.testing.assert_array_equal(sets["noise"], anomalies.noise_images(anomalies.PER_SET))
    np.testing.assert_array_equal(sets["fashion"], anomalies.sample(fashion.x_test))
    assert list(anomalies.anomaly_sets(mnist_sample)) == ["digits", "noise"]  # no Fashion-MNIST
    pca = PCA(60).fit(mnist_sample.x_train[::5])
    scores = anomalies.anomaly_scores(pca, mnist_sample, fashion)
    for kind, images in sets.items():
        np.testing.assert_allclose(scores[kind], anomalies.reconstruction_errors(pca.truncated(anomalies.PCA_K), images),
                                   rtol=1e-5)
    assert np.median(scores["noise"]) > np.median(scores["digits"])


# --- the page -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def expected_scores(name: str = "dense_ae_30") -> dict:
    """The page's scores, recomputed here from the same models and data (not through the app's cache)."""
    model = zoo.load_pretrained(name)
    sets = {"digits": anomalies.sample(evaluation_split(data.load("mnist", use_keras=False)).x_test),
            "noise": anomalies.noise_images(anomalies.PER_SET)}
    try:
        sets["fashion"] = anomalies.sample(data.load("fashion_mnist", use_keras=False).evaluation_split()[0])
    except data.DataUnavailable:
        pass
    return {k: anomalies.reconstruction_errors(model, x) for k, x in sets.items()}


def percent(value, lang="en") -> str:
    """A share as the page writes it ("66.7%"; Spanish "66,7 %", a non-breaking space before %)."""
    return "—" if value is None else i18n.number(value, ".1%", lang)


def numbers(text: str, lang: str) -> float:
    decimal, thousands = i18n.separators(lang)
    return float(text.replace(thousands, "").replace(decimal, "."))


@app_test
@pytest.mark.parametrize("lang, labels", [
    ("en", ("Precision", "Recall", "False alarms", "AUC, digits vs")),
    ("es", ("Precisión", "Exhaustividad", "Falsas alarmas", "AUC, dígitos frente a")),
])
def test_anomaly_numbers_are_sklearns_and_the_thresholds(lang, labels):
    at = open_page("anomalies", lang)
    assert not at.exception, at.exception
    scores = expected_scores()
    kinds = [k for k in anomalies.OUTLIER_KINDS if k in scores]
    assert at.pills(key="anomaly_kinds").value == kinds  # pills: a multiselect's texts are English only
    outliers = np.concatenate([scores[k] for k in kinds])
    choices = anomalies.threshold_choices(np.concatenate([scores["digits"], outliers]))
    threshold = at.select_slider(key="anomaly_threshold").value
    assert threshold == anomalies.default_threshold(scores["digits"], choices)

    precision, recall, alarms, auc_prefix = labels
    m = anomalies.threshold_metrics(scores["digits"], outliers, threshold)
    assert metric(at, precision) == percent(m.precision, lang)
    assert metric(at, recall) == percent(m.recall, lang)
    assert metric(at, alarms) == percent(m.false_alarm_rate, lang)
    shown = texts(at)
    for count in (m.tp, m.fp, m.fn, m.tn):
        assert f"**{i18n.number(count, '', lang)}**" in shown
    aucs = [numbers(x, lang) for x in re.findall(re.escape(auc_prefix) + r"[^*]*\*\*([0-9.,]+)\*\*", shown)]
    assert len(aucs) >= len(kinds)
    for kind, auc in zip(kinds, aucs):
        truth = np.r_[np.zeros(len(scores["digits"])), np.ones(len(scores[kind]))]
        assert auc == round(roc_auc_score(truth, np.r_[scores["digits"], scores[kind]]), 3)
    if len(kinds) > 1:  # the last AUC is all outliers together
        truth = np.r_[np.zeros(len(scores["digits"])), np.ones(len(outliers))]
        assert aucs[-1] == round(roc_auc_score(truth, np.r_[scores["digits"], outliers]), 3)
        assert len(aucs) == len(kinds) + 1


@app_test
def test_anomaly_threshold_extremes_and_a_scribble():
    at = open_page("anomalies", "en")
    scores = expected_scores()
    slider = at.select_slider(key="anomaly_threshold")
    options = [float(o) for o in slider.options]
    slider.set_value(options[-1]).run()  # above every score: nothing is flagged
    assert not at.exception
    assert at.select_slider(key="anomaly_threshold").value == options[-1]
    assert metric(at, "Precision") == "—" and metric(at, "Recall") == "0.0%"
    assert "Nothing is above this threshold" in texts(at)
    at.select_slider(key="anomaly_threshold").set_value(options[0]).run()  # below every score
    assert metric(at, "Recall") == "100.0%" and metric(at, "False alarms") == "100.0%"

    at.segmented_control(key="anomaly_input_mode").set_value("draw").run()
    at.session_state["anomaly_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception
    digit = digit_from_canvas(stroke_rgba()).image
    mine = float(anomalies.reconstruction_errors(zoo.load_pretrained("dense_ae_30"), digit)[0])
    message = (at.error[0] if at.error else at.success[0]).value
    assert f"**{mine:.1f}**" in message
    share = float(np.mean(scores["digits"] > mine))
    assert f"{share:.1%}" in message
    assert ("flagged as an anomaly" in message) == (mine > options[0])


@app_test
def test_anomalies_without_fashion_fall_back_to_noise(monkeypatch):
    from pages.common import cache

    original = cache.dataset

    def dataset(name):  # as on a machine without Debian's dataset-fashion-mnist
        if name == "fashion_mnist":
            raise data.DataUnavailable("Fashion-MNIST: no source found (removed by the test)")
        return original(name)

    monkeypatch.setattr(cache, "dataset", dataset)
    at = open_page("anomalies", "es")
    assert not at.exception
    assert [w.value for w in at.warning] == [tr("anomaly_no_fashion", "es", command=data.FETCH_COMMAND)]
    assert "removed by the test" not in texts(at)  # the English detail goes to the log, not the page
    assert at.pills(key="anomaly_kinds").value == ["noise"]
    assert len(re.findall(r"AUC, dígitos frente a", texts(at))) == 1
    digits_only = {k: v for k, v in expected_scores().items() if k != "fashion"}
    threshold = at.select_slider(key="anomaly_threshold").value
    m = anomalies.threshold_metrics(digits_only["digits"], digits_only["noise"], threshold)
    assert metric(at, "Exhaustividad") == percent(m.recall, "es")


@app_test
def test_missing_weights_are_explained_with_the_rebuild_command(monkeypatch, tmp_path):
    """A manifest whose files are gone: the page says which model and how to rebuild it."""
    (tmp_path / "manifest.json").write_text(json.dumps(zoo.read_manifest()))  # the listing, without the files
    monkeypatch.setattr(zoo, "PRETRAINED_DIR", tmp_path)
    at = open_page("anomalies", "en")
    assert not at.exception
    assert any("cannot be used" in e.value and "python -m ae_core.train_zoo dense_ae_30" in e.value for e in at.error)


@app_test
def test_the_prediction_is_judged_by_the_aucs_the_page_computes():
    at = open_page("anomalies", "en", revealed=False)
    assert not at.exception
    assert not at.metric  # nothing measured is shown before the guess
    scores = expected_scores()
    kinds = [k for k in anomalies.OUTLIER_KINDS if k in scores]
    aucs = {k: roc_auc_score(np.r_[np.zeros(len(scores["digits"])), np.ones(len(scores[k]))],
                             np.r_[scores["digits"], scores[k]]) for k in kinds}
    question = at.radio(key="guide_anomalies_choice")
    if len(kinds) > 1:
        answer = max(aucs, key=aucs.get)
        label = i18n.option("anomaly_set_", answer, "en")
    else:  # no Fashion-MNIST here: the question is whether noise is caught almost always
        answer = "yes" if aucs["noise"] >= 0.95 else "no"
        label = tr(answer, "en")
    question.set_value(answer).run()
    click(at, "guide_anomalies_reveal")
    assert not at.exception
    assert tr("guide_right", "en", answer=label) in [s.value for s in at.success]
    assert at.metric  # the results, now
