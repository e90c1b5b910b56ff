"""Compression: reconstruction error against code size, a grid of shallow autoencoders beside PCA
(ae_core.lab.compression and the page).

No Keras in the lab tests: the models are PCAs fitted here.
"""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import zoo
from ae_core.data import load_mnist
from ae_core.lab import compression
from ae_core.lab.common import lesson_digits
from ae_core.models import dense_ae_presets
from ae_core.models.pca import PCA
from ae_core.registry import get_spec, list_models
from tests.apptest_support import app_test, only_available, open_page, pick, texts, tr

# --- ae_core.lab.compression --------------------------------------------------------------------


def grid_manifest(errors: dict) -> dict:
    """A manifest's models for the grid: {(size, pair): squared error}."""
    return {compression.grid_name(s, *p): {"params": 785 * s + 784 * s + s, "test_metrics": {"squared_error": e, "bce": 2 * e}}
            for (s, p), e in errors.items()}


def test_the_grid_is_the_registry_s_grid_presets():
    """The lesson's sizes and activation pairs are the presets' (ae_core/models/dense_ae_presets.py)."""
    assert (compression.SIZES, compression.PAIRS) == (dense_ae_presets.GRID_SIZES, dense_ae_presets.GRID_ACTIVATIONS)
    names = [compression.grid_name(s, *p) for s in compression.SIZES for p in compression.PAIRS]
    assert names == list_models(tag="grid")
    for size in compression.SIZES:
        for pair in compression.PAIRS:
            name = compression.grid_name(size, *pair)
            config = get_spec(name).config
            assert (config["latent_dim"], config["code_activation"], config["output_activation"]) == (size, *pair)
            assert config["hidden_units"] == ()  # one hidden layer: the code
            cell = compression.cell_of(name, 0, 1.5, 2.5, 99)  # the size comes from the preset, not the caller
            assert (cell.size, cell.pair, cell.squared_error, cell.bce, cell.params) == (size, pair, 1.5, 2.5, 99)
    assert compression.cell_of("pca", 8).pair == ("pca", "pca") and compression.cell_of("pca", 8).size == 8


def test_past_the_plateau_is_at_most_90_percent_of_the_mean_digit_s_squared_error():
    x = np.zeros((4, 28, 28, 1), "float32")
    x[:2, :2, :2] = 1.0  # two images with four pixels on, two blank: the mean digit has those at 0.5
    mean = x.mean(axis=0)
    assert compression.mean_digit_error(mean, x) == pytest.approx(1.0)  # 4 pixels x 0.25 per image
    assert compression.mean_digit_error(mean[..., 0], x) == pytest.approx(1.0)  # (28, 28) works too
    assert compression.plateau_limit(1.0) == pytest.approx(0.9)
    assert compression.past_plateau(0.9, 1.0) and compression.past_plateau(0.0, 1.0)
    assert not compression.past_plateau(0.91, 1.0) and not compression.past_plateau(None, 1.0)


def grid_errors(value) -> dict:
    return {(s, p): value(s, p) for s in compression.SIZES for p in compression.PAIRS}


