"""What only a browser shows on the Draw page: drawing, undoing and clearing strokes on the canvas
update the reconstructions, and the drawing carries over to the next page."""

import re

import pytest

from tests.browser.helpers import draw_stroke, open_app, reveal, wait_idle

pytestmark = pytest.mark.browser

CLASSIFIER_VERDICT = re.compile(r"The classifier (reads a|is unsure)")


def test_drawing_a_stroke_shows_reconstructions(page, app_url):
    open_app(page, app_url, "draw")
    page.get_by_text("Nothing drawn yet").wait_for(timeout=30_000)
    draw_stroke(page, [(140, 50 + 10 * i) for i in range(19)])
    reveal(page, "draw")
    page.get_by_text("Reconstructions", exact=True).wait_for(timeout=30_000)
    page.get_by_text(CLASSIFIER_VERDICT).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("Nothing drawn yet").count() == 0
    # One card per reconstruction model: each caption carries "error <number>".
    assert page.get_by_text(re.compile(r"error \d+\.\d")).count() >= 8


def test_undo_takes_the_last_stroke_back_and_clear_empties_the_canvas(page, app_url):
    open_app(page, app_url, "draw")
    page.get_by_text("Nothing drawn yet").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Undo").is_disabled()
    draw_stroke(page, [(140, 50 + 10 * i) for i in range(19)])
    reveal(page, "draw")
    page.get_by_text("Reconstructions", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    ink = page.locator("canvas.drawing-canvas")
    one_stroke = ink.evaluate("canvas => canvas.toDataURL()")
    draw_stroke(page, [(90 + 10 * i, 60) for i in range(11)])
    wait_idle(page)
    assert ink.evaluate("canvas => canvas.toDataURL()") != one_stroke
    page.get_by_role("button", name="Undo").click()
    wait_idle(page)
    assert ink.evaluate("canvas => canvas.toDataURL()") == one_stroke
    assert page.get_by_text("Reconstructions", exact=True).count() == 1
    page.get_by_role("button", name="Clear").click()
    page.get_by_text("Nothing drawn yet").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Undo").is_disabled()


INK_PIXELS = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) n += data[i] > 0;
  return n;
}"""


def test_the_drawing_carries_over_to_the_next_pages_canvas(page, app_url):
    open_app(page, app_url, "draw")
    draw_stroke(page, [(140, 50 + 10 * i) for i in range(19)])
    reveal(page, "draw")
    page.get_by_text("Reconstructions", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    drawn = page.locator("canvas.drawing-canvas").evaluate(INK_PIXELS)
    assert drawn > 1000
    page.locator("[data-testid=stSidebarNav] a[href$='/noise_lab']").click()
    page.wait_for_url(re.compile(r"/noise_lab(\?|$)"))
    page.get_by_text("denoising AE", exact=True).first.wait_for(timeout=30_000)
    wait_idle(page)
    # Same strokes, drawn again by the Noise lab's own canvas; its outputs are of that digit.
    assert page.locator("canvas.drawing-canvas").evaluate(INK_PIXELS) == drawn


def test_a_second_finger_neither_draws_nor_ends_the_stroke(page, app_url):
    open_app(page, app_url, "draw")
    page.get_by_text("Nothing drawn yet").wait_for(timeout=30_000)
    canvas = page.locator("canvas.drawing-canvas")
    box = canvas.bounding_box()

    def touch(kind, pointer, x, y):
        canvas.dispatch_event(kind, {"pointerId": pointer, "pointerType": "touch", "isPrimary": pointer == 1,
                                     "button": 0 if kind == "pointerdown" else -1,
                                     "clientX": box["x"] + x, "clientY": box["y"] + y, "bubbles": True})

    touch("pointerdown", 1, 140, 50)
    touch("pointerdown", 2, 60, 60)  # a second finger lands ...
    touch("pointermove", 2, 60, 200)
    touch("pointerup", 2, 60, 200)  # ... and lifts: the first finger's stroke goes on
    for y in range(60, 240, 10):
        touch("pointermove", 1, 140, y)
    touch("pointerup", 1, 140, 230)
    reveal(page, "draw")
    page.get_by_text("Reconstructions", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    ink = canvas.evaluate("""canvas => {
      const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      const alpha = (x, y) => data[4 * (y * canvas.width + x) + 3];
      return {first: alpha(140, 200), second: alpha(60, 130)};
    }""")
    assert ink["first"] > 0 and ink["second"] == 0
