"""VAE explorer: sample the prior, walk the latent space, the manifold, interpolation and latent
arithmetic (ae_core.lab.vae_explorer and the page, with MNIST and with Fashion-MNIST)."""

import numpy as np
import pytest
from streamlit.elements.lib import policies

from ae_core import imaging, zoo
from ae_core.data import load_mnist
from ae_core.lab import vae_explorer
from ae_core.lab.common import seeded_subset
from ae_core.models.pca import PCA
from ae_core.registry import get_spec
from tests.apptest_support import ImageRecorder, app_test, only_available, open_page, texts, tr


@pytest.fixture(scope="module")
def pca(mnist_sample):
    return PCA(n_components=50).fit(mnist_sample.x_train[:2000])


# --- ae_core.lab.vae_explorer -------------------------------------------------------------------


def test_slerp_hits_both_ends_and_stays_on_the_unit_sphere():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=16), rng.normal(size=16)
    path = vae_explorer.slerp(a, b, np.linspace(0, 1, 9))
    np.testing.assert_allclose(path[0], a, atol=1e-9)
    np.testing.assert_allclose(path[-1], b, atol=1e-9)
    ua, ub = a / np.linalg.norm(a), b / np.linalg.norm(b)
    np.testing.assert_allclose(np.linalg.norm(vae_explorer.slerp(ua, ub, np.linspace(0, 1, 11)), axis=1), 1.0, atol=1e-9)
    # linear interpolation between the same unit vectors cuts inside the sphere
    assert np.linalg.norm(vae_explorer.lerp(ua, ub, 0.5)[0]) < 1.0


def test_slerp_falls_back_to_lerp_when_the_angle_is_undefined():
    a = np.array([1.0, 2.0])
    np.testing.assert_allclose(vae_explorer.slerp(a, 3 * a, [0.5]), vae_explorer.lerp(a, 3 * a, [0.5]))
    np.testing.assert_allclose(vae_explorer.slerp(np.zeros(2), a, [0.25]), [[0.25, 0.5]])
    np.testing.assert_allclose(vae_explorer.slerp(a, a, np.linspace(0, 1, 4)), np.tile(a, (4, 1)))


def test_interpolation_steps_are_clipped():
    a, b = np.zeros(2), np.ones(2)
    assert vae_explorer.interpolate_codes(a, b, 1).shape == (2, 2)
    assert vae_explorer.interpolate_codes(a, b, 10_000, "slerp").shape == (vae_explorer.MAX_STEPS, 2)


def test_interpolate_digits_and_pixels(pca, digits):
    result = vae_explorer.interpolate(pca.truncated(20), digits[0, ..., 0], digits[1, ..., 0], 5, "slerp")
    assert result.latent.shape == result.pixels.shape == (5, 28, 28) and result.codes.shape == (5, 20)
    np.testing.assert_allclose(result.pixels[0], digits[0, ..., 0])
    np.testing.assert_allclose(result.pixels[-1], digits[1, ..., 0], atol=1e-6)
    np.testing.assert_allclose(result.pixels[2], 0.5 * (digits[0, ..., 0] + digits[1, ..., 0]), atol=1e-6)


def test_manifold_grid_shape_order_and_cap(pca):
    codes = vae_explorer.manifold_codes(4, spacing="uniform", extent=3)
    assert codes.shape == (16, 2)
    np.testing.assert_allclose(codes[0], [-3, 3])  # top-left: z1 lowest, z2 highest
    np.testing.assert_allclose(codes[-1], [3, -3])
    gaussian = vae_explorer.manifold_codes(20)
    assert gaussian[:, 0].max() == pytest.approx(1.6449, abs=1e-3)
    assert vae_explorer.manifold_codes(1000).shape == (vae_explorer.MAX_GRID**2, 2)
    assert vae_explorer.manifold(pca.truncated(2), 20).shape == (400, 28, 28)


def test_tile_equals_the_padless_grid():
    from ae_core import imaging

    images = np.random.default_rng(0).random((7, 28, 28)).astype("float32")
    np.testing.assert_array_equal(vae_explorer.tile(images, 3, scale=2)[: 2 * 56], imaging.grid(images[:6], 3, scale=2, pad=0))
    assert vae_explorer.tile(images, 3).shape == (3 * 28, 3 * 28)
    assert not vae_explorer.tile(images, 3)[56:, 28:].any()  # the two empty cells stay black


