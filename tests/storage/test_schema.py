"""The record dataclasses and the Arrow schemas declare the same columns, types and nullability."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime

import pyarrow as pa
import pytest

from storage.schema import (
    DICTIONARY_COLUMNS,
    DOCUMENT_SCHEMA,
    EVENT_SCHEMA,
    DocumentRecord,
    EventRecord,
)

ARROW_FOR_PYTHON = {
    str: {pa.string()},
    int: {pa.int8(), pa.int32(), pa.int64()},
    float: {pa.float32(), pa.float64()},
    bool: {pa.bool_()},
    date: {pa.date32()},
    datetime: {pa.timestamp("us", tz="UTC")},
}


def _unwrap(annotation) -> tuple[type, bool]:
    """(python type, nullable) from `X` or `X | None`."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        assert len(args) == 1, annotation
        return args[0], True
    return annotation, False


@pytest.mark.parametrize(
    ("record", "schema"), [(EventRecord, EVENT_SCHEMA), (DocumentRecord, DOCUMENT_SCHEMA)]
)
def test_dataclass_and_arrow_schema_agree(record, schema):
    hints = typing.get_type_hints(record)
    fields = [f.name for f in dataclasses.fields(record)]
    assert fields == schema.names
    for name in fields:
        python_type, nullable = _unwrap(hints[name])
        arrow_field = schema.field(name)
        assert arrow_field.type in ARROW_FOR_PYTHON[python_type], name
        assert arrow_field.nullable == nullable, name


def test_contract_columns_are_all_present():
    # The column list of the output contract (SCHEMA.md), in its order.
    contract = """event_id doc_id doc_url doc_title source published_at sentence_index
    sentence_text char_start char_end mentions event_date time_precision actor1_text actor1_name
    actor1_code actor1_country actor1_role actor2_text actor2_name actor2_code actor2_country
    actor2_role action_text action_lemma cameo_code cameo_root cameo_name quad_class goldstein
    plover_event acled_disorder_type acled_event_type acled_sub_event_type interaction negated
    location_text location admin1 country country_iso3 latitude longitude geo_precision
    confidence extractor pipeline_version""".split()
    assert [n for n in EVENT_SCHEMA.names if n in contract] == contract
    documents = """doc_id url title source published_at content_sha256 status error
    n_sentences n_events ingested_at pipeline_version""".split()
    assert [n for n in DOCUMENT_SCHEMA.names if n in documents] == documents


def test_declared_types_of_the_contract():
    assert EVENT_SCHEMA.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert EVENT_SCHEMA.field("event_date").type == pa.date32()
    assert EVENT_SCHEMA.field("quad_class").type == pa.int8()
    assert EVENT_SCHEMA.field("goldstein").type == pa.float32()
    assert EVENT_SCHEMA.field("cameo_code").type == pa.string()
    assert EVENT_SCHEMA.field("latitude").type == pa.float64()


def test_dictionary_columns_exist():
    assert set(DICTIONARY_COLUMNS) <= set(EVENT_SCHEMA.names)
