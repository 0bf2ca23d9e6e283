"""The Prefect flow: read inputs in batches, code each batch in a task, write Parquet."""

from __future__ import annotations

import hashlib
import queue
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from extractors.nlp import DEFAULT_MODEL, get_nlp
from flows.progress import RunProgress, quiet_without_a_reader
from flows.server import TemporaryServer
from flows.workers import WorkerPool, release_free_memory, warm_up
from normalize.lexicon import lexicon_with
from normalize.places import default_gazetteer
from storage.dataset import (
    coded_documents,
    compact,
    dataset_lock,
    ensure_dataset,
    processed_documents,
    reconcile,
    recover,
    refresh_sources_counts,
)
from storage.fetch import DEFAULT_POLICY
from storage.parquet import write_batch
from storage.readers import Rejected
from storage.schema import Document
from storage.sources import read_documents


@dataclass
class RunSummary:
    """What a run did, for the CLI and the logs."""

    out_dir: str
    documents: int = 0
    quarantined: int = 0
    events: int = 0
    skipped: int = 0
    repeated: int = 0  # records read twice in one input (same id, same text): coded once
    batches: int = 0
    files: list[str] = field(default_factory=list)
    cameo_roots: Counter = field(default_factory=Counter)
    dyads: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    failed_batches: int = 0
    failed_documents: int = 0
    failures: list[str] = field(default_factory=list)
    stopped: bool = False  # a storage error stopped the run before all input was read
    # Documents coded earlier whose new read failed: their earlier rows stay ("id: reason").
    kept: list[str] = field(default_factory=list)


class RunIncomplete(RuntimeError):
    """Some batches failed: what was coded is written; the rest is left for the next run."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary
        rest = " and the run stopped" if summary.stopped else ""
        super().__init__(
            f"{summary.failed_documents} documents in {summary.failed_batches} batches were not "
            f"coded ({summary.failures[0]}){rest}; the next run codes what is left"
        )


# A batch closes at this many characters of text even when it holds fewer than batch_size
# documents: about 4 s of coding for one worker on the project's machine.
BATCH_CHARS = 60_000


class Batch:
    """The documents of one task, in a plain object that Prefect passes on without walking
    each document's fields in search of futures (a cost paid in the flow's process)."""

    __slots__ = ("items", "lost")

    def __init__(self, items: list[Document | Rejected]) -> None:
        self.items = items
        self.lost = 0  # times a worker process died while coding it


def batch_id(items: list[Document | Rejected]) -> str:
    """A stable name for a batch: the same documents give the same part file names."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(f"{item.doc_id}\0{item.content_sha256}\0".encode())
    return digest.hexdigest()[:20]


def new_documents(
    items: Iterable[Document | Rejected],
    done: dict[str, str],
    summary: RunSummary,
    coded: frozenset[str] | set[str] = frozenset(),
) -> Iterator[Document | Rejected]:
    """Drop documents the dataset already holds with the same content, and repeats in the input.

    A document that cannot be read now (a feed article that answers 404 today) but was `coded`
    earlier keeps its earlier rows: a failed read never replaces a good one."""
    seen: dict[str, str] = {}  # doc_id -> content_sha256 of the first record with it
    for item in items:
        first = seen.get(item.doc_id)
        if first is not None and first != item.content_sha256:
            # Another record with the same id and other text: quarantined under its own id,
            # so that neither record replaces the other.
            yield Rejected(
                doc_id=f"{item.doc_id}#dup-{item.content_sha256[:12]}",
                origin=item.origin,
                reason=f"duplicate id '{item.doc_id}': an earlier record of this input has "
                "the same id and other text",
                content_sha256=item.content_sha256,
            )
            continue
        if first is None:
            seen[item.doc_id] = item.content_sha256
        if first is not None:
            summary.repeated += 1  # the same record again in this input
            continue
        if done.get(item.doc_id) == item.content_sha256:
            summary.skipped += 1
            continue
        if isinstance(item, Rejected) and item.doc_id in coded:
            summary.kept.append(f"{item.doc_id}: {item.reason}")
            continue
        yield item


def batched(
    items: Iterable[Document | Rejected], size: int, max_chars: int | None = None
) -> Iterator[list[Document | Rejected]]:
    """Batches of at most `size` items, closed early once their texts reach `max_chars`.

    The character bound keeps batches of long articles about as long to code as batches of
    short ones, so no worker is left with one long batch at the end of a run.
    """
    chunk: list[Document | Rejected] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(getattr(item, "text", ""))
        if len(chunk) >= size or (max_chars is not None and chars >= max_chars):
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _transient(task, task_run, state) -> bool:  # noqa: ANN001 - Prefect's retry hook signature
    """Retry a batch only for errors that may pass (I/O, a lost worker), never for a bug."""
    try:
        state.result()
    except (OSError, TimeoutError, ConnectionError):
        return True
    except Exception:  # noqa: BLE001 - anything else is a bug: fail at once, do not retry
        return False
    return False


