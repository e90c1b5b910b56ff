"""AppTest: Latent map, VAE explorer and Image search show what ae_core computes, in both languages."""

import re

import numpy as np
import pytest

from ae_core import imaging, zoo
from ae_core.data import load_mnist
from ae_core.lab import latent_map, vae
from ae_core.lab.search import encode_index, search
from ae_core.preprocess import digit_from_canvas
from pages.common.i18n import TABLE
from tests.apptest_support import ImageRecorder, canvas_payload, open_page, stroke_rgba, texts, vega_chart
from tests.test_app_fashion import fashion  # noqa: F401  (the Fashion-MNIST fixture: skips or fails in CI without it)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prepared_zoo")]
DISTANCE = re.compile(r"distance (\d+\.\d\d)$|distancia (\d+\.\d\d)$")


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(use_keras=False)


@pytest.fixture(scope="module")
def split(mnist):
    return latent_map.evaluation_split(mnist)


def latent2d_names():
    models = zoo.read_manifest()["models"]
    return [n for n, info in models.items() if "latent2d" in info["tags"] and info["dataset"] == "mnist"]


def tr(key, lang, **values):
    text = TABLE[key][0 if lang == "en" else 1]
    return text.format(**values) if values else text


def selection(points):
    return {"selection": {"points": points, "point_indices": [p.get("point_index", 0) for p in points], "box": [], "lasso": []}}


# --- latent map ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_latent_map_scores_match_a_direct_computation(lang, split):
    at = open_page("latent_map", lang)
    assert not at.exception and not at.error, [e.value for e in at.error]
    n = at.number_input(key="latent_n_mnist").value
    assert n == min(2000, len(split.x_test))
    shown_text = texts(at)
    assert tr("latent_split_holdout", lang, n=len(split.x_test)) in shown_text  # the sample has no test set
    shown = latent_map.shown_order(len(split.x_test))[:n]
    chosen = latent_map.knn_subset(len(split.x_train))
    names = latent2d_names()
    assert len(names) >= 3
    for name in names:
        model = zoo.load_pretrained(name)
        scores = latent_map.score_embedding(
            latent_map.embed(model, split.x_train[chosen]), split.y_train[chosen],
            latent_map.embed(model, split.x_test)[shown], split.y_test[shown],
        )
        assert tr("latent_knn", lang, k1=f"{scores.knn1:.3f}", k5=f"{scores.knn5:.3f}") in shown_text, name
        assert tr("latent_silhouette", lang, value=f"{scores.silhouette:.3f}") in shown_text, name
    assert tr("latent_published", lang, k1=0.765, k5=0.793) in shown_text
    assert tr("latent_published", lang, k1=0.377, k5=0.420) in shown_text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_digits_on_the_map_gets_a_message(lang):
    at = open_page("latent_map", lang)
    at.number_input(key="latent_n_mnist").set_value(0).run()
    assert not at.exception
    assert tr("latent_n_zero", lang) in texts(at)


def test_moving_the_location_sliders_decodes_that_spot(monkeypatch):
    at = open_page("latent_map", "en")
    recorder = ImageRecorder(monkeypatch)
    model = zoo.load_pretrained("vae_2")
    for fraction in (0.2, 0.8):
        recorder.clear()
        slider_x, slider_y = at.slider(key="latent_x_vae_2"), at.slider(key="latent_y_vae_2")
        x = slider_x.min + fraction * (slider_x.max - slider_x.min)
        y = slider_y.min + (1 - fraction) * (slider_y.max - slider_y.min)
        slider_x.set_value(x)
        slider_y.set_value(y)
        at.run()
        assert not at.exception
        x, y = at.slider(key="latent_x_vae_2").value, at.slider(key="latent_y_vae_2").value
        assert f"Decoded at ({x:.2f}, {y:.2f})" in texts(at)
        expected = latent_map.decode_at(model, x, y)
        assert any(np.array_equal(shown, expected) for shown, _ in recorder.shown)
    first, second = (latent_map.decode_at(model, at.slider(key="latent_x_vae_2").min, 0),
                     latent_map.decode_at(model, at.slider(key="latent_x_vae_2").max, 0))
    assert not np.array_equal(first, second)


