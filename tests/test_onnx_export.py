"""Every served model's ONNX graphs (ae_core.onnx_export) answer as its numpy serving program does,
on real digits, run by onnxruntime; and `zoo prepare` writes them keyed by the model file's sha256."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import zoo
from ae_core.onnx_export import model_parts, to_onnx
from ae_core.serving import ExportError, ServingModel, run_ops

ort = pytest.importorskip("onnxruntime")

SERVED = list(zoo.read_manifest()["models"])  # every one, PCA too: the browser runs them all
TOLERANCE = 1e-4  # the browser's target: float32 through two runtimes differs by ~1e-6


def run(proto, x) -> np.ndarray:
    session = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": np.asarray(x, dtype="float32")})[0]


def reference(model, part: str):
    """The numpy serving program itself (the served model may run the graphs: not a reference)."""
    if not hasattr(model, "program"):  # PCA
        return getattr(model, {"encoder": "encode", "decoder": "decode"}[part])
    return lambda x: run_ops(model.program[part], x, model.arrays)


@pytest.mark.slow
@pytest.mark.parametrize("name", SERVED)
def test_every_part_of_a_served_model_as_onnx_answers_as_the_serving_program(name, digits, prepared_zoo):
    model = zoo.load_pretrained(name)
    for part in model_parts(model):
        x = model.encode(digits) if part == "decoder" else digits
        expected = reference(model, part)(x)
        got = run(to_onnx(model, part), x)
        assert got.shape == expected.shape, part
        np.testing.assert_allclose(got, expected, atol=TOLERANCE, err_msg=f"{name}.{part}")
        single = run(to_onnx(model, part), x[:1])  # the batch size is free: one digit, as the browser sends
        np.testing.assert_allclose(single, expected[:1], atol=TOLERANCE)


@pytest.mark.slow
def test_prepare_writes_each_part_keyed_by_the_model_file(prepared_zoo):
    name = "dense_ae_2"
    _, digest = zoo.checked_file(name)
    paths = [zoo.onnx_cache_path(name, digest, part) for part in ("encoder", "decoder")]
    assert all(path.exists() and digest[:16] in path.name for path in paths)
    import onnx

    onnx.checker.check_model(onnx.load(paths[0]))


def test_an_operation_without_a_translation_is_refused():
    model = ServingModel({"format": 1, "name": "odd", "kind": "classifier", "network": [{"op": "fourier"}]}, {})
    with pytest.raises(ExportError, match="fourier"):
        to_onnx(model, "network")
    with pytest.raises(ExportError, match="no encoder"):
        to_onnx(model, "encoder")


def test_dense_and_softmax_on_known_weights():
    kernel = np.array([[1.0, -1.0], [2.0, 0.5]], "float32")
    model = ServingModel({"format": 1, "name": "tiny", "kind": "classifier",
                          "network": [{"op": "dense", "kernel": "k", "bias": "b", "activation": "softmax"}]},
                         {"k": kernel, "b": np.zeros(2, "float32")})
    proto = to_onnx(model, "network")
    proto.graph.input[0].type.tensor_type.shape.dim[1].dim_value = 2  # this toy takes 2 numbers, not an image
    del proto.graph.input[0].type.tensor_type.shape.dim[2:]
    x = np.array([[1.0, 0.0], [0.0, 1.0]], "float32")
    np.testing.assert_allclose(run(proto, x), model.predict_proba(x), atol=1e-6)


def test_without_npm_the_set_up_says_so_and_the_app_keeps_the_server_path(monkeypatch, tmp_path):
    from ae_core import web_assets

    monkeypatch.setattr(web_assets, "web_dir", lambda: tmp_path / "web")
    monkeypatch.setattr(web_assets, "npm_command", lambda: None)
    said = []
    assert web_assets.install(log=said.append) is False
    assert not web_assets.is_installed() and "no npm" in said[0]


def test_a_failing_npm_is_reported_not_raised(monkeypatch, tmp_path):
    from ae_core import web_assets

    monkeypatch.setattr(web_assets, "web_dir", lambda: tmp_path / "web")
    monkeypatch.setattr(web_assets, "npm_command", lambda: ["false"])
    said = []
    assert web_assets.install(log=said.append) is False and "npm failed" in said[0]


@pytest.mark.slow
def test_a_served_zoo_model_runs_its_graphs_and_answers_as_its_program(digits, prepared_zoo):
    model = zoo.load_pretrained("conv_ae")
    assert set(model.sessions) == {"encoder", "decoder"}  # onnxruntime serves it
    np.testing.assert_allclose(model.encode(digits), run_ops(model.program["encoder"], digits, model.arrays),
                               atol=TOLERANCE)
    many = np.concatenate([digits] * (300 // len(digits) + 1))[:300]  # more than one of its 256-digit steps
    assert model.reconstruct(many).shape == (300, 28, 28, 1)
    np.testing.assert_allclose(model.reconstruct(many)[-len(digits):], model.reconstruct(many[-len(digits):]), atol=1e-6)
    assert model.encode(digits[:0]).shape == (0, model.latent_dim)  # nothing in, nothing out (the program's answer)
    vae = zoo.load_pretrained("vae_2")
    mean, log_var = vae.encode_distribution(digits)  # no graph for the log-variance: the program runs it
    np.testing.assert_allclose(mean, vae.encode(digits), atol=TOLERANCE)


@pytest.mark.slow
def test_the_numpy_program_serves_when_asked(digits, prepared_zoo, monkeypatch):
    monkeypatch.setenv("AE_LAB_SERVER_RUNTIME", "numpy")
    zoo.onnxruntime_available.cache_clear()
    try:
        assert zoo.load_pretrained("conv_ae").sessions == {}
    finally:
        monkeypatch.delenv("AE_LAB_SERVER_RUNTIME")
        zoo.onnxruntime_available.cache_clear()
