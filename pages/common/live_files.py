"""The files a browser needs to run the models itself, served by the app process (no CDN):
onnxruntime-web's WebAssembly build, every served model's ONNX graphs and the app's own scripts
that run and draw them (assets/live_client.mjs, live_view.mjs, live_worker.mjs). Read-only, GET
only, nothing but the listed files; each model file's URL and ``ETag`` carry its sha256."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from starlette.responses import FileResponse, PlainTextResponse
from starlette.routing import Route

from ae_core import registry, web_assets, zoo

MODEL_FILE = re.compile(r"^(?P<name>[a-z0-9_]+)-(?P<digest>[0-9a-f]{16})\.(?P<part>encoder|decoder|network)\.onnx$")
APP_FILES = ("live_client.mjs", "live_view.mjs", "live_worker.mjs")
ASSETS = Path(__file__).resolve().parent / "assets"
CACHE_HEADERS = {"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"}


@functools.lru_cache(maxsize=256)
def sha256_of(path: Path, size: int, mtime: float) -> str:  # size and mtime: a rewritten file is hashed anew
    return hashlib.sha256(path.read_bytes()).hexdigest()


def not_found() -> PlainTextResponse:
    return PlainTextResponse("not found", status_code=404)


def serve(path: Path, media_type: str, *, immutable: bool = True) -> FileResponse:
    stat = path.stat()
    digest = sha256_of(path, stat.st_size, stat.st_mtime)
    caching = CACHE_HEADERS if immutable else {**CACHE_HEADERS, "Cache-Control": "no-cache"}  # ours change with the app
    return FileResponse(path, media_type=media_type, headers={**caching, "ETag": f'"{digest}"',
                                                              "X-Content-SHA256": digest})


async def ort_file(request):
    name = request.path_params["file"]
    path = web_assets.ort_dist() / name
    if name not in web_assets.ORT_FILES or not path.is_file():
        return not_found()
    return serve(path, web_assets.MEDIA_TYPES[path.suffix])


async def model_file(request):
    """/live/models/<name>-<sha256 of the .keras file, 16 hex>.<part>.onnx, as ``zoo prepare`` wrote it."""
    match = MODEL_FILE.match(request.path_params["file"])
    if match is None or match["name"] not in registry.list_models():
        return not_found()
    path = zoo.onnx_cache_path(match["name"], match["digest"], match["part"])
    if not path.is_file():
        return not_found()
    return serve(path, web_assets.MEDIA_TYPES[".onnx"])


async def app_file(request):
    name = request.path_params["file"]
    if name not in APP_FILES:
        return not_found()
    return serve(ASSETS / name, web_assets.MEDIA_TYPES[".mjs"], immutable=False)


ROUTES = [Route("/live/app/{file}", app_file, methods=["GET"]),
          Route("/live/ort/{file}", ort_file, methods=["GET"]),
          Route("/live/models/{file}", model_file, methods=["GET"])]