def test_clicking_an_empty_spot_moves_the_location_there(monkeypatch):
    at = open_page("latent_map", "en")
    recorder = ImageRecorder(monkeypatch)
    slider_x, slider_y = at.slider(key="latent_x_pca"), at.slider(key="latent_y_pca")
    x = slider_x.min + 0.1 * (slider_x.max - slider_x.min)
    y = slider_y.min + 0.9 * (slider_y.max - slider_y.min)
    at.session_state["latent_chart_pca"] = selection([{"curve_number": 0, "point_index": 5, "x": x, "y": y}])
    at.run()
    assert not at.exception
    assert at.slider(key="latent_x_pca").value == pytest.approx(x)
    assert at.slider(key="latent_y_pca").value == pytest.approx(y)
    expected = latent_map.decode_at(zoo.load_pretrained("pca"), x, y)
    assert any(np.allclose(shown, expected, atol=1e-6) for shown, _ in recorder.shown)
    assert "Nothing chosen yet" in texts(at)  # an empty spot chooses no digit


@pytest.mark.parametrize("lang", ["en", "es"])
def test_clicking_a_point_shows_the_digit_and_its_reconstructions(lang, split):
    at = open_page("latent_map", lang)
    at.session_state["latent_chart_vae_2"] = selection([{"curve_number": 3, "point_index": 0, "customdata": 7, "x": 0, "y": 0}])
    at.run()
    assert not at.exception
    shown = texts(at)
    assert tr("latent_selected_count", lang, count=1, map=_title("vae_2", lang)) in shown
    label = int(split.y_test[latent_map.shown_order(len(split.x_test))[7]])
    captions = [c for image in at.image for c in image.captions]
    assert f"{tr('latent_original_one', lang)} #7 · {label}" in captions
    for name in latent2d_names():  # the chosen digit, then its reconstruction by each map's model
        title = tr("latent_pca_title", lang) if name == "pca" else _title(name, lang)
        assert title in captions


def _title(name, lang):
    return zoo.read_manifest()["models"][name]["title"][lang]


def test_choosing_many_or_every_digit_is_capped_with_a_message():
    at = open_page("latent_map", "en")
    at.number_input(key="latent_n_mnist").set_value(40).run()
    at.session_state["latent_chart_dense_ae_2"] = selection(
        [{"curve_number": 1 + i % 10, "point_index": i, "customdata": i} for i in range(20)])
    at.run()
    assert "20 digits chosen: showing the first 16" in texts(at)
    at.session_state["latent_chart_dense_ae_2"] = selection(
        [{"curve_number": 1 + i % 10, "point_index": i, "customdata": i} for i in range(40)])
    at.run()
    assert not at.exception
    assert "You chose every digit on the map (40): showing the first 16" in texts(at)
    at.button(key="latent_clear").click().run()
    assert "Nothing chosen yet" in texts(at)
    empty_box = selection([{"curve_number": 0, "point_index": 3, "x": 0.1, "y": 0.1}])
    empty_box["selection"]["box"] = [{"xref": "x", "yref": "y", "x": [0.0, 0.2], "y": [0.0, 0.2]}]
    at.session_state["latent_chart_dense_ae_2"] = empty_box
    at.run()
    assert "The area you chose holds no digits" in texts(at)


def test_tsne_is_a_marked_reference_with_its_own_scores():
    at = open_page("latent_map", "en")
    at.number_input(key="latent_n_mnist").set_value(60).run()
    at.toggle(key="latent_tsne").set_value(True).run()
    assert not at.exception
    shown = texts(at)
    assert "**t-SNE (reference, not decodable)**" in shown
    assert "it has no encoder for new digits and no decoder" in shown
    assert shown.count("kNN accuracy: **1-NN") == len(latent2d_names()) + 1
    assert "Published (Sainburg et al., 2021): 1-NN 0.941 · 5-NN 0.950" in shown


