"""AppTest: lessons 6-8 (Pretraining, Anomaly detection, Train your own) show what ae_core computes.

Under AppTest the refreshing fragment of the training panel does not run, so each test polls
the job through ``cache.job_manager()`` until it ends, then reruns the page.
"""

from __future__ import annotations

import functools
import re
import time

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from ae_core import data, zoo
from ae_core.lab import anomalies
from ae_core.preprocess import digit_from_canvas
from tests.apptest_support import REPO_ROOT, canvas_payload, open_page, stroke_rgba, texts

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prepared_zoo")]


def wait_for(job_id: str, timeout: float = 240) -> str:
    """Poll the server's job manager (shared with the AppTests of this process) until the job ends."""
    from pages.common import cache

    manager = cache.job_manager()
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = manager.status(job_id).get("state")
        if state not in ("queued", "running"):
            return state
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


def job_result(job_id: str):
    from pages.common import cache

    return cache.job_manager().result(job_id)


# --- anomalies ---


@functools.lru_cache(maxsize=2)
def expected_scores(name: str = "dense_ae_30") -> dict:
    """The page's scores, recomputed here from the same models and data (not through the app's cache)."""
    from ae_core.lab.latent_map import evaluation_split

    model = zoo.load_pretrained(name)
    sets = {"digits": anomalies.sample(evaluation_split(data.load("mnist", use_keras=False)).x_test),
            "noise": anomalies.noise_images(anomalies.PER_SET)}
    try:
        sets["fashion"] = anomalies.sample(data.load("fashion_mnist", use_keras=False).evaluation_split()[0])
    except data.DataUnavailable:
        pass
    return {k: anomalies.reconstruction_errors(model, x) for k, x in sets.items()}


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def percent(value) -> str:
    return "—" if value is None else f"{value:.1%}"


@pytest.mark.parametrize("lang, labels", [
    ("en", ("Precision", "Recall", "False alarms", "AUC, digits vs")),
    ("es", ("Precisión", "Exhaustividad", "Falsas alarmas", "AUC, dígitos frente a")),
])
def test_anomaly_numbers_are_sklearns_and_the_thresholds(lang, labels):
    at = open_page("anomalies", lang)
    assert not at.exception, at.exception
    scores = expected_scores()
    kinds = [k for k in anomalies.OUTLIER_KINDS if k in scores]
    assert at.multiselect(key="anomaly_kinds").value == kinds
    outliers = np.concatenate([scores[k] for k in kinds])
    choices = anomalies.threshold_choices(np.concatenate([scores["digits"], outliers]))
    threshold = at.select_slider(key="anomaly_threshold").value
    assert threshold == anomalies.default_threshold(scores["digits"], choices)

    precision, recall, alarms, auc_prefix = labels
    m = anomalies.threshold_metrics(scores["digits"], outliers, threshold)
    assert metric(at, precision) == percent(m.precision)
    assert metric(at, recall) == percent(m.recall)
    assert metric(at, alarms) == percent(m.false_alarm_rate)
    shown = texts(at)
    for count in (m.tp, m.fp, m.fn, m.tn):
        assert f"**{count}**" in shown
    aucs = [float(x) for x in re.findall(re.escape(auc_prefix) + r"[^*]*\*\*([0-9.]+)\*\*", shown)]
    for kind, auc in zip(kinds, aucs):
        truth = np.r_[np.zeros(len(scores["digits"])), np.ones(len(scores[kind]))]
        assert auc == round(roc_auc_score(truth, np.r_[scores["digits"], scores[kind]]), 3)
    if len(kinds) > 1:  # the last AUC is all outliers together
        truth = np.r_[np.zeros(len(scores["digits"])), np.ones(len(outliers))]
        assert aucs[-1] == round(roc_auc_score(truth, np.r_[scores["digits"], outliers]), 3)
        assert len(aucs) == len(kinds) + 1


def test_anomaly_threshold_extremes_and_a_scribble():
    at = open_page("anomalies", "en")
    scores = expected_scores()
    slider = at.select_slider(key="anomaly_threshold")
    options = [float(o) for o in slider.options]
    slider.set_value(options[-1]).run()  # above every score: nothing is flagged
    assert not at.exception
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


