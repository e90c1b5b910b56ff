"""Generated bad and odd inputs for the digit input: uploads (bytes) and canvas payloads.

    from tests.load.bad_inputs import generate
    for case in generate(): ...

Every case is a :class:`Case`: ``kind`` is "upload" (the bytes a student uploads, with a file
name) or "canvas" (the value the drawing canvas sends: ``{"drawing": {"raw": {"objects": ...},
"data": <data URL>}}``, see pages/common/drawing_canvas.py). ``expect`` is the set of outcomes that are right for it:

- ``"digit"``: a 28x28 float32 image in [0, 1];
- ``"nothing"``: nothing drawn (an empty canvas or a blank picture);
- ``"problem:<code>"``: an :class:`ae_core.preprocess.ImageProblem` with that code;
- ``"handled"``: any of the above (damaged files whose outcome depends on where the damage is).

Huge images are made by writing their headers (a few bytes claim 100,000 x 100,000 pixels),
or as real but highly compressible files ("bombs": a few hundred kB that decode to tens of
megapixels): nothing here allocates a huge array. Deterministic: the same cases every run.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw

HANDLED = frozenset({"handled"})
DIGIT = frozenset({"digit"})
NOTHING = frozenset({"nothing"})
DIGIT_OR_NOTHING = frozenset({"digit", "nothing"})
UNREADABLE = frozenset({"problem:not_an_image", "problem:broken_image"})


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "upload" | "canvas"
    payload: object  # bytes (upload) or the canvas component's value (dict)
    expect: frozenset
    filename: str = "upload.png"
    group: str = ""

    @property
    def size(self) -> int:
        if isinstance(self.payload, (bytes, bytearray)):
            return len(self.payload)
        drawing = self.payload.get("drawing") if isinstance(self.payload, dict) else None
        data = drawing.get("data") if isinstance(drawing, dict) else None
        return len(data) if isinstance(data, (str, bytes)) else 0


# --- pictures -------------------------------------------------------------------------------------


def seven(size: int = 200, width: int | None = None) -> np.ndarray:
    """A boolean "7" mask, strokes about size/12 thick."""
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    w = width or max(1, size // 12)
    draw.line([(0.2 * size, 0.2 * size), (0.8 * size, 0.2 * size), (0.45 * size, 0.85 * size)], fill=255, width=w)
    return np.asarray(image) > 127


def grey(mask: np.ndarray, ink: int, paper: int) -> Image.Image:
    return Image.fromarray(np.where(mask, ink, paper).astype(np.uint8), mode="L")


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int, bit_depth: int = 8, colour_type: int = 0, idat: bytes | None = None) -> bytes:
    """A PNG signature and an IHDR claiming width x height, a tiny IDAT, IEND: a few dozen bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    body = zlib.compress(b"\0") if idat is None else idat
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def png_bomb(width: int, height: int, colour_type: int = 0, bit_depth: int = 8) -> bytes:
    """A valid PNG of ``width`` x ``height`` zero pixels, streamed through zlib row by row: the file
    is tiny (zeros compress ~1000:1) and no full image is held in memory while making it."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    rows_per_block = max(1, (8 << 20) // (width * channels * bit_depth // 8 + 1))  # ~8 MB at a time
    block = (b"\0" + bytes(width * channels * bit_depth // 8)) * rows_per_block
    compressor = zlib.compressobj(1)
    parts = [compressor.compress(block) for _ in range(height // rows_per_block)]
    parts.append(compressor.compress(block[: (height % rows_per_block) * (len(block) // rows_per_block)]))
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b"")


def gif_header_only(width: int, height: int) -> bytes:
    """A GIF89a logical screen and one image descriptor claiming width x height (LZW data: one code)."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    descriptor = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return screen + descriptor + b"\x02\x02\x4c\x01\x00\x3b"


def bmp_header_only(width: int, height: int, bits: int = 24) -> bytes:
    """A BITMAPINFOHEADER claiming width x height with almost no pixel data."""
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, 0, 2835, 2835, 0, 0)
    pixels = b"\0" * 64
    file_header = b"BM" + struct.pack("<IHHI", 14 + len(info) + len(pixels), 0, 0, 14 + len(info))
    return file_header + info + pixels


