"""Image search: the training images nearest to a query, in a model's code or in pixels
(ae_core.lab.image_search and the page, with MNIST and with Fashion-MNIST)."""

import re

import numpy as np
import pytest

from ae_core import zoo
from ae_core.data import load_mnist
from ae_core.lab import image_search
from ae_core.models.pca import PCA
from ae_core.preprocess import digit_from_canvas
from tests import apptest_support
from tests.apptest_support import app_test, canvas_payload, open_page, stroke_rgba, texts, tr

DISTANCE = re.compile(r"^(?:distance|distancia) (\d+[.,]\d\d)$")  # "distance 5.30", Spanish "distancia 5,30"


@pytest.fixture(scope="module")
def pca(mnist_sample):
    return PCA(n_components=50).fit(mnist_sample.x_train[:2000])


# --- ae_core.lab.image_search -------------------------------------------------------------------


def test_nearest_is_sorted_and_equals_brute_force():
    rng = np.random.default_rng(0)
    codes, query = rng.normal(size=(500, 8)).astype("float32"), rng.normal(size=8).astype("float32")
    indices, distances = image_search.nearest(codes, query, 20)
    brute = np.linalg.norm(codes - query, axis=1)
    np.testing.assert_array_equal(indices, np.argsort(brute, kind="stable")[:20])
    np.testing.assert_allclose(distances, np.sort(brute)[:20], rtol=1e-4)
    assert np.all(np.diff(distances) >= 0)
    with_norms = image_search.nearest(codes, query, 20, norms=image_search.squared_norms(codes))
    np.testing.assert_array_equal(with_norms[0], indices)
    excluded, _ = image_search.nearest(codes, query, 5, exclude=[indices[0]])
    assert indices[0] not in excluded and excluded[0] == indices[1]
    assert len(image_search.nearest(codes, query, 10_000)[0]) == 500
    assert len(image_search.nearest(codes, query, 0)[0]) == 0


def test_search_in_pixels_finds_the_image_itself_first(mnist_sample):
    x, y = mnist_sample.x_train[:1000], mnist_sample.y_train[:1000]
    index = image_search.encode_index(None, x)
    assert index.shape == (1000, 784) and np.shares_memory(index, x)
    result = image_search.search(None, index, y, x[10, ..., 0], 8, query_label=int(y[10]))
    assert result.indices[0] == 10 and result.distances[0] == pytest.approx(0, abs=1e-3)
    assert result.precision == pytest.approx(np.mean(y[result.indices] == y[10]))
    assert image_search.search(None, index, y, x[10, ..., 0], 8).precision is None
    left_out = image_search.search(None, index, y, x[10, ..., 0], 8, exclude=[10])
    assert 10 not in left_out.indices


def test_search_in_a_code_space(pca, mnist_sample):
    model = pca.truncated(20)
    x, y = mnist_sample.x_train[:1000], mnist_sample.y_train[:1000]
    index = image_search.encode_index(model, x)
    result = image_search.search(model, index, y, x[5, ..., 0], 10, query_label=int(y[5]))
    assert result.indices[0] == 5 and np.all(np.diff(result.distances) >= 0)
    assert result.labels.tolist() == y[result.indices].tolist()


def test_index_codes_hold_every_training_image_pca_with_its_first_components(pca, mnist_sample):
    index = image_search.index_codes(pca.truncated(20), mnist_sample)["codes"]
    assert index.shape == (mnist_sample.n_train, 20)
    np.testing.assert_allclose(index[:5], pca.truncated(20).encode(mnist_sample.x_train[:5]), atol=1e-5)
    full = PCA(n_components=120).fit(mnist_sample.x_train[:2000])
    capped = image_search.index_codes(full, mnist_sample)["codes"]
    assert capped.shape == (mnist_sample.n_train, image_search.SEARCH_PCA_COMPONENTS)  # the page's k slices it


def test_the_pixel_index_is_a_view_with_its_norms(mnist_sample):
    pixels = image_search.pixel_index(mnist_sample)
    assert pixels["pixels"].shape == (mnist_sample.n_train, 784)
    assert np.shares_memory(pixels["pixels"], mnist_sample.x_train)
    np.testing.assert_allclose(pixels["norms"], image_search.squared_norms(pixels["pixels"]))
    query = mnist_sample.x_train[7, ..., 0]
    with_norms = image_search.search(None, pixels["pixels"], mnist_sample.y_train, query, 5, norms=pixels["norms"])
    assert with_norms.indices[0] == 7


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(use_keras=False)


def distances(at):
    """The distances on the result cards: the search in the code, then in pixels."""
    found = []
    for key in ("search_code", "search_pixels"):
        for _, lines in apptest_support.cards(at, key):
            matches = [DISTANCE.match(line) for line in lines]
            found += [float(m.group(1).replace(",", ".")) for m in matches if m]
    return found


@app_test
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
    codes, pixels = image_search.encode_index(model, mnist.x_train), image_search.encode_index(None, mnist.x_train)
    in_code = image_search.search(model, codes, mnist.y_train, digit, 10, label, exclude=[0])
    in_pixels = image_search.search(None, pixels, mnist.y_train, digit, 10, label, exclude=[0])
    found = distances(at)
    assert found[:10] == [round(d, 2) for d in in_code.distances]
    assert found[10:] == [round(d, 2) for d in in_pixels.distances]
    assert found[:10] == sorted(found[:10]) and found[10:] == sorted(found[10:])
    for result, key in ((in_code, "search_code"), (in_pixels, "search_pixels")):
        hits = int(round(result.precision * 10))
        assert tr("search_precision", lang, k=10, value=result.precision, hits=hits) in shown
        # Each card: the result's label, whether it is the query's, its distance.
        cards = apptest_support.cards(at, key)
        assert [title for title, _ in cards] == [str(int(y)) for y in result.labels]
        same = [lines[0] == tr("search_same", lang) for _, lines in cards]
        assert same == [int(y) == label for y in result.labels] and sum(same) == hits


@app_test
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


@app_test
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


@app_test
def test_with_fashion_the_query_is_labelled_by_the_picked_image_s_true_label(fashion):
    at = open_page("image_search", "en", run=False)
    at.session_state["data"] = "fashion_mnist"
    at.session_state["search_input_mode"] = "pick"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    label = fashion.y_test[0]
    names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    assert f"Query label: **{names[label]}** (the picked image's true label)." in texts(at)
    assert "Searching 60,000 training images" in texts(at)  # numbers as English writes them