def test_anomalies_without_fashion_fall_back_to_noise(monkeypatch, tmp_path):
    from pages.common import cache

    monkeypatch.setattr(data, "DEBIAN_FASHION_DIR", str(tmp_path / "nothing"))
    monkeypatch.delenv("AE_LAB_FASHION_DIR", raising=False)
    cache.anomaly_sets.clear()
    cache._anomaly_scores.clear()
    cache.dataset.clear()
    try:
        at = open_page("anomalies", "es")
        assert not at.exception
        assert any("Fashion-MNIST no está disponible" in w.value for w in at.warning)
        assert at.multiselect(key="anomaly_kinds").value == ["noise"]
        assert len(re.findall(r"AUC, dígitos frente a", texts(at))) == 1
    finally:
        monkeypatch.undo()
        cache.anomaly_sets.clear()
        cache._anomaly_scores.clear()
        cache.dataset.clear()


# --- pretraining ---


def test_pretraining_refuses_zero_labels_in_both_languages():
    for lang, words in (("en", "a classifier needs at least one labelled digit"),
                        ("es", "un clasificador necesita al menos un dígito etiquetado")):
        at = open_page("pretraining", lang)
        at.slider(key="pretrain_n").set_value(0).run()
        assert not at.exception
        assert any(words in w.value for w in at.warning)
        assert at.button(key="pretrain_start").disabled
        at.slider(key="pretrain_n").set_value(1000).run()  # the other end: allowed, with its plan
        assert not at.button(key="pretrain_start").disabled
        assert "10, 20, 50, 100, 200, 500, 1000" in texts(at)


def test_pretraining_curve_shows_the_jobs_accuracies():
    at = open_page("pretraining", "en")
    at.slider(key="pretrain_n").set_value(10)
    at.multiselect(key="pretrain_modes").set_value(["frozen", "scratch"])
    at.run()
    at.button(key="pretrain_start").click().run()
    assert not at.exception
    job = at.session_state["pretrain_job"]
    assert wait_for(job) == "done"
    at.run()
    result = job_result(job)
    assert result["counts"] == [10]
    table = next(m.value for m in at.markdown if m.value.startswith("| labelled digits n |"))
    row = f"| 10 | {result['accuracy']['frozen'][0]:.1%} | {result['accuracy']['scratch'][0]:.1%} |"
    assert row in table
    assert f"**{result['accuracy']['frozen'][0]:.1%}**" in texts(at)  # the reading under the table
    at.session_state["lang"] = "es"
    at.run()
    table = next(m.value for m in at.markdown if m.value.startswith("| dígitos etiquetados n |"))
    assert row in table and "codificador congelado" in table


def test_greedy_layerwise_shows_each_phase_error():
    at = open_page("pretraining", "es")
    at.slider(key="pretrain_greedy_epochs").set_value(1)
    at.slider(key="pretrain_greedy_size").set_value(500)
    at.run()
    at.button(key="pretrain_greedy_start").click().run()
    job = at.session_state["pretrain_greedy_job"]
    assert wait_for(job) == "done"
    at.run()
    assert not at.exception
    result = job_result(job)
    captions = [c for image in at.image for c in image.captions if c and c.startswith("tras la fase")]
    assert len(captions) == 5
    for caption, snap in zip(captions, result["snapshots"]):
        assert caption.endswith(f"error {snap['val_error']:.1f}")


# --- train your own ---


def start_training(at, **settings):
    for key, value in settings.items():
        widget = at.slider(key=key) if key in ("own_latent", "own_epochs", "own_train_size") else at.selectbox(key=key)
        widget.set_value(value)
    at.run()
    at.button(key="own_start").click().run()
    assert not at.exception
    return at.session_state["own_job"]


def test_two_students_train_at_once_and_each_sees_only_their_own():
    alice, bob = open_page("train_your_own", "en"), open_page("train_your_own", "es")
    job_a = start_training(alice, own_epochs=1, own_train_size=100, own_latent=2)
    job_b = start_training(bob, own_epochs=1, own_train_size=100, own_latent=3, own_architecture="conv")
    assert job_a != job_b
    assert wait_for(job_a) == "done" and wait_for(job_b) == "done"
    alice.run()
    bob.run()
    assert not alice.exception and not bob.exception
    a_models, b_models = alice.session_state["student_models"], bob.session_state["student_models"]
    assert list(a_models) == ["★ dense · 2-d · BCE · #1"] and list(b_models) == ["★ conv · 3-d · BCE · #1"]
    result_a = job_result(job_a)
    assert alice.session_state["own_job"] == job_a and bob.session_state["own_job"] == job_b
    assert "★ conv" not in texts(alice) and "★ dense" not in texts(bob)
    assert metric(alice, "validation error") == f"{result_a['val_squared_error']:.2f}"
    assert metric(alice, "parameters") == f"{result_a['params']:,}"
    assert alice.session_state["student_models_keras"]["★ dense · 2-d · BCE · #1"] == result_a["keras"]
    assert metric(bob, "error de validación") == f"{job_result(job_b)['val_squared_error']:.2f}"


