"""The current digit as a short text for a URL (ae_core.shareable): what goes in comes back, and
anything a link's reader mangled is None, never an error (and never a big allocation)."""

from __future__ import annotations

import base64
import zlib

import numpy as np
import pytest

from ae_core import shareable
from ae_core.shareable import decode, encode, quantized

STROKES = [
    {"type": "stroke", "color": "#FFFFFF", "width": 18, "points": [[140.0, 50.0], [140.4, 120.6], [139.0, 230.0]]},
    {"type": "stroke", "color": "#FFFFFF", "width": 25, "points": [[60.0, 60.0], [200.0, 60.0]]},
]


@pytest.fixture
def image(digits):
    return digits[3, ..., 0]


def test_quantized_is_8_bit_clipped_and_shaped():
    rng = np.random.default_rng(0)
    x = rng.normal(0.5, 0.6, (28, 28)).astype("float32")
    q = quantized(x)
    assert q.shape == (28, 28) and q.dtype == np.float32
    assert q.min() >= 0 and q.max() <= 1
    np.testing.assert_array_equal(np.round(q * 255) / 255, q)  # exact 8-bit steps
    assert np.abs(q - np.clip(x, 0, 1)).max() <= 0.5 / 255 + 1e-7
    np.testing.assert_array_equal(quantized(q), q)  # idempotent
    np.testing.assert_array_equal(quantized(x.reshape(1, 28, 28, 1)), q)


def test_a_picked_digit_is_its_dataset_and_number():
    text = encode({"kind": "picked", "dataset": "mnist", "index": 123}, np.zeros((28, 28)))
    assert text == "p.mnist.123"
    assert decode(text) == {"kind": "picked", "dataset": "mnist", "index": 123}
    assert decode("p.fashion_mnist.0") == {"kind": "picked", "dataset": "fashion_mnist", "index": 0}


def test_a_drawn_digit_comes_back_with_its_pixels_and_strokes(image):
    text = encode({"kind": "drawn"}, image, STROKES)
    assert text.startswith("d.") and len(text) < 1500  # short enough for a link
    found = decode(text)
    assert found["kind"] == "drawn"
    np.testing.assert_array_equal(found["image"], quantized(image))
    assert [s["width"] for s in found["strokes"]] == [18, 25]
    assert found["strokes"][0]["points"] == [[140.0, 50.0], [140.0, 121.0], [139.0, 230.0]]  # whole canvas pixels
    assert all(s["type"] == "stroke" and s["color"] == "#FFFFFF" for s in found["strokes"])
    # Decoded strokes encode to the same text: a reload and a second share give the same link.
    assert encode({"kind": "drawn"}, found["image"], found["strokes"]) == text


def test_a_drawing_without_strokes_and_an_uploaded_digit_are_their_pixels(image):
    drawn = decode(encode({"kind": "drawn"}, image, None))
    assert drawn["strokes"] == [] and np.array_equal(drawn["image"], quantized(image))
    text = encode({"kind": "uploaded", "name": "seven.png"}, image)
    assert text.startswith("u.") and "seven" not in text  # a file's name is not shared
    found = decode(text)
    assert found["kind"] == "uploaded" and found["strokes"] == []
    np.testing.assert_array_equal(found["image"], quantized(image))


def test_nothing_to_share_is_none(image):
    assert encode(None, image) is None and encode({}, image) is None
    assert encode({"kind": "picked", "dataset": "mnist", "index": 1}, None) is None
    # A picked digit without its number is shared by its pixels.
    assert encode({"kind": "picked", "dataset": "mnist"}, image).startswith("u.")


def test_strokes_are_clipped_to_the_canvas_and_their_count_capped():
    wild = [{"width": 999, "points": [[-50.0, 10.0], [1e9, 20.0]]}]
    found = shareable.decode_strokes(shareable.encode_strokes(wild))
    assert found[0]["width"] == 255 and found[0]["points"] == [[0.0, 10.0], [shareable.CANVAS - 1.0, 20.0]]
    many = [{"width": 5, "points": [[1.0, 1.0]]}] * (shareable.MAX_STROKES + 10)
    assert len(shareable.decode_strokes(shareable.encode_strokes(many))) == shareable.MAX_STROKES


