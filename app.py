"""Autoencoder Lab: the entry point. One multipage mechanism: st.navigation over pages/."""

from __future__ import annotations

import streamlit as st

from pages.common import cache, i18n, state
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

# One st.Page per file in pages/; titles follow the chosen language, url paths never change.
PAGES = {
    "nav_section_start": [
        st.Page("pages/home.py", title=t("page_home"), icon="🏠", default=True),
        st.Page("pages/draw.py", title=t("page_draw"), icon="✏️", url_path="draw"),
        st.Page("pages/noise_lab.py", title=t("page_noise"), icon="🌫️", url_path="noise"),
        st.Page("pages/inpainting.py", title=t("page_inpainting"), icon="🧩", url_path="inpainting"),
    ],
}

navigation = st.navigation({t(section): pages for section, pages in PAGES.items()})
navigation.run()
