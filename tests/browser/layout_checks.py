"""Layout integrity, page by page: broken words, clipped elements, overlapping chart texts, image sizes.

The measurement is one JavaScript function (``LAYOUT_JS``) evaluated in the page; it looks at the
main area (``[data-testid=stMain]``) and at the sidebar when it is open and on screen, and returns
problems as dicts ``{"kind", "text", "where", ...}``:

``broken word``        a word whose letters lie on more than one line ("dist/anci/a"); a break right
                       after a hyphen or a slash is an ordinary line break and is not reported
``clipped``            content cut off by an ``overflow: hidden/clip`` box, or scrolled out of sight in
                       a box that scrolls sideways and is not a table's own scroller
``ellipsis``           text shortened with ``text-overflow: ellipsis`` ("Ra…")
``off screen``         an element past the viewport's right (or left) edge: the page scrolls sideways
``chart text overlap`` two texts of one Plotly or Vega chart whose boxes intersect by > 2 px both ways
``scrolls``            (reported only) a dataframe/table/code block that scrolls inside itself
``small chart text``   (reported only) chart text below ``min_chart_font_px``
``small image``        (reported only) a digit image narrower than ``min_image_px``
``canvas chart``       (reported only) a chart drawn on a canvas: its texts cannot be checked

Besides the problems, the measurement returns every digit image's rendered width (CSS px) and every
chart text's font size, so callers can assert minimums (``Findings.images``, ``Findings.chart_fonts``).

Views (``VIEWS``) are Playwright browser contexts: the 1280x720 projector, a 1920x1080 desktop, the
projector at 150 % browser zoom (853x480 CSS px at device scale 1.5) and a 390x844 phone. The app
takes its starting language from the browser locale (``LOCALES``).

A page is measured after Streamlit has finished its run, after scrolling through it (lazily rendered
parts appear) and after its charts have drawn. Pages get a current digit through one browser
session: :class:`ViewSession` opens ``/draw``, clicks the input mode's "Pick" and then moves from page
to page with the sidebar's links (``tab.goto`` would start a new session and lose the digit).

Script mode writes a markdown report (it starts the app itself through tests/launch.py)::

    python3 tests/browser/layout_checks.py --out /tmp/layout_report.md \\
        [--pages draw,noise_lab] [--views projector,phone] [--langs es,en] [--url http://...]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

if __name__ == "__main__":  # script mode: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pages.common.shell import PAGES  # noqa: E402
from tests.browser.helpers import open_app  # noqa: E402

VIEWS: dict[str, dict] = {
    "projector": {"viewport": {"width": 1280, "height": 720}, "device_scale_factor": 1},
    "desktop": {"viewport": {"width": 1920, "height": 1080}, "device_scale_factor": 1},
    # 150 % browser zoom on a 1280x720 screen: CSS pixels shrink to 853x480, each drawn 1.5 device px wide.
    "zoom150": {"viewport": {"width": 853, "height": 480}, "device_scale_factor": 1.5},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
              "has_touch": True},
}
LOCALES = {"es": "es-ES", "en": "en-US", "pt": "pt-BR"}
LANGS = ("es", "en", "pt")

# Page paths in navigation order; the first page (home) lives at "".
PATHS = tuple("" if index == 0 else name for index, (_, name, _, _) in enumerate(PAGES))

FAILING_KINDS = ("broken word", "clipped", "ellipsis", "off screen", "chart text overlap", "open button")
REPORTED_KINDS = ("scrolls", "small chart text", "small image", "canvas chart")
KINDS = FAILING_KINDS + REPORTED_KINDS

# The input mode's "Pick" option in every language the app has (or will have).
PICK_LABEL = re.compile(r"\b(Pick|Elegir|Escolher)\b")


class Findings(list):
    """The problems of one page (a list of dicts), with the measured image widths and chart fonts."""

    def __init__(self, problems=(), images=(), chart_fonts=(), url=""):
        super().__init__(problems)
        self.images = list(images)  # [{"width", "height", "where", "caption"}]
        self.chart_fonts = list(chart_fonts)  # font sizes (CSS px) of the visible chart texts
        self.url = url

    def failing(self) -> list[dict]:
        return [p for p in self if p["kind"] in FAILING_KINDS]

    def image_widths(self) -> list[float]:
        return [image["width"] for image in self.images]


LAYOUT_JS = r"""
(opts) => {
  const minFont = opts.minChartFontPx || 0;
  const minImage = opts.minImagePx || 0;
  const viewportWidth = opts.viewportWidth || document.documentElement.clientWidth;
  const problems = [];
  const images = [];
  const chartFonts = [];

  // --- where to look: the main area, and the sidebar when it is open and on screen ---
  const roots = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) roots.push(main);
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (sidebar) {
    const r = sidebar.getBoundingClientRect();
    if (sidebar.getAttribute('aria-expanded') !== 'false' && r.width > 1 && r.right > 1 && r.left < viewportWidth - 1
        && sidebar.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})) roots.push(sidebar);
  }
  const isRoot = (el) => roots.includes(el);

  // --- helpers ---
  const CHART = '.js-plotly-plot, .vega-embed';
  const NO_TEXT = 'script, style, noscript, template, code, pre, textarea, svg, canvas, .katex-mathml, ' +
    '[data-testid="stIconMaterial"], [data-testid="stDataFrame"], [data-testid="stCode"], ' + CHART;
  const TABLE_SCROLLER = '[data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stCode"], pre';
  const LANDMARKS = new Set(['stMain', 'stSidebar', 'stSidebarNav', 'stSidebarUserContent', 'stHorizontalBlock',
    'stColumn', 'stExpander', 'stTabs', 'stTab', 'stForm', 'stButtonGroup', 'stDataFrame', 'stTable', 'stImage',
    'stPlotlyChart', 'stVegaLiteChart', 'stMarkdown', 'stCaptionContainer', 'stAlert', 'stMetric', 'stSlider',
    'stSelectbox', 'stNumberInput', 'stHeading', 'stPageLink', 'stButton', 'stRadio', 'stCheckbox',
    'stFileUploader', 'stSidebarNavLink', 'stWidgetLabel', 'stExpanderDetails', 'stTooltipIcon', 'stCode',
    'stMultiSelect', 'stTextInput', 'stDownloadButton', 'stProgress', 'stImageCaption', 'stSelectSlider']);

  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;

  function describe(el) {
    const parts = [];
    for (let e = el, depth = 0; e && depth < 40; e = parentOf(e), depth++) {
      let part = null;
      const key = [...(e.classList || [])].find(c => c.startsWith('st-key-'));
      const id = e.dataset ? e.dataset.testid : undefined;
      if (key) part = '.' + key;
      else if (id && LANDMARKS.has(id)) {
        part = id;
        if (id === 'stColumn' && e.parentElement) {
          const sibs = [...e.parentElement.children].filter(c => c.dataset && c.dataset.testid === 'stColumn');
          part += ':' + (sibs.indexOf(e) + 1) + '/' + sibs.length;
        }
      } else if (e === el) part = e.tagName.toLowerCase();
      if (part) parts.unshift(part);
      if (isRoot(e)) break;
    }
    if (parts.length > 7) parts.splice(1, parts.length - 7, '…');
    return parts.join(' › ');
  }

  const speckMemo = new Map();
  function speck(el) {  // el or an ancestor is clipped to a speck or by `clip` (screen-reader-only text)
    if (!el || el.nodeType !== 1 || isRoot(el)) return false;
    if (speckMemo.has(el)) return speckMemo.get(el);
    const s = getComputedStyle(el);
    let result = false;
    if (s.display !== 'contents') {
      if (s.clip && s.clip !== 'auto' && (s.position === 'absolute' || s.position === 'fixed')) result = true;
      else if (s.overflow !== 'visible') {
        const r = el.getBoundingClientRect();
        result = r.width <= 1 || r.height <= 1;
      }
    }
    if (!result) result = speck(parentOf(el));
    speckMemo.set(el, result);
    return result;
  }
  const hiddenMemo = new Map();
  function hidden(el) {  // not shown: no box (display), visibility, opacity 0 (itself or above), or a speck
    if (!el || el.nodeType !== 1 || isRoot(el)) return false;
    if (hiddenMemo.has(el)) return hiddenMemo.get(el);
    const s = getComputedStyle(el);
    let result;
    // display: contents has no box of its own (checkVisibility says false): its parent decides.
    if (s.display === 'contents') result = s.visibility !== 'visible' || hidden(parentOf(el));
    else result = !el.checkVisibility({opacityProperty: true, visibilityProperty: true, checkOpacity: true,
                                       checkVisibilityCSS: true}) || speck(el);
    hiddenMemo.set(el, result);
    return result;
  }

  function* elementsUnder(root) {  // every element, into open shadow roots (app components) too
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      yield n;
      if (n.shadowRoot) for (const child of n.shadowRoot.children) yield* elementsUnder(child);
    }
  }
  function* textNodesUnder(root) {
    for (const el of elementsUnder(root)) {
      for (const child of el.childNodes) if (child.nodeType === Node.TEXT_NODE && child.data.trim()) yield child;
    }
  }
  const visibleRects = (range) => [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
  const short = (text, n = 80) => { text = (text || '').replace(/\s+/g, ' ').trim(); return text.length > n ? text.slice(0, n - 1) + '…' : text; };

  // --- a. broken words ---
  const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-‐‑.,:/_+][\p{L}\p{N}\p{M}]+)*/gu;
  const BREAKS_AFTER = /[\-‐‑/]$/;  // ordinary line-break opportunities inside a compound
  const range = document.createRange();
  function lineOf(tops, top, tolerance) {
    for (let i = 0; i < tops.length; i++) if (Math.abs(tops[i] - top) <= tolerance) return i;
    tops.push(top);
    return tops.length - 1;
  }
  for (const root of roots) {
    for (const node of textNodesUnder(root)) {
      const parent = node.parentElement;
      if (!parent || parent.closest(NO_TEXT) || hidden(parent)) continue;
      WORD.lastIndex = 0;
      let match;
      while ((match = WORD.exec(node.data))) {
        const word = match[0];
        if (word.length < 2) continue;
        range.setStart(node, match.index);
        range.setEnd(node, match.index + word.length);
        const rects = visibleRects(range);
        if (rects.length < 2) continue;
        const tolerance = Math.max(2, 0.5 * Math.min(...rects.map(r => r.height)));
        const tops = [];
        for (const r of rects) lineOf(tops, r.top, tolerance);
        if (tops.length < 2) continue;
        // Which line each character is on: the fragments ("dist/anci/a").
        const lineTops = [];
        const fragments = [];
        let offset = match.index;
        for (const ch of word) {
          range.setStart(node, offset);
          range.setEnd(node, offset + ch.length);
          offset += ch.length;
          const r = visibleRects(range)[0];
          const line = r ? lineOf(lineTops, r.top, tolerance) : (fragments.length ? fragments.length - 1 : 0);
          if (fragments.length && fragments[fragments.length - 1].line === line) fragments[fragments.length - 1].text += ch;
          else fragments.push({line, text: ch});
        }
        if (fragments.length < 2) continue;
        if (fragments.slice(0, -1).every(f => BREAKS_AFTER.test(f.text))) continue;  // "Fashion-/MNIST"
        const box = parent.getBoundingClientRect();
        problems.push({kind: 'broken word', text: word, as: fragments.map(f => f.text).join('/'),
                       where: describe(parent), box_width: Math.round(box.width), context: short(node.data)});
      }
    }
  }

  // --- b. clipped, ellipsis, scrolled out of sight, off screen ---
  function cutContent(box) {  // visible texts and replaced elements of box that lie beyond its padding box
    const r = box.getBoundingClientRect();
    const left = r.left + box.clientLeft, right = left + box.clientWidth;
    const cut = [];
    for (const node of textNodesUnder(box)) {
      const parent = node.parentElement;
      if (!parent || hidden(parent)) continue;
      range.selectNodeContents(node);
      const rects = visibleRects(range);
      if (rects.some(t => t.right > right + 1 || t.left < left - 1)) cut.push(node.data.trim());
    }
    // Replaced elements, and buttons without text (icons): texts are listed above.
    for (const el of box.querySelectorAll('img, canvas, svg, input, select, video, button')) {
      if (hidden(el) || (el.tagName === 'BUTTON' && el.textContent.trim())) continue;
      if (el.tagName === 'INPUT' && !el.value && el.getBoundingClientRect().width < 24) continue;  // a bare caret
      if (el.tagName !== 'BUTTON' && el.closest('button') && box.contains(el.closest('button'))) continue;
      const e = el.getBoundingClientRect();
      if (e.width > 0 && (e.right > right + 1 || e.left < left - 1)) cut.push('<' + el.tagName.toLowerCase() + '>');
    }
    return [...new Set(cut)];
  }
  const offScreen = new Set();
  const clipsX = (s) => s.overflowX !== 'visible';
  for (const root of roots) {
    for (const el of elementsUnder(root)) {
      if (el.closest && el.closest(CHART) && !el.matches(CHART)) continue;  // chart internals: part c
      if (hidden(el)) continue;
      const s = getComputedStyle(el);
      const overflowing = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
      if (overflowing && !isRoot(el)) {
        if (s.textOverflow === 'ellipsis' && clipsX(s)) {
          problems.push({kind: 'ellipsis', text: short(el.textContent), where: describe(el),
                         shown_px: el.clientWidth, needed_px: el.scrollWidth});
        } else if (s.overflowX === 'hidden' || s.overflowX === 'clip') {
          const cut = cutContent(el);
          if (cut.length) problems.push({kind: 'clipped', how: 'overflow ' + s.overflowX, text: short(cut.join(' | ')),
                                         where: describe(el), shown_px: el.clientWidth, needed_px: el.scrollWidth});
        } else if (s.overflowX === 'auto' || s.overflowX === 'scroll') {
          const cut = cutContent(el);
          if (cut.length) {
            const own = el.closest(TABLE_SCROLLER);
            problems.push({kind: own ? 'scrolls' : 'clipped', how: own ? 'scrolls inside itself' : 'scrolls sideways',
                           text: short(cut.join(' | ')), where: describe(own || el),
                           shown_px: el.clientWidth, needed_px: el.scrollWidth});
          }
        }
      }
      // Off screen: past the viewport's edge and not clipped by a box on the way up (that box is reported).
      if (isRoot(el) || s.position === 'fixed') continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || (r.right <= viewportWidth + 1 && r.left >= -1)) continue;
      const parent = parentOf(el);
      if (offScreen.has(parent)) { offScreen.add(el); continue; }
      let clipped = false;
      for (let a = parent; a && !isRoot(a); a = parentOf(a)) {
        if (a.nodeType === 1 && clipsX(getComputedStyle(a))) { clipped = true; break; }
      }
      if (clipped) continue;
      offScreen.add(el);
      problems.push({kind: 'off screen', text: short(el.textContent) || '<' + el.tagName.toLowerCase() + '>',
                     where: describe(el), left: Math.round(r.left), right: Math.round(r.right),
                     viewport: viewportWidth});
    }
  }
  for (const root of roots) {  // the area itself scrolls sideways (whatever made it)
    const scroller = root === main ? main : root.querySelector('[data-testid="stSidebarContent"]') || root;
    if (scroller.scrollWidth > scroller.clientWidth + 1) {
      problems.push({kind: 'off screen', text: 'the area scrolls sideways: ' + scroller.scrollWidth +
                     ' px of content in ' + scroller.clientWidth + ' px', where: describe(scroller)});
    }
  }

  // --- c. chart texts ---
  const chartText = (text) => {  // Plotly's multi-line texts are <tspan class="line">s: keep their lines apart
    const lines = [...text.querySelectorAll('tspan.line')].map(t => t.textContent);
    return (lines.length > 1 ? lines.join(' / ') : text.textContent).replace(/[\u200b-\u200d\ufeff]/g, '').trim();
  };
  for (const root of roots) {
    for (const chart of root.querySelectorAll(CHART)) {
      if (hidden(chart) || (chart.matches('.vega-embed') && chart.parentElement.closest('.vega-embed'))) continue;
      const plotly = chart.matches('.js-plotly-plot');
      const name = (plotly ? 'Plotly' : 'Vega') + ' chart';
      const where = describe(chart);
      const texts = [];
      for (const text of chart.querySelectorAll('svg text')) {
        if (text.closest('.hoverlayer, [class*="tooltip"]') || !text.textContent.trim()) continue;
        if (!text.checkVisibility({opacityProperty: true, visibilityProperty: true, checkOpacity: true,
                                   checkVisibilityCSS: true})) continue;
        const s = getComputedStyle(text);
        if (parseFloat(s.fillOpacity) === 0 && (s.stroke === 'none' || parseFloat(s.strokeOpacity) === 0)) continue;
        const r = text.getBoundingClientRect();
        if (r.width <= 0 || r.height <= 0) continue;
        const size = parseFloat(s.fontSize);
        chartFonts.push(size);
        if (minFont && size < minFont) problems.push({kind: 'small chart text', text: short(chartText(text)),
                                                      font_px: size, where: where + ' (' + name + ')'});
        texts.push({text: chartText(text), r});
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].r, b = texts[j].r;
          const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (dx > 2 && dy > 2) problems.push({kind: 'chart text overlap', text: short(texts[i].text, 60) + '" × "' +
                                                short(texts[j].text, 60), overlap_px: [Math.round(dx), Math.round(dy)],
                                                where: where + ' (' + name + ')'});
        }
      }
      if (!plotly && !texts.length && chart.querySelector('canvas')) {
        problems.push({kind: 'canvas chart', text: 'drawn on a canvas: its texts cannot be checked', where});
      }
    }
  }

  // --- d. digit images ---
  for (const root of roots) {
    for (const img of elementsUnder(root)) {
      if (img.tagName !== 'IMG' || img.closest(CHART)) continue;
      const inImage = img.closest('[data-testid="stImage"]');
      const inCard = img.closest('.ae-card');  // the app's card grids (pages.common.ui.card_grid)
      const inComponent = img.getRootNode() !== document;  // inside an app component's shadow root
      if (!inImage && !inCard && !inComponent) continue;
      if (hidden(img)) continue;
      const r = img.getBoundingClientRect();
      const caption = inImage ? (inImage.querySelector('[data-testid="stImageCaption"]') || {}).textContent : '';
      const entry = {width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10,
                     where: describe(img), caption: short(caption || img.alt || '', 60)};
      images.push(entry);
      if (minImage && r.width < minImage) problems.push({kind: 'small image', text: entry.caption || '<img>',
                                                        width_px: entry.width, where: entry.where});
    }
  }

  // --- e. buttons of a button group (segmented controls, pills) missing a side ---
  for (const root of roots) {
    for (const button of root.querySelectorAll('[data-testid="stButtonGroup"] > div > button')) {
      if (hidden(button)) continue;
      const s = getComputedStyle(button);
      const open = ['Top', 'Right', 'Bottom', 'Left'].filter(side => parseFloat(s['border' + side + 'Width']) < 0.5
        || s['border' + side + 'Style'] === 'none' || /^(transparent|rgba\(.*,\s*0\)|color\(.*\/\s*0\))$/.test(s['border' + side + 'Color']));
      const label = [...button.querySelectorAll('p')].map(p => p.textContent).join(' ') || button.textContent;
      if (open.length) problems.push({kind: 'open button', text: short(label, 40),
                                      how: 'no ' + open.join(', ').toLowerCase() + ' border', where: describe(button)});
    }
  }
  return {problems, images, chartFonts, url: location.href};
}
"""

# Quiet: no script run, no stale element or spinner, a title on the page, for `quiet_ms` in a row.
# The run state is stApp's data-test-script-state: the status widget ("Running...") is no signal in
# this app: it lives in the toolbar, which toolbarMode "minimal" leaves out at desktop widths.
SETTLED_JS = """
([quietMs, oldTitle]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app ? app.getAttribute('data-test-script-state') : 'initial';
  const running = ['initial', 'running', 'rerunRequested', 'stopRequested'].includes(state);
  const busy = running || document.querySelector(
    '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSpinner"]');
  const title = document.querySelector('[data-testid="stMainBlockContainer"] h1');
  const now = performance.now();
  if (busy || !title || (oldTitle !== null && title.textContent === oldTitle)) { window.__layoutQuiet = null; return false; }
  if (!window.__layoutQuiet) window.__layoutQuiet = now;
  return now - window.__layoutQuiet >= quietMs;
}
"""

SCROLL_THROUGH_JS = """
async () => {
  const pause = (ms) => new Promise(resolve => setTimeout(resolve, ms));
  const main = document.querySelector('[data-testid="stMain"]');
  const scroller = main && main.scrollHeight > main.clientHeight + 1 ? main : document.scrollingElement;
  for (let y = 0; y < scroller.scrollHeight; y += Math.max(200, scroller.clientHeight * 0.8)) {
    scroller.scrollTop = y;
    await pause(60);
  }
  scroller.scrollTop = scroller.scrollHeight;
  await pause(100);
  scroller.scrollTop = 0;
}
"""

CHARTS_DRAWN_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.js-plotly-plot .main-svg'))
   && [...document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]')]
        .every(c => c.querySelector('.vega-embed svg, .vega-embed canvas'))
"""


