"""EventMention -> EventRecord: CAMEO actor and event codes, venue, date, confidence, dedup."""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pycountry

from extractors.mentions import (
    FIRST_PERSON,
    PLURAL_PRONOUNS,
    About,
    ActorSpan,
    DocumentMentions,
    EventMention,
    initialism,
    is_pronoun,
    names_a_pair,
)
from extractors.venue_model import default_ranker
from extractors.venues import PlacePhrase
from extractors.words import WORDS
from normalize.acled import (
    ARMED_VIOLENCE,
    LEARNED_MIN,
    AcledType,
    Typed,
    acled_may_type,
    classify,
    learned_event,
    names_a_hazard,
    names_a_weapon,
    share_incident_types,
)
from normalize.actors import (
    BORDER_WORDS,
    STATE_ROLES,
    ActorCode,
    Registry,
    build_registry,
    capital_named,
    clean_name,
    code_actor,
    code_phrase,
    countries_in,
    countries_named_in,
    home_country,
    with_country,
)
from normalize.dates import resolve_date
from normalize.lexicon import (
    INTERNATIONAL_PREFIXES,
    CameoCode,
    Country,
    Lexicon,
    load_code_sets,
)
from normalize.places import (
    NOT_SMALL_PLACES,
    PRECISION_COUNTRY,
    PRECISION_REGION,
    WORLD_REGIONS,
    Gazetteer,
    Place,
    distance_km,
    plain_name,
)
from normalize.ruleset import extractor_name
from normalize.villages import place_key
from storage.schema import PIPELINE_VERSION, Document, EventRecord

# CAMEO codes and roots the rules below treat alike, with why and examples: data/coding_sets.yaml.
CODE_SETS = load_code_sets()
AT_HOME_ROOTS = CODE_SETS["at_home_roots"]
FORCE_ABROAD_ROOTS = CODE_SETS["force_abroad_roots"]
# Who serves in their own country: a target of these roles places force used on it there.
SERVING_AT_HOME_ROLES = frozenset({"MIL", "COP"})
UNTARGETED_ROOTS = CODE_SETS["untargeted_roots"]
HOME_TARGET_CODES = tuple(sorted(CODE_SETS["home_target_codes"]))  # read as prefixes
PLACE_TARGET_ROOTS = CODE_SETS["place_target_roots"]
PROTEST_AIMS = CODE_SETS["protest_aims"]
SYMMETRIC_CODES = CODE_SETS["symmetric_codes"]
SEIZURE_CODES = CODE_SETS["seizure_codes"]
DAMAGE_WORDS = CODE_SETS["damage_words"]
VISIT_CODES = CODE_SETS["visit_codes"]
GATHERING_WORDS = CODE_SETS["gathering_words"]
OFFICIAL_PROTEST_WORDS = CODE_SETS["official_protest_words"]
CROWD_PROTEST_WORDS = CODE_SETS["crowd_protest_words"]
CONSIDERED_CODES = CODE_SETS["considered_codes"]
OFFICIAL_COMPLAINT = "114"

# Nouns that can stand for an actor even when no dictionary codes them.
ACTOR_HEADS = frozenset(
    {"official", "leader", "minister", "president", "government", "troop", "soldier", "force",
     "police", "protester", "rebel", "militant", "people", "resident", "group", "country",
     "nation", "side", "ministry", "spokesman", "spokeswoman", "army", "military", "delegation",
     "suspect", "inmate", "prisoner", "victim", "hostage", "detainee", "bomber", "attacker",
     "assailant", "member", "supporter", "worker", "fighter", "gunman", "man", "woman", "child",
     "civilian", "villager", "party", "movement", "organization", "organisation", "unit",
     "demonstrator", "protestor", "marcher", "striker", "activist", "crowd", "rioter",
     "student", "employee", "journalist", "farmer", "doctor", "teacher", "officer", "guard",
     "commander", "militia", "insurgent", "authority", "lawmaker", "legislator", "opponent",
     "citizen", "refugee", "migrant", "youth", "mob", "union", "coalition", "faction",
     "fundamentalist", "extremist", "islamist", "radical", "separatist", "nationalist",
     "loyalist", "intellectual", "representative", "envoy", "diplomat", "ambassador",
     "delegate", "negotiator", "mediator", "observer", "monitor", "inspector", "peacekeeper",
     "adviser", "advisor", "expert", "critic", "dissident", "regime", "administration",
     "cabinet", "parliament", "council", "committee", "court", "agency", "association",
     "federation", "alliance", "bloc", "league", "elder", "chief", "cleric", "guerrilla",
     "jihadist", "settler", "tribesman", "clan", "sailor", "marine", "pilot",
     "policeman", "policemen", "trooper", "personnel", "staff", "volunteer", "terrorist",
     "wing", "leadership", "branch", "charity", "vigilante", "bandit", "herdsman", "herder",
     "gang", "cultist", "thug", "kidnapper", "smuggler", "pirate", "hacker"}
)  # fmt: skip
# Named organisations the dictionaries do not know are still actors ("the Centre for ...").
NAMED_ACTOR_LABELS = frozenset({"ORG", "NORP"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "him", "her", "them", "us"})
STATEMENT_ROOT = "01"
CONSULT_ROOT = "04"
INTENT_ROOT = "03"
PLAIN_STATEMENT = "010"
# The CAMEO roots that frame another event: "urged X to withdraw" is an appeal (02) whose
# complement (087 de-escalate) picks the sub-code: 0256 appeal for de-escalation.
FRAME_OF_ROOT = {"02": "appeal", "03": "intent", "10": "demand", "12": "reject", "13": "threaten"}
# A modal frames the event it modifies: "will visit" is an intent, "must return" a demand.
MODAL_FRAME = {"will": "intent", "must": "demand", "should": "appeal"}
COOPERATION_ROOTS = frozenset({"04", "05", "06", "07", "08"})
CONFLICT_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})
MAKE_VISIT = "042"  # (043 is hosting one: what "received" takes is no place)
MATERIAL_QUADS = frozenset({2, 4})
VIOLENT_QUAD = 4
OCCUPY_CODE = "192"
THREATEN_CODE = "130"
PROTEST_ROOT = "14"


@dataclass(frozen=True)
class _Coded:
    mention: EventMention
    cameo: CameoCode
    actor1: ActorCode | None
    actor2: ActorCode | None
    place: Place | None
    key_used: str
    actor1_text: str | None
    actor2_text: str | None
    negated: bool
    place_text: str | None
    # the target was found in what the event is about, not as its object (no confidence)
    target_from_topic: bool = False
    # other sentences that tell the same event: "The attacks were carried out with grenades"
    retold_in: tuple[str, ...] = ()
    # the event's key came from the imported PETRARCH2 verbs, not parley's own
    imported: bool = False
    # the place is the story's, not one written for the event (a fallback)
    story_place: bool = False
    # an armed body's move into a place, coded by verbs.yaml `armed` ("troops entered Goma")
    armed_move: bool = False
    # actor1 is the state body whose act it is, the text naming no doer (no confidence)
    implied_agent: bool = False
    # done by a thing ("Video captured Trump"): no event, dropped once the story's country
    # and place are found (it still tells where the story is)
    by_thing: bool = False
    # its subject names no one in any sense WordNet knows ("The bronze medal went to ..."):
    # less sure (THING_PENALTY)
    thing_subject: bool = False


def code_events(
    document: Document, found: DocumentMentions, lex: Lexicon, gazetteer: Gazetteer
) -> list[EventRecord]:
    """Code every event mention of one document and merge mentions of the same event."""
    published = document.published_at.date() if document.published_at else None
    registry = build_registry(found.people, lex, published)
    named = _document_countries(found, lex)
    votes = _place_votes(found, lex, gazetteer, named)
    placed_in = _place_country(votes, named)
    context = named | placed_in
    coded: list[_Coded] = []
    dateline = None
    if found.dateline is not None:
        dateline = gazetteer.resolve(found.dateline.name, lex, context, villages=True)
    for mention in found.mentions:
        item = _code_mention(mention, lex, registry, gazetteer, context)
        if item is not None:
            coded.append(item)
    placed_sentences = frozenset(index for index, _, _ in found.places)
    coded += _learned_events(coded, found, placed_sentences, lex, registry, gazetteer, context)
    coded = _without_disasters(coded, found.mentions)
    coded = _without_approaches(coded)
    coded = _without_imported_retellings(coded)
    coded = _resolve_pronouns(coded, found, lex, registry)
    coded = _quoted_speakers(coded, found.sentences)
    coded = _without_unknown_speakers(coded)
    coded = _share_incident_places(coded)
    coded = _in_sentence_places(coded, found, lex, gazetteer, context)
    coded = [_town_bodies(c, lex, gazetteer, context, found.uncased) for c in coded]
    if dateline is not None:
        # No venue in the sentence: the story's dateline is where it was reported from, a
        # fallback (geo_precision 3 as for the story's own town): the text does not say the
        # event happened there ("NAKURU, Kenya - ... Two people were killed in the clashes")
        fallback = replace(dateline, geo_precision=max(dateline.geo_precision, PRECISION_COUNTRY))
        # (a venue written that the gazetteer does not know keeps its words: "outside the
        # White House", with the dateline's coordinates at precision 3)
        coded = [
            replace(
                c, place=fallback, place_text=c.place_text or found.dateline.text, story_place=True
            )
            if c.place is None
            else c
            for c in coded
        ]
    coded = _compose_frames(coded, lex, registry)
    coded = [replace(c, cameo=refine_by_topic(c.cameo, c.mention.topic, lex)) for c in coded]
    # (bodies and people take the country of two or more of the story's places, not of one:
    # "The foreign minister arrived in Paris" is no French minister)
    coded = _in_story_country(coded, lex, _place_country(votes, named, alone=False))
    coded = [_placed(_target_from_topic(c, lex, registry), lex) for c in coded]
    coded = _drop_reporting_statements(coded)
    coded = _at_story_place(coded, found, lex, gazetteer, context)
    coded = _in_country_of_story(coded, lex, gazetteer, context, placed_in)
    coded = [_with_implied_agent(c, lex) for c in coded if not c.by_thing]
    coded = _without_transcript(coded, found.transcript_from)
    merged = _merge(coded)
    extractor = extractor_name() + lex.tag
    types = share_incident_types(
        [
            Typed(
                item.mention.sentence_index,
                item.actor1.code if item.actor1 is not None else None,
                _acled_type(item, found.sentences, placed_sentences),
                _written_place(item),
            )
            for item, _ in merged
        ]
    )
    records = []
    for (item, count), acled in zip(merged, types, strict=True):
        item, acled = _unidentified_perpetrator(item, acled, lex)
        records.append(_record(document, item, count, extractor, acled))
    return records


# How sure the ACLED classifier must be that a story's lead reports an event of ACLED's for the
# lead to get one when the rules coded none there. Chosen by 2-fold cross-validation inside the
# tune halves (a classifier trained on one fold codes the other; ACLED notes event type / CASE
# weighted F1): none 82.9 % / 0.673, 0.6 83.2, 0.45 83.5, 0.35 83.8, 0.3 83.9, 0.25 83.9 %,
# CASE unchanged throughout. Lower gains more notes but adds wrong events: of the learned events
# the classifier was 0.35-0.45 sure of, 37 of 47 were typed right, of those 0.25-0.35 sure, 24
# of 48. Measured and left out: 0.35 (check notes type 84.80 -> 84.95 %), which on the Wikinews
# corpus made "Hatice Cengiz ... addressed reporters in New York, calling for the killers of
# Khashoggi to be brought to justice" a protest in New York (confidence 0.85), and moved the
# story's fallback place off Saudi Arabia for ten rows. As sure as the classifier must be to
# type an event the rules found (LEARNED_MIN).
LEARNED_EVENT_MIN = LEARNED_MIN


def _learned_events(
    coded: list[_Coded],
    found: DocumentMentions,
    placed: frozenset[int],
    lex: Lexicon,
    registry: Registry,
    gazetteer: Gazetteer,
    context: set[str],
) -> list[_Coded]:
    """An event for a story's lead (`placed`: the sentences that name a place) the rules coded
    no event of ACLED's kinds in (a protest, an
    act of force, an arrest: `acled_may_type`), nor in the sentences that go on telling it,
    when the ACLED classifier is sure it tells one (LEARNED_EVENT_MIN) and it names no
    disaster: the verb the rules did not code highest in the sentence, in its main clause or
    one clause down (else the first such noun; not "said", which is the statement's: "Hundreds
    of growers marched ... to demand bonuses they say the company owes them", the model making
    "say" the root), coded with the sub-event type's CAMEO code ("On 10 May 2021, pastoralists
    demonstrated against the reopening of donkey slaughterhouses": no actor the dictionaries
    know, a verb of several senses)."""
    if not found.sentences:
        return []
    told_in = {0, *_follow_indices(found.sentences, placed)}
    # what the rules' events will be once complements are folded into their frames: an event
    # noun under a verb the rules did not code is none ("Rowdy youth disrupted Kenyatta's
    # rally": no rally event, and no event at all unless learned here)
    by_start, folded = _fold_complements(coded, lex)
    kept = [c for start, c in by_start.items() if start not in folded]
    if any(c.mention.sentence_index in told_in and acled_may_type(c.cameo.code) for c in kept):
        return []  # the rules coded it ("... accused of blasphemy. ... was killed by a mob")
    taken = {id(c.mention) for c in coded}
    lead = [m for m in found.mentions if m.sentence_index == 0 and id(m) not in taken]
    if not lead:
        return []
    main = min(
        lead, key=lambda m: (m.depth, m.kind != "verb", m.aside is not None, m.trigger_start)
    )
    if main.negated or main.depth > 1 or names_a_hazard(main.sentence_text):
        return []
    told = " ".join(filter(None, (main.sentence_text, _follow_sentences(found.sentences, placed))))
    learned = learned_event(told, LEARNED_EVENT_MIN)
    if learned is None:
        return []
    item = _code_mention(main, lex, registry, gazetteer, context, lex.cameo[learned])
    return [item] if item is not None else []


def _without_disasters(coded: list[_Coded], mentions: tuple[EventMention, ...]) -> list[_Coded]:
    """A filter: harm no one is said to have done, in a sentence about a disaster or an
    accident (acled.yaml `hazards`) or within HAZARD_REACH sentences after one that names no
    weapon, is no event ("an earthquake killed eight people", "six were killed when a chemical
    plant exploded"; "A furnace exploded at the plant. The explosion injured ten workers.")."""
    texts = {m.sentence_index: m.sentence_text for m in mentions}
    hazards = {index for index, text in texts.items() if names_a_hazard(text)}
    if not hazards:
        return coded

    def disaster(item: _Coded) -> bool:
        if item.actor1 is not None or item.cameo.quad_class != VIOLENT_QUAD:
            return False
        index = item.mention.sentence_index
        if index in hazards:
            return True
        told_again = any(index - back in hazards for back in range(1, HAZARD_REACH + 1))
        return told_again and not names_a_weapon(item.mention.sentence_text)

    return [item for item in coded if not disaster(item)]


