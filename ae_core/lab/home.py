"""Home: one digit through the 30-d autoencoder (the picture of what an autoencoder does), and
the zoo's models as cards: what the registry says of each, and what training measured."""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.registry import get_spec, list_models

CARD_METRICS = ("squared_error", "squared_error_k30", "accuracy", "neg_elbo")  # shown when measured


def encode_decode(model, digit) -> tuple[np.ndarray, np.ndarray]:
    """(code (d,), reconstruction (28, 28) in [0, 1]) of one (28, 28) digit."""
    code = model.encode(np.asarray(digit, "float32").reshape(1, 28, 28, 1))[0]
    output = np.clip(model.decode(code[None]), 0, 1)[0, ..., 0]
    return code, output


@dataclasses.dataclass(frozen=True)
class Card:
    name: str
    kind: str
    dataset: str
    latent_dim: int | None
    params: int
    metrics: dict  # the CARD_METRICS that were measured


def model_cards(manifest: dict) -> list[Card]:
    """One card per trained zoo model, in registry order; the compression grid's twelve shallow
    models are left out (their lesson shows them)."""
    trained = manifest.get("models", {})
    cards = []
    for name in list_models():
        if name not in trained or "grid" in get_spec(name).tags:
            continue
        spec, info = get_spec(name), trained[name]
        measured = info.get("test_metrics", {})
        cards.append(Card(name, spec.kind, spec.dataset, spec.latent_dim, int(info.get("params", 0)),
                          {k: measured[k] for k in CARD_METRICS if k in measured}))
    return cards
