"""Browser: language switch, deep links on a fresh server, uploads."""

import re
from urllib.parse import urlparse

import numpy as np
import pytest
from PIL import Image

from tests.launch import free_port, start_app, wait_healthy
from tests.browser.helpers import open_app, open_app_after_probe, reveal, wait_idle

pytestmark = pytest.mark.browser

# (path, browser language, heading): a bad link too, in Spanish
FIRST_REQUESTS = [("", "en-US", "Autoencoder Lab"), ("draw", "en-US", "Draw & reconstruct"),
                  ("noise_lab", "en-US", "Noise lab"), ("inpainting", "en-US", "Inpainting"),
                  ("leccion_que_no_existe", "es-ES", "Página no encontrada")]


def test_language_switch_translates_the_page(browser, app_url):
    context = browser.new_context(locale="es-ES", viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    open_app(tab, app_url, "noise_lab")
    assert tab.locator("h1").first.inner_text() == "Laboratorio de ruido"
    tab.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    tab.get_by_role("heading", name="Noise lab").wait_for(timeout=30_000)
    wait_idle(tab)
    assert tab.get_by_text("Gaussian noise σ").is_visible()
    assert tab.get_by_text("Ruido gaussiano σ").count() == 0
    context.close()


def test_every_deep_link_opens_its_page_even_as_a_fresh_servers_first_request(browser, tmp_path):
    # A new server per link: the first request is the deep link itself (see app.py).
    for path, locale, title in FIRST_REQUESTS:
        port = free_port()
        process = start_app(port, log_path=tmp_path / f"{path or 'home'}.log")
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, process)
            context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            open_app(tab, url, path)
            tab.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
            # No Streamlit dialog (its "Page not found" is English only) over the page.
            assert tab.get_by_text("Page not found").count() == 0 and tab.get_by_role("dialog").count() == 0
            assert urlparse(tab.url).path.rstrip("/").endswith(path)
            # The shell's sidebar (language switch) is there: app.py ran, not the page alone.
            # (waited for: the heading can show a moment before the sidebar's widgets on a first request)
            tab.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).wait_for(timeout=30_000)
            assert tab.get_by_role("dialog").count() == 0
            context.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_uploading_a_photo_of_paper_gives_a_digit(page, app_url, tmp_path):
    open_app_after_probe(page, app_url, "draw")  # the probe's rerun could replace the file input mid-upload
    page.locator(".st-key-draw_input_mode").get_by_text("Upload", exact=True).click()  # exact: the icon before it reads "upload"
    wait_idle(page)
    paper = np.full((300, 240, 3), 235, np.uint8)
    paper += np.linspace(0, 15, 240, dtype=np.uint8)[None, :, None]  # uneven lighting
    paper[40:260, 110:135] = (30, 30, 40)  # a dark "1"
    path = tmp_path / "photo.jpg"
    Image.fromarray(paper).save(path, quality=90)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("uploaded: photo.jpg", exact=False).first.wait_for(timeout=30_000)
    reveal(page, "draw")
    page.get_by_text(re.compile(r"The classifier (reads a|is unsure)")).wait_for(timeout=30_000)
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"this is not a png")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("not an image we can read", exact=False).wait_for(timeout=30_000)
    wait_idle(page)  # the cards below render after the message
    # The good digit is still in use: its reconstructions remain on the page.
    assert page.get_by_text(re.compile(r"error \d+\.\d")).count() >= 8
