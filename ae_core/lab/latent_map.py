"""Latent map: the same digits embedded in 2-d by an AE, a VAE and PCA, scored side by side.

Each 2-d model places a digit at its code. kNN accuracy (fitted on the training embedding,
scored on the shown test digits) and the silhouette score say how well the classes separate,
in the protocol of Sainburg, McInnes & Gentner (2021), whose published values are kept here.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from threadpoolctl import threadpool_limits

from ae_core.lab.common import evaluation_split, seeded_subset
from ae_core.metrics import knn_accuracy, silhouette

MAX_KNN_TRAIN = 10_000  # training digits the kNN classifier is fitted on (seeded subset beyond)
TSNE_MAX_TRAIN = 1_000  # t-SNE has no encoder: it embeds these training digits with the shown ones
TSNE_MAX_SHOWN = 1_000

# Sainburg, McInnes & Gentner, Neural Computation 2021 (Parametric UMAP), 2-d embeddings,
# kNN fitted on the training embedding and scored on the test embedding: (1-NN, 5-NN).
PUBLISHED = {
    "mnist": {"pca": (0.377, 0.420), "autoencoder": (0.765, 0.793), "vae": (0.724, 0.765), "tsne": (0.941, 0.950)},
    "fashion_mnist": {"pca": (0.447, 0.506), "autoencoder": (0.682, 0.734), "vae": (0.665, 0.716)},
}
KIND_ORDER = {"autoencoder": 0, "vae": 1, "pca": 2}


@dataclasses.dataclass(frozen=True)
class EmbeddingScores:
    knn1: float | None
    knn5: float | None
    silhouette: float | None
    n_train: int
    n_test: int


def shown_order(n_test: int, seed: int = 0) -> np.ndarray:
    """A fixed shuffle of the test digits: the map shows its first n (every n mixes all classes)."""
    return np.random.default_rng(seed).permutation(n_test)


def knn_subset(n_train: int, cap: int = MAX_KNN_TRAIN, seed: int = 0) -> np.ndarray:
    """Indices of the training digits the kNN classifier uses (all, or a seeded subset of ``cap``)."""
    return seeded_subset(n_train, cap, seed)


def embed(model, x) -> np.ndarray:
    """2-d codes of images (N, 28, 28, 1): a 2-d AE or VAE (its mean), or PCA's first two components."""
    if hasattr(model, "truncated"):
        model = model.truncated(2)
    return np.asarray(model.encode(x), dtype="float32")[:, :2]


def decode_at(model, x: float, y: float) -> np.ndarray:
    """The decoder's (28, 28) image for the map location (x, y), clipped to [0, 1]."""
    if hasattr(model, "truncated"):
        model = model.truncated(2)
    z = np.array([[x, y]], dtype="float32")
    return np.clip(model.decode(z), 0.0, 1.0).reshape(28, 28)


def score_embedding(train_embedding, train_labels, test_embedding, test_labels, seed: int = 0) -> EmbeddingScores:
    """1-NN and 5-NN accuracy (fit on train, score on test) and the test silhouette.

    A score that needs more digits than there are (k neighbours, two classes) is None.
    """
    n_train, n_test = len(train_embedding), len(test_embedding)
    knn = {}
    with threadpool_limits(limits=1):  # one thread: on shared cores OpenMP threads fight (2-3x slower)
        for k in (1, 5):
            ok = n_train >= k and n_test >= 1
            knn[k] = knn_accuracy(train_embedding, train_labels, test_embedding, test_labels, k=k) if ok else None
        classes = len(np.unique(test_labels)) if n_test else 0
        sil = silhouette(test_embedding, test_labels, seed=seed) if 2 <= classes <= n_test - 1 else None
    return EmbeddingScores(knn[1], knn[5], sil, n_train, n_test)


def published(dataset: str, kind: str) -> tuple[float, float] | None:
    """Sainburg et al.'s (1-NN, 5-NN) for a kind of embedding ("autoencoder", "vae", "pca", "tsne")."""
    return PUBLISHED.get(dataset, {}).get(kind)


def plot_range(embedding, pad: float = 0.08, quantile: float = 0.002) -> tuple[tuple[float, float], tuple[float, float]]:
    """((x0, x1), (y0, y1)) holding all but the most extreme 0.2% of points, padded."""
    e = np.asarray(embedding, dtype="float64")
    if len(e) == 0:
        return (-1.0, 1.0), (-1.0, 1.0)
    low, high = np.quantile(e, quantile, axis=0), np.quantile(e, 1 - quantile, axis=0)
    span = np.maximum(high - low, 1e-3)
    low, high = low - pad * span, high + pad * span
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def tsne_embedding(x_train, x_shown, seed: int = 0, perplexity: float = 30.0) -> tuple[np.ndarray, np.ndarray]:
    """t-SNE of training and shown digits together (t-SNE cannot place new points).

    Pixels are reduced to 50 principal components first (the usual recipe). Returns
    (train embedding, shown embedding). Slow: seconds per thousand digits.
    """
    from sklearn.decomposition import PCA as SkPCA
    from sklearn.manifold import TSNE

    flat = np.concatenate([np.asarray(x_train).reshape(len(x_train), -1), np.asarray(x_shown).reshape(len(x_shown), -1)])
    perplexity = min(perplexity, max(2.0, (len(flat) - 1) / 3))
    with threadpool_limits(limits=1):  # one thread: on 2 busy cores OpenMP threads made it 10x slower
        reduced = SkPCA(n_components=min(50, *flat.shape), random_state=seed).fit_transform(flat)
        embedding = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(reduced)
    embedding = embedding.astype("float32")
    return embedding[: len(x_train)], embedding[len(x_train) :]


