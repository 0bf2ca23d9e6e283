"""spaCy Doc -> EventMention: who did what to whom, where and when, from the dependency parse."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from extractors.keys import verb_keys
from extractors.repairs import (
    capitalised_event_noun,
    date_read_as_subject,
    finite_conjunct_of_gerund,
    inverted_speaker,
    misread_subject,
    swallowed_subject,
    verb_lemmas,
)
from extractors.transcripts import transcript_start
from extractors.tree import (
    ACTOR_ENTS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_ENTS,
    SUBJECT_DEPS,
    child_of,
    entity_at,
    is_actor_like,
    shared_object,
)
from extractors.venue_model import ranked_place
from extractors.venues import (
    LOCATIVE_PREPS,
    VENUE_SITES,
    PlacePhrase,
    clause_place,
    event_place,
    find_dateline,
    in_brackets,
    named_places,
    object_place,
    sentence_places,
    uncased,
)
from extractors.words import NOUN_PREPOSITIONS, WORDS

# Prepositions that introduce the target of an action ("met with X", "fired on X").
TARGET_PREPS = frozenset(
    {"with", "to", "against", "on", "upon", "at", "for", "from", "into", "toward", "towards", "of"}
)
# Prepositions that name whose a non-actor object is ("the rights of X", "a ban on X").
OBJECT_OWNER_PREPS = frozenset({"of", "on", "against", "for", "to", "by"})
# Modifiers kept in an actor's noun phrase ("Chinese Foreign Minister Wang Yi").
NP_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case"})
# Clauses whose missing subject is the subject of the clause above ("vowed to cooperate").
CONTROL_DEPS = frozenset({"xcomp", "conj", "advcl", "acomp"})
REPORTED_PRONOUNS = frozenset({"he", "she", "it", "they", "we"})
# News sentences are well under 100 tokens; longer "sentences" are tables, lists or text
# without punctuation, and reading them costs time quadratic in their length.
MAX_SENTENCE_TOKENS = 250
# "will withdraw unless X": a threat. ("would meet him if he agreed" is an offer, not marked.)
CONDITION_MARKS = frozenset({"unless"})
MODALS = {"will": "will", "would": "will", "shall": "will", "must": "must", "should": "should",
          "may": "will", "might": "will", "could": "will"}  # fmt: skip
# Adverbs right after a verb that the parser may tag as such but that work as its particle.
ADVERB_PARTICLES = frozenset({"back", "out", "off", "down", "up", "away", "over"})
# Particles that may stand after a phrasal verb's object: "forced the agency out of".
SEPARATED_PARTICLES = frozenset({"out", "back", "off", "away"})


@dataclass(frozen=True)
class ActorSpan:
    """A noun phrase that may name an actor, as written, with its offsets in the document."""

    text: str
    start: int
    end: int
    head: str
    head_lemma: str
    entity: str | None = None
    entity_label: str | None = None
    apposition: str | None = None
    # A place the phrase says its people are in or from: "security forces *in Guinea*",
    # "a terror group based in *Trinidad*".
    home: str | None = None
    # Whose the phrase says its people are: "Bosnian Serbs said *their* forces ...".
    owner: str | None = None


@dataclass(frozen=True)
class About:
    """What an event is about, as lower-cased lemmas and as the words written: what its
    trigger governs (its subjects and coordinated events left out: "for greater freedom"), and
    apart a subject that names a thing, not an actor ("a car bomb killed ...")."""

    lemmas: str = ""
    words: str = ""
    subject_lemmas: str = ""
    subject_words: str = ""


@dataclass(frozen=True)
class EventMention:
    """One candidate event in one sentence, before any coding."""

    sentence_index: int
    sentence_text: str
    trigger_text: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    # (table, key) pairs to look up, most specific first: ("verb", "call for"), ("verb", "call");
    # "result" keys ("set ablaze") are looked up in parley's own verbs only.
    keys: tuple[tuple[str, str], ...]
    kind: str  # "verb" or "noun"
    actor1: ActorSpan | None
    actor2: ActorSpan | None
    negated: bool
    place: PlacePhrase | None
    date_text: str | None
    # Offset of the trigger this mention is the complement of ("urged X to *withdraw*",
    # "demanded a *ceasefire*"), and the modal that frames it ("will", "must", "should").
    governor_start: int | None = None
    modal: str | None = None
    # How many verbs stand above the trigger: 0 for the main clause's own event.
    depth: int = 0
    # The subject of a clause this verb governs: who is asked, urged or told to act
    # ("demanded that *the US* cancel ...").
    complement_actor: ActorSpan | None = None
    # A place named by the object: the venue of a material event ("captured Badme").
    object_place: PlacePhrase | None = None
    # any place inside the event's own clause ("a merchant in Samarra's bazaar was killed"):
    # the last resort for the venue of a material event
    clause_place: PlacePhrase | None = None
    # The place the learned ranker (extractors.venue_model) takes for the event, when it is
    # sure enough: the venue of an act of force or a protest.
    ranked_place: PlacePhrase | None = None
    # "will withdraw its force unless ...": a threat
    conditional: bool = False
    # "purpose" for "staged rallies *to demand* ...", "condition" for "... unless the
    # Kremlin *withdrew*": a clause that says what another event is for or depends on,
    # not something reported as done; "background" for "rioted after police *shot* a
    # student": what led up to the event reported; "reason" for "was arrested for
    # *collaborating* with Israel": what an act on someone is for
    aside: str | None = None
    # What the event is about ("for greater freedom"): see About.
    topic: About = About()
    # Named actors in what the trigger governs, in order: whom an act with no target of its
    # own is aimed at ("threatened to cut off electricity to *Nakhichevan*").
    topic_actors: tuple[ActorSpan, ...] = ()
    # The same, named after "in", "at" and the like ("threatened attacks in *Israel*").
    topic_places: tuple[ActorSpan, ...] = ()


@dataclass(frozen=True)
class PersonMention:
    """A name the document introduces with what codes it: a person with a descriptor
    ("Russian Foreign Minister Sergey Lavrov"), or a body's initials with its full name
    ("SAA" for "Syrian Arab Army", from "the Syrian Arab Army (SAA)")."""

    name: str
    descriptor: str


@dataclass(frozen=True)
class DocumentMentions:
    """Everything the extractor read from one document."""

    n_sentences: int
    mentions: tuple[EventMention, ...]
    people: tuple[PersonMention, ...]
    dateline: PlacePhrase | None = None
    # (sentence index, span, is a subject) of every named subject and every person named: who
    # a later "he" or "they" may be
    referents: tuple[tuple[int, ActorSpan, bool], ...] = ()
    # (sentence index, place, sentence) of every locative place of every sentence
    places: tuple[tuple[int, PlacePhrase, str], ...] = ()
    # (sentence index, place, sentence) of every place any sentence names, in any part
    named_places: tuple[tuple[int, PlacePhrase, str], ...] = ()
    # the text of every sentence, by index
    sentences: tuple[str, ...] = ()
    # written without capitals (lower-cased newswire): names are lower-case words
    uncased: bool = False
    # the first sentence of an interview's transcript (extractors/transcripts.py), if any
    transcript_from: int | None = None


def extract_mentions(
    doc: Doc, event_nouns: frozenset[str] = frozenset(), dateline: PlacePhrase | None = None
) -> DocumentMentions:
    """Find event mentions and described people in a parsed document. `dateline`: the story's
    dateline when the caller blanked it out before parsing (see venues.mask_dateline)."""
    mentions: list[EventMention] = []
    places: list[tuple[int, PlacePhrase, str]] = []
    named: list[tuple[int, PlacePhrase, str]] = []
    sentences = list(doc.sents)
    # Span.ents scans every entity of the document: group them by sentence once instead.
    dates_of = _dates_by_sentence(doc, sentences)
    for index, sent in enumerate(sentences):
        if len(sent) > MAX_SENTENCE_TOKENS:
            continue  # a table, a list or run-on text: not a sentence to read events from
        dates = dates_of[index]
        for token in sent:
            if token.pos_ == "VERB" and _eventive(token):
                mention = _verb_mention(token, sent, index, event_nouns, dates)
            elif _event_noun(token, event_nouns) and _eventive(token):
                mention = _noun_mention(token, sent, index, dates)
            else:
                continue
            if mention is not None:
                mentions.append(mention)
        places.extend((index, phrase, sent.text) for phrase in sentence_places(sent))
        named.extend((index, phrase, sent.text) for phrase in named_places(sent))
    return DocumentMentions(
        n_sentences=len(sentences),
        mentions=tuple(mentions),
        people=tuple(_people(doc) + _acronyms(doc.text)),
        dateline=dateline or find_dateline(doc.text),
        referents=_referents(sentences) if _refers_back(mentions) else (),
        places=tuple(places),
        named_places=_not_people(named, doc),
        sentences=tuple(sent.text for sent in sentences),
        uncased=uncased(doc),
        transcript_from=_transcript_from(doc.text, sentences),
    )


def _transcript_from(text: str, sentences: list[Span]) -> int | None:
    """The index of the first sentence of the document's interview transcript, if it has one
    (a sentence the parser ran across its first turn is the article's: "Wikinews spoke with
    her by email, after the event: ((WN)) What ...")."""
    start = transcript_start(text)
    if start is None:
        return None
    return next((i for i, sent in enumerate(sentences) if sent.start_char >= start), None)


def _event_noun(token: Token, event_nouns: frozenset[str]) -> bool:
    """A noun of the event lexicon, or one the tagger read as a name (see
    repairs.capitalised_event_noun)."""
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in event_nouns
    return capitalised_event_noun(token, event_nouns)


def _not_people(
    named: list[tuple[int, PlacePhrase, str]], doc: Doc
) -> tuple[tuple[int, PlacePhrase, str], ...]:
    """The places a document names, without names only guessed to be places that are a word
    of a person's full name it gives: "Bolton" after "John Bolton", "Jackson" after "Judge Amy
    Berman Jackson"."""
    words = {
        word
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1
        for word in ent.text.split()
    }
    return tuple(item for item in named if not (item[1].guessed and item[1].name in words))


def _eventive(token: Token) -> bool:
    """Whether an event word names an event here: not as a modifier of another noun
    ("invasion forces", "protest leaders") nor as people ("the wounded", "the injured")."""
    if token.pos_ == "VERB":
        # "evacuated the wounded"; "the besieged town" is a state, not an event told
        return (
            token.dep_ != "amod"
            and not any(c.dep_ == "det" for c in token.children)
            and not _evidential(token)
        )
    return token.dep_ != "compound" and not token.lower_.endswith("ed")


def _evidential(verb: Token) -> bool:
    """A verb of saying or thinking in the passive, with no one named who says or thinks it,
    whose complement tells what is said of its subject: "he was said to be ill", "the storm is
    expected to reach the coast", "three fishermen were reported missing" (not "a curfew was
    announced", "he was described by the court as a danger")."""
    return (
        verb.lemma_.lower() in WORDS["evidential_passives"]
        and any(c.dep_ == "auxpass" for c in verb.children)
        and child_of(verb, {"agent"}) is None
        and any(
            c.dep_ in {"xcomp", "oprd", "acomp", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "as")
            for c in verb.children
        )
    )


SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
PAIR_OPENINGS = ("the two ", "two ", "both ")


def is_pronoun(span: ActorSpan) -> bool:
    return span.head.lower() in SINGULAR_PRONOUNS | PLURAL_PRONOUNS


def names_a_pair(span: ActorSpan) -> bool:
    """ "the two ministers", "both sides": the two actors of a dyad named before."""
    return span.text.lower().startswith(PAIR_OPENINGS)


def _refers_back(mentions: list[EventMention]) -> bool:
    """Whether an actor is a pronoun ("he said") or a pair ("the two ministers"), so that
    the coder needs the subjects and people named before it."""
    return any(
        span is not None and (is_pronoun(span) or names_a_pair(span))
        for m in mentions
        for span in (m.actor1, m.actor2)
    )


def _referents(sentences: list[Span]) -> tuple[tuple[int, ActorSpan, bool], ...]:
    """Named subjects of clauses and people named anywhere ("told *Mendez*"), in order, each
    with whether it is a subject."""
    found = []
    for index, sent in enumerate(sentences):
        if len(sent) > MAX_SENTENCE_TOKENS:
            continue
        for token in sent:
            subject = token.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
            if subject and token.pos_ in {"PROPN", "NOUN"}:
                found.append((index, _actor_span(token), True))
            elif token.ent_type_ == "PERSON" and _entity_root(token):
                found.append((index, _actor_span(token), subject))
    return tuple(found)


def _entity_root(token: Token) -> bool:
    """The token an entity's phrase hangs from: its head lies outside the entity."""
    ent = entity_at(token)
    return ent is not None and ent.root == token


def _dates_by_sentence(doc: Doc, sentences: list[Span]) -> list[list[Span]]:
    """The DATE and TIME entities inside each sentence (entities that cross a sentence end
    belong to none, as with Span.ents)."""
    out: list[list[Span]] = [[] for _ in sentences]
    starts = [sent.start for sent in sentences]
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        index = bisect.bisect_right(starts, ent.start) - 1
        if index >= 0 and ent.end <= sentences[index].end:
            out[index].append(ent)
    return out


def _verb_mention(
    verb: Token, sent: Span, index: int, event_nouns: frozenset[str], dates: list[Span]
) -> EventMention | None:
    subject, passive = _subject(verb)
    obj = child_of(verb, {"dobj", "dative", "attr"})
    if obj is not None and obj == subject:
        obj = None  # the speaker read as the object ("said a protester")
    prep_word, prep_obj = _target_prep(verb)
    if subject is not None and prep_obj is not None and subject in prep_obj.subtree:
        prep_word, prep_obj = None, None  # the opening phrase that swallowed the subject
    if obj is None and prep_obj is None and not passive:
        obj = shared_object(verb)  # "shot and killed a farmer": the farmer was shot too
    obj, event_object = _event_object(obj, event_nouns)
    noun_keys: list[tuple[str, str]] = []
    if event_object is not None:
        noun_keys, noun_actor1, noun_actor2 = _noun_parts(event_object)
        if noun_actor2 is not None:
            prep_obj = noun_actor2  # "held talks with X at the palace": X, not the palace
        elif noun_actor1 is not None and noun_actor1.pos_ != "PRON" and noun_actor1 != subject:
            prep_obj = noun_actor1  # "supported Turkey's efforts": Turkey
        obj = None
    actor1, actor2 = _verb_actors(verb, subject, passive, obj, prep_obj)
    keys = _verb_keys(verb, actor1, event_object, noun_keys, prep_word, prep_obj)
    aimed_at, aimed_at_places = _topic_actors(verb)
    attached = event_place(verb, sent, event_object)
    rules = {  # what the venue rules take: the ranker weighs them (extractors.venue_model)
        "event": attached if event_object is None else event_place(verb, sent),
        "object": object_place(verb),
        "clause": clause_place(verb),
    }
    return EventMention(
        **_trigger(verb, sent, index),
        keys=tuple(dict.fromkeys(keys)),
        kind="verb",
        actor1=_owned_span(actor1, verb) if actor1 is not None else None,
        actor2=_actor_span(actor2) if actor2 is not None else None,
        negated=_negated(verb),
        place=attached,
        date_text=_date(verb, dates),
        governor_start=_verb_governor(verb),
        modal=_modal(verb),
        depth=_depth(verb),
        complement_actor=_complement_actor(verb, actor1),
        object_place=rules["object"],
        clause_place=rules["clause"],
        ranked_place=ranked_place(verb, sent, rules),
        conditional=_conditional(verb),
        topic=_topic(verb),
        topic_actors=aimed_at,
        topic_places=aimed_at_places,
        aside=_aside(verb),
    )


def _trigger(token: Token, sent: Span, index: int) -> dict:
    """The fields of a mention that say where its trigger word is."""
    return {
        "sentence_index": index,
        "sentence_text": sent.text.strip(),
        "trigger_text": token.text,
        "trigger_lemma": token.lemma_.lower(),
        "trigger_start": token.idx,
        "trigger_end": token.idx + len(token.text),
    }


def _event_object(
    obj: Token | None, event_nouns: frozenset[str]
) -> tuple[Token | None, Token | None]:
    """The verb's object, and the object when it names the event itself: "held *talks* with
    X", "launched an *attack* on X"; a container's contents stand for it ("handed over 700 kg
    of *medicine*")."""
    if obj is None:
        return None, None
    held = _contents(obj)
    if held is not None and held.lemma_.lower() in event_nouns:
        obj = held
    if obj.pos_ == "NOUN" and (
        obj.lemma_.lower() in event_nouns or _hyphenated(obj) in event_nouns
    ):
        return obj, obj
    return obj, None


def _verb_actors(
    verb: Token, subject: Token | None, passive: bool, obj: Token | None, prep_obj: Token | None
) -> tuple[Token | None, Token | None]:
    """Who does the act and to whom: the subject and the target, or for a passive the agent
    and the subject."""
    actor1: Token | None
    actor2: Token | None
    if passive and verb.lower_ in WORDS["stance_participles"] and child_of(verb, {"agent"}) is None:
        passive = False  # "Vietnam is committed to opening up": a stance the subject takes
    if passive:
        actor2 = subject
        actor1 = _passive_agent(verb)
        if actor1 is None and verb.lemma_.lower() in WORDS["withdrawn_by_own_side"]:
            # "Eighty UN peacekeepers were shipped out of Gorazde", "the troops were
            # withdrawn": with no one named, their own side pulled them out
            actor1, actor2 = subject, None
    else:
        actor1 = subject
        actor2 = _target(obj, prep_obj)
    if actor1 is not None and actor2 is None:
        coordinated = _conjuncts(actor1)
        if coordinated:
            # "China and Russia agreed": each is the other's counterpart.
            actor2 = coordinated[0]
    if actor1 is None and actor2 is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "the militants killed in Rumaila": who it was done to (a participle with an object
        # or a coordinated verb is a main verb the parser misread: "groups donated and ...")
        reduced = not any(c.dep_ in {"dobj", "conj"} for c in verb.children)
        if reduced and is_actor_like(verb.head):
            actor2 = verb.head
            if verb.head.dep_ in HEADLINE_HEADS:
                # "9 cattle rustlers shot dead by police": a headline's participle, told of
                # what the sentence is about, has its doer ("a statement released by the
                # court", "an operation supported by Russia" describe a thing in passing)
                actor1 = _agent(verb)
    return actor1, actor2


def _particle(verb: Token) -> Token | None:
    """The verb's particle, or a preposition or adverb working as one."""
    particle = child_of(verb, {"prt"})
    if particle is not None:
        return particle
    # "called on Minister X to resign" parsed with a stranded "on" and X as the object: the
    # preposition right after the verb works as its particle
    stranded = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if stranded is not None and stranded.dep_ == "prep" and stranded.head == verb:
        if child_of(stranded, {"pobj"}) is None:
            particle = stranded
    if stranded is not None and stranded.dep_ == "advmod" and stranded.head == verb:
        if stranded.lower_ in ADVERB_PARTICLES:
            particle = stranded  # "forces pull back from areas"
    if particle is not None:
        return particle
    # "forced the agency out of the country": a particle after the object
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "prep"
            and c.lower_ in SEPARATED_PARTICLES
            and c.i > verb.i + 1
            and child_of(c, {"pobj"}) is None
        ),
        None,
    )