def normal_path(path: str) -> str:
    """A page's URL path as in PATHS: home is "" (also accepted as "home" or "/")."""
    path = (path or "").strip("/")
    return "" if path == PAGES[0][1] else path


def settle(tab, old_title: str | None = None, quiet_ms: int = 500, timeout: float = 90_000) -> None:
    """Wait until Streamlit's run is over and the page stays quiet (and, given ``old_title``, the page changed).

    ``quiet_ms`` covers the moment between a click and the server's "running" reaching the page.
    """
    tab.evaluate("window.__layoutQuiet = null")
    tab.wait_for_function(SETTLED_JS, arg=[quiet_ms, old_title], timeout=timeout, polling=100)


def prepare(tab, chart_timeout: float = 20_000) -> None:
    """Scroll through the page (lazily rendered parts appear), then let its charts draw."""
    tab.evaluate(SCROLL_THROUGH_JS)
    try:  # placeholders of lazily loaded elements (Plotly's library arrives a few seconds after the run)
        tab.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')",
                              timeout=chart_timeout, polling=100)
    except Exception:  # noqa: BLE001 - measured as it is
        pass
    if not tab.locator('[data-testid="stPlotlyChart"], .vega-embed').count():
        return
    try:
        tab.wait_for_function(CHARTS_DRAWN_JS, timeout=chart_timeout, polling=200)
    except Exception:  # noqa: BLE001 - a chart that never draws is measured as it is
        pass
    tab.wait_for_timeout(400)  # Plotly/Vega relayout after their first draw


