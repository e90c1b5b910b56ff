"""The lesson pages' computations (ae_core.lab: pca_linear, compression, sparse, tied, recurrent).

No Keras here: the served models are numpy programs built by hand with random weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from ae_core.lab import compression, pca_linear, recurrent, sparse, tied
from ae_core.models.pca import PCA
from ae_core.serving import ServingModel

# --- lesson 1: toy data, PCA by SVD, principal angles ----------------------------------------


@pytest.mark.parametrize("name, shape", [("cloud2d", (100, 2)), ("ellipse3d", (60, 3)), ("arc3d", (300, 3)),
                                         ("scurve3d", (600, 3))])
def test_toy_sets_have_their_shape_and_are_seeded(name, shape):
    x = pca_linear.toy_data(name)
    assert x.shape == shape and x.dtype == np.float32 and np.isfinite(x).all()
    np.testing.assert_array_equal(x, pca_linear.toy_data(name))
    assert not np.array_equal(x, pca_linear.toy_data(name, seed=123))
    assert pca_linear.toy_data(name, n=0).shape == (0, shape[1])
    assert len(pca_linear.toy_data(name, n=10**9)) == pca_linear.MAX_POINTS


def test_the_ellipse_is_geron_s_generator_call_for_call():
    rng = np.random.RandomState(4)
    angles = rng.rand(60) * 3 * np.pi / 2 - 0.5
    first = np.cos(angles) + np.sin(angles) / 2 + 0.1 * rng.randn(60) / 2
    np.testing.assert_allclose(pca_linear.toy_data("ellipse3d")[:, 0], first, rtol=1e-6)


def test_unknown_toy_set_is_refused():
    with pytest.raises(ValueError):
        pca_linear.toy_data("moons")


@pytest.mark.parametrize("name", ["cloud2d", "ellipse3d"])
def test_pca_by_svd_matches_the_zoo_pca_and_its_error_is_the_dropped_variance(name):
    x = pca_linear.toy_data(name)
    d = x.shape[1]
    for k in range(1, d + 1):
        result = pca_linear.pca_by_svd(x, k)
        zoo_pca = PCA(n_components=k).fit(x)
        np.testing.assert_allclose(np.abs(result.loadings[:k]), np.abs(zoo_pca.components_), atol=1e-5)
        np.testing.assert_allclose(result.recovered, zoo_pca.reconstruct(x), atol=1e-5)
        dropped = result.explained_variance[k:].sum() * (len(x) - 1) / len(x)
        assert result.error == pytest.approx(dropped, abs=1e-9)
        assert result.explained_variance_ratio.sum() == pytest.approx(1.0)
    assert pca_linear.pca_by_svd(x, d).error == pytest.approx(0.0, abs=1e-10)
    np.testing.assert_allclose(result.loadings @ result.loadings.T, np.eye(d), atol=1e-10)


def test_principal_angles_of_identical_and_of_orthogonal_subspaces():
    basis = np.linalg.qr(np.random.default_rng(0).standard_normal((3, 2)))[0].T  # (2, 3) orthonormal rows
    np.testing.assert_allclose(pca_linear.principal_angles(basis, basis), 0.0, atol=1e-6)
    mixed = np.array([[2.0, 1.0], [-0.5, 3.0]]) @ basis  # another basis of the same plane
    np.testing.assert_allclose(pca_linear.principal_angles(mixed, basis), 0.0, atol=1e-6)
    normal = np.cross(basis[0], basis[1])
    assert pca_linear.principal_angles(normal, basis[:1]) == pytest.approx([90.0])


def test_a_decoder_spanning_pca_s_plane_compares_as_the_same_subspace():
    x = pca_linear.toy_data("ellipse3d")
    pca = pca_linear.pca_by_svd(x, 2)
    kernel = np.array([[1.0, 2.0], [0.3, -1.0]]) @ pca.loadings[:2]  # any basis of PCA's plane
    comparison = pca_linear.compare_linear_ae(x, kernel, pca.recovered)
    np.testing.assert_allclose(comparison.angles, 0.0, atol=1e-5)
    assert comparison.ae_error == pytest.approx(comparison.pca_error)
    tilted = pca_linear.compare_linear_ae(x, pca.loadings[[0, 2]], pca.recovered)
    assert tilted.angles.max() == pytest.approx(90.0)


def test_code_grids_and_pca_s_line():
    assert pca_linear.code_grid(np.arange(10.0)[:, None]).shape == (120, 1)
    assert pca_linear.code_grid(np.random.default_rng(0).random((10, 2)), steps=7).shape == (49, 2)
    with pytest.raises(ValueError):
        pca_linear.code_grid(np.zeros((4, 3)))
    x = pca_linear.toy_data("cloud2d")
    pca = pca_linear.pca_by_svd(x, 1)
    line = pca_linear.pca_manifold(pca)
    assert line.shape == (120, 2)
    np.testing.assert_allclose(pca_linear.principal_angles(line[-1] - line[0], pca.loadings[:1]), 0.0, atol=1e-5)


# --- lesson 2: compression grid --------------------------------------------------------------


def grid_manifest(errors: dict) -> dict:
    """A manifest's models for the grid: {(size, pair): squared error}."""
    return {compression.grid_name(s, *p): {"params": 785 * s + 784 * s + s, "test_metrics": {"squared_error": e, "bce": 2 * e}}
            for (s, p), e in errors.items()}