def tsne_train_count(n_shown: int) -> int:
    """Training digits embedded with the shown ones for t-SNE's kNN: as many as shown (at least 300),
    at most TSNE_MAX_TRAIN (t-SNE's time grows faster than the number of points)."""
    return int(min(TSNE_MAX_TRAIN, max(300, n_shown)))


def location_grid(x_range, y_range, steps: int = 40) -> np.ndarray:
    """(steps * steps, 2) evenly spaced locations covering the plot: clicking the map on an
    empty spot selects the nearest of them."""
    gx, gy = np.meshgrid(np.linspace(*x_range, steps), np.linspace(*y_range, steps))
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype("float32")


def read_selection(selection, grid_curve: int = 0) -> tuple[list[int], tuple[float, float] | None]:
    """Split a Streamlit Plotly selection into (chosen digit indices, picked empty location).

    Digit traces carry the digit's index as ``customdata``; the location grid is trace
    ``grid_curve``. A selection of only grid points is a click on an empty spot: its location
    is returned. Indices keep the order in which points come, without repeats.
    """
    points = (selection or {}).get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    digits, location = [], None
    seen = set()
    for point in points or ():
        curve = point.get("curve_number", point.get("curveNumber"))
        custom = point.get("customdata")
        if curve == grid_curve:
            if location is None and point.get("x") is not None:
                location = (float(point["x"]), float(point["y"]))
            continue
        if isinstance(custom, (list, tuple)):
            custom = custom[0] if custom else None
        if custom is None:
            continue
        index = int(custom)
        if index not in seen:
            seen.add(index)
            digits.append(index)
    return digits, (location if not digits else None)


HOVER_CAP = 1000  # digits sent with their pictures for the hover map (~0.5 kB each)


def hover_rows(embedding, labels, images, class_names, scale: int = 3) -> list[dict]:
    """One row per digit for a map whose tooltip shows the digit itself: x, y, its class name, its
    number on the map and its picture as a PNG data URL (``scale`` x nearest-neighbour, so it reads
    at tooltip size). About 0.5 kB per digit: callers cap how many they send."""
    from ae_core.imaging import png_data_url, upscale

    rows = []
    for index, ((x, y), label, image) in enumerate(zip(np.asarray(embedding), labels, images)):
        rows.append({
            "x": float(x), "y": float(y), "label": str(class_names[int(label)]), "number": index,
            "image": png_data_url(upscale(np.asarray(image)[..., 0] if np.ndim(image) == 3 else image, scale)),
        })
    return rows


# --- what the page shows, from a model and a dataset (memoised by the app) ---


def map_codes(model, dataset) -> dict:
    """A model's map of a dataset: 2-d codes of the kNN's training digits ("train",
    "train_labels") and of every test digit in the shown order ("test", "test_labels",
    "test_index": positions in the split's test part)."""
    split = evaluation_split(dataset)
    chosen = knn_subset(len(split.x_train))
    shown = shown_order(len(split.x_test))
    return {"train": embed(model, split.x_train[chosen]), "train_labels": np.asarray(split.y_train[chosen]),
            "test": embed(model, split.x_test[shown]), "test_labels": np.asarray(split.y_test[shown]),
            "test_index": shown}


def tsne_codes(dataset, n: int) -> dict:
    """The t-SNE map of the first ``n`` shown digits (at most TSNE_MAX_SHOWN), with as many
    training digits for the kNN: the same keys as :func:`map_codes`."""
    split = evaluation_split(dataset)
    shown = shown_order(len(split.x_test))[: min(int(n), TSNE_MAX_SHOWN)]
    train_index = knn_subset(len(split.x_train), tsne_train_count(n))
    train, shown_embedding = tsne_embedding(split.x_train[train_index], split.x_test[shown])
    return {"train": train, "train_labels": np.asarray(split.y_train[train_index]), "test": shown_embedding,
            "test_labels": np.asarray(split.y_test[shown]), "test_index": shown}


def map_scores(codes: dict, n: int) -> EmbeddingScores:
    """kNN accuracies and silhouette of the first ``n`` shown digits of a map."""
    return score_embedding(codes["train"], codes["train_labels"], codes["test"][:n], codes["test_labels"][:n])


def map_ranges(codes: dict):
    """((x0, x1), (y0, y1)) of a map's plot: every test digit's code but the outliers."""
    return plot_range(codes["test"])


def map_figure(codes: dict, n: int, star, strings: tuple, with_grid: bool = True):
    """The map of the first ``n`` shown digits as a Plotly figure (never mutated: shared).

    ``strings``: (class names, hover template, star name), already translated; ``star``: (x, y)
    of the current digit or None; ``with_grid``: a click on an empty spot picks a location.
    """
    from ae_core.figures import latent_scatter

    class_names, hover, star_name = strings
    x_range, y_range = map_ranges(codes)
    count = min(int(n), len(codes["test"]))
    grid = location_grid(x_range, y_range) if with_grid else None
    return latent_scatter(codes["test"][:count], codes["test_labels"][:count], np.arange(count), class_names,
                          x_range=x_range, y_range=y_range, grid=grid, star=star, star_name=star_name, hover=hover)


def hover_table(dataset, codes: dict, n: int, class_names: tuple):
    """The first ``n`` shown digits of a map with their pictures, as a DataFrame for Vega-Lite."""
    import pandas as pd

    split = evaluation_split(dataset)
    index = codes["test_index"][:n]
    return pd.DataFrame(hover_rows(codes["test"][:n], codes["test_labels"][:n], split.x_test[index], class_names))


def selected_digits(dataset, codes: dict, indices) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels) of map points chosen by their numbers on the map."""
    split = evaluation_split(dataset)
    order = codes["test_index"][np.asarray(indices, int)]
    return split.x_test[order], split.y_test[order]