@task(
    name="code-batch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=_transient,
)
def code_batch(batch: Batch, out_dir: str, model: str, dictionaries: tuple[str, ...] = ()) -> dict:
    """Parse, code and write one batch; returns counts and the files written."""
    items = batch.items
    from normalize.batch import code_documents  # spaCy: imported by the workers only

    lexicon = lexicon_with(tuple(dictionaries))
    result = code_documents(items, get_nlp(model), lexicon, default_gazetteer())
    written = write_batch(Path(out_dir), f"part-{batch_id(items)}", result.events, result.documents)
    release_free_memory()
    return {
        "documents": len(result.documents),
        "quarantined": result.quarantined,
        "events": len(result.events),
        "files": [*written.events, written.documents],
        "cameo_roots": dict(Counter(e.cameo_root for e in result.events)),
        "dyads": [
            [e.actor1_code, e.actor2_code] for e in result.events if e.actor1_code and e.actor2_code
        ],
        "errors": [f"{d.doc_id}: {d.error}" for d in result.documents if d.error],
    }


@flow(name="parley-run", log_prints=False)
def run_pipeline(
    inputs: list[str],
    out_dir: str,
    batch_size: int = 1_000,
    model: str = DEFAULT_MODEL,
    force: bool = False,
    in_flight: int = 2,
    batch_chars: int | None = BATCH_CHARS,
    progress: bool = False,
    dictionaries: list[str] | None = None,
    expected_documents: int | None = None,
    allow_private_network: bool = False,
) -> RunSummary:
    """Code every new or changed input document in batches into DIR/events and DIR/documents.

    Documents already in DIR with the same content are skipped (unless `force`); a changed
    document replaces its earlier rows. The run holds DIR's writer lock throughout.
    `progress` draws a bar on stderr out of `expected_documents` (unknown when None).
    `allow_private_network` lets links in feeds point into the private network (intranet feeds).
    """
    quiet_without_a_reader()  # a lost log reader stops no run (see flows.progress)
    logger = get_run_logger()
    summary = RunSummary(out_dir=out_dir)
    out = Path(out_dir)
    ensure_dataset(out)  # refuses a directory of files parley did not write
    with dataset_lock(out):
        report = recover(out)
        if report.orphan_event_files or report.temporary_files or report.superseded_documents:
            logger.info("recovered %s: %s", out_dir, report)
        done = {} if force else processed_documents(out)
        policy = replace(DEFAULT_POLICY, allow_private_network=allow_private_network)
        todo = new_documents(read_documents(inputs, policy), done, summary, coded_documents(out))
        with RunProgress(expected_documents, enabled=progress) as bar:
            coding = _Coding(out_dir, model, tuple(dictionaries or ()), batch_chars)
            _code_all(todo, coding, batch_size, summary, in_flight, bar)
            bar.update(summary.documents + summary.skipped + summary.repeated, summary.events)
        reconcile(out)
        refresh_sources_counts(out)
    if summary.skipped:
        logger.info("%d documents were already in %s and were skipped", summary.skipped, out_dir)
    for kept in summary.kept:
        logger.warning("not read this time, its earlier rows are kept: %s", kept)
    _publish_artifacts(summary)
    if summary.failed_batches:
        raise RunIncomplete(summary)  # the flow run ends Failed, with the counts in its message
    return summary


@flow(name="parley-compact", log_prints=False)
def compact_dataset(out_dir: str) -> dict:
    """Merge a dataset's part files into one file per partition and one documents file, for a
    schedule beside the coding runs (hourly runs of a few documents each write small files).
    Rows do not change. Waits for a run that holds the dataset's lock; a directory that is not
    a parley dataset is refused (NotADataset) and left as it is."""
    out = Path(out_dir)
    ensure_dataset(out, create=False)
    if not out.is_dir():  # no run has written it yet: nothing to do
        get_run_logger().info("%s does not exist yet: nothing to compact", out_dir)
        return {"files_before": 0, "files_after": 0, "event_rows": 0, "document_rows": 0}
    with dataset_lock(out):
        report = compact(out)
    get_run_logger().info(
        "compacted %s: %d files -> %d (%d events, %d documents)",
        out_dir,
        report.files_before,
        report.files_after,
        report.event_rows,
        report.document_rows,
    )
    return {
        "files_before": report.files_before,
        "files_after": report.files_after,
        "event_rows": report.event_rows,
        "document_rows": report.document_rows,
    }


