"""Unit tests of the latent map, VAE explorer and image search functions (ae_core.lab)."""

import numpy as np
import pytest
from sklearn.metrics import silhouette_score
from sklearn.neighbors import KNeighborsClassifier

from ae_core.data import Dataset
from ae_core.lab import derived, latent_map, search, vae
from ae_core.models.pca import PCA


@pytest.fixture(scope="module")
def pca(mnist_sample):
    return PCA(n_components=50).fit(mnist_sample.x_train[:2000])


def _dataset(n=200, with_test=False):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 255, (n, 28, 28), dtype=np.uint8)
    y = np.arange(n) % 10
    images = (x / 255.0).astype("float32").reshape(-1, 28, 28, 1)
    test = (images[:50], y[:50]) if with_test else (None, None)
    return Dataset("mnist", "test", "synthetic", images, y.astype("uint8"), *test)


# --- latent map ---------------------------------------------------------------------------------


def test_split_uses_the_test_set_when_there_is_one():
    ds = _dataset(with_test=True)
    split = latent_map.evaluation_split(ds)
    assert not split.holdout and split.x_test is ds.x_test and split.x_train is ds.x_train


def test_split_without_test_set_is_a_seeded_disjoint_holdout():
    ds = _dataset(n=300)
    a, b = latent_map.evaluation_split(ds, holdout=40), latent_map.evaluation_split(ds, holdout=40)
    assert a.holdout and len(a.x_test) == 40 and len(a.x_train) == 260
    assert np.array_equal(a.x_test, b.x_test)
    flat_train = {im.tobytes() for im in a.x_train}
    assert not any(im.tobytes() in flat_train for im in a.x_test)


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


# --- VAE explorer -------------------------------------------------------------------------------


def test_slerp_hits_both_ends_and_stays_on_the_unit_sphere():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=16), rng.normal(size=16)
    path = vae.slerp(a, b, np.linspace(0, 1, 9))
    np.testing.assert_allclose(path[0], a, atol=1e-9)
    np.testing.assert_allclose(path[-1], b, atol=1e-9)
    ua, ub = a / np.linalg.norm(a), b / np.linalg.norm(b)
    np.testing.assert_allclose(np.linalg.norm(vae.slerp(ua, ub, np.linspace(0, 1, 11)), axis=1), 1.0, atol=1e-9)
    # linear interpolation between the same unit vectors cuts inside the sphere
    assert np.linalg.norm(vae.lerp(ua, ub, 0.5)[0]) < 1.0


def test_slerp_falls_back_to_lerp_when_the_angle_is_undefined():
    a = np.array([1.0, 2.0])
    np.testing.assert_allclose(vae.slerp(a, 3 * a, [0.5]), vae.lerp(a, 3 * a, [0.5]))
    np.testing.assert_allclose(vae.slerp(np.zeros(2), a, [0.25]), [[0.25, 0.5]])
    np.testing.assert_allclose(vae.slerp(a, a, np.linspace(0, 1, 4)), np.tile(a, (4, 1)))


def test_interpolation_steps_are_clipped():
    a, b = np.zeros(2), np.ones(2)
    assert vae.interpolate_codes(a, b, 1).shape == (2, 2)
    assert vae.interpolate_codes(a, b, 10_000, "slerp").shape == (vae.MAX_STEPS, 2)


def test_interpolate_digits_and_pixels(pca, digits):
    result = vae.interpolate(pca.truncated(20), digits[0, ..., 0], digits[1, ..., 0], 5, "slerp")
    assert result.latent.shape == result.pixels.shape == (5, 28, 28) and result.codes.shape == (5, 20)
    np.testing.assert_allclose(result.pixels[0], digits[0, ..., 0])
    np.testing.assert_allclose(result.pixels[-1], digits[1, ..., 0], atol=1e-6)
    np.testing.assert_allclose(result.pixels[2], 0.5 * (digits[0, ..., 0] + digits[1, ..., 0]), atol=1e-6)


def test_manifold_grid_shape_order_and_cap(pca):
    codes = vae.manifold_codes(4, spacing="uniform", extent=3)
    assert codes.shape == (16, 2)
    np.testing.assert_allclose(codes[0], [-3, 3])  # top-left: z1 lowest, z2 highest
    np.testing.assert_allclose(codes[-1], [3, -3])
    gaussian = vae.manifold_codes(20)
    assert gaussian[:, 0].max() == pytest.approx(1.6449, abs=1e-3)
    assert vae.manifold_codes(1000).shape == (vae.MAX_GRID**2, 2)
    assert vae.manifold(pca.truncated(2), 20).shape == (400, 28, 28)


def test_tile_equals_the_padless_grid():
    from ae_core import imaging

    images = np.random.default_rng(0).random((7, 28, 28)).astype("float32")
    np.testing.assert_array_equal(vae.tile(images, 3, scale=2)[: 2 * 56], imaging.grid(images[:6], 3, scale=2, pad=0))
    assert vae.tile(images, 3).shape == (3 * 28, 3 * 28)
    assert not vae.tile(images, 3)[56:, 28:].any()  # the two empty cells stay black


