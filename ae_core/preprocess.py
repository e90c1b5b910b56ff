"""Any drawing or upload to one MNIST-style digit: 28x28 float32 in [0, 1], white ink on black.

MNIST's own recipe (LeCun et al.): crop to the ink's bounding box, scale the longer side to
20 px keeping the aspect ratio (anti-aliased), then place it in 28x28 so that the centre of
mass sits at the centre. Uploads are decoded defensively: every failure is an
:class:`ImageProblem` with a code the app translates, never a traceback.
"""

from __future__ import annotations

import dataclasses
import io
import warnings

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from scipy import ndimage

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 10,000 x 10,000 upload is refused before it is decoded
# Larger uploads are shrunk to about this many pixels right after decoding (JPEGs while decoding):
# a 28x28 digit needs far less, and a 40-megapixel PNG "bomb" of a few kB then costs ~0.2 GB and
# a second or two instead of ~1 GB and 5 s of float arrays.
WORK_PIXELS = 4_000_000
# Pillow's decoders for these formats only; anything else (EPS, which runs Ghostscript, PSD,
# FITS, ...) is "not an image" without being parsed further.
UPLOAD_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "DIB", "WEBP", "TIFF", "ICO", "PPM", "AVIF")
CANVAS_MAX_SIDE = 2048  # the canvas is 280x280 CSS pixels (x device pixel ratio); more is tampering
MIN_SIDE = 8
INK_THRESHOLD = 0.2  # a pixel is ink above this intensity
MIN_INK_FRACTION = 0.0015  # less ink than this (share of the image) is "nothing drawn"


class ImageProblem(ValueError):
    """An input that cannot become a digit. ``code`` keys the translated message."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclasses.dataclass(frozen=True)
class Digit:
    """A preprocessed digit, or ``image is None`` when nothing was drawn.

    ``notes`` are codes of harmless facts the app may mention (e.g. "animated_first_frame").
    """

    image: np.ndarray | None  # (28, 28) float32 in [0, 1]
    notes: tuple = ()

    @property
    def is_empty(self) -> bool:
        return self.image is None

    def batch(self) -> np.ndarray:
        """(1, 28, 28, 1), the models' input layout."""
        return self.image.reshape(1, 28, 28, 1)


NOTHING_DRAWN = Digit(None, ("nothing_drawn",))


def ink_from_rgba(rgba: np.ndarray) -> np.ndarray:
    """Canvas data (H, W, 4) uint8 to ink in [0, 1]: colour composited onto black by alpha."""
    rgba = np.asarray(rgba)
    if rgba.ndim != 3 or rgba.shape[2] != 4:
        raise ImageProblem("bad_canvas", f"expected (H, W, 4), got {rgba.shape}")
    rgb = rgba[..., :3].astype("float32") / 255.0
    alpha = rgba[..., 3].astype("float32") / 255.0
    return (_luminance(rgb) * alpha).astype("float32")


def _luminance(rgb: np.ndarray) -> np.ndarray:
    return rgb @ np.array([0.299, 0.587, 0.114], dtype="float32")


def to_mnist(ink: np.ndarray, style: str = "mnist") -> Digit:
    """Ink (H, W) in [0, 1], bright strokes on dark ground, to a 28x28 image of the dataset's style.

    ``style="mnist"``: the longer side scaled to 20 px, centre of mass at pixel (14, 14).
    ``style="fashion"``: Fashion-MNIST's recipe: the longer side scaled to 28 px, centred.
    Returns :data:`NOTHING_DRAWN` when there is too little ink to be a digit.
    """
    if style not in ("mnist", "fashion"):
        raise ValueError(f"style must be 'mnist' or 'fashion', not {style!r}")
    ink = np.nan_to_num(np.asarray(ink, dtype="float32"), nan=0.0)
    ink = np.clip(ink, 0.0, 1.0)
    if ink.ndim != 2 or min(ink.shape) < 1:
        raise ImageProblem("bad_canvas", f"expected a 2-d image, got {ink.shape}")
    mask = ink > INK_THRESHOLD
    if mask.sum() < max(4, MIN_INK_FRACTION * ink.size):
        return NOTHING_DRAWN
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    box = 20.0 if style == "mnist" else 28.0
    scale = box / max(h, w)
    new_h, new_w = max(1, min(28, round(h * scale))), max(1, min(28, round(w * scale)))
    # Pillow's float mode resamples with a proper anti-aliasing filter in both directions.
    small = np.asarray(Image.fromarray(crop, mode="F").resize((new_w, new_h), Image.Resampling.LANCZOS))
    small = np.clip(small, 0.0, 1.0)
    peak = small.max()
    if peak > 0:
        small = small / max(peak, 1e-6) * min(1.0, crop.max())
    canvas = np.zeros((28, 28), dtype="float32")
    top, left = (28 - new_h) // 2, (28 - new_w) // 2
    canvas[top : top + new_h, left : left + new_w] = small
    if style == "fashion":
        return Digit(canvas)
    cy, cx = ndimage.center_of_mass(canvas)
    shift = (int(round(14.0 - cy)), int(round(14.0 - cx)))  # MNIST: mass at pixel (14, 14)
    # Integer shift as in MNIST (no blur); clamp so the ink never leaves the frame.
    shift = (
        int(np.clip(shift[0], -top, 28 - (top + new_h))),
        int(np.clip(shift[1], -left, 28 - (left + new_w))),
    )
    canvas = np.roll(canvas, shift, axis=(0, 1))
    return Digit(canvas.astype("float32"))