def _publish_artifacts(summary: RunSummary) -> None:
    """A markdown summary and a table of the top dyads, shown with the flow run in Prefect."""
    lines = [
        f"# parley run into `{summary.out_dir}`",
        "",
        "| documents | coded | quarantined | skipped | events |",
        "|---|---|---|---|---|",
        f"| {summary.documents} | {summary.documents - summary.quarantined} | "
        f"{summary.quarantined} | {summary.skipped} | {summary.events} |",
        "",
        "Top CAMEO roots: "
        + (", ".join(f"{root} ({n})" for root, n in summary.cameo_roots.most_common(5)) or "none"),
    ]
    if summary.failures:
        lines += [
            "",
            f"**{summary.failed_documents} documents in {summary.failed_batches} failed batches "
            "were not coded**; the next run codes them:",
            *[f"- {f}" for f in summary.failures[:5]],
        ]
    if summary.errors:
        lines += ["", "Quarantined:", *[f"- {e}" for e in summary.errors[:20]]]
    create_markdown_artifact(
        key="parley-run-summary", markdown="\n".join(lines), description="parley run summary"
    )
    create_table_artifact(
        key="parley-top-dyads",
        table=[
            {"actor1": a1, "actor2": a2, "events": n}
            for (a1, a2), n in summary.dyads.most_common(10)
        ]
        or [{"actor1": "-", "actor2": "-", "events": 0}],
        description="actor pairs with the most events in this run",
    )


@dataclass(frozen=True)
class _Coding:
    """What every batch task of a run is given besides its documents."""

    out_dir: str
    model: str
    dictionaries: tuple[str, ...]
    batch_chars: int | None = None


# A batch whose worker process died is coded again this many times; a batch that kills its
# worker each time is then left for the next run like any failed batch.
LOST_WORKER_RETRIES = 2
# While no batch finishes, the pool is checked this often for batches it lost (flows/workers.py).
WATCH_SECONDS = 5.0


def _code_all(
    items: Iterable[Document | Rejected],
    coding: _Coding,
    batch_size: int,
    summary: RunSummary,
    in_flight: int,
    bar: RunProgress,
) -> None:
    """Submit one task per batch to the flow's task runner, at most `in_flight` at a time.

    Reading stays ahead of coding by `in_flight` batches only, so memory does not grow with
    the size of the input. A batch that fails (after its retries) is counted and logged and
    the run goes on, except after a storage error (disk full, read-only), when no new batch
    is started: the documents of failed batches are not written, so the next run codes them.
    A batch lost with its worker process is coded again in a new one.
    """
    tasks = _Tasks(coding, summary, bar)
    _wait_for_warm_up()  # the loaders are not thread-safe: let the warm-up finish first
    for batch in batched(items, batch_size, coding.batch_chars):
        tasks.submit(Batch(batch))
        stop = tasks.settle() if len(tasks.pending) >= in_flight else False
        if stop:
            summary.stopped = True
            break
    while tasks.pending:
        tasks.settle()


class _Tasks:
    """The batch tasks in flight, collected in the order they finish (so that a long batch
    holds up no worker)."""

    def __init__(self, coding: _Coding, summary: RunSummary, bar: RunProgress) -> None:
        self.coding = coding
        self.summary = summary
        self.bar = bar
        self.pending: dict[int, Batch] = {}  # id(future) -> its batch
        self.finished: queue.SimpleQueue = queue.SimpleQueue()  # futures, as they finish

    def submit(self, batch: Batch) -> None:
        coding = self.coding
        future = code_batch.submit(batch, coding.out_dir, coding.model, coding.dictionaries)
        self.pending[id(future)] = batch
        future.add_done_callback(self.finished.put)

    def settle(self) -> bool:
        """Collect the next batch to finish; True when it failed in a way that should stop
        the run (a storage error)."""
        while True:
            try:
                future = self.finished.get(timeout=WATCH_SECONDS)
                break
            except queue.Empty:
                _fail_orphaned_work()  # a batch a broken pool will never finish
        batch = self.pending.pop(id(future))
        try:
            done = future.result()
        except BrokenProcessPool as exc:
            if batch.lost < LOST_WORKER_RETRIES and _restart_workers():
                batch.lost += 1
                get_run_logger().warning(
                    "a worker process died while coding a batch of %d documents (%s); "
                    "coding it again in a new one",
                    len(batch.items),
                    exc,
                )
                self.submit(batch)
                return False
            return self._failed(batch, exc)
        except Exception as exc:  # noqa: BLE001 - counted, logged and raised again at the end
            return self._failed(batch, exc)
        _collect(done, self.summary, self.bar)
        return False

    def _failed(self, batch: Batch, exc: BaseException) -> bool:
        summary, size = self.summary, len(batch.items)
        summary.failed_batches += 1
        summary.failed_documents += size
        summary.failures.append(f"{type(exc).__name__}: {exc}")
        get_run_logger().error(
            "a batch of %d documents failed: %s: %s; they are left for the next run",
            size,
            type(exc).__name__,
            exc,
        )
        return isinstance(exc, OSError)


