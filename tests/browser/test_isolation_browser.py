"""Isolation: two students at the same time each see only their own digit, outputs, uploads,
language and trained models (two browser contexts = two Streamlit sessions on one server)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.browser.helpers import open_app, open_app_after_probe, reveal, training, wait_idle

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
VERTICAL = [(140, 40 + 10 * i) for i in range(21)]  # a "1"
HORIZONTAL = [(40 + 10 * i, 140) for i in range(21)]  # a "-"


@pytest.fixture
def two(browser):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US") for _ in range(2)]
    tabs = [c.new_page() for c in contexts]
    yield tabs
    for context in contexts:
        context.close()


def current_digit(tab, base_url: str) -> tuple[str, np.ndarray]:
    """(src, pixels) of the page's preprocessed-digit image ("Current digit: ..."), as served."""
    image = tab.locator("[data-testid=stImage]").filter(has_text="Current digit").locator("img").first
    image.wait_for(timeout=30_000)
    src = image.get_attribute("src")
    if src.startswith("data:"):  # pages.common.ui sends images inline
        body = base64.b64decode(src.split(",", 1)[1])
    else:  # a /media/ URL of this session
        response = tab.request.get(src if src.startswith("http") else base_url + src)
        assert response.ok, (src, response.status)
        body = response.body()
    return src, np.asarray(Image.open(io.BytesIO(body)).convert("L"), dtype=float) / 255


