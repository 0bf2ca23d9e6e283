"""Fixtures of the normalizer tests: one document's text -> its coded rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extractors.mentions import extract_mentions
from normalize.coding import code_events
from storage.schema import Document

PUBLISHED = datetime(2024, 4, 10, 9, tzinfo=UTC)


def _coder(parse, lexicon, gazetteer):
    """Code one text, parsed by `parse`, as a document published on PUBLISHED (a Wednesday)."""

    def run(text: str):
        document = Document("d1", text, "0" * 64, "test", published_at=PUBLISHED)
        found = extract_mentions(parse(text), lexicon.event_nouns)
        return code_events(document, found, lexicon, gazetteer)

    return run


@pytest.fixture(scope="session")
def code(nlp, lexicon, gazetteer):
    """Code one text with the model."""
    return _coder(nlp, lexicon, gazetteer)


@pytest.fixture(scope="session")
def code_example(parsed, lexicon, gazetteer):
    """Code a rule example from its saved parse (tests/parses.py), without the model."""
    return _coder(parsed, lexicon, gazetteer)
