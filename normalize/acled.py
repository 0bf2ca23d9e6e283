"""A CAMEO-coded event and its sentence -> ACLED disorder, event and sub-event type, interaction."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from normalize.acled_model import Prediction, default_classifier
from normalize.actors import ActorCode
from normalize.lexicon import DATA_DIR, LexiconError

LOOTING = "Looting/property destruction"
# Sub-types that only words decide, whatever the code: they describe the harm done.
HARM_KEYWORDS = frozenset({"Sexual violence", "Abduction/forced disappearance", LOOTING})
# What a show of force (CAMEO 15) built: "set up a new observation post".
BASE_ESTABLISHED = "Headquarters or base established"
SHOW_OF_FORCE = "15"
ARMED_TYPES = frozenset({"State forces", "Rebel groups", "Political militias"})
VIOLENT_CODES = ("18", "19", "20")
DISRUPTED_WEAPONS = "Disrupted weapons use"
# Weapons that strike from afar and can be an event's actor: "jets", "a drone", "artillery".
REMOTE_WEAPONS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
# Sub-types that name no weapon, which a striking weapon as the actor replaces.
UNARMED_SUBS = frozenset({None, DISRUPTED_WEAPONS, "Attack", "Armed clash", LOOTING})
CRIME_SUBS = frozenset({"Arrests", DISRUPTED_WEAPONS, LOOTING})
# Actors of a crowd: what they destroy makes a riot.
CROWD_ACTORS = frozenset({"Civilians", "Rioters", "Protesters"})
ABDUCTION = "Abduction/forced disappearance"
CIVILIAN_VIOLENCE = "Violence against civilians"


@dataclass(frozen=True)
class AcledType:
    disorder_type: str
    event_type: str
    sub_event_type: str
    interaction: str | None
    # the classifier's probability when it decided the sub-event type
    probability: float | None = None


@dataclass(frozen=True)
class AcledRules:
    types: dict[str, tuple[str, str]]  # sub-event -> (event type, disorder type)
    instruments: list[tuple[str, re.Pattern]]
    keywords: list[tuple[str, re.Pattern]]
    cameo: dict[str, str]
    seizure_codes: tuple[str, ...] = ()
    weapon_words: re.Pattern | None = None
    hazards: re.Pattern | None = None  # natural hazards and accidents: not political violence
    words: dict[str, re.Pattern] = field(default_factory=dict)  # word classes by name
    decisions: tuple[Decision, ...] = ()
    actor_types: tuple[ActorTypeRule, ...] = ()
    # sub-event -> the CAMEO code of an event the classifier alone tells (acled_types.csv)
    learned_codes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ActorTypeRule:
    """One entry of acled.yaml `actor_types`: conditions (None: any) and the actor type."""

    then: str
    role: frozenset[str | None] | None = None
    not_role: frozenset[str | None] | None = None
    code: tuple[str, ...] | None = None
    not_code: tuple[str, ...] | None = None
    words: tuple[tuple[str, ...], ...] = ()
    not_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """One entry of acled.yaml `decisions`: conditions (None: any) and the sub-event type."""

    then: str | None
    mapped: frozenset[str | None] | None = None
    type1: frozenset[str | None] | None = None
    type2: frozenset[str | None] | None = None
    either: frozenset[str] | None = None
    words: tuple[tuple[str, ...], ...] = ()  # every entry: one of these word classes
    check: str | None = None


def _pattern(words: list[str]) -> re.Pattern:
    parts = []
    for word in words:
        escaped = re.escape(word.lower()).replace(r"\ ", r"\s+")
        parts.append(escaped[:-2] + r"\w*" if escaped.endswith(r"\*") else escaped)
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I)


@functools.lru_cache(maxsize=1)
def load_rules(path: Path = DATA_DIR / "acled.yaml") -> AcledRules:
    """The ACLED rules and the ACLED type table, validated against each other."""
    with (DATA_DIR / "acled_types.csv").open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    types = {r["sub_event_type"]: (r["event_type"], r["disorder_type"]) for r in table}
    learned_codes = {r["sub_event_type"]: r["cameo"] for r in table if r["cameo"]}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    special = {"violence", "territory"}
    if DISRUPTED_WEAPONS not in types:
        raise LexiconError(f"{path}: the ACLED types have no '{DISRUPTED_WEAPONS}'")
    for section in ("instruments", "keywords"):
        for sub in data[section]:
            if sub not in types:
                raise LexiconError(f"{path}: unknown ACLED sub-event type '{sub}' in {section}")
    for prefix, sub in data["cameo"].items():
        if sub not in types and sub not in special:
            raise LexiconError(f"{path}: unknown ACLED sub-event type '{sub}' for CAMEO {prefix}")
    return AcledRules(
        types=types,
        learned_codes=learned_codes,
        instruments=[(sub, _pattern(words)) for sub, words in data["instruments"].items()],
        keywords=[(sub, _pattern(words)) for sub, words in data["keywords"].items()],
        cameo={str(k): v for k, v in data["cameo"].items()},
        seizure_codes=tuple(str(c) for c in data["seized_weapons"]["cameo"]),
        weapon_words=_pattern(data["seized_weapons"]["words"]),
        hazards=_pattern(data["hazards"]) if data.get("hazards") else None,
        words={name: re.compile(regex, re.I) for name, regex in data["word_classes"].items()},
        decisions=tuple(
            _decision(entry, number, types, set(data["word_classes"]), path)
            for number, entry in enumerate(data["decisions"], start=1)
        ),
        actor_types=tuple(
            _actor_type_rule(entry, number, set(data["word_classes"]), path)
            for number, entry in enumerate(data["actor_types"], start=1)
        ),
    )


def _conditions(entry: dict, allowed: frozenset[str], where: str) -> dict:
    """An entry's `if:` conditions, none of them unknown."""
    conditions = entry.get("if") or {}
    unknown = set(conditions) - allowed
    if unknown:
        raise LexiconError(f"{where}: unknown condition {sorted(unknown)[0]!r}")
    return conditions


