"""AppTest: the shell around the pages: the language, navigation to every page in the course's
order, the dataset and view switches, and the state a URL carries (pages.common.state)."""

import numpy as np
import pytest

from pages.common import i18n, shell
from tests.apptest_support import APP, open_page, texts, tr

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prepared_zoo")]

# Each page's heading (ui.header's title key); the home page's is "home_title".
HEADINGS = {
    "draw": "draw_title", "noise_lab": "noise_title", "inpainting": "inpaint_title", "latent_map": "latent_title",
    "vae_explorer": "vae_title", "image_search": "search_title", "pca_linear_ae": "pcalin_title",
    "compression": "comp_title", "sparse": "sparse_title", "tied": "tied_title", "recurrent": "rec_title",
    "pretraining": "pretrain_title", "anomalies": "anomaly_title", "train_your_own": "own_title",
}
LESSONS_ON_MNIST = ["compression", "sparse", "tied", "recurrent"]


def test_the_headings_cover_every_page_of_the_navigation():
    assert set(HEADINGS) == {name for _, name, _, _ in shell.PAGES} - shell.UNNUMBERED


@pytest.mark.parametrize("locale, expected", [("es-ES", "es"), ("en-GB", "en"), ("pt-BR", "pt_BR"), ("pt-PT", "pt_BR"),
                                              ("fr-FR", "es"), (None, "es")])
def test_language_starts_from_the_browser_locale(locale, expected):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=180)
    if locale:
        at.context["locale"] = locale
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == expected
    assert at.title[0].value == tr("home_title", expected)
    assert "lang" not in at.query_params  # the browser's own language is not written into links


def test_switching_language_changes_every_string_on_the_page():
    # The sidebar switch is the session's language (its key is "lang").
    at = open_page(None, "es")
    assert any(h.value == "Qué puedes hacer" for h in at.header)
    switch = at.sidebar.segmented_control(key="lang")
    assert switch.options == list(i18n.LANGUAGES.values())  # each language in its own words
    switch.set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Autoencoder Lab"
    assert any(h.value == "What you can do" for h in at.header)
    assert "Qué" not in texts(at)


@pytest.mark.parametrize("page", sorted(HEADINGS))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_opens_without_errors_in_both_languages(page, lang, caplog):
    at = open_page(page, lang)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == tr(HEADINGS[page], lang)
    assert any(e.label == tr("show_code", lang) for e in at.expander)
    # A key missing from the translation table is logged (and shown as itself): none here.
    missing = [r.getMessage() for r in caplog.records if "missing translation key" in r.getMessage()]
    assert not missing, missing


def test_switching_dataset_drops_the_digit_of_the_other_dataset(fashion):
    at = open_page("noise_lab", "en")
    mnist_digit = at.session_state["digit"]
    assert mnist_digit is not None
    switch = at.sidebar.segmented_control(key="data")
    assert [o.strip() for o in switch.options] == [tr("dataset_short_mnist", "en").strip(),
                                                   tr("dataset_short_fashion_mnist", "en").strip()]
    switch.set_value("fashion_mnist").run()  # its on_change (state.dataset_changed) drops the digit
    assert not at.exception
    assert np.array_equal(at.session_state["digit"], fashion.x_test[0, ..., 0])
    assert at.query_params["data"] == "fashion_mnist"


@pytest.mark.parametrize("page", LESSONS_ON_MNIST)
def test_with_fashion_in_the_sidebar_the_lessons_stay_on_mnist(page):
    at = open_page(page, "en", run=False)
    at.session_state["data"] = "fashion_mnist"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert tr("lesson_mnist_only", "en") in texts(at)


# --- the course's order in the navigation -----------------------------------------------------------


def test_the_navigation_lists_home_then_the_lessons_in_the_course_s_order_then_the_class():
    from pages.common.guide import COURSE

    assert [name for _, name, _, _ in shell.PAGES] == ["home"] + [name for name, _ in COURSE] + ["classroom"]
    # Each page's title key is the guide's key for it (the previous/next links use the same titles).
    assert [title for _, _, title, _ in shell.PAGES[1:-1]] == [f"page_{key}" for _, key in COURSE]
    sections = [section for section, _, _, _ in shell.PAGES]
    assert list(dict.fromkeys(sections)) == ["nav_section_start", "nav_section_basics", "nav_section_variants",
                                            "nav_section_latent", "nav_section_uses", "nav_section_class"]
    assert sections == sorted(sections, key=sections.index)  # each section in one run


