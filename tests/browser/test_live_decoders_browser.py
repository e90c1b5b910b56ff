"""The latent map and the VAE explorer decode in the browser while the pointer or a slider
moves, and what they draw is the server's decoder output (to the 8 bits a picture holds)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab.latent_map import decode_at
from tests.browser.helpers import open_app, reveal, wait_idle

pytestmark = pytest.mark.browser

PIXELS = "c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data.filter((_, i) => i % 4 === 0))"


def live_page(tab, app_url, path: str):
    open_app(tab, app_url, path)
    tab.wait_for_function("() => document.cookie.includes('ae_lab_live=1')", timeout=60_000)
    wait_idle(tab)  # the probe's answer reruns the page onto the live path


def updates(element) -> int:
    return int(element.get_attribute("data-live-updates") or 0)


def shown_matches_server(element, model, picture_index: int = 0) -> None:
    """The element's last decoded code, decoded on the server, is the picture it shows."""
    codes = json.loads(element.get_attribute("data-live-codes"))
    shown = np.asarray(element.locator("canvas").nth(picture_index).evaluate(PIXELS), "float64") / 255
    expected = np.clip(model.decode(np.asarray(codes[picture_index], "float32")[None]), 0, 1).reshape(784)
    assert np.abs(shown - expected).max() <= 1 / 255 + 1e-6


def test_the_latent_map_decodes_under_the_moving_pointer_as_the_server_does(page, app_url):
    live_page(page, app_url, "latent_map")
    reveal(page, "latent_map")
    pad = page.locator(".st-key-latent_live_vae_2 .ae-live-decode")
    pad.wait_for(timeout=60_000)
    stage = pad.locator(".ae-live-map-stage")
    stage.scroll_into_view_if_needed()
    page.wait_for_function("(e) => Number(e.dataset.liveUpdates || 0) >= 1", arg=pad.element_handle(), timeout=60_000)
    before = updates(pad)
    box = stage.bounding_box()
    for i in range(25):
        page.mouse.move(box["x"] + box["width"] * (0.05 + 0.036 * i), box["y"] + box["height"] * 0.47)
        page.wait_for_timeout(40)
    page.wait_for_timeout(300)
    assert updates(pad) - before >= 5  # a new digit along the way, not only where the pointer stops
    code = json.loads(pad.get_attribute("data-live-codes"))[0]
    model = zoo.load_pretrained("vae_2")
    shown = np.asarray(pad.locator("canvas").first.evaluate(PIXELS), "float64") / 255
    assert np.abs(shown - decode_at(model, *code[:2]).ravel()).max() <= 1 / 255 + 1e-6


def test_the_vae_walk_decodes_while_a_slider_is_dragged_and_keeps_its_value(page, app_url):
    live_page(page, app_url, "vae_explorer")
    page.locator(".st-key-vae_tab button", has_text="Walk the code").click()
    wait_idle(page)
    reveal_box = page.locator(".st-key-guide_vae_explorer_reveal button")
    if reveal_box.count():
        reveal(page, "vae_explorer")
    element = page.locator(".ae-live-decode").first
    element.wait_for(timeout=60_000)
    slider = element.locator("input[type=range]").first
    slider.scroll_into_view_if_needed()
    before = updates(element)
    box = slider.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    page.mouse.down()
    for i in range(20):
        page.mouse.move(box["x"] + box["width"] * (0.5 + 0.02 * i), box["y"] + box["height"] / 2)
        page.wait_for_timeout(30)
    during = updates(element) - before
    page.mouse.up()
    wait_idle(page)
    assert during >= 5  # decoded while dragged, before any release
    value = float(slider.input_value())
    shown_matches_server(element, zoo.load_pretrained("vae_2"))
    # The value came back to the session: another part and back keeps it.
    page.locator(".st-key-vae_tab button", has_text="Sample").click()
    wait_idle(page)
    page.locator(".st-key-vae_tab button", has_text="Walk the code").click()
    wait_idle(page)
    back = page.locator(".ae-live-decode input[type=range]").first
    back.wait_for(timeout=30_000)
    assert float(back.input_value()) == pytest.approx(value, abs=0.051)


def test_the_interpolation_scrubber_decodes_every_model_while_dragged(page, app_url):
    live_page(page, app_url, "vae_explorer")
    page.locator(".st-key-vae_tab button", has_text="Interpolate").click()
    wait_idle(page)
    element = page.locator(".st-key-vae_interp_live .ae-live-decode")
    element.wait_for(timeout=60_000)
    scrubber = element.locator("input[type=range]")
    scrubber.scroll_into_view_if_needed()
    page.wait_for_function("(e) => Number(e.dataset.liveUpdates || 0) >= 1", arg=element.element_handle(), timeout=60_000)
    before = updates(element)
    scrubber.focus()
    for _ in range(15):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(40)
    page.wait_for_timeout(300)
    assert updates(element) - before >= 5
    assert float(scrubber.input_value()) == pytest.approx(0.65)
    shown_matches_server(element, zoo.load_pretrained("vae_16"), 0)
    shown_matches_server(element, zoo.load_pretrained("dense_ae_30"), 1)


def test_the_noise_lab_slider_drags_live_with_the_server_s_noise_and_scores(page, app_url):
    import base64
    import io

    from PIL import Image

    from ae_core.baselines import median_filter
    from ae_core import data
    from ae_core.lab.noise_lab import corrupt, denoise_all

    live_page(page, app_url, "noise_lab")
    reveal(page, "noise_lab")
    element = page.locator(".st-key-noise_live")
    element.wait_for(timeout=60_000)
    slider = element.locator("input[type=range]")
    slider.scroll_into_view_if_needed()
    element.locator(".ae-card img[src]").nth(5).wait_for(timeout=60_000)  # the models loaded, every card drawn
    box = slider.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    page.mouse.down()
    pictures = []
    for i in range(12):
        page.mouse.move(box["x"] + box["width"] * (0.3 + 0.03 * i), box["y"] + box["height"] / 2)
        page.wait_for_timeout(60)
        pictures.append(element.locator(".ae-card img").nth(1).get_attribute("src"))
    page.mouse.up()
    wait_idle(page)
    assert len(set(pictures)) >= 4  # the corrupted digit changed while the slider was still held
    sigma = float(slider.input_value())
    digit = data.load("mnist", use_keras=False).evaluation_split()[0][0, ..., 0]  # the page's pick: number 0, seed 0
    models = {name: zoo.load_pretrained(name) for name in ("pca", "dense_ae_30", "denoising_ae")}
    methods = {"noisy": lambda x: x, "median": median_filter,
               "pca": lambda x: np.clip(models["pca"].truncated(30).reconstruct(x), 0, 1),
               "plain_ae": models["dense_ae_30"].reconstruct, "denoising_ae": models["denoising_ae"].reconstruct}
    expected = denoise_all(digit, corrupt(digit, sigma, 0.0, 0), methods)
    captions = element.locator(".ae-card figcaption span").all_inner_texts()
    assert captions == [f"PSNR {r.psnr:.1f} dB · SSIM {r.ssim:.2f}" for r in expected]
    shown = element.locator(".ae-card img").evaluate_all("els => els.map(e => e.src)")[1:]
    for source, result in zip(shown, expected):
        pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("L"), "float64")
        assert np.abs(pixels / 255 - result.image).max() <= 1 / 255 + 1e-6, result.method