def _word_conditions(
    entries: list[str], classes: set[str], where: str
) -> tuple[tuple[str, ...], ...]:
    """Word-class conditions, each one class or alternatives written a|b, all known."""
    words = tuple(tuple(entry.split("|")) for entry in entries)
    for name in (n for alternatives in words for n in alternatives):
        if name not in classes:
            raise LexiconError(f"{where}: unknown word class {name!r}")
    return words


def _words_hold(rules: AcledRules, words: tuple[tuple[str, ...], ...], text: str) -> bool:
    """Whether every word condition has one of its classes in the text."""
    return all(any(rules.words[n].search(text) for n in alternatives) for alternatives in words)


ACTOR_RULE_KEYS = frozenset({"role", "not_role", "code", "not_code", "words", "not_words"})


def _actor_type_rule(entry: dict, number: int, classes: set[str], path: Path) -> ActorTypeRule:
    """One entry of acled.yaml's `actor_types`, checked; an error names its number."""
    where = f"{path.name}: actor type {number}"
    conditions = _conditions(entry, ACTOR_RULE_KEYS, where)
    if entry.get("then") not in ACTOR_TYPES - {None}:
        raise LexiconError(f"{where}: unknown actor type {entry.get('then')!r}")
    words = _word_conditions(conditions.get("words", []), classes, where)
    not_words = tuple(
        name
        for alternatives in _word_conditions(conditions.get("not_words", []), classes, where)
        for name in alternatives
    )

    def roles(name: str) -> frozenset | None:
        return frozenset(conditions[name]) if name in conditions else None

    def prefixes(name: str) -> tuple[str, ...] | None:
        return tuple(conditions[name]) if name in conditions else None

    return ActorTypeRule(
        entry["then"],
        roles("role"),
        roles("not_role"),
        prefixes("code"),
        prefixes("not_code"),
        words,
        not_words,
    )


# ACLED's actor types, as the decisions name them (None: no type).
ACTOR_TYPES = frozenset(
    {"State forces", "Rebel groups", "Political militias", "Identity militias", "Rioters",
     "Protesters", "Civilians", "External/Other forces", None}
)  # fmt: skip
DECISION_KEYS = frozenset({"mapped", "type1", "type2", "either", "words", "check"})