def test_sampling_edge_cases(pca):
    model = pca.truncated(16)
    assert vae_explorer.sample_prior(model, 0, 0, 1.0).shape == (0, 28, 28)
    assert vae_explorer.sample_prior(model, 10_000, 0, 1.0).shape == (vae_explorer.MAX_SAMPLES, 28, 28)
    frozen = vae_explorer.sample_prior(model, 5, 0, 0.0)
    assert np.allclose(frozen, frozen[0])
    np.testing.assert_array_equal(vae_explorer.sample_prior(model, 6, 3, 1.0), vae_explorer.sample_prior(model, 6, 3, 1.0))
    hot = vae_explorer.sample_prior(model, 6, 3, 50.0)
    assert hot.min() >= 0 and hot.max() <= 1


def _line(slope):
    """A 28x28 line through the centre: x = 14 + slope * (14 - row) (positive slope leans right)."""
    image = np.zeros((28, 28), "float32")
    for row in range(4, 24):
        image[row, int(round(14 + slope * (14 - row)))] = 1.0
    return image


def test_slant_sign_and_ink():
    values = vae_explorer.slant(np.stack([_line(0.5), _line(0.0), _line(-0.5)]))
    assert values[0] > 0.3 and abs(values[1]) < 1e-6 and values[2] < -0.3
    thick = vae_explorer.thicken(_line(0.0)[None])
    assert vae_explorer.ink(thick)[0] > vae_explorer.ink(_line(0.0)[None])[0]


def test_regression_direction_recovers_a_linear_dependence():
    rng = np.random.default_rng(0)
    measure = rng.normal(size=2000) * 2.0
    codes = np.stack([3.0 * measure, -1.0 * measure, np.zeros(2000)], axis=1) + rng.normal(size=(2000, 3)) * 0.01
    direction = vae_explorer.regression_direction(codes, measure)
    np.testing.assert_allclose(direction, [6.0, -2.0, 0.0], atol=0.05)  # per std (2.0) of the measure
    assert np.all(vae_explorer.regression_direction(codes, np.ones(2000)) == 0)


def test_directions_found_in_a_code_do_what_they_say(pca, mnist_sample):
    model = pca.truncated(50)
    x, y = mnist_sample.x_train[::5][:800], mnist_sample.y_train[::5][:800]
    found = vae_explorer.latent_directions(model, x, y)
    assert found.class_means.shape == (10, 50) and found.n_digits == 800
    code = vae_explorer.encode_one(model, x[3, ..., 0])
    thicker = vae_explorer.apply_direction(model, code, found.thickness, [0.0, 1.0])
    assert vae_explorer.ink(thicker[1:])[0] > vae_explorer.ink(thicker[:1])[0]
    slants = vae_explorer.slant(vae_explorer.apply_direction(model, code, found.slant, [-2.0, 0.0, 2.0]))
    assert slants[0] < slants[1] < slants[2]


def test_dataset_directions_are_those_of_a_seeded_subset_and_read_back(pca, mnist_sample):
    model = pca.truncated(20)
    arrays = vae_explorer.dataset_directions(model, mnist_sample)
    chosen = seeded_subset(mnist_sample.n_train, vae_explorer.DIRECTION_DIGITS)
    direct = vae_explorer.latent_directions(model, mnist_sample.x_train[chosen], mnist_sample.y_train[chosen])
    assert set(arrays) == {"class_means", "thickness", "slant", "n_digits"}
    assert all(isinstance(v, np.ndarray) for v in arrays.values())  # storable on disk
    found = vae_explorer.directions_of(arrays)
    assert found.n_digits == vae_explorer.DIRECTION_DIGITS == direct.n_digits
    np.testing.assert_allclose(found.class_means, direct.class_means, atol=1e-6)
    np.testing.assert_allclose(found.thickness, direct.thickness, atol=1e-6)
    np.testing.assert_allclose(found.slant, direct.slant, atol=1e-6)


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(use_keras=False)


def vae_page(tab, lang="en", **state):
    at = open_page("vae_explorer", lang, run=False)
    at.session_state["vae_tab"] = tab  # the page's part: a segmented control (not tabs: they scroll on a phone)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_s_parts_are_a_translated_control_that_switches_them(lang):
    at = vae_page("sample", lang)
    control = at.segmented_control(key="vae_tab")
    assert control.value == "sample"
    labels = [tr(f"vae_tab_{name}", lang) for name in vae_explorer_page_parts()]  # ":material/casino: Sample": an icon, then the text
    assert len(control.options) == len(labels)
    assert all(option.strip() and label.endswith(option.strip()) for option, label in zip(control.options, labels))
    assert "vae_sample_n" in [box.key for box in at.number_input]
    control.set_value("manifold").run()
    assert not at.exception
    assert "vae_grid_size" in [box.key for box in at.number_input]
    assert "vae_sample_n" not in [box.key for box in at.number_input]


