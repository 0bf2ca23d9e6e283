"""Fetching (timeouts, retries, size cap, schemes), HTML extraction and feeds, on a local server."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storage.fetch import FetchError, FetchPolicy, fetch
from storage.readers import Rejected
from storage.schema import Document
from storage.web import feed_entry_id, html_document, read_feed
from tests.webserver import ARTICLE, Site, rss

FAST = FetchPolicy(
    timeout_s=2.0, max_bytes=20_000, retries=2, backoff_s=0.05, allow_private_network=True
)


def test_transient_errors_are_retried_and_4xx_is_not():
    with Site() as site:
        site.add("/ok", "fine")
        site.flaky["/ok"] = 2
        assert fetch(f"{site.base}/ok", FAST).content == b"fine"
        assert site.hits["/ok"] == 3
        site.add("/gone", "no", status=404)
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch(f"{site.base}/gone", FAST)
        assert site.hits["/gone"] == 1
        site.flaky["/down"] = 10
        with pytest.raises(FetchError, match="gave up after 3 attempts"):
            fetch(f"{site.base}/down", FAST)


def test_timeouts_size_cap_and_schemes():
    with Site() as site:
        site.add("/slow", "late")
        site.slow["/slow"] = 3
        with pytest.raises(FetchError, match="ReadTimeout"):
            fetch(f"{site.base}/slow", replace(FAST, timeout_s=0.3, retries=0))
        site.add("/big", b"x" * 50_000)
        with pytest.raises(FetchError, match="limit"):
            fetch(f"{site.base}/big", FAST)
    for url in ("ftp://example.org/x", "javascript:alert(1)", "/etc/passwd"):
        with pytest.raises(FetchError, match="refused URL scheme"):
            fetch(url, FAST)


def test_html_keeps_the_article_and_drops_scripts_styles_navigation():
    html = ARTICLE.format(title="Ministers meet", body="Kenya and Uganda held talks in Nairobi.")
    doc = html_document(html, "page.html", url="https://news.test/a")
    assert isinstance(doc, Document)
    assert "Kenya and Uganda held talks in Nairobi." in doc.text
    for noise in ("trackVisitor", "color: red", "Sport", "Copyright"):
        assert noise not in doc.text
    assert doc.title == "Ministers meet"
    empty = html_document("<html><body><nav>Home</nav></body></html>", "empty.html")
    assert isinstance(empty, Rejected) and empty.reason == "no article text found in the HTML"


def test_feed_entries_become_documents_and_a_failed_article_is_quarantined():
    with Site() as site:
        body = "Police arrested two opposition activists in Kampala on Monday."
        site.add("/a1", ARTICLE.format(title="Arrests in Kampala", body=body))
        site.add("/a2", "gone", status=410)
        site.add(
            "/feed.xml",
            rss([("a1", "Arrests in Kampala", "Tue, 12 Mar 2024 09:00:00 GMT"),
                 ("a2", "Missing", "Tue, 12 Mar 2024 10:00:00 GMT")], site.base),
            "application/rss+xml",
        )  # fmt: skip
        first, second = list(read_feed(f"{site.base}/feed.xml", FAST))
    assert isinstance(first, Document)
    assert first.doc_id == f"{site.base}/a1" and first.source == "Example News"
    assert first.published_at.isoformat() == "2024-03-12T09:00:00+00:00"
    assert body in first.text
    assert isinstance(second, Rejected) and "HTTP 410" in second.reason


def test_html_and_feed_files_on_disk_are_read_like_the_web(tmp_path):
    from storage.sources import read_documents

    body = "Kenyan police arrested two opposition activists in Nairobi on Monday."
    (tmp_path / "story.html").write_text(ARTICLE.format(title="Arrests in Nairobi", body=body))
    with Site() as site:
        site.add(
            "/a1", ARTICLE.format(title="Talks in Geneva", body="Kenya and Uganda held talks.")
        )
        (tmp_path / "news.rss").write_text(
            rss([("a1", "Talks in Geneva", "Tue, 12 Mar 2024 09:00:00 GMT")], site.base)
        )
        docs = list(read_documents([tmp_path], FAST))
    assert [type(d).__name__ for d in docs] == ["Document", "Document"]
    by_title = {d.title: d for d in docs}
    assert body in by_title["Arrests in Nairobi"].text
    assert by_title["Talks in Geneva"].url == f"{site.base}/a1"


def test_a_bare_guid_is_namespaced_by_its_feed_and_a_global_one_is_kept():
    items = [("1", "Talks in Geneva"), ("tag:news.test,2024:77", "Arrests in Kampala")]
    with Site() as site:
        for n, _ in enumerate(items):
            site.add(f"/a{n}", ARTICLE.format(title="Story", body=f"Kenya and Uganda met {n}."))
        entries = "".join(
            f"<item><title>{title}</title><link>{site.base}/a{n}</link><guid>{guid}</guid></item>"
            for n, (guid, title) in enumerate(items)
        )
        site.add(
            "/feed.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f"<link>{site.base}</link><description>d</description>{entries}</channel></rss>",
            "application/rss+xml",
        )
        bare, tagged = list(read_feed(f"{site.base}/feed.xml", FAST))
    # "1" would collide with a JSONL document "1" or another feed's "1"
    assert bare.doc_id == f"{site.base}/feed.xml#1"
    assert tagged.doc_id == "tag:news.test,2024:77"
    assert feed_entry_id("https://news.test/a/1", "https://other/feed") == "https://news.test/a/1"
    assert feed_entry_id("  ", "https://other/feed") is None