def _decision(entry: dict, number: int, types: dict, classes: set[str], path: Path) -> Decision:
    """One decision of acled.yaml, checked against the ACLED types, the actor types, the word
    classes and the named checks; an error names the decision's number."""
    where = f"{path.name}: decision {number}"
    conditions = _conditions(entry, DECISION_KEYS, where)
    then = entry.get("then")
    if then is not None and then not in types:
        raise LexiconError(f"{where}: unknown ACLED sub-event type {then!r}")
    for name in ("type1", "type2", "either"):
        for value in conditions.get(name, ()):
            if value not in ACTOR_TYPES:
                raise LexiconError(f"{where}: unknown actor type {value!r}")
    for value in conditions.get("mapped", ()):
        if value is not None and value not in types and value not in {"violence", "territory"}:
            raise LexiconError(f"{where}: unknown mapped type {value!r}")
    words = _word_conditions(conditions.get("words", []), classes, where)
    check = conditions.get("check")
    if check is not None and check not in DECISION_CHECKS:
        raise LexiconError(f"{where}: unknown check {check!r}")

    def values(name: str) -> frozenset | None:
        return frozenset(conditions[name]) if name in conditions else None

    return Decision(
        then,
        values("mapped"),
        values("type1"),
        values("type2"),
        values("either"),
        words,
        check,
    )


def names_a_hazard(text: str) -> bool:
    """Whether a text names a natural hazard or an accident (acled.yaml `hazards`) and no
    weapon ("a bomb exploded at a factory" is no accident)."""
    rules = load_rules()
    if rules.hazards is None or rules.hazards.search(text) is None:
        return False
    return not names_a_weapon(text)


def names_a_weapon(text: str) -> bool:
    """Whether a text names an attack or a weapon (acled.yaml `instruments`)."""
    if load_rules().words["attack"].search(text):
        return True
    return any(pattern.search(text) for _, pattern in load_rules().instruments)


# ACLED's actor type for the crowd that makes a protest or a riot.
CROWD_TYPES = {"Protests": "Protesters", "Riots": "Rioters"}


def actor_type(actor: ActorCode | None, text: str | None) -> str | None:
    """ACLED's actor type for a coded actor: the first of acled.yaml's `actor_types` that
    holds."""
    if actor is None and not text:
        return None
    rules = load_rules()
    role = actor.role if actor is not None else None
    code = actor.code or "" if actor is not None else ""
    for rule in rules.actor_types:
        if _actor_rule_holds(rules, rule, role, code, text):
            return rule.then
    return None


def _actor_rule_holds(
    rules: AcledRules, rule: ActorTypeRule, role: str | None, code: str, text: str | None
) -> bool:
    if rule.role is not None and role not in rule.role:
        return False
    if rule.not_role is not None and role in rule.not_role:
        return False
    if rule.code is not None and not code.startswith(rule.code):
        return False
    if rule.not_code is not None and code.startswith(rule.not_code):
        return False
    if rule.words and not text:
        return False
    if any(text and rules.words[name].search(text) for name in rule.not_words):
        return False
    return _words_hold(rules, rule.words, text)