def _light_words(light: Token) -> list[str]:
    """What a light verb's object noun gives its keys: the noun with each modifier, the noun,
    its joined form, its compounds, and what a container of it holds. "held peace talks": peace
    talk, talk; "staged a sit-in"; "suspended aid deliveries": aid; "found a stash of
    firearms": firearm."""
    noun = _noun_form(light)
    words = [f"{c.lemma_.lower()} {noun}" for c in light.lefts if c.dep_ in {"compound", "amod"}]
    words.append(noun)
    joined = _hyphenated(light)
    if joined is not None:
        words.append(joined)
    words += [_noun_lemma(c) for c in light.lefts if _noun_compound(c)]
    contents = _contents(light)
    if contents is not None:
        words.append(contents.lemma_.lower())
        # "suspended part of a military aid program": suspended aid
        words += [_noun_lemma(c) for c in contents.lefts if _noun_compound(c)]
    return words


def _verb_keys(
    verb: Token,
    actor1: Token | None,
    event_object: Token | None,
    noun_keys: list[tuple[str, str]],
    prep_word: str | None,
    prep_obj: Token | None,
) -> list[tuple[str, str]]:
    """The lexicon keys of a verb's mention: the slots and flags of data/verb_keys.yaml,
    worked out once for all the verb's forms, through its patterns."""
    particle = _particle(verb)
    light_object = event_object if event_object is not None else child_of(verb, {"dobj"})
    if light_object is None and any(c.dep_ == "auxpass" for c in verb.children):
        light_object = child_of(verb, {"nsubjpass"})  # "talks were held", "a bomb was found"
    light = light_object if light_object is not None and _nominal(light_object) else None
    light_words = _light_words(light) if light is not None else []
    specific = []
    if light is not None:
        # "staged a hunger strike": the modified noun is more specific than the verb
        noun = _noun_form(light)
        specific = [k for k in noun_keys if " " in k[1] and not k[1].startswith(noun)]
    xcomp = child_of(verb, {"xcomp"})
    values = {
        "adverb": [c.lower_ for c in verb.lefts if c.dep_ == "advmod" and c.lower_.endswith("ly")],
        "particle": [particle.lemma_.lower()] if particle is not None else [],
        "light": [light.lemma_.lower()] if light is not None else [],
        "preposition": [prep_word] if prep_word else [],
        "prep_noun": (
            [prep_obj.lemma_.lower()] if prep_obj is not None and prep_obj.pos_ == "NOUN" else []
        ),
        "xcomp": [xcomp.lemma_.lower()] if xcomp is not None and xcomp.pos_ == "VERB" else [],
        "adjective": [
            c.lemma_.lower() for c in verb.children if c.dep_ == "acomp" and c.pos_ == "ADJ"
        ],
        # what the act leaves its object as: "set ablaze", "set alight" (tagged as adverbs or
        # nouns)
        "result": [
            c.lower_
            for c in verb.rights
            if c.dep_ in {"advmod", "nmod", "oprd"} and c.is_alpha and not c.lower_.endswith("ly")
        ],
        "phrase": [w for w in light_words if " " in w],
        "noun": [w for w in light_words if " " not in w],
        "reason": _reason(verb),
    }
    counted = _counted(actor1) if actor1 is not None else None
    flags = {
        name
        for name, holds in (
            ("crowd", actor1 is not None and actor1.lemma_.lower() in WORDS["crowd_nouns"]),
            (
                "peacekeepers",
                counted is not None
                and (
                    counted.lemma_.lower() == "peacekeeper"
                    or any(
                        c.lemma_.lower() in {"peacekeeping", "peace-keeping"} for c in counted.lefts
                    )
                ),
            ),
            # "agreed (that) there was a need": a view (not "agreed that they should ...")
            ("says_that", any(c.dep_ == "ccomp" and _modal(c) is None for c in verb.children)),
            ("deed", _names_a_deed(verb)),  # "denied its jets were responsible"
            ("transitive", child_of(verb, {"dobj"}) is not None or _passive_patient(verb)),
            ("someone", _someone(child_of(verb, {"dobj"}))),
        )
        if holds
    }
    return verb_keys(
        verb_lemmas(verb),
        values,
        flags,
        {"noun_keys": noun_keys, "specific": specific},
        lambda form: event_object is not None and form in WORDS["light_verbs"],
    )