def canvas_rgba(png: bytes) -> np.ndarray:
    """The canvas' PNG bytes to (H, W, 4) uint8; anything else raises ImageProblem("bad_canvas").

    Only a tampered client sends something else: its size is checked before decoding.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(png), formats=("PNG",)) as image:
                width, height = image.size
                if max(width, height) > CANVAS_MAX_SIDE or min(width, height) < 1:
                    raise ImageProblem("bad_canvas", f"{width}x{height}")
                return np.asarray(image.convert("RGBA"))
    except ImageProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure: not the canvas' PNG
        raise ImageProblem("bad_canvas", type(exc).__name__) from None


def digit_from_canvas(rgba) -> Digit:
    """The drawing canvas' image (H, W, 4) uint8 to a digit (or nothing drawn)."""
    if rgba is None:
        return NOTHING_DRAWN
    return to_mnist(ink_from_rgba(rgba))


def decode_upload(data: bytes) -> tuple[np.ndarray, tuple]:
    """Uploaded bytes to ink (H, W) in [0, 1] plus notes; raises :class:`ImageProblem`.

    Handles EXIF rotation, palettes, transparency, 16-bit greyscale, CMYK, animations (first
    frame), and dark ink on light paper (inverted, with the paper's shading removed).
    """
    if not data:
        raise ImageProblem("empty_file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageProblem("file_too_large", f"{len(data)} bytes")
    notes = []
    with warnings.catch_warnings():
        # MAX_PIXELS is stricter than Pillow's bomb warning, and checked below before any decoding;
        # Pillow's other warnings (corrupt EXIF, odd TIFF tags) are about the student's file.
        warnings.simplefilter("ignore")
        try:
            image = Image.open(io.BytesIO(data), formats=UPLOAD_FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageProblem("image_too_large", f"{width}x{height}")
            if min(width, height) < MIN_SIDE:
                raise ImageProblem("image_too_small", f"{width}x{height}")
            if getattr(image, "n_frames", 1) > 1:
                notes.append("animated_first_frame")
                image = next(ImageSequence.Iterator(image))
            image = _decode_shrunk(image)
            image = ImageOps.exif_transpose(image)
            ink = _ink_from_pil(image)
        except ImageProblem:
            raise
        except Image.DecompressionBombError:
            # Over twice Pillow's limit, Image.open itself refuses the header (no size to report).
            raise ImageProblem("image_too_large", f"over {2 * Image.MAX_IMAGE_PIXELS:,}") from None
        except UnidentifiedImageError as exc:
            raise ImageProblem("not_an_image", type(exc).__name__) from None
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError, TypeError, KeyError, IndexError) as exc:
            # Truncated or corrupt files surface as any of these from Pillow's decoders.
            raise ImageProblem("broken_image", f"{type(exc).__name__}: {str(exc)[:120]}") from None
    return ink, tuple(notes)


def _decode_shrunk(image: Image.Image) -> Image.Image:
    """Decode ``image``; over :data:`WORK_PIXELS` pixels, shrink it by a whole factor (box filter)."""
    width, height = image.size
    factor = int(np.ceil(np.sqrt(width * height / WORK_PIXELS)))
    if factor <= 1:
        image.load()
        return image
    if image.format in ("JPEG", "MPO"):  # MPO: a multi-picture JPEG (phones), opened as JPEG
        image.draft(image.mode, (width // factor, height // factor))  # DCT scaling: decodes small
    image.load()
    factor = int(np.ceil(np.sqrt(image.size[0] * image.size[1] / WORK_PIXELS)))
    if factor <= 1:
        return image
    exif = image.getexif()
    if image.mode in ("1", "P", "PA") or image.mode.startswith("I;16"):
        # Modes Image.reduce does not take: L/I keep the values, RGBA keeps a palette's transparency.
        if image.mode.startswith("I;16"):
            target = "I"
        elif image.mode == "1":
            target = "L"
        else:
            target = "RGBA" if image.mode == "PA" or "transparency" in image.info else "RGB"
        image = image.convert(target)
    reduced = image.reduce(factor)
    if exif:
        reduced.info["exif"] = exif.tobytes()  # keep the orientation for exif_transpose
    return reduced


def _ink_from_pil(image: Image.Image) -> np.ndarray:
    """Bright-ink-on-dark intensity in [0, 1] from any Pillow image mode."""
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        grey = np.asarray(image, dtype="float32")
        finite = np.isfinite(grey)
        if not finite.all():  # float TIFFs may hold NaN or infinities: the nearest finite value
            lo, hi = (float(grey[finite].min()), float(grey[finite].max())) if finite.any() else (0.0, 0.0)
            grey = np.nan_to_num(grey, nan=lo, posinf=hi, neginf=lo)
        lo, hi = float(grey.min()), float(grey.max())
        grey = (grey - lo) / (hi - lo) if hi > lo else np.zeros_like(grey)
        return _polarise(grey)
    if mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if mode in ("RGBA", "LA", "PA") or image.mode == "RGBA":
        rgba = np.asarray(image.convert("RGBA"), dtype="float32") / 255.0
        alpha = rgba[..., 3]
        if alpha.min() < 0.99:
            lum = _luminance(rgba[..., :3])
            opaque = alpha > 0.5
            ink_is_dark = opaque.any() and float(np.median(lum[opaque])) < 0.5
            # The strokes are what is opaque: their contrast with the see-through ground.
            if ink_is_dark:
                return np.clip(alpha * (1.0 - lum), 0.0, 1.0).astype("float32")
            return np.clip(alpha * lum, 0.0, 1.0).astype("float32")
        image = image.convert("RGB")
    grey = np.asarray(image.convert("L"), dtype="float32") / 255.0
    return _polarise(grey)


def _polarise(grey: np.ndarray) -> np.ndarray:
    """Make ink bright on dark: invert light paper and flatten its shading (photos)."""
    # Sensor noise and JPEG texture first: a box of 1% of the image is far finer than one pixel
    # of the 28x28 result, but it keeps noise maxima from inflating the paper estimate and
    # isolated specks from stretching the ink's bounding box (a 2% noise used to wreck photos).
    box = max(1, round(min(grey.shape) / 100)) | 1
    if box > 1:
        grey = ndimage.uniform_filter(grey, size=box)
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    if float(np.median(border)) > 0.5:
        # Dark ink on paper: estimate the paper's brightness everywhere, then measure how
        # much darker each pixel is than its paper.
        size = max(3, int(min(grey.shape) / 8) | 1)
        paper = ndimage.maximum_filter(grey, size=size)
        paper = ndimage.uniform_filter(paper, size=size)
        ink = np.clip(paper - grey, 0.0, 1.0)
    else:
        background = float(np.median(border))
        ink = np.clip(grey - background, 0.0, 1.0)
    peak = float(np.percentile(ink, 99.9))
    if peak < 0.05:
        return np.zeros_like(ink, dtype="float32")
    ink = np.clip(ink / peak, 0.0, 1.0)
    # Paper texture and sensor noise stay below this; strokes are well above it.
    ink[ink < 0.25] = 0.0
    return ink.astype("float32")


def digit_from_upload(data: bytes, style: str = "mnist") -> Digit:
    """Uploaded bytes to a digit (or a Fashion-MNIST-style item); raises :class:`ImageProblem`."""
    ink, notes = decode_upload(data)
    digit = to_mnist(ink, style)
    return Digit(digit.image, notes + digit.notes) if not digit.is_empty else Digit(None, notes + ("nothing_drawn",))
