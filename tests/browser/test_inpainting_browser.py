"""What only a browser shows on the Inpainting page: a mask painted on the canvas hides those pixels."""

import re

import pytest

from tests.browser.helpers import draw_stroke, open_app, reveal

pytestmark = pytest.mark.browser


def test_painting_a_mask_on_the_inpainting_page_hides_those_pixels(page, app_url):
    open_app(page, app_url, "inpainting")
    reveal(page, "inpainting")  # the page starts on a picked digit: its question comes first
    page.get_by_text("50% of the pixels hidden").wait_for(timeout=30_000)  # the right half, by default
    page.get_by_text("paint a mask").click()
    page.get_by_text("The mask hides nothing").wait_for(timeout=30_000)
    draw_stroke(page, [(60 + 10 * i, 140) for i in range(17)])
    share = page.get_by_text(re.compile(r"^\d+% of the pixels hidden"))
    share.wait_for(timeout=30_000)
    hidden = int(share.inner_text().split("%")[0])
    assert 5 <= hidden <= 25  # a 40 px brush across the middle of a 280 px canvas
    page.get_by_text("error on hidden pixels").first.wait_for(timeout=30_000)  # rendered after the share
