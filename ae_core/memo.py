"""Keys for memoising a page's computations, and arrays kept on disk between server starts.

A memoised call is keyed by the function (its module, name and source, so an edited function
never reads stale results) and its inputs: a model by its ``memo_key`` (the model file's
sha256), a dataset by its source, small values and arrays by their contents. Large arrays must
come with a ``memo_key`` of their own: hashing them on every rerun would cost more than it saves.
"""

from __future__ import annotations

import hashlib
import inspect
import os

import numpy as np

from ae_core import paths

MAX_HASHED_ELEMENTS = 100_000  # arrays up to this size are keyed by their bytes (a drawn digit: 784)


def fingerprint(value) -> str:
    """A stable text key for ``value``; a TypeError for what cannot be keyed cheaply."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return repr(value.item())
    if hasattr(value, "memo_key"):
        return f"<{type(value).__name__} {value.memo_key}>"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(fingerprint(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{fingerprint(k)}:{fingerprint(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    if isinstance(value, np.ndarray):
        if value.size > MAX_HASHED_ELEMENTS:
            raise TypeError(f"an array of {value.size} elements has no memo_key: pass what it was made from")
        digest = hashlib.sha1(np.ascontiguousarray(value).tobytes()).hexdigest()[:16]
        return f"<array {value.dtype} {value.shape} {digest}>"
    if callable(value):
        return function_key(value)
    raise TypeError(f"cannot key a {type(value).__name__} for memoising")


class Keyed(dict):
    """A memoised dict result that carries its own key, so it can be passed on to another
    memoised call without hashing its arrays."""

    def __init__(self, values: dict, memo_key: str):
        super().__init__(values)
        self.memo_key = hashlib.sha1(memo_key.encode()).hexdigest()[:20]


def function_key(function) -> str:
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        source = ""
    digest = hashlib.sha1(source.encode()).hexdigest()[:12]
    return f"{function.__module__}.{function.__qualname__}#{digest}"


def call_key(function, args: tuple, kwargs: dict) -> str:
    return fingerprint((function, tuple(args), dict(kwargs)))


def arrays_digest(arrays: dict) -> str:
    """sha1 of named arrays (for models without a file: a student's own)."""
    digest = hashlib.sha1()
    for name in sorted(arrays):
        value = np.ascontiguousarray(arrays[name])
        digest.update(name.encode())
        digest.update(str((value.dtype, value.shape)).encode())
        digest.update(value.tobytes())
    return digest.hexdigest()


def disk_path(key: str, what: str):
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return paths.CACHE_DIR / "derived" / f"{what}-{digest}.npz"


def stored_arrays(key: str, what: str, compute) -> dict:
    """``compute()`` -> {name: array}, read from disk when the same ``key`` was computed before.

    Arrays come back read-only (they are shared between sessions). A cache folder that cannot be
    written only costs the recomputation next time.
    """
    path = disk_path(key, what)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in f.files}
    except (OSError, ValueError, KeyError, EOFError):
        result = compute()
        if not isinstance(result, dict):
            raise TypeError(f"{what}: only a dict of arrays can be kept on disk") from None
        arrays = {name: np.asarray(value) for name, value in result.items()}
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
