"""Steps the browser tests share: open a page, wait for Streamlit, answer a lesson's question,
draw on a canvas."""

from __future__ import annotations

import re


def open_app(tab, url: str, path: str = "") -> None:
    """Go to a page and wait until Streamlit has finished running it."""
    tab.goto(f"{url}/{path}")
    tab.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    tab.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    wait_idle(tab)


PROBE_COOKIE = "ae_lab_live"  # pages.common.live.COOKIE: the probe's answer


def wait_for_probe(tab, timeout: float = 20_000) -> None:
    """A session's first page switches to the live path once the browser's probe has answered
    (pages.common.live): wait for its answer (a cookie) and the rerun it brings."""
    try:
        tab.wait_for_function(f"() => document.cookie.includes('{PROBE_COOKIE}=')", timeout=timeout)
    except Exception:  # noqa: BLE001 - no probe on this page (no graphs prepared): nothing to wait for
        return
    wait_idle(tab)


def open_app_after_probe(tab, url: str, path: str = "") -> None:
    """Open a page as a first visit does (no probe cookie) and wait for the rerun its live probe's
    answer then brings: a click or a one-time message in the run before is lost with it."""
    tab.context.clear_cookies(name=PROBE_COOKIE)
    open_app(tab, url, path)
    wait_for_probe(tab)


def training(tab):
    """A training of this session on the page (English): running (its progress bar), or waiting
    for the trainer, which runs one job at a time, behind another session's."""
    return tab.locator("[data-testid=stProgress]").or_(tab.get_by_text(re.compile("^Waiting for the trainer")))


# The app's run state is stApp's data-test-script-state: the toolbar's "Running..." widget is no
# signal in this app (toolbarMode "minimal" leaves it out at desktop widths).
IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app ? app.getAttribute('data-test-script-state') : 'initial';
  return !['initial', 'running', 'rerunRequested', 'stopRequested'].includes(state)
    && !document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSpinner"]')
    && !document.documentElement.dataset.livePending  // the browser's own models still computing
    && !document.querySelector('[data-live-ready="0"]');  // a live element not drawn yet
}
"""


# What IDLE_JS waits on, for the message when the wait times out.
BUSY_JS = """
() => ({
  page: location.pathname,
  scriptState: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
  statusWidget: !!document.querySelector('[data-testid="stStatusWidget"]'),
  spinner: !!document.querySelector('[data-testid="stSpinner"]'),
  livePending: document.documentElement.dataset.livePending || null,
  liveNotDrawn: [...document.querySelectorAll('[data-live-ready="0"]')].map(
    (el) => el.closest('[class*="st-key-"]')?.className.match(/st-key-\\S+/)?.[0] || el.tagName),
})
"""


def wait_idle(tab, timeout: float = 60_000) -> None:
    """Wait for the current script run to finish (after a short pause: a click's rerun has to
    reach the page first)."""
    tab.wait_for_timeout(300)
    try:
        tab.wait_for_function(IDLE_JS, timeout=timeout, polling=100)
    except Exception as error:  # noqa: BLE001 - say what the page was still busy with
        raise AssertionError(f"page still busy after {timeout / 1000:.0f} s: {tab.evaluate(BUSY_JS)}") from error
    tab.wait_for_timeout(200)


def reveal(tab, page: str, timeout: float = 60_000) -> None:
    """Answer a lesson's "predict first" question by skipping it, so the results show (waits for
    the question to appear)."""
    button = tab.locator(f".st-key-guide_{page}_reveal button")
    button.first.wait_for(timeout=timeout)
    button.first.click()
    tab.locator(f".st-key-guide_{page}_again").first.wait_for(timeout=timeout)
    wait_idle(tab)


def draw_stroke(tab, points, canvas_index: int = 0) -> None:
    """Press, move through ``points`` (canvas pixel coordinates), release."""
    canvas = tab.locator("canvas.drawing-canvas").nth(canvas_index)
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"]
    tab.mouse.move(x0 + points[0][0], y0 + points[0][1])
    tab.mouse.down()
    for x, y in points[1:]:
        tab.mouse.move(x0 + x, y0 + y, steps=2)
    tab.mouse.up()
