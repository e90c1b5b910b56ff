"""Unsupervised pretraining: what an autoencoder's encoder is worth when labels are few.

The training itself runs in the worker (``ae_core.student_tasks.pretrain_classifiers`` and
``ae_core.student_tasks.greedy_layerwise``); this module holds the plain parts both the worker
and the page use: the caps, which label counts to try, which digits get labels, the held-out digits.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.lab.common import evaluation_split

MAX_LABELS = 1000  # labelled digits a student can ask for
LABEL_STEPS = (10, 20, 50, 100, 200, 500, 1000)  # points of the accuracy curve (up to the chosen n)
MODES = ("frozen", "fine_tuned", "scratch")
TEST_DIGITS = 2000  # held-out digits every classifier is measured on
BATCH_SIZE = 32  # labelled digits per step (fewer labels than that: they repeat in the batch)
# The deep stack of the greedy lesson: 784 -> 256 -> 64 -> 16 (small, so it trains live).
GREEDY_SIZES = (256, 64, 16)
GREEDY_SHOWN = 8  # held-out digits whose reconstruction is shown after each phase
# Caps of the two tasks (each finishes in about a minute on 2 busy cores at the maximum).
PRETRAIN_LIMITS = {"test_digits": (100, 2000)}
GREEDY_LIMITS = {"epochs": (1, 5), "train_size": (500, 5000)}


def label_counts(n: int) -> list[int]:
    """The label counts of the curve for a chosen ``n``: the steps below it, then ``n`` itself.

    Raises ValueError for n < 1 (a classifier cannot learn from no labels) or n > MAX_LABELS.
    """
    n = int(n)
    if n < 1:
        raise ValueError("at least one labelled digit is needed")
    if n > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} labelled digits")
    return [step for step in LABEL_STEPS if step < n] + [n]


def labelled_order(labels: np.ndarray, seed: int = 0) -> np.ndarray:
    """An order of the training digits in which every prefix is as balanced as possible.

    Round robin over the classes (each class shuffled with ``seed``): the first 10 digits are
    one of each class, the first 100 ten of each. Prefixes are nested, so the digits labelled
    for n = 50 are among those for n = 100 and the curve compares like with like.
    """
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    by_class = [rng.permutation(np.flatnonzero(labels == c)) for c in np.unique(labels)]
    rounds = max(len(members) for members in by_class)
    order = [members[r] for r in range(rounds) for members in by_class if r < len(members)]
    return np.asarray(order, dtype=np.int64)


def classifier_split(dataset, test_digits: int = TEST_DIGITS, seed: int = 0):
    """(x_pool, y_pool, x_test, y_test, holdout): digits that may get labels, and held-out ones.

    The official test set when there is one (a seeded subset of ``test_digits``), otherwise a
    seeded hold-out of the sample (see ``latent_map.evaluation_split``).
    """
    split = evaluation_split(dataset, seed=seed)
    chosen = np.sort(np.random.default_rng(seed).permutation(len(split.x_test))[:test_digits])
    return split.x_train, split.y_train, split.x_test[chosen], split.y_test[chosen], split.holdout


def training_steps(n: int, batch_size: int = BATCH_SIZE) -> int:
    """Gradient steps for a classifier on ``n`` labels: about 15 passes, between 50 and 150
    steps, a multiple of 5. The same for every mode at a given n, so the curves differ only
    in where the encoder starts."""
    per_pass = -(-int(n) // batch_size)
    steps = min(max(15 * per_pass, 50), 150)
    return int(-(-steps // 5) * 5)


def accuracy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Share of digits whose most probable class is the true one."""
    return float(np.mean(np.argmax(probabilities, axis=1) == np.asarray(labels)))


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What a finished run shows, read off its own numbers."""

    helped: bool  # the better pretrained mode beat scratch at the fewest labels
    answer: str  # the prediction's outcome: "pretrained", "scratch" or "same" (within a point)
    mode: str  # the better pretrained mode at the fewest labels
    best: float  # its accuracy there
    scratch: float  # the network from scratch there
    counts: list  # the run's label counts
    gains: list  # per count: the better pretrained mode minus scratch (accuracy, not points)


def pretraining_verdict(result: dict) -> Verdict | None:
    """The verdict of a run with at least one pretrained mode and "scratch"; None otherwise."""
    accuracy = result.get("accuracy", {})
    pretrained = [m for m in ("frozen", "fine_tuned") if m in accuracy]
    if not pretrained or "scratch" not in accuracy:
        return None
    best = max(pretrained, key=lambda m: accuracy[m][0])
    gains = [max(accuracy[m][i] for m in pretrained) - accuracy["scratch"][i] for i in range(len(result["counts"]))]
    answer = "pretrained" if gains[0] > 0.01 else "scratch" if gains[0] < -0.01 else "same"
    return Verdict(helped=gains[0] > 0, answer=answer, mode=best,
                   best=float(accuracy[best][0]), scratch=float(accuracy["scratch"][0]), counts=list(result["counts"]),
                   gains=[float(g) for g in gains])


def greedy_phases(sizes=GREEDY_SIZES) -> list[tuple[str, int, int]]:
    """The phases of the greedy lesson: one ("layer", in, out) per shallow AE, then the
    end-to-end fine-tuning of the stack and the same stack trained from scratch."""
    dims = [784, *sizes]
    layers = [("layer", dims[i], dims[i + 1]) for i in range(len(sizes))]
    return [*layers, ("fine_tune", 784, dims[-1]), ("scratch", 784, dims[-1])]
