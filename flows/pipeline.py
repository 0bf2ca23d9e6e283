"""The Prefect flow: read inputs in batches, code each batch in a task, write Parquet."""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extractors.nlp import DEFAULT_MODEL, get_nlp
from normalize.batch import code_documents
from normalize.lexicon import default_lexicon
from normalize.places import default_gazetteer
from storage.dataset import (
    dataset_lock,
    processed_documents,
    reconcile,
    recover,
    refresh_sources_counts,
)
from storage.parquet import write_batch
from storage.readers import Rejected, read_documents
from storage.schema import Document


@dataclass
class RunSummary:
    """What a run did, for the CLI and the logs."""

    out_dir: str
    documents: int = 0
    quarantined: int = 0
    events: int = 0
    skipped: int = 0
    batches: int = 0
    files: list[str] = field(default_factory=list)
    cameo_roots: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def batch_id(items: list[Document | Rejected]) -> str:
    """A stable name for a batch: the same documents give the same part file names."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(f"{item.doc_id}\0{item.content_sha256}\0".encode())
    return digest.hexdigest()[:20]


def new_documents(
    items: Iterable[Document | Rejected], done: dict[str, str], summary: RunSummary
) -> Iterator[Document | Rejected]:
    """Drop documents the dataset already holds with the same content, and repeats in the input."""
    seen: set[str] = set()
    for item in items:
        if done.get(item.doc_id) == item.content_sha256 or item.doc_id in seen:
            summary.skipped += 1
            continue
        seen.add(item.doc_id)
        yield item


def batched(items: Iterable[Document | Rejected], size: int) -> Iterator[list[Document | Rejected]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


@task(name="code-batch", cache_policy=NO_CACHE)
def code_batch(items: list[Document | Rejected], out_dir: str, model: str) -> dict:
    """Parse, code and write one batch; returns counts and the files written."""
    result = code_documents(items, get_nlp(model), default_lexicon(), default_gazetteer())
    written = write_batch(Path(out_dir), f"part-{batch_id(items)}", result.events, result.documents)
    return {
        "documents": len(result.documents),
        "quarantined": result.quarantined,
        "events": len(result.events),
        "files": [*written.events, written.documents],
        "cameo_roots": dict(Counter(e.cameo_root for e in result.events)),
        "errors": [f"{d.doc_id}: {d.error}" for d in result.documents if d.error],
    }


@flow(name="parley-run", log_prints=False)
def run_pipeline(
    inputs: list[str],
    out_dir: str,
    batch_size: int = 64,
    model: str = DEFAULT_MODEL,
    force: bool = False,
) -> RunSummary:
    """Code every new or changed input document in batches into DIR/events and DIR/documents.

    Documents already in DIR with the same content are skipped (unless `force`); a changed
    document replaces its earlier rows. The run holds DIR's writer lock throughout.
    """
    logger = get_run_logger()
    summary = RunSummary(out_dir=out_dir)
    out = Path(out_dir)
    with dataset_lock(out):
        report = recover(out)
        if report.orphan_event_files or report.temporary_files or report.superseded_documents:
            logger.info("recovered %s: %s", out_dir, report)
        done = {} if force else processed_documents(out)
        todo = new_documents(read_documents(inputs), done, summary)
        _code_all(todo, out_dir, batch_size, model, summary)
        reconcile(out)
        refresh_sources_counts(out)
    if summary.skipped:
        logger.info("%d documents were already in %s and were skipped", summary.skipped, out_dir)
    return summary


def _code_all(
    items: Iterable[Document | Rejected],
    out_dir: str,
    batch_size: int,
    model: str,
    summary: RunSummary,
) -> None:
    logger = get_run_logger()
    for batch in batched(items, batch_size):
        done = code_batch(batch, out_dir, model)
        summary.batches += 1
        summary.documents += done["documents"]
        summary.quarantined += done["quarantined"]
        summary.events += done["events"]
        summary.files.extend(done["files"])
        summary.cameo_roots.update(done["cameo_roots"])
        summary.errors.extend(done["errors"])
        logger.info(
            "batch %d: %d documents (%d quarantined), %d events; %d documents so far",
            summary.batches,
            done["documents"],
            done["quarantined"],
            done["events"],
            summary.documents,
        )
