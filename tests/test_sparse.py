"""Sparse codes: how many code units a digit switches on, with an L1 or a KL penalty and without,
and the features the units learn (ae_core.lab.sparse, its figures, and the page).

No Keras in the lab tests.
"""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab import sparse
from ae_core.lab.common import lesson_digits
from ae_core.models.pca import PCA
from tests.apptest_support import app_test, listed, open_page, pick, texts, tr, without_model

# --- ae_core.lab.sparse -------------------------------------------------------------------------


def test_activity_statistics():
    codes = np.array([[0.0, 0.5, 0.9, 0.01], [0.0, 0.0, 0.95, 0.02]])
    np.testing.assert_allclose(sparse.active_fraction(codes, 0.1), [0.5, 0.25])
    summary = sparse.sparsity_summary(codes, 0.1)
    assert summary.units == 4 and summary.dead_units == 2 and summary.mean_active == pytest.approx(0.375)
    assert sparse.sparsity_summary(codes, 1.0).mean_active == 0.0
    assert list(sparse.most_used_units(codes, 0.1, 2)) == [2, 1]
    assert list(sparse.strongest_units(codes[0], 3)) == [2, 1, 3]
    shares, edges = sparse.histogram(codes, 10, (0.0, 1.0))
    assert shares.sum() == pytest.approx(1.0) and len(edges) == 11
    assert sparse.active_fraction(-codes, 0.1).tolist() == [0.5, 0.25]  # linear codes count by |z|


def test_feature_images_have_digit_shape_and_grey_zero():
    kernel = np.random.default_rng(0).standard_normal((300, 784)).astype("float32")
    kernel[5] = 0.0
    images = sparse.feature_images(kernel, [0, 5, 299])
    assert images.shape == (3, 28, 28) and images.min() >= 0.0 and images.max() <= 1.0
    np.testing.assert_allclose(images[1], 0.5)
    assert images[0].max() == pytest.approx(1.0) or images[0].min() == pytest.approx(0.0)
    assert sparse.feature_images(kernel, []).shape == (0, 28, 28)


def test_lesson_codes_are_each_model_s_codes_of_the_lesson_digits(mnist_sample):
    wide, narrow = PCA(30).fit(mnist_sample.x_train[::10]), PCA(5).fit(mnist_sample.x_train[::10])
    codes = sparse.lesson_codes({"wide": wide, "narrow": narrow}, mnist_sample)
    x = lesson_digits(mnist_sample)
    assert list(codes) == ["wide", "narrow"] and codes["wide"].shape == (len(x), 30)
    np.testing.assert_allclose(codes["narrow"], sparse.codes_of(narrow, x), atol=1e-6)


def test_activity_figures_have_a_panel_per_model_titled_in_order():
    rng = np.random.default_rng(0)
    codes = {"a": rng.random((50, 8)), "b": rng.random((50, 3)) * 0.05}
    values, fractions, usages = sparse.activity_figures(codes, 0.1, (("Model A", "Model B"), "activation", "share",
                                                                     "fraction active", "share of digits", "usage",
                                                                     "share of units"))
    assert [a.text for a in values.layout.annotations] == ["Model A", "Model B"] and len(values.data) == 2
    assert [a.text for a in fractions.layout.annotations] == ["Model A", "Model B"]
    # B's units never pass 0.1: every digit has none active
    shares_b = np.asarray(fractions.data[1].y)
    assert shares_b.sum() == pytest.approx(1.0) and shares_b[0] == pytest.approx(1.0)
    # ... and every one of B's units is used on no digit: all in the first usage bin
    usage_b = np.asarray(usages.data[1].y)
    assert [a.text for a in usages.layout.annotations] == ["Model A", "Model B"] and usage_b[0] == pytest.approx(1.0)


def test_the_sparsity_verdict_is_the_median_digit_s_share_of_active_units():
    codes = np.zeros((5, 100))
    for i, active in enumerate((2, 5, 9, 30, 80)):  # the median digit has 9 of 100 units above 0.1
        codes[i, :active] = 0.5
    assert sparse.median_active_share(codes, 0.1) == pytest.approx(0.09)
    assert sparse.is_sparse(codes, 0.1) and not sparse.is_sparse(codes, 0.1, share=0.05)
    codes[2, 9:12] = 0.5  # now 12 of 100
    assert sparse.median_active_share(codes, 0.1) == pytest.approx(0.12) and not sparse.is_sparse(codes, 0.1)
    assert sparse.median_active_share(codes, 0.6) == 0.0  # nothing is above 0.6
    np.testing.assert_allclose(sparse.unit_usage(codes, 0.1)[[0, 1, 5, 50, 99]], [1.0, 1.0, 0.6, 0.2, 0.0])


def test_histogram_panels_stack_one_above_the_other_with_one_title_per_axis():
    from ae_core.figures import histogram_panels

    edges = np.linspace(0.0, 1.0, 5)
    shares = np.array([0.5, 0.2, 0.2, 0.1])
    titles = ["Sparse AE (L1), 300 units", "Sparse AE (KL), 1000 units", "PCA"]
    fig = histogram_panels({title: (shares, edges) for title in titles}, "activation", "share")
    assert [a.text for a in fig.layout.annotations] == titles
    assert len(fig.data) == 3 and all(getattr(fig.layout, f"yaxis{i or ''}").type == "log" for i in ("", 2, 3))
    x_titles = [getattr(fig.layout, f"xaxis{i}").title.text for i in ("", 2, 3)]
    y_titles = [getattr(fig.layout, f"yaxis{i}").title.text for i in ("", 2, 3)]
    assert x_titles == [None, None, "activation"] and y_titles == [None, "share", None]
    # Stacked: every panel spans the whole width, each its own band of height.
    domains = [getattr(fig.layout, f"yaxis{i}").domain for i in ("", 2, 3)]
    assert all(getattr(fig.layout, f"xaxis{i}").domain == (0.0, 1.0) for i in ("", 2, 3))
    assert all(a[0] >= b[1] for a, b in zip(domains, domains[1:]))


# --- the page -----------------------------------------------------------------------------------


@app_test
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


@app_test
def test_sparse_page_without_the_sparse_models(monkeypatch):
    without_model(monkeypatch, "sparse_l1", "sparse_kl")
    at = open_page("sparse", "en")
    assert not at.exception
    assert sum("cannot be used" in e.value for e in at.error) == 2
    assert at.dataframe  # the plain AE's activity is still shown
