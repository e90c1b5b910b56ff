"""The rules of a class room, shared by every store: join codes, teacher tokens, what a shared
digit may hold, and the limits that keep one browser from flooding the wall.

A room has a short join code that students type and a long secret token that only the
teacher's browser keeps (the stores keep its sha256, never the token). A share is one 28x28
digit (8-bit pixels), an optional nickname, its time, and an opaque id of the browser session
that sent it (so that session, and no other, can take it back). Nothing else is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

import numpy as np

# Join codes: letters and digits that cannot be mistaken for one another when read off a
# projector or typed on a phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 5  # 23**5: 6 million codes, few rooms alive at a time
ROOM_HOURS = 3.0  # a lesson and some; a room ends earlier when its teacher ends it
NICKNAME_MAX = 24  # characters
SHARE_WINDOW_SECONDS = 10.0
SHARES_PER_WINDOW = 5  # per session: one flooding browser cannot bury the others
SHARES_PER_STUDENT = 60  # a session's shares alive in one room
SHARES_PER_ROOM = 3000
PIXELS = 28 * 28
_OWNER = re.compile(r"[0-9a-f]{32}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class ClassProblem(Exception):
    """A request the room refuses; ``code`` names the message a page shows:

    wrong_code, room_gone, not_teacher, rate_limited, student_full, room_full, bad_digit,
    empty_digit, not_yours, store_unavailable.
    """

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Room:
    code: str
    created: float
    expires: float
    challenge: int | None  # the digit the teacher asked the class for, or None
    version: int  # grows with every change the wall shows (a share, a hide, a clear, a challenge)


@dataclass(frozen=True)
class Share:
    id: int  # grows with every share in a store
    pixels: bytes  # 784 bytes, row by row, 0 (paper) to 255 (ink)
    nickname: str
    shared_at: float  # seconds since the epoch
    hidden: bool  # hidden by the teacher (still stored, can be shown again)
    owner: str  # the sending session's opaque id; never shown

    def image(self) -> np.ndarray:
        """The digit as (28, 28) float32 in [0, 1], as the models take it."""
        return np.frombuffer(self.pixels, dtype=np.uint8).reshape(28, 28).astype(np.float32) / 255.0


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_teacher_token() -> str:
    return secrets.token_urlsafe(24)


def new_owner() -> str:
    """A session's opaque id (random; it says nothing about the student)."""
    return secrets.token_hex(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_code(text) -> str | None:
    """A typed join code in its stored form (upper case, no spaces or dashes), or None when it
    cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def check_token(token) -> str:
    """The teacher token as given, or ClassProblem("not_teacher") when it cannot be one."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ClassProblem("not_teacher")
    return token


def check_owner(owner) -> str:
    if not isinstance(owner, str) or not _OWNER.fullmatch(owner):
        raise ClassProblem("not_yours", "malformed session id")
    return owner


def clean_nickname(text) -> str:
    """A nickname as stored: plain text (control and formatting characters removed, spaces
    collapsed), at most NICKNAME_MAX characters; "" when none. Markup stays text: every page
    escapes it."""
    if not isinstance(text, str):
        return ""
    text = text[: NICKNAME_MAX * 8]  # bound the work on a huge paste before cleaning it
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())[:NICKNAME_MAX]


def digit_bytes(digit) -> bytes:
    """A digit's 784 stored bytes. ClassProblem("bad_digit") unless it is 28x28 numbers in
    [0, 1] (floats) or 0-255 (uint8); ClassProblem("empty_digit") when it has no ink."""
    try:
        array = np.asarray(digit)
    except Exception as problem:  # noqa: BLE001 - anything that is not an array
        raise ClassProblem("bad_digit", type(problem).__name__) from None
    if array.shape not in ((28, 28), (28, 28, 1), (PIXELS,)) or array.dtype == object:
        raise ClassProblem("bad_digit", f"shape {array.shape}")
    if array.dtype == np.uint8:
        pixels = array.reshape(PIXELS)
    else:
        try:
            values = array.astype(np.float64).reshape(PIXELS)
        except (TypeError, ValueError):
            raise ClassProblem("bad_digit", f"dtype {array.dtype}") from None
        if not np.all(np.isfinite(values)) or values.min() < 0 or values.max() > 1:
            raise ClassProblem("bad_digit", "values outside [0, 1]")
        pixels = np.round(values * 255).astype(np.uint8)
    if not pixels.any():
        raise ClassProblem("empty_digit")
    return pixels.tobytes()


def check_pixels(pixels) -> bytes:
    """Stored bytes read back: exactly 784 of them (anything else is a damaged entry)."""
    if not isinstance(pixels, (bytes, bytearray)) or len(pixels) != PIXELS:
        raise ClassProblem("bad_digit", "stored digit damaged")
    return bytes(pixels)


def check_challenge(challenge) -> int | None:
    if challenge is None:
        return None
    if isinstance(challenge, (bool, np.bool_)) or not isinstance(challenge, (int, np.integer)) or not 0 <= challenge <= 9:
        raise ClassProblem("bad_digit", "a challenge is a digit from 0 to 9")
    return int(challenge)
