"""What every class store does (SQLite on one machine, Redis across several): the contract the
pages use and `tests/test_class_store.py` checks on both.

Students reach a room by its join code and see only their own shares; everything a teacher
does goes through the room's secret token. Every method raises
:class:`ae_core.classroom.rooms.ClassProblem` for what the page explains, including
``store_unavailable`` when the file or the server cannot be reached.
"""

from __future__ import annotations

import abc
import time

from ae_core.classroom import rooms
from ae_core.classroom.rooms import ClassProblem, Room, Share


class ClassStore(abc.ABC):
    kind = "?"  # "sqlite" or "redis", for the pages' captions and the benchmark's table

    # --- the teacher (by the room's token) ---

    @abc.abstractmethod
    def create_room(self, now: float | None = None) -> tuple[Room, str]:
        """A new room and its teacher token (the only time the token is seen)."""

    @abc.abstractmethod
    def teacher_room(self, token: str, now: float | None = None) -> Room:
        """The token's room: not_teacher for an unknown token, room_gone once it ended or expired."""

    @abc.abstractmethod
    def end_room(self, token: str) -> None:
        """Remove the room and everything shared in it."""

    @abc.abstractmethod
    def set_challenge(self, token: str, challenge: int | None) -> Room: ...

    @abc.abstractmethod
    def wall_shares(self, token: str, after_id: int = 0) -> list[Share]:
        """The room's shares with ids above ``after_id`` (hidden ones too), oldest first."""

    @abc.abstractmethod
    def wall_state(self, token: str) -> tuple[Room, dict[int, bool]]:
        """The room and {share id: hidden} of every share it holds (no pixels: cheap to poll)."""

    @abc.abstractmethod
    def set_hidden(self, token: str, share_ids, hidden: bool) -> None: ...

    @abc.abstractmethod
    def clear(self, token: str) -> None:
        """Remove every share of the room (the room stays open)."""

    # --- a student (by the join code and the session's opaque id) ---

    @abc.abstractmethod
    def room(self, code: str, now: float | None = None) -> Room:
        """The room with this join code: wrong_code when there is none (ended, expired or mistyped)."""

    @abc.abstractmethod
    def share(self, code: str, owner: str, digit, nickname: str = "", now: float | None = None) -> Share:
        """Send one digit to the room. Refused with rate_limited (more than SHARES_PER_WINDOW in
        SHARE_WINDOW_SECONDS from this session), student_full, room_full, bad_digit or empty_digit."""

    @abc.abstractmethod
    def own_shares(self, code: str, owner: str) -> list[Share]:
        """This session's shares in the room, oldest first: never anybody else's."""

    @abc.abstractmethod
    def withdraw(self, code: str, owner: str, share_id: int) -> None:
        """Take back one of this session's shares (not_yours for anybody else's)."""

    # --- housekeeping ---

    @abc.abstractmethod
    def purge_expired(self, now: float | None = None) -> int:
        """Remove the rooms whose time is up; how many went."""

    def close(self) -> None:
        pass


def now_or(now: float | None) -> float:
    return time.time() if now is None else float(now)


def checked_share_input(code: str, owner: str, digit, nickname: str) -> tuple[str, str, bytes, str]:
    """The share's fields as stored, or the ClassProblem a bad one gets (before any store access)."""
    clean = rooms.clean_code(code)
    if clean is None:
        raise ClassProblem("wrong_code")
    return clean, rooms.check_owner(owner), rooms.digit_bytes(digit), rooms.clean_nickname(nickname)
