"""The app's own browser elements (Streamlit components v2): each is assets/<name>.js, with
assets/<name>.css when it has one, registered once per process on first use inside a running app."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"


@functools.cache
def component(name: str, *, isolate_styles: bool = True):
    css = ASSETS / f"{name}.css"
    return st.components.v2.component(
        f"autoencoder_lab.{name}",
        js=(ASSETS / f"{name}.js").read_text(encoding="utf-8"),
        css=css.read_text(encoding="utf-8") if css.exists() else None,
        isolate_styles=isolate_styles,
    )