def measure(tab, *, min_image_px: float = 0, min_chart_font_px: float = 0) -> Findings:
    """Run the layout checks on the page as it is now (no waiting, no navigation)."""
    viewport = tab.viewport_size or {}
    result = tab.evaluate(LAYOUT_JS, {"minImagePx": min_image_px, "minChartFontPx": min_chart_font_px,
                                      "viewportWidth": viewport.get("width")})
    return Findings(result["problems"], result["images"], result["chartFonts"], result["url"])


def _title(tab) -> str | None:
    return tab.evaluate("() => { const h = document.querySelector('[data-testid=\"stMainBlockContainer\"] h1');"
                        " return h ? h.textContent : null; }")


def _current_path(tab) -> str:
    return tab.evaluate("() => location.pathname").strip("/")


def _sidebar_open(tab) -> bool:
    return tab.evaluate("""() => { const s = document.querySelector('[data-testid="stSidebar"]');
        if (!s || s.getAttribute('aria-expanded') === 'false') return false;
        const r = s.getBoundingClientRect(); return r.width > 1 && r.right > 1; }""")


def navigate(tab, path: str, timeout: float = 90_000) -> None:
    """Go to another page with the sidebar's link: the Streamlit session (and its digit) carries over.

    A collapsed sidebar (phone) is expanded first and collapsed again once the page is there.
    """
    path = normal_path(path)
    if _current_path(tab) == path:
        return
    old_title = _title(tab)
    collapsed = not _sidebar_open(tab)
    if collapsed:
        tab.locator("[data-testid=stExpandSidebarButton]").click()
        tab.locator("[data-testid=stSidebarNav]").wait_for(state="visible", timeout=10_000)
        tab.wait_for_timeout(300)  # the slide-in transition
    nav = tab.locator("[data-testid=stSidebarNav]")
    link = nav.locator(f"a[href$='/{path}']") if path else nav.locator("a").first
    link.click()
    tab.wait_for_function("(path) => location.pathname.replace(/\\/+$/, '').endsWith('/' + path) || "
                          "(path === '' && /^\\/?$/.test(location.pathname))", arg=path.strip("/"), timeout=timeout)
    settle(tab, old_title=old_title, timeout=timeout)
    if collapsed and _sidebar_open(tab):
        tab.locator("[data-testid=stSidebarCollapseButton] button, [data-testid=stSidebarCollapseButton]").first.click()
        tab.wait_for_timeout(400)


