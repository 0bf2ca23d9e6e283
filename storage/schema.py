"""The output contract: input documents, event rows and document rows, declared once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa

SCHEMA_VERSION = "1"
PIPELINE_VERSION = "0.1.0"

# Hive partition keys of DIR/events/, derived from event_date (see storage/parquet.py).
PARTITION_COLUMNS = ("year", "month")


@dataclass(frozen=True)
class Document:
    """One input record, whatever file format it came from."""

    doc_id: str
    text: str
    content_sha256: str
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class EventRecord:
    """One coded event: one row of DIR/events/."""

    event_id: str
    doc_id: str
    doc_url: str | None
    doc_title: str | None
    source: str | None
    published_at: datetime | None
    sentence_index: int
    sentence_text: str
    char_start: int
    char_end: int
    mentions: int
    event_date: date | None
    time_precision: int | None
    actor1_text: str | None
    actor1_name: str | None
    actor1_code: str | None
    actor1_country: str | None
    actor1_role: str | None
    actor2_text: str | None
    actor2_name: str | None
    actor2_code: str | None
    actor2_country: str | None
    actor2_role: str | None
    action_text: str
    action_lemma: str
    cameo_code: str
    cameo_root: str
    cameo_name: str
    quad_class: int
    goldstein: float
    plover_event: str | None
    acled_disorder_type: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    interaction: str | None
    negated: bool
    location_text: str | None
    location: str | None
    admin1: str | None
    country: str | None
    country_iso3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    confidence: float
    extractor: str
    pipeline_version: str


@dataclass(frozen=True)
class DocumentRecord:
    """One row of DIR/documents/: what happened to one input document."""

    doc_id: str
    url: str | None
    title: str | None
    source: str | None
    published_at: datetime | None
    content_sha256: str
    status: str  # "ok" or "quarantined"
    error: str | None
    n_sentences: int
    n_events: int
    ingested_at: datetime
    pipeline_version: str
    origin: str


_TS = pa.timestamp("us", tz="UTC")
EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("doc_url", pa.string()),
        pa.field("doc_title", pa.string()),
        pa.field("source", pa.string()),
        pa.field("published_at", _TS),
        pa.field("sentence_index", pa.int32(), nullable=False),
        pa.field("sentence_text", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
        pa.field("mentions", pa.int32(), nullable=False),
        pa.field("event_date", pa.date32()),
        pa.field("time_precision", pa.int8()),
        pa.field("actor1_text", pa.string()),
        pa.field("actor1_name", pa.string()),
        pa.field("actor1_code", pa.string()),
        pa.field("actor1_country", pa.string()),
        pa.field("actor1_role", pa.string()),
        pa.field("actor2_text", pa.string()),
        pa.field("actor2_name", pa.string()),
        pa.field("actor2_code", pa.string()),
        pa.field("actor2_country", pa.string()),
        pa.field("actor2_role", pa.string()),
        pa.field("action_text", pa.string(), nullable=False),
        pa.field("action_lemma", pa.string(), nullable=False),
        pa.field("cameo_code", pa.string(), nullable=False),
        pa.field("cameo_root", pa.string(), nullable=False),
        pa.field("cameo_name", pa.string(), nullable=False),
        pa.field("quad_class", pa.int8(), nullable=False),
        pa.field("goldstein", pa.float32(), nullable=False),
        pa.field("plover_event", pa.string()),
        pa.field("acled_disorder_type", pa.string()),
        pa.field("acled_event_type", pa.string()),
        pa.field("acled_sub_event_type", pa.string()),
        pa.field("interaction", pa.string()),
        pa.field("negated", pa.bool_(), nullable=False),
        pa.field("location_text", pa.string()),
        pa.field("location", pa.string()),
        pa.field("admin1", pa.string()),
        pa.field("country", pa.string()),
        pa.field("country_iso3", pa.string()),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("geo_precision", pa.int8()),
        pa.field("confidence", pa.float32(), nullable=False),
        pa.field("extractor", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ]
)

DOCUMENT_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("source", pa.string()),
        pa.field("published_at", _TS),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("n_sentences", pa.int32(), nullable=False),
        pa.field("n_events", pa.int32(), nullable=False),
        pa.field("ingested_at", _TS, nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("origin", pa.string(), nullable=False),
    ]
)

# Columns written with Parquet dictionary encoding (low-cardinality codes).
DICTIONARY_COLUMNS = (
    "source",
    "actor1_code",
    "actor1_country",
    "actor1_role",
    "actor2_code",
    "actor2_country",
    "actor2_role",
    "action_lemma",
    "cameo_code",
    "cameo_root",
    "cameo_name",
    "plover_event",
    "acled_disorder_type",
    "acled_event_type",
    "acled_sub_event_type",
    "interaction",
    "location",
    "admin1",
    "country",
    "country_iso3",
    "extractor",
    "pipeline_version",
)


def field_names(record_type: type) -> list[str]:
    """Field names of a record dataclass, in declaration order."""
    return [f.name for f in dataclasses.fields(record_type)]


def to_table(records: list, schema: pa.Schema) -> pa.Table:
    """Build an Arrow table with exactly `schema` from a list of record dataclasses."""
    columns = {name: [getattr(r, name) for r in records] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)
