"""The pretrained zoo on disk: manifest, checked files, the serving cache and loading by name.

Everything runs in temporary folders except the last test, which checks the committed
``pretrained/`` folder (skipped while it does not exist yet).
"""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import zoo
from ae_core.models.pca import PCA
from ae_core.serving import ServingModel

TINY = "shallow_2_sigmoid_sigmoid"  # the smallest registered Keras model


@pytest.fixture
def zoo_dir(tmp_path, monkeypatch):
    """An empty pretrained folder and an empty serving cache, both temporary."""
    monkeypatch.setattr(zoo, "CACHE_DIR", tmp_path / "cache")
    directory = tmp_path / "pretrained"
    directory.mkdir()
    return directory


def add_file(directory, name, filename, content: bytes | None = None, sha256=None):
    """List ``filename`` in the manifest (writing ``content`` first, if given)."""
    if content is not None:
        (directory / filename).write_bytes(content)
    if sha256 is None:
        sha256 = zoo.sha256_of(directory / filename)
    manifest = zoo.read_manifest(directory)
    manifest["models"][name] = {"file": filename, "sha256": sha256}
    zoo.write_manifest(manifest, directory)


def problem_of(call) -> zoo.WeightsProblem:
    with pytest.raises(zoo.WeightsProblem) as info:
        call()
    return info.value


# --- without Keras --------------------------------------------------------------------------


def test_an_empty_folder_has_an_empty_manifest(zoo_dir):
    assert zoo.read_manifest(zoo_dir) == {"models": {}}


def test_unlisted(zoo_dir):
    problem = problem_of(lambda: zoo.load_pretrained("nobody", zoo_dir))
    assert problem.code == "unlisted" and problem.name == "nobody"
    assert "python -m ae_core.train_zoo nobody" in str(problem)


def test_missing(zoo_dir):
    add_file(zoo_dir, "gone", "gone.keras", sha256="0" * 64)
    problem = problem_of(lambda: zoo.load_pretrained("gone", zoo_dir))
    assert problem.code == "missing"
    assert problem.command == "python -m ae_core.train_zoo gone" and problem.command in str(problem)


def test_mismatch(zoo_dir):
    add_file(zoo_dir, "swapped", "swapped.keras", b"the file the manifest lists")
    (zoo_dir / "swapped.keras").write_bytes(b"another file under the same name")
    problem = problem_of(lambda: zoo.load_pretrained("swapped", zoo_dir))
    assert problem.code == "mismatch"
    assert "python -m ae_core.train_zoo swapped" in str(problem)


def test_pca_loads_without_preparing(zoo_dir, digits):
    fitted = PCA(n_components=5).fit(digits)
    fitted.save(zoo_dir / "pca.npz")
    add_file(zoo_dir, "pca", "pca.npz")
    loaded = zoo.load_pretrained("pca", zoo_dir)
    assert isinstance(loaded, PCA) and loaded.latent_dim == 5
    np.testing.assert_array_equal(loaded.reconstruct(digits[:3]), fitted.reconstruct(digits[:3]))
    assert zoo.prepare(["pca"], zoo_dir, log=lambda _: None) == {"pca": "ok"}


def test_corrupt_pca_with_the_right_sha256(zoo_dir):
    add_file(zoo_dir, "pca", "pca.npz", b"PK\x03\x04 not really a zip")
    problem = problem_of(lambda: zoo.load_pretrained("pca", zoo_dir))
    assert problem.code == "corrupt" and "python -m ae_core.train_zoo pca" in str(problem)


def test_a_corrupt_serving_program_in_the_cache(zoo_dir):
    add_file(zoo_dir, "model", "model.keras", b"any bytes: the cache is keyed by their sha256")
    digest = zoo.sha256_of(zoo_dir / "model.keras")
    cached = zoo.serving_cache_path("model", digest)
    assert cached.parent.parent == zoo.CACHE_DIR
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"damaged")
    assert problem_of(lambda: zoo.load_pretrained("model", zoo_dir)).code == "corrupt"


def test_manifest_round_trip_keeps_unicode(zoo_dir):
    manifest = {"models": {"x": {"title": {"es": "Código", "en": "Code"}}}, "format": 1}
    zoo.write_manifest(manifest, zoo_dir)
    assert zoo.read_manifest(zoo_dir) == manifest
    assert "Código" in (zoo_dir / zoo.MANIFEST).read_text(encoding="utf-8")


def test_trained_models_are_the_registry_presets_the_manifest_lists():
    from ae_core.registry import list_models

    manifest = {"models": {"vae_2": {}, "pca": {}, "fault_ae": {}, "student_dense": {}}}
    # registry order, only zoo presets: an unregistered entry and a student preset are not served
    assert zoo.trained_models(manifest) == [n for n in list_models() if n in ("vae_2", "pca")]
    assert zoo.trained_models(manifest, kind="vae") == ["vae_2"]
    latent2d = [n for n in list_models(tag="latent2d") if n in ("vae_2", "pca")]
    assert zoo.trained_models(manifest, tag="latent2d") == latent2d
    assert zoo.trained_models(manifest, dataset="fashion_mnist") == []
    assert zoo.trained_models({"models": {}}) == []


