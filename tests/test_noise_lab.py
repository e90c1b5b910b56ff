"""Noise lab: corrupt a digit, clean it with a denoising AE and three baselines, score each
(ae_core.lab.noise_lab and the page, with MNIST and with Fashion-MNIST in the sidebar)."""

import re

import numpy as np
import pytest

from ae_core import zoo
from ae_core.baselines import median_filter, pca_denoise
from ae_core.data import load_mnist
from ae_core.lab.noise_lab import corrupt, denoise_all, denoisers, noise_roles, psnr_versus_sigma
from ae_core.metrics import psnr
from ae_core.models.pca import PCA
from ae_core.registry import list_models
from tests import apptest_support
from tests.apptest_support import ImageRecorder, app_test, open_page, texts, tr, trained_names, vega_chart

SCORE = re.compile(r"^PSNR (\d+[.,]\d) dB · SSIM (\d[.,]\d\d)$")  # Spanish: decimal commas


# --- ae_core.lab.noise_lab ----------------------------------------------------------------------


def test_noise_roles_of_the_registry_s_models():
    mnist = noise_roles(list_models(dataset="mnist"))
    assert mnist == {"denoising_ae": "denoising_ae", "plain_ae": "dense_ae_30", "pca": "pca"}
    fashion = noise_roles(list_models(dataset="fashion_mnist"))
    assert fashion["denoising_ae"] == "fashion_denoising_ae" and fashion["pca"] == "fashion_pca"
    assert fashion["plain_ae"].startswith("fashion_") and fashion["plain_ae"] != "fashion_denoising_ae"
    # without the tagged baseline: the first plain autoencoder that was not trained on noise
    assert noise_roles(["denoising_ae", "conv_ae"]) == {"denoising_ae": "denoising_ae", "plain_ae": "conv_ae"}
    assert noise_roles([]) == {}


def test_denoisers_are_the_input_the_median_and_the_models_loaded(digits):
    pca = PCA(20).fit(digits)

    class Half:
        def reconstruct(self, x):
            return 0.5 * np.asarray(x)

    roles = {"pca": "p", "plain_ae": "a", "denoising_ae": "d"}
    methods = denoisers({"p": pca, "a": Half()}, roles, 5)
    assert list(methods) == ["noisy", "median", "pca", "plain_ae"]  # the denoiser did not load
    x = digits[:2]
    np.testing.assert_array_equal(methods["noisy"](x), x)
    np.testing.assert_array_equal(methods["median"](x), median_filter(x))
    np.testing.assert_allclose(methods["pca"](x), pca_denoise(pca, x, 5))
    np.testing.assert_allclose(methods["plain_ae"](x), 0.5 * x)
    assert "pca" not in denoisers({"p": pca}, roles, None)  # no k: no PCA


def test_corruption_is_seeded_and_zero_corruption_is_the_digit(digits):
    digit = digits[0, ..., 0]
    np.testing.assert_array_equal(corrupt(digit, 0.0, 0.0, 3), digit)
    np.testing.assert_array_equal(corrupt(digit, 0.5, 0.2, 3), corrupt(digit, 0.5, 0.2, 3))
    assert not np.array_equal(corrupt(digit, 0.5, 0.2, 3), corrupt(digit, 0.5, 0.2, 4))
    dropped = corrupt(np.ones((28, 28), "float32"), 0.0, 0.5, 0)
    assert 0.3 < np.mean(dropped == 0) < 0.7


def test_denoise_all_scores_each_method_against_the_clean_digit(digits):
    clean = digits[1, ..., 0]
    noisy = corrupt(clean, 0.4, 0.0, 0)
    results = denoise_all(clean, noisy, {"noisy": lambda x: x, "perfect": lambda x: clean.reshape(1, 28, 28, 1)})
    assert [r.method for r in results] == ["noisy", "perfect"]
    expected = float(psnr(clean.reshape(1, 28, 28, 1), np.clip(noisy, 0, 1).reshape(1, 28, 28, 1))[0])
    assert results[0].psnr == pytest.approx(expected)
    assert results[1].psnr == 100.0 and results[1].ssim == pytest.approx(1.0)
    curve = psnr_versus_sigma(clean, {"noisy": lambda x: x}, [0.0, 0.5, 1.0], 0.0, 0)
    assert len(curve["noisy"]) == 3 and curve["noisy"][0] == 100.0 and curve["noisy"][1] > curve["noisy"][2]


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_digit():
    x, _ = load_mnist(use_keras=False).evaluation_split()
    return x[0, ..., 0]


