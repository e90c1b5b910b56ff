"""Live training on a page: start a job, watch it (progress bar and loss curve), cancel it.

Jobs run in ae_core.jobs' worker process. A session keeps the ids of its own jobs in its
session state, so no student ever sees another student's training or result. The ids are also
kept in the browser's memory (pages.common.browser_memory: a cookie, never a shareable link), so
a reload finds its trainings again. A training nobody watches any more is cancelled by the job
manager after a grace period (ae_core.jobs).
"""

from __future__ import annotations

import errno
import logging
import threading

import streamlit as st

from ae_core.figures import line_chart
from pages.common import browser_memory, cache, ui
from pages.common.i18n import t

_LOG = logging.getLogger("autoencoder_lab")
ACTIVE = ("queued", "running")
RESTORED = "job_panel_restored"


def restore() -> None:
    """Once per session: take this browser's trainings from its memory (after a reload)."""
    if RESTORED in st.session_state:
        return
    st.session_state[RESTORED] = True
    jobs = browser_memory.memory()["jobs"]
    if jobs:  # (the manager starts the worker: only when there is something to find)
        manager = cache.job_manager()
        for key, job in list(jobs.items()):
            if manager.status(job):  # still known to this server
                st.session_state.setdefault(key, job)
            else:
                jobs.pop(key)


def start(key: str, task: str, **kwargs) -> str:
    """Submit ``task`` for this session under ``key`` (a page-prefixed session key)."""
    job_id = cache.job_manager().submit(task, kwargs)
    st.session_state[key] = job_id
    browser_memory.memory()["jobs"][key] = job_id
    return job_id


def status(key: str) -> dict:
    """This session's job under ``key``: its status dict ({} when there is none)."""
    job_id = st.session_state.get(key)
    return cache.job_manager().status(job_id) if job_id else {}


def result(key: str):
    """The finished job's result (None if it is not done)."""
    job_id = st.session_state.get(key)
    if not job_id or cache.job_manager().status(job_id).get("state") != "done":
        return None
    return cache.job_manager().result(job_id)


def warm() -> None:
    """Start the worker (Keras loads in it) before a student's first training, in the background:
    starting it takes seconds (measured 5.6 s on a first visit), and the page must not wait."""
    if "training_worker_warm" not in st.session_state:
        st.session_state["training_worker_warm"] = True
        threading.Thread(target=_ping_worker, name="autoencoder-lab-trainer-warm-up", daemon=True).start()


def _ping_worker() -> None:
    try:
        cache.job_manager().submit("ping", {})
    except Exception:  # noqa: BLE001 - a student's first "Train" reports any real problem
        pass


def panel(key: str, describe=None, extra=None, final_chart: bool = True) -> dict:
    """Show the job under ``key``: progress while it runs (refreshed every second, with a
    cancel button), or its final state. Returns the status.

    Optional, for tasks with more than epochs: ``describe(status)`` gives the progress text
    while training (default "Epoch e of E"); ``extra(status)`` draws more inside the refreshed
    part (partial results); ``final_chart=False`` hides the loss curve once the job has ended.
    """
    current = status(key)
    if current.get("state") in ACTIVE:
        _live(key, describe, extra, final_chart)
    else:
        _show(key, current, describe, extra, final_chart)
    return current


@st.fragment(run_every=1.0)
def _live(key: str, describe=None, extra=None, final_chart: bool = True) -> None:
    current = status(key)
    _show(key, current, describe, extra, final_chart)
    if current.get("state") in ACTIVE:
        if st.button(t("train_cancel"), key=f"{key}_cancel"):
            cache.job_manager().cancel(st.session_state[key])
    else:
        st.rerun()  # finished: the whole page reruns to show the result


def _show(key: str, current: dict, describe=None, extra=None, final_chart: bool = True) -> None:
    state = current.get("state")
    if not state:
        return
    if state == "queued":
        st.info(t("train_queued", ahead=current.get("ahead", 0)))
    elif state == "running":
        epochs, epoch = current.get("epochs") or 1, current.get("epoch") or 0
        steps, step = current.get("steps") or 1, current.get("step") or 0
        done = min(1.0, (epoch + step / steps) / epochs) if current.get("phase") == "training" else 0.0
        label = t("train_loading") if current.get("phase") != "training" else t("train_epoch", epoch=min(epoch + 1, epochs), epochs=epochs)
        if describe is not None and current.get("phase") == "training":
            label = describe(current)
        st.progress(done, text=label)
    elif state == "cancelled":
        st.warning(t("train_cancelled"))
    elif state == "failed" and current.get("errno") == errno.ENOSPC:  # the model could not be saved
        st.error(t("train_disk_full"))
    elif state == "failed":
        _LOG.warning("training %s failed: %s", st.session_state.get(key), current.get("error", ""))
        st.error(t("train_failed"))
    history = current.get("history") or {}
    if history.get("loss") and (final_chart or state in ACTIVE):
        epochs_axis = list(range(1, len(history["loss"]) + 1))
        series = {t("train_loss"): history["loss"]}
        if history.get("val_loss"):
            series[t("val_loss")] = history["val_loss"]
        ui.plotly(line_chart(epochs_axis, series, t("epoch"), t("loss")), key=f"{key}_curve_{state}")
    if extra is not None:
        extra(current)
