"""Autoencoder Lab: the entry point. One multipage mechanism: st.navigation over pages/."""

from __future__ import annotations

import streamlit as st

from pages.common import cache, i18n, shell, state
from pages.common.i18n import t

st.set_page_config(page_title="Autoencoder Lab", page_icon="🧠", layout="wide")

state.init()
cache.warm_up()

with st.sidebar:
    st.segmented_control(
        t("language"),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: i18n.LANGUAGES[code],
        key=i18n.LANG_KEY,
        required=True,
    )

shell.run()
