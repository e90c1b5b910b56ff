"""The app's only caches. Everything here is shared by all sessions, read-only, never trained.

Models come from ``ae_core.zoo.load_pretrained`` (numpy programs, no Keras in this process);
datasets from ``ae_core.data`` with ``use_keras=False``. Large arrays use ``cache_resource``
(shared, not copied per call); their numpy buffers are marked read-only by ``ae_core``.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import numpy as np
import streamlit as st
from threadpoolctl import threadpool_limits

from ae_core import data, jobs, zoo

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
    thread = threading.Thread(target=work, name="autoencoder-lab-warm-up", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def job_manager() -> jobs.JobManager:
    """The server's one background trainer (a worker process with Keras; see ae_core.jobs)."""
    return jobs.JobManager(workers=1, threads=1)


def gallery(name: str) -> tuple[np.ndarray, np.ndarray, data.Dataset]:
    """(images, labels, dataset) of the digits students pick from: the test set if there is one."""
    ds = dataset(name)
    x, y = ds.evaluation_split()
    return x, y, ds


# --- latent map, VAE, search ---
# Derived arrays: computed once per server from the cached models and data, never per rerun.
# Keys carry the manifest stamp, so retrained models are never served stale codes.

from ae_core.lab import latent_map as _latent_map  # noqa: E402  (kept with the functions that use it)


@st.cache_resource(show_spinner=False, max_entries=4)
def split(name: str) -> _latent_map.Split:
    """Train/test digits of a dataset for the latent pages (a seeded hold-out without a test set)."""
    return _latent_map.evaluation_split(dataset(name))


def derived_key(what: str, model_name: str | None, dataset_name: str, **extra) -> dict:
    """What derived arrays depend on: the model file (sha256), the data source, the recipe."""
    ds = dataset(dataset_name)
    sha = manifest().get("models", {}).get(model_name, {}).get("sha256") if model_name else None
    return {"what": what, "model": model_name, "sha256": sha, "data": dataset_name, "source": ds.source,
            "detail": ds.source_detail, "n_train": ds.n_train, "test": ds.has_test_set, **extra}


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_codes(name: str, dataset_name: str, stamp: float) -> dict:
    from ae_core.lab.derived import cached_arrays

    parts = split(dataset_name)

    def compute():
        chosen = _latent_map.knn_subset(len(parts.x_train))
        m = model(name)
        return {"train": _latent_map.embed(m, parts.x_train[chosen]), "train_index": chosen,
                "test": _latent_map.embed(m, parts.x_test)}

    codes = dict(cached_arrays(derived_key("map_codes", name, dataset_name, version=1), compute))
    codes["x_range"], codes["y_range"] = _latent_map.plot_range(codes["test"])
    return codes


def map_codes(name: str, dataset_name: str) -> dict:
    """2-d codes of a model: {"train", "train_index", "test", "x_range", "y_range"} (whole test set)."""
    return _map_codes(name, dataset_name, _manifest_stamp())


@st.cache_resource(show_spinner=False, max_entries=64)
def _map_scores(name: str, dataset_name: str, n: int, stamp: float) -> _latent_map.EmbeddingScores:
    parts, codes = split(dataset_name), map_codes(name, dataset_name)
    shown = _latent_map.shown_order(len(parts.x_test))[:n]
    return _latent_map.score_embedding(
        codes["train"], parts.y_train[codes["train_index"]], codes["test"][shown], parts.y_test[shown]
    )


def map_scores(name: str, dataset_name: str, n: int) -> _latent_map.EmbeddingScores:
    """kNN accuracies and silhouette of a model's map of the first ``n`` shown digits."""
    return _map_scores(name, dataset_name, int(n), _manifest_stamp())


@st.cache_resource(show_spinner=False, max_entries=8)
def _hover_rows(name: str, dataset_name: str, n: int, class_names: tuple, stamp: float):
    import pandas as pd

    parts, codes = split(dataset_name), map_codes(name, dataset_name)
    shown = _latent_map.shown_order(len(parts.x_test))[:n]
    return pd.DataFrame(_latent_map.hover_rows(codes["test"][shown], parts.y_test[shown], parts.x_test[shown], class_names))


def hover_rows(name: str, dataset_name: str, n: int, class_names: tuple):
    """The first ``n`` shown digits of a model's map with their pictures (a DataFrame, cached)."""
    return _hover_rows(name, dataset_name, int(n), tuple(class_names), _manifest_stamp())


@st.cache_resource(show_spinner=False, max_entries=8)
def tsne(dataset_name: str, n: int) -> dict:
    """t-SNE of a capped subset: {"train", "train_labels", "shown", "count", "scores", ranges}."""
    parts = split(dataset_name)
    shown = _latent_map.shown_order(len(parts.x_test))[: min(n, _latent_map.TSNE_MAX_SHOWN)]
    train_index = _latent_map.knn_subset(len(parts.x_train), _latent_map.tsne_train_count(n))
    train, shown_embedding = _latent_map.tsne_embedding(parts.x_train[train_index], parts.x_test[shown])
    labels = parts.y_train[train_index]
    scores = _latent_map.score_embedding(train, labels, shown_embedding, parts.y_test[shown])
    x_range, y_range = _latent_map.plot_range(shown_embedding)
    return {"train": train, "shown": shown_embedding, "count": len(shown), "scores": scores,
            "x_range": x_range, "y_range": y_range}


