"""Draw & reconstruct: one digit through every model, best first (ae_core.lab.draw and the page,
with MNIST and with Fashion-MNIST in the sidebar)."""

import re

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab.common import classify
from ae_core.lab.draw import reconstruct_all, with_pca_at
from ae_core.models.pca import PCA
from ae_core.preprocess import digit_from_canvas
from tests.apptest_support import (
    ImageRecorder, app_test, canvas_payload, open_page, png_bytes, stroke_rgba, texts, trained_names,
)
CARD = re.compile(r"^\*\*(\d+)\. (.+)\*\*  \n.*?(\d+\.\d)$", re.S)


def draw_models(pca_k=30, dataset="mnist"):
    """The page's models, loaded here: the zoo's "reconstruct" models of ``dataset``, PCA at ``pca_k``."""
    models = {n: zoo.load_pretrained(n) for n in trained_names(tag="reconstruct", dataset=dataset)}
    return {n: m.truncated(pca_k) if isinstance(m, PCA) else m for n, m in models.items()}


# --- ae_core.lab.draw ---------------------------------------------------------------------------


class Scaled:
    """A stand-in model: its code is the digit, its reconstruction the digit times ``factor``."""

    def __init__(self, factor):
        self.factor = factor

    def encode(self, x):
        return np.asarray(x).reshape(len(x), -1)

    def decode(self, z):
        return self.factor * np.asarray(z).reshape(-1, 28, 28, 1)


def test_reconstruct_all_ranks_by_summed_squared_error_and_clips(digits):
    digit = digits[2, ..., 0]
    results = reconstruct_all(digit, {"half": Scaled(0.5), "same": Scaled(1.0), "bright": Scaled(3.0)})
    assert [r.name for r in results][0] == "same" and results[0].squared_error == pytest.approx(0.0, abs=1e-9)
    half = next(r for r in results if r.name == "half")
    assert half.squared_error == pytest.approx(float(np.sum((0.5 * digit) ** 2)), rel=1e-5)
    bright = next(r for r in results if r.name == "bright")
    assert bright.image.max() <= 1.0  # clipped to [0, 1] before it is scored
    assert [r.squared_error for r in results] == sorted(r.squared_error for r in results)
    assert results[0].image.shape == (28, 28) and results[0].code.shape == (784,)
    assert reconstruct_all(digit, {}) == []


def test_with_pca_at_truncates_pca_only(digits):
    pca, other = PCA(20).fit(digits), Scaled(1.0)
    kept = with_pca_at({"pca": pca, "ae": other}, 7)
    assert kept["ae"] is other and kept["pca"].latent_dim == 7 and pca.latent_dim == 20


# --- the page -----------------------------------------------------------------------------------


def cards(at):
    return [CARD.match(m.value).groups() for m in at.markdown if CARD.match(m.value)]


@app_test
@pytest.mark.parametrize("lang, prompt", [("en", "Nothing drawn yet"), ("es", "Aún no hay nada dibujado")])
def test_empty_canvas_gets_a_prompt_and_no_numbers(lang, prompt):
    at = open_page("draw", lang)
    assert not at.exception
    assert prompt in texts(at)
    assert cards(at) == []


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_stroke_is_reconstructed_by_every_model_best_first(lang, monkeypatch):
    at = open_page("draw", lang)
    recorder = ImageRecorder(monkeypatch)
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception

    digit = digit_from_canvas(stroke_rgba()).image
    expected = reconstruct_all(digit, draw_models())
    shown = cards(at)
    assert [int(rank) for rank, _, _ in shown] == list(range(1, len(expected) + 1))
    assert [float(err) for _, _, err in shown] == [round(r.squared_error, 1) for r in expected]
    errors = [float(err) for _, _, err in shown]
    assert errors == sorted(errors)
    # The preprocessed digit and every reconstruction are the images on screen.
    arrays = [a for a, _ in recorder.shown]
    assert np.array_equal(arrays[0], digit)
    assert len(arrays) == 1 + len(expected)
    for result, array in zip(expected, arrays[1:]):
        assert np.array_equal(array, result.image)
    label, confidence, _ = classify(zoo.load_pretrained("digit_classifier"), digit)
    assert f"**{label}**" in texts(at)
    assert f"{confidence:.0%}" in texts(at)