def classify(
    cameo_code: str,
    actor1: ActorCode | None,
    actor1_text: str | None,
    actor2: ActorCode | None,
    actor2_text: str | None,
    sentence: str,
    lead: str = "",
    follow: str = "",
) -> AcledType | None:
    """The ACLED type of a coded event, or None where ACLED has none (talks, statements).
    `lead`, `follow`: what the classifier reads before and after the sentence (the rules read
    the sentence only)."""
    rules = load_rules()
    type1, type2 = actor_type(actor1, actor1_text), actor_type(actor2, actor2_text)
    sub = _sub_event(rules, cameo_code, type1, type2, sentence)
    if cameo_code.startswith((*VIOLENT_CODES, "171")) and sub in UNARMED_SUBS:
        sub = _striking_instrument(rules, actor1_text) or sub
    if sub == LOOTING and type1 in CROWD_ACTORS:
        # ACLED: property a crowd destroys is a riot ("Students burn down a dormitory in
        # protest", "Residents destroyed property belonging to suspected murderers"); looting
        # and destruction are their own sub-type when armed groups or unknown hands do them
        protest = type1 == "Protesters" or rules.words["protest_context"].search(sentence)
        sub = "Violent demonstration" if protest else "Mob violence"
    if sub is None or _ordinary_crime(rules, sub, sentence):
        return None
    # The rules decide whether an event is one ACLED codes; the classifier, when sure, which,
    # except for the sub-types the rules keep (RULES_KEEP).
    learned = learned_type(" ".join(filter(None, (lead, sentence, follow))))
    probability = None
    armed_victims = _armed_victims(rules, learned, actor2, type2)
    if learned is not None and sub not in RULES_KEEP and not armed_victims:
        sub, probability = learned.sub_event_type, learned.probability
    event_type, disorder = rules.types[sub]
    if type1 in {None, *CROWD_ACTORS} and event_type in CROWD_TYPES:
        # those who protest are protesters, those who riot rioters, in ACLED's terms (party
        # supporters who march peacefully too)
        type1 = CROWD_TYPES[event_type]
    interaction = "-".join(t for t in (type1, type2) if t) or None
    return AcledType(disorder, event_type, sub, interaction, probability)


# Roles of State forces that carry no arms: a target coded as the government (often a person
# of the government's party, "a Trump supporter" USAGOV) is no armed one.
UNARMED_STATE_ROLES = frozenset({"GOV", "JUD", "LEG"})


def _armed_victims(
    rules: AcledRules, learned: Prediction | None, actor2: ActorCode | None, type2: str | None
) -> bool:
    """Whether the classifier would make violence against an armed target violence against
    civilians ("Unidentified gunmen attacked a police checkpoint and killed an officer": the
    note reads as an attack, but police are no civilians): the rules' type stands."""
    if learned is None or type2 not in ARMED_TYPES:
        return False
    if actor2 is not None and actor2.role in UNARMED_STATE_ROLES:
        return False
    return rules.types[learned.sub_event_type][0] == CIVILIAN_VIOLENCE


# How sure the classifier must be to decide the type of an event the rules typed. First chosen
# at 0.6 by 5-fold cross-validation on the tune halves of ACLED's notes and CASE 2021's news
# snippets (with CASE_WEIGHT in data/train_acled.py): the lowest threshold at which CASE's
# weighted F1 stayed at least that of the rules alone (notes type 73.1 %, CASE 0.691; rules
# alone 60.5 %, 0.687). Since the classifier reads a report's lead and the sentences that go on
# telling it, it is surer of more notes; on the check halves (the tune halves are its training
# data), notes type / sub-type / CASE weighted F1: 0.6 78.2 / 75.0 / 0.724, 0.5 80.0 / 77.0 /
# 0.727, 0.45 80.6 / 77.7 / 0.720, 0.4 81.3 / 78.5 / 0.698, 0.3 82.4 / 79.5 / 0.687. 0.5 is the
# lowest that keeps CASE at least where it was. With the classifier's stems and crowd mask,
# chosen again by 2-fold cross-validation inside the tune halves (a classifier trained on one
# fold types the other; notes type / sub-type / CASE weighted F1): 0.55 80.8 / 76.8 / 0.681,
# 0.5 81.7 / 77.7 / 0.681, 0.45 82.6 / 78.7 / 0.685, 0.4 83.2 / 79.5 / 0.673. Measured and
# left out: a second block of features, the 3- to 5-letter pieces of the words (the same
# folds at 0.45: 84.8 / 81.1 / 0.670 against 82.5 / 78.7 / 0.673 without; but on the check
# halves notes type 83.6 -> 84.8 % and CASE 0.730 -> 0.705: news snippets typed worse; with
# the classifier kept from making a crowd's violence the rules read an unarmed protest, 84.2 %
# and 0.710; that guard alone, 83.1 % and 0.730); deciding by the event type's probability
# summed over its sub-types (0.45: 85.2 / 81.5 / 0.645 in the folds).
LEARNED_MIN = 0.45


