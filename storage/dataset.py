"""The output directory as a dataset: locking, crash recovery, re-runs, compaction.

Layout and invariants (see README, "What parley guarantees"):

- A batch writes `events/year=Y/month=M/<stem>.parquet` (one file per partition) and then
  `documents/<stem>.parquet`. The documents file is the batch's commit record: event files
  whose stem has no documents file are left over from a crash and are removed on the next run.
- Each input document has exactly one documents row and its events come from the same stem.
  When a document appears in several stems (it changed, was re-run with --force, or a
  compaction was interrupted), the newest copy wins and the others are removed.
- Writers hold an exclusive lock on `DIR/.parley.lock` for the whole run, so two runs into
  the same directory take turns instead of interleaving.
- `DIR/parley-dataset.json` marks the directory as parley's (format and schema version). A
  non-empty directory without it is refused, so `--out` never touches files parley did not
  write; recovery deletes only parley's own part and temporary file names.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from storage.parquet import DOCUMENTS_DIR, EVENTS_DIR, write_parquet_atomic
from storage.schema import PIPELINE_VERSION, SCHEMA_VERSION

LOCK_NAME = ".parley.lock"
COMPACT_PREFIX = "compact-"
MANIFEST_NAME = "parley-dataset.json"
MANIFEST_FORMAT = "parley-dataset"
# The only file names parley writes under events/ and documents/ (see storage.parquet and
# `compact`): part files named by their batch, and their temporary copies while written.
PART_FILE = re.compile(r"(?:part|compact)-[0-9a-f]+\.parquet")
TEMPORARY_FILE = re.compile(r"\.(?:part|compact)-[0-9a-f]+\.parquet\.[0-9a-f]+\.tmp")


class NotADataset(Exception):
    """The directory holds files parley did not write; the message says what to do."""


def ensure_dataset(out_dir: Path, *, create: bool = True) -> None:
    """Make `out_dir` a parley dataset, or refuse: a new or empty directory gets the marker;
    a directory with the marker, or one written by parley before the marker existed, is used;
    anything else raises NotADataset and nothing is written. `create=False` only checks."""
    manifest = out_dir / MANIFEST_NAME
    if manifest.is_file():
        _check_manifest(manifest)
        return
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADataset(f"{out_dir} exists and is not a directory")
    if out_dir.exists() and not _empty(out_dir) and not _written_by_parley(out_dir):
        raise NotADataset(
            f"{out_dir} is not empty and is not a parley dataset (no {MANIFEST_NAME}); "
            "pass a new or empty directory"
        )
    if not create:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    body = {
        "format": MANIFEST_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created_by": f"parley {PIPELINE_VERSION}",
    }
    tmp = out_dir / f".{MANIFEST_NAME}.tmp"
    tmp.write_text(json.dumps(body, indent=2) + "\n")
    os.replace(tmp, manifest)


def is_dataset(path: Path) -> bool:
    """Whether `path` holds a parley dataset (marked, or written before the marker existed)."""
    if (path / MANIFEST_NAME).is_file():
        return True
    return path.is_dir() and (path / DOCUMENTS_DIR).is_dir() and _written_by_parley(path)


def _check_manifest(manifest: Path) -> None:
    try:
        body = json.loads(manifest.read_text())
    except (OSError, ValueError) as exc:
        raise NotADataset(f"{manifest} is not readable: {exc}") from exc
    if not isinstance(body, dict) or body.get("format") != MANIFEST_FORMAT:
        raise NotADataset(f"{manifest} does not mark a parley dataset")


def _empty(out_dir: Path) -> bool:
    """Nothing in it but what an interrupted first run may leave: the lock, empty folders."""
    for entry in out_dir.iterdir():
        if entry.name == LOCK_NAME and entry.is_file():
            continue
        if entry.name in (EVENTS_DIR, DOCUMENTS_DIR) and entry.is_dir():
            if any(p.is_file() or p.is_symlink() for p in entry.rglob("*")):
                return False
            continue
        return False
    return True


def _written_by_parley(out_dir: Path) -> bool:
    """A dataset from before the marker: committed part files, every Parquet file under
    events/ and documents/ one of parley's names with parley's schema metadata."""
    files = [p for d in (EVENTS_DIR, DOCUMENTS_DIR) for p in (out_dir / d).rglob("*.parquet")]
    if not any(p.parent == out_dir / DOCUMENTS_DIR for p in files):
        return False
    for path in files:
        if not PART_FILE.fullmatch(path.name):
            return False
        try:
            metadata = pq.read_schema(path).metadata or {}
        except (OSError, pa.ArrowException):
            return False
        if b"parley.schema_version" not in metadata:
            return False
    return True


@dataclass
class RecoveryReport:
    """What recovery cleaned up."""

    temporary_files: int = 0
    orphan_event_files: int = 0
    superseded_documents: int = 0


@contextmanager
def dataset_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output directory's writer lock (blocks while another run holds it)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _event_files(out_dir: Path) -> list[Path]:
    found = (out_dir / EVENTS_DIR).glob("year=*/month=*/*.parquet")
    return sorted(p for p in found if PART_FILE.fullmatch(p.name))


def _document_files(out_dir: Path) -> list[Path]:
    found = (out_dir / DOCUMENTS_DIR).glob("*.parquet")
    return sorted(p for p in found if PART_FILE.fullmatch(p.name))


def recover(out_dir: Path) -> RecoveryReport:
    """Bring a directory left by a crashed or concurrent run back to its invariants."""
    report = RecoveryReport()
    for folder in (out_dir / EVENTS_DIR, out_dir / DOCUMENTS_DIR):
        if folder.exists():
            for tmp in folder.rglob(".*.tmp"):
                if TEMPORARY_FILE.fullmatch(tmp.name):
                    tmp.unlink()
                    report.temporary_files += 1
    committed = {p.stem for p in _document_files(out_dir)}
    for path in _event_files(out_dir):
        if path.stem not in committed:
            path.unlink()
            report.orphan_event_files += 1
    report.superseded_documents = reconcile(out_dir)
    _remove_empty_partitions(out_dir)
    refresh_sources_counts(out_dir)
    return report


def reconcile(out_dir: Path) -> int:
    """Keep one copy of each document (the newest) and its events; returns copies removed."""
    newest: dict[str, tuple] = {}
    placements: list[tuple[str, tuple]] = []
    for path in _document_files(out_dir):
        table = pq.ParquetFile(path).read(columns=["doc_id", "ingested_at"])
        stem = path.stem
        for doc_id, ingested in zip(
            table.column("doc_id").to_pylist(), table.column("ingested_at").to_pylist(), strict=True
        ):
            key = (ingested, stem.startswith(COMPACT_PREFIX), stem)
            placements.append((doc_id, key))
            if doc_id not in newest or key > newest[doc_id]:
                newest[doc_id] = key
    stale: dict[str, set[str]] = defaultdict(set)
    for doc_id, key in placements:
        if key != newest[doc_id]:
            stale[key[2]].add(doc_id)
    for stem, doc_ids in stale.items():
        for path in _event_files(out_dir):
            if path.stem == stem:
                _drop_rows(path, doc_ids)
        _drop_rows(out_dir / DOCUMENTS_DIR / f"{stem}.parquet", doc_ids)
    return sum(len(ids) for ids in stale.values())


def _drop_rows(path: Path, doc_ids: set[str]) -> None:
    """Rewrite a part file without the given documents' rows (delete it if nothing is left)."""
    table = _read(path)
    keep = pc.invert(pc.is_in(table.column("doc_id"), value_set=pa.array(sorted(doc_ids))))
    remaining = table.filter(keep)
    if remaining.num_rows == table.num_rows:
        return
    if remaining.num_rows == 0:
        path.unlink()
    else:
        write_parquet_atomic(remaining, path)


