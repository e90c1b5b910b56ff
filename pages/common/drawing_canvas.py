"""Our drawing canvas: a Streamlit components-v2 element (assets/drawing_canvas.js) and its value.

It replaces streamlit-drawable-canvas, whose frontend waits a fixed 200 ms after every stroke
before sending it (its DELAY_DEBOUNCE): that wait was most of the Draw page's stroke latency.
This canvas sends each finished stroke at pointer up. Its value, in session state under the
widget key, is ``{"drawing": {"raw": {"objects": [stroke, ...]}, "data": PNG data URL or None,
"digit": base64 of the 784 bytes of the 28x28 digit or None}}``;
a stroke is ``{"type": "stroke", "color", "width", "points": [[x, y], ...]}``. The PNG holds the
strokes only, transparent elsewhere (white ink for a digit; the alpha is a brush's mask). The
digit is ``ae_core.preprocess.to_mnist`` of that PNG as the browser computed it
(assets/live_client.mjs): the live path shows it, so the server takes the same one.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses

import numpy as np
import streamlit as st

from ae_core.imaging import PNG_DATA_URL
from ae_core.preprocess import ImageProblem, canvas_rgba
from pages.common import own_components
from pages.common.i18n import option, t



@dataclasses.dataclass(frozen=True)
class Drawing:
    """What a canvas holds: its strokes and their PNG.

    ``png`` is None when the canvas is empty, or when it has just mounted with resumed strokes and
    sent nothing yet; b"" when the client's data could not be read.
    """

    objects: list
    png: bytes | None
    digit: np.ndarray | None = None  # (28, 28) float32 on the 8-bit grid, as the browser made it
    stamp: str | None = None  # which of the browser's drawings it is (its live elements know their own)

    @property
    def is_empty(self) -> bool:
        return not self.objects


EMPTY = Drawing([], None)


def read_drawing(drawing) -> Drawing:
    """The canvas' ``drawing`` state as a :class:`Drawing`, whatever a client sent.

    Only a tampered client sends a malformed value: anything that is not a stroke list counts as
    empty, and data that is not a base64 PNG data URL becomes b"" (the page says the drawing could
    not be read), never a traceback.
    """
    if not isinstance(drawing, dict) or not isinstance(drawing.get("raw"), dict):
        return EMPTY
    objects = drawing["raw"].get("objects")
    if not isinstance(objects, list) or not objects:
        return EMPTY
    data = drawing.get("data")
    if not isinstance(data, str) or not data.startswith(PNG_DATA_URL):
        return Drawing(objects, b"")
    try:
        png = base64.b64decode(data[len(PNG_DATA_URL):], validate=True)
    except (binascii.Error, ValueError):
        return Drawing(objects, b"")
    stamp = drawing.get("stamp")
    return Drawing(objects, png, browser_digit(drawing.get("digit")),
                   stamp if isinstance(stamp, str) and len(stamp) <= 40 else None)


def browser_digit(text) -> np.ndarray | None:
    """The browser's 28x28 digit: exactly 784 bytes in base64, else None (the PNG is read instead)."""
    if not isinstance(text, str) or len(text) != 1048:  # 784 bytes in base64
        return None
    try:
        pixels = np.frombuffer(base64.b64decode(text, validate=True), dtype="uint8")
    except (binascii.Error, ValueError):
        return None
    return (pixels.astype("float32") / 255).reshape(28, 28) if pixels.size == 784 else None


def canvas_pixels(drawing: Drawing) -> np.ndarray | None:
    """The drawing's pixels, (H, W, 4) uint8; None when it has no PNG. A PNG that cannot be read
    shows the translated message on the page and gives None."""
    if drawing.png is None:
        return None
    try:
        return canvas_rgba(drawing.png)
    except ImageProblem as problem:
        st.warning(option("problem_", problem.code, detail=problem.detail))
        return None


def _registered():
    return own_components.component("drawing_canvas")


def drawing_canvas(
    key: str,
    *,
    size: int = 280,
    stroke_width: int = 18,
    stroke_color: str = "#FFFFFF",
    background: str = "#000000",
    background_image: str | None = None,
    initial_objects: list | None = None,
    live: str | None = None,
) -> Drawing:
    """Show a square canvas of ``size`` px; return its drawing.

    ``initial_objects`` (strokes of an earlier canvas) are drawn when the canvas mounts; later
    changes to them are ignored, as the student's strokes take over. ``background_image`` is a
    data URL shown behind the strokes, upscaled without smoothing. ``live``: the name of the page's
    live hub (assets/live_client.mjs) that gets the digit of every frame while the pen moves.
    """
    data = {
        "instance": key,
        "width": size,
        "height": size,
        "strokeWidth": int(stroke_width),
        "strokeColor": stroke_color,
        "background": background,
        "backgroundImage": background_image,
        "initial": initial_objects or [],
        "live": live,
        "labels": {"undo": t("canvas_undo"), "clear": t("clear_canvas"), "canvas": t("canvas_label")},
    }
    result = _registered()(
        data=data, key=key, default={"drawing": None}, on_drawing_change=lambda: None,
        width="content", height="content",
    )
    try:
        value = result.get("drawing")
    except AttributeError:  # a value that is not a mapping at all
        return EMPTY
    if value is None:  # nothing sent since mounting: the resumed strokes, not rendered to a PNG yet
        return Drawing(list(initial_objects or []), None)
    return read_drawing(value)
