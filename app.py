"""Autoencoder Lab: the entry point. One multipage mechanism: st.navigation over pages/."""

from __future__ import annotations

import streamlit as st

from pages.common import cache, i18n, shell, state
from pages.common.i18n import labeller, t

st.set_page_config(page_title="Autoencoder Lab", page_icon="🧠", layout="wide")

state.init()
cache.warm_up()


def _apply_language() -> None:
    st.session_state[i18n.LANG_KEY] = st.session_state["lang_switch"]


def _apply_dataset() -> None:
    state.set_dataset(st.session_state["dataset_switch"])


with st.sidebar:
    # A widget key of its own: the language itself stays a plain session value.
    st.segmented_control(
        "Idioma · Language",  # one label for both languages
        options=list(i18n.LANGUAGES),
        format_func=lambda code: i18n.LANGUAGES[code],
        default=i18n.current_language(),
        key="lang_switch",
        on_change=_apply_language,
        required=True,
    )
    st.segmented_control(
        t("dataset_switch"),
        options=list(state.DATASETS),
        format_func=labeller("dataset_short_"),
        default=state.current_dataset(),
        key="dataset_switch",
        on_change=_apply_dataset,
        required=True,
        help=t("dataset_switch_help"),
    )

shell.run()