def refresh_sources_counts(out_dir: Path) -> int:
    """Set every row's sources_count to the documents sharing its event_cluster_id.

    Reads two columns of the whole dataset and rewrites only the files whose counts changed;
    idempotent, so a run killed half-way is completed by the next one. Returns files rewritten.
    """
    files = _event_files(out_dir)
    if not files:
        return 0
    docs_per_cluster: dict[str, set[str]] = defaultdict(set)
    for path in files:
        table = pq.ParquetFile(path).read(columns=["event_cluster_id", "doc_id"])
        for cluster, doc_id in zip(
            table.column("event_cluster_id").to_pylist(),
            table.column("doc_id").to_pylist(),
            strict=True,
        ):
            docs_per_cluster[cluster].add(doc_id)
    rewritten = 0
    for path in files:
        table = _read(path)
        counts = pa.array(
            [len(docs_per_cluster[c]) for c in table.column("event_cluster_id").to_pylist()],
            pa.int32(),
        )
        if counts.equals(table.column("sources_count").combine_chunks()):
            continue
        index = table.schema.get_field_index("sources_count")
        write_parquet_atomic(table.set_column(index, table.schema.field(index), counts), path)
        rewritten += 1
    return rewritten


def _remove_empty_partitions(out_dir: Path) -> None:
    events = out_dir / EVENTS_DIR
    if not events.exists():
        return
    for month in sorted(events.glob("year=*/month=*"), reverse=True):
        if month.is_dir() and not any(month.iterdir()):
            month.rmdir()
    for year in events.glob("year=*"):
        if year.is_dir() and not any(year.iterdir()):
            year.rmdir()