def _passive_patient(verb: Token) -> bool:
    """Whether a passive verb names what it was done to: its subject ("the ship was
    returned") or the noun it describes ("areas returned to Panamanian control")."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return child_of(verb, {"nsubjpass"}) is not None
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}


def _someone(obj: Token | None) -> bool:
    """Whether an object is a person or a body: a name of one ("received Erdogan") or a noun
    of one ("received the Omani envoy", "a delegation"), not a thing ("received criticism")."""
    if obj is None:
        return False
    if obj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} and obj.pos_ == "PROPN":
        return True
    nouns = WORDS["person_nouns"] | WORDS["body_nouns"] | WORDS["guest_nouns"]
    return obj.lemma_.lower() in nouns


def _reason(verb: Token) -> list[str]:
    """The reason slot of the verb's keys: "as" when the act calls its object something
    ("attacked the plan as a fraud")."""
    named_as = any(
        c.dep_ == "prep" and c.lower_ == "as" and child_of(c, {"pobj"}) is not None
        for c in verb.children
    )
    return ["as"] if named_as else []


def _contents(noun: Token) -> Token | None:
    """What a container noun holds: "a stash of *firearms*" (the first of its "of" objects)."""
    if noun.lemma_.lower() not in WORDS["container_nouns"]:
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return child_of(of, {"pobj"}) if of is not None else None


def _names_a_deed(verb: Token) -> bool:
    """Whether a verb's complement is a deed and who did it: a clause saying someone was
    responsible ("denied its planes were responsible for the strikes") or an act in the
    gerund ("denied sending drones")."""
    for child in verb.children:
        if child.dep_ == "ccomp" and any(
            t.lemma_.lower() in WORDS["responsibility_words"] for t in child.subtree
        ):
            return True
        if child.dep_ in {"xcomp", "dobj", "pcomp"} and child.tag_ == "VBG":
            return True
    return False


def _noun_compound(token: Token) -> bool:
    return token.dep_ == "compound" and token.pos_ == "NOUN"


def _noun_lemma(token: Token) -> str:
    return token.lemma_.lower()


def _hyphenated(noun: Token) -> str | None:
    """A noun written with a hyphen that the tokenizer split: "sit-in", "walk-out"."""
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-" and doc[noun.i - 2].head == noun:
        return f"{doc[noun.i - 2].lower_}-{noun.lower_}"
    return None


def _nominal(token: Token) -> bool:
    """A noun, or an adjective or participle used as one: "evacuated *the wounded*"."""
    if token.pos_ == "NOUN":
        return True
    if token.pos_ == "VERB" and token.dep_ == "dobj" and token.tag_ == "VBZ":
        return True  # "would not meet hostage-takers *demands*": a noun the tagger read as a verb
    return token.pos_ in {"ADJ", "VERB"} and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    )


def _noun_form(noun: Token) -> str:
    """A noun's lemma, or its singular where the lemmatizer strays ("bases" -> "basis")."""
    if noun.pos_ != "NOUN":
        return noun.lemma_.lower() if noun.tag_ == "VBZ" else noun.lower_  # "the wounded"
    lemma = noun.lemma_.lower()
    word = noun.lower_
    if word.endswith("es") and lemma.endswith("is") and lemma[:-2] == word[:-2]:
        return word[:-1]  # "bases": base
    return lemma


