"""What this browser remembers across reloads, in one small cookie (never in a shareable link):
the ids of the student's own trainings, and the lessons whose "predict first" question was
already answered. Read when a session starts (``st.context.cookies``), written by a tiny
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
KEPT = "browser_memory"  # session key: {"jobs": {page key: job id}, "shown": [page, ...]}
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_PAGE = re.compile(r"[a-z_]{1,40}")


def parse(raw: str | None) -> dict:
    """The memory in a cookie's value as the server receives it (URL-encoded JSON, as
    assets/browser_cookie.js writes it); anything malformed or unexpected is dropped."""
    empty = {"jobs": {}, "shown": []}
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
            "shown": [page for page in shown if isinstance(page, str) and _PAGE.fullmatch(page)]}


def memory() -> dict:
    """This session's memory (taken from the cookie on the session's first use); change it in place."""
    if KEPT not in st.session_state:
        st.session_state[KEPT] = parse(st.context.cookies.get(COOKIE))
    return st.session_state[KEPT]


def write() -> None:
    """Put this session's memory in the browser's cookie (at the end of every run)."""
    kept = memory()
    if not kept["jobs"] and not kept["shown"] and not st.context.cookies.get(COOKIE):
        return
    with st.container(key="browser_memory", height=1, border=False):
        own_components.component("browser_cookie")(data={"name": COOKIE, "value": json.dumps(kept, sort_keys=True), "maxAge": HOURS * 3600},
                   key="browser_memory_cookie", width="content", height="content")
