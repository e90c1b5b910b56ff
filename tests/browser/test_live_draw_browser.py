"""The Draw page live in the browser: while the pen moves the browser's own models redraw the
cards, their answers are the server's, the finished digit is the server's own recipe, the server's
rerun at pen-up changes nothing on screen, and a browser without WebAssembly is served."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from ae_core import shareable, zoo
from ae_core.lab.draw import reconstruct_all, with_pca_at
from ae_core.preprocess import canvas_rgba, digit_from_canvas
from tests.browser.helpers import open_app, reveal, wait_idle

pytestmark = pytest.mark.browser

CARDS = "[data-testid=stMain] .st-key-draw_live_grid .ae-card"
HUB = "() => { const h = window.__aeLive && window.__aeLive.draw; return h ? {updates: h.stats.updates, loaded: !!h.stats.loadMs, busy: h.busy} : null; }"
RESULTS = """() => { const r = window.__aeLive.draw.results;
  return {models: r.models.map(m => ({name: m.name, image: Array.from(m.image), error: m.error})),
          probabilities: Array.from(r.probabilities), digit: Array.from(r.digit)}; }"""
SEVEN = [(70 + 7 * i, 60) for i in range(20)] + [(210 - 4 * i, 60 + 10 * i) for i in range(18)]


def live_draw_page(tab, app_url):
    """/draw with the question skipped (it comes after a first digit, which is then cleared) and the
    browser's models loaded (a live session): an empty canvas and the cards ready for the pen."""
    open_app(tab, app_url, "draw")
    tab.wait_for_function("() => document.cookie.includes('ae_lab_live=1')", timeout=60_000)
    wait_idle(tab)
    press_and_move(tab, SEVEN[:10], pause_ms=0)
    tab.mouse.up()
    wait_idle(tab)
    reveal(tab, "draw")
    tab.locator(".dc-clear").first.click()
    tab.wait_for_function("() => !new URLSearchParams(window.location.search).has('digit')", timeout=30_000)
    wait_idle(tab)
    tab.wait_for_function(f"() => {{ const h = ({HUB})(); return h && h.loaded; }}", timeout=90_000)


def press_and_move(tab, points, pause_ms: int = 20):
    canvas = tab.locator("canvas.drawing-canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    scale = box["width"] / 280
    at = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in points]
    tab.mouse.move(*at[0])
    tab.mouse.down()
    for x, y in at[1:]:
        tab.mouse.move(x, y)
        tab.wait_for_timeout(pause_ms)


def card_pictures(tab) -> list[str]:
    return tab.locator(f"{CARDS} img").evaluate_all("els => els.map(e => e.src)")


def test_the_cards_follow_the_pen_before_it_is_lifted(page, app_url):
    live_draw_page(page, app_url)
    before = page.evaluate(HUB)["updates"]
    press_and_move(page, SEVEN[:20])
    page.wait_for_function(f"() => document.querySelectorAll('{CARDS} img').length >= 8", timeout=30_000)
    halfway = card_pictures(page)
    press_points = SEVEN[20:]
    canvas = page.locator("canvas.drawing-canvas").first.bounding_box()
    for x, y in press_points:
        page.mouse.move(canvas["x"] + x * canvas["width"] / 280, canvas["y"] + y * canvas["width"] / 280)
        page.wait_for_timeout(20)
    page.wait_for_timeout(300)
    moving = page.evaluate(HUB)["updates"] - before
    later = card_pictures(page)
    assert "digit" not in parse_qs(urlparse(page.url).query)  # the server has heard nothing yet
    assert moving >= 5, moving  # many redraws in one stroke, not one at its end
    assert later != halfway  # the cards changed while the pen was still down
    page.mouse.up()
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query)["digit"][0].startswith("d.")


def test_the_server_rerun_after_pen_up_changes_nothing_on_screen(page, app_url):
    live_draw_page(page, app_url)
    press_and_move(page, SEVEN)
    page.mouse.up()
    page.wait_for_function("() => !window.__aeLive.draw.busy && window.__aeLive.draw.results.final", timeout=30_000)
    final = card_pictures(page)
    updates = page.evaluate(HUB)["updates"]
    wait_idle(page)  # the server's run for the finished digit
    page.wait_for_timeout(500)
    assert page.evaluate(HUB)["updates"] == updates  # nothing recomputed
    assert card_pictures(page) == final and len(final) >= 8


