"""Saved parses of the rules' example sentences, so that the rule tests run without loading the
spaCy model: a DocBin of every example text of the rule files below, as the model parses it.

    python -m tests.parses        (or: make parses)

writes them again; run it after adding or changing an example. tests/test_parses.py checks
that every example has its saved parse and that each is what the installed model gives.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from spacy.tokens import Doc

REPO = Path(__file__).resolve().parent.parent
SAVED = Path(__file__).parent / "data" / "example_parses.spacy"
# The rule files whose examples are sentences to parse: (file, the section that lists the
# entries, or None when the file's top level does).
RULE_FILES = (
    (REPO / "extractors" / "data" / "verb_keys.yaml", "patterns"),
    (REPO / "extractors" / "data" / "words.yaml", None),
    (REPO / "extractors" / "data" / "noun_phrases.yaml", "prepositions"),
    (REPO / "normalize" / "data" / "implied_agents.yaml", "implied_agents"),
    (REPO / "normalize" / "data" / "coding_sets.yaml", None),
)


def example_texts() -> list[str]:
    """Every example sentence of the rule files, in file order, once."""
    texts: list[str] = []
    for path, section in RULE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = data[section] if section else data
        entries = entries.values() if isinstance(entries, dict) else entries
        for entry in entries:
            texts.extend(example["text"] for example in entry.get("examples", ()))
    return list(dict.fromkeys(texts))


def entries_and_examples(path: Path, section: str | None = None) -> tuple[dict, list]:
    """A rule file's entries by name, and (name, example) of each of their examples as test
    parameters."""
    import pytest

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data[section] if section else data
    params = [
        pytest.param(name, example, id=f"{name}:{example.get('trigger', example['text'][:30])}")
        for name, entry in entries.items()
        for example in entry["examples"]
    ]
    return entries, params


@functools.lru_cache(maxsize=1)
def saved_parses() -> dict[str, Doc]:
    """text -> its saved parse (empty when none are saved), read with a blank English
    vocabulary: no model is loaded."""
    import spacy
    from spacy.tokens import DocBin

    if not SAVED.exists():
        return {}
    vocab = spacy.blank("en").vocab
    docs = DocBin().from_bytes(SAVED.read_bytes()).get_docs(vocab)
    return {doc.text: doc for doc in docs}


def write(texts: list[str]) -> int:
    """Parse the texts with the model and save them; the number saved."""
    from spacy.tokens import DocBin

    from extractors.nlp import get_nlp

    nlp = get_nlp()
    found = DocBin(store_user_data=False)
    for doc in nlp.pipe(texts):
        found.add(doc)
    SAVED.parent.mkdir(exist_ok=True)
    temporary = SAVED.with_suffix(".tmp")
    temporary.write_bytes(found.to_bytes())
    temporary.replace(SAVED)
    return len(texts)


if __name__ == "__main__":
    print(f"saved the parses of {write(example_texts())} example sentences to {SAVED}")