def _complement_actor(verb: Token, actor1: Token | None) -> ActorSpan | None:
    for child in verb.children:
        if child.dep_ != "ccomp" or child.pos_ not in {"VERB", "AUX"}:
            continue
        for grandchild in child.children:
            # who is to act: not a passive's subject ("100 people were killed")
            if grandchild.dep_ in SUBJECT_DEPS and grandchild.pos_ != "PRON":
                if actor1 is None or grandchild.i != actor1.i:
                    return _actor_span(grandchild)
    return None


def _depth(token: Token) -> int:
    """Number of verbs above a token in its sentence's tree."""
    depth = 0
    node = token
    while node.head != node:
        if (
            node.dep_ in {"acl", "ccomp", "relcl"}
            and node.head.lemma_.lower() in WORDS["claim_nouns"]
        ):
            depth += 1  # "an allegation that the NPFL had taken the city": a claim's content
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            depth += 1
    return depth


def _verb_governor(verb: Token) -> int | None:
    """The verb whose complement this verb is: "urged X to withdraw", "demanded that X end"."""
    if verb.dep_ in {"xcomp", "ccomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        return verb.head.idx
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.pos_ in {"VERB", "AUX"}:
        return _verb_governor(head.head)  # "said the US must be ready to mediate": said
    if verb.head.pos_ == "VERB" and _aside(verb) == "purpose" and verb.dep_ == "advcl":
        return verb.head.idx  # "marched to demand ...": what the march was for
    if head.pos_ == "VERB" and _marked_for(verb):
        return head.idx  # "called for NATO members to increase spending": what is asked
    if (
        verb.dep_ in {"acl", "ccomp"}
        and head.lemma_.lower() in WORDS["message_nouns"]
        and head.dep_ == "dobj"
        and head.head.pos_ == "VERB"
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)
    ):
        return head.head.idx  # "issued a reminder to Iraq that it must cooperate": issued
    return None


