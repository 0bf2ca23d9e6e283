"""Where an event happened: the place phrase attached to it, in its clause, or named by its
object, and the story's dateline."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from extractors.repairs import name_hung_on_its_brackets
from extractors.tree import (
    NUMERIC_ENTS,
    PASSIVE_SUBJECT_DEPS,
    PEOPLE_ENTS,
    PLACE_ENTS,
    SUBJECT_DEPS,
    child_of,
    entity_at,
    shared_object,
    shared_verbs,
)
from extractors.words import WORDS

LOCATIVE_PREPS = frozenset(
    {"in", "at", "inside", "near", "outside", "around", "across", "throughout", "into", "on",
     "through", "over", "along"}
)  # fmt: skip


@dataclass(frozen=True)
class PlacePhrase:
    """A place named near the event ("in Beijing"); attached when it modifies the trigger."""

    text: str
    name: str
    start: int
    end: int
    attached: bool
    # False when the tagger did not label the name a place ("in Karachi" tagged ORG): coding
    # keeps such a phrase only if the gazetteer knows the name.
    labelled: bool = True
    # A capitalised name nothing in the sentence marks as a place ("clashed in Mandera with
    # Garissa/PERSON police"): coding counts it only if the gazetteer knows a town or region
    # by that very name.
    guessed: bool = False
    # the tagger's label of a guessed name ("PERSON" for "Rajshahi"), if it gave one
    entity: str | None = None
    # The name is of a larger place written after the venue's own ("at Maleley village in
    # Garissa"): the event is in it, not at it (ACLED's precision 2).
    within: bool = False
    # The name is the object of a verb that takes or holds ground ("patrolled Skid Row",
    # "stormed Jabal Afa'ii"), whatever the tagger called it: a place, kept as written when
    # the gazetteer does not know it, as a name after "in" is.
    ground: bool = False


_DATELINE = re.compile(
    r"\s*(?P<city>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,2}))?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:-{1,2}|–|—|:)\s+"
)


def mask_dateline(text: str) -> tuple[str, PlacePhrase | None]:
    """The text with its dateline blanked out (same length, so offsets hold), and the dateline:
    the parser then reads "ARUSHA, Tanzania - Kenyan Foreign Minister Mudavadi met ..." as a
    sentence about the minister, not about Arusha."""
    match = _dateline_match(text)
    if match is None:
        return text, None
    start, end = match.start(), match.end()
    return text[:start] + " " * (end - start) + text[end:], _dateline_phrase(match)


# A headline or a date line above a story is one line of at most this many characters,
# followed by a blank line.
HEADLINE_MAX_CHARS = 200


def _dateline_match(text: str) -> re.Match | None:
    """The dateline at the start of the text, or at the start of the story below a headline
    or a date line ("Nigeria and Ghana sign border pact\n\nABUJA, Nigeria - ..."); a city of
    at least three letters."""
    match = _DATELINE.match(text)
    if match is None:
        head, blank, _ = text.partition("\n\n")
        if blank and len(head) <= HEADLINE_MAX_CHARS and "\n" not in head.strip():
            match = _DATELINE.match(text, len(head) + len(blank))
    return match if match is not None and len(match.group("city")) >= 3 else None


def find_dateline(text: str) -> PlacePhrase | None:
    """The dateline that opens a news story: "GAZA CITY - ...", "KYIV, Ukraine (AP) — ..."."""
    match = _dateline_match(text)
    return _dateline_phrase(match) if match is not None else None


def _dateline_phrase(match: re.Match) -> PlacePhrase:
    city = match.group("city").title()
    return PlacePhrase(
        text=match.group(0).strip(" -–—:"),
        name=city,
        start=match.start("city"),
        end=match.end("city"),
        attached=False,
    )


# Words that open a clause set against the main one ("..., while a protest took place in X")
# or told beside it ("sign a border pact as protests flare in Lagos").
CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though", "as"})


def _told_beside(clause: Token) -> bool:
    """Whether a dependent clause tells an event beside the trigger's, not part of it: a
    coordinated clause, or one set against it ("while ..."); not "when their convoy hit ..."."""
    if clause.dep_ in COORDINATED_DEPS:
        return True
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in clause.children
    )


# Clauses with events of their own: their places are theirs, not the trigger's.
OWN_CLAUSE_DEPS = frozenset({"ccomp", "conj", "advcl", "parataxis", "xcomp", "csubj"})
# Events told beside the trigger rather than under it.
COORDINATED_DEPS = frozenset({"conj", "parataxis"})


def event_place(
    trigger: Token, sent: Span, event_object: Token | None = None
) -> PlacePhrase | None:
    """The venue of the event: a place attached to the trigger, else to a clause linked to it.

    "met in Beijing", "a meeting in Beijing" and "killed in fighting in Aleppo province" are
    attached. "Lavrov, who had just arrived in Beijing" is linked (a clause inside the event's
    own phrase). A place inside another noun phrase ("the war in Gaza") names a topic, not the
    venue, and is never taken here (see `object_place` for the objects of material events).
    """
    anchors = [trigger]
    if trigger.pos_ == "NOUN" and trigger.head != trigger:
        anchors.append(trigger.head if trigger.head.pos_ != "ADP" else trigger.head.head)
    if event_object is not None:
        anchors.append(event_object)  # "held talks in Geneva": the talks are the event
    for anchor in anchors:
        attached = _locative(anchor.children)
        if attached is not None:
            return place_phrase(attached, True)
    for partner in shared_verbs(trigger):
        attached = _locative(partner.children)
        if attached is not None:
            return place_phrase(attached, True)  # "shot and killed a man near Rafah"
    if trigger.pos_ == "NOUN":
        # "the Manbij campaign", "the Helmand battle": a place names the nominal event.
        for child in trigger.lefts:
            if child.dep_ == "compound" and (
                child.ent_type_ in PLACE_ENTS
                or (
                    child.pos_ == "PROPN"
                    and child.ent_type_ not in NUMERIC_ENTS
                    and not _capital_by_position(child)
                )
            ):
                return place_phrase(child, True)
    # Prepositional phrases of the event itself: "shot in an ambush north of Karbala".
    anchors += shared_verbs(trigger)  # "shot and left in a ditch on the edge of Karachi"
    frontier = [c for a in anchors for c in a.children if c.dep_ in {"prep", "agent"}]
    for _ in range(3):
        objects = [g for p in frontier for g in p.children if g.dep_ == "pobj"]
        for obj in objects:
            named = [c for c in obj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if named and obj.lemma_.lower() in WORDS["named_by_place"]:
                return place_phrase(named[-1], True)  # "killed in the Manbij campaign"
        nested = [c for o in objects for c in o.children if c.dep_ == "prep"]
        found = _locative(nested)
        if found is not None:
            return place_phrase(found, True)
        frontier = nested
    # Clauses in the event's subtree or above it: "In Vienna, thousands marched".
    # (Clauses of their own below the trigger have their own places: "praised the police,
    # and rebels attacked a convoy in Kandahar" did not praise in Kandahar.)
    own = {t.i for t in trigger.subtree} - {
        t.i for c in trigger.children if _told_beside(c) for t in c.subtree
    }
    related = own | {t.i for t in trigger.ancestors}
    loose = _locative(t for t in sent if t.head.pos_ in {"VERB", "AUX"} and t.head.i in related)
    return place_phrase(loose, False) if loose is not None else None


def clause_place(trigger: Token) -> PlacePhrase | None:
    """The first place named anywhere in the trigger's clause, outside clauses of their own."""
    todo = [c for c in trigger.children if c.dep_ not in OWN_CLAUSE_DEPS]
    candidates: list[Token] = []
    while todo:
        token = todo.pop()
        if _names_a_party(token) and not _names_a_site(token):
            # "Eritrea captured ...", "SDF fighters", "a US adviser": actors, not places, and
            # nor are the words of their names ("The *United* States"); "Iraqis in Tikrit" are
            todo.extend(c for c in token.children if c.dep_ == "prep" or _names_a_site(c))
            continue
        elif token.dep_ in {"poss", "compound", "nmod"} and _place_token(token.head) not in (
            None,
            token,
        ):
            pass  # "in Syria's western Hama province", "the US base in Habbaniya": the more
            # specific name
        elif _bearing_from(token):
            pass  # "70 miles south of Lexington": where the place is not
        elif token.ent_type_ in PLACE_ENTS or (
            token.pos_ == "PROPN" and token.dep_ in {"pobj", "poss", "compound"}
        ):
            candidates.append(token)
        todo.extend(c for c in token.children if c.dep_ not in OWN_CLAUSE_DEPS)
    for token in sorted(candidates, key=lambda t: t.i):
        if token.ent_type_ in NUMERIC_ENTS or token.ent_type_ in {"PERSON", "NORP"}:
            continue
        if _capital_by_position(token):
            continue
        return place_phrase(token, False)
    return None