def test_the_grid_constants_match_the_model_file():
    """ae_core.models.dense_ae registers the grid (it imports Keras: read its constants as text)."""
    import ast
    from pathlib import Path

    source = (Path(compression.__file__).parents[1] / "models" / "dense_ae.py").read_text()
    constants = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(source).body
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "").startswith("GRID_")}
    assert constants["GRID_SIZES"] == compression.SIZES
    assert constants["GRID_ACTIVATIONS"] == compression.PAIRS
    assert 'f"shallow_{latent_dim}_{encoder_activation}_{decoder_activation}"' in source


def test_manifest_cells_and_the_relu_decoder_verdict():
    errors = {(s, p): (60.0 if p == ("sigmoid", "relu") else 30.0 - 0.1 * (p[0] == "relu")) / np.log2(s + 1)
              for s in compression.SIZES for p in compression.PAIRS}
    cells = compression.manifest_cells(grid_manifest(errors))
    assert len(cells) == 12 and cells[0].size == 2 and cells[-1].size == 64
    assert cells[0].mse == pytest.approx(cells[0].squared_error / 784)
    verdict = compression.relu_decoder_verdict(cells)
    assert (verdict.relu_worst, verdict.sizes) == (4, 4) and verdict.ratio == pytest.approx(2.0)
    assert set(compression.worst_pair_by_size(cells).values()) == {"sigmoid/relu"}
    partial = compression.manifest_cells(grid_manifest({k: v for k, v in errors.items() if k[0] != 8}))
    assert compression.relu_decoder_verdict(partial).sizes == 3
    assert compression.relu_decoder_verdict([]).ratio is None


def test_rate_distortion_of_pca_falls_with_the_code_size(digits, mnist_sample):
    pca = PCA().fit(mnist_sample.x_train[::20])  # 250 digits of every class
    measured = compression.measure_cells({"pca": pca}, digits)
    series = compression.rate_distortion(measured)
    sizes, errors = series["pca/pca"]
    assert sizes == list(compression.SIZES)
    assert all(a > b for a, b in zip(errors, errors[1:]))  # more code, less error
    rows = compression.comparison_rows(compression.pca_cells({"test_metrics": {"squared_error_k8": 1.5, "bce_k8": 9.0}}),
                                       measured)
    assert [r["size"] for r in rows] == list(compression.SIZES)
    assert rows[1]["test_squared_error"] == 1.5 and rows[1]["test_bce"] == 9.0 and rows[0]["test_squared_error"] is None
    assert rows[2]["measured_squared_error"] == pytest.approx(errors[2])
    assert rows[0]["params"] == 784 * 2 + 784
    empty = compression.measure_cells({"pca": pca}, digits[:0])
    assert all(c.squared_error is None for c in empty)


def test_reconstructions_and_digit_errors(digits):
    pca = PCA().fit(digits)
    images = compression.reconstructions(pca, digits[:3], size=8)
    assert images.shape == (3, 28, 28) and images.min() >= 0 and images.max() <= 1
    errors = compression.digit_errors({"pca": pca}, digits[0, ..., 0])
    assert set(errors) == {(s, "PCA") for s in compression.SIZES}
    assert errors[(2, "PCA")] > errors[(64, "PCA")]


