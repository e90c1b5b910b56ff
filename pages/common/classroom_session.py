"""This browser's place in a class room: the room a student joined (code and nickname), the
session's opaque id that lets it take its shares back, and a teacher's secret token.

All of it lives in the browser's cookie (pages.common.browser_memory), so a reload keeps it;
none of it is in a link. ``send_control`` is the "send to the class" button beside the current
digit on every page, shown only once this browser joined a room.
"""

from __future__ import annotations

import logging
import re
import time

import streamlit as st

from ae_core.classroom import rooms
from ae_core.classroom.rooms import ClassProblem
from pages.common import browser_memory, cache
from pages.common.i18n import FAMILIES, option, t

_LOG = logging.getLogger("autoencoder_lab")
LAST_SENT = "class_last_sent"  # {"id", "code"} of this session's last share
NOTICE = "class_notice"  # (kind, text, until): a message the page shows for a few seconds
NOTICE_SECONDS = 15
# The code of the joined room found ended. Said on every run until another room is joined: a
# one-time notice was lost when a rerun nobody asked for (the live probe's answer) followed.
ENDED_ROOM = "class_ended_room"


def _kept() -> dict:
    return browser_memory.memory().setdefault("class", {})


def store():
    return cache.class_store()


def problem_text(problem: ClassProblem) -> str:
    """The message for a refused request, in the session's language."""
    if problem.code == "store_unavailable":
        _LOG.warning("class store unavailable: %s", problem.detail)
    code = problem.code if problem.code in FAMILIES["class_problem_"] else "store_unavailable"
    return option("class_problem_", code, n=rooms.SHARES_PER_WINDOW, seconds=int(rooms.SHARE_WINDOW_SECONDS),
                  cap=rooms.SHARES_PER_STUDENT)


def plain_markdown(text: str) -> str:
    """A student's text inside a markdown message: shown as typed, never as formatting or a link."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$:])", r"\\\1", text)


# --- a student ---


def owner() -> str:
    """This browser's opaque id (made once, kept in its cookie)."""
    kept = _kept()
    if "owner" not in kept:
        kept["owner"] = rooms.new_owner()
    return kept["owner"]


def joined() -> dict | None:
    """{"room": code, "nick": nickname} of the room this browser joined, or None."""
    kept = _kept()
    return {"room": kept["room"], "nick": kept.get("nick", "")} if kept.get("room") else None


def join(code: str, nickname: str):
    """Join the room with this code (raises ClassProblem: wrong_code, store_unavailable)."""
    room = store().room(code)
    kept = _kept()
    kept["room"], kept["nick"] = room.code, rooms.clean_nickname(nickname)
    owner()
    st.session_state.pop(ENDED_ROOM, None)
    clear_notice()  # an older message (a bad link, an ended room) no longer applies
    return room


def leave() -> None:
    kept = _kept()
    kept.pop("room", None)
    kept.pop("nick", None)
    st.session_state.pop(LAST_SENT, None)


def send(digit) -> None:
    """Send the digit to the joined room (raises ClassProblem)."""
    place = joined()
    if place is None:
        raise ClassProblem("wrong_code")
    share = store().share(place["room"], owner(), digit, place["nick"])
    st.session_state[LAST_SENT] = {"id": share.id, "code": place["room"]}


def take_back(share_id: int) -> None:
    place = joined()
    if place is None:
        raise ClassProblem("wrong_code")
    store().withdraw(place["room"], owner(), share_id)
    if (st.session_state.get(LAST_SENT) or {}).get("id") == share_id:
        st.session_state.pop(LAST_SENT, None)


def current_room():
    """The joined room as the store has it now (its challenge), or None; a room that ended is
    forgotten here, with a message saying so."""
    place = joined()
    if place is None:
        return None
    try:
        return store().room(place["room"])
    except ClassProblem as problem:
        if problem.code == "wrong_code":
            leave()
            st.session_state[ENDED_ROOM] = place["room"]
            return None
        raise


def notice(kind: str, text: str) -> None:
    """A message (``kind``: info, warning) the page shows on its runs of the next few seconds:
    once was not enough, a rerun nobody asked for (the live probe's answer) wiped it."""
    st.session_state[NOTICE] = (kind, text, time.monotonic() + NOTICE_SECONDS)


def clear_notice() -> None:
    st.session_state.pop(NOTICE, None)


def show_ended_room() -> None:
    """Say that the room this browser had joined has ended (until it joins another)."""
    code = st.session_state.get(ENDED_ROOM)
    if code:
        st.warning(t("class_room_ended_student", code=code))


def show_notice() -> None:
    found = st.session_state.get(NOTICE)
    if found:
        kind, text, until = found
        if time.monotonic() > until:
            del st.session_state[NOTICE]
            return
        getattr(st, kind)(text)


def send_control(digit, page: str) -> None:
    """Beside the current digit: "send to the class" once this browser joined a room (nothing
    otherwise: sharing is opt-in, per digit), and what happened to the last one sent."""
    place = joined()
    if place is None or digit is None:
        return
    result_key = f"{page}_class_sent"

    def sent():
        try:
            send(digit)
        except ClassProblem as problem:
            st.session_state[result_key] = ("warning", problem_text(problem))
        else:
            st.session_state[result_key] = ("success", t("class_sent", code=place["room"]))

    st.button(t("class_send", code=place["room"]), key=f"{page}_class_send", on_click=sent,
              icon=":material/send:", width="stretch", help=t("class_send_help"))
    found = st.session_state.pop(result_key, None)
    if found:
        kind, text = found
        getattr(st, kind)(text)
        last = st.session_state.get(LAST_SENT)
        if kind == "success" and last:
            def undo():
                try:
                    take_back(last["id"])
                except ClassProblem as problem:
                    st.session_state[result_key] = ("warning", problem_text(problem))
                else:
                    st.session_state[result_key] = ("info", t("class_taken_back"))

            st.button(t("class_take_back"), key=f"{page}_class_undo", on_click=undo, icon=":material/undo:")


# --- a teacher ---


def teacher_token() -> str | None:
    return _kept().get("teacher")


def keep_teacher_token(token: str) -> None:
    _kept()["teacher"] = token


def forget_teacher() -> None:
    _kept().pop("teacher", None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("wall_")]:
        del st.session_state[key]
