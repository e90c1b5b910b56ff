"""The translation catalogs (pages/locale/<lang>/LC_MESSAGES/messages.po): every message the app
uses, found by Babel's extraction, is translated in every language with the same placeholders;
numbers follow each language's conventions; a new language is one catalog plus one line."""

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pages.common import i18n

REPO = Path(__file__).resolve().parent.parent
METHOD_MAP = [("pages/**.py", "python"), ("ae_core/**.py", "python"), ("app.py", "python")]


def extracted() -> set[str]:
    """Message ids as ``pybabel extract -F pages/locale/babel.cfg -k t -k N_`` finds them."""
    found = extract_from_dir(str(REPO), method_map=METHOD_MAP, keywords={"t": None, "N_": None},
                             comment_tags=(), strip_comment_tags=True)
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


def catalog_ids(lang: str) -> dict[str, str]:
    with open(i18n.CATALOGS / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", "rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if m.id}


def placeholders(text: str) -> set[tuple[str, str]]:
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


USED = extracted()


def test_the_babel_config_extracts_the_same_messages():
    config = (i18n.CATALOGS / "babel.cfg").read_text()
    for pattern, _ in METHOD_MAP:
        assert f"[python: {pattern}]" in config


def test_extraction_finds_the_app_s_messages():
    assert len(USED) > 500, "the extraction found too few messages: the method map is wrong"
    assert {"draw_title", "export_png", "Deep dense AE, 30-d code", "mode_pick"} <= USED


def test_every_language_has_its_catalog_and_every_catalog_its_language():
    folders = {path.name for path in i18n.CATALOGS.iterdir() if path.is_dir()}
    assert folders == set(i18n.LANGUAGES)


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_every_message_the_app_uses_is_translated_and_nothing_else_is_kept(lang):
    found = catalog_ids(lang)
    missing = sorted(message for message in USED if not found.get(message, "").strip())
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:10]}"
    stale = sorted(set(found) - USED)
    assert not stale, f"{lang}: messages no code uses any more: {stale[:10]}"


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_placeholders_are_the_english_ones(lang):
    english, other = catalog_ids("en"), catalog_ids(lang)
    wrong = [key for key in USED if key in other and placeholders(other[key]) != placeholders(english[key])]
    assert not wrong, f"{lang}: placeholders differ from English in {sorted(wrong)[:10]}"


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_sentences_are_not_left_in_english(lang):
    """A text of three words or more (placeholders and symbols aside) that reads exactly as the
    English one was not translated ("PSNR {psnr} dB · SSIM {ssim}" is the same in every language)."""
    english, other = catalog_ids("en"), catalog_ids(lang)

    def words(text):
        return re.findall(r"[^\W\d_]{3,}", re.sub(r"\{[^}]*\}|:material/\w+:", " ", text))  # icons aside

    same = [key for key in USED if len(words(english[key])) >= 3 and other.get(key) == english[key]]
    assert not same, f"{lang}: still English: {sorted(same)[:10]}"


def test_every_family_member_is_a_catalog_message():
    en = catalog_ids("en")
    for prefix, members in i18n.FAMILIES.items():
        assert members, prefix
        assert all(key in en for key in members.values()), prefix


def test_the_families_cover_what_the_app_builds_keys_from():
    from ae_core.lab import anomalies, pca_linear_ae, pretraining, train_your_own
    from ae_core.registry import get_spec, list_models
    from pages.common import digit_input, guide, shell

    problem_codes = set(re.findall(r'ImageProblem\("(\w+)"', (REPO / "ae_core" / "preprocess.py").read_text()))
    assert problem_codes
    expected = {
        "problem_": problem_codes | {"file_too_large", "not_an_image"},
        "mode_": set(digit_input.MODES),
        "own_loss_": set(train_your_own.LOSSES),
        "own_opt_": set(train_your_own.OPTIMIZERS),
        "pretrain_mode_": set(pretraining.MODES),
        "pcalin_set_": {*pca_linear_ae.TOY_SETS, *pca_linear_ae.CURVED_SETS},
        "anomaly_set_": {"digits", "all", *anomalies.OUTLIER_KINDS},
        "kind_": {get_spec(name).kind for name in list_models(pretrained=None)},
        "see_": {page for page, _ in guide.COURSE},
        "page_": {title.removeprefix("page_") for _, _, title, _ in shell.PAGES},
        "nav_section_": {section.removeprefix("nav_section_") for section, _, _, _ in shell.PAGES},
    }
    for prefix, values in expected.items():
        assert values <= set(i18n.FAMILIES[prefix]), (prefix, values - set(i18n.FAMILIES[prefix]))


def test_every_preset_s_title_and_description_is_a_message():
    from ae_core.registry import get_spec, list_models

    for name in list_models(pretrained=None):
        spec = get_spec(name)
        assert spec.title in USED and spec.description in USED, name
        for lang in i18n.LANGUAGES:  # and its placeholders are filled by the spec
            i18n.t(spec.title, lang, **spec.text_values).format()


@pytest.mark.parametrize("lang, value, spec, expected", [
    ("es", 10000, "", "10.000"), ("es", 0.987, ".1%", "98,7\xa0%"), ("es", 2.4, ".2f", "2,40"),
    ("es", 1420814, ",", "1.420.814"), ("es", -0.25, "+.2f", "-0,25"), ("es", 0.5, "+.1f", "+0,5"),
    ("en", 10000, "", "10,000"), ("en", 0.987, ".1%", "98.7%"), ("en", 2.4, ".2f", "2.40"),
    ("pt_BR", 10000, "", "10.000"), ("pt_BR", 0.987, ".1%", "98,7%"), ("pt_BR", 0.0123, ".3g", "0,0123"),
])
def test_numbers_are_written_the_language_s_way(lang, value, spec, expected):
    assert i18n.number(value, spec, lang) == expected


def test_placeholders_of_a_message_are_formatted_for_the_language():
    assert "99\xa0%" in i18n.t("classifier_guess", "es", label=7, confidence=0.987)
    assert "99%" in i18n.t("classifier_guess", "en", label=7, confidence=0.987)


@pytest.mark.parametrize("locale, expected", [
    ("es-MX", "es"), ("es", "es"), ("en-US", "en"), ("pt-BR", "pt_BR"), ("pt-PT", "pt_BR"), ("pt", "pt_BR"),
    ("de-DE", "es"), (None, "es"), ("", "es"),
])
def test_language_from_the_browser_locale(locale, expected):
    assert i18n.language_from_locale(locale) == expected


def test_a_missing_message_falls_back_to_spanish_then_to_itself(caplog):
    assert i18n.t("no_such_key_anywhere", lang="en") == "no_such_key_anywhere"
    assert "no_such_key_anywhere" in caplog.text


def test_an_unknown_family_member_is_shown_as_itself():
    assert i18n.option("mode_", "no_such_mode", "es") == "no_such_mode"


def test_class_names_of_fashion_come_from_the_catalogs():
    assert i18n.class_names("fashion_mnist", "es")[1] == "Pantalón"
    assert i18n.class_names("fashion_mnist", "en")[1] == "Trouser"
    assert i18n.class_names("mnist", "pt_BR") == [str(d) for d in range(10)]