# The roots of what armed men do on arriving somewhere: seize and detain, assault, fight, kill.
ARRIVAL_DEED_ROOTS = frozenset({"17", "18", "19", "20"})


def _without_approaches(coded: list[_Coded]) -> list[_Coded]:
    """A filter: an armed body's move into a place (verbs.yaml `armed`) told with what its
    doer did there is the way to that act, not an event of its own ("soldiers entered the
    village of Petegoli and executed ten civilians": the executions; an act told with no doer
    of its own is taken as theirs). The act is where the move went when its own clause names
    no place ("entered the Shaher District and seized some building blocks": seized in the
    district). Told alone, a move is an event ("YPG fighters entered Kafr Naya")."""

    def deeds(item: _Coded) -> list[_Coded]:
        if not item.armed_move or item.actor1 is None:
            return []
        return [
            other
            for other in coded
            if other is not item
            and other.mention.sentence_index == item.mention.sentence_index
            and not other.armed_move
            and other.cameo.root in ARRIVAL_DEED_ROOTS
            and (other.actor1 is None or other.actor1.code == item.actor1.code)
        ]

    moved_to: dict[int, _Coded] = {}  # id of a deed -> the move that led to it
    approaches = set()
    for item in coded:
        found = deeds(item)
        if found:
            approaches.add(id(item))
            for deed in found:
                moved_to.setdefault(id(deed), item)
    out = []
    for item in coded:
        if id(item) in approaches:
            continue
        move = moved_to.get(id(item))
        if move is not None and item.place_text is None and move.place_text is not None:
            item = replace(item, place=move.place, place_text=move.place_text)
        out.append(item)
    return out


def _without_imported_retellings(coded: list[_Coded]) -> list[_Coded]:
    """Drop an event of an imported pattern whose object is an event parley coded in the same
    sentence: "the attacks were carried out with grenades" is the attacks, not a second
    event of "carry out attack"."""
    own = {(c.mention.sentence_index, c.mention.trigger_lemma) for c in coded if not c.imported}
    return [
        c
        for c in coded
        if not c.imported or (c.mention.sentence_index, c.key_used.split()[-1]) not in own
    ]


# ACLED names the unknown perpetrator of armed violence "Unidentified Armed Group (Country)",
# a political militia of the country where the event happened.
UNIDENTIFIED_ROLE = "UAF"
UNIDENTIFIED_TYPE = "Political militias"


def _unidentified_perpetrator(
    item: _Coded, acled: AcledType | None, lex: Lexicon
) -> tuple[_Coded, AcledType | None]:
    """Armed violence by no one named, at a place in a known country, is done by that
    country's unidentified armed group, as ACLED codes it: "A roadside bomb near Samarra
    killed one soldier" -> actor1 "Unidentified armed group (Iraq)", IRQUAF (actor1_text stays
    empty: the text names no one, and the group adds no confidence)."""
    if acled is None or acled.event_type not in ARMED_VIOLENCE:
        return item, acled
    if item.actor1 is not None and item.actor1.code is not None:
        return item, acled
    if item.actor1_text is not None:
        return item, acled  # someone is named, if not coded ("NDC supporters attacked journalists")
    if item.place_text is None or item.place is None:
        return item, acled  # no place in the text: the country is only the story's (a fallback)
    country = lex.country_by_iso3(item.place.country_iso3) if item.place.country_iso3 else None
    if country is None:
        return item, acled
    interaction = acled.interaction
    if interaction is None or not interaction.startswith(UNIDENTIFIED_TYPE):
        interaction = "-".join(filter(None, (UNIDENTIFIED_TYPE, acled.interaction)))
    group = ActorCode(
        f"Unidentified armed group ({country.name})",
        country.code + UNIDENTIFIED_ROLE,
        country.code,
        UNIDENTIFIED_ROLE,
    )
    return replace(item, actor1=group, implied_agent=True), replace(acled, interaction=interaction)


def code_action(
    mention: EventMention, lex: Lexicon, armed: bool = False
) -> tuple[CameoCode, str, bool] | None:
    """The CAMEO code of a mention's trigger from its most specific lexicon key, and whether
    the key came from the imported PETRARCH2 verbs. Those are looked up only when parley's own
    verbs and nouns have none of the mention's keys: interleaved by specificity instead, they
    lowered CAMEO root on the check half by 1.5 points. `armed`: the doer is an armed body,
    whose moves verbs.yaml's `armed` keys code first ("troops entered the town")."""
    if armed:
        for table_name, key in mention.keys:
            code = lex.armed_verbs.get(key) if table_name == "verb" else None
            if code is not None:
                return lex.cameo[code], key, False
    for table_name, key in mention.keys:
        code = (lex.nouns if table_name == "noun" else lex.verbs).get(key)
        if code is not None:
            return lex.cameo[code], key, False
    for table_name, key in mention.keys:
        code = lex.verbs_known.get(key) if table_name == "verb" else None
        if code is not None:
            return lex.cameo[code], key, True
    return None


# What a thing can be told as doing (CAMEO code prefixes; data/coding_sets.yaml).
THINGS_MAY_DO = tuple(sorted(CODE_SETS["things_may_do"]))


def _taken_place(
    mention: EventMention,
    cameo: CameoCode,
    actor2: ActorCode | None,
    gazetteer: Gazetteer,
    lex: Lexicon,
    context: set[str],
) -> PlacePhrase | None:
    """The place a seizure takes, which is then its venue: its object when that is a place,
    whatever the tagger called its name ("captured Badme", "seized Kabul"; not "arrested 100
    Palestinians in a sweep of Hebron"), else a target coded as a country alone (no role)
    whose name the gazetteer knows as a town or a region, not as the country itself ("Mbuji
    Mayi ... was captured by the rebels", the name tagged a person's; not "captured a
    Syrian")."""
    if cameo.code not in SEIZURE_CODES or mention.trigger_lemma in DAMAGE_WORDS:
        return None
    place, span = mention.object_place, mention.actor2
    if place is not None and (span is None or place.name in span.text):
        if actor2 is None or actor2.role is None:
            return replace(place, labelled=True)
    if cameo.code == OCCUPY_CODE or span is None or actor2 is None:
        return None
    if actor2.role is not None or not actor2.code:
        return None
    name = span.entity or span.text
    place = gazetteer.resolve(name, lex, context)
    if place is None or place.geo_precision >= PRECISION_COUNTRY:
        return None
    return PlacePhrase(span.text, name, span.start, span.end, attached=True)


def _a_thing(span: ActorSpan, lex: Lexicon) -> bool:
    """Whether an actor phrase names a thing, which no one does an act by: an event ("the
    debate", "sanctions") or a document ("video", "the report"), not a name (a noun that names
    no one in any sense WordNet knows only makes the act less sure: `_a_thing_by_name`)."""
    head = span.head_lemma
    return span.entity is None and (head in lex.event_nouns or head in WORDS["document_nouns"])


def _a_thing_by_name(span: ActorSpan | None, lex: Lexicon) -> bool:
    """Whether an actor phrase's head is a noun that names no person and no group of people
    in any sense WordNet knows ("the bronze medal", "the instruction"; not "the newspaper",
    which is also a firm), nor an acronym the tagger took for a noun ("ICE returned ...")."""
    return (
        span is not None
        and span.entity is None
        and span.head_lemma in lex.thing_nouns
        and not span.head.isupper()
    )


def _code_mention(
    mention: EventMention,
    lex: Lexicon,
    registry: Registry,
    gazetteer: Gazetteer,
    context: set[str],
    learned: CameoCode | None = None,
) -> _Coded | None:
    """One mention coded, or None when it is no event. `learned`: the code of an event the
    ACLED classifier told in the mention's sentence (`_learned_events`), which stands without a
    key of its own and without an actor."""
    actor1 = _code_actor(mention.actor1, lex, registry)
    armed = actor1 is not None and (
        actor1.role in ARMED_ROLES or (actor1.code or "").startswith(MILITARIZED_GROUP)
    )
    action = code_action(mention, lex, armed) if learned is None else (learned, "", False)
    if action is None:
        return None
    cameo, key, imported = action
    actor2 = _code_actor(mention.actor2, lex, registry)
    if _official_protest(mention, cameo, key, actor1):
        cameo = lex.cameo[OFFICIAL_COMPLAINT]
    if (
        mention.kind == "noun"
        and cameo.root == PROTEST_ROOT
        and actor1 is not None
        and actor1.role in FORCE_ROLES
        and mention.actor1 is not None
        and mention.actor1.end < mention.trigger_start - 1
    ):
        # "police detained 23 supporters during a protest": a protest told apart from the
        # state's armed body that is the clause's subject is not that body's (not "a police
        # protest", "a protest by police officers")
        mention, actor1 = replace(mention, actor1=None), None
    # done by a thing, which no one can be coded for: "Video captured Trump wearing a mask",
    # "The debate closed with final statements", "sanctions restricting the purchase of
    # planes" are no arrest, no closure, no restriction
    by_thing = (
        mention.actor1 is not None
        and actor1 is None
        and not cameo.code.startswith(THINGS_MAY_DO)
        and _a_thing(mention.actor1, lex)
        and not _crowd_protest(mention, key)
    )
    if (
        actor1 is None
        and actor2 is None
        and cameo.quad_class != 4
        and learned is None
        and not _crowd_protest(mention, key)
    ):
        # no actor: kept only for violence ("a bomb exploded in the market") and for a crowd's
        # protest, which is its own actor ("Thousands marched in protest of high prices")
        return None
    if actor1 is not None and actor2 is not None and actor1.code and actor1.code == actor2.code:
        if actor1.name is not None and actor1.name == actor2.name:
            actor2 = None  # "X ... X": an actor is not its own target (not "herders attacked
            # drivers": two groups of one code)
    taken = _taken_place(mention, cameo, actor2, gazetteer, lex, context)
    if taken is not None:
        cameo = lex.cameo[OCCUPY_CODE]  # "captured Badme": a place is taken, not a person
        mention = replace(mention, object_place=taken, ranked_place=taken)
    # An act of force or a protest: the learned ranker's pick (it learned from such events),
    # else the attached place only; the ranker has weighed the object's and the clause's
    # places already. Other events: the attached place, then for material ones and visits
    # made the object's, then for material ones the clause's.
    learned = default_ranker() is not None and (
        cameo.quad_class == VIOLENT_QUAD or cameo.root == PROTEST_ROOT
    )
    phrase, place = None, None
    if learned:
        phrase, place = _venue(mention.ranked_place, gazetteer, lex, context, mention.sentence_text)
        ground = mention.object_place
        if phrase is None and ground is not None and ground.ground:
            # the ranker took no name, and the verb says its object is ground: "patrolled
            # Bari", the name tagged a person's (no candidate the ranker weighs)
            phrase, place = _venue(ground, gazetteer, lex, context, mention.sentence_text)
    if phrase is None:
        phrase, place = _venue(mention.place, gazetteer, lex, context, mention.sentence_text)
    # a name only written as a place ("at Kegen") gives way to a place the gazetteer knows
    # further on ("at Kegen in the Jomoro District")
    written = phrase if phrase is not None and place is None and not phrase.labelled else None
    if written is not None:
        phrase = None
    if (
        phrase is None
        and not learned
        and (cameo.quad_class in MATERIAL_QUADS or cameo.code == MAKE_VISIT)
    ):
        # "bombed the airport in Aden": the venue is the target's; "visited Tampa": the place
        # visited
        phrase, place = _venue(mention.object_place, gazetteer, lex, context, mention.sentence_text)
    if (
        phrase is None
        and not learned
        and (cameo.quad_class in MATERIAL_QUADS or cameo.root == PROTEST_ROOT)
    ):
        # "a merchant in Samarra's bazaar was killed", "Iraqis in Tikrit demonstrated": a place
        # in the event's own clause
        phrase, place = _venue(mention.clause_place, gazetteer, lex, context, mention.sentence_text)
        if place is None:
            phrase = None  # a guess from the clause counts only where the gazetteer knows it
    if written is not None and place is None:
        phrase = written
    host = _host(place, lex)
    venue_country = host.code if host is not None else None
    actor1, actor2 = _place_stateless_actors(mention, actor1, actor2, lex, cameo, venue_country)
    if actor2 is None and cameo.code in VISIT_CODES:
        # "arrived in Amman": the host of a visit is the country visited.
        if host is not None and (actor1 is None or actor1.country != host.code):
            actor2 = ActorCode(host.name, host.code + "GOV", host.code, "GOV")
    return _Coded(
        mention,
        cameo,
        actor1,
        actor2,
        place,
        key,
        mention.actor1.text if actor1 is not None and mention.actor1 is not None else None,
        mention.actor2.text if actor2 is not None and mention.actor2 is not None else None,
        mention.negated,
        phrase.text if phrase is not None else None,
        imported=imported,
        by_thing=by_thing,
        thing_subject=(
            actor1 is None
            and not cameo.code.startswith(THINGS_MAY_DO)
            and _a_thing_by_name(mention.actor1, lex)
        ),
        armed_move=armed and key in lex.armed_verbs,
    )


def _official_protest(
    mention: EventMention, cameo: CameoCode, key: str, actor1: ActorCode | None
) -> bool:
    """Whether a state, its government or an international body protests: it complains
    officially (coding_sets.yaml official_protest_words), it does not take to the street.
    Not its people ("Serbians protested") nor its employees ("census officials protested in
    Kakamega", "UN staff protest"), who demonstrate."""
    first = (key.split() or [None])[0]  # (an event the classifier told has no key)
    if cameo.root != PROTEST_ROOT or mention.kind != "verb" or actor1 is None:
        return False
    if first not in OFFICIAL_PROTEST_WORDS or not actor1.code or mention.actor1 is None:
        return False
    span = mention.actor1
    state = actor1.role == "GOV" or actor1.code == actor1.country or actor1.code[:3] == "IGO"
    # the body itself: "Bangladesh", "the UN", "China's foreign ministry"
    named = span.entity_label in {"GPE", "ORG"} and span.head in (span.entity or "").split()
    return state and (named or span.head_lemma in OFFICIAL_BODIES)


# The bodies of a state that speak for it: what they protest, they complain of officially.
OFFICIAL_BODIES = frozenset(
    {"government", "ministry", "embassy", "administration", "cabinet", "presidency",
     "kremlin", "office", "department"}
)  # fmt: skip


def _crowd_protest(mention: EventMention, key: str) -> bool:
    """Whether the words an event was coded by tell a crowd's protest ("march", "stage
    protest", "hold rally") told as happening: the main clause's verb or a noun one verb down
    ("Protests spread"), or what another act was done for ("abandoned their vehicles to
    protest low pay"), not what another act is about ("charged with organising an illegal
    protest") nor deep in an aside ("injured in an earlier protest")."""
    purpose = mention.aside == "purpose"
    return (
        any(word in CROWD_PROTEST_WORDS for word in key.split())
        and (mention.governor_start is None or purpose)
        and mention.depth <= (1 if mention.kind == "noun" or purpose else 0)
    )


