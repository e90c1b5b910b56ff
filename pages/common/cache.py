"""The app's only caches: the loaders of models, data and the manifest, and one memoiser.

Everything here is shared by all sessions, read-only, never trained. Models come from
``ae_core.zoo.load_pretrained`` (numpy programs, no Keras in this process); datasets from
``ae_core.data`` with ``use_keras=False``. A page's own computations live in
``ae_core/lab/<page>.py`` and are memoised with :func:`memo`, keyed by the models' sha256 and
the inputs (``ae_core.memo``).
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import streamlit as st
from threadpoolctl import threadpool_limits

from ae_core import data, jobs, memo as memo_keys, zoo

_PREPARE_LOCK = threading.Lock()
WARM_UP_THREAD = "autoencoder-lab-warm-up"


def _manifest_stamp() -> float:
    path = Path(zoo.PRETRAINED_DIR) / zoo.MANIFEST
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False, max_entries=4)
def _manifest(stamp: float) -> dict:
    return zoo.read_manifest()


def manifest() -> dict:
    """The pretrained manifest (re-read when the file changes, e.g. after retraining)."""
    return _manifest(_manifest_stamp())


def trained(name: str) -> dict:
    """What training measured for one model ({} when the manifest does not list it)."""
    return manifest().get("models", {}).get(name, {})


def available(*, dataset: str | None = None, kind: str | None = None, tag: str | None = None) -> list[str]:
    """Registered zoo models with trained weights listed, in registry order, filtered."""
    return zoo.trained_models(manifest(), dataset=dataset, kind=kind, tag=tag)


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
                if threading.current_thread().name == WARM_UP_THREAD:
                    zoo.prepare_in_subprocess()
                else:
                    with st.spinner(t("preparing_models")):
                        zoo.prepare_in_subprocess()
        return _model(name, _manifest_stamp())


@st.cache_resource(show_spinner=False)
def dataset(name: str) -> data.Dataset:
    """MNIST or Fashion-MNIST from the best local source. Raises ``data.DataUnavailable``."""
    return data.load(name, use_keras=False)


def gallery(name: str) -> tuple:
    """(images, labels, dataset) of the digits students pick from: the test set if there is one."""
    ds = dataset(name)
    x, y = ds.evaluation_split()
    return x, y, ds


@st.cache_resource(show_spinner=False, max_entries=128)
def _memoised(key: str, _function, _args: tuple, _kwargs: dict, _persist: bool):
    if _persist:
        result = memo_keys.stored_arrays(key, _function.__name__, lambda: _function(*_args, **_kwargs))
    else:
        result = _function(*_args, **_kwargs)
    return memo_keys.Keyed(result, key) if isinstance(result, dict) else result


def memo(function, *args, persist: bool = False, **kwargs):
    """``function(*args, **kwargs)``, computed once per server for the same inputs.

    Keys: the function (module, name, source) and every input, models by their file's sha256 and
    datasets by their source (``ae_core.memo.fingerprint``). ``persist=True`` also keeps the result,
    a dict of arrays, on disk between server starts (for what takes seconds to compute). A dict
    result carries its key, so it can be an input of another memoised call. Results are shared by
    every session: never mutate them.
    """
    key = memo_keys.call_key(function, args, kwargs)
    return _memoised(key, function, args, kwargs, persist)


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
        # Everything loaded so far lives as long as the server: keep it out of every future
        # garbage collection (a full collection of it costs ~0.1 s).
        gc.collect()
        gc.freeze()

    # One image through a model is a chain of small matrix products: spreading each over BLAS
    # threads made them 5-15x slower on 2 busy cores, and sessions already run in parallel.
    threadpool_limits(limits=1, user_api="blas")
    # pandas before any page runs (every session waits for this function once): Streamlit imports
    # it lazily (e.g. the canvas component's data check on the Draw page) while Plotly only peeks
    # at sys.modules for it, so a Noise lab run during another session's first Draw run found a
    # half-imported pandas ("partially initialized module 'pandas'"; tests/test_faults.py).
    import pandas  # noqa: F401
    thread = threading.Thread(target=work, name=WARM_UP_THREAD, daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def class_store():
    """The store of the class wall's rooms (SQLite, or Redis when AE_LAB_CLASS_REDIS is set),
    shared by every session of this process and, through the file or the server, by every process."""
    from ae_core.classroom import open_store

    return open_store()


@st.cache_resource(show_spinner=False)
def job_manager() -> jobs.JobManager:
    """The server's one background trainer (a worker process with Keras; see ae_core.jobs)."""
    return jobs.JobManager(workers=1, threads=1)
