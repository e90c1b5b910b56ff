"""What only a browser shows on the Latent map: clicking a map chooses a digit or decodes an empty
spot, and hovering a point shows its digit."""

import re

import pytest

from tests.browser.helpers import open_app, reveal, wait_idle

pytestmark = pytest.mark.browser

CHARTS = "[data-testid='stPlotlyChart'] .js-plotly-plot"
DECODED = re.compile(r"Decoded at \((-?\d+\.\d\d), (-?\d+\.\d\d)\)")


def plot_point(page, chart: int, trace: int, point: int) -> dict:
    """Page coordinates of a data point of a Plotly chart (from Plotly's own axes)."""
    return page.evaluate(
        """([chart, trace, point]) => {
          const gd = document.querySelectorAll(arguments_selector)[chart];
          gd.scrollIntoView({block: "center"});  // a mouse click lands only inside the viewport
          const fl = gd._fullLayout, r = gd.getBoundingClientRect(), d = gd._fullData[trace];
          return {x: r.left + fl._size.l + fl.xaxis.l2p(d.x[point]), y: r.top + fl._size.t + fl.yaxis.l2p(d.y[point])};
        }""".replace("arguments_selector", f'"{CHARTS}"'),
        [chart, trace, point],
    )


def empty_spot(page, chart: int) -> dict:
    """A spot near the bottom-left corner of the plot area, and its data coordinates."""
    return page.evaluate(
        """(chart) => {
          const gd = document.querySelectorAll(arguments_selector)[chart];
          gd.scrollIntoView({block: "center"});
          const fl = gd._fullLayout, r = gd.getBoundingClientRect();
          const px = 6, py = fl._size.h - 6;
          return {x: r.left + fl._size.l + px, y: r.top + fl._size.t + py, dx: fl.xaxis.p2l(px), dy: fl.yaxis.p2l(py),
                  step: (fl.xaxis.range[1] - fl.xaxis.range[0]) / 20};
        }""".replace("arguments_selector", f'"{CHARTS}"'),
        chart,
    )


def decoded_captions(page) -> list[tuple[float, float]]:
    return [tuple(map(float, DECODED.search(text).groups())) for text in page.get_by_text(DECODED).all_inner_texts()]


def test_clicking_the_latent_map(served_page, app_url):
    page = served_page  # the decoded spot's sliders and caption are the served path's (live: test_live_decoders_browser)
    open_app(page, app_url, "latent_map")
    reveal(page, "latent_map", timeout=240_000)  # the lesson's question comes first
    page.wait_for_function(f"() => document.querySelectorAll(\"{CHARTS}\").length >= 3", timeout=240_000)
    wait_idle(page, 240_000)
    page.get_by_text("Nothing chosen yet").wait_for(timeout=30_000)

    # A click on a digit (trace 1: the first class) chooses it: it appears with its reconstructions.
    point = plot_point(page, chart=1, trace=1, point=0)
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.get_by_text(re.compile(r"1 digit\(s\) chosen on the map")).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("Nothing chosen yet").count() == 0

    # A click on an empty spot of the same map decodes that spot: its caption and image change.
    before = decoded_captions(page)
    images_before = page.locator("[data-testid='stImage'] img").evaluate_all("els => els.map(e => e.src)")
    spot = empty_spot(page, chart=1)
    page.mouse.move(spot["x"], spot["y"])
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function(
        "(old) => [...document.querySelectorAll('[data-testid=\"stImageCaption\"]')].map(e => e.innerText)"
        ".filter(t => t.startsWith('Decoded at')).join('|') !== old",
        arg="|".join(f"Decoded at ({x:.2f}, {y:.2f})" for x, y in before),
        timeout=30_000,
    )
    wait_idle(page)
    after = decoded_captions(page)
    assert after[0] == before[0] and after[2] == before[2]  # the other maps keep their spots
    x, y = after[1]
    assert abs(x - spot["dx"]) <= spot["step"] and abs(y - spot["dy"]) <= spot["step"] * 4
    images_after = page.locator("[data-testid='stImage'] img").evaluate_all("els => els.map(e => e.src)")
    assert images_after != images_before


def test_hovering_a_point_shows_its_digit(page, app_url):
    open_app(page, app_url, "latent_map")
    reveal(page, "latent_map", timeout=240_000)  # the lesson's question comes first
    page.wait_for_function(f"() => document.querySelectorAll(\"{CHARTS}\").length >= 3", timeout=240_000)
    wait_idle(page, 240_000)
    page.locator(".st-key-latent_hover_images").get_by_text("Show digits on hover").click()
    marks = "[data-testid='stVegaLiteChart'] canvas.marks, [data-testid='stVegaLiteChart'] svg.marks"
    page.wait_for_selector(marks, timeout=60_000)
    wait_idle(page)
    chart = page.locator(marks).first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    tooltip = page.locator("#vg-tooltip-element img")
    for i in range(4, 40):  # sweep the plot until the pointer rests on a point
        for j in range(4, 40):
            page.mouse.move(box["x"] + box["width"] * i / 44, box["y"] + box["height"] * j / 44)
            if tooltip.count() and tooltip.first.is_visible():
                src = tooltip.first.get_attribute("src")
                assert src.startswith("data:image/png;base64,")
                size = tooltip.first.evaluate("img => [img.naturalWidth, img.naturalHeight]")
                assert size == [84, 84]  # the digit, 3 x upscaled
                return
    raise AssertionError("no tooltip picture appeared over the hover map")
