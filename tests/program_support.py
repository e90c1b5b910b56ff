"""Hand-built serving programs (ae_core.serving, numpy only) with random weights: models for the
lab tests that need one of a given architecture without Keras."""

from __future__ import annotations

import numpy as np

from ae_core.serving import ServingModel


def dense_program(widths, tied_weights: bool, seed=0) -> ServingModel:
    """A dense autoencoder widths[0] -> ... -> widths[-1] -> ... -> widths[0] (ReLU encoder, sigmoid
    decoder); ``tied_weights``: each decoder kernel is the transposed encoder kernel it mirrors."""
    rng = np.random.default_rng(seed)
    arrays, encoder, decoder = {}, [{"op": "flatten"}], []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        arrays[f"e{i}/k"], arrays[f"e{i}/b"] = rng.standard_normal((a, b)), np.zeros(b)
        encoder.append({"op": "dense", "activation": "relu", "kernel": f"e{i}/k", "bias": f"e{i}/b"})
    for i, (a, b) in enumerate(zip(widths[::-1][:-1], widths[::-1][1:])):
        source = f"e{len(widths) - 2 - i}/k"
        arrays[f"d{i}/k"] = arrays[source].T.copy() if tied_weights else rng.standard_normal((a, b))
        arrays[f"d{i}/b"] = np.zeros(b)
        decoder.append({"op": "dense", "activation": "sigmoid", "kernel": f"d{i}/k", "bias": f"d{i}/b"})
    decoder.append({"op": "reshape", "shape": [28, 28, 1]})
    program = {"format": 1, "name": "toy", "kind": "autoencoder", "latent_dim": widths[-1],
               "encoder": encoder, "decoder": decoder}
    return ServingModel(program, arrays)