def pick_a_digit(tab) -> None:
    """On /draw, switch the input mode to "Pick" (unless it is already): the page then shows a digit."""
    options = tab.locator(".st-key-draw_input_mode [role=radio]")
    options.first.wait_for(timeout=30_000)
    pick = options.filter(has_text=PICK_LABEL)
    pick = pick.first if pick.count() else options.nth(1)  # MODES = (draw, pick, upload)
    if pick.get_attribute("aria-checked") != "true":
        pick.click()
        tab.wait_for_function("(el) => el.getAttribute('aria-checked') === 'true'", arg=pick.element_handle(),
                              timeout=30_000)
        tab.wait_for_timeout(300)
        settle(tab)
    tab.locator("[data-testid=stMain] [data-testid=stImage] img").first.wait_for(timeout=60_000)


def give_digit(tab, url: str, query: str = "") -> None:
    """Start a session on /draw and pick a digit there: every page of the session then has a current digit."""
    open_app(tab, url, "draw" + query)
    settle(tab)
    pick_a_digit(tab)


REVEAL = "[class*='st-key-guide_'][class*='_reveal'] button"


def reveal_results(tab) -> None:
    """Skip a lesson's "predict first" question, so that its results are on the page to measure."""
    button = tab.locator(REVEAL)
    if button.count():
        button.first.click()
        tab.wait_for_function("(sel) => !document.querySelector(sel)", arg=REVEAL, timeout=90_000)
        settle(tab)



