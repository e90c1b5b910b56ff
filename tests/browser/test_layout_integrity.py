"""Browser: layout integrity of every page, in every view (projector, desktop, 150 % zoom, phone), in
es, en and pt; and the projector view (?view=projector) in both themes.

Broken words, clipped or cut-off elements, pages that scroll sideways, overlapping chart texts and
control buttons missing a side must be zero (tests/browser/layout_checks.py measures them). Outside
the projector view no digit image may be narrower than 100 CSS px at 1280 px; in the projector
view, on a 1280x720 screen, none narrower than 112 px and no chart text below 16 px, in the dark
and in the light theme.

One browser context per view and language is reused across the pages: it picks a digit on /draw
once, then moves with the sidebar's links, so every page has a digit and no page pays for a new
session. The cases are ordered view → language → page so that consecutive tests share it.

The first tests check the checks on small static pages: each kind of problem is found where it is
planted, and nothing is found on a clean page.
"""

from __future__ import annotations

import base64
import io

import pytest

from tests.browser.layout_checks import (
    FAILING_KINDS,
    LANGS,
    PATHS,
    VIEWS,
    ViewSession,
    failure_message,
    measure,
)

pytestmark = pytest.mark.browser


# --- the checks themselves ---


def _png(size: int = 4) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (size, size), 255).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


BROKEN_PAGE = f"""<!doctype html><html><head><style>
  body {{ margin: 0; font: 16px sans-serif; }}
  [data-testid=stMain] {{ padding: 8px; }}
</style></head><body><div data-testid="stMain">
  <div id="narrow" style="width: 40px; overflow-wrap: anywhere"><p>distancia</p></div>
  <button style="width: 48px; overflow-wrap: anywhere"><span style="display: contents"><p>Aleatorio</p></span></button>
  <div class="st-key-modes" style="width: 120px; overflow: hidden; white-space: nowrap">
    <div data-testid="stButtonGroup"><button>Dibujar</button><button>Elegir</button><button>Subir</button></div>
  </div>
  <div data-testid="stButtonGroup" class="st-key-joined"><div><button style="border: 1px solid gray">Generar</button><button
    style="border: 1px solid gray; border-left-color: transparent">Variedad</button></div></div>
  <div class="st-key-sideways" style="width: 120px; overflow-x: auto; white-space: nowrap">
    <span>Dibujar Elegir Subir Dibujar Elegir Subir</span>
  </div>
  <div style="width: 100px"><button class="st-key-random"
    style="width: 60px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap">Random digit</button></div>
  <div id="wide" style="width: 1200px">a lesson list wider than the screen</div>
  <div data-testid="stPlotlyChart"><div class="js-plotly-plot"><svg width="300" height="100">
    <text x="10" y="50" style="font-size: 14px">Alpha title</text>
    <text x="30" y="55" style="font-size: 14px">Beta title</text>
    <text x="200" y="90" style="font-size: 6px">tiny</text>
  </svg></div></div>
  <div class="vega-embed"><svg width="300" height="60">
    <text x="10" y="30" style="font-size: 12px">proporción de unidades</text>
    <text x="40" y="32" style="font-size: 12px">proporción de unidades</text>
  </svg></div>
  <div class="vega-embed"><canvas width="100" height="50"></canvas></div>
  <div data-testid="stImage"><img src="{_png()}" style="width: 40px; height: 40px"></div>
  <div data-testid="stDataFrame"><div style="width: 200px; overflow: auto">
    <div style="width: 600px; white-space: nowrap">a wide table row, wider than its box, to scroll to</div></div></div>
</div></body></html>"""

CLEAN_PAGE = f"""<!doctype html><html><head><style>
  body {{ margin: 0; font: 16px sans-serif; }}
  .sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
</style></head><body><div data-testid="stMain">
  <p>Reconstrucción de dígitos: el codificador comprime, el decodificador rehace; ñandú, ação, 0.95, x_i.</p>
  <div style="width: 80px; overflow-wrap: anywhere"><p>Fashion-MNIST</p></div>
  <div style="width: 30px"><span class="sr-only">distancia</span></div>
  <div style="width: 30px"><code>distancia_larga</code></div>
  <div style="display: none; width: 10px; overflow: hidden; white-space: nowrap">escondido del todo</div>
  <div style="width: 300px; overflow: hidden"><p>Cabe entero en su caja.</p></div>
  <button style="width: 200px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap">Al azar</button>
  <div data-testid="stButtonGroup"><div><button style="border: 1px solid gray">Generar</button><button
    style="border: 1px solid gray">Variedad</button></div></div>
  <div data-testid="stPlotlyChart"><div class="js-plotly-plot"><svg width="300" height="100">
    <text x="10" y="30" style="font-size: 14px">Alpha</text>
    <text x="150" y="80" style="font-size: 14px">Beta</text>
    <text x="20" y="32" style="font-size: 14px; opacity: 0">hidden hover text</text>
  </svg></div></div>
  <div data-testid="stImage"><img src="{_png()}" style="width: 200px; height: 200px"></div>
</div></body></html>"""


@pytest.fixture
def static_tab(browser):
    context = browser.new_context(viewport={"width": 800, "height": 600}, locale="es-ES")
    tab = context.new_page()
    yield tab
    context.close()