@app_test
def test_a_tab_s_settings_survive_a_visit_to_the_others_without_a_session_state_warning(monkeypatch, caplog):
    # Streamlit warns (once per process) of a drawn widget given a default and a value set this run.
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    at = vae_page("sample", "es")
    at.number_input(key="vae_sample_n").set_value(20).run()
    at.slider(key="vae_temperature").set_value(0.5).run()
    for tab in vae_explorer_page_parts()[1:] + ("sample",):
        at.segmented_control(key="vae_tab").set_value(tab).run()
        assert not at.exception
    at.number_input(key="vae_sample_n").set_value(30).run()
    at.segmented_control(key="vae_tab").set_value("manifold").run()
    at.number_input(key="vae_grid_size").set_value(7).run()
    at.segmented_control(key="vae_tab").set_value("sample").run()
    assert at.number_input(key="vae_sample_n").value == 30
    assert at.slider(key="vae_temperature").value == 0.5
    at.segmented_control(key="vae_tab").set_value("manifold").run()
    assert at.number_input(key="vae_grid_size").value == 7
    assert not [r for r in caplog.records if "Session State API" in r.getMessage()]


def vae_explorer_page_parts():
    return ("sample", "walk", "manifold", "interpolate", "arithmetic")


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_sampling_edge_cases_have_messages(lang, monkeypatch):
    at = vae_page("sample", lang, vae_sample_source="prior")
    at.number_input(key="vae_sample_n").set_value(0).run()
    assert tr("vae_sample_zero", lang) in texts(at)
    at.number_input(key="vae_sample_n").set_value(500).run()
    assert tr("vae_sample_capped", lang, n=500, cap=vae_explorer.MAX_SAMPLES) in texts(at)
    recorder = ImageRecorder(monkeypatch)
    at.number_input(key="vae_sample_n").set_value(12).run()
    at.slider(key="vae_temperature").set_value(0.0).run()
    assert tr("vae_temperature_zero", lang) in texts(at)
    expected = imaging.grid(vae_explorer.sample_prior(zoo.load_pretrained("vae_16"), 12, 0, 0.0), columns=10, scale=3)
    assert any(np.array_equal(shown, expected) for shown, _ in recorder.shown)
    at.slider(key="vae_temperature").set_value(4.0).run()
    assert tr("vae_temperature_hot", lang, value=4.0) in texts(at)


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_walk_sliders_start_at_the_digit_code_and_drive_the_image(lang, mnist, monkeypatch):
    recorder = ImageRecorder(monkeypatch)
    at = vae_page("walk", lang, vae_input_mode="pick")
    model = zoo.load_pretrained("vae_2")
    digit = mnist.evaluation_split()[0][0, ..., 0]
    code = vae_explorer.encode_one(model, digit)
    start = [at.slider(key=f"vae_walk_vae_2_{i}").value for i in range(2)]
    np.testing.assert_allclose(start, np.clip(np.round(code, 2), -4, 4), atol=1e-6)
    recorder.clear()
    at.slider(key="vae_walk_vae_2_0").set_value(2.5).run()
    moved = np.array([2.5, start[1]], "float32")
    expected = vae_explorer.decode_images(model, moved[None])[0]
    assert any(np.array_equal(shown, expected) for shown, _ in recorder.shown)
    assert not np.array_equal(expected, vae_explorer.decode_images(model, np.array([start], "float32"))[0])


@app_test
def test_walk_with_the_16d_vae_shows_k_sliders():
    at = vae_page("walk", vae_walk_model="vae_16", vae_walk_k=3)
    assert sorted(s.key for s in at.slider if s.key.startswith("vae_walk_vae_16_")) == [f"vae_walk_vae_16_{i}" for i in range(3)]
    assert "Dimensions 3+1 to 16 stay at the digit's code." in texts(at)