def _modal(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in MODALS:
            return MODALS[child.lower_]
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in WORDS["intent_adjectives"]:
        above = _modal(head.head) if head.dep_ == "acomp" else None
        return above if above in {"must", "should"} else "will"  # "must be ready to mediate"
    if (
        verb.dep_ == "xcomp"
        and head.lemma_ == "go"
        and any(c.lower_ == "to" for c in verb.children)
    ):
        if any(c.dep_ == "aux" and c.lemma_ == "be" for c in head.children):
            return "will"  # "is going to sign"
    return None


def _named_inside(noun: Token) -> tuple[Token | None, Token | None, str | None]:
    """The doer and the target a nominal event's prepositional phrases name, by the roles of
    data/noun_phrases.yaml, and the preposition that joins the noun in a key."""
    sides: dict[str, Token | None] = {"doer": None, "target": None}
    key_word = None
    patient = noun.lemma_.lower() in WORDS["patient_of_nouns"]
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in NOUN_PREPOSITIONS:
            continue
        pobj = child_of(prep, {"pobj"})
        if pobj is None or not is_actor_like(pobj):
            continue
        roles, patient_roles, joins_key = NOUN_PREPOSITIONS[prep.lower_]
        if "both" in roles:
            conj = _conjuncts(pobj)
            sides = {"doer": pobj, "target": conj[0] if conj else None}
            key_word = prep.lower_ if joins_key else key_word
            break
        free = next((r for r in (patient_roles if patient else roles) if sides[r] is None), None)
        if free is not None:
            sides[free] = pobj
            key_word = prep.lower_ if joins_key else key_word
    return sides["doer"], sides["target"], key_word


def _noun_parts(noun: Token) -> tuple[list[tuple[str, str]], Token | None, Token | None]:
    """Lexicon keys and the actors named inside a nominal event ("talks between X and Y")."""
    actor1, actor2, prep_word = _named_inside(noun)
    if actor1 is None:
        possessor = child_of(noun, {"poss"})
        if possessor is not None and is_actor_like(possessor):
            actor1 = possessor
    if actor1 is None:
        # "Palestinian riots", "Israeli air raids": a people named in front of the event
        actor1 = next(
            (c for c in noun.lefts if c.dep_ in {"amod", "compound"} and c.ent_type_ == "NORP"),
            None,
        )
    lemma = _hyphenated(noun) or noun.lemma_.lower()  # "a sit-in": sit-in, not "in"
    keys = [("noun", f"{lemma} {prep_word}")] if prep_word else []
    of_object = next(
        (child_of(p, {"pobj"}) for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"),
        None,
    )
    if of_object is not None:
        keys.insert(0, ("noun", f"{lemma} of {of_object.lemma_.lower()}"))  # "suspension of links"
    # "military aid", "peace talks": modifiers make the code more specific.
    keys += [
        ("noun", f"{c.lemma_.lower()} {lemma}")
        for c in noun.lefts
        if c.dep_ in {"compound", "amod"}
    ]
    keys.append(("noun", lemma))
    return keys, actor1, actor2


# Prepositions that name what an act answers or is about, not an act of its doer: "residents
# demonstrated over the arrest of a chief" (they arrested no one), "protested against the
# killing of a student", "signed despite protests". ("after talks" may be the doer's own.)
CAUSE_PREPS = frozenset({"over", "against", "about", "amid", "despite"})


def _noun_mention(noun: Token, sent: Span, index: int, dates: list[Span]) -> EventMention | None:
    """Nominal events: "a meeting between X and Y", "talks with X", "a visit to X"."""
    keys, actor1, actor2 = _noun_parts(noun)
    governor_start = None
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        # "demanded a ceasefire": a complement, composed with its verb or dropped in coding;
        # not what a verb of causing says happened ("the arrest sparked protests")
        if noun.head.lemma_.lower() not in WORDS["causing"]:
            governor_start = noun.head.idx
    elif noun.dep_ == "pobj" and noun.head.lower_ in {"for", "on"}:
        if noun.head.head.pos_ == "VERB":
            governor_start = noun.head.head.idx  # "called for talks", "insisted on elections"
    governor = _governing_verb(noun)
    about = noun.dep_ == "pobj" and (
        noun.head.lower_ in CAUSE_PREPS
        or noun.head.head.lemma_.lower() in WORDS["document_nouns"]  # "a report on the attacks"
    )
    if actor1 is None and not about and (noun.dep_ == "pobj" or governor_start is not None):
        # "X spoke during a meeting with Y": the clause's subject took part.
        if governor is not None:
            subject, passive = _subject(governor)
            if not passive or governor.lemma_.lower() in WORDS["participating"]:
                actor1 = subject  # "Serb forces were engaged in ethnic cleansing"
    if actor2 is None and governor is not None and _inside_object(noun, governor):
        # "gave Tanzania a grant", "provided aid to Macedonia": the verb's recipient.
        actor2 = _recipient(governor)
    if actor2 is None and noun.dep_ == "pobj" and noun.head.lower_ == "as":
        if governor is not None and noun.head.head == governor:
            actor2 = child_of(governor, {"dobj"})  # "holding refugees as human shields"
    # A nominal event with no actor ("gun attacks left seven dead") is kept: coding decides
    # whether an event without actors is worth a row.
    aimed_at, aimed_at_places = _topic_actors(noun)
    return EventMention(
        **_trigger(noun, sent, index),
        keys=tuple(keys),
        kind="noun",
        actor1=_actor_span(actor1) if actor1 is not None else None,
        actor2=_actor_span(actor2) if actor2 is not None else None,
        negated=False,
        place=event_place(noun, sent),
        ranked_place=ranked_place(noun, sent),
        date_text=_date(noun, dates),
        governor_start=governor_start,
        depth=_depth(noun) - 1 if governor_start is not None else _depth(noun),
        topic=_topic(noun),
        topic_actors=aimed_at,
        topic_places=aimed_at_places,
    )


def _target(obj: Token | None, prep_obj: Token | None) -> Token | None:
    """The target: a named or pronoun object, else a prepositional one ("fired tear gas at X")."""
    if obj is not None and (obj.ent_type_ in ACTOR_ENTS or obj.pos_ in {"PROPN", "PRON"}):
        return obj
    if obj is not None:
        # "criticized Sweden's decision": the target is whose decision it is.
        owner = child_of(obj, {"poss"})
        if owner is not None and (owner.ent_type_ in ACTOR_ENTS or owner.pos_ == "PROPN"):
            return owner
    if prep_obj is not None:
        return prep_obj
    if obj is not None and not _is_named(obj):
        # "defended the right of Russian troops", "lifted a ban on the FIS": whose it is.
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in OBJECT_OWNER_PREPS:
                pobj = child_of(prep, {"pobj"})
                if pobj is not None and _is_named(pobj):
                    return pobj
    return obj if obj is not None and is_actor_like(obj) else None


def _issued(noun: Token) -> bool:
    """Whether a noun is a document some verb's subject issued ("issued a report")."""
    return (
        noun.lemma_.lower() in WORDS["document_nouns"]
        and noun.dep_ == "dobj"
        and noun.head.pos_ == "VERB"
    )


def _document_holding(participle: Token) -> Token | None:
    """The document noun a participle tells the content of: "a statement condemning X", and
    through the phrases the parser hung it on, "a message on Twitter blaming Iran"."""
    holder = participle.head
    while holder.dep_ == "pobj" and holder.head.dep_ == "prep" and holder.head.head.pos_ == "NOUN":
        holder = holder.head.head
    return holder if holder.lemma_.lower() in WORDS["document_nouns"] else None


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject and whether it is passive, climbing through control and coordination."""
    speaker = inverted_speaker(verb)
    if speaker is not None:
        return speaker, False  # '"Nobody listens," said a protester'
    node: Token | None = verb
    via: Token | None = None  # the clause climbed from
    for _ in range(4):
        if node is None:
            break
        issuer = None
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS and not date_read_as_subject(child):
                subject = _resolve_relative(child, node)
                if subject is not child and _issued(subject):
                    issuer = subject.head  # "issued a report that calls on X": who issued it
                    break
                return subject, False
            if child.dep_ in PASSIVE_SUBJECT_DEPS:
                doer = _agent(node) if via is not None and via.dep_ == "advcl" else None
                if doer is not None:
                    return doer, False  # "X was attacked by Y, killing 156": Y killed
                return _resolve_relative(child, node), node is verb or _shares_passive(verb, node)
        if issuer is not None:
            via, node = node, issuer
            continue
        if node.dep_ == "relcl":
            return node.head, False
        document = _document_holding(node) if node.dep_ == "acl" and node.tag_ == "VBG" else None
        if document is not None and document.head.pos_ == "VERB":
            node = document.head  # "issued a statement condemning X": who issued it condemns
            continue
        if node.dep_ == "acl" and node.tag_ == "VBN":
            misread = misread_subject(node)
            if misread is not None:
                return misread, False  # "An official Syrian newspaper called on Arabs to ..."
            # "troops stationed in X": the noun is the participle's object, not its actor.
            return None, False
        if (
            node.dep_ == "pcomp"
            and node.head.dep_ == "prep"
            and node.head.head.dep_ == "acomp"
            and not any(c.dep_ == "auxpass" for c in node.children)
        ):
            # "X and Y are guilty of violating the ceasefire", "is responsible for killing":
            # the copula's subject did it (not "is afraid of being attacked")
            node = node.head.head.head
            continue
        if (
            node.dep_ == "pcomp"
            and node.head.dep_ == "prep"
            and node.head.head.pos_ == "VERB"
            and any(
                c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in TARGET_PREPS)
                for c in node.children
            )
        ):
            # "resorted to throwing stones", "arrested for collaborating with Israel": who
            # resorted threw them (not "appear for questioning in an inquiry": no one is
            # questioned by the gerund's own words); "arrested him for organising a protest",
            # "accused the army of killing civilians": the one arrested or accused did it
            governing = node.head.head
            done_to = child_of(governing, {"dobj"})
            if done_to is not None and done_to.i < node.i and node.head.lower_ in OBJECT_DOES:
                return done_to, False
            node = governing
            continue
        if node.dep_ not in CONTROL_DEPS or node.head == node:
            break
        coordinated = finite_conjunct_of_gerund(node)
        if coordinated is not None:
            via, node = node, coordinated
            continue
        if node.dep_ == "xcomp":
            # Object control: in "urged both governments to sign", the governments sign.
            controller = child_of(node.head, {"dobj"})
            if controller is not None and controller.i < node.i:
                return controller, False
        via, node = node, node.head
    return swallowed_subject(verb), False


# Prepositions after an object whose gerund the object does: "arrested him for organising",
# "accused the army of killing", "stopped them from leaving", "charged him with murdering"
# (not "challenged the virus by killing animals": the subject's means).
OBJECT_DOES = frozenset({"for", "of", "from", "as", "with", "over"})


# Where a sentence's subject stands when a participle after it is the sentence's event: at the
# root of a headline, or as the subject of a later verb the parser took for the main one.
HEADLINE_HEADS = frozenset({"ROOT", "nsubj", "nsubjpass"})


def _agent(verb: Token) -> Token | None:
    """The doer named in a passive's "by" phrase."""
    agent = child_of(verb, {"agent"})
    return child_of(agent, {"pobj"}) if agent is not None else None


def _shares_passive(verb: Token, head: Token) -> bool:
    """Whether a participle coordinated with a passive verb is passive too, sharing its
    auxiliary: "two soldiers were ambushed and killed": the soldiers were killed (not "the man
    was arrested and has confessed": an auxiliary of its own makes it active)."""
    node = verb
    while node != head:
        if node.dep_ != "conj":
            return False
        node = node.head
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def _passive_agent(verb: Token) -> Token | None:
    """The doer of a passive: its own "by" phrase, else that of a passive coordinated with it
    under the same subject ("a journalist was beaten and arrested by police": the police beat
    him; "was arrested by police and charged with murder": the police charged him)."""
    own = _agent(verb)
    if own is not None:
        return own
    partners = [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        partners.append(verb.head)
    for partner in partners:
        subject = child_of(partner, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if partner.pos_ != "VERB" or (subject is not None and partner != verb.head):
            continue  # a clause of its own ("X was arrested and Y was released by police")
        shared = _shares_passive(partner, verb) or _shares_passive(verb, partner)
        if shared and (agent := _agent(partner)) is not None:
            return agent
    return None


def _resolve_relative(subject: Token, verb: Token) -> Token:
    """Relative and reported pronouns stand for the noun they refer to in the same sentence.

    "Lavrov, who arrived": who = Lavrov. "Japan said it had halted aid": it = Japan, the
    subject of the clause that reports this one.
    """
    if subject.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        return verb.head
    if subject.lower_ in FIRST_PERSON:
        speaker = _speaker(verb)
        if speaker is not None:
            return speaker
    if subject.lower_ in REPORTED_PRONOUNS and verb.dep_ in {"ccomp", "conj", "advcl"}:
        head = verb.head
        if verb.dep_ == "advcl" and any(
            c.dep_ == "dobj" and _agrees(subject, c) for c in head.children
        ):
            # "Police arrested twelve protesters after they blocked a road": either could
            # be "they"; the document-level resolver weighs them
            return subject
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS and child.pos_ != "PRON":
                if _agrees(subject, child):
                    return child
    return subject


# "I" and "we" in what someone is quoted as saying stand for the one who says it: '"We will
# not negotiate," Netanyahu said' (Netanyahu), '"We condemn this," he said' (whoever "he" is).
FIRST_PERSON = frozenset({"i", "we"})


def _speaker(verb: Token) -> Token | None:
    """The subject of the speech verb whose quoted or reported clause holds `verb`."""
    node = verb
    for _ in range(3):
        if node.dep_ == "conj":
            node = node.head  # '"I met him and we agreed ...," the minister said'
            continue
        if (
            node.dep_ in {"ccomp", "parataxis"}
            and node.head.lemma_.lower() in WORDS["speech_verbs"]
        ):
            speech = node.head
            inverted = inverted_speaker(speech)  # '"We will fight," said a rebel commander'
            return inverted or next((c for c in speech.children if c.dep_ in SUBJECT_DEPS), None)
        return None
    return None


POSSESSIVE_PRONOUNS = frozenset({"its", "their"})


def _owned_span(subject: Token, verb: Token) -> ActorSpan:
    """An actor named by whose it is: in "Bosnian Serbs said their forces had withdrawn", the
    forces are the Bosnian Serbs'."""
    span = _actor_span(subject)
    owner = next(
        (c for c in subject.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS),
        None,
    )
    if owner is None or span.home is not None or verb.dep_ not in {"ccomp", "conj", "advcl"}:
        return span
    reporter = next(
        (c for c in verb.head.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"), None
    )
    if reporter is None or reporter == subject:
        return span
    return replace(span, owner=_actor_span(reporter).text)


def _agrees(pronoun: Token, noun: Token) -> bool:
    """Whether a pronoun can stand for a noun phrase: number and person, roughly."""
    plural_noun = noun.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in noun.children)
    if pronoun.lower_ in {"they", "them"}:
        # a body of people: "the government said they ...", "UNICEF reported they ..."
        body = noun.lemma_.lower() in WORDS["body_nouns"] or _acronym(noun)
        return plural_noun or body or noun.ent_type_ in {"ORG", "NORP"}
    if pronoun.lower_ in {"he", "she"}:
        return noun.ent_type_ == "PERSON" or noun.lemma_.lower() in WORDS["person_nouns"]
    return not plural_noun and noun.ent_type_ != "PERSON"  # "it": a country, a body


def initialism(word: str) -> bool:
    """A word of capitals only, as organisations are often named: "UNICEF", "NTSB"."""
    return len(word) > 1 and word.isupper() and word.isalpha()


def _acronym(token: Token) -> bool:
    """An initialism names an organisation when it names no place or person: "UNICEF"."""
    return initialism(token.text) and token.ent_type_ not in {"PERSON", "GPE", "LOC"}


def _target_prep(verb: Token) -> tuple[str | None, Token | None]:
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in TARGET_PREPS:
            continue
        pobj = child_of(prep, {"pobj"})
        if pobj is None:
            continue
        if prep.lower_ in LOCATIVE_PREPS - {"on", "upon"} and (
            pobj.ent_type_ in PLACE_ENTS or pobj.lemma_.lower() in VENUE_SITES
        ):
            # "met in Geneva", "clashed at Rajshahi University"; but "called on Israel",
            # "fired on Gaza" name a target
            continue
        if pobj.ent_type_ in {"DATE", "TIME"}:
            continue
        if is_actor_like(pobj):
            return prep.lower_, pobj
        return prep.lower_, None
    return _for_clause(verb)


# Clauses a verb takes whose "for" marks what is asked for: "called for the army to return to
# its barracks" (the parser makes "for" the mark of "return", not a preposition of "called")
FOR_CLAUSE_DEPS = frozenset({"advcl", "ccomp", "xcomp"})


def _marked_for(clause: Token) -> bool:
    """Whether a clause is a "for ... to" clause a verb takes."""
    mark = child_of(clause, {"mark"})
    return clause.dep_ in FOR_CLAUSE_DEPS and mark is not None and mark.lower_ == "for"


def _for_clause(verb: Token) -> tuple[str | None, Token | None]:
    """The preposition "for" and whom a "for ... to" clause asks to act: "called for the army
    to return" is "call for" with the army its target; "pushed for the Constitution to be
    revised" names no one."""
    for clause in verb.children:
        if not _marked_for(clause):
            continue
        subject = child_of(clause, {"nsubj"})
        return "for", subject if subject is not None and is_actor_like(subject) else None
    return None, None


def _is_named(token: Token) -> bool:
    """A named actor, or a noun a name or nationality makes one ("Palestinian lorries")."""
    if token.ent_type_ in ACTOR_ENTS or token.pos_ == "PROPN":
        return True
    return token.pos_ == "NOUN" and any(
        c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"} for c in token.lefts
    )


def _conjuncts(token: Token) -> list[Token]:
    """The tokens coordinated with this one ("China and Russia"), not a name's apposition read
    as a conjunct ("Adrian Wojnarowski, US sport columnist": no "and")."""
    if not any(c.dep_ == "cc" for c in token.children):
        return []
    return [c for c in token.children if c.dep_ == "conj"]


def _inside_object(noun: Token, verb: Token) -> bool:
    """Whether the noun is the verb's object or inside it ("5 million dollars of aid")."""
    node = noun
    while node != verb and node.head != node:
        if node.dep_ in {"dobj", "dative"} and node.head == verb:
            return True
        if node.dep_ not in {"pobj", "prep", "compound", "conj", "appos"}:
            return False
        node = node.head
    return False


def _recipient(verb: Token) -> Token | None:
    """Who receives what a verb gives: its indirect object or its 'to'/'for' phrase."""
    dative = child_of(verb, {"dative"})
    if dative is not None and dative.pos_ != "ADP":
        return dative
    for prep in verb.children:
        if prep.dep_ in {"prep", "dative"} and prep.lower_ in {"to", "for"}:
            pobj = child_of(prep, {"pobj"})
            if pobj is not None and (pobj.ent_type_ in ACTOR_ENTS or pobj.pos_ == "PROPN"):
                return pobj
    return None


def _governing_verb(noun: Token) -> Token | None:
    node = noun
    for _ in range(4):
        head = node.head
        if head == node:
            return None
        if head.pos_ in {"VERB", "AUX"}:
            return head
        node = head
    return None


HOME_PREPOSITIONS = frozenset({"in", "from", "of"})


def _home(token: Token) -> str | None:
    """The place named by a phrase's "in X" / "from X" / "based in X" modifier, or the body
    its people come from ("observers from the OSCE")."""
    holders = [token]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        holders.append(token.head.head)  # "a mission of observers from the OSCE"
    preps = [
        c
        for holder in holders
        for c in holder.children
        if c.dep_ == "prep" and c.lower_ in HOME_PREPOSITIONS
    ]
    for clause in (c for c in token.children if c.dep_ == "acl" and c.lemma_ == "base"):
        preps.extend(c for c in clause.children if c.dep_ == "prep" and c.lower_ == "in")
    for prep in preps:
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            ent = entity_at(obj)
            if ent is not None and ent.label_ in {"GPE", "LOC"}:
                return ent.text
            if prep.lower_ != "from":
                continue
            if ent is not None and ent.label_ == "ORG":
                return ent.text  # "observers from the OSCE"
            for modifier in (c for c in obj.lefts if c.dep_ in {"amod", "compound"}):
                ent = entity_at(modifier)
                if ent is not None and ent.label_ in {"NORP", "GPE"}:
                    return ent.text  # "doctors from two American aid groups"
    return None


def _counted(token: Token) -> Token:
    """Who a number or a quantity stands for ("400 of the *supporters*"), else the token."""
    if token.pos_ != "NUM" and token.lemma_.lower() not in WORDS["quantity_words"]:
        return token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = child_of(of, {"pobj"}) if of is not None else None
    return counted if counted is not None else token


def _hyphen_prefix(token: Token) -> bool:
    """The first half of a hyphenated modifier: "Vietnamese" in "Vietnamese-led forces"."""
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.dep_ == "npadvmod" and after is not None and after.tag_ == "HYPH"


def _actor_span(token: Token) -> ActorSpan:
    doc = token.doc
    start = end = token.i
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in NP_DEPS or _hyphen_prefix(child):
                start = min(start, child.left_edge.i if child.dep_ == "poss" else child.i)
                end = max(end, child.i)
                stack.append(child)
    # "the President of France": keep a following "of" phrase; and whom a shelter is for:
    # "a camp for Congolese refugees".
    for child in token.rights:
        if child.dep_ == "prep" and child.i == end + 1:
            if child.lower_ == "of" or (
                child.lower_ == "for" and token.lemma_.lower() in WORDS["shelter_nouns"]
            ):
                end = _right_edge_before_clause(child)
    own = entity_at(token)
    if own is not None and own.label_ in ACTOR_ENTS and own.end - 1 > end:
        end = own.end - 1  # "the Movement for Fair Wages": the whole name
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1  # not the blanks of a masked dateline ("KYIV (AP) - Ukraine's president")
    span = doc[start : end + 1]
    entity = None
    entity_label = None
    if own is not None and own.label_ in ACTOR_ENTS:
        entity, entity_label = own.text, own.label_
    else:
        for candidate in span:
            ent = entity_at(candidate)
            if ent is not None and ent.label_ in ACTOR_ENTS:
                entity, entity_label = ent.text, ent.label_
                break
    appos = child_of(token, {"appos"})
    apposition = doc[appos.left_edge.i : appos.right_edge.i + 1].text if appos is not None else None
    return ActorSpan(
        home=_home(token),
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        head=token.text,
        head_lemma=_counted(token).lemma_.lower(),
        entity=entity,
        entity_label=entity_label,
        apposition=apposition,
    )


def _right_edge_before_clause(token: Token) -> int:
    """The last token of a phrase up to a verb clause inside it: "supporters of the opposition"
    in "supporters of the opposition protested in Dhaka", which the parser read as the
    opposition protesting."""
    clauses = [
        t.left_edge.i for t in token.subtree if t.dep_ in {"acl", "relcl"} and t.pos_ == "VERB"
    ]
    if not clauses:
        return token.right_edge.i
    return max(token.i, min(clauses) - 1)


# Dependents that are not what an event is about: who does it, and events of their own.
NOT_TOPIC_DEPS = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"conj", "cc", "punct"}


def _topic(trigger: Token) -> About:
    """What the trigger governs, and a subject that names a thing, not an actor."""
    governed = [
        trigger,
        # not another event's clause: "announced a suspension of air links, a day after a jet
        # shot down a helicopter carrying monitors" is no withdrawal of monitors
        *_below(c for c in trigger.children if c.dep_ not in NOT_TOPIC_DEPS and not _own_event(c)),
    ]
    things = _below(
        c
        for c in trigger.children
        if c.dep_ in SUBJECT_DEPS and c.pos_ == "NOUN" and not c.ent_type_
    )
    return About(*_lemmas_and_words(governed), *_lemmas_and_words(things))


# Prepositions whose object is where an act happens, not whom it is aimed at ("on", "over"
# and "into" often name the target: "sanctions on Iran", "a dispute over Kashmir").
WHERE_PREPS = LOCATIVE_PREPS - {"on", "over", "into"}
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})


def _topic_actors(
    trigger: Token, limit: int = 3
) -> tuple[tuple[ActorSpan, ...], tuple[ActorSpan, ...]]:
    """Named actors in what the trigger governs, in order, for an event with no target of its
    own: "threatened to cut off electricity to *Nakhichevan*", "rejected an offer from
    *Afghanistan*", "to protest *Sweden's decision*"; then, apart, the names after "in", "at"
    and the like ("threatened to resume attacks in *Israel*"). A name that modifies a noun
    comes with that noun first ("the *Russian government*'s refusal")."""
    governed = _below(
        c for c in trigger.children if c.dep_ not in NOT_TOPIC_DEPS and not _own_event(c)
    )
    roots = sorted(
        (
            entity_at(token).root
            for token in governed
            if token.ent_iob_ == "B" and token.ent_type_ in ACTOR_ENTS and not _maker(token)
        ),
        key=lambda r: r.i,
    )
    found: tuple[list[ActorSpan], list[ActorSpan]] = ([], [])
    for root in roots:
        spans = found[_says_where(root, trigger)]
        if root.dep_ in MODIFIER_DEPS and root.head.pos_ == "NOUN" and root.head != trigger:
            spans.append(_actor_span(root.head))
        spans.append(_actor_span(root))
    return tuple(found[0][:limit]), tuple(found[1][:limit])


def _maker(token: Token) -> bool:
    """Whether a name says where a thing was made ("Russian-made") or which side of a border
    ("on the Thai border"): no party to the act either way."""
    doc = token.doc
    ent = entity_at(token)
    end = ent.end if ent is not None else token.i + 1
    if (
        end + 1 < len(doc)
        and doc[end].tag_ == "HYPH"
        and doc[end + 1].lower_ in WORDS["made_words"]
    ):
        return True
    return (
        ent is not None
        and ent.label_ == "NORP"
        and end < len(doc)
        and doc[end].lower_ in {"border", "frontier"}
    )


def _own_event(clause: Token) -> bool:
    """A subordinate clause with a subject of its own tells another event, whose actors are
    not this one's target ("eased curfews, as police in Uganda cracked down"); a condition
    names whom a threat is aimed at, and stays ("... unless Baghdad accepted")."""
    children = list(clause.children)
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ in SUBJECT_DEPS for c in children)
        and not any(c.dep_ == "mark" and c.lower_ in CONDITION_CLAUSE_MARKS for c in children)
    )