def _capital_by_position(token: Token) -> bool:
    """A word with no name's label whose capital only says it begins the sentence: "Grenade
    attack outside mosque" (not Granada, whose French name it is)."""
    return token.i == token.sent.start and not token.ent_type_


# Sites that are where an event happened when written after "at", "in" or "outside", never
# whom it was done to ("clashed at Rajshahi University", "protested at Makerere University");
# not the seats of bodies that protests are aimed at ("protested at the US embassy").
VENUE_SITES = WORDS["site_nouns"] - frozenset(
    {"embassy", "consulate", "parliament", "ministry", "court", "courthouse", "headquarters",
     "office", "palace", "residence", "home", "house", "building", "barracks", "garrison"}
)  # fmt: skip


# Attacks whose target place "on" names is where they happened.
STRIKE_NOUNS = frozenset(
    {"attack", "strike", "airstrike", "raid", "assault", "offensive", "bombing", "shelling",
     "bombardment", "incursion"}
)  # fmt: skip


def _names_a_site(token: Token) -> bool:
    """Whether a place name stands in front of a building or site ("Baghdad headquarters")."""
    return (
        token.ent_type_ in PLACE_ENTS
        and token.dep_ in {"compound", "poss", "nmod"}
        and token.head.lemma_.lower() in WORDS["site_nouns"]
    )


