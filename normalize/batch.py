"""A batch of input documents -> event rows and document rows (parse, extract, code)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from spacy.language import Language

from extractors.mentions import DocumentMentions, extract_mentions
from extractors.nlp import parse_texts
from extractors.venues import mask_dateline
from normalize.coding import code_events
from normalize.lexicon import Lexicon
from normalize.places import Gazetteer
from storage.readers import Rejected
from storage.schema import PIPELINE_VERSION, Document, DocumentRecord, EventRecord

log = logging.getLogger(__name__)
# Documents per spaCy minibatch. The parser's working memory grows with the minibatch; on the
# wikinews corpus one process peaked at 572 MB with 16, 430 MB with 8 and 353 MB with 4, in
# the same CPU time (51-52 s).
PIPE_BATCH = 4


@dataclass(frozen=True)
class BatchResult:
    """What one batch produced."""

    events: list[EventRecord]
    documents: list[DocumentRecord]

    @property
    def quarantined(self) -> int:
        return sum(1 for d in self.documents if d.status == "quarantined")


def code_documents(
    items: Sequence[Document | Rejected],
    nlp: Language,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    *,
    ingested_at: datetime | None = None,
) -> BatchResult:
    """Parse, extract and code a batch; each bad document becomes a quarantined row."""
    now = ingested_at or datetime.now(UTC)
    records: list[DocumentRecord] = []
    events: list[EventRecord] = []
    good: list[Document] = []
    for item in items:
        if isinstance(item, Rejected):
            records.append(_quarantined(item, item.reason, now))
        elif len(item.text) > nlp.max_length:
            reason = f"text too long: {len(item.text)} characters (limit {nlp.max_length})"
            records.append(_quarantined(item, reason, now))
        elif not looks_english(item.text):
            reason = "not English text: parley's model and lexicons read English only"
            records.append(_quarantined(item, reason, now))
        else:
            good.append(item)
    for document, found in zip(good, _parse(good, nlp, lexicon), strict=True):
        if isinstance(found, Exception):
            records.append(_quarantined(document, f"parse failed: {found!r}", now))
            continue
        rows = code_events(document, found, lexicon, gazetteer)
        events.extend(rows)
        records.append(
            DocumentRecord(
                doc_id=document.doc_id,
                url=document.url,
                title=document.title,
                source=document.source,
                published_at=document.published_at,
                content_sha256=document.content_sha256,
                status="ok",
                error=None,
                n_sentences=found.n_sentences,
                n_events=len(rows),
                ingested_at=now,
                pipeline_version=PIPELINE_VERSION,
                origin=document.origin,
            )
        )
    return BatchResult(events=events, documents=records)


_WORDS = re.compile(r"[^\W\d_]+")
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was by at from said he it be are an has have "
    "his its were had which their they not but this been who will after would also".split()
)


def looks_english(text: str) -> bool:
    """Whether a text reads as English: function words make up part of any English prose.

    Short texts (under 20 words) are given the benefit of the doubt.
    """
    words = _WORDS.findall(text.lower())
    if len(words) < 20:
        return True
    hits = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS)
    return hits / len(words) >= 0.08


def _parse(
    documents: list[Document], nlp: Language, lexicon: Lexicon
) -> list[DocumentMentions | Exception]:
    """Run the pipeline over the batch; if the batch fails, retry document by document."""
    nouns = lexicon.event_nouns
    # A dateline is where the story was filed: parsed as words it becomes an actor.
    masked = [mask_dateline(d.text) for d in documents]
    texts = [text for text, _ in masked]
    datelines = [dateline for _, dateline in masked]
    try:
        return [
            extract_mentions(doc, nouns, dateline=dateline)
            for doc, dateline in zip(parse_texts(nlp, texts, PIPE_BATCH), datelines, strict=True)
        ]
    except (ValueError, RuntimeError, MemoryError) as exc:
        log.warning("batch parse failed (%r); parsing its documents one by one", exc)
    results: list[DocumentMentions | Exception] = []
    for text, dateline in zip(texts, datelines, strict=True):
        try:
            doc = next(parse_texts(nlp, [text], 1))
            results.append(extract_mentions(doc, nouns, dateline=dateline))
        except (ValueError, RuntimeError, MemoryError) as exc:
            results.append(exc)
    return results


def _quarantined(item: Document | Rejected, reason: str, now: datetime) -> DocumentRecord:
    return DocumentRecord(
        doc_id=item.doc_id,
        url=item.url,
        title=item.title,
        source=item.source,
        published_at=item.published_at,
        content_sha256=item.content_sha256,
        status="quarantined",
        error=reason,
        n_sentences=0,
        n_events=0,
        ingested_at=now,
        pipeline_version=PIPELINE_VERSION,
        origin=item.origin,
    )
