"""What this browser remembers across reloads, in one small cookie (never in a shareable link):
the ids of the student's own trainings, the lessons whose "predict first" question was
already answered, and the class room this browser joined or (a teacher's) opened. Read when a session starts (``st.context.cookies``), written by a tiny
component (assets/browser_cookie.js) whenever it changes.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import streamlit as st

from pages.common import own_components

COOKIE = "ae_lab_memory"
HOURS = 4  # a lesson
# session key: {"jobs": {page key: job id}, "shown": [page, ...], "class": {"room", "nick", "owner", "teacher"}}
KEPT = "browser_memory"
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_PAGE = re.compile(r"[a-z_]{1,40}")
_OWNER = re.compile(r"[0-9a-f]{32}")


def parse(raw: str | None) -> dict:
    """The memory in a cookie's value as the server receives it (URL-encoded JSON, as
    assets/browser_cookie.js writes it); anything malformed or unexpected is dropped."""
    empty = {"jobs": {}, "shown": [], "class": {}}
    try:
        kept = json.loads(unquote(raw or "") or "{}")
    except (TypeError, ValueError):
        return empty
    if not isinstance(kept, dict):
        return empty
    jobs = kept.get("jobs") if isinstance(kept.get("jobs"), dict) else {}
    shown = kept.get("shown") if isinstance(kept.get("shown"), list) else []
    return {"jobs": {k: v for k, v in jobs.items() if isinstance(k, str) and _PAGE.fullmatch(k)
                     and isinstance(v, str) and _JOB_ID.fullmatch(v)},
            "shown": [page for page in shown if isinstance(page, str) and _PAGE.fullmatch(page)],
            "class": _class_part(kept.get("class"))}


def _class_part(found) -> dict:
    """The class room part: only well-formed values (the store checks them again)."""
    from ae_core.classroom import rooms

    if not isinstance(found, dict):
        return {}
    kept = {}
    if rooms.clean_code(found.get("room")):
        kept["room"] = rooms.clean_code(found["room"])
        kept["nick"] = rooms.clean_nickname(found.get("nick"))
    if isinstance(found.get("owner"), str) and _OWNER.fullmatch(found["owner"]):
        kept["owner"] = found["owner"]
    try:
        kept["teacher"] = rooms.check_token(found.get("teacher"))
    except rooms.ClassProblem:
        pass
    return kept


def memory() -> dict:
    """This session's memory (taken from the cookie on the session's first use); change it in place."""
    if KEPT not in st.session_state:
        st.session_state[KEPT] = parse(st.context.cookies.get(COOKIE))
    return st.session_state[KEPT]


def write() -> None:
    """Put this session's memory in the browser's cookie (at the end of every run)."""
    kept = memory()
    if not kept["jobs"] and not kept["shown"] and not kept["class"] and not st.context.cookies.get(COOKIE):
        return
    with st.container(key="browser_memory", height=1, border=False):
        own_components.component("browser_cookie")(data={"name": COOKIE, "value": json.dumps(kept, sort_keys=True), "maxAge": HOURS * 3600},
                   key="browser_memory_cookie", width="content", height="content")