PARTY_DEPS = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"dobj", "agent"}


def _names_a_party(token: Token) -> bool:
    """Whether a token is a subject or object, or a name in front of one."""
    if token.dep_ in PARTY_DEPS:
        return True
    while token.dep_ in {"compound", "amod", "nmod"} and token.head != token:
        token = token.head  # "CNN correspondent Ben Wedeman": in front of the subject
        if token.dep_ in PARTY_DEPS:
            return True
    return False


def object_place(trigger: Token) -> PlacePhrase | None:
    """A place the event's object names or contains: "captured Badme", "bombed the airport in
    Aden". The venue of a material event; only a topic for a verbal one."""
    obj = child_of(trigger, {"dobj"}) or shared_object(trigger)
    passive = obj is None and any(c.dep_ == "auxpass" for c in trigger.children)
    if passive:
        obj = child_of(trigger, {"nsubjpass"})  # "the area around Kut is patrolled by jets"
    if obj is None:
        return None
    direct = _place_token(obj)
    # "patrolled Bari/PERSON", "patrolled Skid/PROPN Row/NOUN": a name the verb says is
    # ground, whatever the tagger called it (not "shelled Syrians")
    ground = (
        trigger.lemma_.lower() in WORDS["ground_verbs"]
        and direct in (None, obj)
        and _title_name(obj)
        and obj.ent_type_ != "NORP"
    )
    if ground:
        direct = obj
    if passive and direct is obj and obj.ent_type_ not in PLACE_ENTS and not ground:
        direct = None  # "Noor Jehan was shot": a name, not a place
    if direct is obj and obj.ent_type_ not in PLACE_ENTS and _owned_by_pronoun(obj):
        direct = None  # "detonated his explosives-packed Mercedes": a thing someone has
    if direct is not None and (direct is not obj or direct.ent_type_ not in PEOPLE_ENTS or ground):
        phrase = place_phrase(direct, True)  # not "arrested twenty Palestinians"
        return replace(phrase, ground=True) if ground else phrase
    inside = next(
        (
            t
            for t in obj.subtree
            if (t.ent_type_ in PLACE_ENTS or _named_at(t))
            and (not passive or _in_phrase(t, obj))
            and not _owner_of_people(t, obj)
        ),
        None,
    )  # a passive's subject: "a peacekeeper in eastern Chad was shot", not "US sailors were"
    if inside is None:
        return None
    return place_phrase(inside, inside.ent_type_ in PLACE_ENTS)