# How many sentences back a "he" or "she" looks for the person it stands for.
PRONOUN_REACH = 3
FEMININE_PRONOUNS = frozenset({"she", "her"})
# Words in a person's phrase that tell which pronoun stands for them ("Mrs Ardern": she).
GENDERED_WORDS = {
    "mr": "he", "sir": "he", "king": "he", "prince": "he", "spokesman": "he", "chairman": "he",
    "man": "he", "boy": "he", "mrs": "she", "ms": "she", "miss": "she", "lady": "she",
    "dame": "she", "queen": "she", "princess": "she", "spokeswoman": "she",
    "chairwoman": "she", "woman": "she", "girl": "she",
}  # fmt: skip
# Nouns for one person besides titles: who a "he" or "she" can be ("a man ... he stabbed").
PERSON_HEADS = WORDS["person_nouns"] | frozenset(
    {"man", "woman", "boy", "girl", "suspect", "gunman", "attacker", "assailant", "bomber",
     "officer", "soldier", "policeman", "journalist", "doctor", "teacher", "student",
     "farmer", "activist", "cleric", "envoy", "diplomat", "ambassador", "adviser", "advisor",
     "expert", "critic", "dissident", "representative", "lawmaker", "legislator", "candidate",
     "judge", "victim", "driver", "senator", "nominee", "founder", "director", "chairman",
     "chairwoman", "lawyer", "author", "researcher", "professor", "scientist", "player"}
)  # fmt: skip
# Lappin and Leass's salience weights: a mention counts for being recent and for its role, and
# halves with each sentence between it and the pronoun.
RECENCY_WEIGHT = 100
SUBJECT_WEIGHT = 80
OTHER_WEIGHT = 40


@dataclass(frozen=True)
class _Referent:
    """Someone named before a pronoun: where, as written, as coded (a person named without a
    code has a name and no code), and whether as a clause's subject."""

    sentence: int
    start: int
    span: ActorSpan
    actor: ActorCode
    subject: bool


def _resolve_pronouns(
    coded: list[_Coded], found: DocumentMentions, lex: Lexicon, registry: Registry
) -> list[_Coded]:
    """ "he" and "she" as an actor stand for the most salient person named before them, in
    this sentence or up to PRONOUN_REACH back (Lappin and Leass: every mention of a person
    counts, subjects more, recent ones more), skipping people a pronoun of the other gender
    already stood for. A person named without a code leaves the pronoun uncoded with that
    name: "he" never skips the salient person for a coded one. "they" is the one coded group
    named in this sentence or the one before; with two or more the sentence leaves doubt and
    "they" stays uncoded."""
    if not any(
        span is not None and (is_pronoun(span) or names_a_pair(span))
        for item in coded
        for span in (item.mention.actor1, item.mention.actor2)
    ):
        return coded
    referents = _referents_of(coded, found, lex, registry)
    # One name, one kind of thing in a document: a name tagged as a person once, or introduced
    # with a title, is a person wherever the tagger took it for something else.
    people = {_name_of(r) for r in referents if _a_person(r.span)}
    people |= {code.name for code in registry.names.values() if code.name}
    people |= {name.split()[-1] for name in people if name}  # and their surnames
    referents = [
        r
        for r in referents
        if _plural(r.span)  # a "they" (coded or not: "the men" leaves "they" uncoded)
        or (r.actor.code and _a_body(r.span))
        or (
            not r.actor.stateless  # "Wikinews visited" is no "he"
            and (_known_person(r, people) or _a_subject_name(r))
        )
    ]
    referents.sort(key=lambda r: (r.sentence, r.start))
    genders: dict[str, str] = {}
    order = sorted(
        range(len(coded)),
        key=lambda i: (coded[i].mention.sentence_index, coded[i].mention.trigger_start),
    )
    resolved = list(coded)
    for i in order:
        item = coded[i]
        actor1, actor2 = (
            _antecedent(span, actor, item.mention, referents, genders, subject, people)
            for span, actor, subject in (
                (item.mention.actor1, item.actor1, True),
                (item.mention.actor2, item.actor2, False),
            )
        )
        actor1_span = item.mention.actor1
        pair = _pair_before(item, coded) if actor1_span and names_a_pair(actor1_span) else None
        if pair is not None and actor2 is None:
            actor1, actor2 = pair  # "the two ministers agreed ...": both sides of the last dyad
        if actor1 is not item.actor1 or actor2 is not item.actor2:
            resolved[i] = replace(item, actor1=actor1, actor2=actor2)
    return resolved


def _referents_of(
    coded: list[_Coded], found: DocumentMentions, lex: Lexicon, registry: Registry
) -> list[_Referent]:
    """The events' own actors as already coded, then subjects of other clauses and people
    named anywhere ("told Mendez"), in document order."""
    referents: dict[int, _Referent] = {}
    for item in coded:
        for span, actor, subject in (
            (item.mention.actor1, item.actor1, True),
            (item.mention.actor2, item.actor2, False),
        ):
            if span is not None and actor is not None and not is_pronoun(span):
                referents.setdefault(
                    span.start,
                    _Referent(item.mention.sentence_index, span.start, span, actor, subject),
                )
    for sentence, span, subject in found.referents:
        if span.start not in referents and not is_pronoun(span):
            actor = _code_actor(span, lex, registry)
            if actor is not None:
                referents[span.start] = _Referent(sentence, span.start, span, actor, subject)
    return sorted(referents.values(), key=lambda r: (r.sentence, r.start))


def _antecedent(
    span: ActorSpan | None,
    actor: ActorCode | None,
    mention: EventMention,
    referents: list[_Referent],
    genders: dict[str, str],
    subject: bool,
    people: set[str],
) -> ActorCode | None:
    if span is None or actor is None or actor.code or not is_pronoun(span):
        return actor
    pronoun = span.head.lower()
    if pronoun in PLURAL_PRONOUNS:
        return _group_before(span, mention, referents, subject, people) or actor
    gender = "she" if pronoun in FEMININE_PRONOUNS else "he"
    here = mention.sentence_index
    salience: dict[str, float] = {}
    latest: dict[str, _Referent] = {}
    doer = mention.actor1.start if not subject and mention.actor1 is not None else None
    for r in referents:
        if not (here - PRONOUN_REACH <= r.sentence <= here) or (
            r.sentence == here and r.start >= span.start
        ):
            continue
        if r.start == doer:
            continue  # "Amman advised her": "her" is someone other than the doer
        if _plural(r.span) or (r.sentence < here and not _known_person(r, people)):
            continue  # a name not known as a person's is one only in the pronoun's sentence
        if _a_body(r.span) and not (_known_person(r, people) or _a_subject_name(r)):
            continue  # "the embassy" is a "they"'s
        who = _identity(r, latest)
        weight = RECENCY_WEIGHT + (SUBJECT_WEIGHT if r.subject else OTHER_WEIGHT)
        salience[who] = salience.get(who, 0.0) + weight * 0.5 ** (here - r.sentence)
        latest[who] = r
    candidates = [
        who
        for who in salience
        if genders.get(who, gender) == gender and _gender_of(latest[who].span) in {None, gender}
    ]
    if not candidates:
        return actor
    best = max(candidates, key=lambda who: (salience[who], latest[who].sentence))
    chosen = latest[best]
    genders[best] = gender
    if chosen.actor.code is None and chosen.actor.name is None:
        return actor
    # the pronoun is now someone named: a later "he" may stand for them
    referents.append(_Referent(here, span.start, chosen.span, chosen.actor, subject))
    referents.sort(key=lambda r: (r.sentence, r.start))
    return chosen.actor


def _name_of(referent: _Referent) -> str:
    """A mention's name: the person's name as tagged, else the phrase as written."""
    span = referent.span
    return clean_name(span.entity if span.entity_label == "PERSON" else span.text)


# Entity kinds that name no person: places and nationalities.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def _known_person(referent: _Referent, people: set[str]) -> bool:
    name = _name_of(referent)
    return name in people or name.split()[-1] in people


def _a_subject_name(referent: _Referent) -> bool:
    """A name no dictionary codes as a clause's subject, not tagged as a place: "Pierce said
    he would ..." when the tagger took Pierce for an organisation. Taken as the pronoun's
    person it codes nothing, and keeps "he" from a coded person further back."""
    span = referent.span
    return (
        referent.subject
        and referent.actor.code is None
        and span.head[:1].isupper()
        and span.entity_label not in PLACE_LABELS
    )


def _identity(referent: _Referent, seen: dict[str, _Referent]) -> str:
    """Who a mention is: its coded name, or its name as written; a lone surname is the person
    named in full before it ("Blankenship" after "Don Blankenship")."""
    name = _name_of(referent)
    if " " not in name:
        return next((who for who in seen if who.split()[-1] == name), name)
    return name


def _a_person(span: ActorSpan) -> bool:
    """One person: named as a person, by a title or office ("the president"), or by a name
    after a title ("President Ruto", when the tagger missed the name)."""
    if _plural(span):
        return False
    if span.entity_label == "PERSON" or span.head_lemma.lower() in PERSON_HEADS:
        return True
    titled = any(word in WORDS["person_nouns"] for word in span.text.lower().split()[:-1])
    return titled and span.head[:1].isupper()


def _gender_of(span: ActorSpan) -> str | None:
    words = span.text.lower().replace(".", "").split()
    return next((GENDERED_WORDS[w] for w in words if w in GENDERED_WORDS), None)


def _group_before(
    span: ActorSpan,
    mention: EventMention,
    referents: list[_Referent],
    subject: bool,
    people: set[str],
) -> ActorCode | None:
    """The group a "they" stands for, else the body ("the government") named as a subject: the
    most salient one named in this sentence before it, else in the one before (weighed as for
    "he"), when it stands out by GROUP_MARGIN over the next; else the sentence leaves doubt. A
    group named without a code ("the men") leaves "they" uncoded."""
    here = mention.sentence_index
    doer = mention.actor1.start if not subject and mention.actor1 is not None else None
    groups: list[_Referent] = []
    for sentence in (here, here - 1):  # this sentence first
        near = [
            r
            for r in referents
            if r.sentence == sentence
            and r.start != doer
            and (r.sentence < here or r.start < span.start)
        ]
        # a group named as many ("the protesters") before a body named as one ("the police")
        groups = [r for r in near if _plural(r.span)] or [
            r
            for r in near
            if subject  # a "them" is a group's ("police fired tear gas at them")
            and _a_body(r.span)
            and r.subject  # "she told the court ... they": not the court
            and not r.actor.stateless  # nor the news outlet that tells the story
            and not _known_person(r, people)
        ]
        if groups:
            break
    salience: dict[str | None, float] = {}
    actors: dict[str | None, ActorCode] = {}
    for r in groups:
        weight = RECENCY_WEIGHT + (SUBJECT_WEIGHT if r.subject else OTHER_WEIGHT)
        salience[r.actor.code] = salience.get(r.actor.code, 0.0) + weight * 0.5 ** (
            here - r.sentence
        )
        actors[r.actor.code] = r.actor
    ranked = sorted(salience, key=salience.__getitem__, reverse=True)
    if not ranked or (len(ranked) > 1 and salience[ranked[1]] * GROUP_MARGIN > salience[ranked[0]]):
        return None
    return actors[ranked[0]] if ranked[0] is not None else None  # "the men": uncoded


# A "they" stands for a group only when its salience is this many times the next group's.
GROUP_MARGIN = 1.5


def _a_body(span: ActorSpan) -> bool:
    """A body of people named as one ("the government", "UNICEF"), not a person or a place."""
    if span.entity_label in {"PERSON", "GPE", "LOC", "FAC"} or _a_person(span):
        return False
    return (
        span.entity_label == "ORG"
        or initialism(span.head)
        or span.head_lemma.lower() in WORDS["body_nouns"]
    )


# A story told about one country: at least this many of its coded actors and venues, and this
# share of them, in that country.
STORY_MIN = 3
STORY_SHARE = 0.6
# The sentences of a story's lead, where it names its own place (a dateline or date line, the
# headline's sentence, the first of the body).
LEAD_SENTENCES = 3
# ... or a share at least this large of the towns and regions it names.
STORY_PLACE_SHARE = 0.3


def _story_country(coded: list[_Coded], lex: Lexicon) -> str | None:
    """The one country a document is about, if its coded actors and venues say so clearly."""
    counts: dict[str, int] = {}
    for item in coded:
        countries = [a.country for a in (item.actor1, item.actor2) if a is not None]
        host = _host(item.place, lex)
        countries.append(host.code if host is not None else None)
        for country in countries:
            if country:
                counts[country] = counts.get(country, 0) + 1
    if not counts:
        return None
    country, count = max(counts.items(), key=lambda kv: kv[1])
    if count >= STORY_MIN and count >= STORY_SHARE * sum(counts.values()):
        return country
    return None


def _in_story_country(
    coded: list[_Coded], lex: Lexicon, placed_in: set[str] | frozenset[str] = frozenset()
) -> list[_Coded]:
    """People and offices a story names with no country belong to the country the story is
    about: "Steyer dropped out" in a story of US primaries, "Interior Minister Kindiki" in a
    story of Kenyan politics. When its coded actors and venues do not say which, the one
    country two or more of its towns and regions lie in (`placed_in`: "the Libertarian Party"
    in a story of Nevada, Iowa and South Carolina), unless its actors are mostly of other
    countries. A story about no one country changes nothing."""
    country = _story_country(coded, lex)
    if country is None and len(placed_in) == 1:
        home = lex.country_by_iso3(next(iter(placed_in)))
        countries = [a.country for c in coded for a in (c.actor1, c.actor2) if a and a.country]
        if home is not None and countries.count(home.code) * 2 >= len(countries):
            country = home.code
    if country is None:
        return coded
    people = _people_named(coded)
    out = []
    for item in coded:
        actor1, actor2 = (
            _at_story_home(span, actor, country, people)
            for span, actor in (
                (item.mention.actor1, item.actor1),
                (item.mention.actor2, item.actor2),
            )
        )
        if actor1 is not item.actor1 or actor2 is not item.actor2:
            item = replace(item, actor1=actor1, actor2=actor2)
        out.append(item)
    return out


def _without_transcript(coded: list[_Coded], first: int | None) -> list[_Coded]:
    """The events of an interview's questions and answers are talk, not events the article
    reports ("my family rejected me", "they simply wanted to understand the topic"): they are
    not written. They have still told the story's country, places and people to the events
    before them."""
    if first is None:
        return coded
    return [item for item in coded if item.mention.sentence_index < first]


