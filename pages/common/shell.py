"""The app's navigation: every page, its section and its URL, built in one place.

Streamlit treats a folder named ``pages/`` as its legacy multipage mechanism until
``st.navigation`` has run once in the server process. A deep link that is the server's very
first request (say ``/draw``) would then run ``pages/draw.py`` on its own, without this shell.
Each page therefore starts with :func:`require_shell`: outside the shell it registers the
real navigation (which switches the legacy mechanism off for good) and reruns, so app.py
runs and opens the same page. URL paths equal the file names, so both mechanisms agree.
"""

from __future__ import annotations

import re
import threading

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ae_core.data import FETCH_COMMAND, DataUnavailable
from pages.common import cache, state
from pages.common.i18n import labeller, t

# (section key, file, title key, icon): the home page, then the lessons in the course's order
# (pages.common.guide.COURSE), numbered in the sidebar, then the class wall. The first page is
# the default (home).
PAGES = (
    ("nav_section_start", "home", "page_home", ":material/home:"),
    ("nav_section_start", "draw", "page_draw", ":material/draw:"),
    ("nav_section_basics", "pca_linear_ae", "page_pca", ":material/straighten:"),
    ("nav_section_basics", "compression", "page_compression", ":material/compress:"),
    ("nav_section_basics", "noise_lab", "page_noise", ":material/blur_on:"),
    ("nav_section_basics", "inpainting", "page_inpainting", ":material/extension:"),
    ("nav_section_variants", "sparse", "page_sparse", ":material/scatter_plot:"),
    ("nav_section_variants", "tied", "page_tied", ":material/link:"),
    ("nav_section_variants", "recurrent", "page_recurrent", ":material/repeat:"),
    ("nav_section_latent", "latent_map", "page_latent", ":material/map:"),
    ("nav_section_latent", "vae_explorer", "page_vae", ":material/casino:"),
    ("nav_section_uses", "anomalies", "page_anomalies", ":material/warning:"),
    ("nav_section_uses", "image_search", "page_search", ":material/search:"),
    ("nav_section_uses", "pretraining", "page_pretraining", ":material/foundation:"),
    ("nav_section_uses", "train_your_own", "page_train_own", ":material/fitness_center:"),
    ("nav_section_class", "classroom", "page_classroom", ":material/groups:"),
)
UNNUMBERED = {"home", "classroom"}  # not lessons: the sidebar numbers only the course's lessons

_inside = threading.local()  # one script thread per session: a per-run flag


NOT_FOUND = "pages/not_found.py"
_SAFE_PATH = re.compile(r"[\w.~-]{1,80}")
_UNKNOWN_PATHS = "shell_unknown_paths"


def requested_page() -> str:
    """The page path the browser asked for ("" for the home page).

    Read from Streamlit's page manager (``intended_page_name``, not a public API: the browser
    test of a bad link fails if Streamlit renames it).
    """
    ctx = get_script_run_ctx()
    name = getattr(getattr(ctx, "pages_manager", None), "intended_page_name", None)
    return name if isinstance(name, str) else ""


def navigation():
    """st.navigation over the pages, titles in the session's language. A path that is none of
    them opens our own "page not found" (Streamlit's dialog for it is English only)."""
    sections: dict[str, list] = {}
    number = 0
    for index, (section, name, title, icon) in enumerate(PAGES):
        number += name not in UNNUMBERED
        label = t(title) if name in UNNUMBERED else t("nav_numbered", number=number, title=t(title))
        page = st.Page(f"pages/{name}.py", title=label, icon=icon, default=index == 0,
                       url_path=None if index == 0 else name)
        sections.setdefault(t(section), []).append(page)
    asked = requested_page()
    unknown = st.session_state.setdefault(_UNKNOWN_PATHS, [])
    if asked and asked not in {name for _, name, _, _ in PAGES} and _SAFE_PATH.fullmatch(asked) and asked not in unknown:
        unknown.append(asked)
    # Every bad path this session asked for stays registered: a rerun names the page by its hash.
    for path in unknown:
        sections[t(PAGES[0][0])].append(
            st.Page(NOT_FOUND, title=t("page_not_found_title"), url_path=path, visibility="hidden"))
    return st.navigation(sections, expanded=True)  # every lesson in sight, no "View more"


def fashion_available() -> bool:
    try:
        cache.dataset("fashion_mnist")
    except DataUnavailable:
        return False
    return True


def dataset_switch() -> None:
    """The sidebar's data switch (kept in the URL, ?data=...). Without Fashion-MNIST on this
    machine it offers only digits and says how to add the clothes."""
    options = list(state.DATASETS) if fashion_available() else ["mnist"]
    st.segmented_control(
        t("dataset_switch"), options=options, format_func=labeller("dataset_short_"),
        default=state.switch_default(state.DATASET, "mnist", options),
        key=state.DATASET, required=True, on_change=state.dataset_changed,
        help=t("dataset_switch_help"),
        wrap=True,
    )
    if len(options) == 1:
        st.caption(t("fashion_missing_switch", command=FETCH_COMMAND))


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
