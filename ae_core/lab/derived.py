"""Arrays derived from a trained model and a dataset (codes of every training digit, latent
directions), kept on disk between server starts so a page's first visit does not wait for them.

The file name hashes everything the arrays depend on (the model file's sha256, the data source,
the recipe version), so a retrained model or another data source never reads stale arrays.
"""

from __future__ import annotations

import hashlib
import json
import os

import numpy as np

from ae_core import paths


def derived_path(parts: dict):
    key = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]
    return paths.CACHE_DIR / "derived" / f"{parts.get('what', 'arrays')}-{key}.npz"


def cached_arrays(parts: dict, compute) -> dict:
    """``compute()`` -> {name: array}, read from disk when the same ``parts`` were computed before.

    Arrays come back read-only (they are shared between sessions). A cache folder that cannot be
    written only costs the recomputation next time.
    """
    path = derived_path(parts)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in f.files}
    except (OSError, ValueError, KeyError, EOFError):
        arrays = {name: np.asarray(value) for name, value in compute().items()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(tmp, **arrays)
            os.replace(tmp, path)
        except OSError:
            pass
    for array in arrays.values():
        array.flags.writeable = False
    return arrays