def _pack(data: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(data)).decode().rstrip("=")


@pytest.mark.parametrize("text", [
    None, "", 123, "p", "p.", "p.mnist", "p.mnist.", "p.mnist.-1", "p.mnist.1e3", "p.mnist.1234567", "p.cifar.3",
    "p.mnist.3.4", "x.abc", "u.", "u.!!!!", "u.abc", "d.", "d.@@.@@", "q" * 10, "u." + _pack(b"\x00" * 783),
    "u." + _pack(b"\x00" * 785), "d." + _pack(b"\x00" * 784) + "." + _pack(b"\x01"),
    "d." + _pack(b"\x00" * 784) + "." + _pack(np.array([0, 1, 5, 5], "<u2").tobytes()),  # a stroke of width 0
    "d." + _pack(b"\x00" * 784) + "." + _pack(np.array([5, 3, 1, 1], "<u2").tobytes()),  # 3 points promised, 1 given
    "u." + base64.urlsafe_b64encode(b"\x00" * 784).decode(),  # not compressed
    "d." + _pack(b"\x00" * 784) + ".!!",  # strokes part not base64
    "d." + _pack(b"\x00" * 784) + "." + _pack(np.array([5, 1, 1, 1], "<u2").tobytes())[:-4],  # strokes cut short
    "u." + _pack(b"\x00" * 784) + "AAAA",  # bytes after the end of the stream
])
def test_a_mangled_link_is_none(text):
    assert decode(text) is None


def test_a_mangled_stroke_list_is_none_or_whole_strokes_never_an_error():
    good = shareable.encode_strokes(STROKES)
    assert shareable.decode_strokes(good) is not None
    rng = np.random.default_rng(0)
    for _ in range(300):  # characters changed, cut or added anywhere
        text = list(good)
        for position in rng.integers(0, len(text), size=int(rng.integers(1, 4))):
            text[position] = str(rng.choice(list("AZaz09-_!.~=")))
        cut = "".join(text)[: int(rng.integers(1, len(good) + 1))]
        found = shareable.decode_strokes(cut)
        assert found is None or all(s["width"] >= 1 and all(len(p) == 2 for p in s["points"]) for s in found)
    too_many = np.tile(np.array([5, 1, 1, 1], "<u2"), shareable.MAX_STROKES + 1).tobytes()
    assert shareable.decode_strokes(_pack(too_many)) is None


def test_oversized_texts_are_refused_before_decompressing(monkeypatch):
    calls = []
    original = zlib.decompressobj

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(shareable.zlib, "decompressobj", spy)
    assert decode("u." + "A" * shareable.MAX_TEXT) is None
    assert decode("d." + "A" * (shareable.MAX_TEXT + 10)) is None
    assert calls == []  # refused on its length alone


def test_a_compression_bomb_is_cut_off_at_the_size_it_may_have(monkeypatch):
    bomb = _pack(b"\x00" * 50_000_000)  # 50 MB of zeros in a few tens of kB
    assert len(bomb) > shareable.MAX_TEXT and decode("u." + bomb) is None
    small_bomb = _pack(b"\x07" * 2_000_000)  # under the text limit, still 2 MB inflated
    assert len("u." + small_bomb) <= shareable.MAX_TEXT
    asked = []
    real = zlib.decompressobj

    class Bounded:
        def __init__(self):
            self.inner = real()

        def decompress(self, data, max_length=0):
            asked.append(max_length)
            out = self.inner.decompress(data, max_length)
            self.unconsumed_tail = self.inner.unconsumed_tail
            self.unused_data, self.eof = self.inner.unused_data, self.inner.eof
            return out

    monkeypatch.setattr(shareable.zlib, "decompressobj", Bounded)
    assert decode("u." + small_bomb) is None
    assert asked and all(0 < n <= 785 for n in asked)  # never more than one digit's pixels (and one byte)
    assert decode("d." + _pack(b"\x00" * 784) + "." + small_bomb) is None
    assert max(asked) <= 4 * (shareable.MAX_POINTS + 2 * shareable.MAX_STROKES) + 1