# --- lesson 3: sparse codes and features -----------------------------------------------------


def test_activity_statistics():
    codes = np.array([[0.0, 0.5, 0.9, 0.01], [0.0, 0.0, 0.95, 0.02]])
    np.testing.assert_allclose(sparse.active_fraction(codes, 0.1), [0.5, 0.25])
    summary = sparse.sparsity_summary(codes, 0.1)
    assert summary.units == 4 and summary.dead_units == 2 and summary.mean_active == pytest.approx(0.375)
    assert sparse.sparsity_summary(codes, 1.0).mean_active == 0.0
    assert list(sparse.most_used_units(codes, 0.1, 2)) == [2, 1]
    assert list(sparse.strongest_units(codes[0], 3)) == [2, 1, 3]
    shares, edges = sparse.histogram(codes, 10, (0.0, 1.0))
    assert shares.sum() == pytest.approx(1.0) and len(edges) == 11
    assert sparse.active_fraction(-codes, 0.1).tolist() == [0.5, 0.25]  # linear codes count by |z|


def test_feature_images_have_digit_shape_and_grey_zero():
    kernel = np.random.default_rng(0).standard_normal((300, 784)).astype("float32")
    kernel[5] = 0.0
    images = sparse.feature_images(kernel, [0, 5, 299])
    assert images.shape == (3, 28, 28) and images.min() >= 0.0 and images.max() <= 1.0
    np.testing.assert_allclose(images[1], 0.5)
    assert images[0].max() == pytest.approx(1.0) or images[0].min() == pytest.approx(0.0)
    assert sparse.feature_images(kernel, []).shape == (0, 28, 28)


# --- lesson 4: tied weights ------------------------------------------------------------------


def test_parameter_formula_matches_keras_counts_and_halves():
    untied = tied.dense_parameters([784, 512, 256, 128, 30], tied=False)
    tied_counts = tied.dense_parameters([784, 512, 256, 128, 30], tied=True)
    assert untied["total"] == 1_140_782  # DenseAE(hidden_units=(512, 256, 128), latent_dim=30).count_params()
    assert tied_counts["total"] == 571_694  # TiedAE of the same shape
    assert tied_counts["decoder_kernels"] == 0
    assert 0.49 < tied_counts["total"] / untied["total"] < 0.51


def dense_program(widths, tied_weights: bool, seed=0):
    rng = np.random.default_rng(seed)
    arrays, encoder, decoder = {}, [{"op": "flatten"}], []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        arrays[f"e{i}/k"], arrays[f"e{i}/b"] = rng.standard_normal((a, b)), np.zeros(b)
        encoder.append({"op": "dense", "activation": "relu", "kernel": f"e{i}/k", "bias": f"e{i}/b"})
    for i, (a, b) in enumerate(zip(widths[::-1][:-1], widths[::-1][1:])):
        source = f"e{len(widths) - 2 - i}/k"
        arrays[f"d{i}/k"] = arrays[source].T.copy() if tied_weights else rng.standard_normal((a, b))
        arrays[f"d{i}/b"] = np.zeros(b)
        decoder.append({"op": "dense", "activation": "sigmoid", "kernel": f"d{i}/k", "bias": f"d{i}/b"})
    decoder.append({"op": "reshape", "shape": [28, 28, 1]})
    program = {"format": 1, "name": "toy", "kind": "autoencoder", "latent_dim": widths[-1],
               "encoder": encoder, "decoder": decoder}
    return ServingModel(program, arrays)


def test_mirror_difference_and_encoder_filters():
    tied_model, untied_model = dense_program([784, 20, 5], True), dense_program([784, 20, 5], False)
    assert tied.mirror_difference(tied_model) == 0.0
    assert tied.mirror_difference(untied_model) > 0.1
    filters = tied.encoder_filters(tied_model, 8)
    assert filters.shape == (8, 28, 28) and 0 <= filters.min() and filters.max() <= 1
    assert tied.encoder_filters(tied_model, 10_000).shape == (20, 28, 28)
    assert tied.encoder_filters(tied_model, 0).shape == (0, 28, 28)
    assert tied.first_layer_units(tied_model) == 20


# --- lesson 5: the recurrent AE, row by row --------------------------------------------------