def _says_where(token: Token, trigger: Token) -> bool:
    """Whether a locative preposition stands between the token and the trigger."""
    node = token
    while node != trigger and node.head != node:
        if node.dep_ == "prep" and (
            node.lower_ in WHERE_PREPS
            or (node.lower_ == "of" and node.head.lower_ in WORDS["direction_words"])
        ):
            return True  # "in X", "north of X"
        if node.dep_ == "appos" and node.ent_type_ in PLACE_ENTS and in_brackets(node):
            return True  # "a journalist in Tijuana (Baja California)": the town's region
        node = node.head
    return False


def _below(tops: Iterable[Token]) -> list[Token]:
    """The tokens of these subtrees."""
    return [t for top in tops for t in top.subtree]


def _lemmas_and_words(tokens: list[Token]) -> tuple[str, str]:
    tokens = sorted(tokens, key=lambda t: t.i)
    return " ".join(t.lemma_.lower() for t in tokens), " ".join(t.lower_ for t in tokens)


# Clauses that tell what led up to the event reported: its background.
BACKGROUND_MARKS = frozenset({"after", "since"})
CONDITION_CLAUSE_MARKS = frozenset({"if", "unless", "until", "before", "lest"})


def _aside(verb: Token) -> str | None:
    """Whether the verb's clause is the purpose, the condition or the reason of another event."""
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head  # "to demand reforms and *press* ...": as the first conjunct
    if _reason_for(verb):
        return "reason"
    if verb.dep_ != "advcl":
        return None
    children = list(verb.children)
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_CLAUSE_MARKS for c in children):
        return "condition"
    if any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in children):
        return "background"  # "students rioted after police shot a student"
    to_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    if to_infinitive and not any(c.dep_ in SUBJECT_DEPS for c in children):
        return "purpose"
    return None