@st.cache_resource(show_spinner=False, max_entries=48)
def latent_figure(name: str, dataset_name: str, n: int, star, strings: tuple, stamp: float):
    """The map of one model (or "tsne"), built from the cached arrays; never mutated.

    ``strings``: (class names tuple, hover template, star name), already translated.
    """
    from ae_core.figures import latent_scatter

    class_names, hover, star_name = strings
    parts = split(dataset_name)
    shown = _latent_map.shown_order(len(parts.x_test))
    if name == "tsne":
        codes = tsne(dataset_name, n)
        count = codes["count"]
        embedding, grid = codes["shown"], None
    else:
        codes = map_codes(name, dataset_name)
        count = n
        embedding = codes["test"][shown[:n]]
        grid = _latent_map.location_grid(codes["x_range"], codes["y_range"])
    index = np.arange(count)
    return latent_scatter(
        embedding, parts.y_test[shown[:count]], index, class_names, x_range=codes["x_range"],
        y_range=codes["y_range"], grid=grid, star=star, star_name=star_name, hover=hover,
    )


def manifest_stamp() -> float:
    return _manifest_stamp()


@st.cache_resource(show_spinner=False, max_entries=8)
def _directions(name: str, stamp: float):
    from ae_core.lab import vae as vae_lab
    from ae_core.lab.derived import cached_arrays

    dataset_name = manifest()["models"][name].get("dataset", "mnist")
    ds = dataset(dataset_name)
    chosen = _latent_map.knn_subset(ds.n_train, vae_lab.DIRECTION_DIGITS)

    def compute():
        found = vae_lab.latent_directions(model(name), ds.x_train[chosen], ds.y_train[chosen])
        return {"class_means": found.class_means, "thickness": found.thickness, "slant": found.slant}

    arrays = cached_arrays(derived_key("directions", name, dataset_name, n=len(chosen), version=1), compute)
    return vae_lab.Directions(arrays["class_means"], arrays["thickness"], arrays["slant"], len(chosen))


def directions(name: str):
    """Class means, thickness and slant directions in a model's code (from its training data)."""
    return _directions(name, _manifest_stamp())


SEARCH_PCA_COMPONENTS = 100  # PCA-k search indexes hold this many components; k slices them


@st.cache_resource(show_spinner=False, max_entries=12)
def _search_codes(name: str, dataset_name: str, stamp: float) -> np.ndarray:
    from ae_core.lab.derived import cached_arrays
    from ae_core.lab.search import encode_index

    x = dataset(dataset_name).x_train
    m = model(name) if name != "pixels" else None
    if hasattr(m, "truncated"):
        m = m.truncated(SEARCH_PCA_COMPONENTS)
    if m is None:
        return encode_index(None, x)
    parts = derived_key("search_codes", name, dataset_name, version=1)
    return cached_arrays(parts, lambda: {"codes": encode_index(m, x)})["codes"]


def search_codes(name: str, dataset_name: str) -> np.ndarray:
    """Codes of every training image of a dataset in a model's code space ("pixels": the pixels)."""
    return _search_codes(name, dataset_name, _manifest_stamp())


@st.cache_resource(show_spinner=False, max_entries=4)
def _pixel_norms(dataset_name: str) -> np.ndarray:
    from ae_core.lab.search import squared_norms

    norms = squared_norms(search_codes("pixels", dataset_name))
    norms.flags.writeable = False
    return norms


def pixel_norms(dataset_name: str) -> np.ndarray:
    """Squared norms of the training images' pixels (the pixel search's per-query work, done once)."""
    return _pixel_norms(dataset_name)


# --- lessons: PCA, compression, sparse, tied, recurrent ---
LESSON_DIGITS = 1000  # digits the lesson pages measure on (a fixed seeded subset of the gallery)


@st.cache_resource(show_spinner=False, max_entries=2)
def lesson_digits(dataset_name: str = "mnist") -> tuple[np.ndarray, str]:
    """(images (n, 28, 28, 1), what they are) for the lessons' statistics: a seeded subset of the
    test set (or of the sample without one). Raises ``data.DataUnavailable``."""
    x, _, ds = gallery(dataset_name)
    chosen = np.sort(np.random.default_rng(0).permutation(len(x))[:LESSON_DIGITS])
    images = x[chosen]
    images.flags.writeable = False
    return images, ds


