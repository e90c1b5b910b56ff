"""Calling the worker's tasks (ae_core.student_tasks) directly, without a worker: a fake progress board."""

from __future__ import annotations

import time

import numpy as np

from ae_core.jobs import JobCancelled


class FakeProgress:
    """What ae_core.jobs.Progress offers a task: updates are recorded (with their times); the job
    counts as cancelled once ``cancel_after`` updates were made."""

    def __init__(self, cancel_after: int | None = None):
        self.updates: list[dict] = []
        self.times: list[float] = []
        self.cancel_after = cancel_after

    def update(self, **values) -> None:
        self.updates.append(dict(values))
        self.times.append(time.time())

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.updates) >= self.cancel_after

    def check(self) -> None:
        if self.cancelled():
            raise JobCancelled()

    def last(self, key):
        """The latest value reported for ``key``."""
        return next(u[key] for u in reversed(self.updates) if key in u)


def assert_reports_often(progress: FakeProgress) -> None:
    """Once training runs, a report at least every second or so. (Before it: importing Keras, and
    the first step, when TensorFlow traces the training function, may take longer on a busy machine.)"""
    training = [t for t, values in zip(progress.times, progress.updates) if "epoch" in values]
    assert len(training) > 3, "no progress reported while training"
    gaps = np.diff(training[1:])
    assert gaps.max() < 1.5, f"a gap of {gaps.max():.1f} s without progress"