def _reason_for(verb: Token) -> bool:
    """A gerund after "for" or "over" that says why someone was acted on: "was arrested for
    *collaborating* with Israel", "jailed 52 members for *playing* in a tournament",
    "criticised the minister for *failing* to act" (the arrest, the jailing and the criticism
    are the events). Not what is called or pushed for ("called for *lifting* sanctions")."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in {"for", "over"}:
        return False
    acted = prep.head
    return acted.pos_ == "VERB" and any(c.dep_ in {"auxpass", "dobj"} for c in acted.children)


def _conditional(verb: Token) -> bool:
    """Whether a clause introduced by "unless" modifies the verb."""
    return any(
        clause.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in clause.children)
        for clause in verb.children
    )


# Subjects that deny the act: "*No group* claimed responsibility", "*Nobody* was arrested".
NO_ONE = frozenset({"nobody", "none", "noone"})


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    for subject in (c for c in verb.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS):
        if subject.lower_ in NO_ONE or any(
            c.dep_ == "det" and c.lower_ == "no" for c in subject.children
        ):
            return True
    # "has not advocated ... or denounced": negation distributes over "or"/"nor".
    if verb.dep_ == "conj" and any(c.dep_ == "neg" for c in verb.head.children):
        return any(c.dep_ == "cc" and c.lower_ in {"or", "nor"} for c in verb.head.children)
    return False


# A year in these relations to a noun describes that noun ("his 2016 arrest", "the 2021
# ceasefire agreement"), not the clause's event; a full date may ("in the November 27 deal,
# Turkey and Libya agreed").
NOUN_MODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "nmod"})


def _bare_year(ent: Span) -> bool:
    return len(ent) == 1 and ent[0].is_digit and len(ent[0].text) == 4


def _date(trigger: Token, dates: list[Span]) -> str | None:
    """A date phrase that modifies the trigger (or the verb that governs a nominal trigger)."""
    anchors = {trigger.i}
    if trigger.pos_ == "NOUN" and trigger.head != trigger:
        anchors.add(trigger.head.i)
        if trigger.head.dep_ == "prep":
            anchors.add(trigger.head.head.i)
    if _done_with(trigger):
        # "On Monday, police fired tear gas to disperse the crowd", "shelled the town on
        # Sunday, killing 14": what was done to do it, or in doing it, happened then too
        anchors.add(trigger.head.i)
    for ent in dates:
        node = ent.root
        if node.dep_ in NOUN_MODIFIER_DEPS and node.head.i not in anchors and _bare_year(ent):
            continue  # "the 2021 ceasefire agreement was violated": the year names the accord
        for _ in range(3):
            if node.head == node:
                break
            node = node.head
            if node.i in anchors:
                return ent.text
            if node.pos_ in {"VERB", "AUX"}:
                break
    return None


def _done_with(verb: Token) -> bool:
    """Whether a verb is the aim ("to disperse") or the result ("killing 14") of the verb it
    hangs from."""
    if verb.pos_ != "VERB" or verb.head.pos_ != "VERB" or verb.head == verb:
        return False
    if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return True
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# A name followed by its initials in brackets: "the Syrian Arab Army (SAA)".
_DEFINED_ACRONYM = re.compile(r"\(([A-Z]{2,7})\)")
# Words a body's initials skip: "Islamic State in the Greater Sahara (ISGS)".
_ACRONYM_SKIPS = frozenset(
    {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"}
)
# The articles of a hyphened name, which give no letter: "Al-Sham", "ad-Din".
_HYPHENED_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ul", "wal"})


def _acronyms(text: str) -> list[PersonMention]:
    """Bodies a text names in full and then by their initials: "The Syrian Arab Army (SAA)
    launched ... the SAA shelled" (the initials are the full name's, for the whole document).
    The initials must be those of the name's words, or of the parts of a hyphened word
    ("Islamic State of Iraq and Al-Sham (ISIS)", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)")."""
    found = []
    for match in _DEFINED_ACRONYM.finditer(text):
        words = text[: match.start()].split()[-12:]
        name = _spelled_by(match.group(1), words)
        if name is not None:
            found.append(PersonMention(name=match.group(1), descriptor=name))
    return found


