"""AppTest: the shell around the pages: the language, navigation to every page, the dataset switch."""

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
    assert set(HEADINGS) == {name for _, name, _, _ in shell.PAGES} - {"home"}


@pytest.mark.parametrize("locale, expected", [("es-ES", "es"), ("en-GB", "en"), ("fr-FR", "es"), (None, "es")])
def test_language_starts_from_the_browser_locale(locale, expected):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=180)
    if locale:
        at.context["locale"] = locale
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == expected
    title = i18n.TABLE["home_title"][0 if expected == "en" else 1]
    assert at.title[0].value == title


def test_switching_language_changes_every_string_on_the_page():
    # The sidebar switch itself is clicked in the browser test; here its state changes.
    at = open_page(None, "es")
    assert any(h.value == "Qué puedes hacer" for h in at.header)
    at.session_state["lang"] = "en"
    at.run()
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
    at.sidebar.segmented_control(key="dataset_switch")  # the switch is there
    at.session_state["dataset"] = "fashion_mnist"
    at.session_state["digit"] = None
    at.run()
    assert not at.exception
    assert np.array_equal(at.session_state["digit"], fashion.x_test[0, ..., 0])


@pytest.mark.parametrize("page", LESSONS_ON_MNIST)
def test_with_fashion_in_the_sidebar_the_lessons_stay_on_mnist(page):
    at = open_page(page, "en", run=False)
    at.session_state["dataset"] = "fashion_mnist"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert tr("lesson_mnist_only", "en") in texts(at)
