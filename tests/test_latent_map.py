"""Latent map: the same digits in the 2-d codes of an AE, a VAE and PCA (and t-SNE), side by side
(ae_core.lab.latent_map, its figures, and the page with MNIST and with Fashion-MNIST)."""


import numpy as np
import pytest
from sklearn.metrics import silhouette_score
from sklearn.neighbors import KNeighborsClassifier

from ae_core import zoo
from ae_core.data import Dataset, load_mnist
from ae_core.lab import latent_map
from ae_core.lab.common import evaluation_split
from ae_core.models.pca import PCA
from ae_core.registry import get_spec
from pages.common import i18n
from tests import apptest_support
from tests.apptest_support import (
    ImageRecorder, app_test, only_available, open_page, texts, tr, trained_names, vega_chart,
)


@pytest.fixture(scope="module")
def pca(mnist_sample):
    return PCA(n_components=50).fit(mnist_sample.x_train[:2000])


def _dataset(n=200):
    """Random images without a test set (as the 5,000-digit sample): a seeded hold-out is the map's."""
    rng = np.random.default_rng(0)
    images = (rng.integers(0, 255, (n, 28, 28)) / 255.0).astype("float32").reshape(-1, 28, 28, 1)
    return Dataset("mnist", "test", "synthetic", images, (np.arange(n) % 10).astype("uint8"), None, None)


# --- ae_core.lab.latent_map ---------------------------------------------------------------------


def test_shown_order_and_knn_subset():
    order = latent_map.shown_order(100)
    assert sorted(order) == list(range(100)) and np.array_equal(order, latent_map.shown_order(100))
    assert np.array_equal(latent_map.knn_subset(50, cap=100), np.arange(50))
    subset = latent_map.knn_subset(500, cap=100)
    assert len(subset) == 100 and len(set(subset)) == 100 and np.all(np.diff(subset) > 0)


def test_embed_and_decode_with_pca_are_its_first_two_components(pca, digits):
    codes = latent_map.embed(pca, digits)
    assert codes.shape == (len(digits), 2)
    np.testing.assert_allclose(codes, pca.encode(digits)[:, :2], atol=1e-4)
    image = latent_map.decode_at(pca, 1.5, -2.0)
    assert image.shape == (28, 28) and image.min() >= 0 and image.max() <= 1
    expected = np.clip(pca.truncated(2).decode(np.array([[1.5, -2.0]], "float32")), 0, 1).reshape(28, 28)
    np.testing.assert_allclose(image, expected, atol=1e-6)


def test_scores_equal_a_direct_sklearn_computation():
    rng = np.random.default_rng(1)
    train_y, test_y = rng.integers(0, 10, 400), rng.integers(0, 10, 150)
    train = rng.normal(size=(400, 2)) + train_y[:, None] * 0.7
    test = rng.normal(size=(150, 2)) + test_y[:, None] * 0.7
    scores = latent_map.score_embedding(train, train_y, test, test_y)
    for k, value in ((1, scores.knn1), (5, scores.knn5)):
        assert value == pytest.approx(KNeighborsClassifier(n_neighbors=k).fit(train, train_y).score(test, test_y))
    assert scores.silhouette == pytest.approx(silhouette_score(test, test_y))
    assert (scores.n_train, scores.n_test) == (400, 150)


def test_scores_that_need_more_digits_are_none():
    train, labels = np.zeros((3, 2)), np.array([0, 1, 2])
    one = latent_map.score_embedding(train, labels, np.zeros((1, 2)), np.array([0]))
    assert one.knn1 is not None and one.knn5 is None and one.silhouette is None
    same_class = latent_map.score_embedding(np.zeros((10, 2)), np.zeros(10), np.ones((5, 2)), np.zeros(5))
    assert same_class.silhouette is None


def test_published_values_are_sainburgs():
    assert latent_map.published("mnist", "pca") == (0.377, 0.420)
    assert latent_map.published("mnist", "autoencoder") == (0.765, 0.793)
    assert latent_map.published("mnist", "vae") == (0.724, 0.765)
    assert latent_map.published("mnist", "tsne") == (0.941, 0.950)
    assert latent_map.published("fashion_mnist", "vae") == (0.665, 0.716)
    assert latent_map.published("fashion_mnist", "tsne") is None