@app_test
def test_pca_slider_changes_the_pca_card():
    at = open_page("draw", "en")
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    digit = digit_from_canvas(stroke_rgba()).image
    for k in (1, 200):
        at.slider(key="draw_pca_k").set_value(k).run()
        assert not at.exception
        expected = reconstruct_all(digit, {"pca": zoo.load_pretrained("pca").truncated(k)})[0]
        pca_cards = [c for c in cards(at) if c[1] == f"PCA (k={k})"]
        assert pca_cards and float(pca_cards[0][2]) == round(expected.squared_error, 1)


@app_test
def test_picking_a_digit_by_index_and_at_random():
    at = open_page("draw", "en")
    at.segmented_control(key="draw_input_mode").set_value("pick").run()
    at.number_input(key="draw_pick_index").set_value(3).run()
    assert not at.exception
    from ae_core.data import load_mnist

    sample = load_mnist(use_keras=False)
    x, y = sample.evaluation_split()
    assert np.array_equal(at.session_state["digit"], x[3, ..., 0])
    assert f"label {y[3]}" in texts(at)
    expected = reconstruct_all(x[3, ..., 0], draw_models())
    assert float(cards(at)[0][2]) == round(expected[0].squared_error, 1)
    at.button(key="draw_pick_random").click().run()
    index = at.session_state["draw_pick_index"]
    assert index == int(np.random.default_rng(0).integers(len(x)))
    assert np.array_equal(at.session_state["digit"], x[index, ..., 0])


@app_test
def test_upload_good_then_bad_file_keeps_the_good_digit():
    at = open_page("draw", "en")
    at.segmented_control(key="draw_input_mode").set_value("upload").run()
    paper = np.full((120, 90), 245, np.uint8)
    paper[15:105, 40:52] = 20  # dark ink on light paper: a "1"
    at.file_uploader(key="draw_upload").set_value(("one.png", png_bytes(paper), "image/png")).run()
    assert not at.exception
    good = at.session_state["digit"]
    assert good is not None and good.shape == (28, 28)
    assert "uploaded: one.png" in texts(at)
    at.file_uploader(key="draw_upload").set_value(("notes.txt", b"not an image at all", "text/plain")).run()
    assert not at.exception
    assert any("not an image we can read" in w.value for w in at.warning)
    assert np.array_equal(at.session_state["digit"], good)
    assert cards(at)  # the page still shows the reconstructions of the good digit


@app_test
def test_a_carried_over_drawing_reaches_the_other_pages():
    at = open_page("draw", "en")
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    drawn = at.session_state["digit"]
    at.switch_page("pages/noise_lab.py").run()
    assert not at.exception
    assert at.session_state["noise_input_mode"] == "draw"
    assert np.array_equal(at.session_state["digit"], drawn)
    # The Noise lab's canvas mounts with the strokes drawn on the Draw page.
    strokes = canvas_payload(stroke_rgba())["drawing"]["raw"]["objects"]
    assert at.session_state["noise_canvas_initial"] == strokes


@app_test
def test_with_fashion_the_page_offers_pick_and_upload_and_the_fashion_models(fashion):
    at = open_page("draw", "en", run=False)
    at.session_state["dataset"] = "fashion_mnist"
    at.run()
    assert not at.exception
    assert [o.strip() for o in at.segmented_control(key="draw_input_mode").options] == ["Pick", "Upload"]
    item = fashion.x_test[0, ..., 0]
    assert np.array_equal(at.session_state["digit"], item)
    assert "Ankle boot" in texts(at)  # the label of the first test item, by name
    expected = reconstruct_all(item, draw_models(dataset="fashion_mnist"))
    assert len(expected) >= 2
    assert [float(err) for _, _, err in cards(at)] == [round(r.squared_error, 1) for r in expected]
    assert "no classifier for clothes" in texts(at)