def test_the_sidebar_numbers_the_lessons(monkeypatch):
    import streamlit as st

    seen = {}
    original = st.navigation

    def navigation(pages, **options):
        seen.clear()
        seen.update({section: [page.title for page in items] for section, items in pages.items()})
        return original(pages, **options)

    monkeypatch.setattr(st, "navigation", navigation)
    at = open_page(None, "es")
    assert not at.exception
    assert list(seen) == [tr(key, "es") for key in dict.fromkeys(s for s, _, _, _ in shell.PAGES)]
    titles = [title for items in seen.values() for title in items]
    assert titles[0] == tr("page_home", "es")
    assert titles[1] == "1. Dibuja y reconstruye"
    assert titles[1:-1] == [f"{n}. {tr(title, 'es')}" for n, (_, _, title, _) in enumerate(shell.PAGES[1:-1], start=1)]
    assert titles[-1] == tr("page_classroom", "es")  # not a lesson: no number


# --- the state a URL carries ---------------------------------------------------------------------


def url_page(page=None, **params):
    """An AppTest opened from a link with these query parameters (a fresh session)."""
    from streamlit.testing.v1 import AppTest

    from pages.common.guide import COURSE

    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    for name, _ in COURSE:
        at.session_state[f"guide_{name}_shown"] = True
    if page:
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_link_sets_the_language_and_the_view():
    at = url_page("draw", lang="pt_BR", view="projector")
    assert at.session_state["lang"] == "pt_BR" and at.session_state["view"] == "projector"
    assert at.title[0].value == tr("draw_title", "pt_BR")
    assert at.sidebar.segmented_control(key="lang").value == "pt_BR"
    assert at.sidebar.segmented_control(key="view").value == "projector"
    assert at.query_params["lang"] == "pt_BR" and at.query_params["view"] == "projector"  # kept for a reload
    at.sidebar.segmented_control(key="view").set_value("normal").run()
    assert "view" not in at.query_params  # the default is left out of the link


def test_a_link_s_switches_give_streamlit_nothing_to_warn_about(monkeypatch):
    from streamlit.elements.lib import policies

    warned = []
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)  # it warns once per process
    monkeypatch.setattr(policies._LOGGER, "warning", lambda message, *args, **kw: warned.append(message % args))
    at = url_page("draw", lang="en", view="projector", data="fashion")
    assert at.sidebar.segmented_control(key="view").value == "projector"
    assert not [w for w in warned if "default value" in w], warned


def test_a_link_with_values_it_does_not_know_opens_the_defaults():
    at = url_page("draw", lang="xx", view="huge", data="cifar", digit="not-a-digit")
    assert at.session_state["lang"] == "es" and at.session_state["view"] == "normal"
    assert at.session_state["data"] == "mnist" and at.session_state["digit"] is None
    assert not at.error
    assert not set(at.query_params) & {"lang", "view", "data", "digit"}


def test_switching_language_writes_it_into_the_link():
    at = open_page("draw", "es")
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == tr("draw_title", "en")
    assert at.query_params["lang"] == "en"


def test_a_picked_digit_goes_into_the_link_and_back():
    from ae_core.data import load_mnist

    x, _ = load_mnist(use_keras=False).evaluation_split()
    at = open_page("draw", "en")
    at.segmented_control(key="draw_input_mode").set_value("pick").run()
    at.number_input(key="draw_pick_index").set_value(7).run()
    assert at.query_params["digit"] == "p.mnist.7"
    again = url_page("noise_lab", lang="en", digit="p.mnist.7")  # the link, opened by another student
    assert np.array_equal(again.session_state["digit"], x[7, ..., 0])
    assert again.session_state["digit_source"] == {"kind": "picked", "dataset": "mnist", "index": 7}
    assert again.session_state["noise_input_mode"] == "pick" and again.session_state["noise_pick_index"] == 7
    assert "#7 · label" in texts(again)
    assert url_page(digit=f"p.mnist.{len(x)}").session_state["digit"] is None  # past the end: none


