"""Every example of extractors/data/words.yaml, from its saved parse (no model): the mention of
its trigger shows what the example says, and no longer does with the list emptied; and a bad
entry is reported."""

from __future__ import annotations

import pytest

from extractors import words as words_module
from extractors.mentions import extract_mentions
from extractors.words import WORDS, WORDS_PATH
from tests.parses import entries_and_examples

ENTRIES, EXAMPLES = entries_and_examples(WORDS_PATH)


def _shows(mention, doc, found) -> dict:
    """What an example can say of a mention (extractors.words.EXPECTATIONS)."""
    governor = (
        next(t.text for t in doc if t.idx == mention.governor_start)
        if mention.governor_start is not None
        else None
    )
    return {
        "key": [key for _, key in mention.keys],
        "actor1": mention.actor1.text if mention.actor1 else None,
        "actor2": mention.actor2.text if mention.actor2 else None,
        "actor1_head": mention.actor1.head_lemma if mention.actor1 else None,
        "modal": mention.modal,
        "depth": mention.depth,
        "governed_by": governor,
        "topic_actors": [span.text for span in mention.topic_actors],
        "place": mention.place.name if mention.place else None,
        # whether the event is in the area around the place, not at it (ACLED's precision 2)
        "place_within": mention.place.within if mention.place else None,
        "object_place": mention.object_place.name if mention.object_place else None,
        # whether the text says the object's name is a place's (else the gazetteer decides)
        "object_place_labelled": mention.object_place.labelled if mention.object_place else None,
        # the names of the sentence guessed to be places (what a story is about)
        "guessed_places": [phrase.name for _, phrase, _ in found.named_places if phrase.guessed],
    }


def _holds(parsed, lexicon, example) -> bool:
    doc = parsed(example["text"])
    found = extract_mentions(doc, lexicon.event_nouns)
    mentions = [m for m in found.mentions if m.trigger_text == example["trigger"]]
    if "no_event" in example:  # the trigger word tells no event here
        return (not mentions) == example["no_event"]
    [mention] = mentions
    shown = _shows(mention, doc, found)
    said = {k: v for k, v in example.items() if k not in {"text", "trigger"}}
    return all(
        value in shown[field] if field == "key" else shown[field] == value
        for field, value in said.items()
    )


def test_every_list_has_an_example():
    assert all(entry.get("examples") for entry in ENTRIES.values())


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_every_example_holds_with_its_list_only(parsed, lexicon, monkeypatch, name, example):
    assert _holds(parsed, lexicon, example)
    monkeypatch.setitem(WORDS, name, frozenset())
    assert not _holds(parsed, lexicon, example)


def test_the_lists_are_the_files_words():
    assert WORDS == words_module.load_words()
