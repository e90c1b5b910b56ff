"""Cross-page session state: language and the current digit. Page-local widget keys are
prefixed by their page ("draw_", "noise_", ...)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pages.common import i18n

DIGIT = "digit"  # (28, 28) float32 in [0, 1], or None
DIGIT_SOURCE = "digit_source"  # how it was made: {"kind": "drawn"|"picked"|"uploaded", ...}
DATASET = "dataset"  # "mnist" or "fashion_mnist": the sidebar's switch, for pages with Fashion models
DATASETS = ("mnist", "fashion_mnist")


def init() -> None:
    """Set up the shared keys once per session (the language from the browser's locale)."""
    if i18n.LANG_KEY not in st.session_state:
        st.session_state[i18n.LANG_KEY] = i18n.language_from_locale(st.context.locale)
    st.session_state.setdefault(DIGIT, None)
    st.session_state.setdefault(DIGIT_SOURCE, None)
    st.session_state.setdefault(DATASET, "mnist")


def current_dataset() -> str:
    value = st.session_state.get(DATASET)
    return value if value in DATASETS else "mnist"


def set_dataset(name: str) -> None:
    """Switch dataset; the current digit belongs to the old one, so it is dropped."""
    if name != current_dataset():
        st.session_state[DATASET] = name
        set_digit(None, None)


def current_digit() -> np.ndarray | None:
    return st.session_state.get(DIGIT)


def current_source() -> dict | None:
    return st.session_state.get(DIGIT_SOURCE)


def set_digit(image: np.ndarray | None, source: dict | None) -> None:
    st.session_state[DIGIT] = None if image is None else np.asarray(image, dtype="float32")
    st.session_state[DIGIT_SOURCE] = source
