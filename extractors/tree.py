"""Small helpers over spaCy's dependency tree shared by the extractor's modules."""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
NUMERIC_ENTS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels that name an actor; places are GPE/LOC/FAC, dates DATE.
ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Names of people and groups, never places however they are written.
PEOPLE_ENTS = frozenset({"NORP", "PERSON"})


def child_of(token: Token | None, deps: set[str] | frozenset[str]) -> Token | None:
    if token is None:
        return None
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def entity_at(token: Token) -> Span | None:
    """The named entity a token is part of, found from its IOB tags (no scan of doc.ents)."""
    if not token.ent_iob_ or token.ent_iob_ == "O":
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in verb.children)


def shared_verbs(verb: Token) -> list[Token]:
    """Verbs coordinated with this one that share its subject ("shot and killed", "bombed and
    destroyed"): one act told with two verbs, in one place. Not a conjunct with a subject of
    its own ("praised the police, and rebels attacked a convoy in Kandahar")."""
    if verb.pos_ != "VERB":
        return []
    partners = [
        c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and not has_subject(c)
    ]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not has_subject(verb):
        partners.append(verb.head)
    return partners


def shared_object(verb: Token) -> Token | None:
    """The object of the verb coordinated after this one, when this one has none of its own:
    "attacked and looted a village" attacked the village."""
    if verb.pos_ != "VERB" or child_of(verb, {"dobj", "prep", "xcomp", "ccomp"}) is not None:
        return None  # not "refused to deploy troops and urged its citizens ..."
    later = [p for p in shared_verbs(verb) if p.i > verb.i]
    return child_of(later[0], {"dobj"}) if later else None


def is_actor_like(token: Token) -> bool:
    """A token that can stand for an actor: a name, a noun or a pronoun, not an amount or a
    time ("a grant of 64 million dollars")."""
    if token.ent_type_ in NUMERIC_ENTS:
        return False
    return token.ent_type_ in ACTOR_ENTS or token.pos_ in {"PROPN", "NOUN", "PRON"}