def test_the_browser_digit_is_the_server_recipe_pixel_for_pixel(page, app_url):
    live_draw_page(page, app_url)
    rng = np.random.default_rng(7)
    canvas = page.locator("canvas.drawing-canvas").first
    for trial in range(6):
        if page.locator(".dc-clear").first.is_enabled():
            page.locator(".dc-clear").first.click()
            wait_idle(page)
        for _ in range(int(rng.integers(1, 4))):
            points = np.clip(np.cumsum(rng.normal(0, 12, (25, 2)), axis=0) + rng.uniform(60, 220, 2), 5, 275)
            press_and_move(page, [tuple(p) for p in points], pause_ms=0)
            page.mouse.up()
        wait_idle(page)
        got = canvas.evaluate("""async (c) => { const live = await import('/live/app/live_client.mjs');
            const d = live.digitFromCanvas(c); return {png: c.toDataURL('image/png'), digit: d && Array.from(d)}; }""")
        server = digit_from_canvas(canvas_rgba(base64.b64decode(got["png"].split(",", 1)[1]))).image
        if server is None:
            assert got["digit"] is None
            continue
        np.testing.assert_array_equal(np.asarray(got["digit"], "float32"), shareable.quantized(server).ravel())


def test_the_browser_answers_as_the_server_for_every_draw_model(page, app_url):
    live_draw_page(page, app_url)
    press_and_move(page, SEVEN)
    page.mouse.up()
    page.wait_for_function("() => !window.__aeLive.draw.busy && window.__aeLive.draw.results.final", timeout=30_000)
    wait_idle(page)
    browser = page.evaluate(RESULTS)
    kept = shareable.decode(parse_qs(urlparse(page.url).query)["digit"][0])["image"]  # the server's digit
    np.testing.assert_array_equal(np.asarray(browser["digit"], "float32"), kept.ravel())
    names = [m["name"] for m in browser["models"]]
    models = {name: zoo.load_pretrained(name) for name in names}
    server = {r.name: r for r in reconstruct_all(kept, with_pca_at(models, 30))}
    assert set(server) == set(names) and len(names) >= 8
    for model in browser["models"]:
        expected = server[model["name"]]
        np.testing.assert_allclose(np.asarray(model["image"]).reshape(28, 28), expected.image, atol=1e-4,
                                   err_msg=model["name"])
        assert model["error"] == pytest.approx(expected.squared_error, abs=1e-3)
    classifier = zoo.load_pretrained("digit_classifier")
    np.testing.assert_allclose(browser["probabilities"], classifier.predict_proba(kept.reshape(1, 28, 28, 1))[0],
                               atol=1e-4)


def test_a_browser_without_webassembly_is_served_with_a_one_line_note(browser, app_url):
    # Chromium's V8 flag that hides WebAssembly is overridden by Debian's launcher: take it away
    # before any script of the page runs, as a browser without it would be.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 720})
    context.add_init_script("delete globalThis.WebAssembly;")
    try:
        tab = context.new_page()
        tab.goto("about:blank")
        assert tab.evaluate("() => typeof WebAssembly") == "undefined"
        open_app(tab, app_url, "draw")
        tab.wait_for_function("() => document.cookie.includes('ae_lab_live=0')", timeout=60_000)
        wait_idle(tab)
        press_and_move(tab, SEVEN)
        tab.mouse.up()
        wait_idle(tab)
        reveal(tab, "draw")
        note = tab.get_by_text("This browser cannot run the models itself")
        note.wait_for(timeout=30_000)
        assert note.count() == 1
        tab.wait_for_function("() => document.querySelectorAll('[data-testid=stMain] .st-key-draw_cards .ae-card, "
                              "[data-testid=stMain] .ae-grid-draw_cards .ae-card').length >= 8", timeout=60_000)
        assert tab.locator(".st-key-draw_live_grid").count() == 0  # no live element on this path
        assert tab.evaluate("() => !window.__aeLive || !window.__aeLive.draw || !window.__aeLive.draw.stats.updates")
    finally:
        context.close()