def _title_name(token: Token) -> bool:
    """A proper name, or a capitalised noun after one ("Skid/PROPN Row/NOUN")."""
    if token.pos_ == "PROPN":
        return True
    return (
        token.is_title
        and not token.is_sent_start
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)
    )


def _owned_by_pronoun(token: Token) -> bool:
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)


def sentence_places(sent: Span) -> list[PlacePhrase]:
    """Every place a sentence names after "in", "at", "near" ...: where an event the sentence
    tells took place when its own clause names none ("clashed with members of the Awami League
    and vandalized a police station in Sherpur upazila": the clash too). Not attached."""
    found = []
    for token in sent:
        if token.dep_ != "prep":
            continue
        place = _locative([token])
        if place is not None and not _bearing_from(place):
            found.append(place_phrase(place, False))
    return found


def named_places(sent: Span) -> list[PlacePhrase]:
    """Every place a sentence names, whatever its part in the sentence: the tagger's places
    ("Toposa militia attacked vehicles travelling to *Lokichoggio*"), names before a place
    noun ("a *Kitui County* official") and the first name before a site ("in a *Mombasa*
    hospital", "students of *Gaoua* Provincial High School"). What a story is about, for
    events told with no place of their own (coding's fallback, never a venue)."""
    found = [
        PlacePhrase(ent.text, ent.text, ent.start_char, ent.end_char, False)
        for ent in sent.ents
        if ent.label_ in PLACE_ENTS
    ]
    doc = sent.doc
    covered = sent.start  # the end of the last run found
    for token in sent:
        # the noun a run of names stands before: "Tana" and "River" both before "County"
        noun = _compound_top(token)
        head = noun.lemma_.lower()
        if not (
            token.dep_ == "compound"
            and token.pos_ == "PROPN"
            and token.is_title
            # (the small model tags some towns as peoples: "a Mombasa/NORP hospital")
            and token.ent_type_ not in PLACE_ENTS | {"PERSON"} | NUMERIC_ENTS
            and head in WORDS["place_nouns"] | WORDS["site_nouns"]
        ):
            continue
        before = doc[token.i - 1] if token.i > sent.start else None
        if before is not None and before.dep_ == "compound" and _compound_top(before) == noun:
            continue  # not the first name of the run
        if token.i < covered:
            continue  # the second name of a hyphened run: "Ketu-South"
        start, end = token.i, token.i + 1
        while start - 2 >= sent.start and doc[start - 1].text == "-" and doc[start - 2].is_title:
            start -= 2  # "the Ketu-South District"
        if head in WORDS["place_nouns"]:  # the whole name: "Ketu South district", "Tana River"
            while end < noun.i and (
                doc[end].text == "-"  # "Pul-e Khumri district"
                or doc[end].dep_ == "compound"
                and (doc[end].is_title or doc[end - 1].text == "-")
            ):
                end += 1
            if doc[end - 1].text == "-":
                end -= 1
        span = doc[start:end]
        covered = end
        labelled = head in WORDS["place_nouns"] and not token.ent_type_
        found.append(
            PlacePhrase(span.text, span.text, span.start_char, span.end_char, False, labelled)
        )
    taken = {char for phrase in found for char in range(phrase.start, phrase.end)}
    found.extend(
        PlacePhrase(
            run.text,
            run.text,
            run.start_char,
            run.end_char,
            False,
            False,
            True,
            run[0].ent_type_ or None,
        )
        for run in _capitalised_runs(sent)
        if run.start_char not in taken and _where_a_place_goes(run)
    )
    return sorted(found, key=lambda phrase: phrase.start)


