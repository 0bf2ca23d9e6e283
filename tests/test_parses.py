"""The saved parses of the rules' examples (tests/parses.py): one for every example sentence,
and each what the installed model gives."""

from __future__ import annotations

from tests.parses import example_texts, saved_parses

ATTRIBUTES = ("text", "tag_", "pos_", "dep_", "lemma_", "ent_type_", "ent_iob_")


def _reading(doc) -> list[tuple]:
    return [(*(getattr(t, a) for a in ATTRIBUTES), t.head.i, t.is_sent_start) for t in doc]


def test_every_example_sentence_has_its_saved_parse_and_no_other():
    assert sorted(saved_parses()) == sorted(example_texts()), "run `make parses`"


def test_the_saved_parses_are_what_the_model_gives(nlp):
    saved = saved_parses()
    for doc in nlp.pipe(saved):
        assert _reading(doc) == _reading(saved[doc.text]), f"run `make parses`: {doc.text!r}"
