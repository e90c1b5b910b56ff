"""The pretrained zoo on disk: the manifest, checked files, and loading by name.

``pretrained/`` holds one ``.keras`` file per trained model (PCA: ``.npz``) and
``manifest.json``. The app serves numpy programs exported from those files
(:mod:`ae_core.serving`) into a cache keyed by each file's sha256, so a retrained or
replaced file is never served stale. ``python -m ae_core.zoo prepare`` fills that cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from ae_core import registry
from ae_core.models.pca import PCA
from ae_core.paths import CACHE_DIR, PRETRAINED_DIR, REPO_ROOT
from ae_core.serving import ServingModel

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2  # 2: only what training measured; titles, tags and configs live in the registry
REBUILD_ALL = "python -m ae_core.train_zoo --all"


def rebuild_command(name: str) -> str:
    return f"python -m ae_core.train_zoo {name}"


class WeightsProblem(RuntimeError):
    """A model's file is missing, unreadable or not the one the manifest lists.

    ``code`` is "missing", "corrupt", "mismatch" or "unlisted"; ``command`` rebuilds it.
    """

    def __init__(self, name: str, code: str, detail: str = ""):
        self.name, self.code, self.detail = name, code, detail
        self.command = rebuild_command(name)
        super().__init__(f"{name}: weights {code}. {detail} Rebuild with: {self.command}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(directory: Path | None = None) -> dict:
    """The manifest as a dict (``{"models": {}}`` when there is none yet)."""
    path = Path(directory or PRETRAINED_DIR) / MANIFEST
    if not path.exists():
        return {"models": {}}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_manifest(manifest: dict, directory: Path | None = None) -> None:
    path = Path(directory or PRETRAINED_DIR) / MANIFEST
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def trained_models(manifest: dict, *, dataset: str | None = None, kind: str | None = None,
                   tag: str | None = None) -> list[str]:
    """The registry's zoo presets that ``manifest`` lists, in registry order, filtered like
    :func:`ae_core.registry.list_models`."""
    listed = manifest.get("models", {})
    return [name for name in registry.list_models(dataset=dataset, kind=kind, tag=tag) if name in listed]


def entry(name: str, directory: Path | None = None) -> dict:
    models = read_manifest(directory)["models"]
    if name not in models:
        raise WeightsProblem(name, "unlisted", "It is not in pretrained/manifest.json.")
    return models[name]


def checked_file(name: str, directory: Path | None = None) -> tuple[Path, str]:
    """Path and sha256 of a model's file, verified against the manifest."""
    directory = Path(directory or PRETRAINED_DIR)
    info = entry(name, directory)
    path = directory / info["file"]
    if not path.exists():
        raise WeightsProblem(name, "missing", f"{path} does not exist.")
    digest = sha256_of(path)
    if digest != info["sha256"]:
        raise WeightsProblem(name, "mismatch", f"{path.name} has sha256 {digest[:12]}…, the manifest {info['sha256'][:12]}….")
    return path, digest


def serving_cache_path(name: str, digest: str) -> Path:
    return CACHE_DIR / "serving" / f"{name}-{digest[:16]}.npz"


def onnx_cache_path(name: str, digest: str, part: str) -> Path:
    """One part (encoder, decoder, network) of a served model as ONNX, keyed like the serving program."""
    return CACHE_DIR / "onnx" / f"{name}-{digest[:16]}.{part}.onnx"


def export_onnx(name: str, served, digest: str) -> list[Path]:
    """Write the ONNX graphs of a served model's parts (those missing); returns their paths."""
    from ae_core.onnx_export import model_parts, to_onnx

    paths = []
    for part in model_parts(served):
        target = onnx_cache_path(name, digest, part)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(to_onnx(served, part).SerializeToString())
            os.replace(tmp, target)
        paths.append(target)
    return paths