def _people_named(coded: list[_Coded]) -> frozenset[str]:
    """The names the entity tagger took for a person's in at least one of their mentions, and
    their last words: the small model calls one name a person in one sentence and an
    organization in the next ("Gloria La Riva condemned", "La Riva agreed"), and a name is one
    actor throughout a document."""
    names = {
        actor.name
        for item in coded
        for span, actor in ((item.mention.actor1, item.actor1), (item.mention.actor2, item.actor2))
        if span is not None and actor is not None and actor.name and span.entity_label == "PERSON"
    }
    return frozenset(
        " ".join(words[i:]) for words in (name.split() for name in names) for i in range(len(words))
    )


def _at_story_home(
    span: ActorSpan | None, actor: ActorCode | None, country: str, people: frozenset[str]
) -> ActorCode | None:
    if span is None or actor is None or actor.country is not None:
        return actor
    if (
        actor.code is not None
        and actor.code == actor.role
        and actor.role in STATE_ROLES | {"OPP", "PTY"}
    ):
        return with_country(actor, country)  # an office or a state body, named without a country
    if actor.code is None and actor.name and (actor.name in people or is_pronoun(span)):
        return ActorCode(actor.name, country, country, None)  # a person the story names
    return actor


def _in_country_of_story(
    coded: list[_Coded],
    lex: Lexicon,
    gazetteer: Gazetteer,
    context: set[str],
    placed_in: set[str],
) -> list[_Coded]:
    """An event no place was found for happened, as a fallback at country precision (3):
    - with no place written: in the one country the story is about (its coded actors and
      venues), else in the one country its towns and regions lie in (`placed_in`) unless its
      doer is of another country ("Germany suspended Mahan's permit" in a story placed in
      Iran); else, a protest or an act of force, in its doer's country ("Afghan forces
      clashed with the Taliban"). A victim's nationality places nothing ("A US adviser was
      killed in an ambush");
    - with a place written that the gazetteer does not know: in the one country the text
      names ("Al-Shabab fighters attacked the Kenyan village of Gamba": Kenya), else in the one
      country the story is about ("protested outside the White House"), unless the place is
      larger than a country ("across Europe").
    Otherwise the event stays unplaced."""
    story = _story_country(coded, lex)
    home = next(iter(placed_in)) if len(placed_in) == 1 else None
    named = next(iter(context)) if len(context) == 1 else None
    out = []
    for item in coded:
        if item.place is not None:
            out.append(item)
            continue
        doer = item.actor1.country if item.actor1 is not None else None
        if item.place_text is not None:
            country = None if _beyond_country(item.place_text) else named or story
        else:
            country = story
            if country is None and home is not None and doer in (None, home):
                country = home
            if country is None and item.cameo.root in AT_HOME_ROOTS:
                country = _home_of_act(item, doer)
        place = _country_place(country, lex, gazetteer) if country else None
        if place is not None:
            item = replace(item, place=place, story_place=item.place_text is not None)
        out.append(item)
    return out


def _home_of_act(item: _Coded, doer: str | None) -> str | None:
    """The country a protest or an act of force with no place took place in: its doer's,
    unless it is force used on people of another country (coding_sets.yaml
    force_abroad_roots): then their country if they are its soldiers or police, else none."""
    target = item.actor2
    if (
        doer is None
        or item.cameo.root not in FORCE_ABROAD_ROOTS
        or target is None
        or target.country in (None, doer)
    ):
        return doer
    return target.country if target.role in SERVING_AT_HOME_ROLES else None


# The last words of places larger than a country or between countries: "across Europe", "in
# the Mediterranean", "the Aegean Sea".
_BEYOND_COUNTRY_WORDS = frozenset({"sea", "ocean", "gulf"})


def _beyond_country(place_text: str) -> bool:
    """Whether a place phrase names a part of the world or a sea, not a place in a country."""
    words = place_key(place_text).split()
    if words and words[-1] in _BEYOND_COUNTRY_WORDS:
        return True
    return any(" ".join(words[i:]) in WORLD_REGIONS for i in range(len(words)))


def _at_story_place(
    coded: list[_Coded],
    found: DocumentMentions,
    lex: Lexicon,
    gazetteer: Gazetteer,
    context: set[str],
) -> list[_Coded]:
    """An event no place was found for (none written, or one the gazetteer does not know)
    happened, as a fallback at precision 3, at the town or region the story is about: the
    one it names most often (the first of equals), when most of the towns and regions it names
    lie in one country and that is the story's country, if it has one ("Toposa militia
    attacked three vehicles travelling to Lokichoggio town": Lokichoggio). Not an event whose
    doer is of another country ("China condemned the protests" in a story of Hong Kong),
    unless the text names a place for it that the gazetteer does not know."""
    if all(item.place is not None for item in coded):
        return coded
    focus = _story_place(coded, found, lex, gazetteer, context)
    if focus is None:
        return coded
    host = _host(focus, lex)
    home = host.code if host is not None else None
    out = []
    for item in coded:
        doer = item.actor1.country if item.actor1 is not None else None
        # a place written for the event that the gazetteer does not know is in the story's
        # land, whoever did it ("Al Shabaab militants attacked a camp in Elram area")
        if item.place is None and (doer in (None, home) or item.place_text is not None):
            precision = max(focus.geo_precision, PRECISION_COUNTRY)
            item = replace(item, place=replace(focus, geo_precision=precision), story_place=True)
        out.append(item)
    return out


def _story_place(
    coded: list[_Coded],
    found: DocumentMentions,
    lex: Lexicon,
    gazetteer: Gazetteer,
    context: set[str],
) -> Place | None:
    """The town or region a story names most often, if it names it in its lead or often
    enough, and its towns and regions lie mostly in one country, the story's own."""
    counts: Counter[tuple[str, str | None]] = Counter()  # in the order first named
    places: dict[tuple[str, str | None], Place] = {}
    lead: dict[tuple[str, str | None], None] = {}  # the places named in the lead, in order
    for index, phrase, sentence in found.named_places:
        place = _named_place(phrase, gazetteer, lex, context, sentence)
        if place is None or place.geo_precision >= PRECISION_COUNTRY:
            continue
        key = (place.name, place.country_iso3)
        counts[key] += 1
        places.setdefault(key, place)
        if index < LEAD_SENTENCES:
            lead.setdefault(key)
    if not counts:
        return None
    key = max(counts, key=counts.__getitem__)  # the first named of equals
    if key not in lead and counts[key] < STORY_PLACE_SHARE * counts.total():
        # A story names its own place in its lead ("Gunman opens fire in El Paso") or more
        # often than any other; a roundup of many places ("On the campaign trail in the USA")
        # has none of its own
        return None
    place = places[key]
    in_country = sum(n for (_, iso3), n in counts.items() if iso3 == place.country_iso3)
    if in_country < STORY_SHARE * counts.total():
        return None
    story = _story_country(coded, lex)
    host = _host(place, lex)
    if story is not None and (host is None or host.code != story):
        return None
    return place


def _named_place(
    phrase: PlacePhrase, gazetteer: Gazetteer, lex: Lexicon, context: set[str], sentence: str
) -> Place | None:
    """Where a place a sentence names is; a name only guessed to be a place must be a town or
    region of that very name ("Garissa", not "Shan" for Shancheng by an alias)."""
    if not phrase.guessed:
        return _venue(phrase, gazetteer, lex, context, sentence)[1]
    return _guessed_place(phrase.name, gazetteer, lex, context, phrase.entity)


def _by_its_name(place: Place, name: str) -> bool:
    """Whether a place was found by its own name, not by another of its names ("Jagannath" is
    one of Puri's)."""
    return place_key(plain_name(place.name)) == place_key(plain_name(name))


def _guessed_place(
    name: str,
    gazetteer: Gazetteer,
    lex: Lexicon,
    context: set[str],
    entity: str | None = None,
) -> Place | None:
    """A guessed name is a town or region of that very name, in a country the document names
    if it names any ("Cahors" in a story of France; not "Garcia" in Mexico for a story of the
    United States)."""
    word = name.lower()
    if word in NOT_SMALL_PLACES or word in lex.roles_strong or word in lex.roles_weak:
        return None  # "Kenya Police" is no town of Police, Poland
    place = gazetteer.resolve(name, lex, context)
    if place is None or not _by_its_name(place, name):
        return None
    if context and place.country_iso3 not in context:
        return None
    if entity == "PERSON" and place.admin1 != place.name:
        return None  # a person's name ("Martin"), unless a region's ("Rajshahi", "Garissa")
    return place


def _with_implied_agent(item: _Coded, lex: Lexicon) -> _Coded:
    """An act only a state body does, told with no doer, is that body's (data/
    implied_agents.yaml): "Five men were arrested in Mombasa" -> KENCOP, of the country of the
    event's place, else of the one it was done to."""
    if item.mention.actor1 is not None or item.actor1 is not None:
        return item
    code = item.cameo.code
    role = next(
        (
            lex.implied_agents[code[:n]]
            for n in range(len(code), 2, -1)
            if code[:n] in lex.implied_agents
        ),
        None,
    )
    if role is None:
        return item
    host = _host(item.place, lex)
    country = host.code if host is not None else None
    if country is None and item.actor2 is not None:
        country = item.actor2.country
    agent = ActorCode(None, (country or "") + role, country, role)
    return replace(item, actor1=agent, implied_agent=True)


def _country_place(code: str, lex: Lexicon, gazetteer: Gazetteer) -> Place | None:
    country = lex.countries.get(code)
    if country is None or not country.iso3:
        return None
    place = gazetteer.resolve(country.name, lex)
    return place if place is not None and place.geo_precision == PRECISION_COUNTRY else None


def _pair_before(item: _Coded, coded: list[_Coded]) -> tuple[ActorCode, ActorCode] | None:
    """The one dyad coded in this sentence or the one before, ahead of the item."""
    here = item.mention.sentence_index
    pairs = {
        frozenset({c.actor1.code, c.actor2.code}): (c.actor1, c.actor2)
        for c in coded
        if c.mention.sentence_index in {here, here - 1}
        and (c.mention.sentence_index, c.mention.trigger_start) < (here, item.mention.trigger_start)
        and c.actor1 is not None
        and c.actor2 is not None
        and c.actor1.code
        and c.actor2.code
        and c.actor1.code != c.actor2.code
        and c.actor2_text is not None
    }
    # one dyad told twice, once more precisely: "met his Malawian counterpart" (ZMBGOV-MWIGOV)
    # and "a dispute over Lake Malawi" (ZMBGOV-MWI)
    distinct = [
        pair
        for key, pair in pairs.items()
        if not any(other != key and _refines(other, key) for other in pairs)
    ]
    return distinct[0] if len(distinct) == 1 else None


def _refines(finer: frozenset[str], coarser: frozenset[str]) -> bool:
    """Whether the two codes of one dyad extend those of another, one for one (MWIGOV, MWI)."""
    (a, b), (c, d) = sorted(finer), sorted(coarser)
    return (a.startswith(c) and b.startswith(d)) or (a.startswith(d) and b.startswith(c))


def _plural(span: ActorSpan) -> bool:
    """A group ("Yoruba leaders", "the rebels", "a group of elders") rather than one person
    or one state."""
    if span.entity_label in {"PERSON", "GPE"} and span.head in (span.entity or ""):
        return False
    if span.head_lemma in COLLECTIVE_HEADS and " of " in span.text:
        last = span.text.split()[-1].lower()  # "a group of Yoruba leaders": they
        return last.endswith("s") and not last.endswith("ss")
    if span.head.lower() in IRREGULAR_PLURALS:
        return True  # "the men", "people"
    return span.head.lower().endswith("s") and span.head_lemma != span.head.lower()


# Plural nouns of people no "-s" marks.
IRREGULAR_PLURALS = frozenset({"men", "women", "children", "people"})
# Nouns for a number of people, plural in sense when the people are named after "of".
COLLECTIVE_HEADS = frozenset({"group", "number", "team", "delegation", "band", "handful"})


def _share_incident_places(coded: list[_Coded]) -> list[_Coded]:
    """Violence told in one sentence is one incident: a killing with no place of its own
    happened where the sentence's fighting, shelling or blast did ("killed when a roadside
    bomb exploded in Diyala province"). Other events never borrow a place."""
    venues: dict[int, _Coded] = {}
    for item in coded:
        if item.cameo.quad_class == VIOLENT_QUAD and (item.place or item.place_text):
            venues.setdefault(item.mention.sentence_index, item)
    shared = []
    for item in coded:
        donor = venues.get(item.mention.sentence_index)
        placeless = item.place is None and item.place_text is None
        if item.cameo.quad_class == VIOLENT_QUAD and placeless and donor is not None:
            item = replace(item, place=donor.place, place_text=donor.place_text)
        shared.append(item)
    return shared


def _in_sentence_places(
    coded: list[_Coded],
    found: DocumentMentions,
    lex: Lexicon,
    gazetteer: Gazetteer,
    context: set[str],
) -> list[_Coded]:
    """A protest or an act of force whose own clause names no place took place, as a fallback,
    where another event of its sentence did, else at the place the sentence names nearest to
    it ("members of the BCL clashed and vandalized a police station in Sherpur upazila (Bogra,
    Rajshahi)": the clash too), with geo_precision 2 (ACLED: "near" the place). Failing that,
    where the sentence before it, the one before that or the next one places an event or names
    a town or region ("BNP members clashed with police in Chittagong city. Police charged baton
    to disperse them."), with geo_precision 3. Either way it gets no location_text (the place
    is not written beside it). Words and deals stay where they were said ("praised the police,
    and rebels attacked a convoy in Kandahar")."""
    if not any(_placeless_at_home(item) or _unknown_venue_at_home(item) for item in coded):
        return coded
    by_sentence: dict[int, list[tuple[int, Place]]] = {}
    for item in coded:
        if item.place is not None and item.place_text is not None:
            by_sentence.setdefault(item.mention.sentence_index, []).append(
                (item.mention.trigger_start, item.place)
            )
    for index, phrase, sentence in found.places:
        if index in by_sentence:
            continue  # the sentence's events have their own places: those come first
        _, place = _venue(phrase, gazetteer, lex, context, sentence)
        if place is not None and place.geo_precision < PRECISION_COUNTRY:
            # (a country named in passing is no venue: "captured a stronghold on the Thai
            # border" may be on either side of it)
            by_sentence.setdefault(-1 - index, []).append((phrase.start, place))
    out = []
    for item in coded:
        if _placeless_at_home(item):
            item = _near_place(item, by_sentence)
        elif _unknown_venue_at_home(item):
            item = _near_place(item, by_sentence, own_sentence=True)
        out.append(item)
    return out


def _place_of(first: _Coded, second: _Coded) -> dict:
    """The place of two codings of one event, taken whole from one of them: the first place
    written and known, else the first written, else the first given as a fallback (not the
    words of one with the other's fallback country: "in Iraq" placed in the United States)."""
    chosen = (
        next((c for c in (first, second) if c.place_text is not None and c.place is not None), None)
        or next((c for c in (first, second) if c.place_text is not None), None)
        or next((c for c in (first, second) if c.place is not None), first)
    )
    other = second if chosen is first else first
    if _finer_in_sentence(other, chosen):
        chosen = other
    return {
        "place": chosen.place,
        "place_text": chosen.place_text,
        "story_place": chosen.story_place,
    }


