"""AppTest: the shell (language, navigation) and the home page, in both languages."""

import numpy as np
import pytest

from ae_core import zoo
from pages.common import i18n
from tests.apptest_support import APP, open_page, texts, vega_chart

pytestmark = pytest.mark.slow


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


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_lists_every_pretrained_model_with_its_facts(lang):
    at = open_page(None, lang)
    assert not at.exception
    models = zoo.read_manifest()["models"]
    cards = [info for info in models.values() if "grid" not in info["tags"]]
    shown = texts(at)
    for info in cards:
        assert f"**{info['title'][lang]}**" in shown
        assert f"{info['params']:,}" in shown
    if "dense_ae_30" in models:
        assert f"{models['dense_ae_30']['test_metrics']['squared_error']:.2f}" in shown
        # The picture: a digit, its 30 code values as bars, and the reconstruction.
        _, code = vega_chart(at)
        assert len(code["y"]) == 30 and np.ptp(code["y"]) > 0
        assert i18n.t("home_input", lang) in shown and i18n.t("home_output", lang) in shown


@pytest.mark.parametrize("page", ["draw", "noise_lab", "inpainting"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_opens_without_errors(page, lang):
    at = open_page(page, lang)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == i18n.TABLE[f"{'noise' if page == 'noise_lab' else page.replace('inpainting', 'inpaint')}_title"][0 if lang == "en" else 1]