def ink_shape(pixels: np.ndarray) -> tuple[int, int]:
    rows = np.flatnonzero((pixels > 0.3).any(axis=1))
    cols = np.flatnonzero((pixels > 0.3).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def output_images(tab) -> list[str]:
    """src of every reconstruction card's image, in order."""
    return [img.get_attribute("src") for img in tab.locator("[data-testid=stMain] .ae-card img").all()]


def strokes_together(tabs, paths) -> None:
    """Both students draw at the same moment: presses, moves and releases interleaved."""
    boxes = [tab.locator("canvas.drawing-canvas").first.bounding_box() for tab in tabs]
    for tab, box, path in zip(tabs, boxes, paths):
        tab.mouse.move(box["x"] + path[0][0], box["y"] + path[0][1])
        tab.mouse.down()
    for step in range(1, max(len(p) for p in paths)):
        for tab, box, path in zip(tabs, boxes, paths):
            if step < len(path):
                tab.mouse.move(box["x"] + path[step][0], box["y"] + path[step][1])
    for tab in tabs:
        tab.mouse.up()


def wait_for_digit(tab, previous_src=None) -> None:
    tab.wait_for_function(
        """(previous) => {
            const box = Array.from(document.querySelectorAll('[data-testid=stImage]'))
                .find(e => e.innerText.includes('Current digit'));
            const img = box && box.querySelector('img');
            return img && img.getAttribute('src') !== previous && img.complete && img.naturalWidth > 0;
        }""",
        arg=previous_src, timeout=60_000,
    )
    wait_idle(tab)


def test_two_students_drawing_at_once_see_only_their_own_digit_and_outputs(two, app_url):
    a, b = two
    for tab in two:
        open_app(tab, app_url, "draw")
        tab.locator("canvas.drawing-canvas").first.wait_for(timeout=60_000)
    strokes_together(two, [VERTICAL, HORIZONTAL])
    for tab in two:
        wait_for_digit(tab)
        reveal(tab, "draw")
    src_a, pixels_a = current_digit(a, app_url)
    src_b, pixels_b = current_digit(b, app_url)
    assert len(output_images(a)) >= 8 and len(output_images(b)) >= 8
    height_a, width_a = ink_shape(pixels_a)
    height_b, width_b = ink_shape(pixels_b)
    assert height_a > 3 * width_a, "A drew a vertical stroke"
    assert width_b > 3 * height_b, "B drew a horizontal stroke"
    assert src_a != src_b
    outputs_a, outputs_b = output_images(a), output_images(b)
    assert not set(outputs_a) & set(outputs_b)  # no reconstruction of one shown to the other

    # A draws again; B's page does not change at all.
    box = a.locator("canvas.drawing-canvas").first.bounding_box()
    a.mouse.move(box["x"] + 60, box["y"] + 60)
    a.mouse.down()
    a.mouse.move(box["x"] + 220, box["y"] + 220, steps=10)
    a.mouse.up()
    wait_for_digit(a, src_a)
    wait_idle(b)
    assert current_digit(b, app_url)[0] == src_b
    assert output_images(b) == outputs_b
    assert current_digit(a, app_url)[0] != src_a


def _png(draw) -> bytes:
    image = Image.new("L", (200, 200), 245)
    draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_two_students_uploading_at_once_see_only_their_own_file(two, app_url, tmp_path):
    one = tmp_path / "one.png"
    one.write_bytes(_png(lambda d: d.line([(100, 20), (100, 180)], fill=10, width=16)))
    zero = tmp_path / "zero.png"
    zero.write_bytes(_png(lambda d: d.ellipse((40, 20, 160, 180), outline=10, width=16)))
    for tab in two:
        open_app(tab, app_url, "draw")
        tab.locator(".st-key-draw_input_mode").get_by_text("Upload", exact=True).click()  # exact: the icon before it reads "upload"
        wait_idle(tab)
    a, b = two
    a.locator("input[type=file]").set_input_files(str(one))
    b.locator("input[type=file]").set_input_files(str(zero))
    a.get_by_text("uploaded: one.png").first.wait_for(timeout=60_000)
    b.get_by_text("uploaded: zero.png").first.wait_for(timeout=60_000)
    for tab in two:
        wait_for_digit(tab)
    assert a.get_by_text("zero.png").count() == 0 and b.get_by_text("one.png").count() == 0
    pixels_a, pixels_b = current_digit(a, app_url)[1], current_digit(b, app_url)[1]
    height_a, width_a = ink_shape(pixels_a)
    assert height_a > 3 * width_a  # a "1"
    height_b, width_b = ink_shape(pixels_b)
    middle = pixels_b[pixels_b.shape[0] // 2 - 8 : pixels_b.shape[0] // 2 + 8, pixels_b.shape[1] // 2 - 8 : pixels_b.shape[1] // 2 + 8]
    assert 0.5 < height_b / width_b < 2.5 and middle.mean() < 0.2  # a "0": a ring with an empty middle


def test_one_student_switching_language_does_not_switch_the_other(two, app_url):
    a, b = two
    for tab in two:
        open_app(tab, app_url, "noise_lab")
    a.locator("[data-testid=stSidebar]").get_by_text("Español", exact=True).click()
    a.get_by_role("heading", name="Laboratorio de ruido").wait_for(timeout=30_000)
    b.locator("[data-testid=stSidebar]").get_by_text("Fashion-MNIST", exact=True).click()  # B reruns meanwhile
    wait_idle(a)
    wait_idle(b)
    assert b.get_by_role("heading", name="Noise lab").count() == 1
    assert b.get_by_text("Gaussian noise σ").count() == 1
    assert a.get_by_text("Ruido gaussiano σ").count() == 1
    b.reload()
    open_app(b, app_url, "noise_lab")
    assert b.get_by_role("heading", name="Noise lab").count() == 1


@pytest.mark.skipif(not (REPO / "pages" / "train_your_own.py").exists(), reason="no Train your own page yet")
def test_a_model_trained_by_one_student_is_not_seen_by_the_other(two, app_url):
    a, b = two
    for tab in two:  # first visits: each probe's answer reruns its page once, before the clicks
        open_app_after_probe(tab, app_url, "train_your_own")
    # The smallest training: one epoch on the fewest images.
    for key in ("own_epochs", "own_train_size"):
        slider = a.locator(f".st-key-{key} input[type=range]")
        slider.focus()
        a.keyboard.press("Home")
        wait_idle(a)
    a.locator(".st-key-own_start button").click()
    training(a).first.wait_for(timeout=60_000)
    wait_idle(b)
    assert b.locator("[data-testid=stProgress]").count() == 0  # B sees no training
    a.get_by_text("Your models in this session").wait_for(timeout=240_000)  # A's model is ready
    assert a.get_by_role("heading", name=re.compile(r"^Your model ")).count() == 1  # what B must not see
    # B, rerun after A's model exists: no progress, no result, no model list, no download.
    b.locator(".st-key-own_epochs input[type=range]").focus()
    b.keyboard.press("End")
    wait_idle(b)
    assert b.locator("[data-testid=stProgress]").count() == 0
    assert b.get_by_text("Your models in this session").count() == 0
    assert b.get_by_role("heading", name=re.compile(r"^Your model ")).count() == 0
    assert b.locator("[data-testid=stDownloadButton]").count() == 0
