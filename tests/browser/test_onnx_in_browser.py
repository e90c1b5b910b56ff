"""The models in the student's browser: onnxruntime-web, served by the app itself (no CDN), runs
every served model's ONNX graphs in headless Chromium and answers as the server does."""

from __future__ import annotations

import urllib.error
import urllib.request

import numpy as np
import pytest

from ae_core import web_assets, zoo
from ae_core.data import load_mnist_sample
from ae_core.onnx_export import model_parts
from tests.browser.helpers import open_app

TOLERANCE = 1e-4
SERVED = list(zoo.read_manifest()["models"])  # every one, PCA too: the browser runs them all

RUN_IN_BROWSER = """
async (models) => {
  const ort = await import('/live/ort/ort.wasm.min.mjs');
  ort.env.wasm.wasmPaths = '/live/ort/';
  ort.env.wasm.numThreads = 1;  // threads need a cross-origin isolated page
  const answers = {};
  for (const model of models) {
    const session = await ort.InferenceSession.create(model.url, {executionProviders: ['wasm']});
    const x = new ort.Tensor('float32', Float32Array.from(model.input), model.shape);
    const result = await session.run({x});
    answers[model.key] = Array.from(result.y.data);
    await session.release();
  }
  return answers;
}
"""


def model_url(name: str, part: str) -> str:
    _, digest = zoo.checked_file(name)
    return f"/live/models/{zoo.onnx_cache_path(name, digest, part).name}"


@pytest.fixture(scope="module")
def real_digits():
    return np.asarray(load_mnist_sample().x_train[::400][:6], "float32")


def test_every_served_model_answers_in_the_browser_as_on_the_server(app_url, page, real_digits):
    assert web_assets.is_installed(), "onnxruntime-web is not installed: python3 -m ae_core.zoo prepare"
    open_app(page, app_url, "")
    requests, expected = [], {}
    for name in SERVED:
        model = zoo.load_pretrained(name)
        for part in model_parts(model):
            x = model.encode(real_digits) if part == "decoder" else real_digits
            expected[f"{name}.{part}"] = getattr(model, {"encoder": "encode", "decoder": "decode",
                                                   "network": "predict_proba"}[part])(x)
            requests.append({"key": f"{name}.{part}", "url": model_url(name, part), "input": x.ravel().tolist(),
                             "shape": list(x.shape)})
    answers = page.evaluate(RUN_IN_BROWSER, requests)
    worst = {}
    for key, value in expected.items():
        got = np.asarray(answers[key], "float32").reshape(value.shape)
        worst[key] = float(np.abs(got - value).max())
    assert max(worst.values()) <= TOLERANCE, sorted(worst.items(), key=lambda item: -item[1])[:5]
    assert len(worst) == sum(len(model_parts(zoo.load_pretrained(n))) for n in SERVED)


def fetch(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()  # headers: case-insensitive
    except urllib.error.HTTPError as problem:
        return problem.code, problem.headers, b""


def test_model_files_are_served_read_only_with_their_sha256_and_nothing_else(app_url):
    import hashlib

    status, headers, body = fetch(app_url + model_url("dense_ae_2", "encoder"))
    assert status == 200 and headers["X-Content-SHA256"] == hashlib.sha256(body).hexdigest()
    assert headers["ETag"] == f'"{headers["X-Content-SHA256"]}"'
    assert fetch(app_url + model_url("dense_ae_2", "encoder"), method="POST")[0] == 405
    for path in ("/live/models/dense_ae_2-0000000000000000.encoder.onnx",  # not the file's digest
                 "/live/models/manifest.json", "/live/models/..%2Fmanifest.json", "/live/ort/package.json",
                 "/live/ort/..%2F..%2Fpackage.json"):
        assert fetch(app_url + path)[0] in (400, 404), path
    status, headers, _ = fetch(app_url + "/live/ort/ort-wasm-simd-threaded.wasm")
    assert status == 200 and headers["Content-Type"] == "application/wasm"
    status, headers, _ = fetch(app_url + "/live/ort/ort.wasm.min.mjs")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
