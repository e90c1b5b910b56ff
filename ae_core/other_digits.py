"""Digits that are not MNIST's, in MNIST's format: to measure (and train) a classifier on digits as
students write and print them.

- :func:`other_writers`: scikit-learn's copy of the UCI optical digits' test set (1,797 digits
  by 13 writers other than MNIST's, 8x8 blocks counting ink in 4x4 cells), installed with it;
- :func:`printed_digits`: the ten digits typeset in the TrueType fonts this machine has (at
  several weights, sizes and slants), rendered here.

Both go through :func:`ae_core.preprocess.to_mnist`, the step the app applies to a drawing or an
upload (longer side 20 px, centre of mass at the centre), so they reach a model as a student's
digit does.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from ae_core.preprocess import to_mnist

FONT_FOLDERS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype"))
# Families of Debian's fonts-dejavu-core and fonts-liberation (what Chromium pulls in): the
# benchmark's printed digits are typeset in the "test" ones, the classifier trains on the others,
# so it is measured on typefaces it never saw.
TRAIN_FONT_FAMILIES = ("DejaVu",)
TEST_FONT_FAMILIES = ("Liberation",)
SLANTS = (-0.2, 0.0, 0.2)  # horizontal shear of the glyph (italic-like), per unit of height
STROKE_WIDTHS = (0, 1, 2)  # extra outline in pixels at 96 px type: regular, semibold, bold


@dataclasses.dataclass(frozen=True)
class DigitSet:
    x: np.ndarray  # (N, 28, 28, 1) float32 in [0, 1]
    y: np.ndarray  # (N,) int labels
    source: str  # where the digits come from, for a benchmark's header

    @classmethod
    def of(cls, images: list, labels: list, source: str) -> "DigitSet":
        """A set of (28, 28) images and their labels (none: an empty set in the same layout)."""
        x = np.stack(images)[..., None].astype("float32") if images else np.zeros((0, 28, 28, 1), "float32")
        return cls(x, np.asarray(labels, dtype="int64"), source)


def from_blocks(block: np.ndarray) -> np.ndarray:
    """An 8x8 block of ink counts (0-16, as the UCI digits are stored) enlarged smoothly to
    32x32 and put in MNIST's format: (28, 28) in [0, 1]."""
    from PIL import Image

    ink = np.asarray(Image.fromarray((np.asarray(block) / 16.0).astype("float32"), mode="F")
                     .resize((32, 32), Image.Resampling.BICUBIC))
    digit = to_mnist(np.clip(ink, 0.0, 1.0))
    return np.zeros((28, 28), "float32") if digit.is_empty else digit.image


def other_writers() -> DigitSet:
    """The UCI optical digits (scikit-learn's ``load_digits``): 8x8 counts of ink (0-16) per 4x4
    cell of a 32x32 bitmap of a digit written by one of 13 people (the UCI test set's writers), none
    of MNIST's."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = [from_blocks(block) for block in digits.images]
    return DigitSet(np.stack(images)[..., None].astype("float32"), digits.target.astype("int64"),
                    f"scikit-learn load_digits (UCI optical digits, {len(images):,} digits by 13 writers)")


def coarse_scan(image: np.ndarray) -> np.ndarray:
    """A (28, 28) digit as the UCI scanner would have kept it: its box enlarged to fill a 32x32
    bitmap, thresholded, ink counted per 4x4 cell (0-16), then :func:`from_blocks`. Training on
    such copies of MNIST's own digits teaches a classifier the coarse look, not other writers."""
    from PIL import Image

    mask = np.asarray(image) > 0.3
    if mask.sum() < 4:
        return np.asarray(image, dtype="float32").reshape(28, 28)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = np.asarray(image, dtype="float32")[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    scale = 32.0 / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    big = np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.BILINEAR)) > 0.5
    bitmap = np.zeros((32, 32), bool)
    top, left = (32 - size[1]) // 2, (32 - size[0]) // 2
    bitmap[top:top + size[1], left:left + size[0]] = big
    return from_blocks(bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)))


def coarse_scan_batch(x: np.ndarray, seed: int = 0) -> np.ndarray:
    """:func:`coarse_scan` of every (N, 28, 28, 1) image (``seed`` unused: it is deterministic;
    measured: coarse copies of drawing-like variants, or with strokes thickened to the UCI digits'
    ink, read other writers no better)."""
    return np.stack([coarse_scan(image[..., 0]) for image in np.asarray(x)])[..., None].astype("float32")


def font_files(families=TEST_FONT_FAMILIES, folders=FONT_FOLDERS) -> list[Path]:
    """TrueType fonts of the given families found on this machine, sorted (none: an empty list)."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [p for p in folder.rglob("*.ttf") if p.name.startswith(tuple(families))]
    return sorted(found)


def render_digit(digit: int, font_path, slant: float = 0.0, stroke: int = 0, size: int = 96) -> np.ndarray:
    """One digit typeset white on black (``font_path``: a font file, or a Pillow font of
    ``size``), sheared by ``slant``, as (H, W) ink in [0, 1]."""
    from PIL import Image, ImageDraw, ImageFont

    font = font_path if isinstance(font_path, ImageFont.FreeTypeFont) else ImageFont.truetype(str(font_path), size)
    canvas = Image.new("L", (2 * size, 2 * size), 0)
    ImageDraw.Draw(canvas).text((size // 2, size // 4), str(digit), fill=255, font=font, stroke_width=stroke,
                                stroke_fill=255)
    if slant:
        canvas = canvas.transform(canvas.size, Image.Transform.AFFINE, (1, slant, -slant * size, 0, 1, 0),
                                  resample=Image.Resampling.BILINEAR)
    return np.asarray(canvas, dtype="float32") / 255.0


def printed_training_set(count: int, seed: int = 0, families=TRAIN_FONT_FAMILIES) -> DigitSet:
    """``count`` digits typeset at random in the training fonts (Pillow's own font, which every
    machine has, where none is found): random digit, font, slant (-0.3..0.3), stroke (0-3 px) and size."""
    from PIL import ImageFont

    rng = np.random.default_rng(seed)
    fonts = [str(p) for p in font_files(families)] or [None]
    images, labels = [], []
    for _ in range(int(count)):
        digit, path = int(rng.integers(10)), fonts[int(rng.integers(len(fonts)))]
        slant, stroke, size = float(rng.uniform(-0.3, 0.3)), int(rng.integers(0, 4)), int(rng.integers(64, 129))
        font = path if path is not None else ImageFont.load_default(size)
        rendered = to_mnist(render_digit(digit, font, slant, stroke, size))
        if not rendered.is_empty:
            images.append(rendered.image)
            labels.append(digit)
    return DigitSet.of(images, labels, f"{count:,} digits typeset in {len(fonts)} training fonts")


def printed_digits(families=TEST_FONT_FAMILIES, slants=SLANTS, strokes=STROKE_WIDTHS) -> DigitSet:
    """Every digit in every font of ``families`` found here, at every slant and stroke width.
    Empty (with a source saying so) on a machine without those fonts."""
    fonts = font_files(families)
    images, labels = [], []
    for path in fonts:
        for slant in slants:
            for stroke in strokes:
                for digit in range(10):
                    images.append(to_mnist(render_digit(digit, path, slant, stroke)).image)
                    labels.append(digit)
    names = ", ".join(p.stem for p in fonts) or f"none found in {', '.join(map(str, FONT_FOLDERS))}"
    return DigitSet.of(images, labels, f"printed digits, {len(labels):,} renderings of: {names}")