def test_the_conclusion_is_computed_from_the_table():
    # sigmoid / relu twice the error of the others, relu / sigmoid a little better than sigmoid / sigmoid
    errors = grid_errors(lambda s, p: (60.0 if p == ("sigmoid", "relu") else 30.0 - 0.1 * (p[0] == "relu")) / np.log2(s + 1))
    cells = compression.manifest_cells(grid_manifest(errors))
    assert len(cells) == 12 and cells[0].size == 2 and cells[-1].size == 64
    assert cells[0].mse == pytest.approx(cells[0].squared_error / 784)
    pca = [compression.cell_of("pca", s, e) for s, e in zip(compression.SIZES, (10.0, 5.0, 3.0, 1.0))]
    c = compression.conclude(cells + pca, mean_error=40.0)
    assert c.sizes == compression.SIZES and c.cells == 12 and c.limit == pytest.approx(36.0)
    assert c.stuck == ("d' = 2, sigmoid / relu",)  # 60 / log2(3) = 37.9 > 36; every other cell is below 19
    assert (c.best, c.best_wins) == ("relu / sigmoid", 4) and (c.worst, c.worst_losses) == ("sigmoid / relu", 4)
    assert c.ratio == pytest.approx(60 / 29.9)
    assert c.not_shrinking == ()  # more code, less error everywhere
    assert c.ae_beats_pca == () and c.pca_beats_ae == compression.SIZES  # e.g. 29.9 / log2(3) = 18.9 > 10 at 2
    assert set(compression.worst_pair_by_size(cells).values()) == {"sigmoid / relu"}  # spaced: a header breaks there

    # one pair gets worse with more code; PCA loses at the small sizes; no mean digit known
    errors[(64, ("relu", "sigmoid"))] = 50.0
    pca = [compression.cell_of("pca", s, e) for s, e in zip(compression.SIZES, (100.0, 90.0, 1.0, 0.5))]
    c = compression.conclude(compression.manifest_cells(grid_manifest(errors)) + pca, mean_error=None)
    assert c.not_shrinking == ("relu / sigmoid",) and c.stuck == () and c.limit is None
    assert c.ae_beats_pca == (2, 8) and c.pca_beats_ae == (32, 64)

    partial = compression.manifest_cells(grid_manifest({k: v for k, v in errors.items() if k[0] != 8}))
    assert compression.conclude(partial, 50.0).sizes == (2, 32, 64)
    empty = compression.conclude([], 50.0)
    assert empty.sizes == () and empty.best is None and empty.ratio is None and empty.stuck == ()


def test_the_committed_grid_is_past_the_plateau_and_more_code_reconstructs_better():
    """Issue 16: every cell of the shipped grid has left the mean-digit plateau (test squared error
    at most 90 % of the mean training digit's), and within each pair a bigger code reconstructs better."""
    models = zoo.read_manifest()["models"]
    mean = compression.manifest_mean_error(models.get("pca"))
    assert mean is not None, "the manifest's PCA entry lacks squared_error_k0 (the mean digit): retrain pca"
    cells = compression.manifest_cells(models)
    assert len(cells) == 12
    conclusion = compression.conclude(cells, mean)
    assert conclusion.stuck == (), f"on the plateau (limit {conclusion.limit:.2f}): {conclusion.stuck}"
    assert conclusion.not_shrinking == ()


def test_pair_recipes_come_from_the_manifest():
    models = {compression.grid_name(s, *p): {"recipe": {"epochs": 25, "epochs_run": 25, "batch_size": 16 * (1 + i),
                                                        "learning_rate": 0.01, "output_bias_init": 0.1 if p[1] == "relu" else None}}
              for s in compression.SIZES for i, p in enumerate(compression.PAIRS)}
    recipes = compression.pair_recipes(models)
    assert [r.pair for r in recipes] == list(compression.PAIRS)
    assert [r.batch_size for r in recipes] == [16, 32, 48]
    assert [r.loss for r in recipes] == [dense_ae_presets.LOSS_BY_DECODER[p[1]] for p in compression.PAIRS]
    assert [r.output_bias_init for r in recipes] == [None, None, 0.1]
    assert compression.pair_recipes({}) == []


