"""Steps the browser tests share: open a page, wait for Streamlit, draw on a canvas."""

from __future__ import annotations


def open_app(tab, url: str, path: str = "") -> None:
    """Go to a page and wait until Streamlit has finished running it."""
    tab.goto(f"{url}/{path}")
    tab.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    tab.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    wait_idle(tab)


def wait_idle(tab, timeout: float = 60_000) -> None:
    """Wait for the current script run to finish (the status widget disappears)."""
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )
    tab.wait_for_timeout(300)


def draw_stroke(tab, points, canvas_index: int = 0) -> None:
    """Press, move through ``points`` (canvas pixel coordinates), release."""
    canvas = tab.locator("canvas.drawing-canvas").nth(canvas_index)
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"]
    tab.mouse.move(x0 + points[0][0], y0 + points[0][1])
    tab.mouse.down()
    for x, y in points[1:]:
        tab.mouse.move(x0 + x, y0 + y, steps=2)
    tab.mouse.up()
