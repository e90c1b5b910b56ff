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
from pages.common import i18n
from tests import apptest_support
from tests.apptest_support import (
    ImageRecorder, app_test, canvas_payload, click, open_page, png_bytes, stroke_rgba, texts, tr, trained_names,
    upload_payload,
)

RANK = re.compile(r"^\D*(\d+)\D+(\d+)$")  # "rank 2 of 9" / "puesto 2 de 9"


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


def parse_number(text: str, lang: str) -> float:
    """A number as the page writes it in ``lang`` ("2,4" in Spanish)."""
    decimal, thousands = i18n.separators(lang)
    return float(text.replace(thousands, "").replace(decimal, "."))


def cards(at, lang="en", key="draw_cards"):
    """(rank, title, total, error) of the page's reconstruction cards, in the order shown."""
    shown = []
    for title, lines in apptest_support.cards(at, key):
        rank, total = RANK.match(lines[0]).groups()
        assert lines[0] == tr("draw_rank", lang, rank=int(rank), total=int(total))
        shown.append((int(rank), title, int(total), parse_number(lines[1].split()[-1], lang)))
    return shown


def best(at, lang="en"):
    """(rank, title, error) of the three best cards under the canvas ("1. PCA (k=30)", "error 12.3")."""
    shown = []
    for title, lines in apptest_support.cards(at, "draw_best"):
        rank, name = title.split(". ", 1)
        shown.append((int(rank), name, parse_number(lines[0].split()[-1], lang)))
    return shown


def page_title(name, k=30, lang="en"):
    from pages.common import ui

    return f"PCA (k={k})" if name == "pca" else ui.model_title(name, lang)


def drawn(lang="en", revealed=True):
    at = open_page("draw", lang, revealed=revealed)
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception
    return at


@app_test
@pytest.mark.parametrize("lang, prompt", [("en", "Nothing drawn yet"), ("es", "Aún no hay nada dibujado")])
def test_empty_canvas_gets_a_prompt_and_no_numbers(lang, prompt):
    at = open_page("draw", lang)
    assert not at.exception
    assert prompt in texts(at)
    assert cards(at, lang) == [] and best(at, lang) == []


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_stroke_is_reconstructed_by_every_model_ranked(lang, monkeypatch):
    at = open_page("draw", lang)
    recorder = ImageRecorder(monkeypatch)
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception

    digit = at.session_state["digit"]  # the canvas' digit, 8-bit (what a link carries)
    np.testing.assert_allclose(digit, digit_from_canvas(stroke_rgba()).image, atol=0.5 / 255 + 1e-7)
    models = draw_models()
    expected = reconstruct_all(digit, models)
    rank = {r.name: i + 1 for i, r in enumerate(expected)}
    shown = cards(at, lang)
    # The cards keep the registry's order; each one says its rank and error.
    assert [title for _, title, _, _ in shown] == [page_title(n, lang=lang) for n in models]
    assert [r for r, _, _, _ in shown] == [rank[n] for n in models]
    assert {total for _, _, total, _ in shown} == {len(expected)}
    by_name = {r.name: r for r in expected}
    assert [err for _, _, _, err in shown] == [round(by_name[n].squared_error, 1) for n in models]
    # The three best, under the canvas, best first.
    assert best(at, lang) == [(i + 1, page_title(r.name, lang=lang), round(r.squared_error, 1))
                              for i, r in enumerate(expected[:3])]
    # The preprocessed digit and every reconstruction are the pictures on screen.
    assert np.array_equal(recorder.shown[0][0], digit)
    grid = recorder.grid("draw_cards")
    assert len(grid) == len(expected)
    for name, card in zip(models, grid):
        assert np.array_equal(card.picture, by_name[name].image)
    label, confidence, _ = classify(zoo.load_pretrained("digit_classifier"), digit)
    assert f"**{label}**" in texts(at)
    assert i18n.number(confidence, ".0%", lang) in texts(at)
    # Beside the reading: how well it reads other digits, as its manifest entry measured them.
    measured = zoo.read_manifest()["models"]["digit_classifier"]["test_metrics"]
    assert i18n.number(measured["other_writers_accuracy"], ".1%", lang) in texts(at)