def test_plot_range_holds_the_points_with_a_margin():
    points = np.random.default_rng(0).normal(size=(1000, 2)) * [1, 5]
    (x0, x1), (y0, y1) = latent_map.plot_range(points)
    inside = (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
    assert inside.mean() >= 0.99 and y1 - y0 > x1 - x0
    assert latent_map.plot_range(np.zeros((0, 2))) == ((-1.0, 1.0), (-1.0, 1.0))


def test_location_grid_covers_the_plot():
    grid = latent_map.location_grid((-1, 1), (0, 4), steps=5)
    assert grid.shape == (25, 2)
    assert grid[:, 0].min() == -1 and grid[:, 0].max() == 1 and grid[:, 1].min() == 0 and grid[:, 1].max() == 4


def test_read_selection_splits_digits_and_empty_locations():
    grid_click = {"points": [{"curve_number": 0, "point_index": 12, "x": 0.5, "y": -1.25}]}
    assert latent_map.read_selection(grid_click) == ([], (0.5, -1.25))
    mixed = {"points": [
        {"curve_number": 0, "point_index": 1, "x": 0.0, "y": 0.0},
        {"curve_number": 3, "point_index": 7, "customdata": 42},
        {"curve_number": 4, "point_index": 2, "customdata": [17]},
        {"curve_number": 3, "point_index": 7, "customdata": 42},
        {"curve_number": 11, "point_index": 0},  # the star: no customdata
    ]}
    assert latent_map.read_selection(mixed) == ([42, 17], None)
    assert latent_map.read_selection({"points": []}) == ([], None)
    assert latent_map.read_selection(None) == ([], None)
    # without a grid (t-SNE) trace 0 holds digits
    assert latent_map.read_selection({"points": [{"curve_number": 0, "customdata": 3}]}, grid_curve=None) == ([3], None)


def test_tsne_embeds_train_and_shown_digits_together(mnist_sample):
    x = mnist_sample.x_train[::50][:80]
    train, shown = latent_map.tsne_embedding(x[:50], x[50:])
    assert train.shape == (50, 2) and shown.shape == (30, 2) and np.isfinite(shown).all()


# --- what the page shows, from a model and a dataset -----------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    return _dataset(300)


@pytest.fixture(scope="module")
def codes(pca, synthetic):
    return latent_map.map_codes(pca, synthetic)


def test_map_codes_are_the_knn_digits_and_every_test_digit_in_the_shown_order(pca, synthetic, codes):
    split = evaluation_split(synthetic)
    shown = latent_map.shown_order(len(split.x_test))
    chosen = latent_map.knn_subset(len(split.x_train))
    assert codes["test"].shape == (len(split.x_test), 2) and codes["train"].shape == (len(chosen), 2)
    np.testing.assert_array_equal(codes["test_index"], shown)
    np.testing.assert_allclose(codes["test"], latent_map.embed(pca, split.x_test[shown]), atol=1e-6)
    np.testing.assert_array_equal(codes["test_labels"], split.y_test[shown])
    np.testing.assert_allclose(codes["train"], latent_map.embed(pca, split.x_train[chosen]), atol=1e-6)
    np.testing.assert_array_equal(codes["train_labels"], split.y_train[chosen])


def test_map_scores_and_ranges_are_those_of_the_first_n_shown_digits(codes):
    scores = latent_map.map_scores(codes, 40)
    direct = latent_map.score_embedding(codes["train"], codes["train_labels"], codes["test"][:40],
                                        codes["test_labels"][:40])
    assert scores == direct and scores.n_test == 40
    assert latent_map.map_ranges(codes) == latent_map.plot_range(codes["test"])


def test_map_figure_shows_the_first_n_digits_a_grid_and_the_star(codes):
    names = tuple(str(c) for c in range(10))
    figure = latent_map.map_figure(codes, 60, (0.1, 0.2), (names, "%{x}", "you"), with_grid=True)
    assert len(figure.data[0].x) == 40 * 40 and figure.data[-1].x == (0.1,) and figure.data[-1].name == "you"
    digits = [t for t in figure.data[1:-1]]
    assert sorted(np.concatenate([t.customdata for t in digits]).tolist()) == list(range(60))
    for trace in digits:
        np.testing.assert_allclose(trace.x, codes["test"][trace.customdata, 0], rtol=1e-6)
        assert set(codes["test_labels"][trace.customdata]) == {int(trace.name)}
    (x0, x1), _ = latent_map.map_ranges(codes)
    assert list(figure.layout.xaxis.range) == pytest.approx([x0, x1])
    bare = latent_map.map_figure(codes, 10_000, None, (names, "", ""), with_grid=False)  # t-SNE: no grid
    assert sum(len(t.customdata) for t in bare.data) == len(codes["test"])
    assert all(t.marker.symbol != "star" for t in bare.data)


def test_hover_table_and_selected_digits_are_the_split_s_test_digits(synthetic, codes):
    split = evaluation_split(synthetic)
    table = latent_map.hover_table(synthetic, codes, 12, tuple(f"c{k}" for k in range(10)))
    assert len(table) == 12 and list(table["number"]) == list(range(12))
    np.testing.assert_allclose(np.c_[table["x"], table["y"]], codes["test"][:12], rtol=1e-6)
    assert list(table["label"]) == [f"c{k}" for k in codes["test_labels"][:12]]
    images, labels = latent_map.selected_digits(synthetic, codes, [3, 0])
    order = codes["test_index"][[3, 0]]
    np.testing.assert_array_equal(images, split.x_test[order])
    np.testing.assert_array_equal(labels, split.y_test[order])


def test_tsne_codes_embed_the_shown_digits_with_as_many_training_digits(mnist_sample):
    tsne = latent_map.tsne_codes(mnist_sample, 30)
    split = evaluation_split(mnist_sample)
    assert tsne["test"].shape == (30, 2) and tsne["train"].shape == (latent_map.tsne_train_count(30), 2)
    np.testing.assert_array_equal(tsne["test_index"], latent_map.shown_order(len(split.x_test))[:30])
    np.testing.assert_array_equal(tsne["test_labels"], split.y_test[tsne["test_index"]])
    assert np.isfinite(tsne["test"]).all() and latent_map.map_scores(tsne, 30).n_test == 30


# --- the map's figures (ae_core.figures) -------------------------------------------------------


def test_latent_scatter_has_the_grid_first_one_trace_per_class_and_the_star_last():
    from ae_core.figures import latent_scatter

    rng = np.random.default_rng(0)
    points, labels = rng.normal(size=(300, 2)), rng.integers(0, 10, 300)
    grid = latent_map.location_grid((-3, 3), (-3, 3), steps=10)
    figure = latent_scatter(points, labels, np.arange(300), [str(c) for c in range(10)], x_range=(-3, 3),
                            y_range=(-3, 3), grid=grid, star=(0.5, -0.5), star_name="★")
    traces = figure.data
    assert traces[0].type == "scattergl" and len(traces[0].x) == 100 and traces[0].marker.opacity == 0
    classes = traces[1:-1]
    assert [t.name for t in classes] == [str(c) for c in range(10)] and all(t.type == "scattergl" for t in classes)
    assert sorted(np.concatenate([t.customdata for t in classes]).tolist()) == list(range(300))
    for t in classes:
        np.testing.assert_allclose(t.x, points[t.customdata, 0], rtol=1e-6)
        assert set(labels[t.customdata]) == {int(t.name)}
    assert traces[-1].marker.symbol == "star" and traces[-1].x == (0.5,)
    assert list(figure.layout.xaxis.range) == [-3, 3]
    assert read_back(figure) == (list(range(300)))


def read_back(figure):
    """The indices a selection of every digit point would report, through read_selection."""
    points = [{"curve_number": c, "point_index": i, "customdata": int(v)}
              for c, trace in enumerate(figure.data) if trace.customdata is not None for i, v in enumerate(trace.customdata)]
    return sorted(latent_map.read_selection({"points": points})[0])


def test_hover_rows_carry_each_digit_as_a_picture(digits, digit_labels):
    import base64
    import io

    from PIL import Image

    embedding = np.arange(2 * len(digits), dtype="float32").reshape(-1, 2)
    names = [f"c{k}" for k in range(10)]
    rows = latent_map.hover_rows(embedding, digit_labels, digits, names, scale=3)
    assert len(rows) == len(digits)
    assert [(r["x"], r["y"]) for r in rows] == [tuple(map(float, p)) for p in embedding]
    assert [r["label"] for r in rows] == [names[int(k)] for k in digit_labels]
    assert [r["number"] for r in rows] == list(range(len(digits)))
    prefix = "data:image/png;base64,"
    assert rows[5]["image"].startswith(prefix)
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(rows[5]["image"][len(prefix):]))))
    assert picture.shape == (84, 84)  # 3 x nearest-neighbour: every pixel a 3 x 3 block
    from ae_core.imaging import to_uint8

    np.testing.assert_array_equal(picture[::3, ::3], to_uint8(digits[5, ..., 0]))


