"""Unsupervised pretraining: a classifier on few labels, on a pretrained encoder or from scratch,
and greedy layer-wise training (ae_core.lab.pretraining, the worker's tasks in
ae_core.student_tasks, and the page).

Under AppTest the refreshing fragment of the training panel does not run: the page tests poll the
job until it ends (``wait_for``), then rerun the page.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from ae_core import student_tasks, zoo
from ae_core.jobs import JobCancelled
from ae_core.lab import pretraining
from ae_core.registry import get_spec, list_models
from pages.common import i18n
from tests.apptest_support import app_test, job_result, listed, open_page, texts, wait_for
from tests.task_support import FakeProgress

# --- ae_core.lab.pretraining --------------------------------------------------------------------


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


def test_the_encoders_offered_are_the_mnist_autoencoders_tagged_pretrain_encoder():
    """The page's list: the 10-d neighbour AE (its default) and the 30-d dense AE among them."""
    encoders = list_models(tag="pretrain_encoder", dataset="mnist")
    assert {"dense_ae_10", "dense_ae_30"} <= set(encoders) and all(get_spec(n).kind == "autoencoder" for n in encoders)
    assert list_models(tag="pretrain_encoder") == encoders  # none for Fashion-MNIST


def verdict_of(frozen, fine_tuned, scratch, counts=(10, 100)):
    return pretraining.pretraining_verdict({"counts": list(counts), "accuracy": {
        "frozen": list(frozen), "fine_tuned": list(fine_tuned), "scratch": list(scratch)}})


def test_the_verdict_reads_the_gain_of_the_better_pretrained_mode_at_every_count():
    verdict = verdict_of(frozen=[0.80, 0.90], fine_tuned=[0.78, 0.93], scratch=[0.60, 0.88])
    assert verdict.helped and verdict.answer == "pretrained" and verdict.mode == "frozen"
    assert verdict.best == 0.80 and verdict.scratch == 0.60
    assert verdict.gains == pytest.approx([0.20, 0.05])  # at 100 labels fine-tuning is the better one


def test_the_verdict_says_so_when_pretraining_did_not_help():
    assert not verdict_of(frozen=[0.50, 0.8], fine_tuned=[0.55, 0.8], scratch=[0.60, 0.8]).helped
    assert verdict_of(frozen=[0.50, 0.8], fine_tuned=[0.55, 0.8], scratch=[0.60, 0.8]).answer == "scratch"
    assert verdict_of(frozen=[0.605], fine_tuned=[0.60], scratch=[0.60], counts=(10,)).answer == "same"


def test_without_a_pretrained_mode_or_scratch_there_is_no_verdict():
    assert pretraining.pretraining_verdict({"counts": [10], "accuracy": {"scratch": [0.6]}}) is None
    assert pretraining.pretraining_verdict({"counts": [10], "accuracy": {"frozen": [0.6]}}) is None


# --- the worker's tasks: ae_core.student_tasks ---------------------------------------------------


@pytest.fixture(scope="module")
def pretrained_encoder():
    """The pretrained 10-d neighbour AE the classifiers start from (its .keras file)."""
    listed("dense_ae_10")
    return "dense_ae_10"


@pytest.mark.slow
def test_pretrain_classifiers_measures_every_mode_at_every_count(pretrained_encoder):
    progress = FakeProgress()
    result = student_tasks.pretrain_classifiers(progress, max_labels=20, modes=("scratch", "frozen", "fine_tuned"), test_digits=200)
    assert result["counts"] == [10, 20] and result["modes"] == ["frozen", "fine_tuned", "scratch"]  # in MODES' order
    for mode in result["modes"]:
        values = result["accuracy"][mode]
        assert len(values) == 2 and all(0.0 <= v <= 1.0 for v in values)
        assert all(abs(v * 200 - round(v * 200)) < 1e-9 for v in values)  # a share of the 200 held-out digits
    assert result["test_digits"] == 200 and result["encoder"] == "dense_ae_10"
    partial = progress.last("partial")
    assert partial["counts"] == [10, 20] and partial["accuracy"] == result["accuracy"]
    parts = [u for u in progress.updates if "mode" in u]
    assert {(u["labels"], u["mode"]) for u in parts} == {(n, m) for n in (10, 20) for m in result["modes"]}
    assert all(u["epochs"] == 6 for u in parts)


@pytest.mark.slow
def test_pretrain_classifiers_trains_the_label_counts_it_is_given(pretrained_encoder):
    """The benchmark's curve: n labels per class, given as counts (in any order, repeats dropped)."""
    result = student_tasks.pretrain_classifiers(FakeProgress(), counts=[30, 10, 10], modes=("frozen",), test_digits=100)
    assert result["counts"] == [10, 30] and len(result["accuracy"]["frozen"]) == 2


