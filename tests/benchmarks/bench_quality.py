"""Quality benchmark of the pretrained zoo, measured as the app serves it (numpy runtime).

    AE_LAB_MNIST=/path/to/mnist.npz PYTHONPATH=. python tests/benchmarks/bench_quality.py [--out FILE]

Loads every model with :func:`ae_core.zoo.load_pretrained` (the numpy serving programs; exported
first with :func:`ae_core.zoo.prepare` when missing), measures on the official MNIST test set
(10,000 digits) and the Fashion-MNIST test set, and writes ``results/quality.md``: the issue's
targets, the denoising and inpainting tables, the compression grid beside PCA, the 2-d
embeddings, and every reconstructing model on a drawing-like copy of the test set.

Every number is computed when the script runs, except the published references, which are
labelled with their source. Nothing here trains the zoo (retrain with ``python -m ae_core.train_zoo
--all``); the pretraining claim trains small classifiers with the lesson's own worker task
(``ae_core.student_tasks.pretrain_classifiers``, Keras), over several seeds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ae_core import baselines, corrupt, metrics, zoo  # noqa: E402
from ae_core import data as data_module  # noqa: E402
from ae_core.augment import augment_batch  # noqa: E402
from ae_core.evaluate import vae_metrics  # noqa: E402
from ae_core.inpaint import hidden_region_error, inpaint  # noqa: E402
from ae_core.registry import get_spec, list_models  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "quality.md"
SIGMAS = (0.1, 0.2, 0.3, 0.5, 0.8)
RATES = (0.1, 0.3, 0.5, 0.7)
PCA_K_GRID = (4, 8, 12, 16, 20, 25, 30, 40, 50, 64, 80, 100, 128, 160, 200)
REFINE_STEPS = 5  # iterative inpainting refinement steps reported beside the single pass
DRAW_SEED = 2024  # seed of the drawing-like copy of the test set (not a training seed)
NOISE_SEED = 7  # seed of the test-set corruptions
K_CHOICE_IMAGES = 2000  # training digits on which PCA's best k is chosen for each corruption

# Published references, quoted (never measured here).
HS2006 = "Hinton & Salakhutdinov, Science 2006, Fig. 2B (60,000 training digits)"
SAINBURG = "Sainburg, McInnes & Gentner, Neural Computation 2021 (Parametric UMAP), 60,000 training digits"
KERAS_VAE = "Keras example 'Variational AutoEncoder' (conv VAE, latent 2, 30 epochs, 70,000 digits; training loss)"
PUBLISHED_KNN = {  # (1-NN, 5-NN) of 2-d embeddings, kNN fitted on the training embedding
    "mnist": {"PCA": (0.377, 0.420), "AE": (0.765, 0.793), "VAE": (0.724, 0.765), "t-SNE": (0.941, 0.950),
              "UMAP": (0.932, 0.954), "UMAP-AE hybrid": (0.940, 0.954)},
    "fashion_mnist": {"PCA": (0.447, 0.506), "AE": (0.682, 0.734), "VAE": (0.665, 0.716)},
}


# --- helpers ----------------------------------------------------------------------------------


def fmt(value, digits=2):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:.{digits}f}"


def table(header, rows) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def accuracy(classifier, x, y) -> float:
    return float(np.mean(np.argmax(classifier.predict_proba(x), axis=1) == y))


def mark(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


class Bench:
    def __init__(self, log=print):
        self.log = log
        self.manifest = zoo.read_manifest()["models"]
        self.models: dict = {}
        self.lines: list[str] = []
        self.targets: list[list] = []
        self.started = time.time()

    def model(self, name):
        if name not in self.models:
            self.models[name] = zoo.load_pretrained(name)
        return self.models[name]

    def available(self, name) -> bool:
        return name in self.manifest

    def step(self, message):
        self.log(f"[{time.time() - self.started:6.0f}s] {message}", flush=True)


# --- sections ---------------------------------------------------------------------------------


def commit() -> str:
    """The checked-out commit, with "+ changes" when the tree differs from it."""
    import subprocess

    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def header(bench, mnist, fashion) -> list[str]:
    models = bench.manifest
    mnist_models = [e for name, e in models.items() if get_spec(name).dataset == "mnist" and get_spec(name).kind != "pca"]
    sizes = sorted({(e["train_images"], e["data_source"]) for e in mnist_models})
    augmented = sorted({e["recipe"].get("augmented_copies", 0) for e in mnist_models if e.get("augmented")})
    distorted = {name: e["recipe"]["distorted_copies_used"] for name, e in models.items()
                 if get_spec(name).dataset == "mnist" and e["recipe"].get("distorted_copies_used")}
    lines = [
        "# Autoencoder Lab — quality of the pretrained zoo",
        "",
        "Generated by `tests/benchmarks/bench_quality.py`; every number below is measured when the script runs, "
        "except the published references, which are quoted with their source.",
        "",
        "- Command: `AE_LAB_MNIST=/path/to/mnist.npz PYTHONPATH=. python3 tests/benchmarks/bench_quality.py`",
        f"- Commit: {commit()}",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {os.cpu_count()} CPU cores, no GPU ({platform.machine()}, {platform.system()}, "
        f"Python {platform.python_version()})",
        f"- Inference: the numpy serving runtime (`ae_core.serving`), as the app runs the models",
        f"- Test data: MNIST {len(mnist.x_test):,} official test digits ({mnist.source}: {mnist.source_detail})"
        + (f"; Fashion-MNIST {len(fashion.x_test):,} test images ({fashion.source}: {fashion.source_detail})" if fashion else ""),
        "- Training data (from `pretrained/manifest.json`): "
        + "; ".join(f"{n:,} real digits ({src})" for n, src in sizes)
        + (f", plus {'/'.join(str(a) for a in augmented)} augmented cop{'y' if augmented == [1] else 'ies'} "
           "of them for the models marked augmented" if augmented else "")
        + (", and elastically distorted copies (`ae_core.augment.distort_batch`) for "
           + ", ".join(f"`{name}` ({k})" for name, k in distorted.items()) if distorted else ""),
    ]
    total = sum(e.get("train_seconds", 0) + e.get("eval_seconds", 0) for e in models.values())
    lines.append(f"- Zoo: {len(models)} models; training + evaluation time recorded in the manifest: {total / 60:.1f} min")
    lines.append("")
    return lines


def reconstruction_section(bench, mnist, x_draw):
    """Every reconstructing MNIST model on the test set and on its drawing-like copy."""
    x = mnist.x_test
    rows = []
    results = {}
    names = [n for n in list_models(dataset="mnist") if bench.available(n) and get_spec(n).kind in ("autoencoder", "vae")]
    for name in names:
        model = bench.model(name)
        x_hat = np.clip(model.reconstruct(x), 0.0, 1.0)
        se = float(metrics.squared_error(x, x_hat).mean())
        row = {"squared_error": se, "bce": float(metrics.bce(x, x_hat).mean()),
               "psnr": float(metrics.psnr(x, x_hat).mean())}
        if "draw" in get_spec(name).tags:
            row["draw_squared_error"] = float(metrics.squared_error(x_draw, np.clip(model.reconstruct(x_draw), 0, 1)).mean())
        results[name] = row
        rows.append([f"`{name}`", get_spec(name).latent_dim, fmt(row["squared_error"]), fmt(row["bce"], 1),
                     fmt(row["psnr"]), fmt(row.get("draw_squared_error"))])
    pca = bench.model("pca")
    for k in (2, 8, 30, 64):
        x_hat = np.clip(pca.truncated(k).reconstruct(x), 0.0, 1.0)
        x_hat_draw = np.clip(pca.truncated(k).reconstruct(x_draw), 0.0, 1.0)
        results[f"pca_{k}"] = {"squared_error": float(metrics.squared_error(x, pca.truncated(k).reconstruct(x)).mean())}
        rows.append([f"PCA k={k} (clipped)", k, fmt(float(metrics.squared_error(x, x_hat).mean())),
                     fmt(float(metrics.bce(x, x_hat).mean()), 1), fmt(float(metrics.psnr(x, x_hat).mean())),
                     fmt(float(metrics.squared_error(x_draw, x_hat_draw).mean()))])
    lines = [
        "## Reconstruction of the test digits, and of drawing-like digits",
        "",
        "Squared error per image (sum over 784 pixels in [0, 1]), binary cross-entropy (nats per image) and PSNR "
        "(dB, mean over images) on the official test set; outputs clipped to [0, 1]. *Drawing-like*: the same "
        "test digits passed through the training augmentation (`ae_core.augment`: thicker or thinner strokes, "
        f"slant, rotation, renormalised like a drawing; seed {DRAW_SEED}), squared error, for the models the "
        "Draw page shows.",
        "",
        *table(["model", "code", "squared error", "BCE", "PSNR", "drawing-like squared error"], rows),
    ]
    return lines, results


def embedding_section(bench, mnist, fashion):
    rows = []
    results = {}
    for dataset, ds, pca_name in (("mnist", mnist, "pca"), ("fashion_mnist", fashion, "fashion_pca")):
        if ds is None:
            continue
        names = [n for n in list_models(dataset=dataset, tag="latent2d") if bench.available(n)]
        for name in names:
            model = bench.model(name)
            if get_spec(name).kind == "pca":
                model, label = model.truncated(2), "PCA-2"
            else:
                label = f"`{name}`"
            z_train, z_test = model.encode(ds.x_train), model.encode(ds.x_test)
            knn1 = metrics.knn_accuracy(z_train, ds.y_train, z_test, ds.y_test, k=1)
            knn5 = metrics.knn_accuracy(z_train, ds.y_train, z_test, ds.y_test, k=5)
            sil = metrics.silhouette(z_test, ds.y_test)
            results[(dataset, name)] = {"knn1": knn1, "knn5": knn5, "silhouette": sil}
            rows.append([dataset, label, f"{len(ds.x_train):,}", fmt(knn1, 3), fmt(knn5, 3), fmt(sil, 3)])
    published = []
    for dataset, methods in PUBLISHED_KNN.items():
        for method, (k1, k5) in methods.items():
            published.append([dataset, method, fmt(k1, 3), fmt(k5, 3)])
    lines = [
        "## 2-d embeddings",
        "",
        "kNN classifiers fitted on the embedding of the whole training set of the dataset (no augmentation), "
        "scored on the test embedding; silhouette of the test embedding by true class "
        "(scikit-learn, 5,000-point sample). Labels are used only here, to score the maps; no model saw them.",
        "",
        *table(["dataset", "model", "kNN fitted on", "1-NN", "5-NN", "silhouette"], rows),
        f"Published (not measured here; {SAINBURG}):",
        "",
        *table(["dataset", "method", "1-NN", "5-NN"], published),
    ]
    return lines, results


def pca_best_k(pca, x_train, corrupt_fn):
    """The k whose clipped PCA projection of corrupted training digits scores the best PSNR."""
    noisy = corrupt_fn(x_train)
    scores = {k: float(metrics.psnr(x_train, baselines.pca_denoise(pca, noisy, k)).mean()) for k in PCA_K_GRID}
    return max(scores, key=scores.get)


def denoising_section(bench, mnist):
    x = mnist.x_test
    pca = bench.model("pca")
    x_k = mnist.x_train[:K_CHOICE_IMAGES]
    conditions = [("sigma", s) for s in SIGMAS] + [("rate", r) for r in RATES]
    methods = ["noisy input", "median 3x3", "PCA (best k)", "plain AE `dense_ae_30`", "denoising AE `denoising_ae`"]
    psnr_rows, ssim_rows, results = [], [], {}
    for kind, level in conditions:
        bench.step(f"denoising {kind}={level}")

        def corrupt_fn(images, seed=NOISE_SEED):
            if kind == "sigma":
                return corrupt.gaussian_noise(images, level, seed=seed)
            return corrupt.dropout_mask(images, level, seed=seed)

        noisy = corrupt_fn(x)
        k = pca_best_k(pca, x_k, lambda images: corrupt_fn(images, seed=NOISE_SEED + 1))
        outputs = {
            "noisy input": noisy,
            "median 3x3": baselines.median_filter(noisy, 3),
            "PCA (best k)": baselines.pca_denoise(pca, noisy, k),
            "plain AE `dense_ae_30`": np.clip(bench.model("dense_ae_30").reconstruct(noisy), 0, 1),
            "denoising AE `denoising_ae`": np.clip(bench.model("denoising_ae").reconstruct(noisy), 0, 1),
        }
        label = f"Gaussian σ={level}" if kind == "sigma" else f"dropout rate {level}"
        psnr = {m: float(metrics.psnr(x, out).mean()) for m, out in outputs.items()}
        ssim = {m: float(metrics.ssim(x, out).mean()) for m, out in outputs.items()}
        results[(kind, level)] = {"psnr": psnr, "ssim": ssim, "pca_k": k}
        psnr_rows.append([label, *[fmt(psnr[m]) for m in methods], k])
        ssim_rows.append([label, *[fmt(ssim[m], 3) for m in methods]])
    lines = [
        "## Denoising",
        "",
        f"Official test digits corrupted with seed {NOISE_SEED}: Gaussian noise of standard deviation σ (clipped to "
        "[0, 1]) or a dropout mask (each pixel set to 0 with the given rate). Methods: the corrupted input itself; "
        "a 3x3 median filter (`ae_core.baselines`); PCA projection onto its best k components, clipped (k chosen "
        f"per corruption on {K_CHOICE_IMAGES:,} corrupted *training* digits from {PCA_K_GRID[0]}..{PCA_K_GRID[-1]}); "
        "the plain deep AE `dense_ae_30`; the denoising AE. No published standard exists for this table.",
        "",
        "PSNR in dB (mean over images; higher is better):",
        "",
        *table(["corruption", *methods, "PCA k"], psnr_rows),
        "SSIM (Wang et al. 2004, Gaussian window σ 1.5; `ae_core.metrics.ssim`; higher is better):",
        "",
        *table(["corruption", *methods], ssim_rows),
    ]
    return lines, results


def inpainting_section(bench, mnist):
    x, y = mnist.x_test, mnist.y_test
    model, classifier = bench.model("inpainting_ae"), bench.model("digit_classifier")
    original = accuracy(classifier, x, y)
    rows, results = [], {}
    for side in corrupt.HALVES:
        bench.step(f"inpainting {side}")
        mask = corrupt.half_mask(side)
        masked = corrupt.apply_mask(x, mask)
        passes = inpaint(model, masked, mask, iterations=REFINE_STEPS)
        blanked = accuracy(classifier, masked, y)
        single, refined = accuracy(classifier, passes[0], y), accuracy(classifier, passes[-1], y)
        errors = [float(hidden_region_error(x, p, mask).mean()) for p in (masked, passes[0], passes[-1])]
        results[side] = {"original": original, "blanked": blanked, "single": single, "refined": refined}
        rows.append([side, fmt(100 * original, 1), fmt(100 * blanked, 1), fmt(100 * single, 1), fmt(100 * refined, 1),
                     fmt(errors[0], 1), fmt(errors[1], 1), fmt(errors[2], 1)])
    lines = [
        "## Inpainting",
        "",
        f"A half of each official test digit blanked (set to 0), filled in by `inpainting_ae` with "
        f"`ae_core.inpaint.inpaint`: a single pass, and the same followed by {REFINE_STEPS} refinement steps "
        "(reconstruct, put the known pixels back, repeat). Judged by `digit_classifier` (percent named correctly) and "
        "by the squared error over the hidden half only. The refinement is measured to decide whether the Inpainting "
        "page offers it (it does only if it names more digits right on every half).",
        "",
        *table(["blanked half", "originals %", "blanked %", "single pass %", f"refined ({REFINE_STEPS}) %",
                "hidden error: blanked", "single pass", f"refined ({REFINE_STEPS})"], rows),
    ]
    return lines, results


def grid_section(bench, mnist):
    """The compression grid's test errors beside PCA's, and whether each cell left the plateau
    of the mean digit (``ae_core.lab.compression.past_plateau``)."""
    from ae_core.lab.compression import PLATEAU_SHARE, mean_digit_error, past_plateau, plateau_limit
    from ae_core.models.dense_ae_presets import GRID_ACTIVATIONS, GRID_SIZES, grid_name

    x = mnist.x_test
    pca = bench.model("pca")
    mean_error = mean_digit_error(mnist.x_train.mean(axis=0), x)
    rows, results = [], {"mean_digit": mean_error, "cells": {}}
    for d in GRID_SIZES:
        row = [d]
        for enc, dec in GRID_ACTIVATIONS:
            name = grid_name(d, enc, dec)
            if not bench.available(name):
                row.append("—")
                continue
            x_hat = np.clip(bench.model(name).reconstruct(x), 0.0, 1.0)
            se, bce = float(metrics.squared_error(x, x_hat).mean()), float(metrics.bce(x, x_hat).mean())
            results["cells"][name] = {"squared_error": se, "bce": bce, "past": past_plateau(se, mean_error)}
            row.append(f"{fmt(se)} / {fmt(bce, 1)}" + ("" if past_plateau(se, mean_error) else " **plateau**"))
        pca_hat = np.clip(baselines.pca_denoise(pca, x, d), 0.0, 1.0)
        row.append(f"{fmt(float(metrics.squared_error(x, pca_hat).mean()))} / {fmt(float(metrics.bce(x, pca_hat).mean()), 1)}")
        rows.append(row)
    lines = [
        "## Compression grid (784-d'-784)",
        "",
        "Test squared error per image / binary cross-entropy (nats per image); outputs clipped to [0, 1] (BCE also to "
        "(1e-7, 1 - 1e-7), `ae_core.metrics.bce`); the ReLU-output cells train on squared error, the others on BCE "
        "(recipes: `ae_core/models/dense_ae_presets.py`). PCA with the same number of components d', clipped. "
        f"*Plateau*: predicting the mean training digit for every test digit costs {fmt(mean_error)}; a cell is past "
        f"that plateau at most {PLATEAU_SHARE:.0%} of it ({fmt(plateau_limit(mean_error))}).",
        "",
        *table(["d'", *[f"{e} / {d}" for e, d in GRID_ACTIVATIONS], "PCA (clipped)"], rows),
    ]
    return lines, results


VAE_SAMPLES = 2000  # codes drawn from each VAE's prior and from its codes' mixture
CONFIDENT = 0.9  # a sample "is a digit" when the judge reads it with at least this confidence


def judged(judge, images) -> dict:
    """Share of ``images`` the judge reads with confidence >= CONFIDENT, and the normalised
    entropy of the labels it reads (1.0: the ten classes evenly covered)."""
    probabilities = judge.predict_proba(np.asarray(images, "float32").reshape(-1, 28, 28, 1))
    confident = probabilities.max(axis=1) >= CONFIDENT
    shares = np.bincount(probabilities.argmax(axis=1)[confident], minlength=10) / max(int(confident.sum()), 1)
    shares = shares[shares > 0]
    return {"digits": float(confident.mean()), "entropy": float(-(shares * np.log(shares)).sum() / np.log(10))}


def lesson_claims_section(bench, mnist) -> tuple[list[str], dict]:
    """What the lessons claim, measured: the sparse code's sparsity, and VAE samples that are digits."""
    from ae_core.lab.sparse import SPARSE_SHARE, codes_of, median_active_share
    from ae_core.lab.vae_explorer import code_mixture, decode_images, mixture_codes

    results = {}
    bench.step("lesson claims: sparse codes")
    for name in ("sparse_l1", "sparse_kl"):
        if bench.available(name):
            codes = codes_of(bench.model(name), mnist.x_test)
            results[name] = {"share": median_active_share(codes, 0.1),
                             "error": float(metrics.squared_error(mnist.x_test, bench.model(name).reconstruct(mnist.x_test)).mean())}
    bench.step("lesson claims: VAE samples")
    judge = bench.model("judge_classifier")
    results["real"] = judged(judge, mnist.x_test)
    rows = []
    for name in (n for n in list_models(kind="vae") if get_spec(n).dataset == "mnist" and bench.available(n)):
        model = bench.model(name)
        rng = np.random.default_rng(0)
        prior = judged(judge, decode_images(model, rng.standard_normal((VAE_SAMPLES, model.latent_dim)).astype("float32")))
        mixture = judged(judge, decode_images(model, mixture_codes(code_mixture(model, mnist), VAE_SAMPLES, seed=0)))
        results[name] = {"prior": prior, "mixture": mixture}
        rows.append([f"`{name}`", model.latent_dim, fmt(100 * prior["digits"], 1), fmt(prior["entropy"], 3),
                     fmt(100 * mixture["digits"], 1), fmt(mixture["entropy"], 3)])
    lines = [
        "## Lesson claims",
        "",
        f"Sparse codes: the share of code units above 0.1 on the median official test digit (the lesson's claim: "
        f"at most {SPARSE_SHARE:.0%}): "
        + "; ".join(f"`{n}` {fmt(100 * v['share'], 1)} % (squared error {fmt(v['error'])})"
                    for n, v in results.items() if n.startswith("sparse")) + ".",
        "",
        f"VAE samples: {VAE_SAMPLES:,} codes from the prior N(0, I) and {VAE_SAMPLES:,} from a Gaussian mixture "
        "fitted to the posterior means of the training digits (`ae_core.lab.vae_explorer.code_mixture`, "
        "the explorer's default source), decoded and read by `judge_classifier`, a second CNN the app never shows. "
        f"*Digits*: read with confidence >= {CONFIDENT}; *entropy*: normalised entropy of the labels read (1 = the ten "
        f"classes evenly). The judge passes {fmt(100 * results['real']['digits'], 1)} % of the real test digits "
        f"(entropy {fmt(results['real']['entropy'], 3)}).",
        "",
        *table(["model", "latent", "prior: digits %", "prior: entropy", "mixture: digits %", "mixture: entropy"], rows),
    ]
    return lines, results