def test_hover_map_spec_shows_the_picture_and_orders_the_legend():
    from ae_core.figures import hover_map_spec

    spec = hover_map_spec("class", classes=("0", "1"))
    assert spec["encoding"]["tooltip"][0]["field"] == "image"  # Vega's tooltip draws "image" as a picture
    assert spec["encoding"]["color"]["sort"] == ["0", "1"]
    assert spec["params"][0]["bind"] == "legend"


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(use_keras=False)


@pytest.fixture(scope="module")
def split(mnist):
    return evaluation_split(mnist)


def latent2d_names(dataset="mnist"):
    return trained_names(tag="latent2d", dataset=dataset)


def selection(points):
    return {"selection": {"points": points, "point_indices": [p.get("point_index", 0) for p in points], "box": [], "lasso": []}}


@app_test
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
        k1, k5 = i18n.number(scores.knn1, ".3f", lang), i18n.number(scores.knn5, ".3f", lang)  # Spanish "0,821"
        assert tr("latent_knn", lang, k1=k1, k5=k5) in shown_text, name
        assert tr("latent_silhouette", lang, value=i18n.number(scores.silhouette, ".3f", lang)) in shown_text, name
    assert tr("latent_published", lang, k1=0.765, k5=0.793) in shown_text
    assert tr("latent_published", lang, k1=0.377, k5=0.420) in shown_text


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_digits_on_the_map_gets_a_message(lang):
    at = open_page("latent_map", lang)
    at.number_input(key="latent_n_mnist").set_value(0).run()
    assert not at.exception
    assert tr("latent_n_zero", lang) in texts(at)