# --- with Keras ------------------------------------------------------------------------------


@pytest.fixture
def tiny_keras(zoo_dir):
    from ae_core.registry import build_model

    model = build_model(TINY)
    model.save(zoo_dir / "tiny.keras")
    add_file(zoo_dir, "tiny", "tiny.keras")
    return model


@pytest.mark.slow
def test_load_pretrained_needs_prepare_then_serves(zoo_dir, tiny_keras, digits):
    with pytest.raises(zoo.NotPrepared, match="prepare"):
        zoo.load_pretrained("tiny", zoo_dir)
    logged = []
    assert zoo.prepare(None, zoo_dir, log=logged.append) == {"tiny": "ok"}
    assert logged == ["prepared tiny"]
    served = zoo.load_pretrained("tiny", zoo_dir)
    assert isinstance(served, ServingModel) and served.name == "tiny"
    np.testing.assert_allclose(served.reconstruct(digits[:4]), tiny_keras.reconstruct(digits[:4]), atol=1e-4)
    assert zoo.prepare(["tiny"], zoo_dir, log=logged.append) == {"tiny": "cached"}


@pytest.mark.slow
def test_load_keras_in_safe_mode(zoo_dir, tiny_keras, digits):
    loaded = zoo.load_keras("tiny", zoo_dir)
    assert type(loaded) is type(tiny_keras)
    np.testing.assert_allclose(loaded.encode(digits[:4]), tiny_keras.encode(digits[:4]), atol=1e-6)


@pytest.mark.slow
def test_a_retrained_file_is_never_served_stale(zoo_dir, tiny_keras, digits):
    zoo.prepare(["tiny"], zoo_dir, log=lambda _: None)
    from ae_core.registry import build_model

    retrained = build_model(TINY)  # other weights, same name
    retrained.save(zoo_dir / "tiny.keras")
    add_file(zoo_dir, "tiny", "tiny.keras")
    with pytest.raises(zoo.NotPrepared):
        zoo.load_pretrained("tiny", zoo_dir)
    zoo.prepare(["tiny"], zoo_dir, log=lambda _: None)
    served = zoo.load_pretrained("tiny", zoo_dir)
    np.testing.assert_allclose(served.encode(digits[:4]), retrained.encode(digits[:4]), atol=1e-4)


@pytest.mark.slow
def test_a_corrupt_keras_file_with_the_right_sha256(zoo_dir):
    add_file(zoo_dir, "broken", "broken.keras", b"PK\x03\x04 truncated zip")
    assert problem_of(lambda: zoo.load_keras("broken", zoo_dir)).code == "corrupt"
    result = zoo.prepare(["broken"], zoo_dir, log=lambda _: None)["broken"]
    assert "corrupt" in result and "python -m ae_core.train_zoo broken" in result


@pytest.mark.slow
def test_prepare_reports_problems_and_carries_on(zoo_dir, tiny_keras):
    add_file(zoo_dir, "gone", "gone.keras", sha256="0" * 64)
    results = zoo.prepare(None, zoo_dir, log=lambda _: None)
    assert results["tiny"] == "ok"
    assert "missing" in results["gone"]


# --- the committed zoo ------------------------------------------------------------------------


@pytest.mark.slow
def test_committed_manifest_files_exist_match_and_load(digits):
    manifest = zoo.read_manifest(zoo.PRETRAINED_DIR)
    if not manifest["models"]:
        pytest.skip(f"no {zoo.PRETRAINED_DIR / zoo.MANIFEST} yet (the zoo is trained separately)")
    from ae_core.registry import get_spec, list_models

    x = digits[:3]
    for name, info in manifest["models"].items():
        path = zoo.PRETRAINED_DIR / info["file"]
        assert path.exists(), f"{name}: {path} is listed but missing"
        assert zoo.sha256_of(path) == info["sha256"], f"{name}: {path.name} differs from the manifest"
        assert name in list_models(), f"{name} is in the manifest but not registered"
        spec = get_spec(name)
        model = zoo.load_keras(name)  # safe_mode=True; raises WeightsProblem on failure
        assert type(model).__name__ == spec.class_name, name  # the preset's class, not just anything
        if spec.kind == "classifier":
            proba = np.asarray(model.predict_proba(x))
            assert proba.shape == (3, 10), name
            np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-4, err_msg=name)
            continue
        code = np.asarray(model.encode(x))
        # PCA keeps every component it was fitted with; the others have the preset's code size.
        assert code.shape == (3, spec.latent_dim if spec.latent_dim else model.latent_dim), name
        output = np.asarray(model.reconstruct(x))
        assert output.shape == (3, 28, 28, 1) and np.isfinite(output).all(), name
        # trained weights: a reconstruction is closer to the digit than a blank image is (even the
        # 2-d shallow grid models'; an untrained decoder outputs a grey 0.5 everywhere)
        assert np.mean((np.clip(output, 0, 1) - x) ** 2) < np.mean(x**2), name
