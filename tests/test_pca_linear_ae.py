"""PCA and the linear autoencoder on toy sets: PCA by SVD, the principal angles to a linear AE
trained live, a nonlinear AE on a curve (ae_core.lab.pca_linear_ae, the worker's train_toy_ae in
ae_core.student_tasks, and the page)."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import student_tasks
from ae_core.jobs import JobCancelled
from ae_core.lab import pca_linear_ae
from ae_core.lab.pca_linear_ae import compare_linear_ae, mean_squared_distance, pca_by_svd, toy_data
from ae_core.models.pca import PCA
from pages.common import i18n
from tests.apptest_support import app_test, open_page, texts, tr, wait_for
from tests.task_support import FakeProgress, assert_reports_often

# --- ae_core.lab.pca_linear_ae ------------------------------------------------------------------


@pytest.mark.parametrize("name, shape", [("cloud2d", (100, 2)), ("ellipse3d", (60, 3)), ("arc3d", (300, 3)),
                                         ("scurve3d", (600, 3))])
def test_toy_sets_have_their_shape_and_are_seeded(name, shape):
    x = pca_linear_ae.toy_data(name)
    assert x.shape == shape and x.dtype == np.float32 and np.isfinite(x).all()
    np.testing.assert_array_equal(x, pca_linear_ae.toy_data(name))
    assert not np.array_equal(x, pca_linear_ae.toy_data(name, seed=123))
    assert pca_linear_ae.toy_data(name, n=0).shape == (0, shape[1])
    assert len(pca_linear_ae.toy_data(name, n=10**9)) == pca_linear_ae.MAX_POINTS


def test_the_ellipse_is_geron_s_generator_call_for_call():
    rng = np.random.RandomState(4)
    angles = rng.rand(60) * 3 * np.pi / 2 - 0.5
    first = np.cos(angles) + np.sin(angles) / 2 + 0.1 * rng.randn(60) / 2
    np.testing.assert_allclose(pca_linear_ae.toy_data("ellipse3d")[:, 0], first, rtol=1e-6)


def test_unknown_toy_set_is_refused():
    with pytest.raises(ValueError):
        pca_linear_ae.toy_data("moons")


@pytest.mark.parametrize("name", ["cloud2d", "ellipse3d"])
def test_pca_by_svd_matches_the_zoo_pca_and_its_error_is_the_dropped_variance(name):
    x = pca_linear_ae.toy_data(name)
    d = x.shape[1]
    for k in range(1, d + 1):
        result = pca_linear_ae.pca_by_svd(x, k)
        zoo_pca = PCA(n_components=k).fit(x)
        np.testing.assert_allclose(np.abs(result.loadings[:k]), np.abs(zoo_pca.components_), atol=1e-5)
        np.testing.assert_allclose(result.recovered, zoo_pca.reconstruct(x), atol=1e-5)
        dropped = result.explained_variance[k:].sum() * (len(x) - 1) / len(x)
        assert result.error == pytest.approx(dropped, abs=1e-9)
        assert result.explained_variance_ratio.sum() == pytest.approx(1.0)
    assert pca_linear_ae.pca_by_svd(x, d).error == pytest.approx(0.0, abs=1e-10)
    np.testing.assert_allclose(result.loadings @ result.loadings.T, np.eye(d), atol=1e-10)


def test_principal_angles_of_identical_and_of_orthogonal_subspaces():
    basis = np.linalg.qr(np.random.default_rng(0).standard_normal((3, 2)))[0].T  # (2, 3) orthonormal rows
    np.testing.assert_allclose(pca_linear_ae.principal_angles(basis, basis), 0.0, atol=1e-6)
    mixed = np.array([[2.0, 1.0], [-0.5, 3.0]]) @ basis  # another basis of the same plane
    np.testing.assert_allclose(pca_linear_ae.principal_angles(mixed, basis), 0.0, atol=1e-6)
    normal = np.cross(basis[0], basis[1])
    assert pca_linear_ae.principal_angles(normal, basis[:1]) == pytest.approx([90.0])


def test_a_decoder_spanning_pca_s_plane_compares_as_the_same_subspace():
    x = pca_linear_ae.toy_data("ellipse3d")
    pca = pca_linear_ae.pca_by_svd(x, 2)
    kernel = np.array([[1.0, 2.0], [0.3, -1.0]]) @ pca.loadings[:2]  # any basis of PCA's plane
    comparison = pca_linear_ae.compare_linear_ae(x, kernel, pca.recovered)
    np.testing.assert_allclose(comparison.angles, 0.0, atol=1e-5)
    assert comparison.ae_error == pytest.approx(comparison.pca_error)
    tilted = pca_linear_ae.compare_linear_ae(x, pca.loadings[[0, 2]], pca.recovered)
    assert tilted.angles.max() == pytest.approx(90.0)


def test_code_grids_and_pca_s_line():
    assert pca_linear_ae.code_grid(np.arange(10.0)[:, None]).shape == (120, 1)
    assert pca_linear_ae.code_grid(np.random.default_rng(0).random((10, 2)), steps=7).shape == (49, 2)
    with pytest.raises(ValueError):
        pca_linear_ae.code_grid(np.zeros((4, 3)))
    x = pca_linear_ae.toy_data("cloud2d")
    pca = pca_linear_ae.pca_by_svd(x, 1)
    line = pca_linear_ae.pca_manifold(pca)
    assert line.shape == (120, 2)
    np.testing.assert_allclose(pca_linear_ae.principal_angles(line[-1] - line[0], pca.loadings[:1]), 0.0, atol=1e-5)


# --- the worker's task: ae_core.student_tasks.train_toy_ae --------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("dataset, k", [("ellipse3d", 2), ("cloud2d", 1)])
def test_the_linear_ae_finds_pca_s_subspace(dataset, k):
    progress = FakeProgress()
    result = student_tasks.train_toy_ae(progress, dataset=dataset, latent_dim=k, kind="linear", seed=0)
    x = toy_data(dataset)
    comparison = compare_linear_ae(x, result["weights"]["decoder_kernel"], result["recovered"])
    assert comparison.angles.shape == (k,)
    assert comparison.angles.max() < 3.0, comparison.angles
    assert comparison.pca_error <= comparison.ae_error < 1.2 * comparison.pca_error
    assert result["settings"] == {"dataset": dataset, "latent_dim": k, "kind": "linear", "epochs": 20, "seed": 0}
    assert len(result["history"]["loss"]) == 20
    assert result["codes"].shape == (len(x), k) and result["recovered"].shape == x.shape
    assert result["manifold"].shape == ((120, 2) if k == 1 else (625, 3))
    assert_reports_often(progress)


@pytest.mark.slow
def test_the_nonlinear_ae_follows_the_curve_that_pca_cannot():
    progress = FakeProgress()
    result = student_tasks.train_toy_ae(progress, dataset="arc3d", latent_dim=1, kind="nonlinear", epochs=20, seed=0)
    x = toy_data("arc3d")
    ae_error, pca_error = mean_squared_distance(x, result["recovered"]), pca_by_svd(x, 1).error
    assert ae_error < pca_error / 5, (ae_error, pca_error)
    assert "weights" not in result and result["manifold"].shape == (120, 3)
    assert_reports_often(progress)


@pytest.mark.slow
def test_cancelling_stops_the_toy_training():
    with pytest.raises(JobCancelled):
        student_tasks.train_toy_ae(FakeProgress(cancel_after=3), dataset="ellipse3d", latent_dim=2, kind="linear", epochs=60)


@pytest.mark.slow
def test_toy_training_requests_are_checked_and_clamped_to_the_caps():
    with pytest.raises(ValueError):
        student_tasks.train_toy_ae(FakeProgress(), dataset="ellipse3d", kind="deep")
    with pytest.raises(ValueError):
        student_tasks.train_toy_ae(FakeProgress(), dataset="moons")
    result = student_tasks.train_toy_ae(FakeProgress(), dataset="cloud2d", latent_dim=7, kind="linear", epochs=0)
    assert result["settings"]["latent_dim"] == 1 and result["settings"]["epochs"] == pca_linear_ae.TOY_LIMITS["epochs"][0]


# --- the page -----------------------------------------------------------------------------------


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_pca_numbers_follow_the_toy_set_and_k(lang):
    at = open_page("pca_linear_ae", lang)
    x = pca_linear_ae.toy_data("ellipse3d")
    result = pca_linear_ae.pca_by_svd(x, 2)
    error = lambda value: f"**{i18n.number(value, '.4f', lang)}**"  # noqa: E731 (Spanish "0,0102")
    assert error(result.error) in texts(at)
    loadings = at.dataframe[0].value
    np.testing.assert_allclose(loadings.iloc[:, :3].to_numpy(), result.loadings, atol=1e-6)
    at.slider(key="pcalin_k_ellipse3d").set_value(3).run()
    assert tr("pcalin_k_full", lang, d=3) in texts(at)
    assert tr("pcalin_linear_needs_k", lang, d=3) in texts(at)
    at.segmented_control(key="pcalin_set").set_value("cloud2d").run()
    assert not at.exception
    cloud = pca_linear_ae.pca_by_svd(pca_linear_ae.toy_data("cloud2d"), 1)
    assert error(cloud.error) in texts(at)
    curve = pca_linear_ae.pca_by_svd(pca_linear_ae.toy_data("arc3d"), 1)
    assert error(curve.error) in texts(at)


@app_test
def test_the_linear_ae_trained_live_matches_pca_s_subspace():
    at = open_page("pca_linear_ae", "en")
    at.button(key="pcalin_linear_job_start").click().run()
    assert not at.exception
    job = at.session_state["pcalin_linear_job"]
    assert wait_for(job) == "done"
    at.run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    angle = float(metrics[tr("pcalin_angle", "en")].rstrip("°"))
    assert angle < 5.0
    pca_error = float(metrics[tr("pcalin_pca_error", "en")])
    assert pca_error == pytest.approx(pca_linear_ae.pca_by_svd(pca_linear_ae.toy_data("ellipse3d"), 2).error, abs=1e-4)
    assert float(metrics[tr("pcalin_ae_error", "en")]) < 1.2 * pca_error
    assert "the same subspace as PCA" in texts(at)