@app_test
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


@app_test
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


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_clicking_a_point_shows_the_digit_and_its_reconstructions(lang, split):
    at = open_page("latent_map", lang)
    at.session_state["latent_chart_vae_2"] = selection([{"curve_number": 3, "point_index": 0, "customdata": 7, "x": 0, "y": 0}])
    at.run()
    assert not at.exception
    shown = texts(at)
    assert tr("latent_selected_count", lang, count=1, map=_title("vae_2", lang)) in shown
    label = int(split.y_test[latent_map.shown_order(len(split.x_test))[7]])
    titles = [title for title, _ in apptest_support.cards(at, "latent_one")]
    # The chosen digit, then its reconstruction by each map's model (in the maps' order).
    expected = [tr("latent_pca_title", lang) if get_spec(n).kind == "pca" else _title(n, lang) for n in latent2d_names()]
    assert titles[0] == f"{tr('latent_original_one', lang)} #7 · {label}"
    assert sorted(titles[1:]) == sorted(expected)


def _title(name, lang):
    from pages.common import ui

    return ui.model_title(name, lang)  # the registry's English title, through the language's catalog


@app_test
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


@app_test
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


def fashion_page(lang="en", **state):
    at = open_page("latent_map", lang, run=False)
    at.session_state["data"] = "fashion_mnist"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


@app_test
def test_with_fashion_the_page_shows_the_ae_vae_and_pca_maps(fashion):
    names = latent2d_names("fashion_mnist")
    assert {get_spec(n).kind for n in names} == {"autoencoder", "vae", "pca"}  # the committed zoo's
    at = fashion_page(latent_n_fashion_mnist=300)
    shown = texts(at)
    assert "Fashion-MNIST clothes · The maps show digits of the official test set (10,000 digits)" in shown
    assert shown.count("kNN accuracy: **1-NN") == len(names) == 3
    assert "Published (Sainburg et al., 2021): 1-NN 0.447 · 5-NN 0.506" in shown  # PCA on Fashion
    assert "not available yet" not in shown


@app_test
def test_with_fashion_and_only_pca_the_page_says_the_2d_models_are_missing(fashion, monkeypatch):
    only_available(monkeypatch, lambda name: get_spec(name).dataset != "fashion_mnist" or get_spec(name).kind == "pca")
    at = fashion_page(latent_n_fashion_mnist=300)
    shown = texts(at)
    assert "The 2-d autoencoder and VAE for Fashion-MNIST clothes are not available yet" in shown
    assert shown.count("kNN accuracy: **1-NN") == 1  # PCA's map only


@app_test
def test_the_hover_map_is_off_until_asked_then_carries_the_map_s_digits(split):
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
    name = sorted(latent2d_names(), key=lambda n: latent_map.KIND_ORDER.get(get_spec(n).kind, 9))[0]
    shown = latent_map.shown_order(len(split.x_test))[: len(table["x"])]
    codes = latent_map.embed(zoo.load_pretrained(name), split.x_test[shown])
    np.testing.assert_allclose(np.c_[table["x"], table["y"]], codes, rtol=1e-4, atol=1e-4)
    # The sample's 1,000 held-out digits fit under the cap: no note.
    assert n <= HOVER_CAP and "each one carries its picture" not in texts(at)


@app_test
def test_more_digits_than_the_hover_cap_carry_no_picture_beyond_it(fashion):
    n = latent_map.HOVER_CAP + 200  # Fashion-MNIST has 10,000 test items
    at = fashion_page(latent_n_fashion_mnist=n, latent_hover_images=True)
    assert at.number_input(key="latent_n_fashion_mnist").value == n
    assert tr("latent_hover_capped", "en", m=latent_map.HOVER_CAP, n=n) in texts(at)
    table = vega_chart(at)[1]
    assert len(table["image"]) == latent_map.HOVER_CAP