def _finer_in_sentence(other: _Coded, chosen: _Coded) -> bool:
    """Whether one sentence's second telling of an event names a smaller place than the first,
    written for the event: "launched an offensive in the countryside of Latakia, targeting the
    town of Kabbani" is at Kabbani (a town the gazetteer knows, or for an act of force or a
    protest one it does not: its words are kept and it is placed near the region)."""
    if (
        other.mention.sentence_index != chosen.mention.sentence_index
        or other.place_text is None
        or other.story_place
        or chosen.place is None
        or chosen.place.geo_precision < PRECISION_REGION
    ):
        return False
    if other.place_text == chosen.place_text:
        return False
    if other.place is None:
        return other.cameo.root in AT_HOME_ROOTS
    if other.place.country_iso3 != chosen.place.country_iso3:
        return False
    if other.place.admin1 and chosen.place.admin1 and other.place.admin1 != chosen.place.admin1:
        return False  # elsewhere, not inside: "rallies in Athens ... demonstrated in Patras"
    if other.place.name == chosen.place.name:
        # the same town or region: smaller only when the second names a place the gazetteer
        # does not know, placed near it ("the town of Kabbani"); "a car bomb detonated close to
        # the al-Yarmouk Hospital in western Baghdad" stays at the hospital, not at the bomb's
        # "in western Baghdad"
        unknown = other.place.name not in other.place_text
        return unknown and other.place.geo_precision <= chosen.place.geo_precision
    return other.place.geo_precision < chosen.place.geo_precision


def _placeless_at_home(item: _Coded) -> bool:
    return item.place is None and item.place_text is None and item.cameo.root in AT_HOME_ROOTS


def _unknown_venue_at_home(item: _Coded) -> bool:
    """A protest or an act of force at a venue the gazetteer does not know ("lynched a driver
    at Kegen in the Jomoro District"): near the place its sentence names, keeping its words."""
    return item.place is None and item.place_text is not None and item.cameo.root in AT_HOME_ROOTS


# The sentences, relative to an event's own, whose places it may take when its own names none.
NEAR_SENTENCES = (-1, -2, 1)


def _near_place(
    item: _Coded, by_sentence: dict[int, list[tuple[int, Place]]], own_sentence: bool = False
) -> _Coded:
    def places_of(index: int) -> list[tuple[int, Place]]:
        return by_sentence.get(index) or by_sentence.get(-1 - index) or []

    index = item.mention.sentence_index
    near = places_of(index)
    if near:
        _, place = min(near, key=lambda kv: abs(kv[0] - item.mention.trigger_start))
        precision = PRECISION_REGION
    else:
        other = next((found for step in NEAR_SENTENCES if (found := places_of(index + step))), [])
        if not other or own_sentence:
            return item
        _, place = min(other, key=lambda kv: kv[0])  # the first it names
        precision = PRECISION_COUNTRY
    return replace(item, place=replace(place, geo_precision=max(place.geo_precision, precision)))


def _town_bodies(
    item: _Coded, lex: Lexicon, gazetteer: Gazetteer, context: set[str], uncased: bool
) -> _Coded:
    """A state body named after its town or region is of that town's country: "Delhi Police"
    (INDCOP), "the Kisumu county government" (KENGOV). Not universities, firms or papers,
    which carry a town's name anywhere ("Georgetown University")."""
    actor1 = _town_body(item.mention.actor1, item.actor1, lex, gazetteer, context, uncased)
    actor2 = _town_body(item.mention.actor2, item.actor2, lex, gazetteer, context, uncased)
    actor1 = _capital_elsewhere(item.mention.actor1, actor1, lex, gazetteer, context)
    actor2 = _capital_elsewhere(item.mention.actor2, actor2, lex, gazetteer, context)
    if actor1 is item.actor1 and actor2 is item.actor2:
        return item
    return replace(item, actor1=actor1, actor2=actor2)


def _capital_elsewhere(
    span: ActorSpan | None,
    actor: ActorCode | None,
    lex: Lexicon,
    gazetteer: Gazetteer,
    context: set[str],
) -> ActorCode | None:
    """An actor whose country was read from a capital's name is of the country the story names
    that has a town of that name, when the story does not name the capital's own: "rival
    militias in Tripoli" in a story of "the north Lebanese port" are Lebanon's."""
    if span is None or actor is None or not actor.country or actor.country in context:
        return actor
    capital = capital_named(span.text, lex) or (
        capital_named(span.home, lex) if span.home else None
    )
    if capital is None:
        return actor
    host = _host_of_town(gazetteer.resolve(capital, lex, context), lex)
    if host is None or host.code == actor.country or host.code not in context:
        return actor
    return ActorCode(host.name, host.code + (actor.role or ""), host.code, actor.role)


def _town_body(
    span: ActorSpan | None,
    actor: ActorCode | None,
    lex: Lexicon,
    gazetteer: Gazetteer,
    context: set[str],
    uncased: bool = False,
) -> ActorCode | None:
    if span is None or actor is None or actor.country or actor.role not in STATE_ROLES:
        return actor
    if actor.code != actor.role:
        return actor
    # the words before the head ("Delhi" of "Delhi Police"), not a person's ("Judge Durham
    # Hall")
    person = set(span.entity.split()) if span.entity and span.entity_label == "PERSON" else set()
    for word in span.text.split()[:-1]:
        if word in person:
            continue
        if not (word.istitle() or (uncased and word.isalpha())):  # "the delhi police"
            continue
        host = _host_of_town(_guessed_place(word, gazetteer, lex, context), lex)
        if host is not None:
            return with_country(actor, host.code)
    return actor


def _host_of_town(place: Place | None, lex: Lexicon) -> Country | None:
    """The country of a town or region (not of a place known only as a country)."""
    if place is None or place.geo_precision >= PRECISION_COUNTRY:
        return None
    return _host(place, lex)


def _host(place: Place | None, lex: Lexicon) -> Country | None:
    """The country a venue lies in, as the lexicon's country."""
    if place is None or not place.country_iso3:
        return None
    return lex.country_by_iso3(place.country_iso3)


def _target_from_topic(item: _Coded, lex: Lexicon, registry: Registry) -> _Coded:
    """An act with no target takes the first country or international body named in what it
    is about: "threatened to cut off electricity to Nakhichevan" (AZE), "refused a demand from
    the US President" (USA). Not statements, meetings or cooperation, whose topic is seldom
    their counterpart ("said talks with Syria would resume")."""
    if item.actor2 is None and item.cameo.root == STATEMENT_ROOT:
        return _said_of(item, lex, registry)
    if item.actor2 is not None or item.cameo.root in UNTARGETED_ROOTS:
        return item
    for span in item.mention.topic_actors:
        actor = _code_actor(span, lex, registry)
        if not _a_party(actor):
            continue
        if item.actor1 is not None and actor.code == item.actor1.code:
            continue  # "X ... X's": not its own target
        return replace(item, actor2=actor, actor2_text=span.text, target_from_topic=True)
    if item.cameo.root in PLACE_TARGET_ROOTS:
        return item  # violence and protest fall on their own venue's country (_placed)
    for span in item.mention.topic_places:  # "threatened to resume attacks in Israel"
        actor = _code_actor(span, lex, registry)
        country = lex.country_by_iso3(actor.country) if actor and actor.country else None
        if country is None or (item.actor1 is not None and item.actor1.country == country.code):
            continue  # as for a venue: not the actor's own country ("lifted a curfew at home")
        target = ActorCode(country.name, country.code, country.code, None)
        return replace(item, actor2=target, actor2_text=None, target_from_topic=True)
    return item


def _a_party(actor: ActorCode | None) -> bool:
    """Whether an actor read from what an event is about can be its target: one of a country
    or an international body."""
    return actor is not None and bool(
        actor.country or (actor.code or "")[:3] in INTERNATIONAL_PREFIXES
    )


def _said_of(item: _Coded, lex: Lexicon, registry: Registry) -> _Coded:
    """A statement with no one it is addressed to is about the country, body or group its
    content has as subject ("Ratcliffe claimed Iran spoofed e-mails": IRN; "Muchanga announced
    Benin was to join": BEN), not about anything else it names ("said the 36 people were moved
    to Patagonia", "said the economy of Uganda grew": no target)."""
    span = item.mention.complement_actor
    if span is None:
        return item
    actor = _code_actor(span, lex, registry)
    if not _a_party(actor):
        return item
    if actor.role is None and not (span.entity and span.head in span.entity):
        return item  # a thing of a country's, no actor: "said the economy of Uganda grew"
    if item.actor1 is not None and actor.code == item.actor1.code:
        return item  # "X said X's forces ...": not its own target
    return replace(item, actor2=actor, actor2_text=span.text, target_from_topic=True)


def _placed(item: _Coded, lex: Lexicon) -> _Coded:
    """Once frames are composed: place the actors framing brought in ("demanded that President
    X resign": X) as a mention's own actors are placed, and give an act with no target the
    country it happens in ("Serbia lifted a curfew in Montenegro", "US drones struck in
    Somalia", "thousands protested in Hong Kong")."""
    host = _host(item.place, lex)
    actor1, actor2 = _place_stateless_actors(
        item.mention,
        item.actor1,
        item.actor2,
        lex,
        item.cameo,
        host.code if host is not None else None,
    )
    if actor2 is None and host is not None and item.cameo.root not in UNTARGETED_ROOTS:
        if (
            actor1 is None
            or actor1.country != host.code
            or item.cameo.root in PLACE_TARGET_ROOTS
            or item.cameo.code.startswith(HOME_TARGET_CODES)
        ):
            actor2 = ActorCode(host.name, host.code, host.code, None)
    if actor2 is None and actor1 is not None and actor1.country and _falls_at_home(item, actor1):
        # "Iraq's government is prepared to impose martial law", "Young Algerians blocked
        # roads": the measure or the protest falls on the actor's own country
        country = lex.country_by_iso3(actor1.country)
        if country is not None:
            actor2 = ActorCode(country.name, country.code, country.code, None)
    if actor1 is item.actor1 and actor2 is item.actor2:
        return item
    return replace(item, actor1=actor1, actor2=actor2)


def _falls_at_home(item: _Coded, actor1: ActorCode) -> bool:
    """Whether an act with no target named falls on its actor's own country (police use
    force at home)."""
    if item.cameo.code.startswith(HOME_TARGET_CODES):
        return True
    return item.cameo.root in {"18", "19", "20"} and actor1.role == "COP"


def _venue(
    phrase: PlacePhrase | None,
    gazetteer: Gazetteer,
    lex: Lexicon,
    context: set[str],
    sentence: str = "",
) -> tuple[PlacePhrase | None, Place | None]:
    """A place phrase and where it is; a name the tagger did not label a place counts only
    when the gazetteer knows it ("in Karachi" tagged as an organisation)."""
    if phrase is None:
        return None, None
    if phrase.guessed:  # a bare name in a text without capitals: "in lucknow"
        place = _guessed_place(phrase.name, gazetteer, lex, context, phrase.entity)
        return (phrase, place) if place is not None else (None, None)
    # A name the tagger ran on into the places written after it ("Utage (Mombasa county",
    # "Rajshahi city (Boalia", ACLED's "Dhaka - Shahbagh", "Gamba in Tana River County"): its
    # first part, the rest as after it.
    name = _NAME_RUN_ON.split(phrase.name, maxsplit=1)[0].strip() or phrase.name
    if "," in name and gazetteer.resolve(name, lex, context) is None:
        name = name.split(",", 1)[0].strip()  # "Winchester, Hampshire" as one name
    if _BORDER_WITH.search(phrase.text[: phrase.text.rfind(phrase.name)]):
        return None, None  # "near the border with Ethiopia": on either side, not in Ethiopia
    at = sentence.find(phrase.name)
    after = sentence[at + len(name) :] if at >= 0 else ""
    rest = _REST_OF_NAME.match(after) if name == phrase.name else None
    if rest is not None:
        # the tagger's first word of a village's name: "in Wa/GPE Ra Zut village" is Wa Ra Zut
        name, after = name + rest.group(), after[rest.end() :]
    city = _CITY_BEFORE.search(sentence[:at]) if at > 0 else None
    if city is not None:
        # ACLED's "Dhaka - Mirpur": a part of the city written before it, near the city
        known = gazetteer.resolve(city.group("city"), lex, context)
        if known is not None and known.geo_precision < PRECISION_REGION:
            inner = gazetteer.town_within(name, known)
            return phrase, inner or replace(known, geo_precision=PRECISION_REGION)
    place = None
    kind = _REGION_AFTER.match(after)
    if kind is not None:  # "Bam province": the region, not the city of Bam
        place = gazetteer.resolve(f"{name} {kind.group(1)}", lex, context)
    if place is None:
        place = gazetteer.resolve(name, lex, context, villages=phrase.labelled)
    outer = None
    if place is None or (place.geo_precision < PRECISION_COUNTRY and _QUALIFIER.match(after)):
        # the region written beside a known town is looked for in the town's country first:
        # "in Baidoa (Bay)" is Somalia's Bay region, not the town of Bay in the Philippines
        # (a village's country is no such evidence: "Sampelga (Sampelga, Seno)" is not Laos')
        near = context | {place.country_iso3} if place is not None and not place.small else context
        outer = _qualifier_place(after, gazetteer, lex, near)
    if outer is not None and (place is None or not _inside(place, outer, after)):
        # "at Bhadra village, Nagarpur upazila (Tangail, Dhaka)": not the Bhadra of India;
        # "in Wilmington, Delaware" is the Wilmington in Delaware, if the gazetteer knows one.
        # Near the named town or in the named region, not at it: ACLED's precision 2.
        again = gazetteer.town_within(name, outer)
        if again is not None:
            place = again
        else:
            place = replace(outer, geo_precision=max(outer.geo_precision, PRECISION_REGION))
    if place is None and not phrase.labelled and not _written_as_a_place(phrase, lex):
        return None, None
    if place is not None and phrase.within and place.geo_precision < PRECISION_REGION:
        place = replace(place, geo_precision=PRECISION_REGION)  # "at Maleley village in Garissa"
    return phrase, place


def _inside(place: Place, outer: Place, after: str) -> bool:
    """Whether a place can lie in the larger place written after it, when that is a region, a
    district or a country, or is written in brackets: the same country and the same region
    ("Sherpur upazila (Bogra, Rajshahi)" is not the town of Sherpur in Mymensingh); a village
    does not move a city ("Khanty-Mansiysk (Siberia)" is not in Mexico's Siberia). A town
    after a comma may be the next of a list ("in London, Paris and Rome", "in Kabul, Kandahar
    and Herat"), unless the name before it is of a part of a town ("in Gulistan area, Dhaka
    city")."""
    if not (
        _BRACKETED.match(after)
        or _WITHIN.match(after)
        or _PART_OF.match(after)
        or outer.geo_precision >= PRECISION_REGION
    ):
        return True
    if place.name == place.admin1 and not _BRACKETED.match(after):
        return True  # a region in a list of regions: "in Colorado, Louisiana and New Jersey"
    if outer.small and not place.small:
        return True  # "Khanty-Mansiysk (Siberia)": the city, not a village named Siberia
    if outer.country_iso3 != place.country_iso3:
        return False
    return not (place.admin1 and outer.admin1 and place.admin1 != outer.admin1)