def picked(lang="en"):
    at = open_page("noise_lab", lang, run=False)
    at.session_state["noise_input_mode"] = "pick"
    at.run()
    return at


def scores(at):
    """{card title: (PSNR, SSIM)} of the page's cards."""
    found = {}
    for title, lines in apptest_support.cards(at, "noise_cards"):
        match = SCORE.match(lines[0]) if lines else None
        if match:
            found[title] = tuple(float(v.replace(",", ".")) for v in match.groups())
    return found


@app_test
@pytest.mark.parametrize("lang, denoiser", [("en", "denoising AE"), ("es", "AE de eliminación de ruido")])
def test_noise_lab_scores_match_a_direct_computation(lang, denoiser, first_digit):
    at = picked(lang)
    assert not at.exception
    at.slider(key="noise_sigma").set_value(0.5).run()
    at.slider(key="noise_rate").set_value(0.2).run()
    corrupted = corrupt(first_digit, 0.5, 0.2, 0)
    models = {n: zoo.load_pretrained(n) for n in ("denoising_ae", "dense_ae_30", "pca")}
    expected = denoise_all(first_digit, corrupted, {
        "median": median_filter, "pca": lambda x: pca_denoise(models["pca"], x, 30),
        "plain_ae": models["dense_ae_30"].reconstruct, "denoising_ae": models["denoising_ae"].reconstruct,
    })
    shown = scores(at)
    assert shown[denoiser] == (round(expected[-1].psnr, 1), round(expected[-1].ssim, 2))
    assert len(shown) == 5  # corrupted input + four methods
    # The PSNR-against-sigma chart: a line per method over 11 sigmas, the current sigma marked.
    spec, rows = vega_chart(at)
    assert len(rows["y"]) == 5 * 11 and len(set(rows["series"])) == 5
    denoised = [y for x, y, s in zip(rows["x"], rows["y"], rows["series"]) if s == denoiser and x == 0.5]
    assert denoised == [pytest.approx(psnr_versus_sigma(
        first_digit, {"denoising_ae": models["denoising_ae"].reconstruct}, [0.5], 0.2, 0)["denoising_ae"][0])]
    assert spec["layer"][1]["encoding"]["x"]["datum"] == 0.5


@app_test
def test_new_noise_changes_the_corrupted_digit_and_extremes_get_messages(monkeypatch, first_digit):
    at = picked()
    recorder = ImageRecorder(monkeypatch)
    at.run()
    before = [a for a, _ in recorder.shown]
    recorder.clear()
    at.button(key="noise_new").click().run()
    after = [a for a, _ in recorder.shown]
    assert at.session_state["noise_seed"] == 1
    # Shown in order: the current digit, the clean digit, the corrupted one, then the outputs.
    assert np.array_equal(before[1], after[1])
    assert not np.array_equal(before[2], after[2])
    assert np.array_equal(after[2], np.clip(corrupt(first_digit, 0.5, 0.0, 1), 0, 1))
    at.slider(key="noise_sigma").set_value(0.0).run()
    at.slider(key="noise_rate").set_value(0.0).run()
    assert "σ and rate are both 0" in texts(at)
    assert "identical (PSNR ∞)" in texts(at)
    at.slider(key="noise_sigma").set_value(1.0).run()
    at.slider(key="noise_rate").set_value(0.9).run()
    assert not at.exception
    assert "most of the digit is gone" in texts(at)


@app_test
def test_with_fashion_the_page_uses_the_fashion_denoiser(fashion):
    at = open_page("noise_lab", "es", run=False)
    at.session_state["data"] = "fashion_mnist"
    at.run()
    assert not at.exception
    roles = noise_roles(trained_names(dataset="fashion_mnist"))
    assert roles["denoising_ae"] == "fashion_denoising_ae"
    item = fashion.x_test[0, ..., 0]
    denoiser = zoo.load_pretrained(roles["denoising_ae"])
    expected = denoise_all(item, corrupt(item, 0.5, 0.0, 0), {"denoising_ae": denoiser.reconstruct})[0]
    assert tr("psnr_ssim", "es", psnr=expected.psnr, ssim=expected.ssim) in texts(at)  # "PSNR 17,4 dB · SSIM 0,81"
    assert scores(at)[tr("method_denoising_ae", "es")] == (round(expected.psnr, 1), round(expected.ssim, 2))
