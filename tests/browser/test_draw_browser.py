"""What only a browser shows: drawing on the canvas updates the reconstructions."""

import re

import pytest

from tests.browser.helpers import draw_stroke, open_app, wait_idle

pytestmark = pytest.mark.browser

CLASSIFIER_VERDICT = re.compile(r"The classifier (reads a|is unsure)")


def test_drawing_a_stroke_shows_reconstructions(page, app_url):
    open_app(page, app_url, "draw")
    page.get_by_text("Nothing drawn yet").wait_for(timeout=30_000)
    draw_stroke(page, [(140, 50 + 10 * i) for i in range(19)])
    page.get_by_text("Reconstructions, best first").wait_for(timeout=30_000)
    page.get_by_text(CLASSIFIER_VERDICT).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("Nothing drawn yet").count() == 0
    # One card per reconstruction model: each caption carries "error <number>".
    assert page.get_by_text(re.compile(r"error \d+\.\d")).count() >= 8
