"""Drawings and uploads to MNIST-style digits; every bad upload is an ImageProblem with a code.

All test images are generated here with Pillow (no binary fixtures).
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage

from ae_core.preprocess import (
    MAX_UPLOAD_BYTES,
    Digit,
    ImageProblem,
    decode_upload,
    digit_from_canvas,
    digit_from_upload,
    ink_from_rgba,
    to_mnist,
)

# --- helpers ----------------------------------------------------------------------------------


def encode(image: Image.Image, fmt: str = "PNG", **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def seven_mask(size: int = 200) -> np.ndarray:
    """A boolean "7" (asymmetric, so a rotation or a flip shows), True on the strokes."""
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    s = size / 200
    width = max(1, round(14 * s))
    draw.line([(50 * s, 40 * s), (150 * s, 40 * s)], fill=255, width=width)
    draw.line([(150 * s, 40 * s), (85 * s, 165 * s)], fill=255, width=width)
    return np.asarray(image) > 127


def grey_image(mask: np.ndarray, ink: int, paper: int) -> Image.Image:
    return Image.fromarray(np.where(mask, ink, paper).astype(np.uint8), mode="L")


def ink_rows_cols(image: np.ndarray, threshold: float = 0.05):
    mask = image > threshold
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def assert_same_digit(image: np.ndarray, reference: np.ndarray):
    """Same strokes in the same place; edges may differ by a little anti-aliasing."""
    assert correlation(image, reference) > 0.99
    assert float(np.mean(np.abs(image - reference))) < 0.02


def assert_mnist_like(digit: Digit):
    assert isinstance(digit, Digit) and not digit.is_empty
    image = digit.image
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert image.min() >= 0.0 and image.max() <= 1.0
    assert max(ink_rows_cols(image)) == 20  # the longer side scaled to 20 px
    cy, cx = ndimage.center_of_mass(image)
    assert abs(cy - 14) <= 1.0 and abs(cx - 14) <= 1.0, (cy, cx)
    assert digit.batch().shape == (1, 28, 28, 1)


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    """The "7" drawn white on black, as the canvas would give it: what every variant must match."""
    digit = digit_from_upload(encode(grey_image(seven_mask(), 255, 0)))
    assert_mnist_like(digit)
    return digit.image


def stroke_canvas(background_alpha: int) -> np.ndarray:
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[..., 3] = background_alpha
    canvas[40:240, 130:150] = (255, 255, 255, 255)  # a vertical white stroke, 200 px long
    return canvas


# --- the drawing canvas -----------------------------------------------------------------------


@pytest.mark.parametrize("background_alpha", [0, 255], ids=["transparent", "black"])
def test_vertical_stroke_becomes_a_centred_one(background_alpha):
    digit = digit_from_canvas(stroke_canvas(background_alpha))
    assert_mnist_like(digit)
    height, width = ink_rows_cols(digit.image)
    assert height == 20 and width <= 4  # a "1": tall and thin
    assert digit.image.max() == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    "canvas",
    [
        None,
        np.zeros((280, 280, 4), np.uint8),  # nothing at all
        np.dstack([np.full((280, 280, 3), 255, np.uint8), np.zeros((280, 280), np.uint8)]),  # white, invisible
        np.dstack([np.zeros((280, 280, 3), np.uint8), np.full((280, 280), 255, np.uint8)]),  # opaque black
    ],
    ids=["none", "empty", "all_transparent", "black"],
)
def test_empty_canvases_are_nothing_drawn(canvas):
    digit = digit_from_canvas(canvas)
    assert digit.is_empty and "nothing_drawn" in digit.notes


def test_a_near_empty_dot_is_nothing_drawn():
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[139:142, 139:142] = 255  # a 3x3 speck
    assert digit_from_canvas(canvas).is_empty


def test_ink_from_rgba_composites_by_alpha_and_checks_its_shape():
    canvas = np.zeros((2, 2, 4), np.uint8)
    canvas[0, 0] = (255, 255, 255, 255)
    canvas[0, 1] = (255, 255, 255, 0)
    canvas[1, 0] = (255, 255, 255, 128)
    ink = ink_from_rgba(canvas)
    assert ink[0, 0] == pytest.approx(1.0) and ink[0, 1] == 0.0 and ink[1, 0] == pytest.approx(128 / 255)
    with pytest.raises(ImageProblem) as info:
        ink_from_rgba(np.zeros((4, 4, 3), np.uint8))
    assert info.value.code == "bad_canvas"


def test_to_mnist_keeps_the_aspect_ratio_of_a_wide_stroke():
    ink = np.zeros((100, 100), np.float32)
    ink[45:55, 10:90] = 1.0  # a horizontal bar, 80 x 10
    height, width = ink_rows_cols(to_mnist(ink).image)
    assert width == 20 and height <= 4


def test_fashion_style_fills_the_frame_and_centres_the_box():
    ink = np.zeros((100, 100), np.float32)
    ink[10:90, 30:70] = 1.0  # a garment-like block, 80 x 40
    image = to_mnist(ink, style="fashion").image
    height, width = ink_rows_cols(image)
    assert height == 28 and width == 14  # the longer side scaled to 28 px
    cols = np.flatnonzero((image > 0.05).any(axis=0))
    assert cols[0] + cols[-1] == 27  # centred box
    with pytest.raises(ValueError, match="style"):
        to_mnist(ink, style="cifar")


# --- uploads that must become the same "7" -----------------------------------------------------


def _dark_on_white_rgb(mask):
    rgb = np.full((*mask.shape, 3), 255, np.uint8)
    rgb[mask] = (20, 25, 70)  # dark blue ballpoint
    return Image.fromarray(rgb, mode="RGB")


def _rgba_transparent_dark(mask):
    rgba = np.zeros((*mask.shape, 4), np.uint8)
    rgba[mask] = (0, 0, 0, 255)
    return Image.fromarray(rgba, mode="RGBA")


def _palette_transparent(mask):
    image = Image.fromarray(mask.astype(np.uint8), mode="P")
    image.putpalette([255, 255, 255, 0, 0, 0] + [0] * (256 - 2) * 3)  # 0: white paper, 1: black ink
    image.info["transparency"] = 0
    return image


def _sixteen_bit(mask):
    return Image.fromarray(np.where(mask, 50000, 1000).astype(np.uint16))  # mode I;16


SAME_DIGIT = {
    "grey_dark_on_white": lambda m: encode(grey_image(m, 0, 255)),
    "rgb_dark_on_white": lambda m: encode(_dark_on_white_rgb(m)),
    "rgba_transparent_dark_strokes": lambda m: encode(_rgba_transparent_dark(m)),
    "palette_with_transparency": lambda m: encode(_palette_transparent(m), transparency=0),
    "sixteen_bit_grey": lambda m: encode(_sixteen_bit(m)),
}


@pytest.mark.parametrize("variant", SAME_DIGIT)
def test_lossless_variants_give_the_same_digit(variant, reference):
    data = SAME_DIGIT[variant](seven_mask())
    digit = digit_from_upload(data)
    assert_mnist_like(digit)
    assert_same_digit(digit.image, reference)


def test_sixteen_bit_png_really_is_sixteen_bit():
    assert _sixteen_bit(seven_mask()).mode == "I;16"
    with Image.open(io.BytesIO(SAME_DIGIT["sixteen_bit_grey"](seven_mask()))) as image:
        assert image.mode.startswith("I")


def test_cmyk_jpeg(reference):
    cmyk = grey_image(seven_mask(), 0, 255).convert("CMYK")
    data = encode(cmyk, "JPEG", quality=95)
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "CMYK"
    digit = digit_from_upload(data)
    assert_mnist_like(digit)
    assert correlation(digit.image, reference) > 0.95


def test_exif_rotation_is_applied(reference):
    upright = grey_image(seven_mask(), 0, 255).convert("RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone held sideways stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    rotated = digit_from_upload(encode(stored, "JPEG", quality=95, exif=exif.tobytes()))
    unrotated = digit_from_upload(encode(stored, "JPEG", quality=95))
    assert_mnist_like(rotated)
    assert correlation(rotated.image, reference) > 0.95
    assert correlation(unrotated.image, reference) < 0.6


def test_animated_gif_uses_the_first_frame(reference):
    first = grey_image(seven_mask(), 255, 0).convert("P")
    second = Image.new("L", (200, 200), 0).convert("P")
    ImageDraw.Draw(second).ellipse((40, 40, 160, 160), outline=255, width=14)  # a "0"
    data = encode(first, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == 2
    digit = digit_from_upload(data)
    assert "animated_first_frame" in digit.notes
    assert_mnist_like(digit)
    assert_same_digit(digit.image, reference)


@pytest.mark.parametrize("side, noise", [(600, 0.02), (600, 0.03), (1200, 0.03), (200, 0.03)])
def test_photo_of_ink_on_shaded_paper(side, noise, reference):
    rng = np.random.default_rng(0)
    h = w = side
    yy, xx = np.mgrid[0:h, 0:w] / h
    paper = 0.92 - 0.35 * xx - 0.15 * yy  # a lamp on the left: paper from 0.92 down to 0.42
    mask = seven_mask(h)
    photo = np.where(mask, 0.6 * paper - 0.1, paper) + rng.normal(0, noise, (h, w))  # ink darker than its paper
    data = encode(Image.fromarray((np.clip(photo, 0, 1) * 255).astype(np.uint8), mode="L"), "JPEG", quality=90)
    digit = digit_from_upload(data)
    assert_mnist_like(digit)
    assert correlation(digit.image, reference) > 0.85
    # The shading and the noise are gone: no ink far from the strokes.
    near_strokes = ndimage.binary_dilation(reference > 0.05, iterations=2)
    assert digit.image[~near_strokes].max() < 0.2


def test_huge_upload(reference):
    mask = np.asarray(Image.fromarray(seven_mask(300)).resize((4000, 3000), Image.Resampling.NEAREST))
    digit = digit_from_upload(encode(grey_image(mask, 0, 255)))
    assert_mnist_like(digit)
    # Stretched 4:3, so compare the shape loosely: same strokes, same place.
    assert correlation(digit.image, reference) > 0.6


def test_tiny_upload():
    tiny = np.zeros((8, 8), np.uint8)
    tiny[1:7, 3:5] = 255
    digit = digit_from_upload(encode(Image.fromarray(tiny, mode="L")))
    assert_mnist_like(digit)
    height, width = ink_rows_cols(digit.image)
    assert height == 20 and width < 10


def test_blank_paper_upload_is_nothing_drawn():
    digit = digit_from_upload(encode(Image.new("L", (100, 100), 240)))
    assert digit.is_empty and "nothing_drawn" in digit.notes


# --- uploads that cannot become a digit ---------------------------------------------------------


def _truncated_png():
    data = encode(grey_image(seven_mask(), 255, 0))
    return data[: len(data) // 2]


def _png_header_only(width, height, bit_depth=1, colour_type=0):
    """A PNG signature and IHDR chunk claiming ``width`` x ``height``, then a tiny IDAT and IEND."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "make, codes",
    [
        (lambda: b"", {"empty_file"}),
        (lambda: b"this is a shopping list, not a picture\n" * 3, {"not_an_image"}),
        (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(200), {"not_an_image"}),
        (_truncated_png, {"broken_image", "not_an_image"}),
        (lambda: _truncated_png()[:40], {"broken_image", "not_an_image"}),
        (lambda: _png_header_only(10_000, 10_000), {"image_too_large"}),
        (lambda: _png_header_only(9_000, 5_000), {"image_too_large"}),  # under Pillow's own limit
        (lambda: encode(Image.new("1", (10_000, 10_000))), {"image_too_large"}),
        (lambda: encode(Image.new("L", (1, 1), 255)), {"image_too_small"}),
        (lambda: encode(Image.new("L", (200, 3), 255)), {"image_too_small"}),
        (lambda: b"\0" * (MAX_UPLOAD_BYTES + 1), {"file_too_large"}),
    ],
    ids=[
        "empty", "text", "pdf", "truncated_png", "png_signature_only", "10000x10000_header", "9000x5000_header",
        "10000x10000_bilevel_png", "1x1", "200x3", "over_10_MB",
    ],
)
def test_bad_uploads_are_image_problems(make, codes):
    with pytest.raises(ImageProblem) as info:
        digit_from_upload(make())
    assert info.value.code in codes, str(info.value)


