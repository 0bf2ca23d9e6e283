"""Every example of extractors/data/noun_phrases.yaml, from its saved parse (no model): the
nominal event's mention names its doer, target and key as the example says, and no longer does
without the preposition's entry; and a bad entry is reported."""

from __future__ import annotations

import pytest

from extractors import mentions
from extractors.mentions import extract_mentions
from extractors.words import NOUN_PHRASES_PATH
from tests.parses import entries_and_examples

ENTRIES, EXAMPLES = entries_and_examples(NOUN_PHRASES_PATH, "prepositions")


def _holds(parsed, lexicon, example) -> bool:
    found = extract_mentions(parsed(example["text"]), lexicon.event_nouns)
    [mention] = [m for m in found.mentions if m.trigger_text == example["noun"]]
    shown = {
        "actor1": mention.actor1.text if mention.actor1 else None,
        "actor2": mention.actor2.text if mention.actor2 else None,
    }
    keys = [key for _, key in mention.keys]
    said = {k: v for k, v in example.items() if k in {"actor1", "actor2"}}
    return all(shown[k] == v for k, v in said.items()) and example.get("key", keys[0]) in keys


def test_every_preposition_has_an_example():
    assert all(entry.get("examples") for entry in ENTRIES.values())


@pytest.mark.parametrize(("word", "example"), EXAMPLES)
def test_every_example_holds_with_its_entry_only(parsed, lexicon, monkeypatch, word, example):
    assert _holds(parsed, lexicon, example)
    without = {w: v for w, v in mentions.NOUN_PREPOSITIONS.items() if w != word}
    monkeypatch.setattr(mentions, "NOUN_PREPOSITIONS", without)
    assert not _holds(parsed, lexicon, example)