def lstm_arrays(rng, prefix, inputs, units):
    return {f"{prefix}/kernel": 0.3 * rng.standard_normal((inputs, 4 * units)),
            f"{prefix}/recurrent": 0.3 * rng.standard_normal((units, 4 * units)),
            f"{prefix}/bias": 0.1 * rng.standard_normal(4 * units)}


def lstm_op(prefix, units, sequences):
    return {"op": "lstm", "units": units, "return_sequences": sequences, "activation": "tanh",
            "recurrent_activation": "sigmoid", "kernel": f"{prefix}/kernel", "recurrent": f"{prefix}/recurrent",
            "bias": f"{prefix}/bias"}


@pytest.fixture(scope="module")
def recurrent_model():
    """RecurrentAE's exported program (units 16, code 6) with random weights."""
    rng = np.random.default_rng(0)
    units, code = 16, 6
    arrays = {**lstm_arrays(rng, "enc", 28, units), **lstm_arrays(rng, "dec", code, units),
              "code/kernel": rng.standard_normal((units, code)), "code/bias": rng.standard_normal(code),
              "row/kernel": rng.standard_normal((units, 28)), "row/bias": rng.standard_normal(28)}
    program = {
        "format": 1, "name": "recurrent_toy", "kind": "autoencoder", "latent_dim": code,
        "encoder": [{"op": "reshape", "shape": [28, 28]}, lstm_op("enc", units, False),
                    {"op": "dense", "activation": "linear", "kernel": "code/kernel", "bias": "code/bias"}],
        "decoder": [{"op": "repeat", "n": 28}, lstm_op("dec", units, True),
                    {"op": "dense", "activation": "sigmoid", "kernel": "row/kernel", "bias": "row/bias"},
                    {"op": "reshape", "shape": [28, 28, 1]}],
    }
    return ServingModel(program, arrays)


def test_causal_writing_equals_the_full_decode_s_rows(recurrent_model, digits):
    code = recurrent_model.encode(digits[:1])[0]
    full = recurrent_model.decode(code[None])[0, ..., 0]
    for steps in (0, 1, 5, 13, 28):
        rows = recurrent.write_rows(recurrent_model, code, steps)
        assert rows.shape == (steps, 28)
        np.testing.assert_allclose(rows, full[:steps], atol=1e-6)
    np.testing.assert_allclose(recurrent.write_rows(recurrent_model, code, 99), full, atol=1e-6)


def test_reading_all_rows_gives_the_code_and_frames_are_consistent(recurrent_model, digits):
    digit = digits[3, ..., 0]
    np.testing.assert_allclose(recurrent.read_rows(recurrent_model, digit, 28),
                               recurrent_model.encode(digits[3:4])[0], atol=1e-5)
    partial = recurrent.read_rows(recurrent_model, digit, 7)
    assert partial.shape == (6,) and not np.allclose(partial, recurrent.read_rows(recurrent_model, digit, 28))
    for steps in (0, 7, 28):
        shown = recurrent.frame(recurrent_model, digit, steps)
        np.testing.assert_array_equal(shown.read[:steps], digit[:steps])
        assert not shown.read[steps:].any() and not shown.written[steps:].any()
        assert shown.row_error.shape == (steps,)
    full = recurrent.frame(recurrent_model, digit, 28)
    np.testing.assert_allclose(full.written, np.clip(recurrent_model.reconstruct(digits[3:4])[0, ..., 0], 0, 1), atol=1e-6)
    np.testing.assert_allclose(full.written, full.from_partial, atol=1e-6)


def test_a_model_that_is_not_recurrent_is_refused():
    with pytest.raises(ValueError):
        recurrent.write_rows(dense_program([784, 8, 4], True), np.zeros(4), 3)


def test_histogram_panels_break_model_titles_after_the_comma():
    from ae_core.figures import histogram_panels

    edges = np.linspace(0.0, 1.0, 5)
    shares = np.array([0.5, 0.2, 0.2, 0.1])
    fig = histogram_panels({"Sparse AE (L1), 300 units": (shares, edges), "PCA": (shares, edges)}, "activation", "share")
    assert [a.text for a in fig.layout.annotations] == ["Sparse AE (L1),<br>300 units", "PCA"]
    assert len(fig.data) == 2 and fig.layout.yaxis.type == "log"
