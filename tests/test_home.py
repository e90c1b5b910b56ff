"""Home: one digit through the 30-d autoencoder, and a card per zoo model (ae_core.lab.home and the page)."""

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab.home import CARD_METRICS, encode_decode, model_cards
from ae_core.models.pca import PCA
from ae_core.registry import get_spec, list_models
from pages.common import i18n
from tests.apptest_support import open_page, texts, vega_chart

# --- ae_core.lab.home ---------------------------------------------------------------------------


def test_encode_decode_gives_the_code_and_the_clipped_reconstruction(digits):
    pca = PCA(12).fit(digits)
    code, output = encode_decode(pca, digits[4, ..., 0])
    assert code.shape == (12,) and output.shape == (28, 28)
    np.testing.assert_allclose(code, pca.encode(digits[4:5])[0], atol=1e-6)
    np.testing.assert_allclose(output, np.clip(pca.reconstruct(digits[4:5]), 0, 1)[0, ..., 0], atol=1e-6)


def test_model_cards_follow_the_registry_and_leave_the_grid_out():
    grid = next(n for n in list_models() if "grid" in get_spec(n).tags)
    manifest = {"models": {
        "vae_2": {"params": 1234, "test_metrics": {"squared_error": 30.5, "neg_elbo": 140.0, "bce": 99.0}},
        "pca": {"params": 10, "test_metrics": {}},
        grid: {"params": 5, "test_metrics": {"squared_error": 1.0}},
        "not_registered": {"params": 1},
    }}
    cards = model_cards(manifest)
    assert [c.name for c in cards] == [n for n in list_models() if n in ("vae_2", "pca")]  # registry order
    vae = next(c for c in cards if c.name == "vae_2")
    assert (vae.kind, vae.dataset, vae.latent_dim, vae.params) == ("vae", "mnist", 2, 1234)
    assert vae.metrics == {"squared_error": 30.5, "neg_elbo": 140.0}  # only CARD_METRICS
    assert set(vae.metrics) <= set(CARD_METRICS)
    pca = next(c for c in cards if c.name == "pca")
    assert pca.latent_dim is None and pca.metrics == {}
    assert model_cards({"models": {}}) == [] and model_cards({}) == []


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.usefixtures("prepared_zoo")
@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_lists_every_pretrained_model_with_its_facts(lang):
    at = open_page(None, lang)
    assert not at.exception
    models = zoo.read_manifest()["models"]
    cards = [n for n in list_models() if n in models and "grid" not in get_spec(n).tags]
    assert len(cards) >= 10
    shown = texts(at)
    for name in cards:
        spec = get_spec(name)
        # The registry's English title and description, through the catalog of the page's language.
        assert f"**{i18n.t(spec.title, lang, **spec.text_values)}**" in shown
        assert i18n.t(spec.description, lang, **spec.text_values) in shown
        assert i18n.number(models[name]["params"], ",", lang) in shown
    assert "dense_ae_30" in models
    assert i18n.number(models["dense_ae_30"]["test_metrics"]["squared_error"], ".2f", lang) in shown
    if lang == "es":  # Spanish numbers: a decimal comma
        assert "," in i18n.number(models["dense_ae_30"]["test_metrics"]["squared_error"], ".2f", lang)
    # The picture: a digit, its 30 code values as bars, and the reconstruction.
    _, code = vega_chart(at)
    assert len(code["y"]) == 30 and np.ptp(code["y"]) > 0
    assert i18n.t("home_input", lang) in shown and i18n.t("home_output", lang) in shown


@pytest.mark.slow
@pytest.mark.usefixtures("prepared_zoo")
def test_home_lists_the_lessons_in_the_course_s_order():
    from pages.common.guide import COURSE

    at = open_page(None, "es")
    labels = [link.label for link in at.get("page_link")]
    expected = [f"**{n}. {i18n.option('page_', key, 'es')}**: {i18n.option('home_page_', key, 'es')}"
                for n, (_, key) in enumerate(COURSE, start=1)]
    assert [label for label in labels if label in expected] == expected
    assert expected[0].startswith("**1. Dibuja y reconstruye**")
