"""AppTest: the lesson pages 1-5 (PCA and the linear AE, compression, sparse, tied, recurrent) show
the numbers ae_core computes, in both languages, and explain missing models instead of failing.

Under AppTest the refreshing fragment of the training panel does not run: the live-training test
polls the job through ``cache.job_manager()`` until it ends, then reruns the page.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab import compression, pca_linear, recurrent, sparse, tied
from pages.common import i18n
from tests.apptest_support import open_page, texts

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prepared_zoo")]

LESSONS = {"pca_linear_ae": "pcalin_title", "compression": "comp_title", "sparse": "sparse_title",
           "tied": "tied_title", "recurrent": "rec_title"}


def listed(*names) -> dict:
    """Manifest entries of these models; skips the test when one is not in the zoo."""
    models = zoo.read_manifest()["models"]
    missing = [n for n in names if n not in models]
    if missing:
        pytest.skip(f"not in the pretrained zoo: {missing}")
    return {n: models[n] for n in names}


def tr(key: str, lang: str, **values) -> str:
    return i18n.t(key, lang, **values)


def pick(at, page: str, index: int = 0):
    at.segmented_control(key=f"{page}_input_mode").set_value("pick").run()
    at.number_input(key=f"{page}_pick_index").set_value(index).run()
    return at


def without_model(monkeypatch, *names):
    """Make ``cache.model`` fail for these models as if their weights were missing."""
    from pages.common import cache

    original = cache.model

    def model(name):
        if name in names:
            raise zoo.WeightsProblem(name, "missing", "removed by the test")
        return original(name)

    monkeypatch.setattr(cache, "model", model)


@pytest.mark.parametrize("page", sorted(LESSONS))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_lesson_opens_without_errors_in_both_languages(page, lang, caplog):
    at = open_page(page, lang)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == tr(LESSONS[page], lang)
    assert any(e.label == tr("show_code", lang) for e in at.expander)
    # A key missing from the translation table is logged (and shown as itself): none here.
    missing = [r.getMessage() for r in caplog.records if "missing translation key" in r.getMessage()]
    assert not missing, missing


# --- lesson 1 ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_pca_numbers_follow_the_toy_set_and_k(lang):
    at = open_page("pca_linear_ae", lang)
    x = pca_linear.toy_data("ellipse3d")
    result = pca_linear.pca_by_svd(x, 2)
    assert f"**{result.error:.4f}**" in texts(at)
    loadings = at.dataframe[0].value
    np.testing.assert_allclose(loadings.iloc[:, :3].to_numpy(), result.loadings, atol=1e-6)
    at.slider(key="pcalin_k_ellipse3d").set_value(3).run()
    assert tr("pcalin_k_full", lang, d=3) in texts(at)
    assert tr("pcalin_linear_needs_k", lang, d=3) in texts(at)
    at.segmented_control(key="pcalin_set").set_value("cloud2d").run()
    assert not at.exception
    cloud = pca_linear.pca_by_svd(pca_linear.toy_data("cloud2d"), 1)
    assert f"**{cloud.error:.4f}**" in texts(at)
    curve = pca_linear.pca_by_svd(pca_linear.toy_data("arc3d"), 1)
    assert f"**{curve.error:.4f}**" in texts(at)


def wait_for_job(at, key: str, timeout: float = 240) -> None:
    from pages.common import cache

    job = at.session_state[key]
    deadline = time.time() + timeout
    while cache.job_manager().status(job).get("state") in ("queued", "running"):
        assert time.time() < deadline, "the training job did not finish in time"
        time.sleep(0.5)
    assert cache.job_manager().status(job)["state"] == "done", cache.job_manager().status(job)


def test_the_linear_ae_trained_live_matches_pca_s_subspace():
    at = open_page("pca_linear_ae", "en")
    at.button(key="pcalin_linear_job_start").click().run()
    assert not at.exception
    wait_for_job(at, "pcalin_linear_job")
    at.run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    angle = float(metrics[tr("pcalin_angle", "en")].rstrip("°"))
    assert angle < 5.0
    pca_error = float(metrics[tr("pcalin_pca_error", "en")])
    assert pca_error == pytest.approx(pca_linear.pca_by_svd(pca_linear.toy_data("ellipse3d"), 2).error, abs=1e-4)
    assert float(metrics[tr("pcalin_ae_error", "en")]) < 1.2 * pca_error
    assert "the same subspace as PCA" in texts(at)


# --- lesson 2 ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_compression_table_is_the_manifest_s_and_the_measured_numbers(lang):
    models = zoo.read_manifest()["models"]
    cells = compression.manifest_cells(models)
    if not cells:
        pytest.skip("no grid models in the pretrained zoo")
    at = pick(open_page("compression", lang), "comp", 4)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    size, pair = tr("comp_col_size", lang), tr("comp_col_pair", lang)
    test_error = tr("comp_col_test_squared_error", lang)
    measured = tr("comp_col_measured_squared_error", lang, n=1000)
    for cell in cells:
        row = table[(table[size] == cell.size) & (table[pair] == compression.pair_label(cell.pair))]
        assert len(row) == 1
        assert row[test_error].iloc[0] == pytest.approx(cell.squared_error)
        assert row[tr("comp_col_params", lang)].iloc[0] == models[cell.name]["params"]
    pca_rows = table[table[pair] == "PCA"].sort_values(size)
    assert list(pca_rows[size]) == list(compression.SIZES)
    assert list(pca_rows[measured]) == sorted(pca_rows[measured], reverse=True)  # more code, less error
    from pages.common import cache

    x, _ = cache.lesson_digits()
    expected = compression.measure_cells({c.name: zoo.load_pretrained(c.name) for c in cells[:2]}, x)
    for cell in expected:
        row = table[(table[size] == cell.size) & (table[pair] == compression.pair_label(cell.pair))]
        assert row[measured].iloc[0] == pytest.approx(cell.squared_error, rel=1e-5)
    verdict = compression.relu_decoder_verdict(cells)
    assert f"**{verdict.relu_worst} " in texts(at)
    digit_table = at.dataframe[1].value  # the picked digit through every cell
    errors = compression.digit_errors({c.name: zoo.load_pretrained(c.name) for c in cells[:1]}, at.session_state["digit"])
    (cell_size, label), value = next(iter(errors.items()))
    assert digit_table.loc[cell_size, label] == pytest.approx(value, rel=1e-5)


def test_compression_without_the_grid_explains_itself(monkeypatch):
    from pages.common import cache

    monkeypatch.setattr(cache, "manifest_entries", lambda **kw: {})
    at = open_page("compression", "en")
    assert not at.exception
    assert any("not in the pretrained zoo yet" in w.value for w in at.warning)


# --- lesson 3 ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sparse_activity_table_and_threshold_extremes(lang):
    info = listed("sparse_l1", "sparse_kl", "dense_ae_30")
    at = pick(open_page("sparse", lang), "sparse", 3)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table[tr("sparse_col_units", lang)]) == [300, 1000, 30]
    errors = table[tr("sparse_col_test_error", lang)]
    assert list(errors) == pytest.approx([info[n]["test_metrics"]["squared_error"] for n in info])
    digit = at.session_state["digit"].reshape(1, 28, 28, 1)
    code = sparse.codes_of(zoo.load_pretrained("sparse_kl"), digit)
    assert table[tr("sparse_col_digit_active", lang)].iloc[1] == int(np.sum(np.abs(code) > 0.1))
    at.slider(key="sparse_threshold").set_value(1.0).run()
    assert tr("sparse_threshold_max", lang) in texts(at)
    assert at.dataframe[0].value[tr("sparse_col_digit_active", lang)].iloc[0] == 0
    at.slider(key="sparse_threshold").set_value(0.0).run()
    assert tr("sparse_threshold_zero", lang) in texts(at)
    at.number_input(key="sparse_features_n").set_value(0).run()
    assert tr("sparse_features_zero", lang) in texts(at)
    at.number_input(key="sparse_features_n").set_value(10_000).run()
    assert tr("sparse_features_capped", lang, n=10_000, cap=300) in texts(at)
    assert not at.exception and not at.error


def test_sparse_page_without_the_sparse_models(monkeypatch):
    without_model(monkeypatch, "sparse_l1", "sparse_kl")
    at = open_page("sparse", "en")
    assert not at.exception
    assert sum("cannot be used" in e.value for e in at.error) == 2
    assert at.dataframe  # the plain AE's activity is still shown


# --- lesson 4 ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_tied_parameters_and_errors_come_from_the_manifest(lang):
    info = listed("tied_ae", "dense_ae_30")
    at = pick(open_page("tied", lang), "tied", 2)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table[tr("tied_col_manifest", lang)]) == [info["dense_ae_30"]["params"], info["tied_ae"]["params"]]
    assert list(table[tr("tied_col_formula", lang)]) == list(table[tr("tied_col_manifest", lang)])
    ratio = info["tied_ae"]["params"] / info["dense_ae_30"]["params"]
    assert f"**{ratio:.1%}**" in texts(at) and 0.45 < ratio < 0.55
    shown = texts(at)
    for name in ("tied_ae", "dense_ae_30"):
        assert tr("tied_test_error", lang, value=info[name]["test_metrics"]["squared_error"]) in shown
        served = zoo.load_pretrained(name)
        digit = at.session_state["digit"].reshape(1, 28, 28, 1)
        error = float(np.sum((np.clip(served.reconstruct(digit), 0, 1) - digit) ** 2))
        assert tr("tied_digit_error", lang, value=error) in shown
    assert "**0**" in shown  # the tied decoder's last kernel is the encoder's first, transposed
    units = info["tied_ae"]["config"]["hidden_units"][0]
    assert tr("tied_filters_caption", lang, n=64, units=units) in shown
    assert tied.mirror_difference(zoo.load_pretrained("tied_ae")) == 0.0


def test_tied_filter_count_extremes_and_a_missing_model(monkeypatch):
    at = open_page("tied", "en")
    at.number_input(key="tied_filters_n").set_value(0).run()
    assert tr("tied_filters_zero", "en") in texts(at)
    at.number_input(key="tied_filters_n").set_value(10_000).run()
    assert tr("tied_filters_capped", "en", n=10_000, cap=256) in texts(at)
    without_model(monkeypatch, "tied_ae")
    at = open_page("tied", "en")
    assert not at.exception
    assert any("cannot be used" in e.value for e in at.error)


# --- lesson 5 ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_recurrent_decoder_writes_the_rows_shown(lang):
    listed("recurrent_ae")
    at = pick(open_page("recurrent", lang), "rec", 5)
    assert not at.exception and not at.error
    model, digit = zoo.load_pretrained("recurrent_ae"), at.session_state["digit"]
    for steps in (0, 1, 14, 28):
        at.slider(key="rec_steps").set_value(steps).run()
        assert not at.exception
        shown = recurrent.frame(model, digit, steps)
        if steps:
            assert tr("rec_errors_caption", lang, t=steps, total=float(shown.row_error.sum())) in texts(at)
        else:
            assert tr("rec_errors_caption", lang, t=1, total=0.0).split("(")[0] not in texts(at)
    full = model.reconstruct(digit.reshape(1, 28, 28, 1))[0, ..., 0]
    assert float(np.sum((digit - full) ** 2)) == pytest.approx(float(recurrent.frame(model, digit, 28).row_error.sum()), rel=1e-4)


def test_play_and_pause():
    listed("recurrent_ae")
    at = pick(open_page("recurrent", "en"), "rec", 1)
    at.slider(key="rec_steps").set_value(28).run()
    at.button(key="rec_play").click().run()
    assert not at.exception
    assert at.session_state["rec_playing"] is True and at.session_state["rec_steps"] == 0  # from the top
    at.button(key="rec_play").click().run()
    assert at.session_state["rec_playing"] is False


def test_recurrent_page_without_a_digit_or_model(monkeypatch):
    at = open_page("recurrent", "en")
    assert not at.exception
    without_model(monkeypatch, "recurrent_ae")
    at = pick(open_page("recurrent", "en"), "rec", 0)
    assert not at.exception
    assert any("cannot be used" in e.value for e in at.error)


@pytest.mark.parametrize("page", ["compression", "sparse", "tied", "recurrent"])
def test_with_fashion_in_the_sidebar_the_lessons_stay_on_mnist(page):
    at = open_page(page, "en", run=False)
    at.session_state["dataset"] = "fashion_mnist"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert tr("lesson_mnist_only", "en") in texts(at)