def _worker_pool() -> WorkerPool | None:
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    return runner if isinstance(runner, WorkerPool) else None


def _fail_orphaned_work() -> None:
    pool = _worker_pool()
    if pool is not None and (failed := pool.fail_orphaned_work()):
        get_run_logger().warning("%d batch(es) lost in a broken worker pool; coding again", failed)


def _restart_workers() -> bool:
    """Start the flow's worker pool again after a worker died; False when it cannot be."""
    pool = _worker_pool()
    return pool is not None and pool.restart_if_broken()


def _collect(done: dict, summary: RunSummary, bar: RunProgress) -> None:
    summary.batches += 1
    summary.documents += done["documents"]
    summary.quarantined += done["quarantined"]
    summary.events += done["events"]
    summary.files.extend(done["files"])
    summary.cameo_roots.update(done["cameo_roots"])
    summary.dyads.update(tuple(pair) for pair in done["dyads"])
    summary.errors.extend(done["errors"])
    bar.update(summary.documents + summary.skipped + summary.repeated, summary.events)
    get_run_logger().info(
        "batch %d: %d documents (%d quarantined), %d events; %d documents so far",
        summary.batches,
        done["documents"],
        done["quarantined"],
        done["events"],
        summary.documents,
    )


def connect_api(server: TemporaryServer | None = None) -> None:
    """Point this process and its workers at one Prefect API.

    With no PREFECT_API_URL, Prefect would start a temporary local server per process (each
    Dask worker its own), after a 3 s import of its server package. A server started here (or
    earlier by the CLI, `server`) and exported as PREFECT_API_URL serves them all.
    """
    if server is None:
        if PREFECT_API_URL.value():
            return
        server = TemporaryServer.unless_configured()
        if server is None:
            return
    server.wait_ready()


def task_runner(
    workers: int,
    dask_address: str | None = None,
    model: str = DEFAULT_MODEL,
    dictionaries: tuple[str, ...] = (),
) -> TaskRunner:
    """Where batches run: this process (1 worker), a pool of worker processes that load the
    model as they start (flows.workers), or an existing Dask cluster."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return WorkerPool(max_workers=workers, model=model, dictionaries=dictionaries)


_warmup: threading.Thread | None = None


def _wait_for_warm_up() -> None:
    global _warmup
    if _warmup is not None:
        _warmup.join()
        _warmup = None


def run(
    inputs: list[str],
    out_dir: str,
    *,
    batch_size: int = 1_000,
    model: str = DEFAULT_MODEL,
    force: bool = False,
    workers: int = 1,
    batch_chars: int | None = BATCH_CHARS,
    dask_address: str | None = None,
    progress: bool = False,
    dictionaries: list[str] | None = None,
    expected_documents: int | None = None,
    server: TemporaryServer | None = None,
    allow_private_network: bool = False,
) -> RunSummary:
    """Run the flow with the task runner that `workers` and `dask_address` ask for.

    With one worker the batches are coded in this process, which loads the model while
    Prefect's temporary server starts. `server`: one the caller started earlier (see
    flows.server), used unless Prefect's settings name an API.
    """
    global _warmup
    if workers <= 1 and not dask_address:
        _warmup = threading.Thread(
            target=warm_up, args=(model, tuple(dictionaries or ())), daemon=True
        )
        _warmup.start()
    connect_api(server)
    runner = task_runner(workers, dask_address, model, tuple(dictionaries or ()))
    in_flight = 2 * max(workers, 1) if not dask_address else 8
    return run_pipeline.with_options(task_runner=runner)(
        inputs=inputs,
        out_dir=out_dir,
        batch_size=batch_size,
        model=model,
        force=force,
        in_flight=in_flight,
        batch_chars=batch_chars,
        progress=progress,
        dictionaries=dictionaries or [],
        expected_documents=expected_documents,
        allow_private_network=allow_private_network,
    )