# --- VAE explorer -------------------------------------------------------------------------------


def vae_page(tab, lang="en", **state):
    at = open_page("vae_explorer", lang, run=False)
    at.session_state["vae_tab"] = tr(f"vae_tab_{tab}", lang)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sampling_edge_cases_have_messages(lang, monkeypatch):
    at = vae_page("sample", lang)
    at.number_input(key="vae_sample_n").set_value(0).run()
    assert tr("vae_sample_zero", lang) in texts(at)
    at.number_input(key="vae_sample_n").set_value(500).run()
    assert tr("vae_sample_capped", lang, n=500, cap=vae.MAX_SAMPLES) in texts(at)
    recorder = ImageRecorder(monkeypatch)
    at.number_input(key="vae_sample_n").set_value(12).run()
    at.slider(key="vae_temperature").set_value(0.0).run()
    assert tr("vae_temperature_zero", lang) in texts(at)
    expected = imaging.grid(vae.sample_prior(zoo.load_pretrained("vae_16"), 12, 0, 0.0), columns=10, scale=3)
    assert any(np.array_equal(shown, expected) for shown, _ in recorder.shown)
    at.slider(key="vae_temperature").set_value(4.0).run()
    assert tr("vae_temperature_hot", lang, value=4.0) in texts(at)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_walk_sliders_start_at_the_digit_code_and_drive_the_image(lang, mnist, monkeypatch):
    recorder = ImageRecorder(monkeypatch)
    at = vae_page("walk", lang, vae_input_mode="pick")
    model = zoo.load_pretrained("vae_2")
    digit = mnist.evaluation_split()[0][0, ..., 0]
    code = vae.encode_one(model, digit)
    start = [at.slider(key=f"vae_walk_vae_2_{i}").value for i in range(2)]
    np.testing.assert_allclose(start, np.clip(np.round(code, 2), -4, 4), atol=1e-6)
    recorder.clear()
    at.slider(key="vae_walk_vae_2_0").set_value(2.5).run()
    moved = np.array([2.5, start[1]], "float32")
    expected = vae.decode_images(model, moved[None])[0]
    assert any(np.array_equal(shown, expected) for shown, _ in recorder.shown)
    assert not np.array_equal(expected, vae.decode_images(model, np.array([start], "float32"))[0])


def test_walk_with_the_16d_vae_shows_k_sliders():
    at = vae_page("walk", vae_walk_model="vae_16", vae_walk_k=3)
    assert sorted(s.key for s in at.slider if s.key.startswith("vae_walk_vae_16_")) == [f"vae_walk_vae_16_{i}" for i in range(3)]
    assert "Dimensions 3+1 to 16 stay at the digit's code." in texts(at)


def test_manifold_grid_is_capped_and_decoded(monkeypatch):
    import pages.common.ui as ui

    shown = []
    monkeypatch.setattr(ui, "quick_picture", lambda array, caption=None: shown.append(np.asarray(array)))
    at = vae_page("manifold")
    at.number_input(key="vae_grid_size").set_value(100).run()
    assert f"A 100 × 100 grid is too large to draw: showing {vae.MAX_GRID} × {vae.MAX_GRID}." in texts(at)
    images = vae.manifold(zoo.load_pretrained("vae_2"), vae.MAX_GRID)
    expected = imaging.grid(images, columns=vae.MAX_GRID, scale=1, pad=0)
    assert np.array_equal(shown[-1], expected)
    at.number_input(key="vae_grid_size").set_value(8).run()
    assert shown[-1].shape == (8 * 28 * 3, 8 * 28 * 3)  # small grids are drawn larger


