"""Helpers for AppTest page tests: open a page in a language, inject a drawing, see images.

The app runs in this process (no browser). The drawing canvas is an unknown element to
AppTest; a drawing is injected through its session-state key, as its frontend would send it.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = str(REPO_ROOT / "app.py")


def open_page(page: str | None, lang: str = "en", run: bool = True):
    """An AppTest of app.py switched to ``pages/<page>.py`` (home when None)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    if page:
        at.switch_page(f"pages/{page}.py")
    if run:
        at.run()
    return at


def stroke_rgba(rows=(40, 240), cols=(130, 150), size=280) -> np.ndarray:
    """A canvas image (size, size, 4) with one white filled rectangle "stroke" (a '1')."""
    rgba = np.zeros((size, size, 4), np.uint8)
    rgba[rows[0] : rows[1], cols[0] : cols[1]] = 255
    return rgba


EMPTY_CANVAS = {"drawing": {"raw": {"objects": []}, "data": None}}  # what the canvas sends on Clear


def canvas_payload(rgba: np.ndarray) -> dict:
    """What the drawing canvas stores for a drawing: its strokes plus a PNG data URL."""
    from tests.load.bad_inputs import canvas_value, data_url, rgba_png

    return canvas_value(data_url(rgba_png(rgba)))


def png_bytes(array: np.ndarray, mode: str | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array, mode=mode).save(buffer, format="PNG")
    return buffer.getvalue()


def texts(at) -> str:
    """Every markdown, caption, info, warning, error, success and image caption of the run, joined."""
    parts = []
    for group in (at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.title, at.subheader):
        parts += [element.value for element in group]
    for image in at.image:
        parts += [caption for caption in image.captions if caption]
    return "\n".join(parts)


class ImageRecorder:
    """Records the arrays the pages pass to ``pages.common.ui.image``/``picture``."""

    def __init__(self, monkeypatch):
        import pages.common.ui as ui

        self.shown: list[tuple[np.ndarray, str | None]] = []
        original_image, original_picture = ui.image, ui.picture

        def image(picture, caption=None, scale=8):
            self.shown.append((np.asarray(picture), caption))
            original_image(picture, caption=caption, scale=scale)

        def picture(array, caption=None):
            self.shown.append((np.asarray(array), caption))
            original_picture(array, caption=caption)

        monkeypatch.setattr(ui, "image", image)
        monkeypatch.setattr(ui, "picture", picture)

    def clear(self):
        self.shown.clear()


def vega_chart(at, index: int = 0) -> tuple[dict, dict]:
    """(spec, data as {column: values}) of the page's ``index``-th Vega-Lite chart; Streamlit moves
    a spec's inline data into the element as an Arrow table."""
    import json

    import pyarrow as pa

    proto = at.get("vega_lite_chart")[index].proto
    return json.loads(proto.spec), pa.ipc.open_stream(proto.data.data).read_all().to_pydict()
