"""Write event and document records as Parquet, atomically; read them back."""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from storage.schema import (
    DICTIONARY_COLUMNS,
    DOCUMENT_SCHEMA,
    EVENT_SCHEMA,
    PIPELINE_VERSION,
    SCHEMA_VERSION,
    DocumentRecord,
    EventRecord,
    to_table,
)

EVENTS_DIR = "events"
DOCUMENTS_DIR = "documents"
# Events with no known date (no date phrase and no publication time) go to year=0/month=0.
UNDATED = (0, 0)


@dataclass(frozen=True)
class WrittenFiles:
    """Paths a batch wrote, relative to the output directory."""

    events: tuple[str, ...]
    documents: str


def _metadata(schema: pa.Schema) -> pa.Schema:
    return schema.with_metadata(
        {
            b"parley.schema_version": SCHEMA_VERSION.encode(),
            b"parley.pipeline_version": PIPELINE_VERSION.encode(),
        }
    )


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a hidden temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        dictionary = [c for c in DICTIONARY_COLUMNS if c in table.column_names]
        pq.write_table(table, tmp, compression="zstd", use_dictionary=dictionary)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_directory(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def _fsync_directory(path: Path) -> None:
    """Make a rename inside a directory durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def partition_of(record: EventRecord) -> tuple[int, int]:
    """(year, month) partition of an event: its event date, else its publication date."""
    when = record.event_date or (record.published_at.date() if record.published_at else None)
    return (when.year, when.month) if when is not None else UNDATED


def write_batch(
    out_dir: Path, part: str, events: list[EventRecord], documents: list[DocumentRecord]
) -> WrittenFiles:
    """Write one batch: its events by year/month partition, then its document rows.

    The documents file is written last: a batch whose documents file exists is complete.
    """
    groups: dict[tuple[int, int], list[EventRecord]] = defaultdict(list)
    for record in events:
        groups[partition_of(record)].append(record)
    written = []
    for (year, month), rows in sorted(groups.items()):
        relative = f"{EVENTS_DIR}/year={year}/month={month}/{part}.parquet"
        table = to_table(rows, _metadata(EVENT_SCHEMA))
        write_parquet_atomic(table, out_dir / relative)
        written.append(relative)
    doc_relative = f"{DOCUMENTS_DIR}/{part}.parquet"
    write_parquet_atomic(to_table(documents, _metadata(DOCUMENT_SCHEMA)), out_dir / doc_relative)
    return WrittenFiles(events=tuple(written), documents=doc_relative)


def read_events(out_dir: Path) -> pa.Table:
    """All events of an output directory, with the year/month partition columns."""
    path = out_dir / EVENTS_DIR
    if not path.exists():
        return EVENT_SCHEMA.empty_table()
    return ds.dataset(path, format="parquet", partitioning="hive").to_table()


def read_documents_table(out_dir: Path) -> pa.Table:
    """All document rows of an output directory."""
    path = out_dir / DOCUMENTS_DIR
    if not path.exists():
        return DOCUMENT_SCHEMA.empty_table()
    return ds.dataset(path, format="parquet").to_table()