@app_test
def test_manifold_grid_is_capped_and_decoded(monkeypatch):
    import pages.common.ui as ui

    shown = []
    monkeypatch.setattr(ui, "quick_picture", lambda array, caption=None: shown.append(np.asarray(array)))
    at = vae_page("manifold")
    at.number_input(key="vae_grid_size").set_value(100).run()
    assert f"A 100 × 100 grid is too large to draw: showing {vae_explorer.MAX_GRID} × {vae_explorer.MAX_GRID}." in texts(at)
    images = vae_explorer.manifold(zoo.load_pretrained("vae_2"), vae_explorer.MAX_GRID)
    expected = imaging.grid(images, columns=vae_explorer.MAX_GRID, scale=1, pad=0)
    assert np.array_equal(shown[-1], expected)
    at.number_input(key="vae_grid_size").set_value(8).run()
    assert shown[-1].shape == (8 * 28 * 3, 8 * 28 * 3)  # small grids are drawn larger


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_interpolation_edge_cases(lang):
    at = vae_page("interpolate", lang, vae_input_mode="pick")
    assert tr("vae_interp_pixels", lang) in texts(at)
    at.number_input(key="vae_end_b_index").set_value(0).run()  # B = data #0 = the picked digit A
    assert tr("vae_interp_identical", lang) in texts(at)
    at.number_input(key="vae_interp_steps").set_value(1).run()
    assert tr("vae_interp_few_steps", lang) in texts(at)
    at.number_input(key="vae_interp_steps").set_value(400).run()
    assert tr("vae_interp_capped", lang, n=400, cap=vae_explorer.MAX_STEPS) in texts(at)
    assert not at.exception


@app_test
def test_interpolation_step_slider_shows_each_path(mnist, monkeypatch):
    at = vae_page("interpolate", vae_input_mode="pick")
    recorder = ImageRecorder(monkeypatch)
    at.segmented_control(key="vae_interp_method").set_value("slerp").run()
    at.slider(key="vae_interp_step").set_value(2).run()
    x = mnist.evaluation_split()[0]
    expected = vae_explorer.interpolate(zoo.load_pretrained("vae_16"), x[0, ..., 0], x[1, ..., 0], 8, "slerp")
    shown = [a for a, _ in recorder.shown]
    assert any(np.array_equal(a, expected.latent[2]) for a in shown)
    assert any(np.allclose(a, expected.pixels[2]) for a in shown)


@app_test
def test_latent_arithmetic_reports_its_effect():
    at = vae_page("arithmetic", vae_input_mode="pick")
    shown = texts(at)
    assert "Slant (image moments):" in shown
    at.selectbox(key="vae_arith_direction").set_value("class").run()
    assert not at.exception
    assert "(your digit's true label)" in texts(at)


def fashion_page(tab="sample"):
    at = open_page("vae_explorer", "en", run=False)
    at.session_state["data"] = "fashion_mnist"
    at.session_state["vae_tab"] = tab
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


@app_test
def test_with_fashion_the_page_samples_the_fashion_vae(fashion, monkeypatch):
    listed = zoo.read_manifest()["models"]
    assert [n for n in listed if get_spec(n).kind == "vae" and get_spec(n).dataset == "fashion_mnist"] == ["fashion_vae_2"]
    recorder = ImageRecorder(monkeypatch)
    at = fashion_page()
    at.segmented_control(key="vae_sample_source").set_value("prior").run()
    assert tr("vae_no_models", "en") not in texts(at)
    samples = vae_explorer.sample_prior(zoo.load_pretrained("fashion_vae_2"), 40, 0, 1.0)  # the tab's defaults
    expected = imaging.grid(samples, columns=10, scale=3)
    assert any(np.array_equal(shown, expected) for shown, _ in recorder.shown)


@app_test
def test_with_fashion_and_no_fashion_vae_the_page_says_so(fashion, monkeypatch):
    spec = get_spec
    only_available(monkeypatch, lambda name: not (spec(name).kind == "vae" and spec(name).dataset == "fashion_mnist"))
    at = fashion_page()
    assert tr("vae_no_models", "en") in texts(at)
    assert "vae_sample_model" not in [box.key for box in at.selectbox]  # nothing to sample with
    assert "vae_sample_n" not in [box.key for box in at.number_input]


@app_test
def test_the_sampling_question_is_judged_by_the_classifier_s_reading(monkeypatch):
    from pages.common import i18n
    from tests.apptest_support import click

    recorder = ImageRecorder(monkeypatch)
    at = open_page("vae_explorer", "en", run=False, revealed=False)
    at.session_state["vae_tab"] = "sample"
    at.session_state["vae_sample_source"] = "prior"
    at.run()
    assert not at.exception
    samples = vae_explorer.sample_prior(zoo.load_pretrained("vae_16"), 40, 0, 1.0)  # the tab's defaults
    grid = imaging.grid(samples, columns=10, scale=3)
    assert not any(np.array_equal(shown, grid) for shown, _ in recorder.shown)  # hidden until the guess
    probabilities = zoo.load_pretrained("digit_classifier").predict_proba(samples.reshape(-1, 28, 28, 1))
    readable = float(np.mean(probabilities.max(axis=1) >= 0.9))
    answer = "most" if readable >= 0.7 else "half" if readable >= 0.3 else "few"
    wrong = "few" if answer != "few" else "most"
    at.radio(key="guide_vae_explorer_choice").set_value(wrong).run()
    click(at, "guide_vae_explorer_reveal")
    assert not at.exception
    assert any(np.array_equal(shown, grid) for shown, _ in recorder.shown)
    assert tr("guide_wrong", "en", answer=tr(f"vae_predict_{answer}", "en")) in [i.value for i in at.info]
    assert tr("vae_readable", "en", share=readable, n=40) in texts(at)
    assert i18n.number(readable, ".0%", "en") in texts(at)


