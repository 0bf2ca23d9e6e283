"""The word lists of the extractor's constructions, read from data/words.yaml (read that file for
each list, why its construction reads it, and its examples)."""

from __future__ import annotations

from pathlib import Path

import yaml

WORDS_PATH = Path(__file__).parent / "data" / "words.yaml"
# What an example may say of the mention of its trigger word.
EXPECTATIONS = frozenset(
    {"key", "actor1", "actor2", "actor1_head", "modal", "depth", "governed_by", "topic_actors",
     "place", "place_within", "object_place", "object_place_labelled", "guessed_places", "no_event"}
)  # fmt: skip


class WordsError(ValueError):
    """An entry of words.yaml that cannot be read."""


def load_words(path: Path = WORDS_PATH) -> dict[str, frozenset[str]]:
    """Each list's name -> its words, checked: every list has a reason, words that are
    strings (not YAML's yes/no/on/off) and examples that say only what a test can check."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words: dict[str, frozenset[str]] = {}
    for name, entry in data.items():
        where = f"{path.name}: {name}"
        if not entry.get("why"):
            raise WordsError(f"{where}: say why the construction reads these words")
        listed = entry.get("words") or []
        odd = [w for w in listed if not isinstance(w, str)]
        if odd:
            raise WordsError(f"{where}: {odd[0]!r} is not a word (quote it)")
        for example in entry.get("examples") or []:
            unknown = set(example) - EXPECTATIONS - {"text", "trigger"}
            if unknown:
                raise WordsError(f"{where}: an example says {sorted(unknown)[0]!r}")
        words[name] = frozenset(listed)
    return words


WORDS = load_words()


NOUN_PHRASES_PATH = Path(__file__).parent / "data" / "noun_phrases.yaml"
ROLES = frozenset({"doer", "target", "both"})


def load_noun_prepositions(
    path: Path = NOUN_PHRASES_PATH,
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]]:
    """Each preposition of noun_phrases.yaml -> (roles, roles after a patient noun, whether it
    joins the noun in a key), checked: unknown roles are named with the preposition."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["prepositions"]
    out = {}
    for word, entry in data.items():
        roles = tuple(entry.get("roles") or ())
        patient = tuple(entry.get("patient") or roles)
        unknown = [r for r in roles + patient if r not in ROLES]
        if not roles or unknown:
            raise WordsError(f"{path.name}: {word}: roles must be among {sorted(ROLES)}")
        out[str(word)] = (roles, patient, bool(entry.get("key")))
    return out


NOUN_PREPOSITIONS = load_noun_prepositions()
