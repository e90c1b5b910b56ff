"""The job manager behind live trainings: a job whose page is gone for good is cancelled after
the grace period, one whose page still asks about it is kept."""

from __future__ import annotations

import time

import pytest

from ae_core.jobs import JobManager


@pytest.fixture
def manager():
    jobs = JobManager(workers=1, grace=60)
    yield jobs
    jobs.shutdown()


def wait_for_state(manager, job_id, states, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        entry = manager.status(job_id)
        if entry.get("state") in states:
            return entry
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} never reached {states}: {manager.status(job_id)}")


def test_an_unwatched_job_is_cancelled_after_the_grace_period_and_a_watched_one_is_kept(manager):
    submitted = time.time()
    watched = manager.submit("ping", {})
    forgotten = manager.submit("ping", {})  # queued behind the first: one worker
    assert manager.reap(now=submitted + 30) == []  # both within the grace period
    time.sleep(2)
    manager.status(watched)  # its page asks (a reload asks again within a second)
    # 61 s after both were submitted: only the one nobody asked about since is past 60 s.
    assert manager.reap(now=submitted + 61) == [forgotten]
    assert wait_for_state(manager, watched, {"done", "failed"})["state"] == "done"
    assert wait_for_state(manager, forgotten, {"cancelled", "done", "failed"})["state"] == "cancelled"
    assert manager.result(forgotten) is None and manager.result(watched) is True


def test_a_finished_job_is_not_cancelled_however_long_it_waits(manager):
    job = manager.submit("ping", {})
    wait_for_state(manager, job, {"done"})
    assert manager.reap(now=time.time() + 3600) == []
    assert manager.status(job)["state"] == "done"
