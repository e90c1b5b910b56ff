"""AppTest: the sidebar's dataset switch turns the pages with Fashion-MNIST models to clothes."""

import os

import numpy as np
import pytest

from ae_core import data, zoo
from ae_core.lab.noise import corrupt, denoise_all, noise_roles
from ae_core.lab.reconstruct import reconstruct_all
from tests.apptest_support import open_page, texts

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prepared_zoo")]


@pytest.fixture(scope="module")
def fashion():
    try:
        return data.load_fashion_mnist(use_keras=False)
    except data.DataUnavailable as problem:
        if os.environ.get("AE_LAB_CI") == "1":
            pytest.fail(f"Fashion-MNIST is required in CI: {problem}")
        pytest.skip("Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)")


def fashion_page(page, lang="en"):
    at = open_page(page, lang, run=False)
    at.session_state["dataset"] = "fashion_mnist"
    at.run()
    return at


def test_draw_page_offers_pick_and_upload_and_fashion_models(fashion):
    at = fashion_page("draw")
    assert not at.exception
    assert [o.strip() for o in at.segmented_control(key="draw_input_mode").options] == ["Pick", "Upload"]
    item = fashion.x_test[0, ..., 0]
    assert np.array_equal(at.session_state["digit"], item)
    assert "Ankle boot" in texts(at)  # the label of the first test item, by name
    entries = zoo.read_manifest()["models"]
    models = {n: zoo.load_pretrained(n) for n, i in entries.items() if i["dataset"] == "fashion_mnist" and "reconstruct" in i["tags"]}
    for name in [n for n in models if entries[n]["kind"] == "pca"]:
        models[name] = models[name].truncated(30)
    expected = reconstruct_all(item, models)
    shown = texts(at)
    for result in expected:
        assert f"error {result.squared_error:.1f}" in shown
    assert "no classifier for clothes" in shown


def test_noise_lab_uses_the_fashion_denoiser(fashion):
    at = fashion_page("noise_lab", "es")
    assert not at.exception
    roles = noise_roles({n: i for n, i in zoo.read_manifest()["models"].items() if i["dataset"] == "fashion_mnist"})
    assert roles["denoising_ae"].startswith("fashion_")
    item = fashion.x_test[0, ..., 0]
    denoiser = zoo.load_pretrained(roles["denoising_ae"])
    expected = denoise_all(item, corrupt(item, 0.5, 0.0, 0), {"denoising_ae": denoiser.reconstruct})[0]
    assert f"PSNR {expected.psnr:.1f} dB · SSIM {expected.ssim:.2f}" in texts(at)


def test_inpainting_says_there_is_no_fashion_inpainter_unless_one_exists(fashion):
    at = fashion_page("inpainting")
    assert not at.exception
    inpainters = [n for n, i in zoo.read_manifest()["models"].items() if i["dataset"] == "fashion_mnist" and "inpaint" in i["tags"]]
    if not inpainters:
        assert "No inpainting model is trained for Fashion-MNIST" in texts(at)
    else:
        assert "single pass" in texts(at)


def test_switching_dataset_drops_the_digit_of_the_other_dataset(fashion):
    at = open_page("noise_lab", "en")
    mnist_digit = at.session_state["digit"]
    assert mnist_digit is not None
    at.sidebar.segmented_control(key="dataset_switch")  # the switch is there
    at.session_state["dataset"] = "fashion_mnist"
    at.session_state["digit"] = None
    at.run()
    assert not at.exception
    assert np.array_equal(at.session_state["digit"], fashion.x_test[0, ..., 0])
