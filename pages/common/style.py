"""The CSS the app adds to Streamlit's: words that never break inside themselves, no English
hints of Streamlit's, and the projector view (larger type, pictures and chart text).

Streamlit sizes its text in rem: the projector view scales the root font size, so every text,
gap and widget grows together and the layout still fits at 150-200 % browser zoom.
"""

from __future__ import annotations

import streamlit as st

from pages.common import own_components

BASE = """
/* A word never breaks inside itself: a column too narrow for it is a layout bug to fix. */
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] span, [data-testid="stMain"] label,
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3, [data-testid="stSidebar"] * {
  overflow-wrap: normal; word-break: normal; hyphens: manual;
}
/* Columns wrap onto the next row when they would get narrower than a card: on a projector at
   150-200 % zoom and on a phone, a row of four digits becomes two rows of two, and a word never
   has to break to fit. */
[data-testid="stHorizontalBlock"] { flex-wrap: wrap; row-gap: 1rem; }
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"] { min-width: min(100%, 9.5rem); }
/* The latent maps: side by side while each keeps a usable width. */
.st-key-latent_maps [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] { min-width: min(100%, 20rem); }
/* Page links (the home page's lesson list, "previous / next lesson"): a long title wraps onto
   lines instead of being cut with "…". */
[data-testid="stMain"] [data-testid="stPageLink"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; }
/* The sidebar's lesson links too: in the projector view's larger type "11. Detección de
   anomalías" is wider than the sidebar. */
[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] { height: auto !important; }
/* An option of a segmented control or pills too long for its row wraps inside its button
   instead of being cut with "…" (the rows themselves wrap: wrap=True). */
[data-testid="stMain"] [data-testid="stButtonGroup"] button p { white-space: normal; text-overflow: clip;
  overflow: visible; }
/* Streamlit joins a segmented control's buttons into one bar, hiding the borders next to the
   chosen or hovered one: wrapped onto rows (a narrow column, a projector's zoom, a phone), the
   bar broke into buttons missing a side and corners. Each button is a whole one instead (an
   unchosen button's border keeps its colour when hovered). */
[data-testid="stButtonGroup"] > div:has(> button[data-variant="segmented_control"]) {
  column-gap: 0.25rem; }
button[data-variant="segmented_control"] { border-radius: 0.5rem !important;
  margin-right: 0 !important; }
button[data-variant="segmented_control"]:not([aria-checked="true"]) {
  border-left-color: var(--ae-control-border) !important; border-right-color: var(--ae-control-border) !important; }
/* Card grids (pages.common.ui.card_grid): as many columns as fit, pictures as wide as their cell. */
.ae-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--card-min, 8rem), 1fr));
  gap: 1rem 1rem; margin-bottom: 0.5rem; }
.ae-card { margin: 0; display: flex; flex-direction: column; gap: 0.35rem; min-width: 0; }
.ae-card img { width: 100%; max-width: 14rem; height: auto; image-rendering: pixelated; border-radius: 0.25rem; }
.ae-card figcaption { display: flex; flex-direction: column; line-height: 1.3; }
.ae-card figcaption span { font-size: 0.9em; opacity: 0.9; }
/* The live elements' own sliders (assets/live_decode.js, live_noise.js): a label, its value, the range. */
.ae-live-slider { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
.ae-live-slider-head { display: flex; justify-content: space-between; gap: 0.5rem; }
.ae-live-slider output { font-variant-numeric: tabular-nums; opacity: 0.85; }
.ae-live-slider input[type=range] { width: 100%; accent-color: #1c83e1; min-height: 1.75rem; }
.ae-live-noise .ae-live-slider { max-width: 24rem; margin-bottom: 0.75rem; }
/* The class wall's odd one out: framed as well as named in its caption. */
.ae-card-odd img { outline: 0.2rem solid #d9480f; outline-offset: 0.1rem; }
/* The class wall's join code and QR code, read from the back row. */
.ae-join { display: flex; flex-direction: column; gap: 0.2rem; }
.ae-join-label { font-size: 1.1rem; opacity: 0.85; }
.ae-join-code { font-size: clamp(2.6rem, 7vw, 5rem); font-weight: 700; letter-spacing: 0.12em; line-height: 1.05;
  font-family: "Source Code Pro", monospace; }
.ae-join-address { font-size: 1.6rem; font-weight: 600; overflow-wrap: anywhere; }
.ae-qr { width: 100%; max-width: 15rem; image-rendering: pixelated; background: white; border-radius: 0.25rem; }
/* Streamlit's own English: "Press Enter to apply" (the value applies on blur as well) and the
   element toolbars' "Fullscreen", "Download as CSV", "Search"; charts and grids have our own
   "save as PNG" instead. */
[data-testid="InputInstructions"], [data-testid="stElementToolbar"] { display: none; }
"""

PROJECTOR = """
html { font-size: 20px; }
[data-testid="stMain"] .block-container { padding-left: 1.5rem; padding-right: 1.5rem; max-width: 100%; }
"""


def page_tools(data: dict, key: str) -> None:
    """The browser-side helpers (assets/page_tools.js): theme buttons, saving a chart, the phone's
    sidebar, the language's decimal sign on sliders."""
    own_components.component("page_tools")(data=data, key=key, width="stretch", height="content")


def current_theme() -> str:
    """The theme the browser reports, light or dark (dark, the config's base, until it reports one)."""
    return getattr(st.context.theme, "type", None) or "dark"


def theme_switch(label: str, labels: dict) -> None:
    """Light or dark theme, in the sidebar: the buttons reload the page in the other theme."""
    current = current_theme()
    st.caption(label)
    from pages.common.i18n import separators

    page_tools({"kind": "theme", "decimal": separators()[0],
                "choices": [{"value": value, "label": text, "active": value == current} for value, text in labels.items()]},
               key="page_tools_theme")


def control_border_colour() -> str:
    """The border colour of the current theme's controls: its config's, else Streamlit's default
    (the text colour at 20 %)."""
    return st.get_option(f"theme.{current_theme()}.borderColor") or "color-mix(in srgb, currentColor 20%, transparent)"


def apply(projector: bool) -> None:
    """Add the app's CSS to this run's page (every run: a page switch starts a new page)."""
    colours = f":root {{ --ae-control-border: {control_border_colour()}; }}"
    st.html(f"<style>{colours}{BASE}{PROJECTOR if projector else ''}</style>")