_BRACKETED = re.compile(r"\s*(?:[a-z]+\s+){0,2}\(")  # "(Pabna", " upazila (Pabna"
_WITHIN = re.compile(r"\s*(?:[a-z]+\s+){0,2}in\s")  # " in Accra", " area in Kabul"
# A country's border seen from the other side: "near the border with Ethiopia".
_BORDER_WITH = re.compile(rf"\b(?:{'|'.join(sorted(BORDER_WORDS))})\s+with\s+(?:the\s+)?\Z", re.I)
# A part of a town before the town: " area, Dhaka city" ("in Gulistan area, Dhaka city" is not
# a list of two towns).
_PART_OF = re.compile(r"\s*(?:area|neighbourhood|neighborhood|locality|ward|quarter|suburb)\s*,")


# The larger places written after a small one: "in Khwahan district, Badakhshan", "in
# Sitakunda upazila (Chittagong)", "Tamassogo village (Bam province)", "in Yin Kyin village,
# Tabayin township (Shwebo district, Sagaing region)", "in Sadar upazila (coded as Sylhet)",
# "in the Khowajak Baba area of Kandahar city"; "of" only after such a word ("the Eastern
# District of Virginia" is a court's name).
_QUALIFIER = re.compile(
    r"\A(?:(?:\s+[a-z]+){0,2}\s*(?:,|\(|\bin\b)|\s+(?:area|outskirts|vicinity|part|village|"
    r"town|city|district|township|upazila)\s+of\b)\s*(?:(?:coded as|in|near)\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
    r"(?: (?:province|state|region|district|division|governorate|county|township|upazila))?)"
    r"\)?"
)
# How many names of such a chain are tried, smallest first.
QUALIFIER_CHAIN = 4


def _written_as_a_place(phrase: PlacePhrase, lex: Lexicon) -> bool:
    """A name neither the tagger nor the gazetteer knows as a place, written as one: right
    after a locative preposition ("fighting in Kobane", "at Tal Humiryah", "near Aqrabat"),
    capitalised, no date nor number, and no actor the dictionaries know ("at U.N. offices",
    "in Sunni Muslims", "in Acme Holdings"); or the object of a verb that takes or holds ground
    ("patrolled Skid Row"). It is kept as written, with no coordinates."""
    written = _LOCATIVE_NAME.match(phrase.text)
    if written is None and phrase.ground:
        written = _GROUND_NAME.match(phrase.text)
    name = phrase.name
    if written is None or phrase.text[written.end() :] != name or not name[:1].isupper():
        return False
    words = {w.lower() for w in name.split()}
    if words & _CALENDAR_WORDS or any(c.isdigit() for c in name) or name.isupper():
        return False  # nor an initialism ("in MRC")
    if pycountry.languages.get(name=name) is not None:
        return False  # "written in Arabic"
    actor = code_phrase(name, lex)
    return actor.code is None or actor.code == actor.country  # "Kobane": a town of Syria's


# the object of a verb that takes or holds ground: "patrolled Skid Row", "stormed the Capitol"
_GROUND_NAME = re.compile(r"(?:the\s+)?")
_LOCATIVE_NAME = re.compile(
    r"(?i)(?:in|at|inside|near|outside|around|towards?|into|across|through|within)\s+"
    r"(?:(?:north|south|east|west)(?:ern)?\s+|central\s+)?"
)
_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.day_name) if w)
# The rest of a place's name after the tagger's first word of it, up to the place noun: "Wa"
# + " Ra Zut" in "Wa Ra Zut village".
_REST_OF_NAME = re.compile(
    r"(?:\s+[A-Z][\w'’-]*)+(?=\s+(?:village|town|city|ward|quarter|neighbourhood|neighborhood)\b)"
)
# A city written before a part of it, as ACLED names a city's parts: "Dhaka - Mirpur".
_CITY_BEFORE = re.compile(r"(?P<city>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,2}) - \Z")
_NAME_RUN_ON = re.compile(r"\s*\(|\s+-\s+|\s+in\s+(?=[A-Z])")
_REGION_AFTER = re.compile(
    r"\A (province|state|region|division|governorate|county|district|upazila|township|"
    r"sub-county|subcounty|department|prefecture)\b(?!\s+(?-i:[A-Z]))",  # not "District Court"
    re.I,
)


def _qualifier_place(
    after: str, gazetteer: Gazetteer, lex: Lexicon, context: set[str]
) -> Place | None:
    """A place the gazetteer does not know, placed by the first region or city the gazetteer
    knows among those written right after it (`after`: the sentence after its name), at its own
    precision. In a country the document names, else wherever the names lie: a chain of places
    written as such is evidence of its own ("French forces conducted airstrikes in the area of
    Bangao (Tin-Akoff, Oudalan)": Burkina Faso, not France)."""
    names = []
    for _ in range(QUALIFIER_CHAIN):
        match = _QUALIFIER.match(after)
        if match is None:
            break
        names.append(match.group("name").rstrip(".-"))
        after = after[match.end() :]
    firsts = {name: p for name in names if (p := _chain_place(name, gazetteer, lex, context))}
    if not firsts:
        return None
    found = list(firsts.values())
    # Names of one chain lie in one country: "(Waw township, Bago district, Bago-East)" is
    # Myanmar's, not Wau in South Sudan. Of a tie, the largest, written last, says which:
    # "(Barani, Kossi)" is Burkina Faso's Kossi province, not Baruni in India; but first a
    # country where every name has a reading: "(Kongoussi, Bam)" is Burkina Faso's Bam
    # province beside its town of Kongoussi, not the town of Bam in Iran.
    votes = Counter(place.country_iso3 for place in found)
    top = max(votes.values())
    country = next(p.country_iso3 for p in reversed(found) if votes[p.country_iso3] == top)
    if len(votes) > 1:
        for candidate in sorted(votes, key=lambda c: (c != country, -votes[c])):
            inside = [_reading_in(name, candidate, gazetteer, lex) for name in firsts]
            if all(p is not None for p in inside):
                return inside[0]
    return next(p for p in found if p.country_iso3 == country)


def _reading_in(name: str, country: str, gazetteer: Gazetteer, lex: Lexicon) -> Place | None:
    """A reading of a name of a chain in the given country, if it has one."""
    readings = _chain_readings(name, gazetteer, lex, {country})
    return next((p for p in readings if p.country_iso3 == country), None)


def _chain_place(name: str, gazetteer: Gazetteer, lex: Lexicon, context: set[str]) -> Place | None:
    """One name of a chain of places: its first reading in a country the document names
    ("Banfora (Banfora, Comoe)": Burkina Faso's Comoe province, not Ivory Coast's Comoe
    region), else its first reading anywhere."""
    if context:
        readings = _chain_readings(name, gazetteer, lex, context)  # looked up one at a time
        first = next(readings, None)
        inside = (
            first
            if first is not None and first.country_iso3 in context
            else next((p for p in readings if p.country_iso3 in context), None)
        )
        if inside is not None and not _region_over_town(first, inside):
            return inside
    return next(_chain_readings(name, gazetteer, lex, set()), None)


def _region_over_town(region: Place, town: Place) -> bool:
    """Whether a chain's name is read as a region of another country rather than as a town
    of a country the document names: "Russian forces shelled Krasnohorivka (Donetsk)" is in
    Ukraine's Donetsk region, not in the Russian town of Donetsk."""
    return region.geo_precision >= PRECISION_REGION > town.geo_precision


def _chain_readings(
    name: str, gazetteer: Gazetteer, lex: Lexicon, preferred: set[str]
) -> Iterator[Place]:
    """The places a name of a chain can be, the likeliest first: a region before a town of
    its name elsewhere ("Portland, Oregon" is the state, not the town in Ohio), a town in the
    region of its name as itself ("Karaj, near Tehran"), a town by its own name, a district
    before a village or a town known by the name only as another of its names ("(Sampelga,
    Seno)" is Burkina Faso's Seno province, not Ban Xeno in Laos)."""
    region = gazetteer.region(name, preferred)
    town = gazetteer.resolve(name, lex, preferred)
    if region is not None and (town is None or town.admin1 != region.name):
        yield region
    if town is not None and _by_its_name(town, name):
        yield town
    district = gazetteer.district(name, preferred)
    if district is not None:
        yield district
    if town is not None:
        yield town
    else:
        small = gazetteer.resolve(name, lex, preferred, villages=True)
        if small is not None:
            yield small


def _place_stateless_actors(
    mention: EventMention,
    actor1: ActorCode | None,
    actor2: ActorCode | None,
    lex: Lexicon,
    cameo: CameoCode,
    venue_country: str | None,
) -> tuple[ActorCode | None, ActorCode | None]:
    """A minister or army with no country named belongs to the country the sentence is about.

    "Defence Minister Pierre Joxe said France is ready ...": Joxe is French. State organs take
    the first country the sentence names that is not the other actor's; rebels, police,
    civilians and other groups on the ground take the country of the event's venue first
    ("fired on militants in Azerbaijan"). In a cooperative event the counterpart of an actor
    from the only country named is left unplaced: "Moroccan diplomats met President Obama".
    """
    if not any(
        a is not None and a.role and not a.country and _domestic(a) for a in (actor1, actor2)
    ):
        return actor1, actor2
    cooperative = cameo.quad_class in COOPERATIVE_QUADS
    domestic_act = cameo.code.startswith(DOMESTIC_ACT_CODES)
    # A capital is where talks or a visit took place, not whose the actor is ("held talks in
    # Nairobi"); a statement or an act done at home is placed by it ("a curfew in Algiers").
    by_capital = cameo.root != CONSULT_ROOT
    named = (countries_in if by_capital else countries_named_in)(mention.sentence_text, lex)
    placed = []
    for actor, other in ((actor1, actor2), (actor2, actor1)):
        if actor is not None and actor.role and not actor.country and _domestic(actor):
            foreign_target = actor is actor1 and not domestic_act
            country = _country_for(actor, other, named, venue_country, foreign_target)
            if country is None and venue_country and not cooperative:
                # "President X extended the curfew in Abidjan": no country named, the act is
                # done at home (not a visit or talks abroad, which are cooperative)
                country = venue_country
            if cameo.code in VISIT_CODES and venue_country is not None and country == venue_country:
                country = None  # "the foreign minister arrived in Paris": a visitor, not a host
            if (
                actor is actor2
                and cooperative
                and other is not None
                and other.country in named
                and country == other.country
            ):
                country = None
            if country is not None:
                actor = with_country(actor, country)
        placed.append(actor)
    return placed[0], placed[1]


def _country_for(
    actor: ActorCode,
    other: ActorCode | None,
    named: list[str],
    venue_country: str | None,
    foreign_target: bool = False,
) -> str | None:
    if actor.role in GROUNDED_ROLES and venue_country is not None:
        return venue_country
    if actor.role in GROUNDED_ROLES and other is not None and other.role in STATE_ROLES:
        # "Burmese troops captured a Karen guerrilla stronghold", "the Sudanese government
        # accused Darfur rebels": the groups a state's organs act on are at home in it
        return other.country
    if not named:
        return None
    if other is not None and other.country == named[0]:
        if len(named) > 1:
            return named[1]  # "X met the minister": most likely a foreign counterpart
        if foreign_target and (other.role is None or other.role in STATE_ROLES):
            return None  # "President Bush threatened Russia": not Russia's own president
    return named[0]


# How many sentences back a disaster or an accident still explains harm no one did.
HAZARD_REACH = 2
# Groups found where the event happens: their country is the venue's, when there is one.
GROUNDED_ROLES = frozenset(
    {"REB", "CVL", "OPP", "SEP", "REF", "CRM", "INS", "UAF", "LAB", "EDU", "HLH", "BUS", "COP",
     "MED", "REL", "AGR"}
)  # fmt: skip
COOPERATIVE_QUADS = frozenset({1, 2})
# Acts a state's organs mostly do to their own country's people and bodies: investigations,
# arrests, bans ("Judge X opened investigations against Chilean officials": Chile's judge).
DOMESTIC_ACT_CODES = HOME_TARGET_CODES + ("09",)


def _domestic(actor: ActorCode) -> bool:
    """A role-only code, not an international or regional one (IGO, WST, ...)."""
    return actor.code == actor.role


def _code_actor(span: ActorSpan | None, lex: Lexicon, registry: Registry) -> ActorCode | None:
    if span is None:
        return None
    coded = code_actor(span, lex, registry)
    if coded.code is not None or coded.name is not None:
        return coded
    named = span.entity_label in NAMED_ACTOR_LABELS and span.entity is not None
    if named and span.head in span.entity:
        return ActorCode(span.entity, coded.code, coded.country, coded.role)
    if span.head_lemma in ACTOR_HEADS or span.head_lemma in PERSONAL_PRONOUNS:
        home = home_country(span, lex)
        if home is not None:
            return with_country(coded, home)  # "prisoners in Iraq": Iraq's
        return coded  # an actor we cannot code is still an actor ("he", "the suspects")
    return None  # "the strength of the relationship" is no actor


def _document_countries(found: DocumentMentions, lex: Lexicon) -> set[str]:
    """ISO3 codes of the countries a document names, to disambiguate its places: its actors
    ("Beijing said") and, by name or demonym, its event sentences ("the north Lebanese port"
    makes Tripoli Lebanon's)."""
    codes = set()
    for mention in found.mentions:
        codes.update(countries_named_in(mention.sentence_text, lex))
        for span in (mention.actor1, mention.actor2):
            if span is not None and span.entity in lex.country_terms:
                codes.add(lex.country_terms[span.entity][0])
    return {lex.countries[code].iso3 for code in codes if lex.countries[code].iso3}


def _place_votes(
    found: DocumentMentions, lex: Lexicon, gazetteer: Gazetteer, named: set[str]
) -> Counter[str]:
    """How many of a document's towns, districts and regions lie in each country. Each place
    counts once ("Madrid" thrice in a story of the Philippine town is one vote)."""
    votes: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for _, phrase, _ in found.named_places:
        place = (
            _guessed_place(phrase.name, gazetteer, lex, named, phrase.entity)
            if phrase.guessed
            else gazetteer.resolve(phrase.name, lex, named)
            or gazetteer.district(phrase.name, named)
        )
        if place is None or place.geo_precision >= PRECISION_COUNTRY or not place.country_iso3:
            continue
        if place.geo_precision < PRECISION_REGION and not _by_its_name(place, phrase.name):
            continue  # a town by another of its names ("Jagannath University": not Puri's)
        if (place.name, place.country_iso3) not in seen:
            seen.add((place.name, place.country_iso3))
            votes[place.country_iso3] += 1
    return votes


