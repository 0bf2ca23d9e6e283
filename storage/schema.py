"""The output contract: input documents, event rows and document rows, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa

SCHEMA_VERSION = "2"  # 2: event_cluster_id and sources_count added
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
    event_cluster_id: str
    sources_count: int


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
        pa.field("event_cluster_id", pa.string(), nullable=False),
        pa.field("sources_count", pa.int32(), nullable=False),
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


EVENT_DESCRIPTIONS = {
    "event_id": "stable id: the same input gives the same id on every run",
    "doc_id": "the input record's id (`doc-` + content hash when the input has none)",
    "doc_url": "URL of the document, from the input record",
    "doc_title": "title of the document, from the input record",
    "source": "source (outlet, feed) of the document, from the input record",
    "published_at": "publication time of the document (UTC)",
    "sentence_index": "index of the sentence of the first mention, 0-based, in the document",
    "sentence_text": "that sentence, verbatim",
    "char_start": "offset of the action trigger's first character in the document text",
    "char_end": "offset just past the action trigger in the document text",
    "mentions": "how many times the document reports this same event (>= 1)",
    "event_date": "when the event happened, resolved against `published_at`",
    "time_precision": "ACLED: 1 the day is known, 2 the week, 3 the month or coarser",
    "actor1_text": "the source actor as written",
    "actor1_name": 'its canonical name (document-level: a later "Wang" is "Wang Yi")',
    "actor1_code": (
        "CAMEO actor code: country + role (`CHNGOV`), IGO (`IGOUNO`), region (`WST`); "
        "`IRQUAF` for an unidentified armed group in Iraq"
    ),
    "actor1_country": "three-letter CAMEO country code (ISO 3166 alpha-3)",
    "actor1_role": "CAMEO role code (`GOV`, `MIL`, `OPP`, ...)",
    "actor2_text": "the target actor as written",
    "actor2_name": "its canonical name",
    "actor2_code": "CAMEO actor code of the target",
    "actor2_country": "three-letter CAMEO country code of the target",
    "actor2_role": "CAMEO role code of the target",
    "action_text": 'the trigger as written ("met", "talks")',
    "action_lemma": 'its lemma ("meet")',
    "cameo_code": 'CAMEO event code as text, leading zeros kept ("042")',
    "cameo_root": 'its two-digit root ("04")',
    "cameo_name": "the CAMEO 1.1b3 name of the code",
    "quad_class": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
    "4 material conflict",
    "goldstein": "Goldstein scale value of the code (-10 to +10)",
    "plover_event": "PLOVER category (none for CAMEO 01 and 02)",
    "acled_disorder_type": "ACLED disorder type, where the event fits ACLED",
    "acled_event_type": "ACLED event type",
    "acled_sub_event_type": "ACLED sub-event type",
    "interaction": 'ACLED-style pair of actor types ("State forces-Civilians")',
    "negated": 'the text says the event did NOT happen ("has not condemned")',
    "location_text": 'the venue as written ("in Beijing")',
    "location": "canonical place name",
    "admin1": "first-level region of the venue",
    "country": "country name of the venue",
    "country_iso3": "ISO 3166 alpha-3 of the venue",
    "latitude": "WGS84 latitude of the venue",
    "longitude": "WGS84 longitude of the venue",
    "geo_precision": "ACLED: 1 town/city, 2 region or nearby, 3 country or coarser",
    "confidence": "0 to 1: how sure the extractor is of this row",
    "extractor": (
        "the rule set that produced the row: `parley-rules-` and a digest of its rule files"
    ),
    "pipeline_version": "the parley version that wrote the row",
    "event_cluster_id": "the same real-world event in several documents shares this id: same "
    "day, CAMEO root, actors and place",
    "sources_count": "how many documents in the dataset report this event (rows sharing "
    "`event_cluster_id`), kept up to date by every run",
}

DOCUMENT_DESCRIPTIONS = {
    "doc_id": "the input record's id",
    "url": "URL of the document",
    "title": "title of the document",
    "source": "source of the document",
    "published_at": "publication time (UTC)",
    "content_sha256": "SHA-256 of the text: how re-runs recognise a document they have coded",
    "status": "`ok`, or `quarantined` when the document could not be coded",
    "error": "why it was quarantined",
    "n_sentences": "sentences in the document",
    "n_events": "event rows the document produced",
    "ingested_at": "when this row was written (UTC)",
    "pipeline_version": "the parley version that wrote the row",
    "origin": "where the document was read from (file, or file:line for JSONL)",
}

PARTITION_DESCRIPTIONS = {
    "year": "partition key: year of `event_date` (else of `published_at`; 0 when neither)",
    "month": "partition key: month of `event_date` (else of `published_at`; 0 when neither)",
}


def data_dictionary() -> str:
    """The data dictionary of both datasets as Markdown tables (the README embeds it)."""
    lines = []
    for title, schema, docs, extra in (
        ("events", EVENT_SCHEMA, EVENT_DESCRIPTIONS, PARTITION_DESCRIPTIONS),
        ("documents", DOCUMENT_SCHEMA, DOCUMENT_DESCRIPTIONS, {}),
    ):
        lines += [
            f"`{title}/`",
            "",
            "| column | Arrow type | null | meaning |",
            "|---|---|---|---|",
        ]
        for f in schema:
            null = "yes" if f.nullable else "no"
            lines.append(f"| `{f.name}` | {f.type} | {null} | {docs[f.name]} |")
        for name, meaning in extra.items():
            lines.append(f"| `{name}` | int32 (Hive partition) | no | {meaning} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_table(records: list, schema: pa.Schema) -> pa.Table:
    """Build an Arrow table with exactly `schema` from a list of record dataclasses."""
    columns = {name: [getattr(r, name) for r in records] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)