PRETRAIN_PER_CLASS = (1, 3, 10, 30, 100)  # labelled digits per class on the pretraining curve
PRETRAIN_ENCODERS = ("dense_ae_10", "dense_ae_30")  # the lesson's default encoder, and the deep AE beside it
PRETRAIN_GAIN = 0.10  # the claim: the pretrained encoder ahead of scratch by 10 points at 10 labels per class


class QuietProgress:
    """The progress board a worker task expects, reporting nowhere."""

    def update(self, **values) -> None:
        pass

    def check(self) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def pretraining_section(bench, seeds: int) -> tuple[list[str], dict]:
    """The pretraining lesson's claim: classifier accuracy against labels per class, the
    pretrained encoder (frozen, fine-tuned) against the same network from scratch, mean and
    spread over ``seeds`` seeds (each its own labelled digits and held-out test digits)."""
    from ae_core import student_tasks
    from ae_core.lab.pretraining import MODES, TEST_DIGITS

    counts = [10 * n for n in PRETRAIN_PER_CLASS]  # round robin over the classes: n per class
    results, rows = {}, []
    for encoder in PRETRAIN_ENCODERS:
        if not bench.available(encoder):
            continue
        bench.step(f"lesson claims: pretraining on {encoder} ({seeds} seeds)")
        runs = [student_tasks.pretrain_classifiers(QuietProgress(), encoder=encoder, counts=counts, seed=seed,
                                                   test_digits=TEST_DIGITS) for seed in range(seeds)]
        accuracy = {mode: np.array([run["accuracy"][mode] for run in runs]) for mode in MODES}  # (seeds, counts)
        means = {mode: values.mean(axis=0) for mode, values in accuracy.items()}
        gains = np.maximum(means["frozen"], means["fine_tuned"]) - means["scratch"]
        results[encoder] = {"per_class": PRETRAIN_PER_CLASS, "means": means, "gains": gains, "seeds": seeds,
                            "test_digits": runs[0]["test_digits"]}
        for i, per_class in enumerate(PRETRAIN_PER_CLASS):
            best = "frozen" if means["frozen"][i] >= means["fine_tuned"][i] else "fine-tuned"
            spread = {mode: values[:, i].std(ddof=1) if seeds > 1 else 0.0 for mode, values in accuracy.items()}
            rows.append([f"`{encoder}`", per_class,
                         *[f"{fmt(100 * means[m][i], 1)} ± {fmt(100 * spread[m], 1)}" for m in MODES],
                         f"{fmt(100 * gains[i], 1)} ({best})"])
    lines = [
        "## Unsupervised pretraining",
        "",
        f"The lesson's worker task (`ae_core.student_tasks.pretrain_classifiers`): the encoder then a head of "
        f"64 ReLU units and a softmax, trained on n labelled digits per class (round robin over the classes) and "
        f"scored on {results[next(iter(results))]['test_digits'] if results else TEST_DIGITS:,} held-out official test "
        f"digits; *frozen*: only the head learns on the pretrained codes; *fine-tuned*: the encoder too, from the "
        f"frozen model; *scratch*: the same network from random weights, the same steps. Accuracy in %, mean ± "
        f"standard deviation over {seeds} seeds (each seed its own labelled and held-out digits and initial weights); "
        f"*gain*: the better pretrained mode minus scratch, in points.",
        "",
        *table(["encoder", "labels per class", "frozen", "fine-tuned", "scratch", "gain (best mode)"], rows),
    ]
    return lines, results


