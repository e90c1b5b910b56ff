"""Image search: the training images nearest to a query, by distance between codes or between pixels."""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.metrics import precision_at_k

MAX_K = 50


@dataclasses.dataclass(frozen=True)
class SearchResult:
    indices: np.ndarray  # (k,) training indices, nearest first
    distances: np.ndarray  # (k,) Euclidean distances, ascending
    labels: np.ndarray  # (k,) their labels
    precision: float | None  # share of results with the query's label (None without a label)


def encode_index(model, x) -> np.ndarray:
    """The search index of images x (N, 28, 28, 1): each image's code, flattened to (N, d).
    ``model=None`` searches the pixels themselves (a view, no copy)."""
    x = np.asarray(x, dtype="float32")
    if model is None:
        return x.reshape(len(x), -1)
    return np.asarray(model.encode(x), dtype="float32").reshape(len(x), -1)


def squared_norms(index_codes) -> np.ndarray:
    """|a|^2 of every row: pass it to :func:`nearest` to save that work on every query."""
    codes = np.asarray(index_codes, dtype="float32")
    return np.einsum("ij,ij->i", codes, codes, dtype="float64")


def nearest(index_codes, query_code, k: int, exclude=None, norms=None) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``index_codes`` (N, d) closest to ``query_code`` (d,) in Euclidean distance,
    nearest first (ties by index); rows in ``exclude`` are skipped. Returns (indices, distances).
    ``norms``: the rows' :func:`squared_norms`, if already known."""
    codes = np.asarray(index_codes, dtype="float32")
    q = np.asarray(query_code, dtype="float32").reshape(-1)
    norms = squared_norms(codes) if norms is None else norms
    # |a - q|^2 = |a|^2 - 2 a.q + |q|^2, in float64 for the subtraction
    squared = norms - 2.0 * (codes @ q).astype("float64") + float(q @ q)
    distances = np.sqrt(np.maximum(squared, 0.0))
    if exclude is not None and len(np.atleast_1d(exclude)):
        distances[np.atleast_1d(exclude)] = np.inf
    k = int(np.clip(k, 0, np.isfinite(distances).sum()))
    if k == 0:
        return np.zeros(0, int), np.zeros(0)
    # The expansion above loses digits for near neighbours: shortlist generously with it, then
    # measure the shortlist exactly.
    short = min(len(distances), 4 * k + 16)
    candidates = np.argpartition(distances, short - 1)[:short] if short < len(distances) else np.arange(len(distances))
    candidates = candidates[np.isfinite(distances[candidates])]
    exact = np.linalg.norm(codes[candidates].astype("float64") - q.astype("float64"), axis=1)
    order = np.lexsort((candidates, exact))[:k]
    return candidates[order], exact[order]


def search(model, index_codes, labels, query, k: int, query_label=None, exclude=None, norms=None) -> SearchResult:
    """The k nearest training images to ``query`` (28, 28) in ``model``'s code space
    (``model=None``: pixel space), with precision@k of ``query_label`` when it is known."""
    query_code = encode_index(model, np.asarray(query, dtype="float32").reshape(1, 28, 28, 1))[0]
    query_code = query_code[: np.asarray(index_codes).shape[1]]  # a PCA index may hold fewer components
    indices, distances = nearest(index_codes, query_code, min(int(k), MAX_K), exclude, norms)
    found = np.asarray(labels)[indices]
    precision = None if query_label is None or len(found) == 0 else precision_at_k(query_label, found)
    return SearchResult(indices, distances, found, precision)


SEARCH_PCA_COMPONENTS = 100  # a PCA search index holds this many components; the page's k slices them


def index_codes(model, dataset) -> dict:
    """{"codes": (N, d)}: every training image of ``dataset`` in ``model``'s code space (PCA: its
    first SEARCH_PCA_COMPONENTS components). Kept on disk by the app."""
    if hasattr(model, "truncated"):
        model = model.truncated(SEARCH_PCA_COMPONENTS)
    return {"codes": encode_index(model, dataset.x_train)}


def pixel_index(dataset) -> dict:
    """{"pixels": (N, 784) view of the training images, "norms": their squared norms}: the pixel
    search's per-query work, done once."""
    pixels = encode_index(None, dataset.x_train)
    return {"pixels": pixels, "norms": squared_norms(pixels)}
