"""Nothing is lost on a reload or in a shared link: the language, the view, the drawn digit and
every output come back, an answered lesson stays answered, and a running training is found again."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from tests.browser.helpers import draw_stroke, open_app, open_app_after_probe, reveal, training, wait_for_probe, wait_idle
from tests.browser.test_draw_browser import INK_PIXELS

pytestmark = pytest.mark.browser

CARD_IMAGES = "[data-testid=stMain] .ae-card img"


def draw_outputs(tab) -> list[str]:
    """Every card picture of the Draw page (reconstructions, best three), in order."""
    return tab.locator(CARD_IMAGES).evaluate_all("els => els.map(e => e.src)")


def wait_for_outputs(tab, at_least: int = 8) -> list[str]:
    """The cards once they have settled: a new session is served first, and its browser then says
    it runs the models itself (pages.common.live), whose cards replace the served ones."""
    outputs = None
    for _ in range(60):
        tab.wait_for_function(f"() => document.querySelectorAll('{CARD_IMAGES}').length >= {at_least}", timeout=60_000)
        wait_idle(tab)
        now = draw_outputs(tab)
        if now == outputs:
            return now
        outputs = now
        tab.wait_for_timeout(500)
    return outputs


def test_a_reload_keeps_the_language_view_drawn_digit_and_every_output(browser, app_url):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    open_app(tab, app_url, "draw")
    sidebar = tab.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Español", exact=True).click()
    tab.get_by_role("heading", name="Dibuja y reconstruye").wait_for(timeout=30_000)
    wait_idle(tab)
    sidebar.get_by_text("Proyector", exact=True).click()
    wait_idle(tab)
    draw_stroke(tab, [(140, 50 + 10 * i) for i in range(19)])
    reveal(tab, "draw")
    before = wait_for_outputs(tab)
    ink_before = tab.locator("canvas.drawing-canvas").first.evaluate(INK_PIXELS)
    query = parse_qs(urlparse(tab.url).query)
    assert query.get("lang") == ["es"] and query.get("view") == ["projector"]
    assert query["digit"][0].startswith("d.")  # a drawn digit, in the link

    tab.reload()
    tab.get_by_role("heading", name="Dibuja y reconstruye").wait_for(timeout=60_000)
    after = wait_for_outputs(tab)
    assert after == before  # the same digit, every output the same picture
    assert tab.locator(".st-key-guide_draw_reveal button").count() == 0  # the answered question stays answered
    assert tab.get_by_text("Ya la respondiste antes de recargar la página.").count() == 1
    # Its strokes are back on the canvas (their points rounded to whole canvas pixels in the link).
    assert abs(tab.locator("canvas.drawing-canvas").first.evaluate(INK_PIXELS) - ink_before) <= 0.05 * ink_before
    assert tab.locator("html").evaluate("e => getComputedStyle(e).fontSize") == "20px"  # still the projector view
    link = tab.url
    context.close()

    # The link sent to another student opens the same digit, language and outputs (after their own answer).
    other = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 720})
    tab = other.new_page()
    tab.goto(link)
    tab.get_by_role("heading", name="Dibuja y reconstruye").wait_for(timeout=60_000)
    wait_idle(tab)
    reveal(tab, "draw")
    assert wait_for_outputs(tab) == before
    other.close()


def test_a_picked_digit_comes_back_after_a_reload(browser, app_url):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    open_app(tab, app_url, "noise_lab")
    wait_for_probe(tab)  # the first visit switches to the live path once the browser's probe answers
    number = tab.locator(".st-key-noise_pick_index input")
    number.fill("7")
    number.press("Enter")
    wait_idle(tab)
    reveal(tab, "noise_lab")
    pictures = tab.locator("[data-testid=stMain] img").evaluate_all("els => els.map(e => e.src)")
    assert len(pictures) >= 3
    assert parse_qs(urlparse(tab.url).query)["digit"] == ["p.mnist.7"]
    tab.reload()
    tab.get_by_role("heading", name="Laboratorio de ruido").wait_for(timeout=60_000)
    wait_idle(tab)
    # The number box is drawn again once the remembered pick is read back: poll, do not sample once.
    tab.wait_for_function(
        "() => document.querySelector('.st-key-noise_pick_index input')?.value === '7'", timeout=30_000)
    wait_idle(tab)
    assert tab.locator("[data-testid=stMain] img").evaluate_all("els => els.map(e => e.src)") == pictures
    context.close()


def test_a_training_survives_a_reload(browser, app_url):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    # A first visit: its probe's answer reruns the page once; the clicks come after it.
    open_app_after_probe(tab, app_url, "train_your_own")
    for key in ("own_epochs", "own_train_size"):  # the smallest training that still takes a while
        tab.locator(f".st-key-{key} input[type=range]").focus()
        tab.keyboard.press("Home")
        wait_idle(tab)
    tab.locator(".st-key-own_epochs input[type=range]").focus()
    for _ in range(3):
        tab.keyboard.press("ArrowRight")  # a few epochs: a reload lands in the middle
    wait_idle(tab)
    tab.locator(".st-key-own_start button").click()
    training(tab).first.wait_for(timeout=60_000)
    wait_idle(tab)

    tab.reload()
    tab.get_by_role("heading", name=re.compile("Train your own")).wait_for(timeout=60_000)
    # The page finds its training again: its progress, then its model.
    training(tab).or_(tab.get_by_text("Your models in this session")).first.wait_for(timeout=60_000)
    tab.get_by_text("Your models in this session").wait_for(timeout=300_000)
    assert tab.get_by_role("heading", name=re.compile(r"^Your model ")).count() == 1
    tab.locator("[data-testid=stDownloadButton]").first.wait_for(timeout=30_000)  # renders after the heading
    context.close()


def test_projector_view_images_are_large_after_a_reload_too(browser, app_url):
    """The view is in the URL: a projector link opens large digits straight away."""
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    open_app(tab, app_url, "noise_lab?view=projector")
    wait_for_probe(tab)
    reveal(tab, "noise_lab")
    widths = np.array(tab.locator("[data-testid=stMain] .ae-card img, [data-testid=stMain] [data-testid=stImage] img")
                      .evaluate_all("els => els.map(e => e.getBoundingClientRect().width)"))
    assert len(widths) >= 3 and widths.min() >= 112, widths
    context.close()
