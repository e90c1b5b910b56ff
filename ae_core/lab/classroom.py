"""The class wall: what the teacher's screen computes from the digits the class sent.

Each shared digit is read once (a :class:`WallDigit`: every model's squared error, the
classifier's reading, its point on each 2-d map) and kept by the wall's session; the page
only sorts, filters and draws them. Also: the join link and its QR code, and the address a
student types when the teacher's browser shows "localhost".
"""

from __future__ import annotations

import dataclasses
import io
import socket
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from ae_core.classroom.rooms import Share
from ae_core.lab.latent_map import embed
from ae_core.metrics import squared_error

JOIN_PATH = "classroom"  # the page students open: /classroom?join=CODE
ORDERS = ("newest", "error")  # the wall's sort: arrival (newest first) or worst reconstruction first
BACKGROUND_DIGITS = 2000  # test digits under the class's points on each map


@dataclasses.dataclass(frozen=True)
class WallDigit:
    share_id: int
    image: np.ndarray  # (28, 28) in [0, 1]
    nickname: str
    shared_at: float
    hidden: bool
    owner: str  # the sender's opaque session id: counts students, never shown
    reading: int | None  # the classifier's label (None without a classifier)
    confidence: float
    errors: dict  # model name -> squared error summed over the 784 pixels
    points: dict  # map model name -> (x, y) on its 2-d map


def read_shares(shares: list[Share], models: dict, classifier, map_models: dict) -> list[WallDigit]:
    """Every new share through every model at once (one batch per model)."""
    if not shares:
        return []
    x = np.stack([share.image() for share in shares]).reshape(-1, 28, 28, 1)
    errors = {}
    for name, model in models.items():
        x_hat = np.clip(model.decode(model.encode(x)), 0.0, 1.0)
        errors[name] = squared_error(x, x_hat)
    if classifier is not None:
        probabilities = np.asarray(classifier.predict_proba(x))
        readings, confidences = probabilities.argmax(axis=1), probabilities.max(axis=1)
    points = {name: embed(model, x) for name, model in map_models.items()}
    return [
        WallDigit(share_id=share.id, image=x[i, ..., 0], nickname=share.nickname, shared_at=share.shared_at,
                  hidden=share.hidden, owner=share.owner, reading=int(readings[i]) if classifier is not None else None,
                  confidence=float(confidences[i]) if classifier is not None else 0.0,
                  errors={name: float(values[i]) for name, values in errors.items()},
                  points={name: tuple(float(v) for v in codes[i]) for name, codes in points.items()})
        for i, share in enumerate(shares)
    ]


def side_by_side(digit: np.ndarray, rebuilt: np.ndarray) -> np.ndarray:
    """A digit (in [0, 1]) and its uint8 reconstruction in one 28x57 uint8 picture, a grey line
    between them: sent at that size, the browser enlarges it with its pixels kept sharp, so a
    full wall stays a small message."""
    left = np.round(np.asarray(digit) * 255).astype(np.uint8)
    return np.concatenate([left, np.full((28, 1), 110, np.uint8), np.asarray(rebuilt, np.uint8)], axis=1)


def map_background(codes, labels, *, x_range, y_range) -> str:
    """The test digits under the class's points on a map, drawn once as a PNG data URL."""
    from ae_core.figures import points_png_url

    return points_png_url(codes, labels, x_range=x_range, y_range=y_range)


def updated(kept: dict, state: dict[int, bool]) -> dict:
    """The wall's digits after a poll: those the store still holds, with their hidden flag as
    the store says ({share id: hidden}); the ones taken back or cleared are dropped."""
    return {share_id: (digit if digit.hidden == state[share_id] else dataclasses.replace(digit, hidden=state[share_id]))
            for share_id, digit in kept.items() if share_id in state}


def shown(digits, *, order: str = "newest", model: str | None = None, readings=None, include_hidden: bool = False):
    """The digits the wall shows: filtered by the classifier's reading (``readings``: a set of
    labels, or None for all), without the hidden ones, newest first or worst ``model`` error first."""
    chosen = [d for d in digits if (include_hidden or not d.hidden)
              and (readings is None or d.reading in readings)]
    if order == "error" and model is not None:
        return sorted(chosen, key=lambda d: (-d.errors.get(model, 0.0), -d.share_id))
    return sorted(chosen, key=lambda d: -d.share_id)


@dataclasses.dataclass(frozen=True)
class ChallengeSummary:
    asked: int
    count: int  # the class's digits on the wall (not hidden)
    read_as_asked: int  # of them, read by the classifier as the asked digit
    other_readings: dict  # label -> how many were read as that instead
    mean_errors: dict  # model name -> mean squared error over the class's digits, best first


def challenge_summary(digits, asked: int) -> ChallengeSummary:
    """How the models read the class's answers to "draw a <asked>"."""
    chosen = [d for d in digits if not d.hidden]
    readings = [d.reading for d in chosen if d.reading is not None]
    others: dict[int, int] = {}
    for label in readings:
        if label != asked:
            others[label] = others.get(label, 0) + 1
    names = sorted({name for d in chosen for name in d.errors})
    means = {name: float(np.mean([d.errors[name] for d in chosen if name in d.errors])) for name in names}
    return ChallengeSummary(asked=int(asked), count=len(chosen), read_as_asked=sum(label == asked for label in readings),
                            other_readings=dict(sorted(others.items(), key=lambda item: -item[1])),
                            mean_errors=dict(sorted(means.items(), key=lambda item: item[1])))


def anomalies(digits, model: str, k: float = 3.0) -> set[int]:
    """Share ids whose ``model`` error is far above the class's own (median + k * MAD): the odd
    ones out. None with fewer than 5 digits (too few to know what is usual)."""
    chosen = [d for d in digits if not d.hidden and model in d.errors]
    if len(chosen) < 5:
        return set()
    values = np.array([d.errors[model] for d in chosen])
    median = float(np.median(values))
    spread = float(np.median(np.abs(values - median))) * 1.4826 or float(np.std(values)) or 1.0
    return {d.share_id for d in chosen if d.errors[model] > median + k * spread}


# --- how students get there ---


def join_link(page_url: str, code: str) -> str:
    """The link of the QR code: this app's /class page with the code filled in."""
    parts = urlsplit(page_url)
    path = parts.path.rsplit("/", 1)[0] + "/" + JOIN_PATH
    return urlunsplit((parts.scheme, parts.netloc, path, f"join={code}", ""))


def typed_address(page_url: str) -> str:
    """The address students type (without the code): host, port and the class page."""
    parts = urlsplit(page_url)
    path = parts.path.rsplit("/", 1)[0] + "/" + JOIN_PATH
    return f"{parts.netloc}{path}"


LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0")


def is_loopback(page_url: str) -> bool:
    return (urlsplit(page_url).hostname or "") in LOOPBACK


def network_url(page_url: str) -> str | None:
    """The same URL with this machine's address on the local network instead of "localhost"
    (what other devices must use), or None when the machine has none. No packet is sent: a
    UDP socket's connect only asks the routing table."""
    parts = urlsplit(page_url)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    if address.startswith("127.") or address == "0.0.0.0":
        return None
    netloc = address + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def qr_png(text: str, scale: int = 10) -> bytes:
    """The QR code of ``text`` as PNG bytes (segno; medium error correction, survives a
    projector's glare), dark on white with the standard quiet zone."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