def learned_type(sentence: str) -> Prediction | None:
    """The classifier's sub-event type of a sentence, when it is sure enough."""
    found = _predicted(sentence)
    return found if found is not None and found.probability >= LEARNED_MIN else None


@functools.lru_cache(maxsize=4096)
def _predicted(text: str) -> Prediction | None:
    """The classifier's prediction for a text, once per text (a lead is read for its learned
    event and again for its rows' types), or None without a classifier."""
    classifier = default_classifier()
    return classifier.predict(text) if classifier is not None else None


def learned_event(text: str, minimum: float) -> str | None:
    """The CAMEO code of the event the classifier is sure (`minimum`) a text reports, by its
    sub-event type (acled_types.csv `cameo`): none for the sub-types the rules keep
    (RULES_KEEP), for those with no code (Other, Change to group/activity), for a text that
    names no weapon and none of the words of its kind of event (CROWD_WORDS, HARM_WORDS), and
    for an arrest or a seizure in a story of ordinary crime."""
    found = _predicted(text)
    if found is None:
        return None
    rules = load_rules()
    code = rules.learned_codes.get(found.sub_event_type)
    if found.probability < minimum or code is None or found.sub_event_type in RULES_KEEP:
        return None
    told = CROWD_WORDS if rules.types[found.sub_event_type][0] in CROWD_TYPES else HARM_WORDS
    if not (any(rules.words[name].search(text) for name in told) or names_a_weapon(text)):
        return None  # "The mayor of Seoul was found dead": no one is said to have done harm
    return None if _ordinary_crime(rules, found.sub_event_type, text) else code


# The word classes (acled.yaml) an event the classifier alone tells must name one of, besides a
# weapon: a crowd's protest or riot, and violence.
CROWD_WORDS = (
    "protest_context",
    "protester",
    "violent_protest",
    "rioter",
    "crowd_acts",
    "harm_done",
)
HARM_WORDS = ("harm_done",)


def acled_may_type(cameo_code: str) -> bool:
    """Whether an event of this CAMEO code may get an ACLED type (acled.yaml `cameo`): a
    protest, an act of force, an arrest; not a statement, a meeting or aid."""
    return _mapped(load_rules(), cameo_code) is not None


def _ordinary_crime(rules: AcledRules, sub: str, sentence: str) -> bool:
    """An arrest, seizure or theft in a story of ordinary crime ("police seized guns and
    drugs" is still weapons taken out of use)."""
    if sub not in CRIME_SUBS or not rules.words["ordinary_crime"].search(sentence):
        return False
    armed = rules.weapon_words is not None and rules.weapon_words.search(sentence)
    return not (sub == DISRUPTED_WEAPONS and armed)


def _mapped(rules: AcledRules, code: str) -> str | None:
    """The sub-type (or rule name) of a CAMEO code's longest prefix in acled.yaml."""
    return next(
        (rules.cameo[code[:n]] for n in range(len(code), 1, -1) if code[:n] in rules.cameo), None
    )


def _striking_instrument(rules: AcledRules, actor_text: str | None) -> str | None:
    """The weapon an actor is ("Turkish jets destroyed weapon depots": an air strike, not
    weapons seized), for the weapons of remote violence."""
    if not actor_text:
        return None
    return next(
        (
            sub
            for sub, pattern in rules.instruments
            if sub in REMOTE_WEAPONS and pattern.search(actor_text)
        ),
        None,
    )


