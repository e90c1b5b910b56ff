"""The app's only caches. Everything here is shared by all sessions, read-only, never trained.

Models come from ``ae_core.zoo.load_pretrained`` (numpy programs, no Keras in this process);
datasets from ``ae_core.data`` with ``use_keras=False``. Large arrays use ``cache_resource``
(shared, not copied per call); their numpy buffers are marked read-only by ``ae_core``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import streamlit as st

from ae_core import data, zoo

_PREPARE_LOCK = threading.Lock()


def _manifest_stamp() -> float:
    path = Path(zoo.PRETRAINED_DIR) / zoo.MANIFEST
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False, max_entries=4)
def _manifest(stamp: float) -> dict:
    return zoo.read_manifest()


def manifest() -> dict:
    """The pretrained manifest (re-read when the file changes, e.g. after retraining)."""
    return _manifest(_manifest_stamp())


def manifest_entries(*, tag: str | None = None, dataset: str | None = None, kind: str | None = None) -> dict:
    """Manifest entries filtered like ``ae_core.registry.list_models`` (the manifest is its copy)."""
    return {
        name: info
        for name, info in manifest().get("models", {}).items()
        if (tag is None or tag in info.get("tags", ()))
        and (dataset is None or info.get("dataset") == dataset)
        and (kind is None or info.get("kind") == kind)
    }


@st.cache_resource(show_spinner=False, max_entries=64)
def _model(name: str, stamp: float):
    return zoo.load_pretrained(name)


def model(name: str):
    """A pretrained model by name. Raises ``zoo.WeightsProblem`` (the page explains it)."""
    try:
        return _model(name, _manifest_stamp())
    except zoo.NotPrepared:
        # First run after install or retraining: export the numpy programs once, in a child
        # process (Keras must not load here); other sessions wait on the lock meanwhile.
        from pages.common.i18n import t

        with _PREPARE_LOCK:
            try:
                return _model(name, _manifest_stamp())
            except zoo.NotPrepared:
                if threading.current_thread().name == "autoencoder-lab-warm-up":
                    zoo.prepare_in_subprocess()
                else:
                    with st.spinner(t("preparing_models")):
                        zoo.prepare_in_subprocess()
        return _model(name, _manifest_stamp())


@st.cache_resource(show_spinner=False)
def dataset(name: str) -> data.Dataset:
    """MNIST or Fashion-MNIST from the best local source. Raises ``data.DataUnavailable``."""
    return data.load(name, use_keras=False)


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Once per server: load every model and dataset in the background, so that a page's
    first visit finds them ready (and a missing serving cache is prepared meanwhile)."""

    def work():
        for name in manifest().get("models", {}):
            try:
                model(name)
            except Exception:  # noqa: BLE001 - the page that needs it will explain
                pass
        for name in ("mnist", "fashion_mnist"):
            try:
                dataset(name)
            except data.DataUnavailable:
                pass

    thread = threading.Thread(target=work, name="autoencoder-lab-warm-up", daemon=True)
    thread.start()
    return thread


def gallery(name: str) -> tuple[np.ndarray, np.ndarray, data.Dataset]:
    """(images, labels, dataset) of the digits students pick from: the test set if there is one."""
    ds = dataset(name)
    x, y = ds.evaluation_split()
    return x, y, ds