def test_every_mode_puts_the_same_small_head_on_the_encoder():
    head = student_tasks.classifier_head()
    assert [layer.units for layer in head] == [student_tasks.PRETRAIN_HEAD_UNITS, 10]
    assert [layer.activation.__name__ for layer in head] == ["relu", "softmax"]


@pytest.mark.slow
def test_pretrain_classifiers_refuses_zero_labels_and_unknown_choices():
    assert "pretrain_encoder" not in get_spec("vae_2").tags
    for bad in (dict(max_labels=0), dict(max_labels=1001), dict(modes=()), dict(encoder="vae_2"), dict(counts=[]),
                dict(counts=[0, 10]), dict(counts=[10, 1001])):
        with pytest.raises(ValueError):
            student_tasks.pretrain_classifiers(FakeProgress(), **bad)


@pytest.mark.slow
def test_pretrain_classifiers_stops_when_cancelled(pretrained_encoder):
    with pytest.raises(JobCancelled):
        student_tasks.pretrain_classifiers(FakeProgress(cancel_after=4), max_labels=20, modes=("scratch",), test_digits=100)


@pytest.mark.slow
def test_greedy_layerwise_reports_each_phase_and_its_reconstruction():
    progress = FakeProgress()
    result = student_tasks.greedy_layerwise(progress, epochs=1, train_size=1)  # clamped up to 500 digits
    assert result["train_size"] == pretraining.GREEDY_LIMITS["train_size"][0] == 500 and result["epochs"] == 1
    kinds = [s["kind"] for s in result["snapshots"]]
    assert kinds == ["layer", "layer", "layer", "fine_tune", "scratch"]
    assert [tuple(s["sizes"]) for s in result["snapshots"]][:3] == [(784, 256), (256, 64), (64, 16)]
    for snap in result["snapshots"]:
        assert snap["images"].shape == (8, 28, 28) and snap["images"].dtype == np.uint8
        assert np.isfinite(snap["val_error"]) and 0 < snap["val_error"] < 784
    assert result["originals"].shape == (8, 28, 28)
    stages = sorted({u["stage"] for u in progress.updates if "stage" in u})
    assert stages == [0, 1, 2, 3, 4]
    assert len(progress.last("snapshots")) == 5
    epochs = [u["epoch"] for u in progress.updates if "epoch" in u]
    assert epochs == sorted(epochs) and max(epochs) == progress.last("epochs") == 1 * 4 + 4  # scratch gets 4


@pytest.mark.slow
def test_greedy_layerwise_stops_when_cancelled():
    with pytest.raises(JobCancelled):
        student_tasks.greedy_layerwise(FakeProgress(cancel_after=6), epochs=5, train_size=5000)


# --- the page -----------------------------------------------------------------------------------


@app_test
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


@app_test
def test_pretraining_curve_shows_the_jobs_accuracies():
    at = open_page("pretraining", "en")
    at.slider(key="pretrain_n").set_value(10)
    at.pills(key="pretrain_modes").set_value(["frozen", "scratch"])  # pills: a multiselect's texts are English only
    at.run()
    at.button(key="pretrain_start").click().run()
    assert not at.exception
    job = at.session_state["pretrain_job"]
    assert wait_for(job) == "done"
    at.run()
    result = job_result(job)
    assert result["counts"] == [10]
    table = next(m.value for m in at.markdown if m.value.startswith("| labelled digits n |"))
    def row(lang):
        accuracy = result["accuracy"]
        return (f"| 10 | {i18n.number(accuracy['frozen'][0], '.1%', lang)} | "
                f"{i18n.number(accuracy['scratch'][0], '.1%', lang)} |")

    assert row("en") in table
    assert f"**{i18n.number(result['accuracy']['frozen'][0], '.1%', 'en')}**" in texts(at)  # the reading under the table
    at.sidebar.segmented_control(key="lang").set_value("es").run()
    table = next(m.value for m in at.markdown if m.value.startswith("| dígitos etiquetados n |"))
    assert row("es") in table and "codificador congelado" in table  # Spanish shares: "62,5 %"


@app_test
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
        assert caption.endswith(f"error {i18n.number(snap['val_error'], '.1f', 'es')}")  # "error 52,2"


@app_test
def test_without_the_encoder_s_weights_the_page_explains_and_greedy_still_trains(monkeypatch, tmp_path):
    """A manifest whose files are gone: the page says which model and how to rebuild it."""
    (tmp_path / "manifest.json").write_text(json.dumps(zoo.read_manifest()))  # the listing, without the files
    monkeypatch.setattr(zoo, "PRETRAINED_DIR", tmp_path)
    at = open_page("pretraining", "en")
    assert not at.exception
    assert any("cannot be used" in e.value and "python -m ae_core.train_zoo dense_ae_10" in e.value for e in at.error)
    assert at.button(key="pretrain_start").disabled
    assert not at.button(key="pretrain_greedy_start").disabled  # trains its own stack: still available
