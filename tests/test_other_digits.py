"""Digits that are not MNIST's (ae_core.other_digits): other writers, printed digits, coarse copies."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from ae_core import other_digits
from ae_core.other_digits import TEST_FONT_FAMILIES, TRAIN_FONT_FAMILIES

needs_fonts = pytest.mark.skipif(not other_digits.font_files(TEST_FONT_FAMILIES + TRAIN_FONT_FAMILIES),
                                 reason="no DejaVu or Liberation fonts on this machine")


def assert_mnist_like(images: np.ndarray) -> None:
    """28x28 in [0, 1], ink in the middle 20 px box, mass near the centre: as the app's digits."""
    assert images.shape[1:] == (28, 28, 1) and images.dtype == np.float32
    assert images.min() >= 0.0 and images.max() <= 1.0
    for image in images[:50, ..., 0]:
        cy, cx = ndimage.center_of_mass(image)
        assert abs(cy - 14) <= 2 and abs(cx - 14) <= 2
        rows = np.flatnonzero((image > 0.3).any(axis=1))
        assert 15 <= rows[-1] - rows[0] + 1 <= 21


def test_other_writers_are_the_1797_uci_digits_of_every_class_in_mnist_format():
    digits = other_digits.other_writers()
    assert len(digits.x) == len(digits.y) == 1797
    assert set(np.unique(digits.y)) == set(range(10))
    assert_mnist_like(digits.x)


def test_an_8x8_block_of_ink_counts_becomes_a_centred_digit():
    block = np.zeros((8, 8))
    block[1:7, 3:5] = 16  # a thick vertical bar: a "1"
    image = other_digits.from_blocks(block)
    assert image.shape == (28, 28)
    rows = np.flatnonzero((image > 0.3).any(axis=1))
    assert rows[-1] - rows[0] + 1 >= 18  # scaled to MNIST's 20 px height


def test_a_coarse_scan_keeps_the_digit_but_loses_its_fine_detail(digits):
    original = digits[0, ..., 0]
    coarse = other_digits.coarse_scan(original)
    assert coarse.shape == (28, 28) and 0.0 <= coarse.min() and coarse.max() <= 1.0
    assert np.corrcoef(original.ravel(), coarse.ravel())[0, 1] > 0.6  # the same digit
    assert not np.allclose(original, coarse, atol=0.1)  # but blurred by the 8x8 cells
    batch = other_digits.coarse_scan_batch(digits[:3])
    assert batch.shape == (3, 28, 28, 1)
    np.testing.assert_array_equal(batch[0, ..., 0], coarse)


def test_a_coarse_scan_of_an_empty_image_stays_empty():
    assert not other_digits.coarse_scan(np.zeros((28, 28))).any()


def test_the_fonts_the_classifier_trains_on_are_never_the_benchmark_s():
    train = {p.name for p in other_digits.font_files(TRAIN_FONT_FAMILIES)}
    test = {p.name for p in other_digits.font_files(TEST_FONT_FAMILIES)}
    assert not train & test


@needs_fonts
def test_printed_digits_are_every_digit_in_every_font_slant_and_weight():
    fonts = other_digits.font_files()
    digits = other_digits.printed_digits(slants=(0.0, 0.2), strokes=(0,))
    assert len(digits.y) == len(fonts) * 2 * 10
    assert np.bincount(digits.y, minlength=10).tolist() == [len(fonts) * 2] * 10
    assert_mnist_like(digits.x)
    assert all(font.stem in digits.source for font in fonts)


def test_without_the_fonts_there_are_no_printed_digits_and_the_source_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(other_digits, "FONT_FOLDERS", (tmp_path,))
    monkeypatch.setattr(other_digits.font_files, "__defaults__", (TEST_FONT_FAMILIES, (tmp_path,)))
    digits = other_digits.printed_digits()
    assert len(digits.y) == 0 and digits.x.shape == (0, 28, 28, 1) and "none found" in digits.source


def test_the_printed_training_set_is_seeded_labelled_and_falls_back_to_pillow_s_font(monkeypatch, tmp_path):
    first, again = other_digits.printed_training_set(30, seed=1), other_digits.printed_training_set(30, seed=1)
    np.testing.assert_array_equal(first.x, again.x)
    np.testing.assert_array_equal(first.y, again.y)
    assert_mnist_like(first.x)
    monkeypatch.setattr(other_digits.font_files, "__defaults__", (TRAIN_FONT_FAMILIES, (tmp_path,)))
    fallback = other_digits.printed_training_set(10, seed=1)  # no font files: Pillow's embedded font
    assert len(fallback.y) == 10 and "1 training fonts" in fallback.source
    assert_mnist_like(fallback.x)