@st.cache_resource(show_spinner=False, max_entries=4)
def _grid_measured(names: tuple, stamp: float) -> dict:
    from ae_core.lab.compression import measure_cells
    from ae_core.lab.derived import cached_arrays

    x, _ = lesson_digits()
    models = {name: model(name) for name in names}

    def compute():
        cells = measure_cells(models, x)
        return {"names": np.array([c.name for c in cells]), "sizes": np.array([c.size for c in cells]),
                "squared_error": np.array([c.squared_error for c in cells], "float64"),
                "bce": np.array([c.bce for c in cells], "float64")}

    shas = [manifest().get("models", {}).get(n, {}).get("sha256") for n in names]
    return cached_arrays(derived_key("grid_measured", None, "mnist", models=list(names), shas=shas, n=len(x), version=1), compute)


def grid_measured(names) -> list:
    """Squared error and BCE of the grid models (and PCA at each size) on the lesson digits, as
    ``ae_core.lab.compression.Cell``s. Slow the first time (seconds), then read from disk."""
    from ae_core.lab.compression import cell_of

    arrays = _grid_measured(tuple(sorted(names)), _manifest_stamp())
    return [cell_of(str(n), int(s), float(e), float(b))
            for n, s, e, b in zip(arrays["names"], arrays["sizes"], arrays["squared_error"], arrays["bce"])]


@st.cache_resource(show_spinner=False, max_entries=8)
def _lesson_codes(name: str, stamp: float) -> np.ndarray:
    from ae_core.lab.sparse import codes_of

    x, _ = lesson_digits()
    codes = codes_of(model(name), x)
    codes.flags.writeable = False
    return codes


def lesson_codes(name: str) -> np.ndarray:
    """Codes of the lesson digits in a model's code space (n, units)."""
    return _lesson_codes(name, _manifest_stamp())


# --- lessons: pretraining, anomalies, train your own ---

ANOMALY_PCA_K = 30  # PCA scores anomalies with its first 30 components (the 30-d AE's size)


@st.cache_resource(show_spinner=False, max_entries=2)
def anomaly_sets() -> dict:
    """The images the anomalies page scores: {"digits", "noise"[, "fashion"]} (1,000 each,
    read-only), plus "fashion_problem" (a DataUnavailable) when Fashion-MNIST is missing.

    Digits are held out of the models' training when there is a test set (see latent_map.split).
    """
    from ae_core.lab import anomalies

    sets = {"digits": anomalies.sample(split("mnist").x_test), "noise": anomalies.noise_images(anomalies.PER_SET)}
    try:
        sets["fashion"] = anomalies.sample(dataset("fashion_mnist").evaluation_split()[0])
    except data.DataUnavailable as problem:
        sets["fashion_problem"] = problem
    for value in sets.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return sets


def anomaly_model(name: str):
    """A scoring model: the zoo's model (PCA truncated to ANOMALY_PCA_K components)."""
    m = model(name)
    return m.truncated(ANOMALY_PCA_K) if hasattr(m, "truncated") else m


@st.cache_resource(show_spinner=False, max_entries=16)
def _anomaly_scores(name: str, stamp: float) -> dict:
    from ae_core.lab import anomalies
    from ae_core.lab.derived import cached_arrays

    sets = anomaly_sets()
    kinds = [k for k in ("digits", "fashion", "noise") if k in sets]
    mnist = dataset("mnist")
    key = {"what": "anomaly_scores", "model": name, "sha256": manifest().get("models", {}).get(name, {}).get("sha256"),
           "mnist": [mnist.source, mnist.source_detail, mnist.n_train, mnist.has_test_set], "kinds": kinds,
           "per_set": anomalies.PER_SET, "pca_k": ANOMALY_PCA_K, "version": 1}
    m = anomaly_model(name)
    return dict(cached_arrays(key, lambda: {k: anomalies.reconstruction_errors(m, sets[k]) for k in kinds}))


def anomaly_scores(name: str) -> dict:
    """{kind: reconstruction error of each image of anomaly_sets()} for one model (cached)."""
    return _anomaly_scores(name, _manifest_stamp())


# (lessons: PCA, compression, sparse, tied, recurrent - continued)
@st.cache_resource(show_spinner=False, max_entries=32)
def _activity_figures(names: tuple, threshold: float, strings: tuple, stamp: float):
    from ae_core.figures import histogram_panels
    from ae_core.lab.sparse import active_fraction, histogram

    titles, activation, share, fraction, share_digits = strings
    codes = {name: lesson_codes(name) for name in names}
    values = histogram_panels({titles[i]: histogram(codes[n], 40) for i, n in enumerate(names)}, activation, share)
    fractions = histogram_panels({titles[i]: histogram(active_fraction(codes[n], threshold), 25, (0.0, 1.0))
                                  for i, n in enumerate(names)}, fraction, share_digits)
    return values, fractions


def activity_figures(names, threshold: float, strings: tuple):
    """(histogram of every code activation, histogram of the share of units active per digit) of the
    lesson digits for these models, built once per threshold and language; never mutated.
    ``strings``: (model titles, activation, share, fraction, share of digits), translated."""
    return _activity_figures(tuple(names), float(threshold), strings, _manifest_stamp())
