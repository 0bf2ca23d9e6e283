"""Every example of normalize/data/coding_sets.yaml, coded from its saved parse (no model): the
row of its trigger shows what the example says, and no longer does with the set emptied; and a
bad entry is reported."""

from __future__ import annotations

import pytest

from normalize import coding
from normalize.lexicon import CODE_SETS_PATH, load_code_sets
from tests.parses import entries_and_examples

ENTRIES, EXAMPLES = entries_and_examples(CODE_SETS_PATH)


def _holds(code_example, example) -> bool:
    rows = code_example(example["text"])
    row = next((r for r in rows if r.action_text == example["trigger"]), None)
    if row is None:
        return False
    shown = {
        "cameo": row.cameo_code,
        "actor1": row.actor1_code,
        "actor2": row.actor2_code,
        "country": row.country_iso3,
        "codes": [r.cameo_code for r in rows],
    }
    return all(shown[k] == v for k, v in example.items() if k not in {"text", "trigger"})


def test_every_set_has_an_example_and_is_what_coding_reads():
    assert all(entry.get("examples") for entry in ENTRIES.values())
    assert coding.CODE_SETS == load_code_sets()


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_every_example_holds_with_its_set_only(code_example, monkeypatch, name, example):
    assert _holds(code_example, example)
    constant = name.upper()
    monkeypatch.setattr(coding, constant, type(getattr(coding, constant))())
    assert not _holds(code_example, example)