def _place_country(votes: Counter[str], named: set[str], alone: bool = True) -> set[str]:
    """The country most of a document's towns, districts and regions lie in (`votes`), when at
    least two of them say so, or (`alone`) all of them lie there and the text names no
    country: "between Takhar and Kunduz provinces" makes the story Afghan, "in Kondele
    (Kisumu)" Kenyan, and its other places are looked for there first."""
    if not votes:
        return set()
    country, count = votes.most_common(1)[0]
    if (alone and len(votes) == 1 and not named) or (
        count >= 2 and count >= STORY_SHARE * votes.total()
    ):
        return {country}
    return set()


def compose_frame(frame: str, complement: CameoCode, lex: Lexicon) -> CameoCode | None:
    """The code of a framed event: intent/appeal/demand/reject/threaten x the complement's code."""
    if frame == "intent" and complement.root in CONFLICT_ROOTS:
        frame = "threaten"  # "vowed to attack" is a threat
    for size in range(len(complement.code), 1, -1):
        row = lex.frames.get(complement.code[:size])
        if row is not None and frame in row:
            return lex.cameo[row[frame]]
    return None


# What an event coded by an imported PETRARCH2 pattern loses in confidence: parley's own
# events in the same sentence come first.
IMPORTED_PENALTY = 0.15
# What an event loses in confidence when its subject names no one in any sense WordNet knows
# ("The bronze medal went to Samba of Qatar", "The telescope captured images"): most such rows
# of general news are no events at all, but dropping them cost events of the dev sets
THING_PENALTY = 0.25
# What an event loses in confidence for being only the aim, the condition, the background or
# the reason of another.
ASIDE_PENALTY = {"purpose": 0.1, "condition": 0.2, "background": 0.1, "reason": 0.2}
# Roots of violence, among which how it was done picks the code ("killed in an air strike").
FORCE_ROOTS = frozenset({"18", "19", "20"})
# Acts of force that say what was done, not how: a weapon named beside them does not recode
# them ("captured the village after days of shelling" stays an occupation).
SPECIFIC_FORCE_CODES = ("181", "191", "192")
# Roots whose sub-codes say what is asked for, promised, demanded or rejected.
TOPIC_FRAMES = {"02": "appeal", "03": "intent", "10": "demand", "12": "reject"}
PROTEST_CODES = frozenset({"141", "142", "143", "144", "145"})
# The state's armed bodies, whose act a protest told beside it is not.
FORCE_ROLES = STATE_ROLES - {"GOV", "JUD", "LEG"}
# The roles of armed bodies, whose moves into a place are force (verbs.yaml `armed`), and the
# prefix of international militarized groups' codes (IMGMOSISI, the Islamic State), armed too.
ARMED_ROLES = frozenset({"MIL", "REB", "INS", "SEP", "UAF"})
MILITARIZED_GROUP = "IMG"


def refine_by_topic(cameo: CameoCode, about: About, lex: Lexicon) -> CameoCode:
    """A more specific code from what the event is about: "demonstrated for independence"
    141 -> 1414, "called for food aid" 020 -> 0233, "lifted the curfew" 081 -> 0813.

    Of the topics that would narrow this code, the one named first in the event's topic wins
    (ties: the longer phrase, then the order of topics.yaml); a code no topic narrows stays.
    """
    best: tuple[tuple, CameoCode] | None = None
    for order, topic in enumerate(lex.topics):
        refined = _refined(cameo, topic, lex)
        if refined is None:
            continue
        where = topic.first_match(about)
        if where is not None and (best is None or (*where, order) < best[0]):
            best = ((*where, order), refined)
    return best[1] if best is not None else cameo


def _refined(cameo: CameoCode, topic, lex: Lexicon) -> CameoCode | None:  # noqa: ANN001
    code = cameo.code
    if code in PROTEST_CODES:
        return lex.cameo.get(code + topic.protest) if topic.protest else None
    frame = TOPIC_FRAMES.get(cameo.root)
    if frame is not None and topic.complement is not None:
        composed = compose_frame(frame, lex.cameo[topic.complement], lex)
        if composed is not None and _narrows(code, composed.code):
            return composed
    for candidate in topic.codes:
        if _narrows(code, candidate) or (
            topic.replaces
            and candidate != code
            and {candidate[:2], code[:2]} <= FORCE_ROOTS
            and not code.startswith(SPECIFIC_FORCE_CODES)
        ):
            return lex.cameo[candidate]
    return None


def _narrows(code: str, candidate: str) -> bool:
    """Whether `candidate` is below `code`, or `code` is its root's generic code (020, 080)."""
    if candidate == code:
        return False
    return candidate.startswith(code) or (
        len(code) == 3 and code.endswith("0") and candidate[:2] == code[:2]
    )


# Verbs of sending people somewhere, which tell no event of their own when the text says what
# they were sent to do (data/coding_sets.yaml).
DISPATCH_WORDS = CODE_SETS["dispatch_words"]


def _dispatched_for(governor: _Coded, item: _Coded) -> bool:
    """Whether `item` is what those sent in `governor` went to do: "sent experts to
    investigate the attacks" is an investigation, "troops arrived in Nepal to help deliver
    aid" aid, "deployed to Nigeria to train soldiers" military cooperation."""
    return (
        item.mention.aside == "purpose"
        and governor.mention.trigger_lemma in DISPATCH_WORDS
        and item.cameo.root != governor.cameo.root
        and not item.negated
    )


def _compose_frames(coded: list[_Coded], lex: Lexicon, registry: Registry) -> list[_Coded]:
    """Fold complements into the frame that governs them; apply modal frames."""
    coded = [_asked_actor(c, lex, registry) for c in coded]
    by_start, folded = _fold_complements(coded, lex)
    return [
        _modal_frame(by_start[c.mention.trigger_start], by_start, lex)
        for c in coded
        if c.mention.trigger_start not in folded
    ]


def _fold_complements(coded: list[_Coded], lex: Lexicon) -> tuple[dict[int, _Coded], set[int]]:
    """Each event by its trigger's start, with frames composed with what they govern ("urged
    Israel to withdraw" 0256 from 020 and 087), and the starts of the complements that are no
    event of their own (what is urged or promised has not happened)."""
    by_start = {c.mention.trigger_start: c for c in coded}
    folded: set[int] = set()
    for item in coded:
        start = item.mention.governor_start
        if start is None:
            continue
        governor = by_start.get(start)
        if governor is None:
            if item.mention.kind == "noun":
                folded.add(item.mention.trigger_start)  # "condemned the raid": no raid event
            continue
        if item.mention.trigger_lemma in governor.key_used.split()[1:]:
            folded.add(item.mention.trigger_start)  # "held talks": the verb's key used the noun
            continue
        frame = FRAME_OF_ROOT.get(governor.cameo.root)
        if _dispatched_for(governor, item):
            # "deployed soldiers to Nigeria to train its army": the sending is the training
            folded.add(item.mention.trigger_start)
            by_start[start] = replace(
                governor,
                cameo=item.cameo,
                actor2=item.actor2 or governor.actor2,  # whom the sent act on, not the sent
                actor2_text=item.actor2_text if item.actor2 else governor.actor2_text,
                key_used=f"{governor.key_used}+{item.key_used}",
            )
            continue
        if _gathered_to_protest(governor, item):
            # "gathered outside the ministry to demand unpaid allowances": a protest
            folded.add(item.mention.trigger_start)
            by_start[start] = replace(
                governor,
                cameo=lex.cameo[PROTEST_CODE],
                actor2=governor.actor2 or item.actor2,
                actor2_text=governor.actor2_text if governor.actor2 else item.actor2_text,
                key_used=f"{governor.key_used}+{item.key_used}",
            )
            continue
        if governor.cameo.code in CONSIDERED_CODES:
            # "is considering sending aid to Kyrgyzstan": no aid sent; the consideration's
            # target is whom it would be sent to
            folded.add(item.mention.trigger_start)
            if governor.actor2 is None and item.actor2 is not None:
                by_start[start] = replace(
                    governor, actor2=item.actor2, actor2_text=item.actor2_text
                )
            continue
        if frame is None:
            purpose = governor.cameo.root == PROTEST_ROOT and item.cameo.root in PROTEST_AIMS
            if item.mention.kind == "noun" or purpose:
                # "staged rallies to demand reforms": the demand is what the protest is for
                folded.add(item.mention.trigger_start)
            continue
        folded.add(item.mention.trigger_start)  # what is urged or promised has not happened
        composed = compose_frame(frame, item.cameo, lex)
        if composed is None or governor.cameo.code != governor.cameo.root + "0":
            continue  # the frame already has a specific code, or the pair has none
        target, target_text = _framed_target(frame, governor, item)
        by_start[start] = replace(
            governor,
            cameo=composed,
            actor2=target,
            actor2_text=target_text,
            **_place_of(governor, item),
            key_used=f"{governor.key_used}+{item.key_used}",
        )
    return by_start, folded


# A gathering's purpose that makes it a protest: what a protest is for, but an appeal ("leaders
# gathered in Paris to call for action" met).
GATHERING_AIMS = PROTEST_AIMS - {"02"}
PROTEST_CODE = "141"


def _gathered_to_protest(governor: _Coded, item: _Coded) -> bool:
    """Whether a gathering (GATHERING_WORDS, coded as a meeting) governs a demand, a
    disapproval or a protest: the gathering is a protest."""
    return (
        governor.mention.trigger_lemma in GATHERING_WORDS
        and governor.cameo.root == CONSULT_ROOT
        and item.cameo.root in GATHERING_AIMS
        and not governor.negated
    )


def _modal_frame(item: _Coded, by_start: dict[int, _Coded], lex: Lexicon) -> _Coded:
    """An act told with a modal is an intent, a demand, an appeal, a threat or a refusal:
    "will send troops" an intent (03), "must withdraw" a demand (10), "will withdraw unless
    ..." a threat (13), "will not accept refugees" a refusal (12)."""
    frame = MODAL_FRAME.get(item.mention.modal or "")
    refusal = frame == "intent" and item.negated and item.cameo.root in COOPERATION_ROOTS
    if refusal:
        frame = "reject"  # "will not accept refugees": a refusal, said as such
    elif frame == "intent" and item.mention.conditional:
        frame = "threaten"  # "will withdraw its force unless ...": a threat
    if frame in {"demand", "appeal"} and item.cameo.root == INTENT_ROOT:
        # "must agree to constitutional changes", "must be ready to mediate": what is
        # demanded is the act itself, not the readiness
        intended = _intended(item.cameo, lex)
        generic = intended is item.cameo
        if generic:
            intended = lex.cameo[GENERIC_FRAME_CODE[frame]]
        item = replace(item, cameo=intended, key_used=f"{item.mention.modal}+{item.key_used}")
        if generic:
            item = _demanded_by_speaker(item, by_start)
            frame = None  # already the demand or appeal itself
    if frame is None or item.cameo.root not in COOPERATION_ROOTS | (
        CONFLICT_ROOTS if frame in {"intent", "threaten"} else frozenset()
    ):
        return item
    composed = compose_frame(frame, item.cameo, lex)
    if composed is None and frame == "threaten":
        composed = lex.cameo[THREATEN_CODE]  # a condition makes any promise a threat
    if composed is None:
        return item
    item = replace(
        item,
        cameo=composed,
        key_used=f"{item.mention.modal}+{item.key_used}",
        negated=item.negated and not refusal,
    )
    if frame in {"demand", "appeal"}:
        item = _demanded_by_speaker(item, by_start)
    return item


def _intended(intent: CameoCode, lex: Lexicon) -> CameoCode:
    """The act an intent code promises (0344 -> 0834, 039 -> 045), or the intent itself."""
    for complement, row in lex.frames.items():
        if row.get("intent") == intent.code:
            return lex.cameo[complement]
    return intent


# The generic code of a frame whose complement has no code of its own: "must agree to X" is a
# demand (100) that X narrows by topic.
GENERIC_FRAME_CODE = {"demand": "100", "appeal": "020"}


def _demanded_by_speaker(item: _Coded, by_start: dict[int, _Coded]) -> _Coded:
    """ "The US said China must drop barriers": the US demands, China is asked.

    A "must"/"should" clause reported by a speaker is the speaker's demand or appeal.
    """
    speaker = by_start.get(item.mention.governor_start or -1)
    if speaker is None or speaker.cameo.root != STATEMENT_ROOT or speaker.actor1 is None:
        return item
    if _actor_key(speaker.actor1) == _actor_key(item.actor1):
        return item  # "Japan said it must act": a statement of its own obligation
    return replace(
        item,
        actor1=speaker.actor1,
        actor1_text=speaker.actor1_text,
        actor2=item.actor1 or item.actor2,
        actor2_text=item.actor1_text if item.actor1 is not None else item.actor2_text,
    )


def _framed_target(frame: str, governor: _Coded, item: _Coded) -> tuple:
    """The target of a framed event: the frame's own object, else whoever is to act.

    "demanded the removal of President X" targets X; "agreed to meet Y" targets Y.
    """
    if governor.actor2 is not None:
        return governor.actor2, governor.actor2_text
    own = _actor_key(governor.actor1)
    if frame in {"appeal", "demand"} and item.actor1 is not None:
        if _actor_key(item.actor1) != own:
            return item.actor1, item.actor1_text
    return item.actor2, item.actor2_text


def _asked_actor(item: _Coded, lex: Lexicon, registry: Registry) -> _Coded:
    """An appeal, demand or threat with no object targets whoever is asked to act.

    "China demanded that the US cancel the sale": the US is the target of the demand.
    """
    if item.actor2 is not None or item.mention.complement_actor is None:
        return item
    if FRAME_OF_ROOT.get(item.cameo.root) not in {"appeal", "demand", "threaten"}:
        return item
    asked = _code_actor(item.mention.complement_actor, lex, registry)
    if asked is None:
        return item
    return replace(item, actor2=asked, actor2_text=item.mention.complement_actor.text)


def _quote_blocks(sentences: tuple[str, ...]) -> list[int | None]:
    """Which quotation each sentence is part of (None: none): a quotation runs on over the
    sentences that start inside it, and begins at the sentence before it when that one ends
    in a colon ('Bolton gave a different account: "I offered to resign last night."')."""
    blocks: list[int | None] = []
    inside = False
    block = -1
    for index, text in enumerate(sentences):
        opened_before = inside
        for char in text:
            if char == "\u201c":
                inside = True
            elif char == "\u201d":
                inside = False
            elif char == '"':
                inside = not inside
        quoted = opened_before or any(char in QUOTE_MARKS for char in text)
        if not quoted:
            blocks.append(None)
            continue
        if not opened_before:
            introduced = index > 0 and sentences[index - 1].rstrip().endswith(":")
            if not introduced or blocks[-1] is None:
                block += 1  # a new quotation (not one its introducing sentence already holds)
            if introduced and blocks[-1] is None:
                blocks[-1] = block  # the sentence that introduces the quotation
        blocks.append(block)
    return blocks