def check_page(tab, url: str, path: str, *, min_image_px: float = 0, min_chart_font_px: float = 0,
               keep_session: bool = False) -> Findings:
    """Open ``url/path``, wait for Streamlit and the charts, scroll through, and measure.

    With ``keep_session`` and the app already open in ``tab``, the page is reached with the sidebar's
    link instead of ``tab.goto``, so the session's state (its current digit) carries over.
    """
    path = normal_path(path)
    if keep_session and tab.url.startswith(url) and tab.locator("[data-testid=stSidebarNav]").count():
        navigate(tab, path)
    else:
        open_app(tab, url, path)
        settle(tab)
    prepare(tab)
    return measure(tab, min_image_px=min_image_px, min_chart_font_px=min_chart_font_px)


def new_context(browser, view: str, lang: str):
    return browser.new_context(**VIEWS[view], locale=LOCALES.get(lang, lang))


class ViewSession:
    """One browser context (one Streamlit session) for a view and a language, reused page after page.

    The first check opens the context and gives it a digit (:func:`give_digit`); later checks move
    by sidebar links. After a failure the context is dropped, and the next check starts afresh.
    """

    def __init__(self, browser, url: str, view: str, lang: str, *, with_digit: bool = True, query: str = ""):
        self.browser, self.url, self.view, self.lang, self.with_digit = browser, url, view, lang, with_digit
        self.query = query  # e.g. "?view=projector&embed_options=light_theme": kept by the session's URL
        self.context = self.tab = None

    def _open(self):
        self.context = new_context(self.browser, self.view, self.lang)
        self.tab = self.context.new_page()
        if self.with_digit:
            give_digit(self.tab, self.url, self.query)
        else:
            open_app(self.tab, self.url, self.query)

    def check(self, path: str, *, min_image_px: float = 0, min_chart_font_px: float = 0) -> Findings:
        path = normal_path(path)
        try:
            if self.tab is None:
                self._open()
            navigate(self.tab, path)
            if path == "draw" and self.with_digit:
                # /draw opens in draw mode (an empty canvas, no digit shown) whenever it is entered anew.
                pick_a_digit(self.tab)
            reveal_results(self.tab)
            prepare(self.tab)
            return measure(self.tab, min_image_px=min_image_px, min_chart_font_px=min_chart_font_px)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.context is not None:
            try:
                self.context.close()
            except Exception:  # noqa: BLE001 - closing a broken context
                pass
        self.context = self.tab = None


