"""Every example of acled.yaml's `decisions`, decided from its CAMEO code, actor types and
sentence (no spaCy model): the decision gives its sub-event type and is the first that holds;
and a bad decision is reported with its number."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normalize import acled
from normalize.acled import decide, load_rules
from normalize.lexicon import DATA_DIR, LexiconError

ENTRIES = yaml.safe_load((DATA_DIR / "acled.yaml").read_text(encoding="utf-8"))["decisions"]
EXAMPLES = [
    pytest.param(number, example, id=f"{number}:{example['text'][:40]}")
    for number, entry in enumerate(ENTRIES)
    for example in entry["examples"]
]


def test_every_decision_has_an_example():
    assert all(entry.get("examples") for entry in ENTRIES)


@pytest.mark.parametrize(("number", "example"), EXAMPLES)
def test_every_example_is_decided_by_its_decision(number, example):
    rules = load_rules()
    text, type1, type2 = example["text"], example.get("type1"), example.get("type2")
    mapped = acled._mapped(rules, example["code"])
    assert decide(rules, mapped, type1, type2, text) == (number, example["sub"])
    # and the whole rule set, instruments and keywords first, gives the same type
    assert acled._sub_event(rules, example["code"], type1, type2, text) == example["sub"]


def test_with_no_decision_holding_the_mapped_type_stands():
    rules = load_rules()
    assert decide(rules, "Agreement", "State forces", None, "The sides agreed.") == (
        None,
        "Agreement",
    )


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ("{if: {mapped: [violence]}, then: Brawl}", "decision 1: unknown ACLED sub-event type"),
        ("{if: {type1: [Pirates]}, then: Attack}", "decision 1: unknown actor type 'Pirates'"),
        ("{if: {words: [lethal|gloomy]}, then: Attack}", "unknown word class 'gloomy'"),
        ("{if: {check: sunny}, then: Attack}", "decision 1: unknown check 'sunny'"),
        ("{if: {colour: [red]}, then: Attack}", "decision 1: unknown condition 'colour'"),
    ],
)
def test_a_bad_decision_is_reported_with_its_number(tmp_path: Path, decision, message):
    data = yaml.safe_load((DATA_DIR / "acled.yaml").read_text(encoding="utf-8"))
    data["decisions"] = [yaml.safe_load(decision)]
    path = tmp_path / "acled.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(LexiconError, match=message):
        load_rules.__wrapped__(path)
