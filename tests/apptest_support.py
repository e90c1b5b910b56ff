"""Helpers for AppTest page tests: open a page in a language, inject a drawing or an upload, see
images and cards, click a button, read the zoo the page reads, take a model away, wait for a
live training.

The app runs in this process (no browser). The drawing canvas and the upload control are unknown
elements to AppTest; a drawing or a chosen file is injected through its session-state key, as its
frontend would send it. Card grids (``ui.card_grid``) are html elements: :func:`cards` reads them.
Under AppTest the refreshing fragment of the training panel does not run: :func:`wait_for`
polls the job through ``cache.job_manager()`` until it ends, then the test reruns the page.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import re
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = str(REPO_ROOT / "app.py")


def app_test(function):
    """Marks a test that runs the app: slow, on the prepared zoo (the page files' lab-module tests
    beside them are neither)."""
    import pytest

    return pytest.mark.slow(pytest.mark.usefixtures("prepared_zoo")(function))


def open_page(page: str | None, lang: str = "en", run: bool = True, revealed: bool = True):
    """An AppTest of app.py switched to ``pages/<page>.py`` (home when None).

    ``revealed``: the lesson's "predict first" question counts as answered (skipped), as after a
    student's click, so the page shows its results; tests of the question itself pass False.
    """
    from streamlit.testing.v1 import AppTest

    from pages.common.guide import COURSE

    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    if revealed:
        for name, _ in COURSE:
            at.session_state[f"guide_{name}_shown"] = True
    if page:
        at.switch_page(f"pages/{page}.py")
    if run:
        with as_server():  # the home page's widgets keep their ids in the runs that follow
            at.run()
    return at


@contextlib.contextmanager
def as_server():
    """Runs inside start at app.py, as in a server where ``st.navigation`` has run once.

    Under AppTest every run first goes through Streamlit's legacy ``pages/`` mechanism (AppTest
    resets it before each run): the page's ``shell.require_shell()`` then reruns through app.py.
    That rerun forgets a button's click (``if st.button(...)``); and a first run of the home page
    that way runs app.py as a legacy page, whose widgets (the sidebar's switches) get other ids
    than in the runs after it, so a switch set later falls back to its default. A server takes
    that detour once per process, never after a click.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    class ShellPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False  # st.navigation has run: app.py, not pages/

    original = app_test_module.PagesManager
    app_test_module.PagesManager = ShellPagesManager
    try:
        yield
    finally:
        app_test_module.PagesManager = original


def click(at, key: str):
    """Click the button ``key`` whose return value the page reads (``if st.button(...)``), and run
    (see :func:`as_server`)."""
    button = at.button(key=key)
    with as_server():
        button.click().run()
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


def upload_payload(name: str, data: bytes, mime: str = "image/png") -> dict:
    """What our upload control (pages/common/upload_box.py) stores in session state when a
    student chooses a file: set it as ``at.session_state["<page>_upload"]`` before a run."""
    url = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    return {"file": {"name": name, "size": len(data), "data": url, "refused": None}}


def refused_upload(name: str, size: int, why: str = "file_too_large") -> dict:
    """What the control stores for a file it refused in the browser (never sent)."""
    return {"file": {"name": name, "size": size, "data": None, "refused": why}}


def png_bytes(array: np.ndarray, mode: str | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array, mode=mode).save(buffer, format="PNG")
    return buffer.getvalue()


def texts(at) -> str:
    """Every markdown, caption, info, warning, error, success, image caption and card text of the
    run, joined."""
    parts = []
    for group in (at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.title, at.subheader):
        parts += [element.value for element in group]
    for image in at.image:
        parts += [caption for caption in image.captions if caption]
    for title, lines in cards(at):
        parts += [text for text in (title, *lines) if text]
    return "\n".join(parts)


_CARD = re.compile(r'<figure class="ae-card">(.*?)</figure>', re.S)
_CARD_TITLE = re.compile(r"<strong>(.*?)</strong>", re.S)
_CARD_LINE = re.compile(r"<span>(.*?)</span>", re.S)


def cards(at, key: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """(title, lines) of every card of the run's card grids (``ui.card_grid``: st.html, which
    AppTest shows as html elements), or of the grid with this ``key`` only."""
    found = []
    for element in at.get("html"):
        body = element.value
        if key is not None and f"ae-grid-{html.escape(key)}\"" not in body:
            continue
        for card in _CARD.findall(body):
            title = _CARD_TITLE.search(card)
            found.append((html.unescape(title.group(1)) if title else "",
                          tuple(html.unescape(line) for line in _CARD_LINE.findall(card))))
    return found


class ImageRecorder:
    """Records the arrays the pages pass to ``pages.common.ui.image``/``picture`` and the cards of
    ``ui.card_grid`` (``ui.images`` makes cards too).

    ``shown``: (array, caption) of every picture and card, a card's caption its title and lines
    joined by newlines; ``cards``: the :class:`pages.common.ui.Card` objects, by grid key.
    """

    def __init__(self, monkeypatch):
        import pages.common.ui as ui

        self.shown: list[tuple[np.ndarray, str | None]] = []
        self.cards: list[tuple[str, object]] = []
        original_image, original_picture, original_grid = ui.image, ui.picture, ui.card_grid

        def image(picture, caption=None, scale=8):
            self.shown.append((np.asarray(picture), caption))
            original_image(picture, caption=caption, scale=scale)

        def picture(array, caption=None):
            self.shown.append((np.asarray(array), caption))
            original_picture(array, caption=caption)

        def card_grid(cards, *, key, **options):
            cards = list(cards)
            for card in cards:
                self.cards.append((key, card))
                self.shown.append((np.asarray(card.picture), "\n".join(t for t in (card.title, *card.lines) if t)))
            original_grid(cards, key=key, **options)

        monkeypatch.setattr(ui, "image", image)
        monkeypatch.setattr(ui, "picture", picture)
        monkeypatch.setattr(ui, "card_grid", card_grid)

    def grid(self, key: str) -> list:
        """The cards of the last run's grid ``key`` (the latest ones recorded under that key)."""
        return [card for k, card in self.cards if k == key]

    def clear(self):
        self.shown.clear()
        self.cards.clear()


def vega_chart(at, index: int = 0) -> tuple[dict, dict]:
    """(spec, data as {column: values}) of the page's ``index``-th Vega-Lite chart; Streamlit moves
    a spec's inline data into the element as an Arrow table."""
    import json

    import pyarrow as pa

    proto = at.get("vega_lite_chart")[index].proto
    return json.loads(proto.spec), pa.ipc.open_stream(proto.data.data).read_all().to_pydict()


def tr(key: str, lang: str, **values) -> str:
    """The translation table's text for ``key`` in ``lang`` (what the page shows)."""
    from pages.common import i18n

    return i18n.t(key, lang, **values)


def trained_names(*, dataset: str | None = None, kind: str | None = None, tag: str | None = None) -> list[str]:
    """Registry presets, filtered, that the committed manifest lists (what ``cache.available`` gives)."""
    from ae_core import zoo
    from ae_core.registry import list_models

    listed = zoo.read_manifest()["models"]
    return [name for name in list_models(dataset=dataset, kind=kind, tag=tag) if name in listed]


def listed(*names) -> dict:
    """Manifest entries (what training measured) of these models; skips the test when one is not in the zoo."""
    import pytest

    from ae_core import zoo

    models = zoo.read_manifest()["models"]
    missing = [n for n in names if n not in models]
    if missing:
        pytest.skip(f"not in the pretrained zoo: {missing}")
    return {n: models[n] for n in names}


def pick(at, prefix: str, index: int = 0):
    """Switch a page's digit input to "pick" and choose gallery digit ``index`` (``prefix``: the keys')."""
    at.segmented_control(key=f"{prefix}_input_mode").set_value("pick").run()
    at.number_input(key=f"{prefix}_pick_index").set_value(index).run()
    return at


def without_model(monkeypatch, *names):
    """Make ``cache.model`` fail for these models as if their weights were missing."""
    from ae_core import zoo
    from pages.common import cache

    original = cache.model

    def model(name):
        if name in names:
            raise zoo.WeightsProblem(name, "missing", "removed by the test")
        return original(name)

    monkeypatch.setattr(cache, "model", model)


def only_available(monkeypatch, keep):
    """Make ``cache.available`` list only the models for which ``keep(name)`` holds (as if the
    others were not in the manifest)."""
    from pages.common import cache

    original = cache.available
    monkeypatch.setattr(cache, "available", lambda **filters: [n for n in original(**filters) if keep(n)])


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def wait_for(job_id: str, timeout: float = 240) -> str:
    """Poll the server's job manager (shared with the AppTests of this process) until the job ends;
    returns its final state."""
    from pages.common import cache

    manager = cache.job_manager()
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = manager.status(job_id).get("state")
        if state not in ("queued", "running"):
            return state
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


def job_result(job_id: str):
    from pages.common import cache

    return cache.job_manager().result(job_id)