def _spelled_by(letters: str, words: list[str]) -> str | None:
    """The words before the brackets whose initials, right to left, spell the letters: each
    word, or each part of a hyphened word, gives the next letter; words initials skip ("of",
    "the") and a hyphened word's articles ("Al-Sham", "Tehreek-e-Taliban") give none. Any
    other word before the letters are spelled means they are no initials of a name."""
    want = list(letters.lower())
    taken = 0
    for back, word in enumerate(reversed(words)):
        if not want:
            break
        bare = word.strip(",.;:\"'“”‘’")
        if not bare or bare.lower() in _ACRONYM_SKIPS:
            continue
        if bare.islower() and "-" not in bare:
            return None  # "on Monday (UTC)": not a name's words
        for part in reversed([p for p in bare.split("-") if p]):
            if want and part[0].lower() == want[-1]:
                want.pop()
            elif not (part.islower() or part.lower() in _HYPHENED_ARTICLES):
                return None  # a word of the name the initials leave out
        taken = back + 1
    if want or taken == 0:
        return None
    return " ".join(w.strip(",;:\"'“”‘’") for w in words[len(words) - taken :])


def _people(doc: Doc) -> list[PersonMention]:
    """People introduced with a title or nationality, for document-level actor resolution."""
    people = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        head = ent.root
        left = [c for c in head.children if c.dep_ in NP_DEPS and c.i < ent.start]
        start = min((c.left_edge.i for c in left), default=ent.start)
        descriptor = doc[start : ent.start].text
        appos = child_of(head, {"appos"})
        if appos is not None:
            descriptor = f"{descriptor} {doc[appos.left_edge.i : appos.right_edge.i + 1].text}"
        elif head.dep_ == "appos":
            descriptor = f"{descriptor} {doc[head.head.left_edge.i : head.head.i + 1].text}"
        if descriptor.strip():
            people.append(PersonMention(name=ent.text, descriptor=descriptor.strip()))
    return people
