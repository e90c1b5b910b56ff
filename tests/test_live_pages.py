"""The pages on the live path (a browser whose probe said it runs the models): what the server
gives the browser's elements, what it keeps from them, and the served path it falls back to."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab.noise_lab import corrupt
from pages.common.live import PROBE_KEY
from tests.apptest_support import app_test, canvas_payload, open_page, stroke_rgba, texts, tr, trained_names


def live_elements(at, component: str) -> dict:
    """{widget key: data} of one of our live elements on the last run."""
    found = {}
    for element in at.get("bidi_component"):
        if element.proto.component_name == f"autoencoder_lab.{component}":
            found[element.proto.id.rsplit("-", 1)[-1]] = json.loads(element.proto.json)
    return found


def live_page(page: str, lang: str = "en"):
    at = open_page(page, lang, run=False)
    at.session_state[PROBE_KEY] = {"ready": True}
    at.run()
    return at


def graph_file(url: str):
    return zoo.CACHE_DIR / "onnx" / url.rsplit("/", 1)[-1]


@app_test
def test_draw_gives_the_browser_every_draw_model_s_graphs_and_draws_no_cards_itself():
    at = live_page("draw")
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception
    views = live_elements(at, "live_draw")
    assert set(views) == {"draw_live_best", "draw_live_grid", "draw_live_code", "draw_live_classifier"}
    config = views["draw_live_grid"]["config"]
    assert [m["name"] for m in config["models"]] == trained_names(dataset="mnist", tag="reconstruct")
    for model in config["models"]:
        assert graph_file(model["encoder"]).is_file() and graph_file(model["decoder"]).is_file()
        assert (model["keep"] == 30) == (model["name"] == "pca")  # PCA cut to the page's k
    assert graph_file(config["classifier"]).is_file()
    sent = np.frombuffer(base64.b64decode(views["draw_live_grid"]["digit"]), "uint8")
    np.testing.assert_array_equal(sent / 255, at.session_state["digit"].ravel().astype("float64"))
    assert 'ae-grid-draw_cards"' not in "".join(str(e.proto) for e in at.get("html"))  # the browser draws them


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_live_element_that_fails_puts_the_session_on_the_served_path_with_its_note(lang):
    at = live_page("draw", lang)
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.session_state["draw_live_grid"] = {"failed": True}
    at.run()
    at.run()
    assert not at.exception
    assert live_elements(at, "live_draw") == {}
    assert tr("live_failed", lang) in texts(at)


@app_test
def test_the_vae_walk_keeps_the_values_the_browser_sends_on_release():
    at = live_page("vae_explorer")
    at.session_state["vae_tab"] = "walk"
    at.run()
    walk = live_elements(at, "live_decode")
    (key, data), = walk.items()
    assert data["mode"] == "sliders" and graph_file(data["decoder"]).is_file()
    values = [0.5 + i for i in range(len(data["values"]))]
    at.session_state[key] = {"values": values, "failed": None}
    at.run()
    assert not at.exception
    name = key.removeprefix("vae_walk_live_")
    assert [at.session_state[f"vae_walk_{name}_{i}"] for i in range(len(values))] == pytest.approx(
        np.clip(values, -data["limit"], data["limit"]))


@app_test
def test_the_noise_lab_sends_the_seeded_draws_that_give_the_server_s_corruption():
    at = live_page("noise_lab")
    at.session_state["guide_noise_lab_shown"] = True
    at.run()
    (data,) = live_elements(at, "live_noise").values()
    clean = np.asarray(data["clean"], "float32").reshape(28, 28)
    noise, uniform = np.asarray(data["noise"], "float32"), np.asarray(data["uniform"])
    sigma, rate = 0.35, 0.3
    keep = uniform >= rate
    rebuilt = np.clip(clean.ravel() + np.float32(sigma) * noise, 0, 1) * keep  # what the browser computes
    np.testing.assert_array_equal(rebuilt.astype("float32"), corrupt(clean, sigma, rate, 0).ravel())
    assert [m["method"] for m in data["methods"]] == ["noisy", "median", "pca", "plain_ae", "denoising_ae"]