@pytest.mark.parametrize(
    "width, height, detail",
    [(10_000, 10_000, "10000x10000"), (9_000, 5_000, "9000x5000"), (20_000, 20_000, "over ")],
)
def test_oversized_images_are_refused_before_decoding(width, height, detail, monkeypatch):
    from PIL import ImageFile

    def no_decoding(self):
        pytest.fail(f"a {width}x{height} image was decoded")  # BaseException: nothing catches it

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    with pytest.raises(ImageProblem) as info:
        decode_upload(_png_header_only(width, height))
    assert info.value.code == "image_too_large"
    assert info.value.detail.startswith(detail)  # shown as "({detail} pixels; the limit is ...)"


def test_truncated_jpeg_is_a_broken_image():
    data = encode(grey_image(seven_mask(), 0, 255), "JPEG", quality=90)
    with pytest.raises(ImageProblem) as info:
        digit_from_upload(data[: len(data) // 2])
    assert info.value.code in {"broken_image", "not_an_image"}


@pytest.mark.parametrize("seed", range(12))
def test_damaged_files_never_raise_anything_but_image_problem(seed):
    rng = np.random.default_rng(seed)
    fmt = ["PNG", "JPEG", "GIF"][seed % 3]
    data = bytearray(encode(grey_image(seven_mask(64), 255, 0), fmt))
    positions = rng.integers(8, len(data), size=8)  # past the signature: the damage is inside
    if seed % 2 == 0:
        del data[positions[0] + 30 :]  # truncated as well as damaged
    for position in positions[1:]:
        if position < len(data):
            data[position] = int(rng.integers(0, 256))
    try:
        result = digit_from_upload(bytes(data))
    except ImageProblem as problem:
        assert problem.code in {"broken_image", "not_an_image", "image_too_large", "image_too_small"}
    else:
        assert isinstance(result, Digit)
        if not result.is_empty:
            assert result.image.shape == (28, 28)
            assert 0.0 <= result.image.min() <= result.image.max() <= 1.0


def test_decode_upload_returns_ink_and_notes():
    ink, notes = decode_upload(encode(grey_image(seven_mask(), 0, 255)))
    assert ink.shape == (200, 200) and ink.dtype == np.float32
    assert notes == ()
    strokes, found = seven_mask(), ink > 0.5
    assert (strokes & found).sum() / (strokes | found).sum() > 0.95  # the strokes, and only them