def _compound_top(token: Token) -> Token:
    """The place noun a compound word is, in the end, part of: "County" for "Tana" in "Tana
    River County", where "Tana" hangs from "River" ("County" for "Kitui" in "a Kitui County
    official"); else the word it hangs from. A site is named by the word right before it ("a
    Mombasa hospital"; not "Santos" in "the Gen. Santos Doctors' Hospital", a name), or by
    the towns of a hyphened run before it ("the Lamu-Malindi road")."""
    first = token.head
    path = []
    while token.dep_ == "compound" and token.head != token:
        token = token.head
        path.append(token)
    place = next((t for t in reversed(path) if t.lemma_.lower() in WORDS["place_nouns"]), None)
    if place is not None:
        return place
    doc = first.doc
    while first.dep_ == "compound" and first.head != first and doc[first.i - 1].text == "-":
        first = first.head
    return first


# Entities whose names are not places even when a word of them is ("Awami League", "Peter
# Munya"): a word of one of several words is not read alone.
_NAMED_ENTS = frozenset({"PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


def _capitalised_runs(sent: Span) -> Iterable[Span]:
    """Runs of capitalised words inside a sentence (the first word only if a proper noun or a
    name the tagger found), outside dates, numbers, peoples and names of several words the
    tagger gave to people or bodies: the names the tagger may have missed as places
    ("Sirajganj/ORG, Rajshahi/PERSON", "Sagaing/VERB")."""
    doc = sent.doc
    run: list[Token] = []
    for token in [*sent, None]:
        if token is not None and _capitalised_name(token, sent):
            run.append(token)
            continue
        if run:
            yield doc[run[0].i : run[-1].i + 1]
        run = []


# Prepositions a place's name follows: "from Garissa", "between Nyaimbitnu and Nyangusu",
# "the outskirts of Garissa".
PLACE_PREPS = LOCATIVE_PREPS | {"from", "to", "of", "between", "towards", "toward", "via"}


def _where_a_place_goes(run: Span) -> bool:
    """Whether a name stands where a place's name does: after a place preposition, in a list
    or apposition after one ("(Sirajganj, Rajshahi)"), in brackets, as the owner of a street
    or a site, before a place noun ("Garissa town") or before people of a place ("Nyeri
    residents"); not "the constellation Leo", "Judge
    Amy Berman Jackson", "Fellow Martin How"."""
    doc = run.doc
    root = run.root
    if any(
        child.dep_ == "compound"
        and child.pos_ == "NOUN"
        and child.lemma_
        not in WORDS["place_nouns"] | WORDS["direction_words"] | {"downtown", "midtown", "uptown"}
        for child in root.children
    ):
        return False  # a thing's name: "the constellation Leo", "the ship Endeavour"
    while root.dep_ in {"appos", "conj"} and root.head.i < root.i:
        root = root.head  # the first of a list: "in Sirajganj, Rajshahi and Pabna"
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
        return True
    named = root
    while named.dep_ == "compound" and named.head.i > named.i:
        named = named.head  # "the Nairobi-Mombasa highway": the highway
    if root.dep_ == "poss" or (
        named is not root
        and named.lemma_.lower()
        in WORDS["place_nouns"] | WORDS["site_nouns"] | WORDS["people_of_a_place"]
    ):
        return True  # "Sarajevo's streets", "a Mogadishu cafe", "Garissa town", "Nyeri residents"
    after = doc[run.end] if run.end < len(doc) else None
    opening = doc.text[run.sent.start_char : run.start_char]
    if opening.count("(") > opening.count(")"):
        return True  # in brackets: "(Faridpur Sadar, Dhaka)", "(Narok South, Narok)"
    return after is not None and after.lemma_.lower() in WORDS["place_nouns"]


def _capitalised_name(token: Token, sent: Span) -> bool:
    if not token.is_title or token.is_stop:
        return False
    if token.i == sent.start and token.pos_ != "PROPN" and not token.ent_type_:
        return False  # a capitalised first word, unless a proper noun or a name ("Nyeri/ORG")
    if token.ent_type_ in NUMERIC_ENTS or token.ent_type_ == "NORP":
        return False
    if token.ent_type_ in _NAMED_ENTS:
        entity = entity_at(token)
        return entity is None or len(entity) == 1
    return True


def _owner_of_people(token: Token, obj: Token) -> bool:
    """A name in front of people says whose they are, not where: "killed one U.S. soldier"
    (but "bombed the Kabul airport": a site is where its name says)."""
    return (
        token.head == obj
        and token.dep_ in {"compound", "amod", "nmod"}
        and obj.lemma_.lower() not in WORDS["site_nouns"] | WORDS["place_nouns"]
        and obj.ent_type_ not in PLACE_ENTS
    )


def _named_at(token: Token) -> bool:
    """A name after "at", "in", "near" ...: "an office building ... at *Birgunj*", whatever
    the tagger called it (the gazetteer decides)."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ in LOCATIVE_PREPS - {"on", "over", "into"}
        and _place_token(token) is token
        and token.ent_type_ not in PEOPLE_ENTS - {"PERSON"}
    )


def _in_phrase(token: Token, top: Token) -> bool:
    """Whether a token below `top` is inside a prepositional phrase of it."""
    while token != top and token.head != token:
        if token.dep_ == "pobj":
            return True
        token = token.head
    return False


def _locative(tokens: Iterable[Token]) -> Token | None:
    """The place named by the first locative prepositional phrase among `tokens`."""
    for prep in tokens:
        if prep.dep_ != "prep":
            continue
        word = prep.lower_
        pobj = child_of(prep, {"pobj"})
        if pobj is None:
            continue
        if word == "of" and prep.head.lower_ in WORDS["direction_words"]:
            if _measured(prep.head):
                continue  # "Shopville, 70 miles south of Lexington": not where it happened
            # "north of Karbala", "on the outskirts of Oaxaca"
        elif word not in LOCATIVE_PREPS:
            continue
        if word in {"on", "upon"} and pobj.ent_type_ == "GPE":
            if prep.head.lemma_.lower() not in STRIKE_NOUNS:
                continue  # "called on Israel", "sanctions on Iran": a target, not a venue
            # "the chemical weapons attack on Ghouta": where the attack fell
        place = _place_token(pobj)
        if place is not None:
            return place
    return None


def _bearing_from(token: Token) -> bool:
    """Whether a name is the point a distance is measured from ("50 km northwest of *X*")."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.lower_ in WORDS["direction_words"]
        and _measured(prep.head)
    )


def _measured(direction: Token) -> bool:
    """Whether a direction word with a distance describes a place named just before it:
    "Shopville, 70 miles south of Lexington" (not "shot two men 40 km north of Nairobi",
    where it is the event's own place)."""
    doc = direction.doc
    before = doc[max(direction.i - 10, 0) : direction.i]
    if not any(t.ent_type_ == "QUANTITY" for t in before[-5:]):
        return False
    return any(
        t.text == "," and t.i > 0 and (doc[t.i - 1].pos_ == "PROPN" or doc[t.i - 1].ent_type_)
        for t in before
    )


def _place_token(pobj: Token) -> Token | None:
    """A place named by a prepositional object: "Beijing", "the town of Khanasir", "the capital
    Baku", "Syria's conflict", "Kobane" (a proper noun the tagger left unlabelled)."""
    if pobj.pos_ == "PROPN":
        pobj = name_hung_on_its_brackets(pobj)
    if pobj.ent_type_ in PLACE_ENTS:
        return pobj
    if pobj.pos_ == "PROPN" and pobj.ent_type_ not in NUMERIC_ENTS and pobj.is_title:
        return pobj  # unlabelled or labelled otherwise: the gazetteer decides in coding
    if _bare_name(pobj):
        return pobj  # "were arrested in lucknow": text with no capitals
    lemma = pobj.lemma_.lower()
    place_noun = lemma in WORDS["place_nouns"] | WORDS["direction_words"]
    if place_noun:
        # The most specific name first: "in Iraq's northern city of Mosul" is Mosul.
        inner = _named_after(pobj, {"of", "in"})
        if inner is not None:
            return inner
    if place_noun or lemma in WORDS["site_nouns"]:
        for child in pobj.children:
            # "Khanasir town", "the Homs province", "Syria's Aleppo province", "the UN's
            # Baghdad headquarters" (not "the ICRC offices": whose they are)
            if child.dep_ != "compound":
                continue
            if child.ent_type_ in PLACE_ENTS or (
                child.pos_ == "PROPN"
                and (place_noun or not (child.ent_type_ or _one_of_many(pobj)))
            ):
                return child  # not "outside a Boots store": a shop of a chain
            if place_noun and child.is_title and child.ent_type_ not in NUMERIC_ENTS:
                return child  # "in Sirajganj town", the name tagged as an adjective
    if place_noun:
        inner = _in_brackets_after(pobj)
        if inner is not None:
            return inner  # "in the town (Rajshahi)"
        # "the area around Kut", "the entrance to Heathrow" (not "Albuhrat neighborhood near
        # Fallujah": the name in front comes first)
        inner = _named_after(pobj, {"around", "near", "to"})
        if inner is not None:
            return inner
    for child in pobj.children:
        if child.dep_ == "poss" and child.ent_type_ in PLACE_ENTS:
            return child  # "in Syria's conflict", "in Syria's north"
        if child.dep_ == "poss" and place_noun:
            if child.pos_ == "PROPN" and child.ent_type_ not in NUMERIC_ENTS:
                return child  # "Grozny's streets", whatever its tag: the gazetteer decides
    return None


def _named_after(noun: Token, preps: set[str]) -> Token | None:
    """A name in apposition to a place noun or after one of the given prepositions."""
    for child in noun.children:
        if child.dep_ == "appos":
            if in_brackets(child):
                continue  # "in Sylhet city (Sylhet Sadar)": the part of it in brackets
            inner = child
        elif child.dep_ == "prep" and child.lower_ in preps:
            inner = child_of(child, {"pobj"})
        else:
            continue
        if inner is not None and (inner.ent_type_ in PLACE_ENTS or inner.pos_ == "PROPN"):
            return inner
    return None


def _one_of_many(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in noun.children)


def _in_brackets_after(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "appos" and in_brackets(child):
            if child.ent_type_ in PLACE_ENTS or child.pos_ == "PROPN":
                return child
    return None


def in_brackets(token: Token) -> bool:
    """Whether a token's phrase is written in brackets: "(Baja California)"."""
    start = token.left_edge.i
    return token.doc[start].text == "(" or (start > 0 and token.doc[start - 1].text == "(")


# Dependencies inside a noun phrase and from a preposition's object to it.
NOMINAL_DEPS = frozenset(
    {"pobj", "compound", "poss", "appos", "conj", "nmod", "amod", "npadvmod", "nummod"}
)


def place_phrase(place: Token, attached: bool) -> PlacePhrase:
    doc = place.doc
    ent = entity_at(place)
    if ent is not None:
        name_span = ent
        head = ent.root.head
        if (
            ent.root.dep_ == "compound"
            and head.i == ent.end
            and head.pos_ == "PROPN"
            and not head.ent_type_
        ):
            name_span = doc[ent.start : head.i + 1]  # "Las/GPE Navas": the tagger's half name
    else:
        start = place.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        name_span = doc[start : place.i + 1]
    prep = place
    while prep.dep_ in NOMINAL_DEPS and prep.head != prep:
        prep = prep.head  # up to the preposition the name hangs from, or the top of its noun
        # phrase when none does ("captured Badme": "Badme", not the whole clause)
    # "in the countryside of Latakia": in the area around the place, not at it
    around = prep.lower_ == "of" and prep.head.lemma_.lower() in WORDS["around_nouns"]
    if prep.lower_ == "of":
        prep = prep.head.head if prep.head.dep_ == "pobj" else prep.head  # "in the town of X"
    top = prep.i if prep.dep_ in {"prep", "agent"} else prep.left_edge.i  # "the Kindi Hospital"
    first, end = min(top, name_span.start), max(name_span.end, place.i + 1)
    within = False
    if prep.dep_ == "prep":
        outer, end = _venue_bounds(prep, end)
        within = outer < first
        first = min(first, outer)
    within = within or around
    phrase = doc[first:end]
    if phrase.text.count("(") > phrase.text.count(")") and end < len(doc) and doc[end].text == ")":
        phrase = doc[first : end + 1]  # "in Mafa (Borno)", not "in Mafa (Borno"
    name = name_span.text
    bare = _bare_name(place)
    if name.lower().startswith("the "):
        name = name[4:]
    return PlacePhrase(
        text=phrase.text,
        name=name,
        start=phrase.start_char,
        end=phrase.end_char,
        attached=attached,
        labelled=_named_as_place(place) and not bare,
        guessed=bare,
        within=within,
    )


def _venue_bounds(prep: Token, end: int) -> tuple[int, int]:
    """Where a venue as written begins and ends: from the outermost of nested locative
    phrases to the innermost ("at Maleley village in Garissa", "near the Jandoul roundabout in
    Shuqef neighborhood in Aleppo"), whichever of them names the place."""
    outer = prep
    while (
        outer.head.dep_ == "pobj"
        and outer.head.head.dep_ == "prep"
        and outer.head.head.lower_ in LOCATIVE_PREPS
        and _place_like(outer.head)  # not "in the shooting of a minibus in Baghdad"
    ):
        outer = outer.head.head
    node = child_of(prep, {"pobj"})
    while node is not None:
        ent = entity_at(node)
        end = max(end, node.i + 1, ent.end if ent is not None else 0)
        inner = next(
            (
                c
                for c in node.children
                if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS and child_of(c, {"pobj"})
            ),
            None,
        )
        node = child_of(inner, {"pobj"}) if inner is not None else None
    return outer.i, end


def _place_like(noun: Token) -> bool:
    """A noun that can hold a place: a place's name, or a place or site noun."""
    return (
        noun.ent_type_ in PLACE_ENTS
        or noun.pos_ == "PROPN"
        or noun.lemma_.lower() in WORDS["place_nouns"] | WORDS["site_nouns"]
    )


def uncased(doc: Doc) -> bool:
    """Whether a text is written without capitals (lower-cased newswire): fewer than one in a
    hundred of its words inside sentences begins with a capital."""
    cached = doc.user_data.get("parley_uncased")
    if cached is None:
        words = [t for t in doc if t.is_alpha and len(t) > 2 and not t.is_sent_start]
        capitals = sum(1 for t in words if t.text[0].isupper())
        cached = len(words) >= 8 and capitals < 0.01 * len(words)
        doc.user_data["parley_uncased"] = cached
    return cached


def _bare_name(token: Token) -> bool:
    """In a text without capitals, a noun with no article after a place preposition may be a
    town's name ("in lucknow", not "in the city"): coding counts it only if the gazetteer knows
    a town or region of that very name."""
    return (
        token.ent_type_ not in PLACE_ENTS
        and token.dep_ == "pobj"
        and token.head.lower_ in LOCATIVE_PREPS  # not "the village of sousan": a place's name
        and uncased(token.doc)
        and token.pos_ in {"NOUN", "PROPN"}
        and not token.is_stop
        and token.ent_type_ not in NUMERIC_ENTS
        and token.lemma_.lower()
        not in WORDS["place_nouns"] | WORDS["site_nouns"] | WORDS["direction_words"]
        and not any(c.dep_ in {"det", "poss", "amod"} for c in token.children)
    )


def _named_as_place(place: Token) -> bool:
    """Whether the text itself says the token is a place: the tagger's label, no label at all
    on a proper noun, or a place noun around it ("the town of Badme", "Homs province")."""
    if place.ent_type_ in PLACE_ENTS or not place.ent_type_ or ends_in_a_place_noun(place):
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in WORDS["place_nouns"] for c in place.children):
        return True  # "in Dunya Pur, a small town ...", whatever the tagger called the name
    head = place.head.head if place.head.dep_ == "prep" else place.head
    return head.lemma_.lower() in WORDS["place_nouns"]


def ends_in_a_place_noun(name: Token) -> bool:
    """A name whose last word is a place's or a site's noun names a place, whatever the tagger
    called it: "the Nabi Saleh Mosque" (tagged an organisation), "Al-Malaah Farms"."""
    if name.pos_ != "PROPN" or name.i + 1 < len(name.doc) and name.nbor().pos_ == "PROPN":
        return False
    word = name.lower_
    nouns = WORDS["place_nouns"] | WORDS["site_nouns"]
    return word in nouns or (word.endswith("s") and word[:-1] in nouns)