def jpeg_header_only(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 frame header is rewritten to claim width x height."""
    data = bytearray(encode(Image.new("L", (16, 16), 128), "JPEG"))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def tiff_header_only(width: int, height: int) -> bytes:
    """A little-endian TIFF with one IFD claiming width x height, 8-bit grey, one tiny strip."""
    entries = [
        (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
        (273, 4, 1, 8 + 2 + 12 * 10 + 4), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, 16), (284, 3, 1, 1),
    ]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\0\0\0\0"
    return b"II*\0" + struct.pack("<I", 8) + ifd + b"\0" * 16


def webp_header_only(width: int, height: int) -> bytes:
    """A VP8X (extended) WebP header claiming width x height, with no image data."""
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x


STROKE = {"type": "stroke", "color": "#FFFFFF", "width": 18, "points": [[140.0, 50.0], [140.0, 230.0]]}


def data_url(png: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(png).decode()


def canvas_value(data, objects=(STROKE,), raw=None) -> dict:
    """What the canvas component stores in session state for a drawing."""
    drawing_raw = raw if raw is not None else {"objects": list(objects)}
    return {"drawing": {"raw": drawing_raw, "data": data}}


def rgba_png(rgba: np.ndarray) -> bytes:
    return encode(Image.fromarray(rgba.astype(np.uint8), mode="RGBA"))


def canvas_stroke(size: int = 280, thickness: int = 18) -> np.ndarray:
    """A canvas picture like the component's: a white "7" stroke on opaque black."""
    mask = seven(size, thickness)
    rgba = np.zeros((size, size, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[mask, :3] = 255
    return rgba


# --- the cases --------------------------------------------------------------------------------------


def _damaged(data: bytes, rng, flips: int, truncate: bool) -> bytes:
    damaged = bytearray(data)
    for position in rng.integers(min(8, len(damaged) - 1), len(damaged), size=flips):
        damaged[position] = int(rng.integers(0, 256))
    if truncate:
        del damaged[int(rng.integers(len(damaged) // 4, len(damaged))) :]
    return bytes(damaged)


def _good_files(mask) -> dict:
    """One readable digit in every format and mode the uploader should take: name -> bytes."""
    dark_on_white, white_on_black = grey(mask, 10, 245), grey(mask, 250, 5)
    rgb = Image.merge("RGB", [dark_on_white] * 3)
    rgba_strokes = np.zeros((*mask.shape, 4), np.uint8)
    rgba_strokes[mask] = (0, 0, 0, 255)
    palette = Image.fromarray(mask.astype(np.uint8), mode="P")
    palette.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    files = {
        "png_L": encode(dark_on_white),
        "png_L_white_on_black": encode(white_on_black),
        "png_1_bilevel": encode(dark_on_white.convert("1")),
        "png_LA": encode(dark_on_white.convert("LA")),
        "png_RGB": encode(rgb),
        "png_RGBA_opaque": encode(rgb.convert("RGBA")),
        "png_RGBA_transparent_ground": encode(Image.fromarray(rgba_strokes, mode="RGBA")),
        "png_P": encode(palette),
        "png_P_transparency": encode(palette, transparency=0),
        "png_I16": encode(Image.fromarray(np.where(mask, 60000, 500).astype(np.uint16))),
        "jpeg_L": encode(dark_on_white, "JPEG", quality=90),
        "jpeg_RGB": encode(rgb, "JPEG", quality=90),
        "jpeg_progressive": encode(rgb, "JPEG", quality=85, progressive=True),
        "jpeg_CMYK": encode(rgb.convert("CMYK"), "JPEG", quality=95),
        "jpeg_low_quality": encode(rgb, "JPEG", quality=5),
        "gif_P": encode(dark_on_white.convert("P"), "GIF"),
        "bmp_RGB": encode(rgb, "BMP"),
        "bmp_1": encode(dark_on_white.convert("1"), "BMP"),
        "webp_lossy": encode(rgb, "WEBP", quality=80),
        "webp_lossless": encode(rgb, "WEBP", lossless=True),
        "tiff_L": encode(dark_on_white, "TIFF"),
        "tiff_CMYK": encode(rgb.convert("CMYK"), "TIFF"),
        "tiff_F32": encode(Image.fromarray(np.where(mask, 0.1, 0.9).astype(np.float32), mode="F"), "TIFF"),
        "tiff_I32": encode(Image.fromarray(np.where(mask, 10, 90000).astype(np.int32), mode="I"), "TIFF"),
        "tiff_deflate": encode(dark_on_white, "TIFF", compression="tiff_deflate"),
        "ico": encode(rgb.resize((64, 64)), "ICO"),
        "ppm": encode(rgb, "PPM"),
    }
    return files


def upload_cases() -> list[Case]:
    rng = np.random.default_rng(2024)
    cases: list[Case] = []

    def add(name, data, expect, filename="upload.png", group=""):
        cases.append(Case(name, "upload", data, frozenset(expect), filename, group))

    mask = seven(200)
    good = _good_files(mask)
    for name, data in good.items():
        add(f"good/{name}", data, DIGIT, f"{name}.{name.split('_')[0]}", "readable digit, any format or mode")

    # Animated: the first frame is used (GIF, PNG/APNG, WebP).
    first, second = grey(mask, 250, 5), Image.new("L", mask.shape[::-1], 0)
    ImageDraw.Draw(second).ellipse((40, 40, 160, 160), outline=255, width=14)
    for fmt in ("GIF", "PNG", "WEBP"):
        frames = [first.convert("RGB"), second.convert("RGB")] if fmt == "WEBP" else [first, second]
        data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
        add(f"animated/{fmt.lower()}", data, DIGIT, f"anim.{fmt.lower()}", "animated")

    # EXIF orientation 1..8 on a JPEG and on a PNG.
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        add(f"exif/jpeg_orientation_{orientation}", encode(grey(mask, 10, 245), "JPEG", exif=exif.tobytes()),
            DIGIT, "photo.jpg", "EXIF-rotated")
        add(f"exif/png_orientation_{orientation}", encode(grey(mask, 10, 245), "PNG", exif=exif.tobytes()),
            DIGIT, "photo.png", "EXIF-rotated")
    broken_exif = bytearray(encode(grey(mask, 10, 245), "JPEG", exif=b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03"))
    add("exif/truncated_exif_block", bytes(broken_exif), HANDLED, "photo.jpg", "EXIF-rotated")

    # Blank pictures: nothing drawn.
    for value in (0, 255, 128, 17, 240):
        add(f"blank/L_{value}", encode(Image.new("L", (100, 100), value)), NOTHING, "blank.png", "all one colour")
    for colour in ((255, 0, 0), (0, 0, 255), (12, 200, 80)):
        add(f"blank/RGB_{colour}", encode(Image.new("RGB", (64, 64), colour)), NOTHING, "blank.png", "all one colour")
    add("blank/RGBA_fully_transparent", encode(Image.new("RGBA", (64, 64), (0, 0, 0, 0))), NOTHING, "blank.png",
        "all one colour")
    add("blank/RGBA_transparent_white", encode(Image.new("RGBA", (64, 64), (255, 255, 255, 0))), NOTHING, "blank.png",
        "all one colour")
    add("blank/jpeg_black", encode(Image.new("RGB", (300, 300), 0), "JPEG"), NOTHING, "black.jpg", "all one colour")
    add("blank/jpeg_white", encode(Image.new("RGB", (300, 300), (255, 255, 255)), "JPEG"), NOTHING, "white.jpg",
        "all one colour")
    add("blank/I16_flat", encode(Image.fromarray(np.full((50, 50), 1234, np.uint16))), NOTHING, "flat.png",
        "all one colour")
    add("blank/F_flat", encode(Image.fromarray(np.full((50, 50), 0.5, np.float32), mode="F"), "TIFF"), NOTHING,
        "flat.tif", "all one colour")
    for seed in range(6):
        noise = np.random.default_rng(seed).integers(0, 256, (64, 64), dtype=np.uint8)
        add(f"odd/random_pixels_{seed}", encode(Image.fromarray(noise)), DIGIT_OR_NOTHING, "noise.png", "odd content")
    dot = np.zeros((100, 100), np.uint8)
    dot[50, 50] = 255
    add("odd/one_white_pixel", encode(Image.fromarray(dot)), NOTHING, "dot.png", "odd content")
    nan_tiff = np.full((40, 40), np.nan, np.float32)
    nan_tiff[10:30, 18:22] = 1.0
    add("odd/float_tiff_with_nan", encode(Image.fromarray(nan_tiff, mode="F"), "TIFF"), HANDLED, "nan.tif",
        "odd content")
    inf_tiff = np.zeros((40, 40), np.float32)
    inf_tiff[10:30, 18:22] = np.inf
    add("odd/float_tiff_with_inf", encode(Image.fromarray(inf_tiff, mode="F"), "TIFF"), HANDLED, "inf.tif",
        "odd content")
    add("odd/low_contrast", encode(grey(mask, 120, 128)), DIGIT_OR_NOTHING, "faint.png", "odd content")

    # Sizes: the smallest accepted, too small, thin, and large (real pixels, modest memory).
    for w, h, expect in [(1, 1, {"problem:image_too_small"}), (7, 7, {"problem:image_too_small"}),
                         (8, 8, DIGIT_OR_NOTHING), (200, 3, {"problem:image_too_small"}),
                         (3, 200, {"problem:image_too_small"}), (8, 2000, DIGIT_OR_NOTHING),
                         (2000, 8, DIGIT_OR_NOTHING), (9, 13, DIGIT_OR_NOTHING)]:
        picture = np.zeros((h, w), np.uint8)
        picture[h // 4 : max(h // 4 + 1, 3 * h // 4), w // 3 : max(w // 3 + 1, 2 * w // 3)] = 255
        add(f"size/{w}x{h}", encode(Image.fromarray(picture)), expect, "size.png", "tiny, thin or 1x1")
    for side in (1000, 3000):
        big = np.asarray(grey(seven(side), 10, 245))
        add(f"size/{side}x{side}_jpeg", encode(Image.fromarray(big), "JPEG", quality=80), DIGIT, "big.jpg",
            "large but allowed")

    # Huge dimensions claimed by headers (a few bytes each): refused before decoding.
    huge = [(100_000, 100_000), (65_535, 65_535), (10_000, 10_000), (40_001, 1_000), (1, 2**31 - 1),
            (2**31 - 1, 1), (50_000, 50_000), (7_000, 6_000)]
    for w, h in huge:
        too_large = {"problem:image_too_large"} | UNREADABLE if w * h > 40_000_000 else HANDLED
        for fmt, make in (("png", png_header_only), ("gif", gif_header_only), ("bmp", bmp_header_only),
                          ("jpeg", jpeg_header_only), ("tiff", tiff_header_only), ("webp", webp_header_only)):
            if fmt in ("gif", "jpeg") and max(w, h) > 65_535:
                continue  # 16-bit sizes in these formats
            if fmt == "webp" and max(w, h) > 2**24:
                continue
            add(f"huge_header/{fmt}_{w}x{h}", make(w, h), too_large, f"huge.{fmt}", "huge dimensions (crafted header)")
    for w, h in [(0, 0), (0, 100), (100, 0)]:
        for fmt, make in (("png", png_header_only), ("gif", gif_header_only), ("bmp", bmp_header_only),
                          ("tiff", tiff_header_only)):
            add(f"zero_size/{fmt}_{w}x{h}", make(w, h), HANDLED, f"zero.{fmt}",
                "zero dimensions")
    add("huge_header/bmp_negative_height", bmp_header_only(100, -100_000_000), HANDLED, "neg.bmp",
        "huge dimensions (crafted header)")

    # Decompression bombs: real, tiny files that decode to tens of megapixels.
    for w, h, colour_type in [(10_000, 10_000, 0), (6_000, 6_600, 0), (6_000, 6_600, 6), (6_300, 6_300, 2),
                              (4_000, 4_000, 6)]:
        pixels = w * h
        expect = {"problem:image_too_large"} if pixels > 40_000_000 else {"nothing"}
        add(f"bomb/png_{w}x{h}_ct{colour_type}", png_bomb(w, h, colour_type), expect, "bomb.png",
            "PNG bombs (tiny file, huge image)")
    add("bomb/png_16bit_6000x6000", png_bomb(6_000, 6_000, 0, 16), {"nothing"}, "bomb16.png",
        "PNG bombs (tiny file, huge image)")
    # Many frames: a GIF of 500 frames (first frame used) and an APNG claiming many frames.
    frames = [Image.new("P", (32, 32), i % 2) for i in range(500)]
    add("bomb/gif_500_frames", encode(frames[0], "GIF", save_all=True, append_images=frames[1:]), DIGIT_OR_NOTHING,
        "frames.gif", "animated")

    # Not images at all.
    not_images = {
        "zero_bytes": b"",
        "one_byte": b"\x89",
        "text": b"my homework: 7\n" * 20,
        "html": b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>",
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><text y="20">7</text></svg>',
        "pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        "zip": b"PK\x03\x04" + bytes(60),
        "gzip": zlib.compress(b"x" * 1000),
        "elf": b"\x7fELF\x02\x01\x01" + bytes(100),
        "json": b'{"digit": 7}',
        "python": b"import os\nos.system('echo hi')\n",
        "eps": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\nnewpath 0 0 moveto 28 28 lineto stroke\n",
        "xbm_text": b"#define x_width 8\n#define x_height 8\nstatic char x_bits[] = {0xff,0x00,0xff,0x00,0xff,0x00,0xff,0x00};\n",
        "png_signature_only": b"\x89PNG\r\n\x1a\n",
        "jpeg_soi_only": b"\xff\xd8\xff",
        "gif_magic_only": b"GIF89a",
        "riff_webp_magic_only": b"RIFF\0\0\0\0WEBP",
        "bmp_magic_only": b"BM",
        "tiff_magic_only": b"II*\0",
        "utf16_text": "a seven: 7".encode("utf-16"),
        "nul_bytes": b"\0" * 4096,
        "ff_bytes": b"\xff" * 4096,
    }
    for name, data in not_images.items():
        expect = {"problem:empty_file"} if not data else UNREADABLE
        add(f"not_image/{name}", data, expect, f"{name}.png", "not an image")
    for seed in range(40):
        length = int(np.random.default_rng(seed).integers(1, 20_000))
        data = np.random.default_rng(seed).integers(0, 256, length, dtype=np.uint8).tobytes()
        add(f"random_bytes/{seed}_{length}B", data, UNREADABLE, "random.png", "random bytes")
    add("not_image/over_10_MB", b"\0" * (10 * 1024 * 1024 + 1), {"problem:file_too_large"}, "big.png",
        "not an image")

    # Real images in formats the app does not read (they must be refused, never parsed further).
    small = grey(mask, 10, 245).resize((64, 64))
    for fmt, options in (("PCX", {}), ("SGI", {}), ("TGA", {}), ("SPIDER", {}), ("XBM", {}),
                         ("DDS", {}), ("QOI", {}), ("MSP", {}), ("JPEG2000", {}), ("ICNS", {}), ("BLP", {})):
        image = small.convert("1") if fmt in ("XBM", "MSP") else small.convert("RGB") if fmt in ("DDS", "ICNS", "QOI") else small
        if fmt == "SPIDER":
            image = small.convert("F")
        if fmt == "BLP":
            image = small.convert("P")
        try:
            data = encode(image, fmt, **options)
        except (OSError, KeyError, ValueError):
            continue  # this Pillow cannot write it
        add(f"other_format/{fmt.lower()}", data, DIGIT | UNREADABLE, f"file.{fmt.lower()}", "other formats")

    # Wrong extensions: the name never matters, only the bytes.
    for name, data, filename, expect in [
        ("png_named_jpg", good["png_L"], "digit.jpg", DIGIT), ("jpeg_named_png", good["jpeg_L"], "digit.png", DIGIT),
        ("gif_named_bmp", good["gif_P"], "digit.bmp", DIGIT), ("text_named_png", b"hello", "digit.png", UNREADABLE),
        ("elf_named_jpg", not_images["elf"], "photo.jpg", UNREADABLE), ("png_named_exe", good["png_L"], "x.exe", DIGIT),
        ("png_no_extension", good["png_L"], "digit", DIGIT), ("png_long_name", good["png_L"], "7" * 300 + ".png", DIGIT),
        ("png_unicode_name", good["png_L"], "dígito_七_🙂.png", DIGIT),
        ("png_path_name", good["png_L"], "../../etc/passwd.png", DIGIT),
    ]:
        add(f"wrong_extension/{name}", data, expect, filename, "wrong extension or odd name")

    # Truncated and corrupted versions of every good file.
    for name, data in good.items():
        for cut in (0.1, 0.5, 0.9):
            add(f"truncated/{name}_{int(cut * 100)}pct", data[: max(1, int(len(data) * cut))], HANDLED,
                f"{name}.bin", "truncated")
        for round_ in range(3):
            add(f"corrupt/{name}_{round_}", _damaged(data, rng, flips=int(rng.integers(1, 20)), truncate=round_ == 2),
                HANDLED, f"{name}.bin", "corrupted (bytes flipped)")
    # Trailing garbage after a valid file, and a valid file glued to another.
    add("odd/png_with_trailing_garbage", good["png_L"] + b"garbage" * 100, DIGIT, "x.png", "odd content")
    add("odd/jpeg_then_zip", good["jpeg_L"] + b"PK\x03\x04" + bytes(200), DIGIT, "polyglot.jpg", "odd content")
    # PNG chunks with wrong CRCs and a gigantic declared chunk length.
    bad_crc = bytearray(good["png_L"])
    bad_crc[29] ^= 0xFF  # the IHDR CRC
    add("corrupt/png_bad_ihdr_crc", bytes(bad_crc), HANDLED, "crc.png", "corrupted (bytes flipped)")
    gigantic_chunk = good["png_L"][:33] + struct.pack(">I", 0x7FFFFFFF) + b"tEXt" + b"a" * 100
    add("corrupt/png_chunk_length_2GB", gigantic_chunk, HANDLED, "chunk.png", "corrupted (bytes flipped)")
    text_bomb = good["png_L"][:33] + png_chunk(b"zTXt", b"k\0\0" + zlib.compress(b"A" * 5_000_000, 9)) + good["png_L"][33:]
    # Pillow refuses text chunks over 1 MB decompressed (PngImagePlugin.MAX_TEXT_CHUNK).
    add("bomb/png_ztxt_5MB_text", text_bomb, DIGIT | UNREADABLE, "ztxt.png", "PNG bombs (tiny file, huge image)")
    many_chunks = good["png_L"][:33] + png_chunk(b"tEXt", b"k\0v") * 20_000 + good["png_L"][33:]
    add("odd/png_20000_text_chunks", many_chunks, DIGIT | UNREADABLE, "chunks.png", "odd content")
    icc = good["png_L"][:33] + png_chunk(b"iCCP", b"x\0\0" + zlib.compress(b"\0" * 1000)) + good["png_L"][33:]
    add("corrupt/png_garbage_icc_profile", icc, HANDLED, "icc.png", "corrupted (bytes flipped)")
    return cases


def canvas_cases() -> list[Case]:
    """Payloads of the drawing canvas as its frontend (or a tampered client) could send them."""
    rng = np.random.default_rng(7)
    cases: list[Case] = []

    def add(name, value, expect, group):
        cases.append(Case(name, "canvas", value, frozenset(expect), "", group))

    stroke = canvas_stroke()
    for thickness in (4, 18, 40):
        add(f"canvas/stroke_width_{thickness}", canvas_value(data_url(rgba_png(canvas_stroke(280, thickness)))), DIGIT,
            "canvas: real strokes")
    # Where the ink is: corners, edges, a dot, the whole canvas.
    for name, region in [("top_left_corner", (slice(0, 30), slice(0, 30))), ("bottom_edge", (slice(270, 280), slice(0, 280))),
                         ("left_edge", (slice(0, 280), slice(0, 8))), ("single_pixel", (slice(140, 141), slice(140, 141))),
                         ("tiny_dot", (slice(139, 142), slice(139, 142))), ("everything", (slice(0, 280), slice(0, 280))),
                         ("centre_block", (slice(100, 180), slice(100, 180)))]:
        rgba = np.zeros((280, 280, 4), np.uint8)
        rgba[..., 3] = 255
        rgba[region[0], region[1], :3] = 255
        expect = NOTHING if name in ("single_pixel", "tiny_dot") else DIGIT
        add(f"canvas/{name}", canvas_value(data_url(rgba_png(rgba))), expect, "canvas: odd drawings")
    blank = np.zeros((280, 280, 4), np.uint8)
    add("canvas/transparent_blank", canvas_value(data_url(rgba_png(blank))), NOTHING, "canvas: empty")
    blank[..., 3] = 255
    add("canvas/black_blank", canvas_value(data_url(rgba_png(blank))), NOTHING, "canvas: empty")
    add("canvas/no_objects_no_data", canvas_value(None, objects=()), NOTHING, "canvas: empty")
    # Our canvas always sends its strokes with their PNG: strokes without one are a tampered value.
    add("canvas/objects_without_image", canvas_value(None), {"problem:bad_canvas"}, "canvas: malformed payload")
    add("canvas/no_objects_with_image", canvas_value(data_url(rgba_png(stroke)), objects=()), NOTHING, "canvas: empty")
    add("canvas/default_value", {"drawing": None}, NOTHING, "canvas: empty")
    half = stroke.copy()
    half[..., 3] = 128
    add("canvas/half_transparent_ink", canvas_value(data_url(rgba_png(half))), DIGIT, "canvas: real strokes")
    coloured = stroke.copy()
    coloured[stroke[..., 0] > 0, :3] = (255, 0, 0)
    add("canvas/red_ink", canvas_value(data_url(rgba_png(coloured))), DIGIT_OR_NOTHING, "canvas: real strokes")
    # Other sizes and modes than the canvas' 280x280 RGBA PNG.
    for size in (1, 8, 28, 100, 560, 1000):
        picture = canvas_stroke(size, max(1, size // 15))
        add(f"canvas/size_{size}", canvas_value(data_url(rgba_png(picture))), DIGIT_OR_NOTHING | {"problem:bad_canvas"},
            "canvas: wrong size or mode")
    for mode in ("L", "RGB", "P", "1", "I;16"):
        image = Image.fromarray(stroke).convert("L" if mode == "I;16" else mode)
        if mode == "I;16":
            image = Image.fromarray(np.asarray(image).astype(np.uint16) * 257)
        add(f"canvas/mode_{mode}", canvas_value(data_url(encode(image))), DIGIT_OR_NOTHING | {"problem:bad_canvas"},
            "canvas: wrong size or mode")
    add("canvas/jpeg_instead_of_png", canvas_value(data_url(encode(Image.fromarray(stroke).convert("RGB"), "JPEG"), "image/jpeg")),
        DIGIT_OR_NOTHING | {"problem:bad_canvas"}, "canvas: wrong size or mode")
    # Huge canvases: headers and bombs, as a tampered client could send them.
    for w, h in [(100_000, 100_000), (20_000, 20_000), (10_000, 10_000), (5_000, 5_000)]:
        add(f"canvas/header_{w}x{h}", canvas_value(data_url(png_header_only(w, h, 8, 6))), {"problem:bad_canvas"},
            "canvas: huge or bomb")
    for w, h in [(6_000, 6_000), (3_000, 3_000)]:
        add(f"canvas/bomb_{w}x{h}", canvas_value(data_url(png_bomb(w, h, 6))), {"problem:bad_canvas"},
            "canvas: huge or bomb")
    # Broken data URLs and payload shapes.
    png = rgba_png(stroke)
    b64 = base64.b64encode(png).decode()
    broken = {
        "no_base64_marker": "data:image/png," + b64,
        "empty_data_url": "data:image/png;base64,",
        "not_a_data_url": "hello",
        "bad_base64_padding": "data:image/png;base64," + b64[:-3],
        "bad_base64_characters": "data:image/png;base64,@@@@" + b64[4:],
        "url_instead_of_data": "https://example.com/seven.png",
        "truncated_png": "data:image/png;base64," + base64.b64encode(png[: len(png) // 2]).decode(),
        "text_as_png": "data:image/png;base64," + base64.b64encode(b"not a png").decode(),
        "svg_data_url": "data:image/svg+xml;base64," + base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode(),
        "double_marker": "data:image/png;base64,;base64," + b64,
        "whitespace_in_base64": "data:image/png;base64," + " \n".join(b64[i : i + 60] for i in range(0, len(b64), 60)),
        "urlsafe_base64": "data:image/png;base64," + base64.urlsafe_b64encode(png).decode(),
    }
    for name, url in broken.items():
        add(f"canvas/{name}", canvas_value(url), DIGIT | NOTHING | {"problem:bad_canvas"}, "canvas: broken data URL")
    for name, value in {
        "data_is_bytes": canvas_value(png),
        "data_is_number": canvas_value(12345),
        "data_is_list": canvas_value([1, 2, 3]),
        "raw_is_string": canvas_value(data_url(png), raw="objects"),
        "raw_is_list": canvas_value(data_url(png), raw=[{"type": "path"}]),
        "objects_is_string": canvas_value(data_url(png), raw={"objects": "path"}),
        "objects_is_dict": canvas_value(data_url(png), raw={"objects": {"type": "path"}}),
        "drawing_is_string": {"drawing": "nothing"},
        "drawing_missing": {},
        "value_is_list": [1, 2, 3],
        "value_is_none": None,
        "value_is_string": "drawing",
    }.items():
        add(f"canvas/{name}", value, DIGIT | NOTHING | {"problem:bad_canvas"}, "canvas: malformed payload")
    # Random bytes and corrupted PNGs behind a valid data URL.
    for seed in range(30):
        data = np.random.default_rng(100 + seed).integers(0, 256, int(rng.integers(1, 5000)), dtype=np.uint8).tobytes()
        add(f"canvas/random_bytes_{seed}", canvas_value(data_url(data)), {"problem:bad_canvas"}, "canvas: random or corrupt")
    for seed in range(40):
        damaged = _damaged(png, rng, flips=int(rng.integers(1, 12)), truncate=seed % 3 == 0)
        add(f"canvas/corrupt_png_{seed}", canvas_value(data_url(damaged)), DIGIT | NOTHING | {"problem:bad_canvas"},
            "canvas: random or corrupt")
    # Random strokes drawn like students do (many shapes, all must be handled).
    for seed in range(30):
        r = np.random.default_rng(1000 + seed)
        image = Image.new("RGBA", (280, 280), (0, 0, 0, 255))
        draw = ImageDraw.Draw(image)
        points = [tuple(p) for p in r.integers(0, 280, (int(r.integers(2, 12)), 2)).tolist()]
        draw.line(points, fill=(255, 255, 255, 255), width=int(r.integers(4, 41)))
        add(f"canvas/random_stroke_{seed}", canvas_value(data_url(encode(image))), DIGIT_OR_NOTHING, "canvas: real strokes")
    return cases


@functools.lru_cache(maxsize=1)
def _generate() -> tuple:
    return tuple(upload_cases() + canvas_cases())


def generate() -> list[Case]:
    """Every case, uploads first; names are unique (made once per process)."""
    return list(_generate())


def _check_unique(cases) -> None:
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"


def fast_subset(cases: list[Case], every: int = 4) -> list[Case]:
    """A quick sample for the unit tests: every named group, every ``every``-th case of the rest,
    and none of the slow bombs over 30 megapixels."""
    out, seen = [], set()
    for index, case in enumerate(cases):
        slow = ("bomb" in case.name and "10000" not in case.name) or case.size > 5_000_000
        if slow:
            continue
        if case.group not in seen or index % every == 0:
            out.append(case)
            seen.add(case.group)
    return out


if __name__ == "__main__":
    from collections import Counter

    everything = generate()
    _check_unique(everything)
    print(len(everything), "cases")
    for group, count in sorted(Counter(c.group for c in everything).items()):
        print(f"{count:5d}  {group}")