def _sub_event(
    rules: AcledRules, code: str, type1: str | None, type2: str | None, sentence: str
) -> str | None:
    if code.startswith(rules.seizure_codes) and rules.weapon_words is not None:
        if rules.weapon_words.search(sentence):
            return DISRUPTED_WEAPONS  # "police seized seven firearms"
    if code.startswith(SHOW_OF_FORCE):
        for sub, pattern in rules.keywords:
            if sub == BASE_ESTABLISHED and pattern.search(sentence):
                return BASE_ESTABLISHED
    mapped = _mapped(rules, code)
    if mapped == ABDUCTION:
        return mapped  # an abduction whatever the weapons named beside it
    if mapped == "territory":
        # a place taken is a change of territory whatever weapons the sentence names
        if rules.words["unopposed"].search(sentence):
            return "Non-violent transfer of territory"  # "seized the deserted site"
        if type1 == "State forces":
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    violent = code.startswith(VIOLENT_CODES) or code.startswith(("15", "171", "175"))
    if mapped == "Violent demonstration" and type1 == "Rioters":
        if not rules.words["protest_context"].search(sentence):
            return "Mob violence"  # "a mob went on a rampage": no demonstration behind it
    if mapped == "Violent demonstration" and type1 in ARMED_TYPES:
        # "suicide attackers tried to storm the police compound": armed men make no riot
        violent, mapped = True, "violence"
    if violent:
        armed_with = rules.words["anti_aircraft"].sub(" ", sentence)
        armed_with = rules.words["rocket_grenade"].sub("rocket", armed_with)
        for sub, pattern in rules.instruments:
            if pattern.search(armed_with):
                return sub
    for sub, pattern in rules.keywords:
        if sub == BASE_ESTABLISHED:
            continue  # only a show of force establishes a base (above)
        if (not violent or sub in HARM_KEYWORDS) and pattern.search(sentence):
            return sub
    return decide(rules, mapped, type1, type2, sentence)[1]


def decide(
    rules: AcledRules, mapped: str | None, type1: str | None, type2: str | None, sentence: str
) -> tuple[int | None, str | None]:
    """The first of acled.yaml's `decisions` that holds (its index) and the sub-event type it
    gives; (None, mapped) when none holds."""
    for index, decision in enumerate(rules.decisions):
        if _holds(rules, decision, mapped, type1, type2, sentence):
            return index, decision.then
    return None, mapped


def _holds(
    rules: AcledRules,
    decision: Decision,
    mapped: str | None,
    type1: str | None,
    type2: str | None,
    sentence: str,
) -> bool:
    if decision.mapped is not None and mapped not in decision.mapped:
        return False
    if decision.type1 is not None and type1 not in decision.type1:
        return False
    if decision.type2 is not None and type2 not in decision.type2:
        return False
    if decision.either is not None and not decision.either & {type1, type2}:
        return False
    if decision.check is not None and not DECISION_CHECKS[decision.check](
        rules, mapped, type1, type2, sentence
    ):
        return False
    return _words_hold(rules, decision.words, sentence)


def _protest_target(
    rules: AcledRules, mapped: str | None, type1: str | None, type2: str | None, sentence: str
) -> bool:
    """The target is protesters, or an arrest was made during a protest of people who are no
    armed group ("activists were detained while trying to hold demonstrations")."""
    if type2 == "Protesters":
        return True
    during = mapped == "Arrests" and rules.words["during_protest"].search(sentence)
    return bool(during) and type2 not in ARMED_TYPES


def _state_force(
    rules: AcledRules, mapped: str | None, type1: str | None, type2: str | None, sentence: str
) -> bool:
    """The doer is a state force, or names none and the sentence names one."""
    if type1 == "State forces":
        return True
    return type1 is None and rules.words["state_force"].search(sentence) is not None


# Checks a decision names that its conditions cannot say (acled.yaml `decisions`: check).
DECISION_CHECKS = {"protest_target": _protest_target, "state_force": _state_force}


REMOTE_VIOLENCE = "Explosions/Remote violence"
# ACLED's event types of armed violence (an unknown perpetrator is an unidentified armed group).
ARMED_VIOLENCE = frozenset({"Battles", REMOTE_VIOLENCE, CIVILIAN_VIOLENCE})
GENERIC_EXPLOSIVE = "Remote explosive/landmine/IED"  # also any "blast" or "explosion"
TERRITORY_TAKEN = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
# Sub-types the rules keep whatever the classifier reads: weapons seized (it reads them as
# their use: "Police seized a grenade launcher" is no grenade attack) and changes of territory,
# which CAMEO's "occupy territory" tells and ACLED's notes hold too few of to learn (6 of the
# 19,027 are territory regained: "Militants seized the deserted town" is no looting).
RULES_KEEP = frozenset({DISRUPTED_WEAPONS, "Non-violent transfer of territory"} | TERRITORY_TAKEN)
CROWD_VIOLENCE = frozenset(
    {"Mob violence", "Violent demonstration", "Excessive force against protesters"}
)
UNARMED_PROTEST = frozenset({"Peaceful protest", "Protest with intervention"})
RIOTING = frozenset({"Violent demonstration", "Mob violence"})
# How many sentences apart the parts of one incident may be told.
INCIDENT_REACH = 1