@app_test
def test_sort_by_error_puts_the_cards_best_first():
    at = drawn()
    unsorted = cards(at)
    at.toggle(key="draw_sort_by_error").set_value(True).run()
    assert not at.exception
    ranked = cards(at)
    assert [r for r, _, _, _ in ranked] == list(range(1, len(ranked) + 1))
    errors = [err for _, _, _, err in ranked]
    assert errors == sorted(errors)
    assert sorted(ranked) == sorted(unsorted)  # the same cards, another order


@app_test
def test_pca_slider_changes_the_pca_card():
    at = drawn()
    digit = at.session_state["digit"]
    for k in (1, 200):
        at.slider(key="draw_pca_k").set_value(k).run()
        assert not at.exception
        expected = reconstruct_all(digit, {"pca": zoo.load_pretrained("pca").truncated(k)})[0]
        pca_cards = [c for c in cards(at) if c[1] == f"PCA (k={k})"]
        assert pca_cards and pca_cards[0][3] == round(expected.squared_error, 1)


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
    assert best(at)[0][2] == round(expected[0].squared_error, 1)
    assert min(cards(at))[3] == round(expected[0].squared_error, 1)
    at.button(key="draw_pick_random").click().run()
    index = at.session_state["draw_pick_index"]
    assert index == int(np.random.default_rng(0).integers(len(x)))
    assert np.array_equal(at.session_state["digit"], x[index, ..., 0])


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_typed_index_out_of_range_is_brought_back_with_a_note(lang):
    at = open_page("draw", lang)
    at.segmented_control(key="draw_input_mode").set_value("pick").run()
    from ae_core.data import load_mnist

    x, _ = load_mnist(use_keras=False).evaluation_split()
    at.number_input(key="draw_pick_index").set_value(len(x) + 500).run()
    assert not at.exception
    assert at.session_state["draw_pick_index"] == len(x) - 1
    assert np.array_equal(at.session_state["digit"], x[len(x) - 1, ..., 0])
    note = tr("number_kept_in_range", lang, typed=len(x) + 500, kept=len(x) - 1, low=0, high=len(x) - 1)
    assert note in [c.value for c in at.caption]
    at.number_input(key="draw_pick_index").set_value(-3).run()
    assert at.session_state["draw_pick_index"] == 0
    assert tr("number_kept_in_range", lang, typed=-3, kept=0, low=0, high=len(x) - 1) in texts(at)
    at.run()  # the note is said once, not on every later run
    assert not any("outside" in c.value or "fuera" in c.value for c in at.caption)


@app_test
def test_upload_good_then_bad_file_keeps_the_good_digit():
    at = open_page("draw", "en")
    at.segmented_control(key="draw_input_mode").set_value("upload").run()
    paper = np.full((120, 90), 245, np.uint8)
    paper[15:105, 40:52] = 20  # dark ink on light paper: a "1"
    at.session_state["draw_upload"] = upload_payload("one.png", png_bytes(paper))
    at.run()
    assert not at.exception
    good = at.session_state["digit"]
    assert good is not None and good.shape == (28, 28)
    assert "uploaded: one.png" in texts(at)
    at.session_state["draw_upload"] = upload_payload("notes.txt", b"not an image at all", "text/plain")
    at.run()
    assert not at.exception
    assert any("not an image we can read" in w.value for w in at.warning)
    assert np.array_equal(at.session_state["digit"], good)
    assert cards(at)  # the page still shows the reconstructions of the good digit


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_refused_by_the_upload_control_gets_its_message(lang):
    from ae_core.preprocess import MAX_UPLOAD_BYTES

    at = open_page("draw", lang)
    at.segmented_control(key="draw_input_mode").set_value("upload").run()
    at.session_state["draw_upload"] = apptest_support.refused_upload("huge.png", MAX_UPLOAD_BYTES + 1)
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [i18n.option("problem_", "file_too_large", lang, detail="")]
    assert at.session_state["digit"] is None