def page_label(path: str) -> str:
    return "/" + normal_path(path)


def describe_problem(problem: dict) -> str:
    kind, text, where = problem["kind"], problem.get("text", ""), problem.get("where", "")
    if kind == "broken word":
        return f'broken word "{text}" as "{problem["as"]}" in {where} ({problem.get("box_width")} px wide)'
    if kind in ("clipped", "ellipsis", "scrolls"):
        how = f' ({problem["how"]})' if problem.get("how") else ""
        return (f'{kind}{how}: "{text}" in {where}, {problem.get("needed_px")} px of content '
                f'shown in {problem.get("shown_px")} px')
    if kind == "off screen":
        if "right" in problem:
            return (f'off screen: "{text}" in {where} spans x={problem["left"]}..{problem["right"]} '
                    f'in a {problem["viewport"]} px viewport')
        return f"off screen: {text} ({where})"
    if kind == "chart text overlap":
        return f'chart texts overlap: "{text}" by {problem["overlap_px"][0]}x{problem["overlap_px"][1]} px in {where}'
    if kind == "small chart text":
        return f'small chart text "{text}" ({problem["font_px"]} px) in {where}'
    if kind == "small image":
        return f'small image "{text}" ({problem["width_px"]} px wide) in {where}'
    return f"{kind}: {text} ({where})"