def test_the_session_model_serves_like_the_download_and_cancelling_keeps_nothing(tmp_path):
    import keras

    from ae_core.serving import ServingModel

    at = open_page("train_your_own", "en")
    job = start_training(at, own_epochs=1, own_train_size=100, own_latent=4, own_optimizer="rmsprop")
    assert wait_for(job) == "done"
    at.run()
    label = "★ dense · 4-d · BCE · #1"
    program, arrays, settings = at.session_state["student_models"][label]
    assert settings["latent_dim"] == 4 and settings["optimizer"] == "rmsprop"
    from ae_core import registry

    registry.list_models()  # registers ae_core's classes, as a student loading the file must (see the page)
    path = tmp_path / "mine.keras"
    path.write_bytes(at.session_state["student_models_keras"][label])
    reloaded = keras.saving.load_model(path, safe_mode=True)
    x = np.random.default_rng(1).random((2, 28, 28, 1)).astype("float32")
    np.testing.assert_allclose(reloaded.reconstruct(x), ServingModel(program, arrays).reconstruct(x), atol=1e-4)

    # A long training, cancelled midway: the page says so and keeps no new model.
    job = start_training(at, own_epochs=15, own_train_size=5000)
    from pages.common import cache

    deadline = time.time() + 120
    while cache.job_manager().status(job).get("state") != "running" and time.time() < deadline:
        time.sleep(0.2)
    cache.job_manager().cancel(job)
    assert wait_for(job) == "cancelled"
    at.run()
    assert not at.exception
    assert "Training cancelled." in texts(at)
    assert list(at.session_state["student_models"]) == [label]


def test_train_your_own_shows_its_caps():
    from ae_core.live import LIMITS

    for lang, words in (("en", "at most {e} epochs and {n} training digits"), ("es", "como mucho {e} épocas y {n} dígitos")):
        at = open_page("train_your_own", lang)
        assert not at.exception
        assert words.format(e=LIMITS["epochs"][1], n=LIMITS["train_size"][1]) in texts(at)
        at.slider(key="own_latent").set_value(LIMITS["latent_dim"][0]).run()
        at.slider(key="own_train_size").set_value(LIMITS["train_size"][1]).run()
        assert not at.exception


@pytest.mark.skipif("student_models" not in (REPO_ROOT / "pages" / "draw.py").read_text(),
                    reason="pages/draw.py does not list the session's models yet")
def test_a_trained_model_appears_on_the_draw_page():
    at = open_page("train_your_own", "en")
    job = start_training(at, own_epochs=1, own_train_size=100)
    assert wait_for(job) == "done"
    at.run()
    at.switch_page("pages/draw.py").run()
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception
    assert not at.error
    assert "★ dense · 16-d · BCE · #1" in texts(at)
    at.switch_page("pages/train_your_own.py").run()  # another student's Draw page would not list it:
    other = open_page("draw", "en")  # (a new session)
    other.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    other.run()
    assert "★ dense" not in texts(other)


def test_missing_weights_are_explained_and_the_rest_still_works(monkeypatch, tmp_path):
    """A manifest whose files are gone: each page says which model and how to rebuild it."""
    import json

    manifest = zoo.read_manifest()
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))  # the listing, without the files
    monkeypatch.setattr(zoo, "PRETRAINED_DIR", tmp_path)
    at = open_page("anomalies", "en")
    assert not at.exception
    assert any("cannot be used" in e.value and "python -m ae_core.train dense_ae_30" in e.value for e in at.error)
    at = open_page("pretraining", "en")
    assert not at.exception
    assert any("cannot be used" in e.value for e in at.error)
    assert at.button(key="pretrain_start").disabled
    assert not at.button(key="pretrain_greedy_start").disabled  # trains its own stack: still available
    at = open_page("train_your_own", "en")
    assert not at.exception and not at.error
