"""The recurrent autoencoder, step by step: an LSTM reads the digit one row at a time, and
another LSTM writes it back one row at a time.

The decoder is causal: its row t depends only on the code and its own earlier steps, so running
it for t steps gives exactly the first t rows of the full output. The encoder can also be stopped
early: the code after reading t rows shows what the model knows at that point.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ae_core.serving import run_ops

ROWS = 28


def _check(model, part: str, first: str):
    ops = model.program.get(part, [])
    if not any(op["op"] == "lstm" for op in ops) or ops[0]["op"] != first:
        raise ValueError(f"{getattr(model, 'name', 'model')} is not a row-by-row recurrent autoencoder")
    return ops


def write_rows(model, code, steps: int) -> np.ndarray:
    """The first ``steps`` rows the decoder writes from ``code`` (d,): (steps, 28), values in [0, 1]."""
    ops = _check(model, "decoder", "repeat")
    steps = int(np.clip(steps, 0, ROWS))
    if steps == 0:
        return np.zeros((0, ROWS), "float32")
    x = np.asarray(code, "float32").reshape(1, -1)
    for op in ops:
        if op["op"] == "repeat":
            x = np.repeat(x[:, None, :], steps, axis=1)  # the code is fed at every step
        elif op["op"] != "reshape":  # the last reshape only stacks the 28 rows into an image
            x = run_ops([op], x, model.arrays)
    return x.reshape(steps, -1)


def read_rows(model, digit, steps: int) -> np.ndarray:
    """The code (d,) the encoder gives after reading only the first ``steps`` rows of ``digit``."""
    ops = _check(model, "encoder", "reshape")
    steps = int(np.clip(steps, 0, ROWS))
    x = np.asarray(digit, "float32").reshape(1, ROWS, -1)[:, :steps]
    return run_ops(ops[1:], x, model.arrays)[0]


@dataclasses.dataclass(frozen=True)
class Frame:
    steps: int
    read: np.ndarray  # (28, 28) the input rows read so far (the rest blank)
    written: np.ndarray  # (28, 28) the rows written so far from the full code (the rest blank)
    from_partial: np.ndarray  # (28, 28) the whole digit decoded from the code after ``steps`` rows read
    row_error: np.ndarray  # (steps,) squared error of each written row


def marked(image, steps: int, scale: int = 8) -> np.ndarray:
    """An RGB picture of a (28, 28) image with a red line under row ``steps`` (what has been read)."""
    from ae_core.imaging import upscale

    picture = upscale(image, scale)
    rgb = np.stack([picture] * 3, axis=-1)
    if 0 < steps < ROWS:
        rgb[steps * scale - 1 : steps * scale + 1] = (230, 60, 60)
    return rgb


def frame(model, digit, steps: int) -> Frame:
    """Everything the page shows after ``steps`` rows, for one (28, 28) digit."""
    digit = np.asarray(digit, "float32").reshape(ROWS, ROWS)
    steps = int(np.clip(steps, 0, ROWS))
    read = np.zeros_like(digit)
    read[:steps] = digit[:steps]
    rows = write_rows(model, read_rows(model, digit, ROWS), steps)
    written = np.zeros_like(digit)
    written[:steps] = rows
    partial_code = read_rows(model, digit, steps)
    from_partial = write_rows(model, partial_code, ROWS)
    return Frame(steps, read, np.clip(written, 0, 1), np.clip(from_partial, 0, 1),
                 np.sum((digit[:steps] - rows) ** 2, axis=1))