def test_the_checks_find_each_planted_problem(static_tab):
    static_tab.set_content(BROKEN_PAGE)
    found = measure(static_tab, min_image_px=100, min_chart_font_px=9)
    kinds = {p["kind"] for p in found}

    broken = [p for p in found if p["kind"] == "broken word"]
    assert [p["text"] for p in broken] == ["distancia", "Aleatorio"], broken  # a label in display: contents too
    assert broken[0]["as"].count("/") >= 1 and broken[0]["as"].replace("/", "") == "distancia", broken

    clipped = {p.get("how"): p for p in found if p["kind"] == "clipped"}
    assert "Subir" in clipped["overflow hidden"]["text"] and "st-key-modes" in clipped["overflow hidden"]["where"]
    assert "st-key-sideways" in clipped["scrolls sideways"]["where"]
    assert [p["text"] for p in found if p["kind"] == "ellipsis"] == ["Random digit"]
    assert any("lesson list" in p["text"] for p in found if p["kind"] == "off screen"), found
    # The dataframe's own scroller is acceptable: "scrolls", never "clipped".
    scrolls = [p for p in found if p["kind"] == "scrolls"]
    assert len(scrolls) == 1 and "stDataFrame" in scrolls[0]["where"], scrolls
    assert not any("wide table" in p["text"] for p in found if p["kind"] == "clipped")

    overlaps = [p["text"] for p in found if p["kind"] == "chart text overlap"]
    assert 'Alpha title" × "Beta title' in overlaps and any("proporción" in o for o in overlaps), overlaps
    assert len(overlaps) == 2, overlaps
    assert [p["text"] for p in found if p["kind"] == "small chart text"] == ["tiny"]
    assert any(p["kind"] == "canvas chart" for p in found)
    assert [p["width_px"] for p in found if p["kind"] == "small image"] == [40]
    assert found.image_widths() == [40]
    assert min(found.chart_fonts) == 6

    message = failure_message("image_search", "projector", "es", found.failing())
    assert message.startswith("/image_search at projector (es): ")
    assert '/image_search at projector (es): broken word "distancia" as "' in message
    opened = [p for p in found if p["kind"] == "open button"]
    assert [(p["text"], p["how"]) for p in opened] == [("Variedad", "no left border")], opened
    assert "st-key-joined" in opened[0]["where"]
    assert kinds >= set(FAILING_KINDS)


def test_the_checks_find_nothing_on_a_clean_page(static_tab):
    static_tab.set_content(CLEAN_PAGE)
    found = measure(static_tab, min_image_px=100, min_chart_font_px=9)
    assert list(found) == []
    assert found.image_widths() == [200]
    assert sorted(found.chart_fonts) == [14, 14]


def test_the_checks_see_the_sidebar_only_when_it_is_open(static_tab):
    page = """<div data-testid="stSidebar" style="position: fixed; left: {left}px; width: 200px; top: 0">
      <div style="width: 40px; overflow-wrap: anywhere">decodificador</div></div>
      <div data-testid="stMain" style="margin-left: 220px"><p>Nada roto aquí.</p></div>"""
    static_tab.set_content(page.format(left=0))
    assert [p["text"] for p in measure(static_tab)] == ["decodificador"]
    static_tab.set_content(page.format(left=-300))  # collapsed: slid off screen
    assert list(measure(static_tab)) == []


# --- every page, every view, both languages ---

CASES = [
    pytest.param(view, lang, path, id=f"{view}-{lang}-{path or 'home'}")
    for view in VIEWS for lang in LANGS for path in PATHS
]


MIN_IMAGE_PX = {"projector": 100, "desktop": 100}  # the normal view on a 1280 px screen (and larger)
PROJECTOR = {"dark": "?view=projector&embed_options=dark_theme", "light": "?view=projector&embed_options=light_theme"}
PROJECTOR_MIN_IMAGE_PX, PROJECTOR_MIN_CHART_FONT_PX = 112, 16


class _Sessions:
    """The one open browser context, for the current (view, language, query); replaced when they change."""

    def __init__(self, browser, url):
        self.browser, self.url, self.current = browser, url, None

    def check(self, view: str, lang: str, path: str, query: str = "", **minimums):
        if self.current is None or (self.current.view, self.current.lang, self.current.query) != (view, lang, query):
            self.close()
            self.current = ViewSession(self.browser, self.url, view, lang, query=query)
        return self.current.check(path, **minimums)

    def close(self):
        if self.current is not None:
            self.current.close()
        self.current = None


@pytest.fixture(scope="module")
def layout_sessions(browser, app_url):
    sessions = _Sessions(browser, app_url)
    yield sessions
    sessions.close()


@pytest.mark.parametrize(("view", "lang", "path"), CASES)
def test_layout_integrity(layout_sessions, record_property, view, lang, path):
    found = layout_sessions.check(view, lang, path, min_image_px=MIN_IMAGE_PX.get(view, 0))
    widths = found.image_widths()
    record_property("image_widths_px", widths)
    record_property("min_chart_font_px", min(found.chart_fonts) if found.chart_fonts else None)
    print(f"{view} {lang} /{path}: images {len(widths)}, min {min(widths, default=None)} px; "
          f"smallest chart text {min(found.chart_fonts, default=None)} px")
    failing = found.failing() + [p for p in found if p["kind"] == "small image"]
    if failing:
        pytest.fail(failure_message(path, view, lang, failing), pytrace=False)


PROJECTOR_CASES = [pytest.param(theme, path, id=f"projector-{theme}-{path or 'home'}") for theme in PROJECTOR for path in PATHS]


@pytest.mark.parametrize(("theme", "path"), PROJECTOR_CASES)
def test_the_projector_view_is_readable_from_the_back_row(layout_sessions, theme, path):
    found = layout_sessions.check("projector", "es", path, PROJECTOR[theme], min_image_px=PROJECTOR_MIN_IMAGE_PX,
                                  min_chart_font_px=PROJECTOR_MIN_CHART_FONT_PX)
    small = [p for p in found if p["kind"] in ("small image", "small chart text")]
    failing = found.failing() + small
    if failing:
        pytest.fail(failure_message(path, f"projector view, {theme} theme", "es", failing), pytrace=False)
