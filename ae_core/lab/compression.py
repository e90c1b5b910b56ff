"""Compression levels: the 784-d'-784 grid of one-hidden-layer autoencoders against PCA at the same d'.

Only the code size d' and the activations of the code (encoder) and of the output (decoder)
change; each activation pair has its own recipe (``RECIPE_BY_PAIR`` in
:mod:`ae_core.models.dense_ae_presets`), chosen so that every cell trains past the "mean digit"
plateau (:func:`past_plateau`). A ReLU output is unbounded above and has zero gradient below 0: a
pixel whose pre-activation is negative for every digit stays black for good. The sigmoid output
keeps every pixel in (0, 1). What the page concludes is computed from the table (:func:`conclude`).
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


# "Past the plateau". Predicting the mean training digit for every image costs the digits' total
# pixel variance (52.9 squared error per test image); a model that sits there draws nearly the same
# blur whatever the input. A cell is past the plateau when its squared error is at most 90 % of the
# mean digit's, i.e. it explains at least 10 % of the variance: about what PCA's first component
# alone does (47.7 on the test digits, 90.1 %). Squared error, not BCE: BCE means nothing for a ReLU
# output, which can pass 1.
PLATEAU_SHARE = 0.9


def mean_digit_error(mean_digit, x) -> float:
    """Squared error per image of predicting ``mean_digit`` (28, 28[, 1]) for every image of ``x``."""
    x = np.asarray(x, "float32")
    return float(squared_error(x, np.broadcast_to(np.asarray(mean_digit, "float32").reshape(1, *x.shape[1:]), x.shape)).mean())


def plateau_limit(mean_error: float) -> float:
    """The highest squared error still past the plateau."""
    return PLATEAU_SHARE * float(mean_error)


def past_plateau(squared_error_value: float | None, mean_error: float) -> bool:
    """Whether a cell's squared error (per image) is past the mean-digit plateau of ``mean_error``."""
    return squared_error_value is not None and float(squared_error_value) <= plateau_limit(mean_error)


def cell_label(cell: Cell) -> str:
    """"d' = 2, sigmoid / relu" (or "d' = 2, PCA")."""
    return f"d' = {cell.size}, " + ("PCA" if cell.pair[0] == "pca" else pair_label(cell.pair))


@dataclasses.dataclass(frozen=True)
class Conclusion:
    """What the page concludes about the grid, computed from one table of squared errors."""

    sizes: tuple  # code sizes at which every pair has a number
    cells: int  # autoencoder cells judged (every pair at every size above)
    mean_error: float | None  # squared error of the mean digit, on the same images (None: unknown)
    stuck: tuple  # cell_label of each cell not past the plateau
    best: str | None  # pair label with the lowest geometric-mean error over the sizes
    best_wins: int  # sizes at which that pair has the lowest error of the three
    worst: str | None  # pair label with the highest geometric-mean error
    worst_losses: int  # sizes at which that pair has the highest error
    ratio: float | None  # geometric mean over the sizes of worst's error / best's error
    not_shrinking: tuple  # pair labels (and "PCA") whose error does not fall at every larger size
    ae_beats_pca: tuple  # sizes at which the best autoencoder has less error than PCA
    pca_beats_ae: tuple  # sizes at which PCA has less error than every autoencoder

    @property
    def limit(self) -> float | None:
        return None if self.mean_error is None else plateau_limit(self.mean_error)


