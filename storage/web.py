"""Web inputs: RSS/Atom feeds (feedparser) and HTML articles (trafilatura) -> Document records."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import trafilatura

from storage.fetch import DEFAULT_POLICY, FetchError, FetchPolicy, fetch
from storage.readers import Rejected, parse_published, sha256_text
from storage.schema import Document

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
# Fewer words than this is a menu or an error page, not an article.
MIN_ARTICLE_WORDS = 5


def html_document(
    html: bytes | str,
    origin: str,
    *,
    url: str | None = None,
    doc_id: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
    source: str | None = None,
) -> Document | Rejected:
    """The main text and metadata of an HTML page; navigation, scripts and styles are dropped."""
    markup = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    raw = trafilatura.extract(
        markup,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
    )
    fallback_id = doc_id or "web-" + hashlib.sha256((url or origin).encode()).hexdigest()[:16]
    meta = json.loads(raw) if raw else {}
    text = meta.get("text") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return Rejected(
            doc_id=fallback_id,
            origin=origin,
            reason="no article text found in the HTML",
            content_sha256=sha256_text(markup),
            title=title,
            url=url,
            source=source,
            published_at=published,
        )
    return Document(
        doc_id=doc_id or "web-" + sha256_text(text)[:16],
        text=text,
        content_sha256=sha256_text(text),
        origin=origin,
        title=title or meta.get("title"),
        url=url,
        source=source or meta.get("sitename") or meta.get("hostname"),
        published_at=published or parse_published(meta.get("date")),
    )


def read_feed(location: str, policy: FetchPolicy = DEFAULT_POLICY) -> Iterator[Document | Rejected]:
    """Every entry of an RSS/Atom feed, its article fetched and extracted.

    `location` is what the user named (a path or a URL); the entries' links are the feed
    writer's, fetched over http(s) only and never from the private network (see fetch.py)."""
    feed_url = location if "://" in location else Path(location).absolute().as_uri()
    try:
        content = fetch(feed_url, policy, typed=True).content
    except FetchError as exc:
        yield _rejected(location, location, f"feed not fetched: {exc}")
        return
    parsed = feedparser.parse(content)
    if not parsed.entries:
        reason = (
            f"not a readable feed: {parsed.get('bozo_exception')}" if parsed.bozo else "empty feed"
        )
        yield _rejected(location, location, reason)
        return
    source = parsed.feed.get("title")
    for entry in parsed.entries:
        link = entry.get("link")
        doc_id = feed_entry_id(entry.get("id"), feed_url) or link
        published = _entry_time(entry)
        if not link:
            yield _rejected(doc_id or location, location, "feed entry without a link")
            continue
        try:
            page = fetch(link, policy)
        except FetchError as exc:
            yield _rejected(doc_id, link, f"article not fetched: {exc}", url=link)
            continue
        yield html_document(
            page.content,
            link,
            url=link,
            doc_id=doc_id,
            title=entry.get("title"),
            published=published,
            source=source,
        )


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S")


def feed_entry_id(guid: str | None, feed_url: str) -> str | None:
    """A feed entry's doc_id. A guid with a scheme (`https://...`, `tag:...`, `urn:uuid:...`)
    is unique the world over and is kept; a bare one (`123`, `post-5`) is unique only in its
    feed and is prefixed with the feed's URL (`https://news.test/feed.xml#123`), so it never
    collides with a JSONL id or another feed's entry."""
    if not guid or not guid.strip():
        return None
    guid = guid.strip()
    return guid if _SCHEME.match(guid) else f"{feed_url}#{guid}"


def _entry_time(entry: dict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def _rejected(doc_id: str, origin: str, reason: str, url: str | None = None) -> Rejected:
    return Rejected(
        doc_id=doc_id,
        origin=origin,
        reason=reason,
        content_sha256=sha256_text(f"{origin}\0{reason}"),
        url=url,
    )