def load_pretrained(name: str, directory: Path | None = None):
    """A pretrained model for serving, without Keras: a :class:`ServingModel` or a :class:`PCA`.

    Raises :class:`WeightsProblem` when the file is missing or wrong, and
    :class:`NotPrepared` when its serving program has not been exported yet.
    """
    path, digest = checked_file(name, directory)
    try:
        if path.suffix == ".npz":
            model = PCA.load(path)
        else:
            cached = serving_cache_path(name, digest)
            if not cached.exists():
                raise NotPrepared(name)
            model = ServingModel.load(cached)
            graphs = {part: onnx_cache_path(name, digest, part) for part in _served_parts(model)}
            if onnxruntime_available() and all(path.is_file() for path in graphs.values()):
                model.attach_onnx(graphs)
        model.file_digest = digest
        return model
    except (NotPrepared, WeightsProblem):
        raise
    except Exception as exc:
        raise WeightsProblem(name, "corrupt", f"{type(exc).__name__}: {str(exc)[:160]}.") from None


def _served_parts(model) -> tuple:
    from ae_core.onnx_export import model_parts

    return model_parts(model)


@functools.cache
def onnxruntime_available() -> bool:
    """onnxruntime runs the served models where it is installed (requirements.txt); the numpy
    program otherwise. ``AE_LAB_SERVER_RUNTIME=numpy`` keeps the program (a comparison)."""
    if os.environ.get("AE_LAB_SERVER_RUNTIME", "onnxruntime") == "numpy":
        return False
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


class NotPrepared(RuntimeError):
    """The serving program of a model is not in the cache yet: run :func:`prepare`."""

    def __init__(self, name):
        super().__init__(f"{name}: serving program not exported yet (python -m ae_core.zoo prepare)")
        self.name = name


def load_keras(name: str, directory: Path | None = None):
    """The trained Keras model (or PCA), loaded with ``safe_mode=True``. Imports Keras."""
    path, _ = checked_file(name, directory)
    if path.suffix == ".npz":
        return PCA.load(path)
    import keras

    registry.import_model_classes()  # registers every class before deserialising
    try:
        return keras.saving.load_model(path, safe_mode=True)
    except Exception as exc:
        raise WeightsProblem(name, "corrupt", f"{type(exc).__name__}: {str(exc)[:160]}.") from None


def prepare(names=None, directory: Path | None = None, log=print) -> dict:
    """Export the serving program of every listed model whose cache entry is missing, and its
    ONNX graphs (:mod:`ae_core.onnx_export`) where they are missing.

    Returns ``{name: "ok" | "cached" | problem message}``. Imports Keras.
    """
    from ae_core.serving import export_model

    directory = Path(directory or PRETRAINED_DIR)
    results = {}
    for name in names or list(read_manifest(directory)["models"]):
        try:
            path, digest = checked_file(name, directory)
            if path.suffix == ".npz":  # PCA needs no serving program; its graphs are for the browser
                export_onnx(name, PCA.load(path), digest)
                results[name] = "ok"
                continue
            target = serving_cache_path(name, digest)
            cached = target.exists()
            if cached:
                served = ServingModel.load(target)
            else:
                served = export_model(load_keras(name, directory), name)
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(".tmp.npz")
                served.save(tmp)
                os.replace(tmp, target)
            export_onnx(name, served, digest)  # the same program as ONNX, for the browser
            results[name] = "cached" if cached else "ok"
            if not cached:
                log(f"prepared {name}")
        except WeightsProblem as exc:
            results[name] = str(exc)
            log(str(exc))
    return results


def prepare_in_subprocess(names=None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run :func:`prepare` in a child process, so the caller never imports Keras."""
    command = [sys.executable, "-m", "ae_core.zoo", "prepare", *(names or [])]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO_ROOT)


def main(argv=None) -> int:
    """``python -m ae_core.zoo prepare [--fetch-data] [name ...]``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["prepare"]:
        print("usage: python -m ae_core.zoo prepare [--fetch-data] [name ...]")
        return 2
    names = [a for a in argv[1:] if not a.startswith("--")]
    if "--fetch-data" in argv:
        from ae_core import data

        data.main(["fetch"])  # online, Keras' loaders cache full MNIST and Fashion-MNIST
    results = prepare(names or None)
    from ae_core import web_assets

    web_assets.install()  # onnxruntime-web, for the models the browser runs
    problems = {k: v for k, v in results.items() if v not in ("ok", "cached")}
    print(f"serving cache: {len(results) - len(problems)} ready, {len(problems)} with problems ({CACHE_DIR})")
    return 0  # a missing model must not stop the app from starting: its pages explain it


if __name__ == "__main__":
    raise SystemExit(main())
