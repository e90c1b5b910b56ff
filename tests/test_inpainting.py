"""Inpainting: hide part of a digit and let an autoencoder fill it in, judged on the hidden pixels
(ae_core.lab.inpainting and the page, with MNIST and with Fashion-MNIST in the sidebar)."""

import numpy as np
import pytest

from ae_core import zoo
from ae_core.corrupt import half_mask
from ae_core.data import load_mnist
from ae_core.lab.common import classify
from ae_core.lab.inpainting import brush_mask, inpaint_digit, mask_for
from tests import apptest_support
from tests.apptest_support import app_test, canvas_payload, open_page, texts, tr, trained_names


# --- ae_core.lab.inpainting ---------------------------------------------------------------------


def test_a_painted_canvas_becomes_a_mask_of_the_cells_it_covers():
    rgba = np.zeros((280, 280, 4), np.uint8)
    assert not brush_mask(rgba).any()
    rgba[:, :140, 3] = 255  # the left half painted
    np.testing.assert_array_equal(brush_mask(rgba), half_mask("left"))
    light = np.zeros((280, 280, 4), np.uint8)
    light[:2, :2, 3] = 255  # a cell is 10 x 10 canvas pixels: 4% of cell (0, 0), below the threshold
    assert not brush_mask(light).any()
    assert brush_mask(light, threshold=0.01).sum() == 1 and brush_mask(light, threshold=0.01)[0, 0]
    np.testing.assert_array_equal(mask_for("brush", rgba), half_mask("left"))
    assert not mask_for("brush").any() and mask_for("top").sum() == 14 * 28


class Filler:
    """A stand-in inpainter: outputs a constant image."""

    def __init__(self, value):
        self.value = value

    def reconstruct(self, x):
        return np.full(np.shape(x), self.value, "float32")


def test_inpaint_digit_blanks_the_mask_and_scores_only_the_hidden_pixels(digits):
    digit, mask = digits[5, ..., 0], mask_for("right")
    result = inpaint_digit(Filler(0.0), digit, mask)
    assert not result.masked[mask].any() and np.array_equal(result.masked[~mask], digit[~mask])
    assert result.hidden_share == 0.5
    assert result.hidden_error == pytest.approx(float(np.sum(digit[mask] ** 2)), rel=1e-5)
    np.testing.assert_array_equal(result.filled[~mask], digit[~mask])  # the visible pixels are kept
    assert not result.filled[mask].any()  # the hidden ones are the model's (here 0)
    assert inpaint_digit(Filler(1.0), digit, mask).filled[mask].min() == 1.0


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_digit():
    x, _ = load_mnist(use_keras=False).evaluation_split()
    return x[0, ..., 0]


def picked(lang="en"):
    at = open_page("inpainting", lang, run=False)
    at.session_state["inpaint_input_mode"] = "pick"
    at.run()
    return at


@app_test
@pytest.mark.parametrize("lang, single", [("en", "filled in"), ("es", "rellenado")])
def test_inpainting_errors_and_verdicts_match_a_direct_computation(lang, single, first_digit):
    at = picked(lang)
    assert not at.exception
    result = inpaint_digit(zoo.load_pretrained("inpainting_ae"), first_digit, mask_for("right"))
    shown = texts(at)
    cards = apptest_support.cards(at, "inpaint_cards")
    assert [title for title, _ in cards] == [tr("inpaint_original", lang), tr("inpaint_masked", lang), single]
    assert cards[2][1] == (tr("inpaint_hidden_error", lang, value=result.hidden_error),)
    assert tr("hidden_share", lang, share=result.hidden_share) in shown
    classifier = zoo.load_pretrained("digit_classifier")
    for image in (first_digit, result.masked, result.filled):
        label, confidence, _ = classify(classifier, image)
        assert tr("verdict", lang, label=label, confidence=confidence) in shown


@app_test
def test_inpainting_each_half(first_digit):
    at = picked()
    for side in ("left", "top", "bottom"):
        at.segmented_control(key="inpaint_mask").set_value(side).run()
        assert not at.exception
        expected = inpaint_digit(zoo.load_pretrained("inpainting_ae"), first_digit, mask_for(side))
        assert apptest_support.cards(at, "inpaint_cards")[-1][1] == (
            tr("inpaint_hidden_error", "en", value=expected.hidden_error),)
    assert "refined" not in texts(at)


@app_test
def test_painted_masks_that_hide_nothing_or_everything():
    at = picked()
    at.segmented_control(key="inpaint_mask").set_value("brush").run()
    assert not at.exception
    assert "The mask hides nothing" in texts(at)
    everything = np.zeros((280, 280, 4), np.uint8)
    everything[..., 0], everything[..., 3] = 255, 255
    at.session_state["inpaint_brush"] = canvas_payload(everything)
    at.run()
    assert not at.exception
    assert "hides the whole image" in texts(at)
    assert "100% of the pixels hidden" in texts(at)


def fashion_page():
    at = open_page("inpainting", "en", run=False)
    at.session_state["data"] = "fashion_mnist"
    at.run()
    assert not at.exception
    return at


@app_test
def test_with_fashion_and_no_fashion_inpainter_the_page_says_so(fashion):
    assert trained_names(tag="inpaint", dataset="fashion_mnist") == []  # the committed zoo has none
    at = fashion_page()
    assert "No inpainting model is trained for Fashion-MNIST" in texts(at)
    assert "filled in" not in texts(at)


@app_test
def test_with_fashion_an_inpainter_listed_for_it_fills_the_clothes_in(fashion, monkeypatch):
    from pages.common import cache

    original = cache.available

    def available(**filters):  # as if the manifest listed an inpainter for Fashion-MNIST
        if filters.get("tag") == "inpaint" and filters.get("dataset") == "fashion_mnist":
            return ["inpainting_ae"]
        return original(**filters)

    monkeypatch.setattr(cache, "available", available)
    at = fashion_page()
    shown = texts(at)
    assert "No inpainting model is trained for Fashion-MNIST" not in shown and "filled in" in shown
    expected = inpaint_digit(zoo.load_pretrained("inpainting_ae"), fashion.x_test[0, ..., 0], mask_for("right"))
    errors = [lines for _, lines in apptest_support.cards(at, "inpaint_cards") if lines]
    assert errors == [(tr("inpaint_hidden_error", "en", value=expected.hidden_error),)]
    assert "no classifier for clothes" in shown
