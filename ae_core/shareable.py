"""The current digit as a short text for a URL: a link or a reload opens the same digit.

A picked digit is its dataset and number (``p.mnist.123``); a drawn one its 8-bit pixels and its
canvas strokes (``d.<pixels>.<strokes>``); an uploaded one its pixels (``u.<pixels>``). Pixels
and strokes are zlib-compressed and base64url-encoded: a drawn digit is about 700 characters.
Anything that does not decode is None, never an error (a link can be mangled).
"""

from __future__ import annotations

import base64
import binascii
import zlib

import numpy as np

MAX_TEXT = 4000  # longer than any digit we write: refuse before decompressing
MAX_STROKES, MAX_POINTS = 64, 4000
CANVAS = 4096  # stroke coordinates are canvas pixels: any sane canvas is smaller


def quantized(image) -> np.ndarray:
    """A (28, 28) image in [0, 1] rounded to 8 bits: what a link carries, exactly."""
    return np.round(np.clip(np.asarray(image, "float32").reshape(28, 28), 0, 1) * 255).astype("float32") / 255


def _pack(data: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii").rstrip("=")


def _unpack(text: str, limit: int) -> bytes | None:
    try:
        # strict: a mangled link is refused, not read as a shorter drawing
        packed = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
        decompressor = zlib.decompressobj()
        data = decompressor.decompress(packed, limit + 1)
    except (binascii.Error, ValueError, zlib.error):
        return None
    complete = decompressor.eof and not decompressor.unused_data and not decompressor.unconsumed_tail
    return data if complete and len(data) <= limit else None


def encode_pixels(image) -> str:
    return _pack(np.round(quantized(image) * 255).astype("uint8").tobytes())


def decode_pixels(text: str) -> np.ndarray | None:
    data = _unpack(text, 784)
    if data is None or len(data) != 784:
        return None
    return np.frombuffer(data, np.uint8).reshape(28, 28).astype("float32") / 255


def encode_strokes(strokes: list) -> str:
    """Strokes of the drawing canvas ({"width", "color", "points"}) as width and integer points."""
    parts = []
    for stroke in strokes[:MAX_STROKES]:
        points = np.clip(np.round(np.asarray(stroke.get("points") or [], "float64")), 0, CANVAS - 1).astype("<u2")
        header = np.array([min(int(stroke.get("width", 18)), 255), len(points)], "<u2")
        parts.append(header.tobytes() + points.reshape(-1).tobytes())
    return _pack(b"".join(parts))


def decode_strokes(text: str, color: str = "#FFFFFF") -> list | None:
    data = _unpack(text, 4 * (MAX_POINTS + 2 * MAX_STROKES))
    if data is None or len(data) % 2:
        return None
    values = np.frombuffer(data, "<u2")
    strokes, i = [], 0
    while i < len(values):
        if i + 2 > len(values) or len(strokes) >= MAX_STROKES:
            return None
        width, count = int(values[i]), int(values[i + 1])
        points = values[i + 2 : i + 2 + 2 * count]
        if len(points) != 2 * count or width < 1:
            return None
        strokes.append({"type": "stroke", "color": color, "width": width,
                        "points": points.reshape(-1, 2).astype(float).tolist()})
        i += 2 + 2 * count
    return strokes


def encode(source: dict | None, image, strokes: list | None = None) -> str | None:
    """The text of the current digit (None when there is none)."""
    if image is None or not source:
        return None
    kind = source.get("kind")
    if kind == "picked" and source.get("dataset") and source.get("index") is not None:
        return f"p.{source['dataset']}.{int(source['index'])}"
    if kind == "drawn":
        return f"d.{encode_pixels(image)}.{encode_strokes(strokes or [])}"
    return f"u.{encode_pixels(image)}"


def decode(text: str | None, datasets=("mnist", "fashion_mnist")) -> dict | None:
    """{"kind": "picked", "dataset", "index"} or {"kind": "drawn"/"uploaded", "image", "strokes"}."""
    if not isinstance(text, str) or not text or len(text) > MAX_TEXT:
        return None
    kind, _, rest = text.partition(".")
    if kind == "p":
        dataset, _, index = rest.partition(".")
        if dataset in datasets and index.isdigit() and len(index) < 7:
            return {"kind": "picked", "dataset": dataset, "index": int(index)}
        return None
    if kind == "d":
        pixels, _, strokes = rest.partition(".")
        image, drawn = decode_pixels(pixels), decode_strokes(strokes) if strokes else []
        if image is None or drawn is None:
            return None
        return {"kind": "drawn", "image": image, "strokes": drawn}
    if kind == "u":
        image = decode_pixels(rest)
        return None if image is None else {"kind": "uploaded", "image": image, "strokes": []}
    return None
