"""Images for screens and projectors: crisp nearest-neighbour upscaling and grids."""

from __future__ import annotations

import base64
import io

import numpy as np


def to_uint8(image) -> np.ndarray:
    """(28, 28[, 1]) float in [0, 1] (values outside are clipped) to (28, 28) uint8."""
    image = np.asarray(image, dtype="float32")
    if image.ndim == 3:
        image = image[..., 0]
    return (np.clip(np.nan_to_num(image), 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def upscale(image, scale: int = 8) -> np.ndarray:
    """Nearest-neighbour upscaling: each pixel becomes a ``scale`` x ``scale`` block."""
    small = to_uint8(image)
    return np.repeat(np.repeat(small, scale, axis=0), scale, axis=1)


def grid(images, columns: int, scale: int = 3, pad: int = 2, pad_value: int = 60) -> np.ndarray:
    """Tile (N, 28, 28[, 1]) images into one uint8 picture, ``columns`` per row."""
    images = [upscale(im, scale) for im in images]
    if not images:
        return np.zeros((1, 1), np.uint8)
    h, w = images[0].shape
    rows = -(-len(images) // columns)
    out = np.full((rows * (h + pad) + pad, columns * (w + pad) + pad), pad_value, np.uint8)
    for i, im in enumerate(images):
        r, c = divmod(i, columns)
        out[pad + r * (h + pad) : pad + r * (h + pad) + h, pad + c * (w + pad) : pad + c * (w + pad) + w] = im
    return out


def overlay_mask(image, mask, scale: int = 8) -> np.ndarray:
    """RGB picture of a digit with its hidden region tinted, for the inpainting page."""
    grey = upscale(image, scale).astype("float32")
    hidden = np.repeat(np.repeat(np.asarray(mask, bool), scale, axis=0), scale, axis=1)
    rgb = np.stack([grey, grey, grey], axis=-1)
    tint = np.array([230.0, 90.0, 40.0])
    rgb[hidden] = 0.55 * rgb[hidden] + 0.45 * tint
    return rgb.astype(np.uint8)


def png_bytes(picture) -> bytes:
    """A uint8 picture, (H, W) grey or (H, W, 3) RGB, as lossless PNG bytes. Fast zlib level:
    these pictures are a few kB either way, and the default level costs about twice the time."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(picture, dtype=np.uint8)).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


PNG_DATA_URL = "data:image/png;base64,"  # the prefix of a base64 PNG data URL


def png_data_url(picture) -> str:
    """:func:`png_bytes` as a ``data:`` URL.

    ``st.image`` passes such a URL straight to the page, inside the same websocket message: no
    media file to store, hash and clean up, and no HTTP request per image afterwards (a Draw
    stroke showed 13).
    """
    return data_url(png_bytes(picture))


def data_url(png: bytes) -> str:
    """PNG bytes (made elsewhere: a QR code, a palette picture) as a ``data:`` URL."""
    return PNG_DATA_URL + base64.b64encode(png).decode("ascii")


def captioned_grid(items, columns: int | None = None, scale: int = 4, width: int = 180) -> np.ndarray:
    """An image for slides: (picture, title, lines) items in a grid, each picture with its text
    under it, black on white. ``picture`` is a (28, 28) digit or an upscaled uint8 picture."""
    from PIL import Image, ImageDraw, ImageFont

    items = list(items)
    if not items:
        return np.full((1, 1), 255, np.uint8)
    columns = columns or min(len(items), 6)
    font = ImageFont.load_default(size=16)
    pictures = []
    for picture, _, _ in items:
        picture = np.asarray(picture)
        picture = upscale(picture, scale) if picture.shape[:2] == (28, 28) else to_uint8(picture)
        pictures.append(picture if picture.ndim == 2 else picture[..., 0])
    side = max(p.shape[0] for p in pictures)
    text_rows = max(1 + len(lines) for _, _, lines in items)
    cell_w, cell_h = max(width, side + 16), side + 12 + 20 * text_rows + 12
    rows = -(-len(items) // columns)
    sheet = Image.new("L", (columns * cell_w, rows * cell_h), 255)
    draw = ImageDraw.Draw(sheet)
    for i, ((_, title, lines), picture) in enumerate(zip(items, pictures)):
        r, c = divmod(i, columns)
        x, y = c * cell_w + (cell_w - picture.shape[1]) // 2, r * cell_h + 8
        sheet.paste(Image.fromarray(picture), (x, y))
        text_y = y + picture.shape[0] + 6
        for j, line in enumerate([title, *lines]):
            if line:
                draw.text((c * cell_w + 8, text_y + 20 * j), str(line)[:28], fill=0, font=font)
    return np.asarray(sheet)