@pytest.mark.parametrize("lang", ["en", "es"])
def test_interpolation_edge_cases(lang):
    at = vae_page("interpolate", lang, vae_input_mode="pick")
    assert tr("vae_interp_pixels", lang) in texts(at)
    at.number_input(key="vae_end_b_index").set_value(0).run()  # B = data #0 = the picked digit A
    assert tr("vae_interp_identical", lang) in texts(at)
    at.number_input(key="vae_interp_steps").set_value(1).run()
    assert tr("vae_interp_few_steps", lang) in texts(at)
    at.number_input(key="vae_interp_steps").set_value(400).run()
    assert tr("vae_interp_capped", lang, n=400, cap=vae.MAX_STEPS) in texts(at)
    assert not at.exception


def test_interpolation_step_slider_shows_each_path(mnist, monkeypatch):
    at = vae_page("interpolate", vae_input_mode="pick")
    recorder = ImageRecorder(monkeypatch)
    at.segmented_control(key="vae_interp_method").set_value("slerp").run()
    at.slider(key="vae_interp_step").set_value(2).run()
    x = mnist.evaluation_split()[0]
    expected = vae.interpolate(zoo.load_pretrained("vae_16"), x[0, ..., 0], x[1, ..., 0], 8, "slerp")
    shown = [a for a, _ in recorder.shown]
    assert any(np.array_equal(a, expected.latent[2]) for a in shown)
    assert any(np.allclose(a, expected.pixels[2]) for a in shown)


def test_latent_arithmetic_reports_its_effect():
    at = vae_page("arithmetic", vae_input_mode="pick")
    shown = texts(at)
    assert "Slant (image moments):" in shown
    at.selectbox(key="vae_arith_direction").set_value("class").run()
    assert not at.exception
    assert "(your digit's true label)" in texts(at)


# --- image search -------------------------------------------------------------------------------


def distances(at):
    found = [DISTANCE.search(m.value) for m in at.markdown]
    return [float(m.group(1) or m.group(2)) for m in found if m]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_search_results_are_the_nearest_sorted_with_precision(lang, mnist):
    at = open_page("image_search", lang, run=False)
    at.session_state["search_input_mode"] = "pick"
    at.run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert tr("search_self_excluded", lang) in shown  # the sample is the search index itself
    label = int(mnist.y_train[0])
    model = zoo.load_pretrained("conv_ae")
    digit = mnist.x_train[0, ..., 0]
    in_code = search(model, encode_index(model, mnist.x_train), mnist.y_train, digit, 10, label, exclude=[0])
    in_pixels = search(None, encode_index(None, mnist.x_train), mnist.y_train, digit, 10, label, exclude=[0])
    found = distances(at)
    assert found[:10] == [round(d, 2) for d in in_code.distances]
    assert found[10:] == [round(d, 2) for d in in_pixels.distances]
    assert found[:10] == sorted(found[:10]) and found[10:] == sorted(found[10:])
    for result in (in_code, in_pixels):
        hits = int(round(result.precision * 10))
        assert tr("search_precision", lang, k=10, value=result.precision, hits=hits) in shown


def test_search_edge_cases_and_pca():
    at = open_page("image_search", "en", run=False)
    at.session_state["search_input_mode"] = "pick"
    at.run()
    at.number_input(key="search_k").set_value(0).run()
    assert "Ask for at least 1 result." in texts(at)
    at.number_input(key="search_k").set_value(999).run()
    assert "999 results are too many to show: showing 50." in texts(at)
    assert len(distances(at)) == 100
    at.number_input(key="search_k").set_value(5).run()
    at.selectbox(key="search_model_mnist").set_value("pca").run()
    at.slider(key="search_pca_k").set_value(12).run()
    assert not at.exception
    assert "Nearest in the code of PCA (k=12)" in texts(at)
    assert "codes of 12 numbers" in texts(at)


