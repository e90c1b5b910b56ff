"""PCA: numpy only, the autoencoders' interface, exact inverse at full rank."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core.models.pca import PCA
from ae_core.registry import build_model, get_spec, list_models


@pytest.fixture(scope="module")
def vectors():
    """400 correlated 10-d vectors: more samples than dimensions, so the fit has full rank."""
    rng = np.random.default_rng(0)
    return (rng.standard_normal((400, 10)) @ rng.standard_normal((10, 10))).astype("float32")


@pytest.fixture(scope="module")
def fitted(vectors):
    return PCA().fit(vectors)


def test_every_pca_preset_builds_an_unfitted_pca():
    names = list_models(kind="pca")
    assert "pca" in names
    for name in names:
        model = build_model(name)
        assert isinstance(model, PCA) and get_spec(name).load_class() is PCA
        assert get_spec(name).model_class == "ae_core.models.pca.PCA"
        assert not hasattr(model, "components_")


def test_fit_shapes_and_attributes(fitted, vectors):
    assert fitted.latent_dim == 10
    assert fitted.components_.shape == (10, 10)
    assert fitted.mean_.shape == (10,)
    np.testing.assert_allclose(fitted.mean_, vectors.mean(axis=0), atol=1e-5)
    assert np.all(np.diff(fitted.explained_variance_) <= 1e-6)  # sorted, largest first
    projected = vectors @ fitted.components_.T
    np.testing.assert_allclose(fitted.explained_variance_, np.var(projected, axis=0, ddof=1), rtol=1e-3)


def test_components_are_orthonormal(fitted):
    gram = fitted.components_ @ fitted.components_.T
    np.testing.assert_allclose(gram, np.eye(10), atol=1e-5)


def test_explained_variance_ratio_sums_to_one_at_full_rank(fitted):
    assert float(fitted.explained_variance_ratio_.sum()) == pytest.approx(1.0, abs=1e-5)


def test_encode_decode_is_the_identity_at_full_rank(fitted):
    fresh = np.random.default_rng(1).standard_normal((20, 10)).astype("float32")  # unseen data
    z = fitted.encode(fresh)
    assert z.shape == (20, 10)
    np.testing.assert_allclose(fitted.decode(z), fresh, atol=1e-5)


def test_images_keep_their_layout_and_reconstruct_exactly(digits):
    pca = PCA().fit(digits)  # 32 images: their own span holds them exactly
    z = pca.encode(digits)
    assert z.shape == (32, 32)
    rebuilt = pca.reconstruct(digits)
    assert rebuilt.shape == digits.shape
    np.testing.assert_allclose(rebuilt, digits, atol=1e-5)


def test_truncated_is_a_prefix_of_the_fit(fitted, vectors):
    small = fitted.truncated(3)
    assert small.latent_dim == 3
    np.testing.assert_array_equal(small.components_, fitted.components_[:3])
    np.testing.assert_allclose(small.encode(vectors), fitted.encode(vectors)[:, :3], atol=1e-5)
    errors = [np.sum((fitted.truncated(k).reconstruct(vectors) - vectors) ** 2) for k in range(1, 11)]
    assert all(a >= b - 1e-3 for a, b in zip(errors, errors[1:])), errors  # more components, less error
    assert fitted.truncated(0).latent_dim == 1 and fitted.truncated(99).latent_dim == 10  # clipped


def test_n_components_keeps_the_first_components(vectors, fitted):
    two = PCA(n_components=2).fit(vectors)
    np.testing.assert_allclose(two.components_, fitted.components_[:2], atol=1e-5)
    assert two.explained_variance_ratio_.sum() < 1.0


def test_fit_is_deterministic_and_read_only(vectors):
    a, b = PCA().fit(vectors), PCA().fit(vectors[::-1].copy())  # sign convention fixes each axis
    np.testing.assert_allclose(a.components_, b.components_, atol=1e-4)
    with pytest.raises(ValueError):
        a.components_[0, 0] = 1.0


def test_save_and_load_round_trip(fitted, vectors, tmp_path):
    path = tmp_path / "pca.npz"
    fitted.save(path)
    loaded = PCA.load(path)
    np.testing.assert_array_equal(loaded.components_, fitted.components_)
    np.testing.assert_array_equal(loaded.reconstruct(vectors[:5]), fitted.reconstruct(vectors[:5]))
    assert loaded.count_params() == fitted.count_params() == 10 + 100
