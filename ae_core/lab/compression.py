"""Compression levels: the 784-d'-784 grid of one-hidden-layer autoencoders against PCA at the same d'.

Every cell was trained with the same recipe (BCE loss, 15 epochs); only the code size d' and the
activations of the code (encoder) and of the output (decoder) change. A ReLU output is unbounded
above and has zero gradient below 0: a pixel whose pre-activation goes negative stays black for
good, while BCE penalises outputs past 1. The sigmoid output keeps every pixel in (0, 1).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.lab.common import lesson_digits
from ae_core.metrics import bce, squared_error
from ae_core.models.dense_ae_presets import GRID_ACTIVATIONS as PAIRS
from ae_core.models.dense_ae_presets import GRID_SIZES as SIZES
from ae_core.models.dense_ae_presets import grid_name
from ae_core.registry import get_spec

PIXELS = 784


def pair_label(pair) -> str:
    """"sigmoid / relu": spaced, so a narrow column header breaks between the two names."""
    return f"{pair[0]} / {pair[1]}"


@dataclasses.dataclass(frozen=True)
class Cell:
    name: str
    size: int
    pair: tuple
    params: int | None
    squared_error: float | None  # per image, summed over the 784 pixels
    bce: float | None  # nats per image, summed over the pixels

    @property
    def mse(self) -> float | None:
        """Mean squared error per pixel."""
        return None if self.squared_error is None else self.squared_error / PIXELS


def manifest_cells(models: dict) -> list[Cell]:
    """The grid cells listed in the manifest, with the test metrics the trainer measured."""
    cells = []
    for size in SIZES:
        for pair in PAIRS:
            info = models.get(grid_name(size, *pair))
            if info is None:
                continue
            metrics = info.get("test_metrics", {})
            cells.append(Cell(grid_name(size, *pair), size, pair, info.get("params"),
                              metrics.get("squared_error"), metrics.get("bce")))
    return cells


def measure_cells(models: dict, x) -> list[Cell]:
    """The same metrics measured now on the images ``x`` (N, 28, 28, 1) for each loaded grid model
    (name -> model), and for PCA at every grid size when ``models`` has "pca"."""
    cells = []
    for size in SIZES:
        for pair in (*PAIRS, ("pca", "pca")):
            name = "pca" if pair[0] == "pca" else grid_name(size, *pair)
            model = models.get(name)
            if model is None:
                continue
            if name == "pca":
                model = model.truncated(size)
            if len(x) == 0:
                cells.append(Cell(name, size, pair, None, None, None))
                continue
            x_hat = model.reconstruct(x)  # as the trainer measured: no clipping (BCE clips itself)
            cells.append(Cell(name, size, pair, None, float(squared_error(x, x_hat).mean()), float(bce(x, x_hat).mean())))
    return cells


def rate_distortion(cells: list[Cell], metric: str = "squared_error") -> dict:
    """{pair label: (sizes, errors)} for a plot of error against code size, one line per pair."""
    series: dict = {}
    for cell in sorted(cells, key=lambda c: c.size):
        value = getattr(cell, metric)
        if value is not None:
            sizes, values = series.setdefault(pair_label(cell.pair), ([], []))
            sizes.append(cell.size)
            values.append(float(value))
    return series


def worst_pair_by_size(cells: list[Cell], metric: str = "squared_error") -> dict:
    """{size: label of the autoencoder pair with the highest error at that size} (PCA left out)."""
    worst: dict = {}
    for cell in cells:
        value = getattr(cell, metric)
        if cell.pair[0] == "pca" or value is None:
            continue
        if cell.size not in worst or value > worst[cell.size][1]:
            worst[cell.size] = (pair_label(cell.pair), value)
    return {size: label for size, (label, _) in sorted(worst.items())}


def reconstructions(model, x, size: int | None = None) -> np.ndarray:
    """(N, 28, 28) reconstructions clipped to [0, 1] (PCA truncated to ``size`` components)."""
    if size is not None and hasattr(model, "truncated"):
        model = model.truncated(size)
    x = np.asarray(x, dtype="float32").reshape(-1, 28, 28, 1)
    return np.clip(model.reconstruct(x), 0.0, 1.0).reshape(-1, 28, 28)


def cell_of(name: str, size: int, squared_error=None, bce=None, params=None) -> Cell:
    """A cell from its model name ("pca" for PCA at ``size`` components)."""
    if name == "pca":
        return Cell(name, int(size), ("pca", "pca"), params, squared_error, bce)
    config = get_spec(name).config
    return Cell(name, int(config["latent_dim"]), (config["code_activation"], config["output_activation"]),
                params, squared_error, bce)


def pca_cells(pca_info: dict | None) -> list[Cell]:
    """PCA at each grid size from the manifest (parameters: k components and the mean; the test
    squared error and BCE where the trainer measured that k)."""
    metrics = (pca_info or {}).get("test_metrics", {})
    return [cell_of("pca", size, metrics.get(f"squared_error_k{size}"), metrics.get(f"bce_k{size}"), PIXELS * size + PIXELS)
            for size in SIZES]


def comparison_rows(listed: list[Cell], measured: list[Cell]) -> list[dict]:
    """One row per (size, pair), PCA last in each size: the manifest's numbers next to the measured ones."""
    now = {(c.size, c.pair): c for c in measured}
    rows = []
    for cell in sorted(listed, key=lambda c: (c.size, c.pair[0] == "pca")):
        other = now.get((cell.size, cell.pair))
        rows.append({
            "size": cell.size, "pair": pair_label(cell.pair) if cell.pair[0] != "pca" else "PCA",
            "params": cell.params, "test_squared_error": cell.squared_error, "test_mse": cell.mse, "test_bce": cell.bce,
            "measured_squared_error": other.squared_error if other else None,
            "measured_bce": other.bce if other else None,
        })
    return rows