# A colon that opens a quotation, in the sentence or at its end.
_INTRODUCES = re.compile(r':\s*(?:["\u201c]|\Z)')
QUOTE_MARKS = frozenset('"\u201c\u201d')
# How far from its speaker's sentence a quoted "I" is read as that speaker (an interview
# quoted at length may hold a stray quote mark).
QUOTE_REACH = 3


def _quoted_speakers(coded: list[_Coded], sentences: tuple[str, ...]) -> list[_Coded]:
    """ "I" and "we" in a quotation that runs over several sentences stand for the one the
    quotation names as its speaker, in any of its sentences: '"I informed John Bolton last
    night that his services are no longer needed. I disagreed strongly with many of his
    suggestions," wrote Trump'; 'Bolton gave a different account, speaking via Twitter: "I
    offered to resign last night."' A quotation with two speakers, or none, within QUOTE_REACH
    sentences leaves them as they are."""
    unresolved = [
        i
        for i, c in enumerate(coded)
        if c.mention.actor1 is not None
        and c.mention.actor1.head.lower() in FIRST_PERSON
        and (c.actor1 is None or c.actor1.code is None)
    ]
    if not unresolved:
        return coded
    blocks = _quote_blocks(sentences)
    speakers: list[tuple[int, int, ActorCode]] = []  # (quotation, sentence, speaker)
    for c in coded:
        index = c.mention.sentence_index
        if (
            index < len(blocks)
            and blocks[index] is not None
            # a speech verb, or any act of the one who introduces the quotation with a colon
            and (
                c.mention.trigger_lemma in WORDS["speech_verbs"]
                or _INTRODUCES.search(sentences[index])
            )
            and c.actor1 is not None
            and c.actor1.code is not None
            and c.mention.actor1 is not None
            and c.mention.actor1.head.lower() not in SPEAKER_PRONOUNS
        ):
            speakers.append((blocks[index], index, c.actor1))
    out = list(coded)
    for i in unresolved:
        index = coded[i].mention.sentence_index
        block = blocks[index] if index < len(blocks) else None
        found = {
            _actor_key(actor): actor
            for quotation, at, actor in speakers
            if quotation == block and abs(at - index) <= QUOTE_REACH
        }
        if block is not None and len(found) == 1:
            out[i] = replace(coded[i], actor1=next(iter(found.values())))
    return out


# The one speaking and the one spoken to: "I", "we", "you" stand for a speaker only the quote
# around them names ('"We will not negotiate," Netanyahu said': Netanyahu, found by the
# extractor).
SPEAKER_PRONOUNS = frozenset({"i", "we", "me", "us", "you"})


def _without_unknown_speakers(coded: list[_Coded]) -> list[_Coded]:
    """An event done by "I" or "we" whom no quote names is no one's event: an interviewee's
    "I went to Munich for the talk", a reader's "we call it emotional contagion". Who did it
    cannot be told, and the row would say nothing a user could count."""
    return [
        c
        for c in coded
        if c.mention.actor1 is None
        or c.mention.actor1.head.lower() not in SPEAKER_PRONOUNS
        or (c.actor1 is not None and c.actor1.code is not None)
    ]


def _drop_reporting_statements(coded: list[_Coded]) -> list[_Coded]:
    """ "X said Y attacked Z": code the reported event, not the saying, when both are found.

    Only plain statements (010) are dropped: a claim of responsibility, a denial or a word of
    sympathy is an event of its own ("IS claimed responsibility for the bombing").
    """
    substantive = {c.mention.sentence_index for c in coded if c.cameo.root != STATEMENT_ROOT}
    return [
        c
        for c in coded
        if c.cameo.code != PLAIN_STATEMENT or c.mention.sentence_index not in substantive
    ]


def _actor_key(actor: ActorCode | None) -> str | None:
    if actor is None:
        return None
    return actor.name or actor.code


def _merge(coded: list[_Coded]) -> list[tuple[_Coded, int]]:
    """The same event told twice in a document is one row; later mentions fill what is missing."""
    events: list[list] = []  # [representative, count, actor1 key, actor2 key]
    for item in coded:
        a1, a2 = _actor_key(item.actor1), _actor_key(item.actor2)
        for event in events:
            rep: _Coded = event[0]
            if rep.cameo.code != item.cameo.code or rep.negated != item.negated:
                continue
            if _apart(rep, item):
                continue
            same = (a1, a2) == (event[2], event[3])
            if item.cameo.code in SYMMETRIC_CODES:
                same = same or (a2, a1) == (event[2], event[3])
                same = same or _compatible(a1, a2, event[2], event[3])
            if same:
                if (a1, a2) != (event[2], event[3]) and (a2, a1) == (event[2], event[3]):
                    item = replace(
                        item,
                        actor1=item.actor2,
                        actor2=item.actor1,
                        actor1_text=item.actor2_text,
                        actor2_text=item.actor1_text,
                    )
                if _tells_better(item, rep):
                    rep, item = item, rep  # "a car bomb killed 34": the verb tells the event
                event[0] = replace(
                    rep,
                    actor1=rep.actor1 or item.actor1,
                    actor1_text=rep.actor1_text if rep.actor1 else item.actor1_text,
                    actor2=rep.actor2 or item.actor2,
                    actor2_text=rep.actor2_text if rep.actor2 else item.actor2_text,
                    **_place_of(rep, item),
                    retold_in=_retellings(rep, item),
                )
                event[1] += 1
                event[2] = event[2] or a1
                event[3] = event[3] or a2
                break
        else:
            events.append([item, 1, a1, a2])
    return [(event[0], event[1]) for event in events]


# Two tellings placed farther apart than this are two events (ACLED's 50 km).
APART_KM = 50.0


def _apart(rep: _Coded, item: _Coded) -> bool:
    """Whether two codings of one kind of act are placed in towns or regions far apart, each
    written for its own event: two events ("protested on the streets of Nairobi" and, later,
    "protested in Mombasa"), not one told twice."""
    places = (rep.place, item.place)
    if any(p is None or p.geo_precision >= PRECISION_COUNTRY or p.latitude is None for p in places):
        return False
    if rep.story_place or item.story_place or rep.place_text is None or item.place_text is None:
        return False
    a, b = places
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) > APART_KM


def _retellings(rep: _Coded, item: _Coded) -> tuple[str, ...]:
    told = (rep.mention.sentence_text, *rep.retold_in)
    more = (item.mention.sentence_text, *item.retold_in)
    return rep.retold_in + tuple(dict.fromkeys(t for t in more if t not in told))


def _tells_better(item: _Coded, rep: _Coded) -> bool:
    """Whether a later mention in the same sentence should stand for the event: a verb over a
    noun that names the event or its instrument ("a car *bomb* ... *killed* 34"), a verb by a
    key of parley's own over one by an imported PETRARCH2 key ("bandits stole cattle and *set
    fire* to houses on Wednesday": the surer row, with its date)."""
    same_sentence = item.mention.sentence_index == rep.mention.sentence_index
    return same_sentence and (
        (rep.mention.kind == "noun" and item.mention.kind == "verb")
        or (rep.imported and not item.imported and item.mention.kind == "verb")
    )


def _compatible(a1: str | None, a2: str | None, b1: str | None, b2: str | None) -> bool:
    """A mention that names one side of a known symmetric event ("a meeting" by X) is that event."""
    known_a = {a for a in (a1, a2) if a}
    known_b = {b for b in (b1, b2) if b}
    if not known_a or not known_b:
        return False
    return known_a <= known_b or known_b <= known_a


def _confidence(item: _Coded) -> float:
    """How sure the rules are of this row, from the evidence each part had."""
    score = 0.35
    if item.actor1 is not None and item.actor1.code and not item.implied_agent:
        score += 0.2
    if (
        item.actor2 is not None
        and item.actor2.code
        and item.actor2_text is not None
        and not item.target_from_topic
    ):
        score += 0.15  # a target named in the text, not one inferred from the venue or topic
    if " " in item.key_used:
        score += 0.1  # a specific pattern ("call for", "hold talk") beats a bare lemma
    if item.mention.kind == "verb":
        score += 0.05
    if (
        item.place is not None
        and not item.story_place
        and item.mention.place is not None
        and item.mention.place.attached
    ):
        score += 0.05  # a venue written beside the event, and known
    if len(item.cameo.code) >= 3 and not item.cameo.code.endswith("0"):
        score += 0.05
    # The main clause's event is the one the sentence reports; deeper clauses are asides.
    score -= 0.1 * min(item.mention.depth, 3)
    score -= ASIDE_PENALTY.get(item.mention.aside or "", 0.0)
    if item.imported:
        score -= IMPORTED_PENALTY
    if item.thing_subject:
        score -= THING_PENALTY
    return round(min(max(score, 0.05), 0.95), 3)


def _with_learned(confidence: float, acled: AcledType | None) -> float:
    """A row whose ACLED type the classifier decided is surer the surer the classifier is:
    +0 at LEARNED_MIN (0.45), +0.11 at 1.0."""
    if acled is None or acled.probability is None:
        return confidence
    return round(min(confidence + 0.2 * (acled.probability - LEARNED_MIN), 0.95), 3)


def _written_place(item: _Coded) -> str | None:
    """The place the text writes for an event (not one it was given as a fallback)."""
    if item.place is None or item.place_text is None or item.story_place:
        return None
    return item.place.name


def _event_id(doc_id: str, item: _Coded) -> str:
    raw = f"{doc_id}|{item.mention.sentence_index}|{item.mention.trigger_start}|{item.cameo.code}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def cluster_id(
    when: date | None,
    root: str,
    actor1: ActorCode | None,
    actor2: ActorCode | None,
    place: Place | None,
) -> str:
    """The id that the same real-world event gets in every document that reports it.

    Same day, same CAMEO root, same two actors (in either order: "X met Y" is "Y met X" for
    this purpose) and same place: reports of one meeting or one attack, written differently.
    """
    sides = sorted((a.code or a.name or "") if a is not None else "" for a in (actor1, actor2))
    where = (place.name if place.geo_precision == 1 else place.country_iso3) if place else ""
    raw = f"{when.isoformat() if when else ''}|{root}|{sides[0]}|{sides[1]}|{where}"
    return "c" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:19]


def _lead_before(item: _Coded, sentences: tuple[str, ...]) -> str:
    """What the classifier (not the rules) reads before an event's sentence: the story's lead,
    where a report says what happened, for an event told after it with no venue of its own
    ("Rioters protested in Bobo-Dioulasso and destroyed a statue. Police fired tear gas.": the
    tear gas is the riot's; "Rebels killed two soldiers in Hama" is an incident of its own)."""
    index = item.mention.sentence_index
    if not sentences or index == 0 or item.place_text is not None:
        return ""
    return sentences[0]


# How many sentences after the lead the classifier reads with it, while they name no place.
FOLLOW_SENTENCES = 2


def _follow_after(item: _Coded, sentences: tuple[str, ...], placed: frozenset[int]) -> str:
    """What the classifier (not the rules) reads after a lead's event: the sentences that go
    on telling it, up to FOLLOW_SENTENCES, until one names a place of its own ("Rioters
    protested in Gaoua and set fire to the town hall. Police fired tear gas.": a riot, not
    only damage). On the check halves, against the lead alone: ACLED notes type 74.9 -> 75.2
    %, sub-type 71.7 -> 72.1 %, CASE weighted F1 0.724 -> 0.724."""
    if item.mention.sentence_index != 0:
        return ""
    return _follow_sentences(sentences, placed)


def _follow_sentences(sentences: tuple[str, ...], placed: frozenset[int]) -> str:
    """The sentences after the lead, up to FOLLOW_SENTENCES, until one names a place."""
    return " ".join(sentences[index] for index in _follow_indices(sentences, placed))


def _follow_indices(sentences: tuple[str, ...], placed: frozenset[int]) -> list[int]:
    told = []
    for index in range(1, min(len(sentences), 1 + FOLLOW_SENTENCES)):
        if index in placed:
            break
        told.append(index)
    return told


def _acled_type(
    item: _Coded, sentences: tuple[str, ...], placed: frozenset[int]
) -> AcledType | None:
    """The ACLED type of one coded event, from its sentence (the rules) and what the
    classifier reads around it."""
    return classify(
        item.cameo.code,
        item.actor1,
        item.actor1_text,
        item.actor2,
        item.actor2_text,
        " ".join((item.mention.sentence_text, *item.retold_in)),
        lead=_lead_before(item, sentences),
        follow=_follow_after(item, sentences, placed),
    )


def _record(
    document: Document,
    item: _Coded,
    mentions: int,
    extractor: str,
    acled: AcledType | None,
) -> EventRecord:
    m = item.mention
    a1 = item.actor1 or ActorCode(None, None, None, None)
    a2 = item.actor2 or ActorCode(None, None, None, None)
    event_date, precision = resolve_date(m.date_text, document.published_at)
    place = item.place
    return EventRecord(
        event_id=_event_id(document.doc_id, item),
        doc_id=document.doc_id,
        doc_url=document.url,
        doc_title=document.title,
        source=document.source,
        published_at=document.published_at,
        sentence_index=m.sentence_index,
        sentence_text=m.sentence_text,
        char_start=m.trigger_start,
        char_end=m.trigger_end,
        mentions=mentions,
        event_date=event_date,
        time_precision=precision,
        actor1_text=item.actor1_text,
        actor1_name=a1.name,
        actor1_code=a1.code,
        actor1_country=a1.country,
        actor1_role=a1.role,
        actor2_text=item.actor2_text,
        actor2_name=a2.name,
        actor2_code=a2.code,
        actor2_country=a2.country,
        actor2_role=a2.role,
        action_text=m.trigger_text,
        action_lemma=m.trigger_lemma,
        cameo_code=item.cameo.code,
        cameo_root=item.cameo.root,
        cameo_name=item.cameo.name,
        quad_class=item.cameo.quad_class,
        goldstein=item.cameo.goldstein,
        plover_event=item.cameo.plover,
        acled_disorder_type=acled.disorder_type if acled else None,
        acled_event_type=acled.event_type if acled else None,
        acled_sub_event_type=acled.sub_event_type if acled else None,
        interaction=acled.interaction if acled else None,
        negated=item.negated,
        location_text=item.place_text,
        location=place.name if place else None,
        admin1=place.admin1 if place else None,
        country=place.country if place else None,
        country_iso3=place.country_iso3 if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=place.geo_precision if place else None,
        confidence=_with_learned(_confidence(item), acled),
        extractor=extractor,
        pipeline_version=PIPELINE_VERSION,
        event_cluster_id=cluster_id(event_date, item.cameo.root, item.actor1, item.actor2, place),
        sources_count=1,  # the dataset's count is set by storage.dataset.refresh_sources_counts
    )
