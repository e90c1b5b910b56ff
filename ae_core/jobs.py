"""Training in the background, in a worker process, so the app never imports Keras.

The app submits a task by name with plain arguments; a long-lived worker process (Keras loaded
once) runs tasks one at a time and reports progress through a shared dictionary that the app
polls. Every job has its own id: a session only ever sees the jobs whose ids it holds, and a
job can be cancelled between batches. Results are plain data (numpy arrays, dicts, bytes).

    manager = JobManager()
    job = manager.submit("train_autoencoder", {"architecture": "dense", ...})
    manager.status(job)   # {"state": "running", "epoch": 3, "epochs": 10, "history": {...}}
    manager.cancel(job)
    manager.result(job)   # when state == "done"
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import traceback
import types
import uuid
from concurrent.futures import ProcessPoolExecutor

STATES = ("queued", "running", "done", "cancelled", "failed")


class JobCancelled(Exception):
    """Raised inside a task when its job was cancelled."""


class Progress:
    """What a task uses to report progress and to learn it should stop (inside the worker)."""

    def __init__(self, board, job_id):
        self._board, self._job_id = board, job_id

    def update(self, **values) -> None:
        entry = dict(self._board.get(self._job_id, {}))
        entry.update(values, updated=time.time())
        self._board[self._job_id] = entry

    def cancelled(self) -> bool:
        return bool(self._board.get(self._job_id, {}).get("cancel"))

    def check(self) -> None:
        if self.cancelled():
            raise JobCancelled()


WORKER_NICENESS = 10


def _worker_init(threads: int) -> None:
    # Few threads, and a lower CPU priority: the Streamlit process serving every student shares
    # these 2 cores, and a page must not wait for a training (or for TensorFlow's import, ~5 s of
    # CPU when the worker starts).
    os.nice(WORKER_NICENESS)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def _run(task_name: str, kwargs: dict, board, job_id: str):
    from ae_core.student_tasks import TASKS

    progress = Progress(board, job_id)
    if progress.cancelled():
        progress.update(state="cancelled")
        return None
    progress.update(state="running", started=time.time())
    try:
        result = TASKS[task_name](progress=progress, **kwargs)
    except JobCancelled:
        progress.update(state="cancelled")
        return None
    except Exception as exc:  # reported to the page as a message; the worker stays up
        # errno tells the page why an OSError happened (ENOSPC: the disk is full while saving).
        progress.update(state="failed", error=f"{type(exc).__name__}: {exc}", errno=getattr(exc, "errno", None),
                        trace=traceback.format_exc()[-2000:])
        return None
    progress.update(state="done")
    return result


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _bare_main():
    """Start processes from a bare ``__main__``.

    A spawned child re-imports its parent's ``__main__``; under Streamlit that is the running
    page script (app.py), which would run again, models and all, in every child.
    """
    with _MAIN_LOCK:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = saved


UNWATCHED_GRACE = 180.0  # seconds a queued or running job may go without anyone asking its status


class JobManager:
    """Owns the worker process and the progress board; one per app server.

    A job that nobody has asked about for ``grace`` seconds (its page closed for good, not just
    reloaded: a reload asks again within a second) is cancelled, so that it does not hold up the
    jobs of students who are still there.

    Args:
        workers: tasks run at the same time (each in its own process).
        threads: TensorFlow threads per worker.
        grace: seconds an unwatched queued or running job is kept.
    """

    def __init__(self, workers: int = 1, threads: int = 1, grace: float = UNWATCHED_GRACE):
        context = multiprocessing.get_context("spawn")
        with _bare_main():
            self._sync = context.Manager()
        self._board = self._sync.dict()
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=(threads,))
        self._futures = {}
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self.grace = grace
        self._reaper = threading.Thread(target=self._reap_forever, name="autoencoder-lab-job-reaper", daemon=True)
        self._reaper.start()

    def submit(self, task_name: str, kwargs: dict) -> str:
        from ae_core.student_tasks import TASKS

        if task_name not in TASKS:
            raise ValueError(f"unknown task {task_name!r}; the worker runs: {', '.join(TASKS)}")
        job_id = uuid.uuid4().hex
        self._board[job_id] = {"state": "queued", "task": task_name, "submitted": time.time()}
        with self._lock, _bare_main():  # the first submit spawns the worker
            self._futures[job_id] = self._pool.submit(_run, task_name, kwargs, self._board, job_id)
            self._seen[job_id] = time.time()
        return job_id

    def status(self, job_id: str) -> dict:
        """A copy of the job's progress entry ({} for an unknown id). Asking keeps the job alive."""
        entry = dict(self._board.get(job_id, {}))
        if entry:
            self._seen[job_id] = time.time()
        future = self._futures.get(job_id)
        if future is not None and future.done() and future.exception() is not None:
            entry.update(state="failed", error=f"{type(future.exception()).__name__}: {future.exception()}")
        if entry.get("state") == "queued":
            entry["ahead"] = self._queued_before(job_id)
        return entry

    def _queued_before(self, job_id: str) -> int:
        mine = self._board.get(job_id, {}).get("submitted", 0)
        return sum(
            1 for other, entry in self._board.items()
            if other != job_id and entry.get("state") in ("queued", "running") and entry.get("submitted", 0) < mine
        )

    def cancel(self, job_id: str) -> None:
        entry = dict(self._board.get(job_id, {}))
        if entry and entry.get("state") in ("queued", "running"):
            entry["cancel"] = True
            self._board[job_id] = entry

    def reap(self, now: float | None = None) -> list[str]:
        """Cancel the queued or running jobs nobody asked about for ``grace`` seconds; their ids."""
        now = time.time() if now is None else now
        stale = [job for job, seen in list(self._seen.items()) if now - seen > self.grace]
        cancelled = []
        for job in stale:
            if self._board.get(job, {}).get("state") in ("queued", "running"):
                self.cancel(job)
                cancelled.append(job)
            self._seen.pop(job, None)
        return cancelled

    def _reap_forever(self) -> None:
        while True:
            time.sleep(max(1.0, min(10.0, self.grace / 4)))
            try:
                self.reap()
            except Exception:  # noqa: BLE001 - the manager may be shutting down
                return

    def result(self, job_id: str, timeout: float | None = None):
        """The task's return value (None when cancelled or failed)."""
        return self._futures[job_id].result(timeout=timeout)

    def forget(self, job_id: str) -> None:
        """Drop a finished job's progress and result."""
        with self._lock:
            self._futures.pop(job_id, None)
            self._seen.pop(job_id, None)
        self._board.pop(job_id, None)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._sync.shutdown()
