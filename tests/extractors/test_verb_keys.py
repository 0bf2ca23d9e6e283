"""Every example of extractors/data/verb_keys.yaml: the pattern gives its key for the sentence,
and the sentence's keys change without the pattern; and a bad pattern is reported. The examples
are read from their saved parses (tests/parses.py): no model is loaded."""

from __future__ import annotations

import pytest
import yaml

from extractors import keys
from extractors.keys import PATTERNS_PATH, load_patterns
from extractors.mentions import extract_mentions

ENTRIES = yaml.safe_load(PATTERNS_PATH.read_text(encoding="utf-8"))["patterns"]
EXAMPLES = [
    pytest.param(number, example, id=f"{number}:{example['key']}")
    for number, entry in enumerate(ENTRIES)
    for example in entry["examples"]
]


def _keys(parsed, lexicon, example):
    found = extract_mentions(parsed(example["text"]), lexicon.event_nouns)
    [mention] = [m for m in found.mentions if m.trigger_text == example["verb"]]
    return [key for _, key in mention.keys]


def test_every_pattern_has_an_example():
    assert all(entry.get("examples") for entry in ENTRIES)


@pytest.mark.parametrize(("number", "example"), EXAMPLES)
def test_every_example_gets_its_key_from_its_pattern(parsed, lexicon, monkeypatch, number, example):
    with_pattern = _keys(parsed, lexicon, example)
    assert example["key"] in with_pattern
    patterns = load_patterns()
    without = patterns[:number] + patterns[number + 1 :]
    monkeypatch.setattr(keys, "load_patterns", lambda: without)
    assert _keys(parsed, lexicon, example) != with_pattern


def test_the_most_specific_key_comes_first(parsed, lexicon):
    example = {"text": "The union called off the strike on Friday.", "verb": "called"}
    found = _keys(parsed, lexicon, example)
    assert found.index("call off strike") < found.index("call off") < found.index("call")
