"""Fetching documents over HTTP(S) or from file: URLs, with timeouts, a size cap and retries."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

ALLOWED_SCHEMES = frozenset({"http", "https", "file"})
USER_AGENT = "parley (+https://example.org/parley) news event coder"


class FetchError(Exception):
    """A document could not be fetched; the message says why (it becomes the quarantine reason)."""


@dataclass(frozen=True)
class FetchPolicy:
    """How hard to try: per-request timeout, largest body, retries on transient errors."""

    timeout_s: float = 15.0
    max_bytes: int = 5 * 2**20
    retries: int = 3
    backoff_s: float = 0.5


DEFAULT_POLICY = FetchPolicy()


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


def fetch(url: str, policy: FetchPolicy = DEFAULT_POLICY) -> Fetched:
    """Fetch a URL. Retries 5xx answers, timeouts and connection errors with exponential
    backoff; a 4xx answer, an unsupported scheme or an oversized body fails at once."""
    scheme = urlparse(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"refused URL scheme '{scheme or '(none)'}': only http, https and file")
    if scheme == "file":
        return _read_file_url(url, policy)
    last: str = ""
    for attempt in range(policy.retries + 1):
        if attempt:
            time.sleep(policy.backoff_s * 2 ** (attempt - 1))
        try:
            return _get(url, policy)
        except _Transient as exc:
            last = str(exc)
    raise FetchError(f"gave up after {policy.retries + 1} attempts: {last}")


class _Transient(Exception):
    """Worth another try."""


def _get(url: str, policy: FetchPolicy) -> Fetched:
    try:
        with httpx.stream(
            "GET",
            url,
            timeout=policy.timeout_s,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        ) as response:
            if response.status_code >= 500:
                raise _Transient(f"HTTP {response.status_code} from {url}")
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} from {url}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > policy.max_bytes:
                raise FetchError(f"{url} is {declared} bytes, over the {policy.max_bytes} limit")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > policy.max_bytes:
                    raise FetchError(f"{url} is over the {policy.max_bytes}-byte limit")
            return Fetched(str(response.url), bytes(body), response.headers.get("content-type", ""))
    except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise _Transient(f"{type(exc).__name__} fetching {url}: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__} fetching {url}: {exc}") from exc


def _read_file_url(url: str, policy: FetchPolicy) -> Fetched:
    path = Path(unquote(urlparse(url).path))
    try:
        size = path.stat().st_size
        if size > policy.max_bytes:
            raise FetchError(f"{path} is {size} bytes, over the {policy.max_bytes} limit")
        return Fetched(url, path.read_bytes(), "")
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
