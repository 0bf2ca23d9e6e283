"""A bad entry in any rule file kept as data is reported with the file and the entry, not run:
the lexicon-key patterns, the word lists, the noun-phrase roles and coding's CAMEO code sets
(ACLED's decisions and actor types: tests/normalize/test_acled_decisions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.keys import PatternError, load_patterns
from extractors.words import WordsError, load_noun_prepositions, load_words
from normalize.lexicon import LexiconError, load_code_sets

BAD_ENTRIES = {
    "verb_keys.yaml": (
        load_patterns.__wrapped__,
        PatternError,
        [
            ("patterns:\n  - key: '{verb} {colour}'\n", "pattern 1: unknown slot or flag 'colour'"),
            ("patterns:\n  - key: '{verb}'\n    when: [sunny]\n", "unknown slot or flag 'sunny'"),
            ("patterns:\n  - insert: nouns\n", "pattern 1: unknown insert 'nouns'"),
            ("patterns:\n  - key: '{verb}'\n    insert: noun_keys\n", "either a key or an insert"),
            ("patterns:\n  - key: '{verb}'\n    table: noun\n", "unknown table 'noun'"),
        ],
    ),
    "words.yaml": (
        load_words,
        WordsError,
        [
            ("crowd_nouns:\n  words: [crowd]\n", "crowd_nouns: say why"),
            ("crowd_nouns:\n  why: x\n  words: [crowd, off]\n", "False is not a word"),
            (
                "crowd_nouns:\n  why: x\n  words: [crowd]\n  examples: [{text: a, mood: c}]\n",
                "an example says 'mood'",
            ),
        ],
    ),
    "noun_phrases.yaml": (
        load_noun_prepositions,
        WordsError,
        [("prepositions:\n  via:\n    roles: [driver]\n", "via: roles must be among")],
    ),
    "coding_sets.yaml": (
        load_code_sets.__wrapped__,
        LexiconError,
        [
            ("visit_codes:\n  codes: ['042']\n", "visit_codes: say why"),
            ("visit_codes:\n  why: x\n  codes: ['999']\n", "unknown CAMEO code '999'"),
            ("damage_words:\n  why: x\n  codes: ['171']\n  words: [burn]\n", "codes or words"),
            ("damage_words:\n  why: x\n", "codes or words"),
            (
                "visit_codes:\n  why: x\n  codes: ['042']\n  examples: [{text: a, mood: c}]\n",
                "an example says 'mood'",
            ),
        ],
    ),
}
CASES = [
    pytest.param(name, text, message, id=f"{name}:{message}")
    for name, (_, _, cases) in BAD_ENTRIES.items()
    for text, message in cases
]


@pytest.mark.parametrize(("name", "text", "message"), CASES)
def test_a_bad_entry_is_reported_with_its_file(tmp_path: Path, name, text, message):
    load, error, _ = BAD_ENTRIES[name]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(error, match=f"{name}: .*{message}"):
        load(path)