@dataclass(frozen=True)
class Typed:
    """An event as the incident rules read it: its sentence, its doer's code, its type and
    the place written for it (None when the text writes none beside it)."""

    sentence_index: int
    doer: str | None
    acled: AcledType | None
    place: str | None = None

    @property
    def sub(self) -> str | None:
        return self.acled.sub_event_type if self.acled is not None else None

    @property
    def event_type(self) -> str | None:
        return self.acled.event_type if self.acled is not None else None


def share_incident_types(events: list[Typed]) -> list[AcledType | None]:
    """Violence told beside a change of territory or an explosion is part of that incident,
    and ACLED codes the incident once, by what sets it apart:
    - fighting by the side that takes a place: "troops clashed with insurgents, capturing a
      village" is the government regaining territory;
    - a killing by the same hand, or none named, beside a bombing, a shelling or a strike:
      "Suicide bombers blew themselves up. The explosion killed only the bombers." is a
      suicide bomb (the most specific weapon told).
    Returns each event's type, in order."""
    types = load_rules().types
    shared = []
    for event in events:
        acled = event.acled
        sub = _incident_type(event, events)
        if acled is not None and sub is not None and sub != acled.sub_event_type:
            event_type, disorder = types[sub]
            acled = replace(
                acled, disorder_type=disorder, event_type=event_type, sub_event_type=sub
            )
        shared.append(acled)
    return shared


def _incident_type(event: Typed, events: list[Typed]) -> str | None:
    sub = event.sub
    if sub in UNARMED_PROTEST and any(
        other.sub in RIOTING and _near(event, other) and _maybe_same_hand(event, other)
        for other in events
    ):
        # "Residents demonstrated over the arrest. The demonstrators burnt down six houses":
        # a protest whose crowd turned violent is a violent demonstration
        return "Violent demonstration"
    violent = event.event_type in ARMED_VIOLENCE
    if not violent or sub in TERRITORY_TAKEN:
        return None
    taken = {
        other.sub
        for other in events
        if other.sub in TERRITORY_TAKEN
        and other.sentence_index == event.sentence_index
        and event.doer is not None
        and _same_hand(event, other)
    }
    if len(taken) == 1:
        return taken.pop()
    if sub == "Attack" or (sub == "Armed clash" and event.doer is None):
        # "The blast killed six police officers": no clash, the blast's harm
        weapons = {
            other.sub
            for other in events
            if other.event_type == REMOTE_VIOLENCE
            and _near(event, other)
            and _maybe_same_hand(event, other)
        }
        specific = weapons - {GENERIC_EXPLOSIVE}
        weapons = specific or weapons  # "suicide bombers ... the explosion"
        if len(weapons) == 1:
            return weapons.pop()
        if event.doer is None:
            # "A man was killed as villagers clashed with sticks": the crowd's violence
            crowd = {
                other.sub
                for other in events
                if other.sub in CROWD_VIOLENCE and other.sentence_index == event.sentence_index
            }
            if len(crowd) == 1:
                return crowd.pop()
    return None


def _near(event: Typed, other: Typed) -> bool:
    """Told within INCIDENT_REACH sentences, and not at two places written apart ("protesters
    marched in Abuja ... Youths stoned a convoy in Maiduguri": two incidents)."""
    apart = event.place is not None and other.place is not None and event.place != other.place
    return abs(other.sentence_index - event.sentence_index) <= INCIDENT_REACH and not apart


def _same_hand(event: Typed, other: Typed) -> bool:
    return event.doer == other.doer


def _maybe_same_hand(event: Typed, other: Typed) -> bool:
    """The same doer, or one of the two names none."""
    return None in (event.doer, other.doer) or _same_hand(event, other)
