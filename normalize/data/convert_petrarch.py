"""Convert the PETRARCH2/Phoenix actor and agent dictionaries into parley's own data files.

    python normalize/data/convert_petrarch.py [DIR]   # DIR: ../shared/reference/petrarch2

The Phoenix dictionaries (Open Event Data Alliance, MIT licence; formats documented in their
`dictionaries.rst`) list about 20,000 people, bodies and armed groups with CAMEO actor codes,
many of them with dated roles, and about 2,000 role nouns ("agents"). This script reads them as
PETRARCH2 does and writes two CSV files beside it:

- `phoenix_actors.csv`: one row per dictionary entry: `names` (the entry's phrase and its
  synonyms, `|`-separated, words joined by spaces, upper case as in the source), `codes`
  (`;`-separated: `CODE` for the default code, `CODE 2005-11-22..` from a date on,
  `CODE ..2000-01-01` up to a date, `CODE 1972-01-01..2000-01-01` between two dates; the limits
  are inclusive, as in PETRARCH2), and `source` (`file:line` of the entry's first line).
- `phoenix_agents.csv`: `term` (lower case), `code` (the role codes, e.g. `GOVMIL`), `source`.
- `petrarch_verbs.csv`: `key` (a parley lexicon key: a verb lemma, a phrasal verb, "verb
  object" or "verb preposition object"), `code` (CAMEO), `source`. From `CAMEO.2.0.txt`: each
  verb of a synonym block with its own code or the block's, and each pattern of the block of the
  shapes parley's extractor builds keys for (`- * OBJECT [code]`, `- * (PREP OBJECT) [code]`,
  with `&SYNSET` words filled in) joined to every verb of the block. Patterns on the subject,
  on two phrases or on a multi-word object are left out, as are codes given as source:target
  pairs' empty halves (`[:073]`) and the null code; of `042:043` the first code is kept. A
  key listed twice keeps its first code, the rows of a pattern for the verbs its comment names
  (`# OPEN , REOPEN`: those it was written for) coming before its rows for the block's other
  verbs.

Dates: PETRARCH2 accepts YYYYMMDD and YYMMDD; a two-digit year of 30 or less is 20YY, above
30 is 19YY (the dictionaries were last revised in 2014 and reach back to the 1930s with
eight-digit dates). A restriction whose date cannot be read (`2004017`) is left out and
counted. `[---]` is PETRARCH2's null code: it is kept as `---` and codes nothing.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "reference" / "petrarch2"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
VERB_FILE = "CAMEO.2.0.txt"
ACTORS_TARGET = HERE / "phoenix_actors.csv"
AGENTS_TARGET = HERE / "phoenix_agents.csv"
VERBS_TARGET = HERE / "petrarch_verbs.csv"

_BRACKET = re.compile(r"\[([^\]]*)\]")
_RESTRICTION = re.compile(
    r"^(?P<code>[A-Z~-]+)\s*(?:(?P<op>[<>])\s*(?P<date>\d+)|(?P<start>\d+)\s*-\s*(?P<end>\d+))?$"
)
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_PLURALS = re.compile(r"\{([^}]*)\}")


@dataclass
class Entry:
    """One actor dictionary entry: its names, its codes, where it starts."""

    names: list[str]
    source: str
    codes: list[str] = field(default_factory=list)


@dataclass
class Report:
    entries: int = 0
    names: int = 0
    dated: int = 0
    unreadable_dates: list[str] = field(default_factory=list)
    agents: int = 0
    verbs: int = 0


def phrase(text: str) -> str:
    """A dictionary phrase as words: "ANGELA_MERKEL_" -> "ANGELA MERKEL"."""
    return " ".join(text.replace("_", " ").split()).upper()


def read_date(text: str) -> date | None:
    """YYYYMMDD or YYMMDD (YY <= 30 is 20YY); None when it is not a date."""
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            year = int(text[:2])
            return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:]))
    except ValueError:
        return None
    return None


def restriction(text: str, where: str, report: Report) -> str | None:
    """One bracket's content as parley writes it: "DEUGOV >051122" -> "DEUGOV 2005-11-22.."."""
    found = _RESTRICTION.match(" ".join(text.split()))
    if found is None:
        report.unreadable_dates.append(f"{where}: [{text}]")
        return None
    code = found["code"]
    if found["op"]:
        day = read_date(found["date"])
        if day is None:
            report.unreadable_dates.append(f"{where}: [{text}]")
            return None
        report.dated += 1
        return f"{code} {day}.." if found["op"] == ">" else f"{code} ..{day}"
    if found["start"]:
        start, end = read_date(found["start"]), read_date(found["end"])
        if start is None or end is None:
            report.unreadable_dates.append(f"{where}: [{text}]")
            return None
        report.dated += 1
        return f"{code} {start}..{end}"
    return code


