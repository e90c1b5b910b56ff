"""The finished digit the browser sends with a drawing (pages.common.drawing_canvas): read only
when it is exactly 784 bytes, and then the page's digit, so the live cards and the server agree."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from pages.common.drawing_canvas import browser_digit, read_drawing
from pages.common.live import digit_text
from tests.apptest_support import app_test, canvas_payload, open_page, stroke_rgba

PIXELS = np.arange(784, dtype="uint16").astype("uint8")


def sent(pixels: np.ndarray) -> str:
    return base64.b64encode(pixels.tobytes()).decode("ascii")


def test_784_bytes_are_the_digit_on_the_8_bit_grid():
    digit = browser_digit(sent(PIXELS))
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    np.testing.assert_array_equal(np.round(digit * 255).astype("uint8").ravel(), PIXELS)


@pytest.mark.parametrize("text", [None, 7, "", sent(PIXELS[:783]), sent(np.zeros(785, "uint8")),
                                  "!" * 1048, sent(PIXELS)[:-4] + "====", {"digit": "x"}])
def test_anything_else_is_no_digit_and_the_png_is_read_instead(text):
    assert browser_digit(text) is None


def test_the_live_elements_read_back_the_digit_the_browser_sent():
    assert digit_text(browser_digit(sent(PIXELS))) == sent(PIXELS)
    assert digit_text(None) is None


def test_read_drawing_keeps_the_browser_digit_and_its_stamp():
    value = canvas_payload(stroke_rgba())["drawing"]
    drawing = read_drawing({**value, "digit": sent(PIXELS), "stamp": "1700000000000-3"})
    assert drawing.stamp == "1700000000000-3"
    np.testing.assert_array_equal(drawing.digit, browser_digit(sent(PIXELS)))
    assert read_drawing({**value, "stamp": "x" * 41}).stamp is None  # not ours: ignored


@app_test
def test_the_page_takes_the_browser_digit_over_its_own_reading_of_the_png():
    at = open_page("draw")
    chosen = np.zeros((28, 28), "uint8")
    chosen[4:24, 13:16] = 200  # not what the PNG's stroke gives: proves which one was used
    payload = canvas_payload(stroke_rgba())
    payload["drawing"]["digit"] = sent(chosen)
    at.session_state["draw_canvas"] = payload
    at.run()
    assert not at.exception
    np.testing.assert_array_equal(at.session_state["digit"], chosen.astype("float32") / 255)
