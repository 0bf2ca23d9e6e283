"""The worker pool after a worker dies: work the broken pool will never finish is failed, so
that the run codes it again (flows/workers.py), and the pool starts again."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool, _WorkItem
from pathlib import Path

import pytest

from flows.workers import WorkerPool


def _wait_until(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_work_handed_to_a_pool_as_it_breaks_is_failed_not_lost():
    with WorkerPool(max_workers=1) as pool:
        executor = pool._executor
        worker = executor.submit(os.getpid).result(timeout=120)
        manager = executor._executor_manager_thread
        os.kill(worker, signal.SIGKILL)
        _wait_until(lambda: executor._broken and not manager.is_alive())
        # What a submit that passed the pool's broken-check just before the worker died leaves
        # behind: a work item registered after the pool failed its pending work.
        orphan: Future = Future()
        executor._pending_work_items[10_000] = _WorkItem(orphan, os.getpid, (), {})
        assert not orphan.done()

        assert pool.fail_orphaned_work() == 1
        with pytest.raises(BrokenProcessPool):
            orphan.result(timeout=0)
        assert pool.fail_orphaned_work() == 0  # once

        # The same after the pool was replaced: the replaced pool is still watched.
        late: Future = Future()
        executor._pending_work_items[10_001] = _WorkItem(late, os.getpid, (), {})
        assert pool.restart_if_broken()
        assert pool._executor is not executor
        assert pool.fail_orphaned_work() == 1
        assert isinstance(late.exception(timeout=0), BrokenProcessPool)
        # and the new pool works
        assert pool._executor.submit(os.getpid).result(timeout=120) != worker


def test_a_healthy_pool_has_no_orphans():
    with WorkerPool(max_workers=1) as pool:
        running = pool._executor.submit(time.sleep, 1.0)
        assert pool.fail_orphaned_work() == 0
        running.result(timeout=120)
        assert pool.restart_if_broken()  # not broken: nothing to do


def _hold(lock) -> None:
    lock.acquire()
    time.sleep(600)


def _held(lock) -> bool:
    if lock.acquire(block=False):
        lock.release()
        return False
    return True


def _send_a_message() -> int:
    """What a worker does when a task logs: put a message on the pool's message queue."""
    from prefect.logging import handlers

    handlers._api_log_sink.args[0].put("a message the flow process ignores")
    return os.getpid()


def test_a_worker_killed_while_it_sends_a_message_does_not_hang_the_new_pool(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).parents[2]))  # workers import this module
    pool = WorkerPool(max_workers=1).__enter__()
    try:
        old_queue = pool._subprocess_message_queue
        worker = pool._executor.submit(_send_a_message).result(timeout=120)
        # A process killed while it holds the message queue's write lock holds it for good.
        lock = old_queue._wlock
        holder = multiprocessing.get_context("spawn").Process(target=_hold, args=(lock,))
        holder.start()
        _wait_until(lambda: _held(lock))
        os.kill(holder.pid, signal.SIGKILL)
        holder.join()
        executor = pool._executor
        os.kill(worker, signal.SIGKILL)
        _wait_until(lambda: executor._broken)

        assert pool.restart_if_broken()
        assert pool._subprocess_message_queue is not old_queue
        assert pool._executor.submit(_send_a_message).result(timeout=120) != worker
    finally:
        closing = threading.Thread(target=pool.__exit__, args=(None, None, None), daemon=True)
        closing.start()
        closing.join(timeout=60)
        hung = closing.is_alive()
        if hung:  # let the test process end: its workers wait for the lock at their exit
            for process in list((pool._executor._processes or {}).values()):
                process.kill()
    assert not hung, "the pool did not shut down: its workers wait for a dead process's lock"
