"""Feeds written by strangers: links into this machine or the private network, endless or
stalled bodies, FIFOs. Each test is an attack that worked before fetch.py was hardened."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import replace

import httpcore
import pytest

from storage.fetch import FetchError, FetchPolicy, RefusedAddress, _GuardedBackend, fetch
from storage.readers import Rejected
from storage.schema import Document
from storage.web import read_feed
from tests.webserver import ARTICLE, Site, rss

DATE = "Tue, 12 Mar 2024 09:00:00 GMT"
# The default policy (private network refused), with short waits for a test.
STRICT = FetchPolicy(timeout_s=2.0, max_bytes=20_000, retries=1, backoff_s=0.05)
INTRANET = replace(STRICT, allow_private_network=True)


def _feed(site: Site, links: list[str]) -> str:
    site.add("/feed.xml", rss([(link, f"entry {i}", DATE) for i, link in enumerate(links)],
                              site.base), "application/rss+xml")  # fmt: skip
    return f"{site.base}/feed.xml"


def test_links_in_a_feed_never_read_local_files(tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text(ARTICLE.format(title="Private", body="The board met on Monday in secret."))
    links = [
        f"file://localhost{secret}",
        f"file:{secret}",
        f"file://anyhost{secret}",
        "file://localhost/etc/passwd",
        f"file://localhost{tmp_path}/does-not-exist",
    ]
    with Site() as site:
        results = list(read_feed(_feed(site, links), INTRANET))  # even with the network opt-in
    assert len(results) == len(links)
    secret_hash = hashlib.sha256(secret.read_bytes()).hexdigest()
    for result in results:
        assert isinstance(result, Rejected), result
        assert "refused URL scheme 'file'" in result.reason
        assert result.content_sha256 != secret_hash
        # Whether a path exists is not told: the reason is the same for every file link.
        assert "No such file" not in result.reason


def test_links_to_the_private_network_are_refused_after_dns_and_on_redirect():
    with Site() as site:
        site.add("/private", ARTICLE.format(title="Internal", body="Staff met the minister today."))
        site.redirects["/hop"] = f"{site.base}/private"
        links = [
            f"{site.base}/private",  # loopback by address
            f"http://localhost:{site.base.rsplit(':', 1)[1]}/private",  # loopback after DNS
            "http://169.254.169.254/latest/meta-data/",  # link-local (cloud metadata)
            "http://10.1.2.3/x",  # private
            "http://[::1]/x",  # IPv6 loopback
        ]
        results = list(read_feed(_feed(site, links), STRICT))
        assert site.hits["/private"] == 0
        # The feed URL the user typed may be on loopback; where it redirects is checked.
        with pytest.raises(RefusedAddress):
            fetch(f"{site.base}/hop", STRICT, typed=True)
        assert site.hits["/hop"] == 1 and site.hits["/private"] == 0
        # A link that redirects is checked too (here it is refused at its first hop already).
        assert all(isinstance(r, Rejected) and "refused" in r.reason for r in results), results
        # --allow-private-network lets an intranet feed through, redirects included.
        allowed = list(read_feed(_feed(site, [f"{site.base}/hop"]), INTRANET))
        assert [type(r) for r in allowed] == [Document]
        assert "Staff met the minister" in allowed[0].text


def test_the_connection_itself_goes_only_to_a_checked_public_address():
    # A name that passed an earlier check but resolves to loopback when connecting is refused
    # by the connection backend itself (DNS rebinding).
    with pytest.raises(RefusedAddress):
        _GuardedBackend().connect_tcp("localhost", 9, timeout=1.0)
    with pytest.raises(RefusedAddress):
        _GuardedBackend().connect_tcp("127.0.0.1", 9, timeout=1.0)
    with pytest.raises(httpcore.ConnectError):
        _GuardedBackend().connect_tcp("no-such-host.invalid", 80, timeout=1.0)


def test_endless_files_and_fifos_are_not_read(tmp_path):
    with pytest.raises(FetchError, match="not a regular file"):
        fetch("file:///dev/zero", STRICT, typed=True)
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    result: list[object] = []
    reader = threading.Thread(
        target=lambda: result.append(_error_of(lambda: fetch(fifo.as_uri(), STRICT, typed=True)))
    )
    reader.start()
    reader.join(10)
    if reader.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("opening a FIFO blocked")
    assert "not a regular file" in str(result[0])
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * (STRICT.max_bytes + 1))
    with pytest.raises(FetchError, match="byte limit"):
        fetch(big.as_uri(), STRICT, typed=True)
    with pytest.raises(FetchError, match="refused file URL with host"):
        fetch(f"file://otherhost{big}", STRICT, typed=True)


def _error_of(call) -> Exception | None:  # noqa: ANN001
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the test looks at it
        return exc
    return None


def test_a_page_that_drips_is_cut_at_the_deadline_and_the_next_entry_is_coded():
    with Site() as site:
        site.add("/drip", "x" * 600)
        site.drip["/drip"] = 0.1  # a minute in all
        body = "Police arrested two opposition activists in Kampala on Monday."
        site.add("/good", ARTICLE.format(title="Arrests", body=body))
        started = time.monotonic()
        drip, good = read_feed(_feed(site, [f"{site.base}/drip", f"{site.base}/good"]), INTRANET)
        elapsed = time.monotonic() - started
    assert isinstance(drip, Rejected) and "not read within 2 s" in drip.reason
    assert elapsed < 30  # the drip alone would take a minute
    assert isinstance(good, Document) and body in good.text


def test_an_endless_local_link_loses_only_its_own_entry():
    with Site() as site:
        body = "Police arrested two opposition activists in Kampala on Monday."
        site.add("/good", ARTICLE.format(title="Arrests", body=body))
        bad, good = read_feed(_feed(site, ["file://localhost/dev/zero", f"{site.base}/good"]),
                              INTRANET)  # fmt: skip
    assert isinstance(bad, Rejected) and "refused URL scheme 'file'" in bad.reason
    assert isinstance(good, Document)
