"""The lexicon keys of a verb's mention, built from the patterns of data/verb_keys.yaml (read
that file for the patterns, their slots and their examples)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from string import Formatter

import yaml

PATTERNS_PATH = Path(__file__).parent / "data" / "verb_keys.yaml"
SLOTS = frozenset(
    {"verb", "adverb", "particle", "light", "preposition", "prep_noun", "xcomp", "adjective",
     "result", "phrase", "noun", "reason"}
)  # fmt: skip
INSERTS = frozenset({"noun_keys", "specific"})
FLAGS = frozenset(
    {"crowd", "peacekeepers", "light_verb", "says_that", "deed", "transitive", "someone"}
)
TABLES = frozenset({"verb", "result"})


class PatternError(ValueError):
    """A pattern of verb_keys.yaml that cannot be read."""


@dataclass(frozen=True)
class KeyPattern:
    """One line of verb_keys.yaml: a key template over slots, or keys to insert."""

    table: str
    template: str | None
    slots: tuple[str, ...]
    insert: str | None
    when: tuple[str, ...]


@functools.lru_cache(maxsize=2)
def load_patterns(path: Path = PATTERNS_PATH) -> tuple[KeyPattern, ...]:
    """The patterns of a verb-keys file, in order, checked: unknown slots, flags, inserts or
    tables are reported with the pattern's number."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["patterns"]
    patterns = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}: pattern {number}"
        template, insert = entry.get("key"), entry.get("insert")
        if (template is None) == (insert is None):
            raise PatternError(f"{where}: give either a key or an insert")
        if insert is not None and insert not in INSERTS:
            raise PatternError(f"{where}: unknown insert {insert!r}")
        slots = tuple(name for _, name, _, _ in Formatter().parse(template or "") if name)
        when = tuple(entry.get("when", ()))
        unknown = [s for s in slots if s not in SLOTS] + [w for w in when if w not in FLAGS | SLOTS]
        if unknown:
            raise PatternError(f"{where}: unknown slot or flag {unknown[0]!r}")
        table = entry.get("table", "verb")
        if table not in TABLES:
            raise PatternError(f"{where}: unknown table {table!r}")
        patterns.append(KeyPattern(table, template, slots, insert, when))
    return tuple(patterns)


def verb_keys(
    forms: Iterable[str],
    values: dict[str, list[str]],
    flags: set[str],
    inserts: dict[str, list[tuple[str, str]]],
    light_verb: Callable[[str], bool],
    patterns: tuple[KeyPattern, ...] | None = None,
) -> list[tuple[str, str]]:
    """(table, key) for every form of the verb, pattern by pattern, most specific first.
    `values`: each slot's values (the verb's own form is added per form); `flags`: the flags
    that hold; `light_verb`: whether a form is a light verb with an event object."""
    patterns = load_patterns() if patterns is None else patterns
    keys: list[tuple[str, str]] = []
    for form in forms:
        slots = {**values, "verb": [form]}
        holding = flags | {"light_verb"} if light_verb(form) else flags
        for pattern in patterns:
            if not all(w in holding or slots.get(w) for w in pattern.when):
                continue
            if pattern.insert is not None:
                keys.extend(inserts.get(pattern.insert, ()))
                continue
            for combination in product(*(slots.get(name) or () for name in pattern.slots)):
                key = pattern.template.format(**dict(zip(pattern.slots, combination, strict=True)))
                keys.append((pattern.table, key))
    return keys
