"""Actor text -> CAMEO actor code (country + role, organisation, region)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from extractors.mentions import ActorSpan, PersonMention
from normalize.known import KnownActor
from normalize.lexicon import INTERNATIONAL_PREFIXES, ROLE_CODES, Lexicon, fold, unaccented
from normalize.places import STREET_WORDS

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)(?=\s|$)")
_INITIALISM_END = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)+[A-Z]$")
_WORD = re.compile(r"[\w][\w.\-]*[\w.]|[\w]")
# The most words of a country's term looked for in a sentence ("the Democratic Republic of the
# Congo"), and of a name looked for in an actor's phrase: the dictionaries' bodies run longer
# ("Economic Community of West African States", "Organisation for the Prohibition of Chemical
# Weapons"; a dozen words covers all but 18 of the known-actor names).
MAX_NGRAM = 5
MAX_NAME_WORDS = 12
# Roles that describe the actor wherever they appear in the phrase: an "opposition leader" is
# OPP and a "rebel commander" REB, though "leader" and "commander" are the heads.
OVERRIDE_ROLES = ("REB", "SEP", "INS", "OPP", "CRM")


@dataclass(frozen=True)
class ActorCode:
    """A coded actor: canonical name, full CAMEO code and its parts."""

    name: str | None
    code: str | None
    country: str | None
    role: str | None
    # a body of no one country, named ("Reuters", "Wikinews": MED): no country is guessed for it
    stateless: bool = False


@dataclass
class Registry:
    """What one document says about its actors: people introduced with a title or nationality
    (name -> code) and the document's date, which picks a known person's role then."""

    names: dict[str, ActorCode] = field(default_factory=dict)
    when: date | None = None

    def get(self, name: str) -> ActorCode | None:
        return self.names.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def __getitem__(self, name: str) -> ActorCode:
        return self.names[name]


def clean_name(text: str) -> str:
    """Strip possessives and surrounding punctuation from a name ("Wang Yi’s" -> "Wang Yi"),
    keeping the last dot of an initialism ("the U.S.", "the U.N.")."""
    name = _POSSESSIVE.sub("", text).strip(" \t\n\"'“”‘’,.;:")
    if _INITIALISM_END.search(name) and text.rstrip(" \t\n\"'“”‘’,;:").endswith("."):
        name += "."
    return name


def _ngrams(words: list[str]) -> Iterable[tuple[int, int, str]]:
    """(start, end, phrase) for every n-gram, longest first."""
    for n in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            yield i, i + n, " ".join(words[i : i + n])


def _find(words: list[str], table: dict[str, str]) -> tuple[str, str] | None:
    for _, _, phrase in _ngrams(words):
        if phrase in table:
            return phrase, table[phrase]
    return None


def _find_organization(words: list[str], lex: Lexicon) -> tuple[str, str] | None:
    """An organisation named in a phrase; a name of several words is not that organisation
    when a capitalised word other than a country's goes before it, as part of a longer name
    ("Left Democratic Alliance" is not South Africa's Democratic Alliance; "the Kenyan ODM"
    is the ODM)."""
    for start, end, phrase in _ngrams(words):
        code = lex.organizations.get(phrase)
        if code is None:
            continue
        before = words[start - 1] if start > 0 else ""
        if (
            end - start > 1
            and before[:1].isupper()
            and before.lower() not in _NOT_A_NAME
            and not _NUMBER_WORD.fullmatch(before)
            and lex.country_term(before) is None
        ):
            continue
        return phrase, code
    return None


# Capitalised words before an organisation's name that are not part of a longer name.
_NOT_A_NAME = frozenset(
    {"the", "a", "an", "former", "new", "pro", "anti", "some", "several", "many", "all", "both",
     "dozens", "hundreds", "thousands", "scores", "two", "three", "four", "five", "six",
     "seven", "eight", "nine", "ten", "eleven", "twelve"}
)  # fmt: skip
# "Eighty UN peacekeepers", "Twenty-five ...": a number, not the first word of a name.
_NUMBER_WORD = re.compile(r"(?i)[a-z]+(?:teen|ty)(?:-[a-z]+)?|hundred|thousand|dozen")


# Plurals no suffix rule undoes ("men" is left alone: "armed men", "security men" are not
# civilians).
_IRREGULAR_PLURALS = {"women": "woman", "children": "child"}


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("men") and len(word) > 5:
        return word[:-3] + "man"  # "militiamen", "gunmen", "policemen"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def find_role(words: list[str], lex: Lexicon) -> str | None:
    """The CAMEO role named in a phrase: strong words first, then weak ones, then the role
    nouns of the known-actor dictionaries; the head-most match wins."""
    lowered = [w.lower() for w in words]
    for table in (lex.roles_strong, lex.roles_weak, lex.roles_known):
        found: dict[str, int] = {}
        for start, end, phrase in _ngrams(lowered):
            singular = " ".join(lowered[start : end - 1] + [_singular(lowered[end - 1])])
            for candidate in (phrase, singular):
                role = table.get(candidate)
                if role is not None:
                    found[role] = max(found.get(role, 0), end)
        for role in OVERRIDE_ROLES:
            if role in found:
                return role
        if found:
            return max(found, key=lambda r: found[r])
    return None


def find_country(words: list[str], lex: Lexicon) -> tuple[str, str, str] | None:
    """(term, country code, kind) of the first country named in a phrase as its people's own:
    not "ethnic Albanians" (a people, wherever they live) nor "on the Thai border" (a
    neighbour's edge)."""
    for start, end, phrase in _ngrams(words):
        hit = lex.country_term(phrase)
        if hit is None:
            continue
        if _names_a_state(words, start, end, hit[1]):
            return phrase, hit[0], hit[1]
    return None


def capital_named(text: str, lex: Lexicon) -> str | None:
    """The capital whose name gave a phrase its country ("rival militias in Tripoli"), if a
    capital did."""
    hit = find_country(_WORD.findall(clean_name(fold(text))), lex)
    return hit[0] if hit is not None and hit[2] == "capital" else None


BORDER_WORDS = frozenset({"border", "borders", "frontier", "frontiers", "boundary"})
# Who guards a border is its own country's: "U.S. border patrol agents", "Thai border police".
BORDER_GUARDS = frozenset(
    {"patrol", "patrols", "guard", "guards", "police", "force", "forces", "troops", "agent",
     "agents", "agency", "official", "officials", "officer", "officers", "post", "posts"}
)  # fmt: skip


def _names_a_state(words: list[str], start: int, end: int, kind: str) -> bool:
    """Whether the country term words[start:end] names a state as a party: not "ethnic
    Albanians" (a people, wherever they live) nor "on the Thai border" or "near the border
    with Benin" (a neighbour's edge, seen from the other side; "near Macedonia's border" is
    its own)."""
    if start > 0 and words[start - 1].lower() == "ethnic":
        return False
    if start > 1 and words[start - 1].lower() == "with":
        if words[start - 2].lower() in BORDER_WORDS:
            return False
    if end < len(words) and words[end].lower() in STREET_WORDS:
        return False  # "near the Cairo Road market" in Lusaka: a street's name
    return not (kind == "demonym" and _edge_of(words, end))


def _edge_of(words: list[str], at: int) -> bool:
    """Whether words[at] is a border that a demonym before it names from the other side
    ("on the Thai border"), not a border force ("Thai border police")."""
    if at >= len(words) or words[at].lower() not in BORDER_WORDS:
        return False
    return at + 1 >= len(words) or words[at + 1].lower() not in BORDER_GUARDS


_CURRENCY = re.compile(r"\b(?:US|U\.S\.|A|C|NZ|HK)\s?\$")


def countries_in(text: str, lex: Lexicon) -> list[str]:
    """Country codes named in a text, in order of first appearance ("US $50 million" names
    a currency, not a country)."""
    return [code for code, _ in _named_in(text, lex)]


def countries_named_in(text: str, lex: Lexicon) -> list[str]:
    """Country codes a text names by name or demonym: not by a capital, which may be the
    name of a city elsewhere ("Tripoli")."""
    return [code for code, kind in _named_in(text, lex) if kind != "capital"]


def _named_in(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    known = lex.named_cache.get(text)
    if known is not None:
        return known
    if len(lex.named_cache) > NAMED_CACHE_SIZE:
        lex.named_cache.clear()
    found = _countries_in(text, lex)
    lex.named_cache[text] = found
    return found


NAMED_CACHE_SIZE = 4096


def _countries_in(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    """(country code, kind of term) of each country a text names, in order of first mention."""
    words = [
        # "... in northern Lebanon.": a sentence's full stop (not an initialism's, "U.S.")
        word[:-1] if word.endswith(".") and "." not in word[:-1] else word
        for word in _WORD.findall(fold(_CURRENCY.sub("$", text)))
    ]
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            hit = lex.country_term(" ".join(words[i : i + n]))
            if hit is not None:
                if hit[0] not in {code for code, _ in found} and _names_a_state(
                    words, i, i + n, hit[1]
                ):
                    found.append(hit)
                i += n - 1
                break
        i += 1
    return found


def with_country(actor: ActorCode, country: str) -> ActorCode:
    """An actor coded with a role but no country, placed in the given country (not a body of
    no one country: "Reuters reported" in a story of Germany is not German media)."""
    if actor.stateless:
        return actor
    return ActorCode(
        actor.name,
        country + (actor.role or ""),
        country,
        actor.role,
    )


LED = "-led"


def code_phrase(text: str, lex: Lexicon, when: date | None = None) -> ActorCode:
    """Code an actor from its words alone; `when` (the document's date) picks a known
    person's role then."""
    words = [
        part
        for word in _WORD.findall(clean_name(fold(text)))
        # "Vietnamese-led forces", "US-led coalition": the leader's country is the group's
        for part in ((word[: -len(LED)], "led") if word.endswith(LED) else (word,))
    ]
    if not words:
        return ActorCode(None, None, None, None)
    role = find_role(words, lex)
    hyphenated = [w for w in words if "-" in w and not w.startswith(("anti-", "pro-", "non-"))]
    if role is None and hyphenated:
        # "Vice-President", "Vice-Premier": the hyphenated title's own words (not
        # "anti-government groups")
        role = find_role([p for w in hyphenated for p in w.split("-") if p], lex)
    org = _find_organization(words, lex)
    if org is not None:
        term, code = org
        country = code[:3] if code[:3] in lex.countries else None
        org_role = code[3:6] if country and len(code) >= 6 else None
        if code in ROLE_CODES:  # a body of no one country: "Wikinews" MED
            return ActorCode(_organization_name(code, lex), code, None, code, stateless=True)
        return ActorCode(_organization_name(code, lex), code, country, org_role)
    country_hit = find_country(words, lex)
    if country_hit is not None:
        term, country, kind = country_hit
        if role is None and kind == "capital" and len(term.split()) >= len(words) - 1:
            role = (
                "GOV"  # "Beijing said", "the Kremlin": the seat of power speaks for the government
            )
        name = lex.countries[country].name
        return ActorCode(name, country + (role or ""), country, role)
    person = _find_person([unaccented(w) for w in words], unaccented(text), lex)
    if person is not None:
        # "Putin said", "President Bouteflika", "the Bush administration": a well-known person's
        # country; the phrase's own role comes first ("former president", "opposition leader")
        term, code = person
        # named by the person ("President Bouteflika"), or by the country for what the person
        # heads ("the Bush administration")
        named = term if unaccented(words[-1]) == term.split()[-1] else None
        return _person_code(code, role, lex, named)
    known = _find_known(words, lex)
    if known is not None:
        return _known_code(known, role, lex, when, unaccented(words[-1]).upper())
    region = _find(words, lex.regions)
    if region is not None:
        term, code = region
        return ActorCode(term, code + (role or ""), None, role)
    if role is not None:
        return ActorCode(None, role, None, role)
    return ActorCode(None, None, None, None)


def _find_person(words: list[str], text: str, lex: Lexicon) -> tuple[str, str] | None:
    """A well-known person named in a phrase. A one-word name followed by another capitalised
    word is someone's given name, not the listed surname ("Sharon Smith" is not Ariel Sharon;
    "Biden's Twitter account" is Biden's)."""
    for start, end, phrase in _ngrams(words):
        code = lex.people.get(phrase)
        if code is None:
            continue
        if end - start == 1 and re.search(rf"\b{re.escape(phrase)} +[A-Z]", text):
            continue
        return phrase, code
    return None


def _find_known(words: list[str], lex: Lexicon) -> tuple[str, KnownActor] | None:
    """A person, body or group of the known-actor dictionaries named in a phrase, matched
    whatever the case ("narendra modi"), but a one-word name only when capitalised and not
    followed by another capitalised word (a given name: "Farah Ahmed")."""
    upper = [unaccented(w).upper() for w in words]
    for start, end, phrase in _ngrams(upper):
        entry = lex.known.get(phrase)
        if entry is None or " ".join(words[start:end]) in lex.country_terms:
            continue  # parley's own country table has decided ("on the Thai border")
        if end - start == 1 and (
            not words[start][:1].isupper() or (end < len(words) and words[end][:1].isupper())
        ):
            continue
        return phrase, entry
    return None


def _known_code(
    found: tuple[str, KnownActor], role: str | None, lex: Lexicon, when: date | None, last: str
) -> ActorCode:
    """The code a known actor holds on the document's date; the phrase's own role wins over
    the entry's ("former president", "opposition leader"). Named by the entry when the phrase
    ends with it ("Sergei Shoigu"), else by its country ("the Shoigu ministry")."""
    term, entry = found
    code = entry.code_on(when)
    if code is None:
        return ActorCode(None, role, None, role)
    own = next((part for part in (code[3:6], code[:3]) if part in ROLE_CODES), None)
    name = term.title() if term.split()[-1] == last else None
    country = code[:3] if code[:3] in lex.countries else None
    if country is None:  # a body, group or company of its own: IGOUNOKID, MNCJPN, MED
        stateless = code in ROLE_CODES  # "Reuters": a news agency of no one country
        return ActorCode(name or term.title(), code, None, own or role, stateless=stateless)
    if role is not None and role != own:  # "General Prosper Avril": HTIMIL
        code = country + role
    return ActorCode(name or lex.countries[country].name, code, country, role or own)


def _person_code(code: str, role: str | None, lex: Lexicon, name: str | None) -> ActorCode:
    country = code[:3] if code[:3] in lex.countries else None
    if country is None:  # the head of an international body: "Kofi Annan" -> IGOUNO
        return ActorCode(name or _organization_name(code, lex), code, None, role)
    role = role or code[3:6] or None
    name = name or lex.countries[country].name
    return ActorCode(name, country + (role or ""), country, role)


def _organization_name(code: str, lex: Lexicon) -> str:
    return next(term for term, c in lex.organizations.items() if c == code)


def build_registry(
    people: Iterable[PersonMention], lex: Lexicon, when: date | None = None
) -> Registry:
    """Names of people introduced with a title or nationality, and bodies' initials defined
    in brackets -> their code, for the whole document.

    A later bare "Wang" or "Lavrov" resolves to the full name when only one person in the
    document carries that name part; a later "the SAA" to the Syrian Arab Army.
    """
    registry = Registry(when=when)
    parts: dict[str, set[str]] = {}
    for person in people:
        name = clean_name(person.name)
        coded = code_phrase(person.descriptor, lex, when)
        if coded.code is None or name in registry:
            continue
        registry.names[name] = ActorCode(name, coded.code, coded.country, coded.role)
        for part in name.split():
            if len(part) > 2 and part[0].isupper():
                parts.setdefault(part, set()).add(name)
    for part, names in parts.items():
        if len(names) == 1 and part not in registry:
            registry.names[part] = registry[next(iter(names))]
    return registry


# Roles whose people serve their own state wherever they are: "Israeli troops in Lebanon".
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def _at_home(actor: ActorCode, span: ActorSpan, lex: Lexicon) -> ActorCode:
    """Place a group in the country its phrase says it is in or from: "security forces in
    Guinea", "ethnic Albanians in Serbia" (a group is coded where it lives; a state's forces
    keep their state's code abroad)."""
    home = home_country(span, lex)
    if home is None and span.home and actor.country is None and actor.code == actor.role:
        body = code_phrase(span.home, lex)
        if body.code is not None and body.code[:3] in INTERNATIONAL_PREFIXES:
            # "observers from the OSCE": the body's people
            return ActorCode(body.name, body.code, body.country, body.role or actor.role)
    if home is None or actor.code is None and actor.role is None:
        return actor
    if actor.country is None or (actor.role not in STATE_ROLES and actor.code == actor.country):
        return with_country(actor, home)
    return actor


def home_country(span: ActorSpan, lex: Lexicon) -> str | None:
    """The one country a phrase's "in X" / "from X" names, if it names exactly one, else the
    country of the phrase's owner ("Bosnian Serbs" for "their forces": Bosnia)."""
    named = countries_in(span.home, lex) if span.home else []
    if len(named) == 1:
        return named[0]
    return code_phrase(span.owner, lex).country if span.owner and not named else None


def code_actor(span: ActorSpan, lex: Lexicon, registry: Registry) -> ActorCode:
    """Code an actor span, using what the document said earlier about the people in it."""
    text = span.text if span.apposition is None else f"{span.text} {span.apposition}"
    from_text = _at_home(code_phrase(text, lex, registry.when), span, lex)
    person = None
    if span.entity is not None and span.entity_label in {"PERSON", "ORG"}:
        person = registry.get(clean_name(span.entity))
    if person is None:
        person = registry.get(clean_name(span.head))
    if person is None:
        if span.entity_label == "PERSON" and span.entity is not None:
            return replace(from_text, name=clean_name(span.entity))
        return from_text
    # A title or nationality in the phrase itself wins over what the document said before; a
    # bare name is the person the document introduced ("Hassan" after "Tanzanian President
    # Samia Suluhu Hassan"), not a namesake in the dictionaries, unless the dictionaries know
    # that person's full name.
    bare = clean_name(text) in {clean_name(span.head), clean_name(span.entity or "")}
    if from_text.country is not None and from_text.country != person.country:
        if not bare or person.country is None:
            return from_text
        # the full name as the dictionaries know it, else as the document introduced it
        if not person.name or person.name == clean_name(text):
            return person
        full = code_phrase(person.name, lex, registry.when)
        return full if full.country is not None else person
    return ActorCode(
        person.name,
        person.code,
        person.country,
        person.role if from_text.role is None else from_text.role,
        stateless=from_text.stateless,
    )
