"""Known actors with dated roles and role nouns, from `phoenix_actors.csv` and
`phoenix_agents.csv` (converted from the PETRARCH2/Phoenix dictionaries by
`normalize/data/convert_petrarch.py`).

parley's own tables and user dictionaries are looked up first; these are the fallback for the
thousands of people, bodies, armed groups and companies parley does not list itself. A person's
code is chosen by the document's date: Angela Merkel is DEUGOV from 2005-11-22, DEUELI (a
member of the elite) before.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
NULL_CODE = "---"
COMPANY = "MNC"
# Phoenix religion codes stand where parley writes the REL role: "Buddhist monk" -> REL.
RELIGIONS = frozenset({"MUS", "CHR", "BUD", "HIN", "JEW", "CTH", "PRO"})


@dataclass(frozen=True)
class DatedCode:
    """A code that holds from `start` to `end` (inclusive; None: open)."""

    code: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KnownActor:
    """One dictionary entry: its dated codes in order, its default code, where it came from."""

    dated: tuple[DatedCode, ...]
    default: str | None
    source: str

    def codes(self) -> list[str]:
        return [d.code for d in self.dated] + ([self.default] if self.default else [])

    def code_on(self, day: date | None) -> str | None:
        """The code that holds on `day`; the default code when none does or no day is known
        (PETRARCH2's rule). The null code `---` codes nothing."""
        code = self.default
        if day is not None:
            code = next((d.code for d in self.dated if d.holds_on(day)), self.default)
        return None if code == NULL_CODE else code


@dataclass
class KnownActors:
    """Upper-case names -> entries."""

    names: dict[str, KnownActor] = field(default_factory=dict)
    # entries left out on loading, with the reason: "Phoenix...:2039: code 'THE' ..."
    skipped: list[str] = field(default_factory=list)

    def get(self, name: str) -> KnownActor | None:
        return self.names.get(name)


def _dated(text: str) -> DatedCode | str:
    """ "DEUGOV 2005-11-22.." -> DatedCode; a bare "DEUGOV" -> the string."""
    code, _, span = text.strip().partition(" ")
    if not span:
        return code
    start, _, end = span.partition("..")
    return DatedCode(
        code,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
    )


def load_known_actors(
    valid_prefixes: frozenset[str] | set[str],
    path: Path = DATA_DIR / "phoenix_actors.csv",
    common_nouns: frozenset[str] | set[str] = frozenset(),
    roles: frozenset[str] | set[str] = frozenset(),
) -> KnownActors:
    """Read the known-actor table. Left out, each listed in `skipped`: an entry whose codes do
    not start with a known country, region or international prefix, or are not one of `roles`
    alone (a body of no one country: "REUTERS" MED); a company (`MNC`: the
    dictionaries' company list names other firms of the same name, "TESCO" a Canadian metal
    works); a name that entries code for different countries ("QUEEN ELIZABETH II" is head
    of state of fifteen); and a name that is one of `common_nouns` (upper case: the words for
    ordinary people), which names no one group ("YOUTH", given for a Basque group, would make
    every "Youth blocked roads" a French rebel). A name listed twice for one country keeps the
    dates of both."""
    known = KnownActors()
    entries: dict[str, list[KnownActor]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parts = [_dated(c) for c in row["codes"].split(";") if c.strip()]
            codes = [p.code if isinstance(p, DatedCode) else p for p in parts]
            bad = [
                c
                for c in codes
                if c != NULL_CODE and c[:3] not in valid_prefixes and c not in roles
            ]
            if bad or any(len(c) % 3 for c in codes):
                known.skipped.append(f"{row['source']}: code {bad or codes} not CAMEO")
                continue
            if any(c.startswith(COMPANY) for c in codes):
                known.skipped.append(f"{row['source']}: a company")
                continue
            defaults = [p for p in parts if isinstance(p, str)]
            entry = KnownActor(
                tuple(p for p in parts if isinstance(p, DatedCode)),
                defaults[0] if defaults else None,
                row["source"],
            )
            for name in row["names"].split("|"):
                if name in common_nouns:
                    known.skipped.append(f"{row['source']}: '{name}' is a common noun")
                    continue
                entries.setdefault(name, []).append(entry)
    for name, listed in entries.items():
        if len(listed) == 1:
            known.names[name] = listed[0]
        elif len({c[:3] for e in listed for c in e.codes()} - {NULL_CODE}) > 1:
            sources = ", ".join(e.source for e in listed)
            known.skipped.append(f"{sources}: '{name}' coded for different countries")
        else:  # one person listed twice ("XI JINPING"): the dates of both, the first default
            known.names[name] = KnownActor(
                tuple(d for e in listed for d in e.dated),
                next((e.default for e in listed if e.default), None),
                listed[0].source,
            )
    return known


def load_agents(
    roles: frozenset[str] | set[str], path: Path = DATA_DIR / "phoenix_agents.csv"
) -> dict[str, str]:
    """Role nouns (lower case) -> parley's role code: the first role of the agent's codes
    ("minister of defence" GOVMIL -> GOV), religion codes as REL; others left out."""
    agents: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            first = row["code"][:3]
            role = "REL" if first in RELIGIONS else first
            if role in roles:
                agents[row["term"]] = role
    return agents


def load_verbs(codes: dict | set, path: Path = DATA_DIR / "petrarch_verbs.csv") -> dict[str, str]:
    """PETRARCH2 verb keys of two words or more -> CAMEO code, for codes of parley's codebook:
    patterns ("appeal for aid" 023, "freeze asset" 163, "call election" 0831) and phrasal
    verbs. A bare verb only of a code of force (FORCEFUL_CODES): PETRARCH2 gates its bare
    verbs by its own parse, and all of them alone made events of "according to" (060), "took"
    (171) and "left" (040), costing 1.4 points of CASE weighted F1 and 1.5 of CAMEO root on
    the check halves. The bare verbs of force (118, 34 of them not parley's own: "steal",
    "rampage", "repulse"), less NOT_FORCEFUL, left CAMEO root, PLOVER and the five-way class on
    the check halves as they were."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["key"]: row["code"]
            for row in csv.DictReader(fh)
            if row["code"] in codes and (" " in row["key"] or _forceful(row))
        }


# The CAMEO codes whose bare PETRARCH2 verbs are loaded: force, violence, seizure, arrest,
# expulsion and violent protest ("militants stole medical supplies", "students rampage over
# fees", "police repulse an attack"), the acts ACLED codes.
FORCEFUL_CODES = ("145", "171", "173", "174", "18", "19", "20")
# Bare verbs of those codes with a common sense that is no act of force: "took", "break the
# news", "die", "hang on", "target a market", "remove a rule", "reside", "sanctions hurt the
# economy", "abuse of power", "lash out at critics", "slap tariffs on", "surrounded by family",
# "the storm damaged homes", "smashed a record", "assailed the decision", "repel wild boars"
# (read in the rows they made of the 295 Wikinews articles).
NOT_FORCEFUL = frozenset(
    "take catch pull extract appropriate pluck overturn revolutionise revolutionize subvert "
    "remove best blow break circle conflict die dominate hang master match overcome "
    "overshadow overtake pit ring surmount target crack corrupt spoil mar tarnish rip tear "
    "vitiate impair contaminate overthrow struggle engage combat defeat crush hammer "
    "infest inhabit reside hurt abuse kick whip lash slap surround ruin smash devastate "
    "assail grab damage repel desolate shatter overwhelm overpower flatten thump snipe quarrel "
    "altercate dishonor dishonour wrestle bust retaliate".split()
)


def _forceful(row: dict) -> bool:
    """A bare verb of a code of force, without a common sense of another kind."""
    return row["code"].startswith(FORCEFUL_CODES) and row["key"] not in NOT_FORCEFUL
