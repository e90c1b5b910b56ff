"""Cross-page session state: language, dataset, view and the current digit, kept in the URL.

The sidebar's switches (``?lang=pt_BR&data=fashion_mnist&view=projector``) and the current digit
(``?digit=...``, see ``ae_core.shareable``) are query parameters, read when a session starts and
written after every run, so a reload or a link sent to a student opens the same state.
(Streamlit's own ``bind="query-params"`` writes a widget's translated label into the URL: a
Spanish link would not open in English.)
Page-local widget keys are prefixed by their page ("draw_", "noise_", ...).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_core import shareable
from pages.common import i18n

DIGIT = "digit"  # (28, 28) float32 in [0, 1] (8-bit steps: what a link carries), or None
DIGIT_SOURCE = "digit_source"  # how it was made: {"kind": "drawn"|"picked"|"uploaded", ...}
DRAWING = "drawing_json"  # the last drawing's strokes, shared so every canvas can resume it
DATASET = "data"  # the sidebar's switch (a widget bound to ?data=): pages with Fashion models follow it
DATASETS = ("mnist", "fashion_mnist")
VIEW = "view"  # the sidebar's switch (?view=projector): larger type and images, fewer columns
VIEWS = ("normal", "projector")
DIGIT_PARAM = "digit"
_RESTORED = "state_restored_from_url"
# The switches kept in the URL, with the values a URL may set.
_SWITCHES = {i18n.LANG_KEY: lambda: tuple(i18n.LANGUAGES), DATASET: lambda: DATASETS, VIEW: lambda: VIEWS}


def init() -> None:
    """Set up the shared keys once per session; the first run of a session reads the URL."""
    st.session_state.setdefault(DIGIT, None)
    st.session_state.setdefault(DIGIT_SOURCE, None)
    if not st.session_state.get(_RESTORED):
        st.session_state[_RESTORED] = True
        for key, allowed in _SWITCHES.items():
            value = st.query_params.get(key)
            if value in allowed():
                st.session_state[key] = value
        _restore_digit(st.query_params.get(DIGIT_PARAM))


def switch_default(key: str, default: str, options) -> str | None:
    """A sidebar switch's default: none once the session holds one of its options (from the URL,
    say), which it then shows; a value it does not offer becomes ``default``. Streamlit warns about a
    widget given both a default and a session value."""
    if key not in st.session_state:
        return default
    if st.session_state[key] not in options:
        st.session_state[key] = default
    return None


def default_language() -> str:
    return i18n.language_from_locale(st.context.locale)


def current_dataset() -> str:
    value = st.session_state.get(DATASET)
    return value if value in DATASETS else "mnist"


def projector() -> bool:
    return st.session_state.get(VIEW) == "projector"


def dataset_changed() -> None:
    """The dataset switch moved: the current digit belongs to the old dataset, so it is dropped."""
    set_digit(None, None)


def current_digit() -> np.ndarray | None:
    return st.session_state.get(DIGIT)


def current_source() -> dict | None:
    return st.session_state.get(DIGIT_SOURCE)


def set_digit(image: np.ndarray | None, source: dict | None) -> None:
    st.session_state[DIGIT] = None if image is None else shareable.quantized(image)
    st.session_state[DIGIT_SOURCE] = source


def _restore_digit(text: str | None) -> None:
    found = shareable.decode(text)
    if found is None:
        return
    if found["kind"] == "picked":
        from pages.common import cache
        from ae_core.data import DataUnavailable

        try:
            x, y, ds = cache.gallery(found["dataset"])
        except DataUnavailable:
            return
        if found["index"] >= len(x):
            return
        st.session_state[DATASET] = found["dataset"]
        set_digit(x[found["index"], ..., 0], {"kind": "picked", "dataset": found["dataset"], "index": found["index"]})
        return
    set_digit(found["image"], {"kind": found["kind"], "name": "", "notes": [], "dataset": "mnist", "restored": True})
    if found["kind"] == "drawn":
        st.session_state[DRAWING] = found["strokes"] or None


def write_url() -> None:
    """Put the switches that differ from their defaults and the current digit in the URL (after
    the page ran), when they changed."""
    wanted = {key: st.session_state.get(key) for key in _SWITCHES}
    defaults = {i18n.LANG_KEY: default_language(), DATASET: "mnist", VIEW: "normal"}
    wanted = {key: value for key, value in wanted.items() if value is not None and value != defaults[key]}
    code = shareable.encode(current_source(), current_digit(), st.session_state.get(DRAWING))
    if code is not None:
        wanted[DIGIT_PARAM] = code
    present = {key: st.query_params.get(key) for key in (*_SWITCHES, DIGIT_PARAM) if key in st.query_params}
    if present == wanted:
        return
    for key in (*_SWITCHES, DIGIT_PARAM):
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
