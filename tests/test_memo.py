"""ae_core.memo: the keys of the app's memoised computations, and arrays kept on disk between runs."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import memo
from ae_core.data import Dataset
from ae_core.models.pca import PCA
from ae_core.serving import ServingModel


def _dataset(source="synthetic", n=20):
    images = np.zeros((n, 28, 28, 1), "float32")
    return Dataset("mnist", source, "detail", images, np.zeros(n, "uint8"), None, None)


def _program(seed: int) -> ServingModel:
    rng = np.random.default_rng(seed)
    arrays = {"k": rng.standard_normal((784, 2)).astype("float32"), "b": np.zeros(2, "float32")}
    program = {"format": 1, "name": "toy", "kind": "autoencoder", "latent_dim": 2,
               "encoder": [{"op": "flatten"}, {"op": "dense", "activation": "linear", "kernel": "k", "bias": "b"}],
               "decoder": []}
    return ServingModel(program, arrays)


def test_plain_values_are_keyed_by_their_repr_and_containers_by_their_items():
    assert memo.fingerprint(3) == "3" and memo.fingerprint("a") == "'a'" and memo.fingerprint(None) == "None"
    assert memo.fingerprint(np.int64(3)) == memo.fingerprint(3)
    assert memo.fingerprint(np.float32(0.5)) == memo.fingerprint(0.5)
    assert memo.fingerprint({"b": 1, "a": 2}) == memo.fingerprint({"a": 2, "b": 1})  # order-free
    assert memo.fingerprint((1, 2)) != memo.fingerprint((2, 1))
    with pytest.raises(TypeError, match="cannot key"):
        memo.fingerprint(object())


def test_a_model_is_keyed_by_its_file_or_else_its_weights():
    model = _program(0)
    assert memo.fingerprint(model) == memo.fingerprint(_program(0))  # same weights, same key
    assert memo.fingerprint(model) != memo.fingerprint(_program(1))
    loaded = _program(1)
    loaded.file_digest = "ab" * 32  # as ae_core.zoo sets it: the .keras file's sha256
    assert memo.fingerprint(loaded) == f"<ServingModel toy:{'ab' * 8}>"


def test_pca_keys_differ_by_weights_and_by_truncation(digits):
    pca = PCA(10).fit(digits)
    assert memo.fingerprint(pca) == memo.fingerprint(pca)
    assert memo.fingerprint(pca) != memo.fingerprint(pca.truncated(5))
    assert memo.fingerprint(pca.truncated(5)) == memo.fingerprint(pca.truncated(5))
    assert memo.fingerprint(pca) != memo.fingerprint(PCA(10).fit(digits[:16]))


def test_a_dataset_is_keyed_by_its_source_not_its_pixels():
    assert memo.fingerprint(_dataset()) == memo.fingerprint(_dataset())
    assert memo.fingerprint(_dataset()) != memo.fingerprint(_dataset(source="keras"))
    assert memo.fingerprint(_dataset()) != memo.fingerprint(_dataset(n=30))


def test_small_arrays_are_keyed_by_their_contents():
    digit = np.zeros((28, 28), "float32")
    other = digit.copy()
    other[3, 4] = 1.0
    assert memo.fingerprint(digit) == memo.fingerprint(digit.copy())
    assert memo.fingerprint(digit) != memo.fingerprint(other)
    assert memo.fingerprint(digit) != memo.fingerprint(digit.astype("float64"))  # the dtype counts
    assert memo.fingerprint(digit) != memo.fingerprint(digit.reshape(784))  # and the shape


def test_a_large_array_without_a_memo_key_is_refused():
    large = np.zeros(memo.MAX_HASHED_ELEMENTS + 1, "float32")
    with pytest.raises(TypeError, match="memo_key"):
        memo.fingerprint(large)
    with pytest.raises(TypeError):
        memo.call_key(np.sum, (large,), {})
    memo.fingerprint(large[: memo.MAX_HASHED_ELEMENTS])  # at the limit: hashed


def test_a_function_key_names_it_and_changes_with_its_source():
    def first(x):
        return x

    def second(x):
        return x + 1

    assert memo.function_key(first).startswith(f"{__name__}.")
    assert "first" in memo.function_key(first)
    assert memo.call_key(first, (1,), {}) != memo.call_key(second, (1,), {})
    assert memo.call_key(first, (1,), {}) != memo.call_key(first, (2,), {})
    assert memo.call_key(first, (1,), {"k": 2}) != memo.call_key(first, (1,), {"k": 3})


def test_a_keyed_dict_passes_its_key_on_without_hashing_its_arrays():
    large = np.zeros(memo.MAX_HASHED_ELEMENTS + 1, "float32")
    keyed = memo.Keyed({"codes": large}, "some call key")
    assert dict(keyed).keys() == {"codes"} and keyed["codes"] is large
    assert memo.fingerprint(keyed) == f"<Keyed {keyed.memo_key}>"
    assert memo.fingerprint(memo.Keyed({"codes": large}, "some call key")) == memo.fingerprint(keyed)
    assert memo.fingerprint(memo.Keyed({"codes": large}, "another call key")) != memo.fingerprint(keyed)
    # a result passed on to the next memoised call: keyed by where it came from
    assert memo.call_key(np.sum, (keyed, 5), {}) == memo.call_key(np.sum, (memo.Keyed({}, "some call key"), 5), {})


def test_arrays_digest_covers_names_shapes_and_values():
    a = {"w": np.ones((2, 3))}
    assert memo.arrays_digest(a) == memo.arrays_digest({"w": np.ones((2, 3))})
    assert memo.arrays_digest(a) != memo.arrays_digest({"v": np.ones((2, 3))})
    assert memo.arrays_digest(a) != memo.arrays_digest({"w": np.ones((3, 2))})
    assert memo.arrays_digest(a) != memo.arrays_digest({"w": np.full((2, 3), 2.0)})


def test_stored_arrays_are_computed_once_then_read_back_read_only(tmp_path, monkeypatch):
    monkeypatch.setattr(memo.paths, "CACHE_DIR", tmp_path)
    calls = []

    def compute():
        calls.append(1)
        return {"codes": np.arange(6, dtype="float32").reshape(3, 2), "labels": [1, 2, 3]}

    first = memo.stored_arrays("key-1", "map_codes", compute)
    assert len(calls) == 1 and memo.disk_path("key-1", "map_codes").exists()
    second = memo.stored_arrays("key-1", "map_codes", compute)
    assert len(calls) == 1  # read back from disk
    np.testing.assert_array_equal(second["codes"], first["codes"])
    np.testing.assert_array_equal(second["labels"], [1, 2, 3])
    for arrays in (first, second):
        assert all(not a.flags.writeable for a in arrays.values())
    with pytest.raises(ValueError):
        second["codes"][0, 0] = 1.0
    memo.stored_arrays("key-2", "map_codes", compute)  # another call key (a retrained model): computed
    assert len(calls) == 2


def test_stored_arrays_refuse_a_result_that_is_not_a_dict(tmp_path, monkeypatch):
    monkeypatch.setattr(memo.paths, "CACHE_DIR", tmp_path)
    with pytest.raises(TypeError, match="dict of arrays"):
        memo.stored_arrays("key", "scores", lambda: np.zeros(3))


def test_stored_arrays_still_compute_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(memo.paths, "CACHE_DIR", blocked)
    arrays = memo.stored_arrays("key", "codes", lambda: {"x": np.ones(2)})
    np.testing.assert_array_equal(arrays["x"], [1.0, 1.0])
    assert not arrays["x"].flags.writeable
