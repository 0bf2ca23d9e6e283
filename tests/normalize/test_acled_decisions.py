"""Every example of acled.yaml's `decisions`, decided from its CAMEO code, actor types and
sentence, and of its `actor_types`, from a role, a code and a phrase (no spaCy model): the entry
gives its type and is the first that holds; and a bad entry is reported with its number."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normalize import acled
from normalize.acled import decide, load_rules
from normalize.actors import ActorCode
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


ACTOR_ENTRIES = yaml.safe_load((DATA_DIR / "acled.yaml").read_text(encoding="utf-8"))["actor_types"]
ACTOR_EXAMPLES = [
    pytest.param(number, example, id=f"{number}:{example.get('text') or example.get('code')}")
    for number, entry in enumerate(ACTOR_ENTRIES)
    for example in entry["examples"]
]


@pytest.mark.parametrize(("number", "example"), ACTOR_EXAMPLES)
def test_every_actor_type_example_is_typed_by_its_entry(number, example):
    rules = load_rules()
    code, role, text = example.get("code"), example.get("role"), example.get("text")
    actor = ActorCode(None, code, None, role)
    holding = [
        index
        for index, rule in enumerate(rules.actor_types)
        if acled._actor_rule_holds(rules, rule, role, code or "", text)
    ]
    assert holding[0] == number
    assert acled.actor_type(actor, text) == example["type"]


def test_a_bad_actor_type_entry_is_reported_with_its_number(tmp_path: Path):
    data = yaml.safe_load((DATA_DIR / "acled.yaml").read_text(encoding="utf-8"))
    data["actor_types"] = [{"if": {"words": ["gloomy"]}, "then": "Civilians"}]
    path = tmp_path / "acled.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(LexiconError, match="actor type 1: unknown word class 'gloomy'"):
        load_rules.__wrapped__(path)
