"""Bad and odd input through parse + extract + code: quarantined with a reason, never a crash.

Property-based tests (hypothesis) feed arbitrary text through the real model and check every
row against the schema's constraints.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.batch import code_documents
from storage.readers import Rejected, read_file, sha256_text
from storage.schema import Document


def _doc(text: str, doc_id: str = "d") -> Document:
    return Document(doc_id, text, sha256_text(text), "test")


def test_oversized_and_non_english_documents_are_quarantined(nlp, lexicon, gazetteer):
    huge = "Police arrested two men. " * 800_000  # 20 MB
    german = (
        "Der Bundeskanzler traf sich am Montag mit dem französischen Präsidenten in Berlin, "
        "um über die Lage in der Ukraine zu sprechen und neue Hilfen zu beschließen."
    )
    good = "Kenyan police arrested two opposition activists in Nairobi on Monday."
    result = code_documents(
        [_doc(huge, "huge"), _doc(german, "de"), _doc(good, "ok")], nlp, lexicon, gazetteer
    )
    by_id = {d.doc_id: d for d in result.documents}
    assert by_id["huge"].status == "quarantined" and by_id["huge"].error.startswith("text too long")
    assert by_id["de"].status == "quarantined" and "not English" in by_id["de"].error
    assert by_id["ok"].status == "ok" and by_id["ok"].n_events >= 1
    assert {e.doc_id for e in result.events} == {"ok"}


def test_a_fifty_thousand_character_sentence_is_skipped(nlp, lexicon, gazetteer):
    clause = "the minister met the envoy and the general visited the border town "
    text = (
        "Officials said " + clause * (50_000 // len(clause)) + "on Monday.\n\n"
        "Kenyan police arrested two opposition activists in Nairobi on Monday."
    )
    result = code_documents([_doc(text)], nlp, lexicon, gazetteer)
    assert result.documents[0].status == "ok"
    assert [e.cameo_code for e in result.events] == ["173"]
    assert result.events[0].sentence_index == 1


def _check_rows(text: str, events, lexicon) -> None:
    for e in events:
        assert e.cameo_code in lexicon.cameo
        assert e.cameo_root == e.cameo_code[:2]
        assert e.quad_class == lexicon.cameo[e.cameo_code].quad_class
        assert 0.0 <= e.confidence <= 1.0
        assert 0 <= e.char_start < e.char_end <= len(text)
        assert text[e.char_start : e.char_end] == e.action_text
        assert e.sentence_text and e.sentence_text in text
        assert e.mentions >= 1
        if e.latitude is not None:
            assert -90 <= e.latitude <= 90 and -180 <= e.longitude <= 180
            assert not math.isnan(e.latitude)
        if e.time_precision is not None:
            assert e.time_precision in (1, 2, 3)


NEWSY = st.lists(
    st.sampled_from(
        ["Russia", "China", "police", "rebels", "the minister", "attacked", "met", "in", "Kabul",
         "on Monday", "said", "protesters", "arrested", "talks", "with", "Nairobi", ".", ",",
         "not", "urged", "to", "withdraw", "troops", "’s", "\n", "GENEVA -", "2022", "Wang"]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.text(max_size=300), NEWSY))
def test_arbitrary_text_never_raises_and_rows_keep_the_contract(text, nlp, lexicon, gazetteer):
    result = code_documents([_doc(text)], nlp, lexicon, gazetteer)
    assert len(result.documents) == 1
    _check_rows(text, result.events, lexicon)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".jsonl", ".csv"]))
def test_arbitrary_bytes_never_raise_out_of_the_readers(raw, suffix, tmp_path_factory):
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(raw)
    items = list(read_file(path))
    assert items
    for item in items:
        assert isinstance(item, (Document, Rejected))
        if isinstance(item, Rejected):
            assert item.reason
