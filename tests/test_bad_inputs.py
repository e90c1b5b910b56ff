"""Bad input, a fast subset of tests/load/bench_bad_inputs.py: generated uploads and canvas
payloads through the page's code path never raise anything but a translated ImageProblem."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from ae_core.preprocess import CANVAS_MAX_SIDE, ImageProblem, canvas_rgba
from tests.load import bad_inputs
from tests.load.bench_bad_inputs import evaluate, spread

CASES = bad_inputs.generate()
FAST = bad_inputs.fast_subset(CASES)


def test_the_generator_makes_over_500_cases_of_every_kind():
    names = [case.name for case in CASES]
    assert len(names) >= 500 and len(set(names)) == len(names)
    groups = {case.group for case in CASES}
    for needed in ("not an image", "truncated", "corrupted (bytes flipped)", "huge dimensions (crafted header)",
                   "tiny, thin or 1x1", "animated", "EXIF-rotated", "all one colour", "random bytes",
                   "wrong extension or odd name", "PNG bombs (tiny file, huge image)", "canvas: broken data URL",
                   "canvas: malformed payload", "canvas: huge or bomb"):
        assert needed in groups
    modes = {case.name for case in CASES if case.name.startswith("good/")}
    for mode in ("good/png_P", "good/png_I16", "good/jpeg_CMYK", "good/png_1_bilevel", "good/tiff_F32"):
        assert mode in modes


def test_headers_claim_huge_sizes_in_few_bytes():
    huge = [case for case in CASES if case.group == "huge dimensions (crafted header)"]
    assert huge and max(case.size for case in huge) < 2_000


@pytest.mark.parametrize("case", FAST, ids=[case.name for case in FAST])
def test_every_case_is_handled_as_expected(case):
    result = evaluate(case)
    assert result["handled"], result["detail"]
    assert result["as_expected"], f"{result['outcome']} not in {sorted(case.expect)}: {result['detail'][:200]}"


def test_a_png_bomb_is_shrunk_before_the_float_arrays():
    # 39.6 megapixels of RGBA in a file of about 0.2 MB: allowed, but never held as floats.
    from ae_core import preprocess

    data = bad_inputs.png_bomb(6_000, 6_600, colour_type=6)
    assert len(data) < 1_000_000
    seen = []
    original = preprocess._ink_from_pil

    def spy(image):
        seen.append(image.size)
        return original(image)

    preprocess._ink_from_pil, restore = spy, original
    try:
        digit = preprocess.digit_from_upload(data)
    finally:
        preprocess._ink_from_pil = restore
    assert digit.is_empty
    assert seen and seen[0][0] * seen[0][1] <= preprocess.WORK_PIXELS


def test_a_large_jpeg_keeps_its_digit_after_shrinking():
    from ae_core.preprocess import WORK_PIXELS, digit_from_upload

    side = 2_600  # 6.8 megapixels: decoded at a smaller scale
    assert side * side > WORK_PIXELS
    mask = bad_inputs.seven(side)
    big = bad_inputs.encode(bad_inputs.grey(mask, 10, 245), "JPEG", quality=85)
    small = bad_inputs.encode(bad_inputs.grey(bad_inputs.seven(260), 10, 245), "JPEG", quality=85)
    a, b = digit_from_upload(big).image, digit_from_upload(small).image
    assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.9


@pytest.mark.parametrize("width, height", [(CANVAS_MAX_SIDE + 1, 10), (10, 100_000), (50_000, 50_000)])
def test_the_canvas_decoder_refuses_oversized_pngs_before_decoding(width, height):
    with pytest.raises(ImageProblem) as info:
        canvas_rgba(bad_inputs.png_header_only(width, height, 8, 6))
    assert info.value.code == "bad_canvas"


def test_the_canvas_decoder_reads_the_canvas_png():
    rgba = bad_inputs.canvas_stroke()
    assert np.array_equal(canvas_rgba(bad_inputs.rgba_png(rgba)), rgba)
    with pytest.raises(ImageProblem):
        canvas_rgba(bad_inputs.encode(bad_inputs.grey(bad_inputs.seven(50), 0, 255), "JPEG"))  # not a PNG


def test_malformed_canvas_values_are_empty_or_bad_never_errors():
    from pages.common.drawing_canvas import read_drawing

    png = bad_inputs.rgba_png(bad_inputs.canvas_stroke())

    def read(value):
        return read_drawing(value["drawing"])

    assert read(bad_inputs.canvas_value(bad_inputs.data_url(png))).png == png
    assert read(bad_inputs.canvas_value("data:image/png," + base64.b64encode(png).decode())).png == b""
    assert read(bad_inputs.canvas_value(bad_inputs.data_url(png, "image/jpeg"))).png == b""
    assert read(bad_inputs.canvas_value(bad_inputs.data_url(png)[:-3] + "!!!")).png == b""
    assert read(bad_inputs.canvas_value(12345)).png == b""
    assert read(bad_inputs.canvas_value(bad_inputs.data_url(png), raw="x")).is_empty
    assert read(bad_inputs.canvas_value(bad_inputs.data_url(png), raw={"objects": "x"})).png is None
    assert read_drawing("nothing").png is None and read_drawing(None).is_empty


@pytest.mark.slow
def test_a_sample_through_the_draw_page_shows_no_error():
    from ae_core import zoo
    from tests.load.bench_bad_inputs import evaluate_in_page

    zoo.prepare_in_subprocess()
    chosen = spread([c for c in FAST if c.size < 2_000_000], 30)
    chosen += [c for c in CASES if c.group == "canvas: malformed payload"]
    failures = [(r["case"].name, r["detail"]) for r in evaluate_in_page(chosen) if r["failed"]]
    assert not failures
