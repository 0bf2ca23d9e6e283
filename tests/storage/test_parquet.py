"""The Parquet writer: partitions, metadata, atomic files, real readers."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from storage.parquet import read_documents_table, read_events, write_batch
from storage.schema import (
    EVENT_SCHEMA,
    PIPELINE_VERSION,
    SCHEMA_VERSION,
    DocumentRecord,
    EventRecord,
)

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def _event(event_id: str, event_date: date | None, published: datetime | None) -> EventRecord:
    values = {f.name: None for f in dataclasses.fields(EventRecord)}
    values.update(
        event_id=event_id, doc_id="d1", published_at=published, sentence_index=0,
        sentence_text="Police arrested two men.", char_start=7, char_end=15, mentions=1,
        event_date=event_date, action_text="arrested", action_lemma="arrest", cameo_code="173",
        cameo_root="17", cameo_name="Arrest", quad_class=4, goldstein=-5.0, negated=False,
        confidence=0.8, extractor="test", pipeline_version=PIPELINE_VERSION,
        actor1_code="COP", latitude=9.05, longitude=7.49, geo_precision=1,
        event_cluster_id=f"c-{event_id}", sources_count=1,
    )  # fmt: skip
    return EventRecord(**values)


def _document(doc_id: str, status: str = "ok") -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id, url=None, title=None, source=None, published_at=None,
        content_sha256="0" * 64, status=status, error=None if status == "ok" else "bad",
        n_sentences=1, n_events=1, ingested_at=NOW, pipeline_version=PIPELINE_VERSION,
        origin="test",
    )  # fmt: skip


def _write(tmp_path):
    events = [
        _event("e1", date(2024, 3, 5), None),
        _event("e2", None, datetime(2024, 4, 2, tzinfo=UTC)),
        _event("e3", None, None),
    ]
    return write_batch(
        tmp_path, "part-p1", events, [_document("d1"), _document("d2", "quarantined")]
    )


def test_events_are_partitioned_by_year_and_month(tmp_path):
    written = _write(tmp_path)
    assert written.events == (
        "events/year=0/month=0/part-p1.parquet",
        "events/year=2024/month=3/part-p1.parquet",
        "events/year=2024/month=4/part-p1.parquet",
    )
    assert written.documents == "documents/part-p1.parquet"
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith(".parquet")]
    assert leftovers == []


def test_files_carry_schema_types_and_version_metadata(tmp_path):
    _write(tmp_path)
    path = tmp_path / "events/year=2024/month=3/part-p1.parquet"
    schema = pq.read_schema(path)
    assert schema.metadata[b"parley.schema_version"] == SCHEMA_VERSION.encode()
    assert schema.metadata[b"parley.pipeline_version"] == PIPELINE_VERSION.encode()
    assert schema.remove_metadata().equals(EVENT_SCHEMA)
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    cameo = [meta.row_group(0).column(i) for i in range(meta.num_columns)
             if meta.row_group(0).column(i).path_in_schema == "cameo_code"][0]  # fmt: skip
    assert any("DICTIONARY" in str(e) for e in cameo.encodings)


def test_real_readers_open_the_dataset_with_only_the_path(tmp_path):
    _write(tmp_path)
    events = tmp_path / "events"
    frame = pd.read_parquet(events)
    assert sorted(frame["event_id"]) == ["e1", "e2", "e3"]
    assert frame.loc[frame.event_id == "e1", "cameo_code"].item() == "173"
    table = ds.dataset(events, partitioning="hive").to_table()
    assert table.num_rows == 3 and {"year", "month"} <= set(table.column_names)
    rows = duckdb.sql(
        f"SELECT event_id, year, month FROM read_parquet('{events}/**/*.parquet', "
        "hive_partitioning=true) ORDER BY event_id"
    ).fetchall()
    assert rows == [("e1", 2024, 3), ("e2", 2024, 4), ("e3", 0, 0)]
    polars_frame = pl.scan_parquet(f"{events}/**/*.parquet").collect()
    assert polars_frame.height == 3
    assert read_events(tmp_path).num_rows == 3
    documents = read_documents_table(tmp_path).to_pandas()
    assert sorted(documents["status"]) == ["ok", "quarantined"]


def test_rewriting_a_batch_replaces_its_files(tmp_path):
    _write(tmp_path)
    _write(tmp_path)
    assert read_events(tmp_path).num_rows == 3
