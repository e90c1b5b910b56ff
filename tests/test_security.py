"""Security: uploads are read as images only (and size-limited), model files load in safe mode (and
never unpickle), and the app needs no network at run time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ae_core import preprocess, zoo
from ae_core.preprocess import ImageProblem, digit_from_upload
from tests.load import bad_inputs

REPO = Path(__file__).resolve().parents[1]


def _ci_requires(message: str):
    if os.environ.get("AE_LAB_CI") == "1":
        pytest.fail(message)
    pytest.skip(message)


# --- uploads ---------------------------------------------------------------------------------------


def test_streamlit_refuses_uploads_over_the_configured_size():
    with open(REPO / ".streamlit" / "config.toml", "rb") as f:
        config = tomllib.load(f)
    limit_mb = config["server"]["maxUploadSize"]
    # Streamlit itself refuses anything larger (before the app sees it); the app's own, translated
    # limit is below it, so a student normally gets our message rather than Streamlit's.
    assert 1 <= limit_mb <= 25
    assert preprocess.MAX_UPLOAD_BYTES <= limit_mb * 1024 * 1024
    with pytest.raises(ImageProblem) as info:
        digit_from_upload(b"\0" * (preprocess.MAX_UPLOAD_BYTES + 1))
    assert info.value.code == "file_too_large"


@pytest.mark.parametrize("fmt", ["EPS", "PSD", "FITS", "PCX", "SGI", "XBM", "SPIDER"])
def test_only_image_formats_on_the_list_are_parsed(fmt, monkeypatch):
    """Pillow can open ~40 formats (EPS runs Ghostscript); uploads use a short allowlist."""
    assert fmt not in preprocess.UPLOAD_FORMATS
    image = bad_inputs.grey(bad_inputs.seven(64), 10, 245)
    try:
        data = bad_inputs.encode(image.convert("1") if fmt == "XBM" else image.convert("F") if fmt == "SPIDER" else image, fmt)
    except (OSError, KeyError, ValueError):
        data = {"EPS": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 64\nshowpage\n",
                "PSD": b"8BPS\0\x01" + bytes(20), "FITS": b"SIMPLE  =                    T" + b" " * 50}.get(fmt, b"?")

    def no_subprocess(*args, **kwargs):
        raise AssertionError("an upload started a subprocess")

    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    with pytest.raises(ImageProblem) as info:
        digit_from_upload(data)
    assert info.value.code == "not_an_image"


def test_every_allowed_format_is_one_the_upload_label_promises_or_a_phone_makes():
    assert set(preprocess.UPLOAD_FORMATS) <= {"PNG", "JPEG", "GIF", "BMP", "DIB", "WEBP", "TIFF", "ICO", "PPM", "AVIF"}


def test_the_canvas_only_takes_pngs_of_a_sane_size():
    with pytest.raises(ImageProblem):
        preprocess.canvas_rgba(bad_inputs.encode(Image.new("RGB", (280, 280)), "BMP"))
    with pytest.raises(ImageProblem):
        preprocess.canvas_rgba(bad_inputs.png_header_only(100_000, 100_000, 8, 6))


# --- model files ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_keras_file_with_a_lambda_layer_is_refused(tmp_path, monkeypatch):
    import keras

    inputs = keras.Input((4,))
    outputs = keras.layers.Lambda(lambda x: x * 2.0)(inputs)  # arbitrary Python code in the file
    path = tmp_path / "evil.keras"
    keras.Model(inputs, outputs).save(path)
    with pytest.raises(Exception) as direct:
        keras.saving.load_model(path, safe_mode=True)
    assert "safe_mode" in str(direct.value) or "Lambda" in str(direct.value)

    monkeypatch.setattr(zoo, "CACHE_DIR", tmp_path / "cache")
    zoo.write_manifest({"models": {"evil": {"file": "evil.keras", "sha256": zoo.sha256_of(path)}}}, tmp_path)
    with pytest.raises(zoo.WeightsProblem) as info:
        zoo.load_keras("evil", tmp_path)
    assert info.value.code == "corrupt"
    results = zoo.prepare(["evil"], tmp_path, log=lambda *_: None)  # prepare refuses it too
    assert results["evil"] != "ok" and not list((tmp_path / "cache").glob("**/evil-*.npz"))


def test_serving_programs_and_pca_files_never_unpickle(tmp_path):
    from ae_core.models.pca import PCA
    from ae_core.serving import PROGRAM_KEY, ServingModel

    payload = np.array([{"a": 1}], dtype=object)  # an object array is stored as a pickle
    np.savez(tmp_path / "serving.npz", **{PROGRAM_KEY: payload})
    with pytest.raises(ValueError, match="pickle"):
        ServingModel.load(tmp_path / "serving.npz")
    np.savez(tmp_path / "pca.npz", components=payload, mean=payload, input_shape=payload, singular_values=payload,
             explained_variance=payload, explained_variance_ratio=payload)
    with pytest.raises(ValueError, match="pickle"):
        PCA.load(tmp_path / "pca.npz")


# --- no network at run time -------------------------------------------------------------------------

OFFLINE_CHECK = textwrap.dedent(
    """
    import json, socket, subprocess, sys, time, urllib.request
    sys.path.insert(0, {repo!r})
    from tests.load import common

    # 1. This namespace really has no network.
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect(("1.1.1.1", 443))
        reachable = True
    except OSError:
        reachable = False
    try:
        socket.getaddrinfo("pypi.org", 443)
        resolves = True
    except OSError:
        resolves = False

    # 2. The app starts, and its pages load in Chromium.
    port = common.free_port()
    log = {log!r}
    server = common.start_app(port, log)
    result = {{"reachable": reachable, "resolves": resolves, "pages": {{}}}}
    try:
        url = f"http://127.0.0.1:{{port}}"
        common.wait_healthy(url, server, timeout=180)
        from playwright.sync_api import sync_playwright
        from tests.launch import CHROMIUM, CHROMIUM_ARGS
        from tests.browser.helpers import open_app
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(locale="en-US")
            for path in ("", "draw", "noise_lab", "inpainting"):
                open_app(tab, url, path)
                result["pages"][path or "home"] = {{
                    "title": tab.locator("h1").first.inner_text(),
                    "exceptions": tab.locator("[data-testid=stException]").count(),
                }}
            browser.close()
    finally:
        common.stop(server)
    print("RESULT " + json.dumps(result))
    """
)


def _offline_prefix() -> list[str] | None:
    """A command prefix that runs a program without network (loopback only), or None."""
    if os.geteuid() != 0:
        return None
    if shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "-n", "sh", "-c", 'ip link set lo up 2>/dev/null || true; exec "$0" "$@"']
    return None


@pytest.mark.browser
def test_the_app_runs_without_network(tmp_path):
    prefix = _offline_prefix()
    if prefix is None:
        _ci_requires("needs root and unshare -n to remove the network")
    if not Path("/usr/bin/chromium").exists():
        _ci_requires("/usr/bin/chromium is missing: apt-get install -y chromium")
    subprocess.run([sys.executable, "-m", "ae_core.zoo", "prepare"], cwd=REPO, capture_output=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    log = tmp_path / "offline-server.log"
    script = OFFLINE_CHECK.format(repo=str(REPO), log=str(log))
    result = subprocess.run([*prefix, sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, result.stdout[-2000:] + result.stderr[-3000:]
    import json

    found = json.loads(lines[-1][len("RESULT "):])
    assert not found["reachable"] and not found["resolves"], "the namespace still had a network"
    assert found["pages"]["home"]["title"] == "Autoencoder Lab"
    assert found["pages"]["draw"]["title"] == "Draw & reconstruct"
    assert found["pages"]["noise_lab"]["title"] == "Noise lab"
    assert found["pages"]["inpainting"]["title"] == "Inpainting"
    assert all(page["exceptions"] == 0 for page in found["pages"].values()), found
    server_log = log.read_text(errors="replace")
    assert "Traceback" not in server_log, server_log[-3000:]