def _strip_comment(line: str) -> str:
    """The line without its comment (`#` or `;` outside brackets)."""
    depth = 0
    for i, char in enumerate(line):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char in "#;" and depth == 0:
            return line[:i]
    return line


def read_actors(path: Path, report: Report) -> list[Entry]:
    """The entries of one PETRARCH2 actor dictionary."""
    entries: list[Entry] = []
    current: Entry | None = None
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, 1):
            line = _strip_comment(raw.rstrip("\n"))
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            codes = _BRACKET.findall(line)
            text = _BRACKET.sub(" ", line)
            if line[0] in " \t":  # a date restriction of the entry above
                if current is not None:
                    current.codes.extend(
                        c for c in (restriction(b, where, report) for b in codes) if c
                    )
                continue
            if line.startswith("+"):
                if current is not None:
                    # "A+_B": two synonyms written on one line
                    current.names.extend(p for p in map(phrase, text[1:].split("+")) if p)
                    current.codes.extend(
                        c for c in (restriction(b, where, report) for b in codes) if c
                    )
                continue
            name = phrase(text)
            if not name:
                continue
            current = Entry([name], where)
            current.codes.extend(c for c in (restriction(b, where, report) for b in codes) if c)
            entries.append(current)
    return entries


def read_agents(path: Path, report: Report) -> list[tuple[str, str, str]]:
    """(term, role codes, source) of each agent, with substitution sets and plurals expanded."""
    sets: dict[str, list[str]] = {}
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            found = _SUBSTITUTION.match(line)
            if found:
                sets[found[1]] = [w.strip() for w in found[2].split(",") if w.strip()]
                continue
            codes = _BRACKET.findall(line)
            if not codes or not codes[0].startswith("~"):
                continue  # "[IGO~]" prefixes a body's code, not a role
            code = codes[0][1:].strip()
            text = _BRACKET.sub(" ", line)
            forms = [_PLURALS.sub(" ", text), *_PLURALS.findall(text)]
            for form in forms:
                for term in _expand(form, sets):
                    words = phrase(term).lower()
                    if words and "!" not in words:
                        rows.append((words, code, f"{path.name}:{number}"))
    return rows


def _expand(text: str, sets: dict[str, list[str]]) -> list[str]:
    """Every spelling of a term with its substitution sets filled in."""
    for key, words in sets.items():
        if key in text:
            # "!MINIST! OF_DEFENCE": a set at the front is its own word ("MINISTER OF DEFENCE");
            # "CATTLE!PERSON!" is one word ("CATTLEMAN")
            spaced = text.startswith(key + " ")
            return [
                t for w in words for t in _expand(text.replace(key, w, 1 if spaced else -1), sets)
            ]
    return [text]


_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_OBJECT_PATTERN = re.compile(r"^-\s+\*\s+(&?[A-Z][A-Z\-']*)\s+\[([^\]]*)\]")
_PREP_PATTERN = re.compile(r"^-\s+\*\s+\(([A-Z]+)\s+(&?[A-Z][A-Z\-']*)\)\s+\[([^\]]*)\]")


def _verb_code(text: str) -> str | None:
    """ "042:043" -> "042"; ":073", "---" and "" -> None."""
    code = text.strip().split(":")[0].strip()
    return code if code and code != "---" and code.isdigit() else None


def _verb_lemma(text: str) -> str | None:
    """A block's verb as parley's key: "BEG {BEGS ...}" -> "beg", "+GET_TOGETHER" -> "get
    together"; None for a verb written after its other words ("WIRE_+TAP")."""
    word = _PLURALS.sub(" ", _BRACKET.sub(" ", text)).strip()
    if not word:
        return None
    if "_" in word or "+" in word:
        if not word.startswith("+"):
            return None
        word = word[1:]
    return phrase(word).lower() or None


