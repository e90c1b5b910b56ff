"""Autoencoder Lab: the entry point. One multipage mechanism: st.navigation over pages/.

`streamlit run app.py` imports this file once at server start (it finds ``server``, an st.App)
and then runs it as a script (``__main__``) for every rerun of every session.
"""

from __future__ import annotations

import streamlit as st


def main() -> None:
    """One script run: the sidebar's switches, then the page the browser asked for."""
    from pages.common import browser_memory, cache, i18n, job_panel, live, shell, state, style
    from pages.common.i18n import labeller, t

    st.set_page_config(page_title="Autoencoder Lab", page_icon="🧠", layout="wide", initial_sidebar_state="auto")

    state.init()
    cache.warm_up()
    job_panel.restore()

    with st.sidebar:
        # The switches are kept in the URL (pages.common.state): a reload or a shared link opens the
        # same language, data and view.
        st.segmented_control(
            "Idioma · Language · Idioma",  # one label for every language
            options=list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.get,
            default=state.switch_default(i18n.LANG_KEY, state.default_language(), i18n.LANGUAGES),
            key=i18n.LANG_KEY,
            required=True,
            wrap=True,
        )
        shell.dataset_switch()
        st.segmented_control(
            t("view_switch"),
            options=list(state.VIEWS),
            format_func=labeller("view_"),
            default=state.switch_default(state.VIEW, "normal", state.VIEWS),
            key=state.VIEW,
            required=True,
            help=t("view_switch_help"),
            wrap=True,
        )
        style.theme_switch(t("theme_switch"), {"dark": t("theme_dark"), "light": t("theme_light")})

    style.apply(projector=state.projector())
    shell.run()
    state.write_url()
    browser_memory.write()
    live.probe()


if __name__ == "__main__":
    main()
else:
    # At server start, before any request: leave Streamlit's older pages/-folder mechanism,
    # which a server uses until its first st.navigation call. Under it a fresh server's first
    # request for an unknown path gets Streamlit's English "Page not found" dialog instead of
    # the app's own page (st.navigation switches it off for good, but only once a script ran).
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    from pages.common.live_files import ROUTES

    server = st.App("app.py", routes=ROUTES)  # also serves the files the browser runs models with