def known_mixture(model, dataset):
    """A stand-in for the codes' mixture: two components of the 16-d VAE's code space."""
    rng = np.random.default_rng(5)
    return {"weights": np.array([0.25, 0.75]), "means": rng.normal(size=(2, 16)) * 0.5,
            "chol": np.stack([np.eye(16) * 0.3, np.eye(16) * 0.6])}


@app_test
def test_sampling_starts_from_the_codes_mixture_and_compares_it_with_the_prior(monkeypatch):
    from ae_core.lab import vae_explorer as lab

    monkeypatch.setattr(lab, "code_mixture", known_mixture)
    recorder = ImageRecorder(monkeypatch)
    at = vae_page("sample")
    assert at.segmented_control(key="vae_sample_source").value == "mixture"
    model, mixture = zoo.load_pretrained("vae_16"), known_mixture(None, None)
    samples = lab.sample_mixture(model, mixture, 40, 0, 1.0)
    assert any(np.array_equal(shown, imaging.grid(samples, columns=10, scale=3)) for shown, _ in recorder.shown)
    classifier = zoo.load_pretrained("digit_classifier")

    def readable(images):
        return float(np.mean(classifier.predict_proba(images.reshape(-1, 28, 28, 1)).max(axis=1) >= 0.9))

    prior = lab.sample_prior(model, 40, 0, 1.0)
    assert tr("vae_sources_compared", "en", prior=readable(prior), mixture=readable(samples), n=40) in texts(at)
    assert tr("vae_holes", "en", share=lab.prior_holes(mixture)) in texts(at)


def test_mixture_codes_follow_their_components():
    from ae_core.lab import vae_explorer as lab

    mixture = {"weights": np.array([0.2, 0.8]), "means": np.array([[-5.0, 0.0], [5.0, 0.0]]),
               "chol": np.stack([np.eye(2) * 0.1, np.eye(2) * 0.1])}
    codes = lab.mixture_codes(mixture, 2000, seed=0)
    assert np.mean(codes[:, 0] > 0) == pytest.approx(0.8, abs=0.03)  # the weights
    assert np.abs(np.abs(codes[:, 0]) - 5).max() < 0.6 and codes[:, 1].std() == pytest.approx(0.1, rel=0.1)
    assert np.allclose(lab.mixture_codes(mixture, 50, seed=0, temperature=0.0)[:, 1], 0.0)
    np.testing.assert_array_equal(codes, lab.mixture_codes(mixture, 2000, seed=0))  # seeded
    # N(0, I) codes mostly fall between these two far components: holes
    assert lab.prior_holes(mixture, n=500) > 0.9
    wide = {"weights": np.array([1.0]), "means": np.zeros((1, 2)), "chol": np.eye(2)[None]}
    assert lab.prior_holes(wide, n=2000) == pytest.approx(0.05, abs=0.03)  # the prior is the mixture


def test_code_mixture_fits_the_encoder_s_codes(mnist_sample):
    from sklearn.decomposition import PCA

    from ae_core.lab import vae_explorer as lab

    class Encoder:  # codes: the digits' first 3 PCA components
        pca = PCA(3).fit(mnist_sample.x_train.reshape(len(mnist_sample.x_train), -1))

        def encode(self, x):
            return self.pca.transform(np.asarray(x).reshape(len(x), -1))

    mixture = lab.code_mixture(Encoder(), mnist_sample)
    assert mixture["means"].shape == (lab.MIXTURE_COMPONENTS, 3) and mixture["chol"].shape == (lab.MIXTURE_COMPONENTS, 3, 3)
    assert mixture["weights"].sum() == pytest.approx(1.0)
    codes = Encoder().encode(mnist_sample.x_train)
    np.testing.assert_allclose(mixture["weights"] @ mixture["means"], codes.mean(axis=0), atol=0.05 * codes.std())
