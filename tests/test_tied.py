"""Tied weights: a decoder that reuses the encoder's kernels, transposed, has about half the
parameters (ae_core.lab.tied and the page).

No Keras in the lab tests: the models are hand-built serving programs.
"""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab import tied
from ae_core.registry import get_spec
from pages.common import i18n
from tests.apptest_support import app_test, listed, open_page, pick, texts, tr, without_model
from tests.program_support import dense_program

# --- ae_core.lab.tied ---------------------------------------------------------------------------


def test_parameter_formula_matches_keras_counts_and_halves():
    untied = tied.dense_parameters([784, 512, 256, 128, 30], tied=False)
    tied_counts = tied.dense_parameters([784, 512, 256, 128, 30], tied=True)
    assert untied["total"] == 1_140_782  # DenseAE(hidden_units=(512, 256, 128), latent_dim=30).count_params()
    assert tied_counts["total"] == 571_694  # TiedAE of the same shape
    assert tied_counts["decoder_kernels"] == 0
    assert 0.49 < tied_counts["total"] / untied["total"] < 0.51


def test_mirror_difference_and_encoder_filters():
    tied_model, untied_model = dense_program([784, 20, 5], True), dense_program([784, 20, 5], False)
    assert tied.mirror_difference(tied_model) == 0.0
    assert tied.mirror_difference(untied_model) > 0.1
    filters = tied.encoder_filters(tied_model, 8)
    assert filters.shape == (8, 28, 28) and 0 <= filters.min() and filters.max() <= 1
    assert tied.encoder_filters(tied_model, 10_000).shape == (20, 28, 28)
    assert tied.encoder_filters(tied_model, 0).shape == (0, 28, 28)
    assert tied.first_layer_units(tied_model) == 20


# --- the page -----------------------------------------------------------------------------------


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_tied_parameters_and_errors_come_from_the_manifest(lang):
    info = listed("tied_ae", "dense_ae_30")
    at = pick(open_page("tied", lang), "tied", 2)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table[tr("tied_col_manifest", lang)]) == [info["dense_ae_30"]["params"], info["tied_ae"]["params"]]
    assert list(table[tr("tied_col_formula", lang)]) == list(table[tr("tied_col_manifest", lang)])
    ratio = info["tied_ae"]["params"] / info["dense_ae_30"]["params"]
    assert f"**{i18n.number(ratio, '.1%', lang)}**" in texts(at) and 0.45 < ratio < 0.55  # Spanish "50,1 %"
    shown = texts(at)
    for name in ("tied_ae", "dense_ae_30"):
        assert tr("tied_test_error", lang, value=info[name]["test_metrics"]["squared_error"]) in shown
        served = zoo.load_pretrained(name)
        digit = at.session_state["digit"].reshape(1, 28, 28, 1)
        error = float(np.sum((np.clip(served.reconstruct(digit), 0, 1) - digit) ** 2))
        assert tr("tied_digit_error", lang, value=error) in shown
    assert "**0**" in shown  # the tied decoder's last kernel is the encoder's first, transposed
    units = get_spec("tied_ae").config["hidden_units"][0]
    assert tr("tied_filters_caption", lang, n=64, units=units) in shown
    assert tied.mirror_difference(zoo.load_pretrained("tied_ae")) == 0.0


@app_test
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