def processed_documents(out_dir: Path) -> dict[str, str]:
    """doc_id -> content_sha256 of every document already in the dataset."""
    done: dict[str, str] = {}
    for path in _document_files(out_dir):
        table = pq.ParquetFile(path).read(columns=["doc_id", "content_sha256"])
        done.update(
            zip(
                table.column("doc_id").to_pylist(),
                table.column("content_sha256").to_pylist(),
                strict=True,
            )
        )
    return done


def coded_documents(out_dir: Path) -> set[str]:
    """doc_ids of the documents the dataset holds as coded (status 'ok')."""
    coded: set[str] = set()
    for path in _document_files(out_dir):
        table = pq.ParquetFile(path).read(columns=["doc_id", "status"])
        coded.update(
            doc_id
            for doc_id, status in zip(
                table.column("doc_id").to_pylist(), table.column("status").to_pylist(), strict=True
            )
            if status == "ok"
        )
    return coded


@dataclass
class CompactionReport:
    files_before: int
    files_after: int
    event_rows: int
    document_rows: int


def compact(out_dir: Path) -> CompactionReport:
    """Merge all part files into one file per partition (and one documents file).

    Rows do not change. Call it under `dataset_lock`. A crash half-way leaves duplicate
    copies that `recover` resolves in favour of the compacted ones.
    """
    recover(out_dir)
    event_files = _event_files(out_dir)
    document_files = _document_files(out_dir)
    before = len(event_files) + len(document_files)
    if len(document_files) <= 1:
        return CompactionReport(before, before, _rows(event_files), _rows(document_files))
    digest = hashlib.sha256("\n".join(p.name for p in document_files).encode()).hexdigest()
    stem = f"{COMPACT_PREFIX}{digest[:20]}"
    by_partition: dict[Path, list[Path]] = defaultdict(list)
    for path in event_files:
        by_partition[path.parent].append(path)
    for partition, paths in by_partition.items():
        table = pa.concat_tables([_read(p) for p in paths])
        write_parquet_atomic(table, partition / f"{stem}.parquet")
    documents = pa.concat_tables([_read(p) for p in document_files])
    write_parquet_atomic(documents, out_dir / DOCUMENTS_DIR / f"{stem}.parquet")
    # The compacted documents file is committed: the old copies are now superseded.
    for path in [*event_files, *document_files]:
        if path.stem != stem:
            path.unlink()
    after_events = _event_files(out_dir)
    after_documents = _document_files(out_dir)
    return CompactionReport(
        before,
        len(after_events) + len(after_documents),
        _rows(after_events),
        _rows(after_documents),
    )


def _rows(paths: list[Path]) -> int:
    return sum(pq.ParquetFile(p).metadata.num_rows for p in paths)


def _read(path: Path) -> pa.Table:
    """One part file as written (no partition columns inferred from its path)."""
    return pq.ParquetFile(path).read()
