"""Our upload control: a Streamlit components-v2 element (assets/upload_box.js) whose texts are
the page's language, where Streamlit's own uploader shows English ("Browse files", "Drag and
drop file here", "Limit 20MB per file").

It sends the chosen file as a data URL with its name; a file over the size limit is refused in
the browser and never sent. :func:`read_upload` checks whatever a client sent.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import re

import streamlit as st

from ae_core.preprocess import MAX_UPLOAD_BYTES, UPLOAD_FORMATS
from pages.common import own_components
from pages.common.i18n import number, t

ACCEPT = "image/*," + ",".join(f".{fmt.lower()}" for fmt in UPLOAD_FORMATS) + ",.jpg,.tif,.heic"
_DATA_URL = re.compile(r"data:([\w.+/-]*)(;[\w=.-]+)*;base64,", re.ASCII)


@dataclasses.dataclass(frozen=True)
class Upload:
    """A file a student chose: its name, its bytes (None when refused) and why it was refused
    ("file_too_large", "not_an_image"). ``file_id`` tells one choice from the next."""

    name: str
    data: bytes | None
    refused: str | None
    file_id: str


def read_upload(value, max_bytes: int = MAX_UPLOAD_BYTES) -> Upload | None:
    """The component's value as an :class:`Upload` (None when nothing was chosen), whatever a
    client sent: a malformed value is refused as "not_an_image", never a traceback."""
    if not isinstance(value, dict):
        return None
    name = value.get("name")
    name = name[:200] if isinstance(name, str) and name else "?"
    refused, data = value.get("refused"), value.get("data")
    if refused in ("file_too_large", "not_an_image"):
        size = value.get("size")
        return Upload(name, None, refused, f"refused:{name}:{size if isinstance(size, int) else '?'}")
    if not isinstance(data, str) or len(data) > 4 * (max_bytes // 3 + 4) + 200:
        return Upload(name, None, "file_too_large" if isinstance(data, str) else "not_an_image", f"bad:{name}")
    match = _DATA_URL.match(data)
    if match is None:
        return Upload(name, None, "not_an_image", f"bad:{name}")
    try:
        content = base64.b64decode(data[match.end():], validate=True)
    except (binascii.Error, ValueError):
        return Upload(name, None, "not_an_image", f"bad:{name}")
    if len(content) > max_bytes:
        return Upload(name, None, "file_too_large", f"large:{name}")
    return Upload(name, content, None, hashlib.sha1(content).hexdigest() + name)


def _registered():
    return own_components.component("upload_box")


def upload_box(key: str, label: str, help: str | None = None) -> Upload | None:
    """The upload control under a translated label; returns the last file chosen (or None)."""
    st.markdown(f"**{label}**", help=help)
    megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
    data = {
        "instance": key,
        "accept": ACCEPT,
        "maxBytes": MAX_UPLOAD_BYTES,
        "labels": {"button": t("upload_button"), "hint": t("upload_hint", megabytes=number(megabytes)),
                   "tooLarge": t("upload_too_large", megabytes=number(megabytes)), "reading": t("upload_reading"),
                   "unreadable": t("upload_unreadable")},
    }
    result = _registered()(data=data, key=key, default={"file": None}, on_file_change=lambda: None,
                           width="stretch", height="content")
    try:
        return read_upload(result.get("file"))
    except AttributeError:  # a value that is not a mapping at all
        return None