@app_test
def test_a_carried_over_drawing_reaches_the_other_pages():
    at = drawn()
    digit = at.session_state["digit"]
    at.switch_page("pages/noise_lab.py").run()
    assert not at.exception
    assert at.session_state["noise_input_mode"] == "draw"
    assert np.array_equal(at.session_state["digit"], digit)
    # The Noise lab's canvas mounts with the strokes drawn on the Draw page.
    strokes = canvas_payload(stroke_rgba())["drawing"]["raw"]["objects"]
    assert at.session_state["noise_canvas_initial"] == strokes


@app_test
def test_with_fashion_the_page_offers_pick_and_upload_and_the_fashion_models(fashion):
    at = open_page("draw", "en", run=False)
    at.session_state["data"] = "fashion_mnist"
    at.run()
    assert not at.exception
    assert [o.strip() for o in at.segmented_control(key="draw_input_mode").options] == ["Pick", "Upload"]
    item = fashion.x_test[0, ..., 0]
    assert np.array_equal(at.session_state["digit"], item)
    assert "Ankle boot" in texts(at)  # the label of the first test item, by name
    models = draw_models(dataset="fashion_mnist")
    expected = {r.name: r for r in reconstruct_all(item, models)}
    assert len(expected) >= 2
    assert [err for _, _, _, err in cards(at)] == [round(expected[n].squared_error, 1) for n in models]
    assert "no classifier for clothes" in texts(at)


# --- the "predict first" question ---------------------------------------------------------------


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_results_wait_for_the_prediction_or_a_skip(lang):
    at = drawn(lang, revealed=False)
    question = at.radio(key="guide_draw_choice")
    assert question.value is None
    assert question.options == [page_title(n, lang=lang) for n in draw_models()]
    assert cards(at, lang) == [] and best(at, lang) == []  # nothing told before the guess
    assert tr("reconstructions", lang) not in [h.value for h in at.subheader]
    assert at.button(key="guide_draw_reveal").label == tr("guide_skip", lang)
    click(at, "guide_draw_reveal")
    assert not at.exception
    assert at.session_state["guide_draw_shown"] is True
    assert cards(at, lang) and len(best(at, lang)) == 3
    assert not at.success and not [i for i in at.info if "**" in i.value]  # no guess, no verdict
    # The question folds to one line that says it was skipped: the results come up the page.
    assert not [r for r in at.radio if r.key == "guide_draw_choice"]
    assert tr("guide_skipped", lang) in texts(at)


@app_test
@pytest.mark.parametrize("right", [True, False])
def test_the_verdict_comes_from_the_page_s_own_errors(right):
    at = drawn(revealed=False)
    expected = reconstruct_all(at.session_state["digit"], draw_models())
    guess = expected[0].name if right else expected[-1].name
    at.radio(key="guide_draw_choice").set_value(guess).run()
    assert cards(at) == []  # a guess alone does not reveal
    assert at.button(key="guide_draw_reveal").label == tr("guide_reveal", "en")
    click(at, "guide_draw_reveal")
    assert not at.exception
    best_title = page_title(expected[0].name)
    if right:
        assert [s.value for s in at.success] == [tr("guide_right", "en", answer=best_title)]
    else:
        assert not at.success
        assert tr("guide_wrong", "en", answer=best_title) in [i.value for i in at.info]
    assert best(at)[0][1] == best_title  # the verdict names the card ranked first
    assert tr("guide_your_guess", "en", guess=page_title(guess)) in texts(at)
    # "Ask again" hides the results and forgets the guess.
    click(at, "guide_draw_again")
    assert not at.exception
    assert at.session_state["guide_draw_shown"] is False
    assert at.radio(key="guide_draw_choice").value is None
    assert cards(at) == []


@app_test
def test_a_lesson_page_says_where_it_is_on_the_path():
    from pages.common.guide import COURSE

    at = open_page("draw", "es")
    assert any(m.value.startswith(f"Lección 1 de {len(COURSE)} · ") for m in at.markdown)
    assert any(e.label == "Más sobre esta página" for e in at.expander)
    links = [link.label for link in at.get("page_link")]
    assert tr("guide_next", "es", title=tr("page_pca", "es")) in links
    assert not any(label.startswith("Anterior") for label in links)  # the first lesson