def failure_message(path: str, view: str, lang: str, problems, limit: int = 25) -> str:
    lines = [f"{page_label(path)} at {view} ({lang}): {describe_problem(p)}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    counts = Counter(p["kind"] for p in problems)
    head = f"{page_label(path)} at {view} ({lang}): " + ", ".join(f"{n} {k}" for k, n in counts.items())
    return "\n".join([head, *lines])


# --- script mode: the markdown report ---


def _stats(values):
    return (min(values), statistics.median(values)) if values else (None, None)


def _px(value):
    return "–" if value is None else f"{value:.0f}"


def write_report(results: dict, out: Path, *, views, langs, paths, seconds: float, errors: dict) -> None:
    """``results[(path, view, lang)] = Findings``; a markdown report of counts, details and image widths."""
    combos = [(v, lang) for v in views for lang in langs]
    lines = ["# Layout integrity report", "",
             (f"Pages: {len(paths)} · views: {', '.join(views)} · languages: {', '.join(langs)} · "
              f"measured in {seconds:.0f} s ({time.strftime('%Y-%m-%d %H:%M')})."), "",
             "Kinds that must be zero: " + ", ".join(FAILING_KINDS) + ". Reported only: "
             + ", ".join(REPORTED_KINDS) + ".", "",
             "Views: " + "; ".join(f"**{v}** {VIEWS[v]['viewport']['width']}x{VIEWS[v]['viewport']['height']}"
                                   f" @{VIEWS[v]['device_scale_factor']}x" for v in views) + ".", ""]

    # Summary: failing problems per page and view/language.
    lines += ["## Failing problems per page", "",
              "Cells: broken words / clipped+ellipsis / off screen / chart text overlaps (· = none).", "",
              "| page | " + " | ".join(f"{v} {lang}" for v, lang in combos) + " | total |",
              "|---|" + "---|" * (len(combos) + 1)]
    totals = {}
    for path in paths:
        cells, total = [], 0
        for v, lang in combos:
            key = (path, v, lang)
            if key in errors:
                cells.append("error")
                continue
            counts = Counter(p["kind"] for p in results.get(key, []))
            b, c, o, x = (counts["broken word"], counts["clipped"] + counts["ellipsis"], counts["off screen"],
                          counts["chart text overlap"])
            total += b + c + o + x
            cells.append("·" if not (b or c or o or x) else f"{b}/{c}/{o}/{x}")
        totals[path] = total
        lines.append(f"| {page_label(path)} | " + " | ".join(cells) + f" | {total} |")
    lines.append("")

    worst = sorted((p for p in paths if totals[p]), key=lambda p: -totals[p])
    lines += ["## Worst offenders", ""]
    for path in worst[:8]:
        kinds = Counter(p["kind"] for v, lang in combos for p in results.get((path, v, lang), [])
                        if p["kind"] in FAILING_KINDS)
        lines.append(f"- **{page_label(path)}**: {totals[path]} (" + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
                     + ")")
    if not worst:
        lines.append("None: every page is clean.")
    lines.append("")

    # Broken words per page, all views together: what to fix.
    lines += ["## Broken words per page (all views and languages)", ""]
    for path in paths:
        seen = Counter()
        where = {}
        for v, lang in combos:
            for p in results.get((path, v, lang), []):
                if p["kind"] == "broken word":
                    seen[(p["text"], p["as"])] += 1
                    where.setdefault((p["text"], p["as"]), set()).add(f"{v} {lang}")
        if seen:
            words = "; ".join(f'"{w}" as "{a}" ({", ".join(sorted(where[(w, a)]))})' for (w, a), _ in seen.most_common(20))
            lines.append(f"- **{page_label(path)}**: {words}" + (" …" if len(seen) > 20 else ""))
    lines.append("")

    # Image widths.
    lines += ["## Digit image widths (CSS px: min / median, count)", "",
              "| page | " + " | ".join(f"{v} {lang}" for v, lang in combos) + " |",
              "|---|" + "---|" * len(combos)]
    for path in paths:
        cells = []
        for v, lang in combos:
            widths = results[(path, v, lang)].image_widths() if (path, v, lang) in results else []
            low, mid = _stats(widths)
            cells.append(f"{_px(low)} / {_px(mid)} ({len(widths)})" if widths else "–")
        lines.append(f"| {page_label(path)} | " + " | ".join(cells) + " |")
    lines.append("")

    # Chart fonts.
    lines += ["## Smallest chart text (CSS px)", "",
              "| page | " + " | ".join(f"{v} {lang}" for v, lang in combos) + " |",
              "|---|" + "---|" * len(combos)]
    any_chart = False
    for path in paths:
        cells = []
        for v, lang in combos:
            fonts = results[(path, v, lang)].chart_fonts if (path, v, lang) in results else []
            cells.append(f"{min(fonts):g} ({len(fonts)} texts)" if fonts else "–")
            any_chart |= bool(fonts)
        if any(c != "–" for c in cells):
            lines.append(f"| {page_label(path)} | " + " | ".join(cells) + " |")
    if not any_chart:
        lines.append("| (no charts) |" + " |" * len(combos))
    lines.append("")

    # Details.
    lines += ["## Details", ""]
    for path in paths:
        lines += [f"### {page_label(path)}", ""]
        for v, lang in combos:
            key = (path, v, lang)
            if key in errors:
                lines += [f"**{v} {lang}**: measurement failed: `{errors[key]}`", ""]
                continue
            found = results.get(key, Findings())
            counts = Counter(p["kind"] for p in found)
            low, mid = _stats(found.image_widths())
            summary = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k]) or "no problems"
            lines.append(f"**{v} {lang}**: {summary}; images min {_px(low)} / median {_px(mid)} px "
                         f"({len(found.images)})")
            shown = [p for p in found if p["kind"] in FAILING_KINDS][:12] + \
                [p for p in found if p["kind"] not in FAILING_KINDS][:4]
            for p in shown:
                lines.append(f"- {describe_problem(p)}".replace("|", "\\|"))
            hidden_count = len(found) - len(shown)
            if hidden_count > 0:
                lines.append(f"- … and {hidden_count} more")
            lines.append("")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_all(browser, url: str, *, views, langs, paths, min_image_px=0, min_chart_font_px=0, log=print):
    """Measure every page in every view and language: one browser context per view and language."""
    results, errors = {}, {}
    for view in views:
        for lang in langs:
            session = ViewSession(browser, url, view, lang)
            try:
                for path in paths:
                    started = time.monotonic()
                    try:
                        found = session.check(path, min_image_px=min_image_px, min_chart_font_px=min_chart_font_px)
                    except Exception as problem:  # noqa: BLE001 - one page failing must not stop the report
                        errors[(path, view, lang)] = f"{type(problem).__name__}: {str(problem).splitlines()[0][:200]}"
                        log(f"{page_label(path)} {view} {lang}: ERROR {errors[(path, view, lang)]}")
                        continue
                    results[(path, view, lang)] = found
                    counts = Counter(p["kind"] for p in found)
                    log(f"{page_label(path)} {view} {lang}: {dict(counts)} images={len(found.images)} "
                        f"({time.monotonic() - started:.1f} s)")
            finally:
                session.close()
    return results, errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/layout_report.md"))
    parser.add_argument("--pages", help="comma-separated page paths (home is 'home' or ''); default: all")
    parser.add_argument("--views", default=",".join(VIEWS))
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--min-image-px", type=float, default=0)
    parser.add_argument("--min-chart-font-px", type=float, default=0)
    parser.add_argument("--url", help="measure an app that is already running instead of starting one")
    args = parser.parse_args(argv)

    if args.pages:
        wanted = [p.strip().strip("/") for p in args.pages.split(",")]
        paths = [normal_path(p) for p in wanted]
        unknown = [p for p in paths if p not in PATHS]
        if unknown:
            parser.error(f"unknown pages: {unknown}; known: {['home', *PATHS[1:]]}")
    else:
        paths = list(PATHS)
    views = [v.strip() for v in args.views.split(",") if v.strip()]
    if set(views) - set(VIEWS):
        parser.error(f"unknown views: {sorted(set(views) - set(VIEWS))}; known: {list(VIEWS)}")
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]

    import contextlib
    import tempfile

    from playwright.sync_api import sync_playwright

    from tests.launch import CHROMIUM, CHROMIUM_ARGS, prepare_models, running_app

    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        if args.url:
            url = args.url.rstrip("/")
        else:
            prepare_models()
            log_path = Path(tempfile.mkdtemp(prefix="layout-checks-")) / "server.log"
            url, _ = stack.enter_context(running_app(log_path))
            print(f"app at {url}, log {log_path}", flush=True)
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        results, errors = run_all(browser, url, views=views, langs=langs, paths=paths,
                                  min_image_px=args.min_image_px, min_chart_font_px=args.min_chart_font_px,
                                  log=lambda line: print(line, flush=True))
    seconds = time.monotonic() - started
    write_report(results, args.out, views=views, langs=langs, paths=paths, seconds=seconds, errors=errors)
    failing = sum(len(f.failing()) for f in results.values())
    print(f"{failing} failing problems, {len(errors)} pages not measured; report: {args.out} ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