def conclude(cells: list[Cell], mean_error: float | None) -> Conclusion:
    """The conclusion of the lesson from a table of cells (autoencoders and PCA, squared errors):
    which cells are past the plateau, which pair is best and worst, whether more code always means
    less error, and where PCA with as many components does better."""
    by = {(c.size, c.pair): c.squared_error for c in cells if c.squared_error is not None}
    sizes = tuple(s for s in SIZES if all((s, p) in by for p in PAIRS))
    judged = [c for c in cells if c.pair[0] != "pca" and c.size in sizes and c.squared_error is not None]
    stuck = () if mean_error is None else tuple(
        cell_label(c) for c in sorted(judged, key=lambda c: (c.size, PAIRS.index(c.pair))) if not past_plateau(c.squared_error, mean_error))
    best = worst = ratio = None
    best_wins = worst_losses = 0
    if sizes and all(by[(s, p)] > 0 for s in sizes for p in PAIRS):
        log_mean = {p: float(np.mean([np.log(by[(s, p)]) for s in sizes])) for p in PAIRS}
        best_pair, worst_pair = min(PAIRS, key=log_mean.get), max(PAIRS, key=log_mean.get)
        best, worst = pair_label(best_pair), pair_label(worst_pair)
        best_wins = sum(min(PAIRS, key=lambda p: by[(s, p)]) == best_pair for s in sizes)
        worst_losses = sum(max(PAIRS, key=lambda p: by[(s, p)]) == worst_pair for s in sizes)
        ratio = float(np.exp(log_mean[worst_pair] - log_mean[best_pair]))
    not_shrinking = []
    for pair in (*PAIRS, ("pca", "pca")):
        errors = [by[(s, pair)] for s in SIZES if (s, pair) in by]
        if any(b >= a for a, b in zip(errors, errors[1:])):
            not_shrinking.append("PCA" if pair[0] == "pca" else pair_label(pair))
    with_pca = [s for s in sizes if (s, ("pca", "pca")) in by]
    ae_beats = tuple(s for s in with_pca if min(by[(s, p)] for p in PAIRS) < by[(s, ("pca", "pca"))])
    pca_beats = tuple(s for s in with_pca if s not in ae_beats)
    return Conclusion(sizes, len(judged), mean_error, stuck, best, best_wins, worst, worst_losses, ratio,
                      tuple(not_shrinking), ae_beats, pca_beats)


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
    app: a dozen models over a thousand digits take seconds), and the squared error of PCA's mean
    digit on them (NaN without PCA); :func:`cells_from` reads the cells back."""
    x = lesson_digits(dataset)
    cells = measure_cells(models, x)
    mean = mean_digit_error(models["pca"].mean_, x) if "pca" in models and len(x) else float("nan")
    return {"mean_digit_squared_error": np.array(mean, "float64"), "names": np.array([c.name for c in cells]), "sizes": np.array([c.size for c in cells]),
            "squared_error": np.array([c.squared_error for c in cells], "float64"),
            "bce": np.array([c.bce for c in cells], "float64")}


def cells_from(arrays: dict) -> list[Cell]:
    return [cell_of(str(n), int(s), float(e), float(b))
            for n, s, e, b in zip(arrays["names"], arrays["sizes"], arrays["squared_error"], arrays["bce"])]


def manifest_mean_error(pca_info: dict | None) -> float | None:
    """The test squared error of the mean training digit, as the trainer measured it (PCA, k = 0)."""
    value = (pca_info or {}).get("test_metrics", {}).get("squared_error_k0")
    return None if value is None else float(value)


@dataclasses.dataclass(frozen=True)
class PairRecipe:
    pair: tuple
    epochs: int
    batch_size: int
    learning_rate: float
    loss: str  # "bce" or "mse" (the preset's)
    output_bias_init: float | None


def pair_recipes(models: dict) -> list[PairRecipe]:
    """How each activation pair was trained, as the manifest records it (``models``: name -> entry),
    from its smallest listed cell; pairs whose cells the manifest lacks are left out."""
    recipes = []
    for pair in PAIRS:
        for size in SIZES:
            entry = models.get(grid_name(size, *pair))
            if entry and entry.get("recipe"):
                run = entry["recipe"]
                recipes.append(PairRecipe(pair, int(run.get("epochs_run") or run["epochs"]), int(run["batch_size"]),
                                          float(run["learning_rate"]), get_spec(grid_name(size, *pair)).config.get("loss", "bce"),
                                          run.get("output_bias_init")))
                break
    return recipes