def test_sampling_edge_cases(pca):
    model = pca.truncated(16)
    assert vae.sample_prior(model, 0, 0, 1.0).shape == (0, 28, 28)
    assert vae.sample_prior(model, 10_000, 0, 1.0).shape == (vae.MAX_SAMPLES, 28, 28)
    frozen = vae.sample_prior(model, 5, 0, 0.0)
    assert np.allclose(frozen, frozen[0])
    np.testing.assert_array_equal(vae.sample_prior(model, 6, 3, 1.0), vae.sample_prior(model, 6, 3, 1.0))
    hot = vae.sample_prior(model, 6, 3, 50.0)
    assert hot.min() >= 0 and hot.max() <= 1


def _line(slope):
    """A 28x28 line through the centre: x = 14 + slope * (14 - row) (positive slope leans right)."""
    image = np.zeros((28, 28), "float32")
    for row in range(4, 24):
        image[row, int(round(14 + slope * (14 - row)))] = 1.0
    return image


def test_slant_sign_and_ink():
    values = vae.slant(np.stack([_line(0.5), _line(0.0), _line(-0.5)]))
    assert values[0] > 0.3 and abs(values[1]) < 1e-6 and values[2] < -0.3
    thick = vae.thicken(_line(0.0)[None])
    assert vae.ink(thick)[0] > vae.ink(_line(0.0)[None])[0]


def test_regression_direction_recovers_a_linear_dependence():
    rng = np.random.default_rng(0)
    measure = rng.normal(size=2000) * 2.0
    codes = np.stack([3.0 * measure, -1.0 * measure, np.zeros(2000)], axis=1) + rng.normal(size=(2000, 3)) * 0.01
    direction = vae.regression_direction(codes, measure)
    np.testing.assert_allclose(direction, [6.0, -2.0, 0.0], atol=0.05)  # per std (2.0) of the measure
    assert np.all(vae.regression_direction(codes, np.ones(2000)) == 0)


def test_directions_found_in_a_code_do_what_they_say(pca, mnist_sample):
    model = pca.truncated(50)
    x, y = mnist_sample.x_train[::5][:800], mnist_sample.y_train[::5][:800]
    found = vae.latent_directions(model, x, y)
    assert found.class_means.shape == (10, 50) and found.n_digits == 800
    code = vae.encode_one(model, x[3, ..., 0])
    thicker = vae.apply_direction(model, code, found.thickness, [0.0, 1.0])
    assert vae.ink(thicker[1:])[0] > vae.ink(thicker[:1])[0]
    slants = vae.slant(vae.apply_direction(model, code, found.slant, [-2.0, 0.0, 2.0]))
    assert slants[0] < slants[1] < slants[2]


# --- image search -------------------------------------------------------------------------------


def test_nearest_is_sorted_and_equals_brute_force():
    rng = np.random.default_rng(0)
    codes, query = rng.normal(size=(500, 8)).astype("float32"), rng.normal(size=8).astype("float32")
    indices, distances = search.nearest(codes, query, 20)
    brute = np.linalg.norm(codes - query, axis=1)
    np.testing.assert_array_equal(indices, np.argsort(brute, kind="stable")[:20])
    np.testing.assert_allclose(distances, np.sort(brute)[:20], rtol=1e-4)
    assert np.all(np.diff(distances) >= 0)
    with_norms = search.nearest(codes, query, 20, norms=search.squared_norms(codes))
    np.testing.assert_array_equal(with_norms[0], indices)
    excluded, _ = search.nearest(codes, query, 5, exclude=[indices[0]])
    assert indices[0] not in excluded and excluded[0] == indices[1]
    assert len(search.nearest(codes, query, 10_000)[0]) == 500
    assert len(search.nearest(codes, query, 0)[0]) == 0


def test_search_in_pixels_finds_the_image_itself_first(mnist_sample):
    x, y = mnist_sample.x_train[:1000], mnist_sample.y_train[:1000]
    index = search.encode_index(None, x)
    assert index.shape == (1000, 784) and np.shares_memory(index, x)
    result = search.search(None, index, y, x[10, ..., 0], 8, query_label=int(y[10]))
    assert result.indices[0] == 10 and result.distances[0] == pytest.approx(0, abs=1e-3)
    assert result.precision == pytest.approx(np.mean(y[result.indices] == y[10]))
    assert search.search(None, index, y, x[10, ..., 0], 8).precision is None
    left_out = search.search(None, index, y, x[10, ..., 0], 8, exclude=[10])
    assert 10 not in left_out.indices


def test_search_in_a_code_space(pca, mnist_sample):
    model = pca.truncated(20)
    x, y = mnist_sample.x_train[:1000], mnist_sample.y_train[:1000]
    index = search.encode_index(model, x)
    result = search.search(model, index, y, x[5, ..., 0], 10, query_label=int(y[5]))
    assert result.indices[0] == 5 and np.all(np.diff(result.distances) >= 0)
    assert result.labels.tolist() == y[result.indices].tolist()


# --- derived arrays on disk ---------------------------------------------------------------------


def test_derived_arrays_are_computed_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(derived.paths, "CACHE_DIR", tmp_path)
    calls = []

    def compute():
        calls.append(1)
        return {"codes": np.arange(6, dtype="float32").reshape(3, 2)}

    parts = {"what": "test", "model": "m", "sha256": "abc"}
    first = derived.cached_arrays(parts, compute)
    second = derived.cached_arrays(parts, compute)
    assert len(calls) == 1 and np.array_equal(first["codes"], second["codes"])
    assert not second["codes"].flags.writeable
    derived.cached_arrays({**parts, "sha256": "retrained"}, compute)
    assert len(calls) == 2


# --- the map figure -----------------------------------------------------------------------------


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