def test_rate_distortion_of_pca_falls_with_the_code_size(digits, mnist_sample):
    pca = PCA().fit(mnist_sample.x_train[::20])  # 250 digits of every class
    measured = compression.measure_cells({"pca": pca}, digits)
    series = compression.rate_distortion(measured)
    sizes, errors = series[compression.pair_label(("pca", "pca"))]  # "pca / pca"
    assert sizes == list(compression.SIZES)
    assert all(a > b for a, b in zip(errors, errors[1:]))  # more code, less error
    rows = compression.comparison_rows(compression.pca_cells({"test_metrics": {"squared_error_k8": 1.5, "bce_k8": 9.0}}),
                                       measured)
    assert [r["size"] for r in rows] == list(compression.SIZES)
    assert rows[1]["test_squared_error"] == 1.5 and rows[1]["test_bce"] == 9.0 and rows[0]["test_squared_error"] is None
    assert rows[2]["measured_squared_error"] == pytest.approx(errors[2])
    assert rows[0]["params"] == 784 * 2 + 784
    empty = compression.measure_cells({"pca": pca}, digits[:0])
    assert all(c.squared_error is None for c in empty)


def test_reconstructions_and_digit_errors(digits):
    pca = PCA().fit(digits)
    images = compression.reconstructions(pca, digits[:3], size=8)
    assert images.shape == (3, 28, 28) and images.min() >= 0 and images.max() <= 1
    errors = compression.digit_errors({"pca": pca}, digits[0, ..., 0])
    assert set(errors) == {(s, "PCA") for s in compression.SIZES}
    assert errors[(2, "PCA")] > errors[(64, "PCA")]


def test_grid_measurements_are_the_cells_measured_on_the_lesson_digits_as_arrays(mnist_sample):
    pca = PCA().fit(mnist_sample.x_train[::20])
    arrays = compression.grid_measurements({"pca": pca}, mnist_sample)
    assert all(isinstance(v, np.ndarray) for v in arrays.values())  # storable on disk
    cells = compression.cells_from(arrays)
    direct = compression.measure_cells({"pca": pca}, lesson_digits(mnist_sample))
    assert [(c.name, c.size, c.pair) for c in cells] == [(c.name, c.size, c.pair) for c in direct]
    for got, want in zip(cells, direct):
        assert got.squared_error == pytest.approx(want.squared_error) and got.bce == pytest.approx(want.bce)


# --- the page -----------------------------------------------------------------------------------


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_compression_table_is_the_manifest_s_and_the_measured_numbers(lang):
    models = zoo.read_manifest()["models"]
    cells = compression.manifest_cells(models)
    assert len(cells) == len(compression.SIZES) * len(compression.PAIRS)  # the committed zoo has the whole grid
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
    x = lesson_digits(load_mnist(use_keras=False))
    expected = compression.measure_cells({c.name: zoo.load_pretrained(c.name) for c in cells[:2]}, x)
    for cell in expected:
        row = table[(table[size] == cell.size) & (table[pair] == compression.pair_label(cell.pair))]
        assert row[measured].iloc[0] == pytest.approx(cell.squared_error, rel=1e-5)
    # the conclusion is the one computed from the manifest's numbers, in the page's language
    conclusion = compression.conclude(cells + compression.pca_cells(models["pca"]),
                                      compression.manifest_mean_error(models["pca"]))
    shown = texts(at)
    assert tr("comp_conclusion_ranking", lang, best=conclusion.best, best_wins=conclusion.best_wins,
              sizes=len(conclusion.sizes), worst=conclusion.worst, worst_losses=conclusion.worst_losses,
              ratio=conclusion.ratio) in shown
    assert tr("comp_conclusion_plateau_all", lang, cells=12, mean=conclusion.mean_error, limit=conclusion.limit,
              share=compression.PLATEAU_SHARE) in shown
    digit_table = at.dataframe[1].value  # the picked digit through every cell
    errors = compression.digit_errors({c.name: zoo.load_pretrained(c.name) for c in cells[:1]}, at.session_state["digit"])
    (cell_size, label), value = next(iter(errors.items()))
    assert digit_table.loc[cell_size, label] == pytest.approx(value, rel=1e-5)


@app_test
def test_compression_without_the_grid_explains_itself(monkeypatch):
    only_available(monkeypatch, lambda name: "grid" not in get_spec(name).tags)
    at = open_page("compression", "en")
    assert not at.exception
    assert any("not in the pretrained zoo yet" in w.value for w in at.warning)