@dataclasses.dataclass(frozen=True)
class Verdict:
    relu_worst: int  # code sizes at which the ReLU decoder has the highest error
    sizes: int  # code sizes compared (all three pairs present)
    ratio: float | None  # mean over sizes of (ReLU-decoder error / sigmoid-decoder error, same encoder)


def relu_decoder_verdict(cells: list[Cell], metric: str = "squared_error") -> Verdict:
    """How the lesson's conclusion shows in these numbers: is sigmoid/relu the worst pair at each size,
    and by what factor its error exceeds sigmoid/sigmoid's."""
    by = {(c.size, c.pair): getattr(c, metric) for c in cells if getattr(c, metric) is not None}
    sizes = [s for s in SIZES if all((s, p) in by for p in PAIRS)]
    worst = worst_pair_by_size([c for c in cells if c.size in sizes], metric)
    ratios = [by[(s, ("sigmoid", "relu"))] / by[(s, ("sigmoid", "sigmoid"))] for s in sizes
              if by[(s, ("sigmoid", "sigmoid"))] > 0]
    return Verdict(sum(worst.get(s) == pair_label(("sigmoid", "relu")) for s in sizes), len(sizes),
                   float(np.mean(ratios)) if ratios else None)


def digit_errors(models: dict, digit) -> dict:
    """{(size, pair label or "PCA"): squared error} of one (28, 28) digit through every grid model and PCA."""
    x = np.asarray(digit, "float32").reshape(1, 28, 28, 1)
    errors = {}
    for size in SIZES:
        for pair in (*PAIRS, ("pca", "pca")):
            name = "pca" if pair[0] == "pca" else grid_name(size, *pair)
            if name in models:
                model = models[name].truncated(size) if name == "pca" else models[name]
                errors[(size, "PCA" if name == "pca" else pair_label(pair))] = float(squared_error(x, model.reconstruct(x))[0])
    return errors


def grid_measurements(models: dict, dataset) -> dict:
    """:func:`measure_cells` on the lesson digits of ``dataset``, as arrays (kept on disk by the
    app: a dozen models over a thousand digits take seconds); :func:`cells_from` reads them back."""
    cells = measure_cells(models, lesson_digits(dataset))
    return {"names": np.array([c.name for c in cells]), "sizes": np.array([c.size for c in cells]),
            "squared_error": np.array([c.squared_error for c in cells], "float64"),
            "bce": np.array([c.bce for c in cells], "float64")}


def cells_from(arrays: dict) -> list[Cell]:
    return [cell_of(str(n), int(s), float(e), float(b))
            for n, s, e, b in zip(arrays["names"], arrays["sizes"], arrays["squared_error"], arrays["bce"])]