def other_digit_sets() -> dict:
    """Digits not from MNIST, as a student's reach the classifier (``ae_core.other_digits``)."""
    from ae_core.other_digits import other_writers, printed_digits

    return {"digits by other writers": other_writers(),
            "printed digits in typefaces it never saw": printed_digits()}


def confusions(read, labels, top: int = 3) -> str:
    """The most frequent misreadings, e.g. "6 read as 5 (12)"."""
    pairs = {}
    for true, got in zip(labels, read):
        if true != got:
            pairs[(int(true), int(got))] = pairs.get((int(true), int(got)), 0) + 1
    worst = sorted(pairs.items(), key=lambda item: -item[1])[:top]
    return ", ".join(f"{a} read as {b} ({n})" for (a, b), n in worst) or "none"


def targets_section(bench, rec, emb, den, inp, mnist, x_draw, claims=None, pretraining=None, grid=None) -> list[str]:
    rows = []
    classifier = bench.model("digit_classifier")
    # dense_ae_30
    se = rec["dense_ae_30"]["squared_error"]
    rows.append(["`dense_ae_30` squared error per test image", fmt(se), "<= 2.5", mark(se <= 2.5),
                 f"PCA-30 {fmt(rec['pca_30']['squared_error'])}", f"AE 3.00, PCA 13.87 ({HS2006})"])
    # dense_ae_2
    knn = emb[("mnist", "dense_ae_2")]
    rows.append(["`dense_ae_2` 5-NN test accuracy (2-d code)", fmt(knn["knn5"], 3), ">= 0.85", mark(knn["knn5"] >= 0.85),
                 f"PCA-2 {fmt(emb[('mnist', 'pca')]['knn5'], 3)}",
                 f"AE 0.793, PCA 0.420, t-SNE 0.950, UMAP-AE hybrid 0.954 ({SAINBURG})"])
    # vae_2
    elbo = vae_metrics(bench.model("vae_2"), mnist.x_test)
    rows.append(["`vae_2` negative ELBO, nats per test image (8 samples of z)", fmt(elbo["neg_elbo"]), "<= 145",
                 mark(elbo["neg_elbo"] <= 145),
                 f"reconstruction {fmt(elbo['elbo_reconstruction'])} + KL {fmt(elbo['kl'])}",
                 f"146.95 = 140.15 + 6.80 on its training data ({KERAS_VAE})"])
    # denoising
    sigma = den[("sigma", 0.5)]["psnr"]
    dae, pca = sigma["denoising AE `denoising_ae`"], sigma["PCA (best k)"]
    rows.append(["`denoising_ae` PSNR at Gaussian σ=0.5 (dB)", fmt(dae), ">= 20 and >= PCA + 3",
                 mark(dae >= 20 and dae >= pca + 3), f"PCA (k={den[('sigma', 0.5)]['pca_k']}) {fmt(pca)}; "
                 f"margin {fmt(dae - pca)} dB", "none published"])
    worst = min(v["psnr"]["denoising AE `denoising_ae`"] - v["psnr"]["PCA (best k)"] for v in den.values())
    rows.append(["`denoising_ae` margin over PCA, worst of σ 0.1-0.8 and rates 0.1-0.7 (dB)", fmt(worst), "> 0 (good across the range)",
                 mark(worst > 0), "", ""])
    # inpainting
    right = inp["right"]
    rows.append(["digits named correctly after inpainting the right half, one pass as the page does (%)",
                 fmt(100 * right["single"], 1), ">= 85",
                 mark(right["single"] >= 0.85), f"blanked {fmt(100 * right['blanked'], 1)}, originals {fmt(100 * right['original'], 1)}",
                 "none published"])
    # Refinement is on the page only if it beats the single pass on every half.
    refinement_helps = all(v["refined"] > v["single"] for v in inp.values())
    rows.append([f"{REFINE_STEPS} refinement steps name more filled digits right than one pass, every half",
                 ", ".join(f"{side} {fmt(100 * (v['refined'] - v['single']), 1)}" for side, v in inp.items()) + " points",
                 "> 0 on every half, or off the page", "**met**" if refinement_helps else "**missed: off the page**",
                 "the page offers the single pass only" if not refinement_helps else "", ""])
    if claims:
        # lesson claims (issue "Every lesson shows what it claims")
        from ae_core.lab.sparse import SPARSE_SHARE

        if "sparse_l1" in claims:
            l1 = claims["sparse_l1"]
            rows.append(["`sparse_l1`: share of units above 0.1 on the median test digit (%)", fmt(100 * l1["share"], 1),
                         f"<= {100 * SPARSE_SHARE:.0f}", mark(l1["share"] <= SPARSE_SHARE), "", ""])
            rows.append(["`sparse_l1` squared error per test image, kept useful", fmt(l1["error"]),
                         "<= 7.92 (1.5 x 5.28, the L1 1e-3 model)", mark(l1["error"] <= 7.92), "", ""])
        vaes = {n: v for n, v in claims.items() if isinstance(v, dict) and "mixture" in v}
        if vaes:
            best = max(vaes, key=lambda n: max(vaes[n]["prior"]["digits"], vaes[n]["mixture"]["digits"]))
            best_share = max(vaes[best]["prior"]["digits"], vaes[best]["mixture"]["digits"])
            rows.append(["best VAE's samples read as digits by the judge (%)", f"`{best}` {fmt(100 * best_share, 1)}",
                         ">= 85", mark(best_share >= 0.85), "explorer's default source: the codes' mixture", ""])
            worst = min(vaes, key=lambda n: vaes[n]["mixture"]["digits"])
            rows.append(["every VAE's samples (the explorer's default source) read as digits (%)",
                         f"worst `{worst}` {fmt(100 * vaes[worst]['mixture']['digits'], 1)}", ">= 75",
                         mark(vaes[worst]["mixture"]["digits"] >= 0.75),
                         "; ".join(f"{n} prior {fmt(100 * v['prior']['digits'], 1)}" for n, v in vaes.items()), ""])
            entropy = min(v["mixture"]["entropy"] for v in vaes.values())
            rows.append(["ten classes evenly covered by the samples (normalised entropy, worst VAE)", fmt(entropy, 3),
                         ">= 0.95", mark(entropy >= 0.95), "", ""])
    if grid and grid["cells"]:
        from ae_core.lab.compression import plateau_limit

        stuck = [name for name, cell in grid["cells"].items() if not cell["past"]]
        worst = max(grid["cells"], key=lambda name: grid["cells"][name]["squared_error"])
        rows.append(["compression grid cells past the mean-digit plateau (squared error)",
                     f"{len(grid['cells']) - len(stuck)} of {len(grid['cells'])}", "all",
                     mark(not stuck), f"mean digit {fmt(grid['mean_digit'])}, limit {fmt(plateau_limit(grid['mean_digit']))}; "
                     f"worst `{worst}` {fmt(grid['cells'][worst]['squared_error'])}"
                     + (f"; on the plateau: {', '.join(stuck)}" if stuck else ""), ""])
    if pretraining:
        encoder = next(iter(pretraining))  # the lesson's default encoder
        result = pretraining[encoder]
        i = result["per_class"].index(10)
        means = {m: float(v[i]) for m, v in result["means"].items()}
        gain = float(result["gains"][i])
        others = "; ".join(f"`{n}` gain {fmt(100 * r['gains'][i], 1)}" for n, r in pretraining.items() if n != encoder)
        rows.append([f"pretrained `{encoder}` ahead of the same network from scratch at 10 labels per class "
                     f"(points, mean of {result['seeds']} seeds)", fmt(100 * gain, 1), f">= {100 * PRETRAIN_GAIN:.0f}",
                     mark(gain >= PRETRAIN_GAIN), f"frozen {fmt(100 * means['frozen'], 1)}, fine-tuned "
                     f"{fmt(100 * means['fine_tuned'], 1)}, scratch {fmt(100 * means['scratch'], 1)}"
                     + (f"; {others}" if others else ""), ""])
    # classifier
    acc = right["original"]
    draw_acc = accuracy(classifier, x_draw, mnist.y_test)
    rows.append(["`digit_classifier` test accuracy (%)", fmt(100 * acc, 2), ">= 98.5", mark(acc >= 0.985),
                 f"drawing-like test digits {fmt(100 * draw_acc, 2)}", ""])
    for kind, digits in other_digit_sets().items():
        if not len(digits.y):
            rows.append([f"`digit_classifier` on {kind} (%)", "—", ">= 97", "**not measured**", digits.source, ""])
            continue
        read = classifier.predict_proba(digits.x).argmax(axis=1)
        value = float(np.mean(read == digits.y))
        worst = confusions(read, digits.y)
        rows.append([f"`digit_classifier` on {kind} (%)", fmt(100 * value, 2), ">= 97", mark(value >= 0.97),
                     f"{digits.source}; most often: {worst}", ""])
    return [
        "## Targets",
        "",
        *table(["target", "measured", "target", "status", "baseline / detail", "published reference"], rows),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(RESULTS), help="markdown file to write")
    parser.add_argument("--pretraining-seeds", type=int, default=5, help="seeds of the pretraining claim (0: skip it)")
    args = parser.parse_args(argv)
    bench = Bench()
    bench.step("exporting serving programs (zoo.prepare)")
    zoo.prepare(log=lambda message: None)
    with threadpool_limits(limits=1, user_api="blas"):  # one BLAS thread: faster on 2 busy cores
        mnist = data_module.load("mnist", use_keras=False)
        if not mnist.has_test_set:
            raise SystemExit("bench_quality needs the official MNIST test set (set AE_LAB_MNIST or fetch MNIST)")
        try:
            fashion = data_module.load("fashion_mnist", use_keras=False)
        except data_module.DataUnavailable:
            fashion = None
        bench.step("drawing-like test copy")
        x_draw = augment_batch(mnist.x_test, seed=DRAW_SEED)
        bench.step("reconstruction")
        rec_lines, rec = reconstruction_section(bench, mnist, x_draw)
        bench.step("embeddings")
        emb_lines, emb = embedding_section(bench, mnist, fashion)
        den_lines, den = denoising_section(bench, mnist)
        inp_lines, inp = inpainting_section(bench, mnist)
        bench.step("compression grid")
        grid_lines, grid = grid_section(bench, mnist)
        claim_lines, claims = lesson_claims_section(bench, mnist)
        pretrain_lines, pretraining = (pretraining_section(bench, args.pretraining_seeds) if args.pretraining_seeds
                                       else ([], {}))
        bench.step("targets")
        target_lines = targets_section(bench, rec, emb, den, inp, mnist, x_draw, claims, pretraining, grid)
    lines = [*header(bench, mnist, fashion), *target_lines, *claim_lines, *pretrain_lines, *rec_lines, *emb_lines, *den_lines, *inp_lines,
             *grid_lines]
    lines.append(f"_Benchmark run time: {(time.time() - bench.started) / 60:.1f} min._")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bench.step(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
