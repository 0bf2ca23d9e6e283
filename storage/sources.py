"""Every kind of input -> Document records: files, folders, HTML, feed files and feed URLs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from storage.fetch import DEFAULT_POLICY, FetchPolicy
from storage.readers import (
    JSONL_SUFFIXES,
    Rejected,
    Skipped,
    expand_inputs,
    read_file,
    sha256_text,
    skipped_entry,
)
from storage.schema import Document
from storage.web import FEED_SUFFIXES, HTML_SUFFIXES, html_document, read_feed


def read_documents(
    inputs: Iterable[str | Path], policy: FetchPolicy = DEFAULT_POLICY
) -> Iterator[Document | Rejected]:
    """Every document of every input, or a Rejected record for what cannot be read."""
    for source in expand_inputs(inputs):
        if isinstance(source, Skipped):
            yield skipped_entry(source)
        elif isinstance(source, str):
            yield from read_feed(source, policy)
        elif source.suffix.lower() in FEED_SUFFIXES:
            yield from read_feed(str(source.resolve()), policy)
        elif source.suffix.lower() in HTML_SUFFIXES:
            yield _html_file(source)
        else:
            yield from read_file(source)


def count_documents(sources: Iterable[str | Path]) -> int | None:
    """How many records `read_documents` will yield, or None when feeds make it unknown.

    A quick count for a progress bar: JSONL files are counted by their non-blank lines.
    """
    total = 0
    for source in expand_inputs(sources):
        if isinstance(source, Skipped):
            total += 1  # read_documents reports it as one quarantined entry
            continue
        if isinstance(source, str) or source.suffix.lower() in FEED_SUFFIXES:
            return None
        if source.suffix.lower() in JSONL_SUFFIXES:
            try:
                with open(source, "rb") as fh:
                    total += max(1, sum(1 for line in fh if line.strip()))
            except OSError:
                total += 1  # read_documents reports it as one rejected file
        else:
            total += 1
    return total


def _html_file(path: Path) -> Document | Rejected:
    try:
        content = path.read_bytes()
    except OSError as exc:
        return Rejected(
            doc_id="file-" + sha256_text(str(path))[:16],
            origin=str(path),
            reason=f"cannot read file: {exc.strerror or exc}",
            content_sha256=sha256_text(""),
        )
    return html_document(content, str(path))
