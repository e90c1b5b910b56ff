"""The app's navigation: every page, its section and its URL, built in one place.

Streamlit treats a folder named ``pages/`` as its legacy multipage mechanism until
``st.navigation`` has run once in the server process. A deep link that is the server's very
first request (say ``/draw``) would then run ``pages/draw.py`` on its own, without this shell.
Each page therefore starts with :func:`require_shell`: outside the shell it registers the
real navigation (which switches the legacy mechanism off for good) and reruns, so app.py
runs and opens the same page. URL paths equal the file names, so both mechanisms agree.
"""

from __future__ import annotations

import threading

import streamlit as st

from pages.common.i18n import t

# (section key, file, title key, icon); the first page is the default (home).
PAGES = (
    ("nav_section_start", "home", "page_home", "🏠"),
    ("nav_section_start", "draw", "page_draw", "✏️"),
    ("nav_section_start", "noise_lab", "page_noise", "🌫️"),
    ("nav_section_start", "inpainting", "page_inpainting", "🧩"),
    ("nav_section_explore", "latent_map", "page_latent", "🗺️"),
    ("nav_section_explore", "vae_explorer", "page_vae", "🎲"),
    ("nav_section_explore", "image_search", "page_search", "🔎"),
    ("nav_section_lessons", "pca_linear_ae", "page_pca", "📐"),
    ("nav_section_lessons", "compression", "page_compression", "🗜️"),
    ("nav_section_lessons", "sparse", "page_sparse", "✨"),
    ("nav_section_lessons", "tied", "page_tied", "🔗"),
    ("nav_section_lessons", "recurrent", "page_recurrent", "🔁"),
    ("nav_section_lessons", "pretraining", "page_pretraining", "🏗️"),
    ("nav_section_lessons", "anomalies", "page_anomalies", "🚨"),
    ("nav_section_lessons", "train_your_own", "page_train_own", "🏋️"),
)

_inside = threading.local()  # one script thread per session: a per-run flag


def navigation():
    """st.navigation over the pages, titles in the session's language."""
    sections: dict[str, list] = {}
    for index, (section, name, title, icon) in enumerate(PAGES):
        page = st.Page(
            f"pages/{name}.py", title=t(title), icon=icon, default=index == 0,
            url_path=None if index == 0 else name,
        )
        sections.setdefault(t(section), []).append(page)
    return st.navigation(sections, expanded=True)  # every lesson in sight, no "View more"


def run() -> None:
    """Run the selected page inside the shell (called by app.py)."""
    page = navigation()
    _inside.active = True
    try:
        page.run()
    finally:
        _inside.active = False


def require_shell() -> None:
    """First line of every page: make sure app.py (language, state, navigation) ran first."""
    if not getattr(_inside, "active", False):
        navigation()
        st.rerun()
