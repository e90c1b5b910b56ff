"""AppTest: the Noise lab and Inpainting pages show what ae_core computes."""

import re

import numpy as np
import pytest

from ae_core import zoo
from ae_core.baselines import median_filter, pca_denoise
from ae_core.data import load_mnist
from ae_core.lab.inpainting import inpaint_digit, mask_for
from ae_core.lab.noise import corrupt, denoise_all, psnr_versus_sigma
from ae_core.lab.reconstruct import classify
from tests.apptest_support import ImageRecorder, canvas_payload, open_page, texts, vega_chart

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prepared_zoo")]
SCORE = re.compile(r"^\*\*(.+)\*\*  \nPSNR (\d+\.\d) dB · SSIM (\d\.\d\d)$")


@pytest.fixture(scope="module")
def first_digit():
    x, _ = load_mnist(use_keras=False).evaluation_split()
    return x[0, ..., 0]


def picked(page, lang="en"):
    at = open_page(page, lang, run=False)
    at.session_state[f"{page.split('_')[0] if page != 'inpainting' else 'inpaint'}_input_mode"] = "pick"
    at.run()
    return at


def scores(at):
    return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in (SCORE.match(x.value) for x in at.markdown) if m}


@pytest.mark.parametrize("lang, denoiser", [("en", "denoising AE"), ("es", "AE de eliminación de ruido")])
def test_noise_lab_scores_match_a_direct_computation(lang, denoiser, first_digit):
    at = picked("noise_lab", lang)
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


def test_new_noise_changes_the_corrupted_digit_and_extremes_get_messages(monkeypatch, first_digit):
    at = picked("noise_lab")
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


@pytest.mark.parametrize("lang, single", [("en", "single pass"), ("es", "una pasada")])
def test_inpainting_errors_and_verdicts_match_a_direct_computation(lang, single, first_digit):
    at = picked("inpainting", lang)
    assert not at.exception
    at.slider(key="inpaint_iterations").set_value(4).run()
    result = inpaint_digit(zoo.load_pretrained("inpainting_ae"), first_digit, mask_for("right"), 4)
    shown = texts(at)
    assert f"**{single}**" in shown
    assert f"{result.hidden_errors[0]:.2f}" in shown and f"{result.hidden_errors[-1]:.2f}" in shown
    classifier = zoo.load_pretrained("digit_classifier")
    for image in (first_digit, result.masked, result.passes[-1]):
        label, confidence, _ = classify(classifier, image)
        assert f"**{label}** ({confidence:.0%})" in shown


def test_inpainting_halves_and_iterations_at_both_ends(first_digit):
    at = picked("inpainting")
    for side in ("left", "top", "bottom"):
        at.segmented_control(key="inpaint_mask").set_value(side).run()
        assert not at.exception
        expected = inpaint_digit(zoo.load_pretrained("inpainting_ae"), first_digit, mask_for(side), 5)
        assert f"{expected.hidden_errors[-1]:.2f}" in texts(at)
    at.slider(key="inpaint_iterations").set_value(0).run()
    assert "refined" not in texts(at)
    at.slider(key="inpaint_iterations").set_value(30).run()
    assert "refined ×30" in texts(at)


def test_painted_masks_that_hide_nothing_or_everything():
    at = picked("inpainting")
    at.segmented_control(key="inpaint_mask").set_value("brush").run()
    assert not at.exception
    assert "The mask hides nothing" in texts(at)
    everything = np.zeros((280, 280, 4), np.uint8)
    everything[..., 0], everything[..., 3] = 255, 255
    at.session_state["inpaint_brush"] = canvas_payload(everything)
    at.run()
    assert not at.exception
    assert "hides the whole image" in texts(at)
    assert "100% of the pixels hidden" in texts(at)