def read_verbs(path: Path, report: Report) -> list[tuple[str, str, str]]:
    """(key, CAMEO code, source) of each verb and each pattern parley can use."""
    synsets: dict[str, list[str]] = {}
    rows: list[tuple[str, str, str]] = []
    current_set: str | None = None
    block_code: str | None = None
    verbs: list[tuple[str, str | None]] = []
    later: list[tuple[str, str, str]] = []  # a block's patterns for its other verbs
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, 1):
            line, _, comment = raw.partition("#")
            line = line.rstrip()
            where = f"{path.name}:{number}"
            if not line.strip():
                continue
            if line.startswith("&"):  # a synset: "&CURRENCY", then "+MONEY" lines
                current_set = line.split()[0].rstrip("_")
                synsets[current_set] = []
                continue
            if line.startswith("+") and current_set is not None and not verbs:
                word = phrase(line[1:])
                if " " not in word:
                    synsets[current_set].append(word.lower())
                continue
            block = _BLOCK.match(line)
            if block:
                current_set, block_code, verbs = None, _verb_code(block[2]), []
                continue
            if line.startswith("-"):
                own_verbs = {w.strip().lower() for w in comment.split(",")}
                found = _pattern_rows(line, verbs, synsets, where)
                # the verbs named in the comment are those the pattern was written for:
                # their rows come first ("- * BORDER [050] # REOPEN" is "reopen border" 050,
                # while OPEN's own "- * BORDER [080]" makes "open border" 080)
                rows.extend(row for row in found if row[0].split()[0] in own_verbs)
                later.extend(row for row in found if row[0].split()[0] not in own_verbs)
                continue
            own = _BRACKET.search(line)
            lemma = _verb_lemma(line)
            if lemma is None:
                continue
            code = _verb_code(own[1]) if own else block_code
            verbs.append((lemma, code))
            if code is not None:
                rows.append((lemma, code, where))
    return rows + later


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _pattern_rows(
    line: str, verbs: list[tuple[str, str | None]], synsets: dict[str, list[str]], where: str
) -> list[tuple[str, str, str]]:
    found = _OBJECT_PATTERN.match(line)
    if found:
        prep, word, code = None, found[1], _verb_code(found[2])
    else:
        found = _PREP_PATTERN.match(line)
        if not found:
            return []
        prep, word, code = found[1].lower(), found[2], _verb_code(found[3])
    if code is None:
        return []
    words = synsets.get(word.rstrip("_"), []) if word.startswith("&") else [word.lower()]
    # parley's keys hold the noun's lemma: "ARRIVE (FOR TALKS)" is "arrive for talk" too
    words = list(dict.fromkeys(f for w in words for f in (w, _singular(w))))
    tail = [f"{prep} {w}" if prep else w for w in words]
    return [(f"{verb} {t}", code, where) for verb, _ in verbs for t in tail]


def _write_first(rows: list[tuple[str, str, str]], name: str, target: Path) -> int:
    """Write (term, code, source) rows sorted, a term listed twice with its first code;
    returns the number of terms."""
    first: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        first.setdefault(row[0], row)
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([name, "code", "source"])
        writer.writerows(sorted(first.values()))
    return len(first)


def convert(
    source: Path = DEFAULT_SOURCE,
    actors_target: Path = ACTORS_TARGET,
    agents_target: Path = AGENTS_TARGET,
    verbs_target: Path = VERBS_TARGET,
) -> Report:
    """Write phoenix_actors.csv, phoenix_agents.csv and petrarch_verbs.csv from the
    dictionaries in `source`."""
    report = Report()
    entries = [e for name in ACTOR_FILES for e in read_actors(source / name, report)]
    entries = [e for e in entries if e.codes]
    report.entries = len(entries)
    report.names = sum(len(e.names) for e in entries)
    with actors_target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["names", "codes", "source"])
        for entry in entries:
            names = list(dict.fromkeys(entry.names))
            writer.writerow(["|".join(names), ";".join(dict.fromkeys(entry.codes)), entry.source])
    report.agents = _write_first(read_agents(source / AGENT_FILE, report), "term", agents_target)
    report.verbs = _write_first(read_verbs(source / VERB_FILE, report), "key", verbs_target)
    return report


if __name__ == "__main__":
    done = convert(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
    print(
        f"wrote {done.entries} entries ({done.names} names, {done.dated} dated codes) to "
        f"{ACTORS_TARGET.name} and {done.agents} agent terms to "
        f"{AGENTS_TARGET.name}, {done.verbs} verb keys to {VERBS_TARGET.name}; "
        f"{len(done.unreadable_dates)} restrictions left out"
    )
    for line in done.unreadable_dates[:20]:
        print("  left out:", line)