def test_a_drawn_query_is_labelled_by_the_classifier():
    at = open_page("image_search", "en", run=False)
    at.session_state["search_input_mode"] = "draw"
    at.session_state["search_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    assert not at.exception
    digit = digit_from_canvas(stroke_rgba()).image
    probabilities = zoo.load_pretrained("digit_classifier").predict_proba(digit.reshape(1, 28, 28, 1))[0]
    label = int(np.argmax(probabilities))
    assert f"Query label: **{label}**, the classifier's guess" in texts(at)


# --- Fashion-MNIST (the sidebar's data switch) --------------------------------------------------


def fashion_page(page, lang="en", **state):
    at = open_page(page, lang, run=False)
    at.session_state["dataset"] = "fashion_mnist"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def test_fashion_latent_map_shows_the_maps_it_has(fashion):
    at = fashion_page("latent_map", latent_n_fashion_mnist=300)
    models = zoo.read_manifest()["models"]
    names = [n for n, info in models.items() if "latent2d" in info["tags"] and info["dataset"] == "fashion_mnist"]
    shown = texts(at)
    assert "Fashion-MNIST clothes · The maps show digits of the official test set (10000 digits)" in shown
    assert shown.count("kNN accuracy: **1-NN") == len(names)
    assert "Published (Sainburg et al., 2021): 1-NN 0.447 · 5-NN 0.506" in shown  # PCA on Fashion
    kinds = {models[n]["kind"] for n in names}
    assert ("not available yet" in shown) == (not {"autoencoder", "vae"} & kinds)


def test_fashion_search_uses_the_true_label_of_a_picked_image(fashion):
    at = fashion_page("image_search", search_input_mode="pick")
    label = fashion.y_test[0]
    names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    assert f"Query label: **{names[label]}** (the picked image's true label)." in texts(at)
    assert "Searching 60000 training images" in texts(at)


def test_fashion_vae_page_degrades_without_a_fashion_vae(fashion):
    at = fashion_page("vae_explorer")
    has_vae = any(info["kind"] == "vae" and info["dataset"] == "fashion_mnist" for info in zoo.read_manifest()["models"].values())
    assert ("No model of this kind is available for this data yet" in texts(at)) == (not has_vae)


def test_the_hover_map_is_off_until_asked_then_carries_capped_pictures(split):
    at = open_page("latent_map", "en")
    assert not at.exception
    assert not at.get("vega_lite_chart")  # no pictures are sent unless asked for
    at.toggle(key="latent_hover_images").set_value(True).run()
    assert not at.exception
    HOVER_CAP = latent_map.HOVER_CAP
    n = at.number_input(key="latent_n_mnist").value
    table = vega_chart(at)[1]
    assert len(table["image"]) == min(n, HOVER_CAP)
    assert all(url.startswith("data:image/png;base64,") for url in table["image"])
    # The same digits, in the same order, as the Plotly map of the chosen model.
    # The default map is the page's first (its selectbox's .value would format the options outside
    # the session, in the default language, so it is not read here).
    models = zoo.read_manifest()["models"]
    name = sorted(latent2d_names(), key=lambda n: latent_map.KIND_ORDER.get(models[n]["kind"], 9))[0]
    shown = latent_map.shown_order(len(split.x_test))[: len(table["x"])]
    codes = latent_map.embed(zoo.load_pretrained(name), split.x_test[shown])
    np.testing.assert_allclose(np.c_[table["x"], table["y"]], codes, rtol=1e-4, atol=1e-4)
    # Fewer digits than the cap: no note; more: the note says how many carry pictures.
    assert tr("latent_hover_capped", "en", m=HOVER_CAP, n=n) not in texts(at)
    at.number_input(key="latent_n_mnist").set_value(HOVER_CAP + 200).run()
    if at.number_input(key="latent_n_mnist").value > HOVER_CAP:
        assert tr("latent_hover_capped", "en", m=HOVER_CAP, n=HOVER_CAP + 200) in texts(at)
        assert len(vega_chart(at)[1]["image"]) == HOVER_CAP
