"""The numpy serving runtime on its own (the export of every registered model against Keras is
in test_registry_models.py)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from ae_core import serving
from ae_core.serving import ExportError, ServingModel


def naive_conv2d(x, kernel, bias, stride, padding):
    """Direct loops over output pixels: slow and obviously right."""
    kh, kw, _, filters = kernel.shape
    n, h, w, _ = x.shape
    if padding == "same":
        out_h, out_w = -(-h // stride), -(-w // stride)
        pad_h = max((out_h - 1) * stride + kh - h, 0)
        pad_w = max((out_w - 1) * stride + kw - w, 0)
        x = np.pad(x, ((0, 0), (pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2), (0, 0)))
    else:
        out_h, out_w = (h - kh) // stride + 1, (w - kw) // stride + 1
    out = np.zeros((n, out_h, out_w, filters))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, i * stride : i * stride + kh, j * stride : j * stride + kw, :]
            out[:, i, j, :] = np.tensordot(window, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out + bias


@pytest.mark.parametrize("stride, padding, side", [(1, "same", 7), (2, "same", 8), (2, "same", 7), (1, "valid", 6)])
def test_conv2d_matches_direct_loops(stride, padding, side):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, side, side, 3)).astype("float32")
    kernel = rng.standard_normal((3, 3, 3, 4)).astype("float32")
    bias = rng.standard_normal(4).astype("float32")
    got = serving._conv2d(x, kernel, bias, (stride, stride), padding)
    np.testing.assert_allclose(got, naive_conv2d(x, kernel, bias, stride, padding), atol=1e-4)


def test_pooling_upsampling_and_reshapes():
    x = np.arange(2 * 4 * 4 * 1, dtype="float32").reshape(2, 4, 4, 1)
    pooled = serving._run_op({"op": "maxpool", "pool": [2, 2]}, x, {})
    np.testing.assert_array_equal(pooled[0, ..., 0], [[5, 7], [13, 15]])
    up = serving._run_op({"op": "upsample", "size": [2, 2]}, pooled, {})
    assert up.shape == (2, 4, 4, 1) and np.all(up[0, :2, :2, 0] == 5)
    flat = serving._run_op({"op": "flatten"}, x, {})
    assert flat.shape == (2, 16)
    assert serving._run_op({"op": "reshape", "shape": [4, 4, 1]}, flat, {}).shape == (2, 4, 4, 1)
    repeated = serving._run_op({"op": "repeat", "n": 3}, flat, {})
    assert repeated.shape == (2, 3, 16) and np.array_equal(repeated[:, 2], flat)
    np.testing.assert_array_equal(serving._run_op({"op": "gaussian_mean"}, flat, {}), flat[:, :8])


def test_activations_are_stable_and_softmax_sums_to_one():
    v = np.array([[-1000.0, 0.0, 1000.0]], dtype="float32")
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        sig = serving.ACTIVATIONS["sigmoid"](v)
        soft = serving.ACTIVATIONS["softmax"](v)
    np.testing.assert_allclose(sig, [[0.0, 0.5, 1.0]], atol=1e-6)
    np.testing.assert_allclose(soft.sum(axis=-1), 1.0)


def _dense_program():
    rng = np.random.default_rng(0)
    arrays = {
        "e/k": rng.standard_normal((784, 3)), "e/b": rng.standard_normal(3),
        "d/k": rng.standard_normal((3, 784)), "d/b": rng.standard_normal(784),
    }
    program = {
        "format": serving.FORMAT_VERSION, "name": "toy", "class": "Toy", "kind": "autoencoder", "latent_dim": 3,
        "encoder": [{"op": "flatten"}, {"op": "dense", "activation": "linear", "kernel": "e/k", "bias": "e/b"}],
        "decoder": [
            {"op": "dense", "activation": "sigmoid", "kernel": "d/k", "bias": "d/b"},
            {"op": "reshape", "shape": [28, 28, 1]},
        ],
    }
    return program, arrays


def test_serving_model_interface_and_batching(random_images):
    model = ServingModel(*_dense_program())
    many = np.concatenate([random_images] * 20)  # 160 images: more than one chunk
    assert len(many) > serving.CHUNK
    z = model.encode(many)
    assert z.shape == (160, 3) and z.dtype == np.float32
    np.testing.assert_allclose(z[:8], model.encode(random_images), atol=1e-5)
    assert model.reconstruct(random_images).shape == (8, 28, 28, 1)
    assert model.encode(random_images[:0]).shape == (0, 3)
    assert model.count_params() == 784 * 3 + 3 + 3 * 784 + 784
    np.testing.assert_array_equal(model.layer_arrays("encoder", "dense")["kernel"], model.arrays["e/k"])


def test_missing_parts_are_attribute_errors(random_images):
    model = ServingModel(*_dense_program())
    with pytest.raises(AttributeError):
        model.predict_proba(random_images)
    with pytest.raises(AttributeError):
        model.encode_distribution(random_images)
    with pytest.raises(AttributeError):
        model.sample(2)


def test_saved_programs_check_their_format():
    model = ServingModel(*_dense_program())
    again = ServingModel.load(io.BytesIO(model.to_bytes()))
    assert again.program == model.program
    program, arrays = _dense_program()
    program["format"] = serving.FORMAT_VERSION + 1
    buffer = io.BytesIO()
    blob = np.frombuffer(json.dumps(program).encode(), dtype=np.uint8)
    np.savez(buffer, **{serving.PROGRAM_KEY: blob}, **arrays)
    buffer.seek(0)
    with pytest.raises(ExportError, match="format"):
        ServingModel.load(buffer)


def test_an_unknown_operation_is_an_export_error(random_images):
    program, arrays = _dense_program()
    program["encoder"].append({"op": "fourier"})
    with pytest.raises(ExportError, match="fourier"):
        ServingModel(program, arrays).encode(random_images)


def test_arrays_are_read_only_copies():
    program, arrays = _dense_program()
    model = ServingModel(program, arrays)
    arrays["e/k"][0, 0] = 123.0
    assert model.arrays["e/k"][0, 0] != 123.0
    with pytest.raises(ValueError):
        model.arrays["e/k"][0, 0] = 1.0


@pytest.mark.slow
def test_export_refuses_layers_it_cannot_run():
    import types

    import keras

    network = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.BatchNormalization()])
    with pytest.raises(ExportError, match="BatchNormalization"):
        serving.export_model(types.SimpleNamespace(network=network))
    dilated = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(2, 3, dilation_rate=2)])
    with pytest.raises(ExportError, match="plain"):
        serving.export_model(types.SimpleNamespace(network=dilated))
