"""The live probe (pages.common.live.probe) asks the browser on every page load whether it can run
the models; it reruns the page only when its answer is news (a first visit, or a browser that
changed). A rerun on every load would wipe a click or a one-time message of the run before it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SERVED_ONLY
from tests.browser.helpers import PROBE_COOKIE, draw_stroke, open_app, reveal, wait_for_probe, wait_idle

pytestmark = pytest.mark.browser

# The browser asks the server for a script run with a BackMsg whose field 11 (rerun_script) is
# set: on the websocket, a binary frame starting with that field's tag, 0x5A. Counted as sent, so a
# rerun the server folds into the run in progress still counts.
RERUN_TAG = 0x5A


def count_rerun_requests(tab) -> list:
    """A list that grows by one for every script run the page asks for."""
    asked = []
    tab.on("websocket", lambda ws: ws.on(
        "framesent", lambda frame: asked.append(1) if isinstance(frame, bytes) and frame[:1] == bytes([RERUN_TAG]) else None))
    return asked


NOTE = "Este navegador no puede ejecutar los modelos"  # live_unavailable, in Spanish
SEVEN = [(60 + 8 * i, 50) for i in range(20)] + [(215 - 5 * i, 50 + 10 * i) for i in range(18)]


def runs_of_a_load(tab, asked: list, url: str, path: str | None) -> int:
    """Open ``path`` (None: reload the page as it is) and count the script runs it asks for until
    its probe has answered and a while after."""
    asked.clear()
    if path is None:
        tab.reload()
        tab.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
        wait_idle(tab)
    else:
        open_app(tab, url, path)
    wait_for_probe(tab)
    tab.wait_for_timeout(2_000)  # a rerun the answer asks for would have started by now
    return len(asked)


def probe_cookie(tab) -> str | None:
    cookies = {c["name"]: c["value"] for c in tab.context.cookies()}
    return cookies.get(PROBE_COOKIE)


def test_a_reload_runs_the_page_once_when_the_probe_finds_what_the_cookie_says(browser, app_url):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 720})
    try:
        tab = context.new_page()
        asked = count_rerun_requests(tab)
        assert runs_of_a_load(tab, asked, app_url, "draw") == 2  # a first visit: the answer is news, one rerun
        assert probe_cookie(tab) == "1"
        assert runs_of_a_load(tab, asked, app_url, None) == 1
        assert probe_cookie(tab) == "1"
        assert tab.locator("[data-live-ready]").count() >= 1  # still on the live path
    finally:
        context.close()


def test_a_browser_that_cannot_run_the_models_keeps_its_note_on_a_reload_without_a_rerun(browser, app_url):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 720})
    context.add_init_script(SERVED_ONLY)
    try:
        tab = context.new_page()
        asked = count_rerun_requests(tab)
        assert runs_of_a_load(tab, asked, app_url, "draw") == 2
        assert probe_cookie(tab) == "0"
        draw_stroke(tab, SEVEN)
        wait_idle(tab)
        reveal(tab, "draw")
        assert tab.get_by_text(NOTE).count() == 1
        assert runs_of_a_load(tab, asked, app_url, None) == 1  # the same page and digit (it is in the URL)
        assert tab.get_by_text(NOTE).count() == 1
    finally:
        context.close()


def test_a_cookie_that_says_live_on_a_browser_that_cannot_is_corrected_by_a_rerun(browser, app_url):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 720})
    context.add_init_script(SERVED_ONLY)
    try:
        context.add_cookies([{"name": PROBE_COOKIE, "value": "1", "url": app_url}])
        tab = context.new_page()
        asked = count_rerun_requests(tab)
        assert runs_of_a_load(tab, asked, app_url, "draw") == 2  # the answer is news: one rerun
        assert probe_cookie(tab) == "0"
        assert tab.locator("[data-live-ready]").count() == 0  # the rerun put it on the served path
    finally:
        context.close()
