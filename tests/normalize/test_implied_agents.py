"""Every example of data/implied_agents.yaml, coded: an act told with no doer is the state
body's whose act it is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normalize.lexicon import DATA_DIR, LexiconError, load_cameo_codes, load_implied_agents

ENTRIES = yaml.safe_load((DATA_DIR / "implied_agents.yaml").read_text())["implied_agents"]
EXAMPLES = [
    (entry["cameo"], example["text"], example["actor1"])
    for entry in ENTRIES
    for example in entry["examples"]
]


@pytest.mark.parametrize(("cameo", "text", "actor1"), EXAMPLES)
def test_every_example_gets_its_doer(code_example, cameo, text, actor1):
    row = next(e for e in code_example(text) if e.cameo_code.startswith(cameo))
    assert (row.actor1_code, row.actor1_text) == (actor1, None)


def test_a_doer_the_text_names_is_kept(code):
    [row] = [e for e in code("Soldiers arrested five men in Mombasa.") if e.cameo_root == "17"]
    assert row.actor1_code == "KENMIL" and row.actor1_text == "Soldiers"


def test_an_implied_doer_adds_no_confidence(code):
    [told] = code("Police arrested five men in Mombasa on Monday.")
    [implied] = code("Five men were arrested in Mombasa on Monday.")
    assert implied.confidence < told.confidence


def test_a_bad_entry_is_reported_with_its_line(tmp_path: Path):
    path = tmp_path / "agents.yaml"
    path.write_text(
        "implied_agents:\n  - cameo: '173'\n    role: XXX\n    examples: [{text: a, actor1: b}]\n"
    )
    with pytest.raises(LexiconError, match=r"agents.yaml:2: unknown role 'XXX'"):
        load_implied_agents(load_cameo_codes(), path)
