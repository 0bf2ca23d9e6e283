"""The processes that code batches: Prefect's process pool, warmed up and restartable.

`parley run --workers N` (N > 1) runs its batch tasks on Prefect's `ProcessPoolTaskRunner`.
Each worker process loads the model, the lexicon and the gazetteer as it starts, while the
flow reads its first batches. A worker that dies (killed, out of memory) breaks a Python
process pool for good; `WorkerPool.restart_if_broken` starts a new one so that the run can
code the lost batches again.

Python 3.11's pool can lose a batch for good when a worker dies: a batch handed to the pool
while it breaks is registered after the pool failed its pending batches, and no one ever
finishes it (a loop of 40 trials, three threads submitting while a worker was killed, left
one batch hanging in 6). `WorkerPool.fail_orphaned_work` fails such batches, so that they are
coded again like the others the worker took with it.

A worker killed while it sends a log line or an event to the flow process holds the message
queue's write lock for good: every process that writes to that queue afterwards waits for the
lock at its exit, and the pool's shutdown waits for them for good (a run with a worker killed
mid-batch did not end within its test's 600 s). The new pool therefore gets a new queue.

On the project's machine this pool beat a local Dask cluster on the same run (wikinews 5x:
158 s against 168 s; the flow's process used 10 CPU-s instead of 18: no scheduler, nannies
or heartbeats) and held 80 MB less. Dask stays for existing clusters (`--dask-address`).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import threading
from concurrent.futures import InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner

from flows.progress import quiet_without_a_reader

log = logging.getLogger(__name__)


def warm_up(model: str, dictionaries: tuple[str, ...]) -> None:
    """Load what every batch needs: the model, the lexicon (with the user's dictionaries)
    and the gazetteer, once per process."""
    from extractors.nlp import get_nlp
    from normalize.lexicon import lexicon_with
    from normalize.places import default_gazetteer

    get_nlp(model)
    lexicon_with(dictionaries)
    default_gazetteer()


def _warm_up_worker(model: str, dictionaries: tuple[str, ...]) -> None:
    """A worker's initializer. It never raises: an error here would break the whole pool,
    while the same error raised by a batch is reported with that batch."""
    quiet_without_a_reader()
    try:
        warm_up(model, dictionaries)
    except Exception:  # noqa: BLE001 - the first batch raises it again, where it is reported
        log.debug("warm-up failed; the batch will report why", exc_info=True)


@dataclass
class _Broken:
    """A broken pool, with what it had when it was replaced (shutting it down forgets them)."""

    executor: ProcessPoolExecutor
    manager: threading.Thread | None
    processes: list

    @classmethod
    def of(cls, executor: ProcessPoolExecutor) -> _Broken:
        processes = list((getattr(executor, "_processes", None) or {}).values())
        return cls(executor, getattr(executor, "_executor_manager_thread", None), processes)

    def fail_orphans(self) -> int:
        """Fail the work the pool will never finish: once its manager thread has ended, a
        work item still pending was registered after the pool failed the others."""
        if self.manager is not None and self.manager.is_alive():
            return 0  # still failing its work items itself
        for process in self.processes:
            if process.is_alive():  # the manager thread ended before stopping them
                process.terminate()
        items = getattr(self.executor, "_pending_work_items", {})
        failed = 0
        for work_id, item in list(items.items()):
            items.pop(work_id, None)
            try:
                item.future.set_exception(
                    BrokenProcessPool("the process pool broke while this work was handed to it")
                )
            except InvalidStateError:  # finished or cancelled meanwhile
                continue
            failed += 1
        return failed


class WorkerPool(ProcessPoolTaskRunner):
    """Prefect's process pool whose workers warm up as they start (see module doc)."""

    def __init__(
        self,
        max_workers: int | None = None,
        model: str | None = None,
        dictionaries: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        if model is not None:
            kwargs.setdefault("initializer", _warm_up_worker)
            kwargs.setdefault("initargs", (model, tuple(dictionaries)))
        super().__init__(max_workers=max_workers, **kwargs)
        self._retired: list[_Broken] = []

    def restart_if_broken(self) -> bool:
        """True when the pool can take work: it was not broken, or it was and a new one
        has started (its workers warm up again). False when it cannot be restarted."""
        executor = self._executor
        if executor is None:
            return False
        if not getattr(executor, "_broken", False):
            return True
        try:  # Prefect's worker set-up: logs and events of tasks go through the flow process
            from prefect.task_runners import _initialize_process_pool_worker
        except ImportError:  # another Prefect: the lost batches are left for the next run
            return False
        self._retired.append(_Broken.of(executor))
        self._executor = ProcessPoolExecutor(
            max_workers=self._max_workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_initialize_process_pool_worker,
            initargs=(self._new_message_queue(), self._initializer, self._initargs),
        )
        executor.shutdown(wait=False, cancel_futures=True)
        return True

    def _new_message_queue(self) -> Any:
        """A new queue for the workers' log lines and events, forwarded to the flow process
        by a thread of its own (see module doc). The old queue's thread forwards what is left
        in it and then waits on it until the run ends; nothing in this process writes to it."""
        if self._subprocess_message_queue is None:  # forwarding is off
            return None
        self._subprocess_message_queue = multiprocessing.get_context("spawn").Queue()
        self._message_forwarding_thread = threading.Thread(
            target=self._forward_subprocess_messages,
            name="ProcessPoolTaskRunnerMessageForwarder",
            daemon=True,
        )
        self._message_forwarding_thread.start()
        return self._subprocess_message_queue

    def fail_orphaned_work(self) -> int:
        """Fail the work that broken pools (the current one, if broken, and those replaced)
        will never finish (see module doc); returns how many were failed. Their futures end
        in `BrokenProcessPool`, as for the batches the dead worker held."""
        broken = [*self._retired]
        executor = self._executor
        if executor is not None and getattr(executor, "_broken", False):
            broken.append(_Broken.of(executor))
        return sum(pool.fail_orphans() for pool in broken)


@functools.lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def release_free_memory() -> None:
    """Give the memory a batch freed back to the system (glibc), once per batch, so that a
    worker's resident size follows what it holds, not the largest batch it has seen.

    Trimming at every free instead (MALLOC_TRIM_THRESHOLD_, which Dask sets for its workers)
    slowed parsing: a process parsed the wikinews corpus at 3,930 words/s with
    MALLOC_TRIM_THRESHOLD_=65536 and 4,487 without (9 s of system time instead of 0.5).
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
