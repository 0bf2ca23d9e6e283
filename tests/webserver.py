"""A small HTTP server on 127.0.0.1 for tests: fixed pages, failures on demand, hit counts."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up (a timeout test) is expected here, not an error to print."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass


class Site:
    """Pages by path: (status, body, content type); `flaky` paths fail with 503 N times first,
    `slow` paths wait before answering, `redirects` answer 302 to another URL, `drip` paths send
    their body one byte at a time with a pause between bytes."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, str]] = {}
        self.flaky: dict[str, int] = {}
        self.slow: dict[str, float] = {}
        self.redirects: dict[str, str] = {}
        self.drip: dict[str, float] = {}
        self.hits: Counter = Counter()
        self._server: ThreadingHTTPServer | None = None

    def add(self, path: str, body: str | bytes, content_type: str = "text/html", status: int = 200):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (status, data, content_type)

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                path = self.path.split("?")[0]
                site.hits[path] += 1
                if path in site.slow:
                    time.sleep(site.slow[path])
                if path in site.redirects:
                    self.send_response(302)
                    self.send_header("Location", site.redirects[path])
                    self.end_headers()
                    return
                if site.flaky.get(path, 0) > 0:
                    site.flaky[path] -= 1
                    self.send_error(503)
                    return
                status, body, content_type = site.pages.get(path, (404, b"not found", "text/plain"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if path not in site.drip:
                    self.wfile.write(body)
                    return
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(site.drip[path])

            def log_message(self, *args) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


ARTICLE = """<html><head><title>{title}</title><script>trackVisitor({{"id": 1}});</script>
<style>body {{ color: red; }}</style></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p>{body}</p><p>Officials said the talks would continue.</p></article>
<footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def rss(items: list[tuple[str, str, str]], base: str) -> str:
    """An RSS 2.0 feed of (slug, title, RFC 822 date) items linking to base/slug (a slug with
    a colon is the link itself: `file:/etc/passwd`, `http://169.254.169.254/`)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{_link(base, slug)}</link>"
        f"<guid>{_link(base, slug)}</guid><pubDate>{date}</pubDate></item>"
        for slug, title, date in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>{base}</link><description>test feed</description>{entries}</channel></rss>"
    )


def _link(base: str, slug: str) -> str:
    return slug if ":" in slug else f"{base}/{slug}"
