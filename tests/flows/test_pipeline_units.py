"""Flow wiring that needs no server: batching, skipping known documents, the retry rule."""

from __future__ import annotations

import pytest
from prefect.states import Failed

from flows.pipeline import RunSummary, _transient, batch_id, batched, new_documents
from storage.readers import Rejected
from storage.schema import Document


def _doc(doc_id: str, text: str) -> Document:
    from storage.readers import sha256_text

    return Document(doc_id, text, sha256_text(text), "test")


def test_batches_and_their_stable_names():
    docs = [_doc(f"d{i}", f"text {i}") for i in range(5)]
    batches = list(batched(docs, 2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert batch_id(batches[0]) == batch_id(list(batches[0]))
    assert batch_id(batches[0]) != batch_id(batches[1])


def test_batches_close_early_at_a_character_budget():
    short = [_doc(f"s{i}", "x" * 100) for i in range(6)]
    long = _doc("long", "y" * 1_000)
    rejected = Rejected("r", "o", "why", "1" * 64)  # no text: counts for nothing
    batches = list(batched([*short[:3], long, rejected, *short[3:]], 64, max_chars=350))
    assert [[item.doc_id for item in b] for b in batches] == [
        ["s0", "s1", "s2", "long"],  # 300 chars, then the long one reaches the budget
        ["r", "s3", "s4", "s5"],
    ]
    assert [len(b) for b in batched(short, 4, max_chars=10_000)] == [4, 2]
    assert [len(b) for b in batched([long, long], 64, max_chars=1_000)] == [1, 1]


def test_by_default_tiny_documents_make_few_batches_and_articles_short_ones():
    from flows.settings import ParleySettings

    settings = ParleySettings()
    tiny = [_doc(f"t{i}", "Kenya met Uganda on Monday.") for i in range(2_500)]
    sizes = [len(b) for b in batched(tiny, settings.batch_size, settings.batch_chars)]
    assert sizes == [1_000, 1_000, 500]  # 2,500 documents, 3 batches (40 at 64 a batch)
    articles = [_doc(f"a{i}", "word " * 1_000) for i in range(40)]  # 5,000 characters each
    sizes = [len(b) for b in batched(articles, settings.batch_size, settings.batch_chars)]
    assert sizes == [12, 12, 12, 4]  # closed at 60,000 characters


def test_known_documents_and_repeats_are_skipped():
    summary = RunSummary(out_dir="x")
    old, changed, new = _doc("a", "same"), _doc("b", "new text"), _doc("c", "fresh")
    done = {"a": old.content_sha256, "b": "0" * 64}
    kept = list(new_documents([old, changed, new, new], done, summary))
    assert [d.doc_id for d in kept] == ["b", "c"]
    assert (summary.skipped, summary.repeated) == (1, 1)
    bad = Rejected("r", "o", "why", "1" * 64)
    assert list(new_documents([bad], {}, RunSummary(out_dir="x"))) == [bad]


def test_a_failed_read_never_replaces_a_document_coded_before():
    summary = RunSummary(out_dir="x")
    gone = Rejected("a", "https://news.test/a", "article not fetched: HTTP 404", "2" * 64)
    never = Rejected("b", "https://news.test/b", "article not fetched: HTTP 404", "3" * 64)
    done = {"a": "0" * 64, "b": "1" * 64}  # a was coded, b was quarantined before
    kept = list(new_documents([gone, never], done, summary, coded={"a"}))
    assert kept == [never]  # b's new reason replaces the old one; a's rows stay
    assert summary.kept == ["a: article not fetched: HTTP 404"]


@pytest.mark.parametrize(
    ("error", "retried"),
    [(OSError("disk busy"), True), (TimeoutError("slow"), True), (ValueError("bug"), False)],
)
def test_only_transient_errors_are_retried(error, retried):
    assert _transient(None, None, Failed(data=error)) is retried


def test_a_repeated_id_with_other_text_is_quarantined_under_its_own_id():
    summary = RunSummary(out_dir="x")
    first, again, other = _doc("dup", "one text"), _doc("dup", "one text"), _doc("dup", "another")
    out = list(new_documents([first, again, other], {}, summary))
    assert [type(d).__name__ for d in out] == ["Document", "Rejected"]
    assert out[0] is first and summary.repeated == 1  # the same record twice is one document
    assert out[1].doc_id.startswith("dup#dup-") and "duplicate id 'dup'" in out[1].reason
    # the same when the first record is already in the dataset from an earlier run
    later = list(new_documents([first, other], {"dup": first.content_sha256}, RunSummary("x")))
    assert [type(d).__name__ for d in later] == ["Rejected"]