def test_a_drawn_digit_goes_into_the_link_with_its_strokes(monkeypatch):
    from ae_core import shareable
    from tests.apptest_support import ImageRecorder, canvas_payload, cards, stroke_rgba

    recorder = ImageRecorder(monkeypatch)
    at = open_page("draw", "en")
    recorder.clear()
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    # The page works on the digit the link carries (8-bit), not on a finer copy of it.
    assert np.array_equal(recorder.shown[0][0], at.session_state["digit"])
    code = at.query_params["digit"]
    assert code.startswith("d.") and len(code) < shareable.MAX_TEXT
    again = url_page("draw", lang="en", digit=code)
    assert np.array_equal(again.session_state["digit"], at.session_state["digit"])
    assert again.session_state["digit_source"]["kind"] == "drawn"
    strokes = again.session_state["drawing_json"]
    sent = canvas_payload(stroke_rgba())["drawing"]["raw"]["objects"]
    assert len(strokes) == len(sent) and strokes[0]["points"] == sent[0]["points"]
    assert tr("source_restored", "en") in texts(again)
    assert again.session_state["draw_input_mode"] == "draw"
    assert cards(again, "draw_cards") == cards(at, "draw_cards")  # the same numbers for whoever opens it


def test_an_uploaded_digit_goes_into_the_link_as_its_pixels():
    from ae_core import shareable
    from tests.apptest_support import png_bytes, upload_payload

    at = open_page("draw", "en")
    at.segmented_control(key="draw_input_mode").set_value("upload").run()
    paper = np.full((120, 90), 245, np.uint8)
    paper[15:105, 40:52] = 20
    at.session_state["draw_upload"] = upload_payload("one.png", png_bytes(paper))
    at.run()
    code = at.query_params["digit"]
    assert code.startswith("u.")
    np.testing.assert_array_equal(shareable.decode(code)["image"], at.session_state["digit"])
    again = url_page("noise_lab", lang="en", digit=code)
    assert np.array_equal(again.session_state["digit"], at.session_state["digit"])
    assert again.session_state["digit_source"]["kind"] == "uploaded"
    assert tr("source_restored", "en") in texts(again)


def test_a_link_to_a_fashion_item_opens_the_clothes(fashion):
    at = url_page("draw", digit="p.fashion_mnist.3")
    assert at.session_state["data"] == "fashion_mnist"
    assert np.array_equal(at.session_state["digit"], fashion.x_test[3, ..., 0])
    assert at.query_params["data"] == "fashion_mnist" and at.query_params["digit"] == "p.fashion_mnist.3"


# --- a machine without Fashion-MNIST (only the README's app command ran, offline) ------------------


@pytest.fixture
def no_fashion(monkeypatch):
    from ae_core import data
    from pages.common import cache

    original = cache.dataset

    def dataset(name):
        if name == "fashion_mnist":
            raise data.DataUnavailable("Fashion-MNIST: no source found (removed by the test)", dataset=name)
        return original(name)

    monkeypatch.setattr(cache, "dataset", dataset)


@pytest.mark.parametrize("page", [None, *sorted(HEADINGS)])
def test_without_fashion_mnist_no_page_offers_clothes_and_the_switch_says_why(page, no_fashion):
    from ae_core.data import FETCH_COMMAND

    from tests.apptest_support import as_server

    at = open_page(page, "es", run=False)
    at.query_params["data"] = "fashion_mnist"  # a link made on a machine that has them
    with as_server():
        at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    switch = at.sidebar.segmented_control(key="data")
    assert switch.options == [tr("dataset_short_mnist", "es")] and switch.value == "mnist"
    assert tr("fashion_missing_switch", "es", command=FETCH_COMMAND) in [c.value for c in at.sidebar.caption]
    allowed = {tr("anomaly_no_fashion", "es", command=FETCH_COMMAND)} if page == "anomalies" else set()
    assert {w.value for w in at.warning} <= allowed, [w.value for w in at.warning]
    shown = texts(at)
    assert "removed by the test" not in shown and "Provide it" not in shown
    assert tr("dataset_short_fashion_mnist", "es") not in [o for s in at.segmented_control for o in s.options]
