"""Fetching documents over HTTP(S) or from file: URLs: a total deadline, a byte cap, retries,
and no way in to the local machine or the private network for links found in a feed.

Two kinds of URL reach `fetch`:
- a URL the user typed (`parley run https://site/feed.xml`, a feed file's path): it may be a
  `file:` URL and its own host may be on the private network, since the user named it;
- a URL found inside a feed (an entry's link) or a redirect: http(s) only, and every address it
  resolves to must be a public one (not loopback, private, link-local, shared, reserved or
  multicast), checked after DNS resolution, on every redirect and again when connecting.
  `FetchPolicy(allow_private_network=True)` (`--allow-private-network`) lifts the address check
  for intranet feeds; `file:` stays refused for links.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import stat
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import httpcore
import httpx

USER_AGENT = "parley (+https://example.org/parley) news event coder"
WEB_SCHEMES = frozenset({"http", "https"})
MAX_REDIRECTS = 5
# file: URLs name this machine: no host, or localhost.
LOCAL_FILE_HOSTS = frozenset({"", "localhost"})


class FetchError(Exception):
    """A document could not be fetched; the message says why (it becomes the quarantine reason)."""


class RefusedAddress(FetchError):
    """The URL points into this machine or the private network (see `allow_private_network`)."""


@dataclass(frozen=True)
class FetchPolicy:
    """How hard to try and where: a total deadline per fetch (connecting, redirects, retries and
    the body together), the largest body, retries on transient errors, and whether links may
    point into the private network."""

    timeout_s: float = 15.0
    max_bytes: int = 5 * 2**20
    retries: int = 3
    backoff_s: float = 0.5
    allow_private_network: bool = False


DEFAULT_POLICY = FetchPolicy()


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


def fetch(url: str, policy: FetchPolicy = DEFAULT_POLICY, *, typed: bool = False) -> Fetched:
    """Fetch a URL within `policy.timeout_s` in all. `typed` marks a URL the user gave: it may be
    a `file:` URL and its own host is not checked (its redirects are). Retries 5xx answers,
    timeouts and connection errors with backoff while time is left; a 4xx answer, a refused
    scheme or address, or an oversized body fails at once."""
    scheme = urlparse(url).scheme.lower()
    if scheme == "file" and typed:
        return _read_file_url(url, policy)
    if scheme not in WEB_SCHEMES:
        allowed = "http, https and file" if typed else "http and https for links in a feed"
        raise FetchError(f"refused URL scheme '{scheme or '(none)'}': only {allowed}")
    deadline = time.monotonic() + policy.timeout_s
    last: str = ""
    for attempt in range(policy.retries + 1):
        if attempt:
            pause = policy.backoff_s * 2 ** (attempt - 1)
            if time.monotonic() + pause >= deadline:
                break
            time.sleep(pause)
        try:
            return _get(url, policy, deadline, typed)
        except _Transient as exc:
            last = str(exc)
    raise FetchError(f"gave up after {attempt + 1} attempts in {policy.timeout_s:g} s: {last}")


class _Transient(Exception):
    """Worth another try."""


def _get(url: str, policy: FetchPolicy, deadline: float, typed: bool) -> Fetched:
    """One attempt: follow redirects by hand so that each hop's address is checked."""
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        scheme = urlparse(current).scheme.lower()
        if scheme not in WEB_SCHEMES:
            raise FetchError(f"refused redirect to scheme '{scheme or '(none)'}' from {url}")
        guarded = not policy.allow_private_network and not (typed and hop == 0)
        try:
            with _client(guarded) as client:
                if guarded:  # here for a proxy too; a direct connection checks again
                    _check_host(httpx.URL(current).host, httpx.URL(current).port)
                request = client.build_request(
                    "GET", current, headers={"User-Agent": USER_AGENT}, timeout=_left(deadline)
                )
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect and "location" in response.headers:
                        current = str(response.url.join(response.headers["location"]))
                        continue
                    return _body(response, current, policy, deadline)
                finally:
                    response.close()
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Transient(f"{type(exc).__name__} fetching {current}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__} fetching {current}: {exc}") from exc
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _body(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float) -> Fetched:
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
        if time.monotonic() > deadline:
            raise FetchError(f"{url} was not read within {policy.timeout_s:g} s")
    return Fetched(str(response.url), bytes(body), response.headers.get("content-type", ""))


def _left(deadline: float) -> httpx.Timeout:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Transient("no time left")
    return httpx.Timeout(remaining)


def _client(guarded: bool) -> httpx.Client:
    transport = _GuardedTransport() if guarded else httpx.HTTPTransport()
    return httpx.Client(transport=transport, follow_redirects=False)


def _check_host(host: str, port: int | None) -> list[str]:
    """The addresses `host` resolves to, all public; else RefusedAddress."""
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if not _is_public(address):
            raise RefusedAddress(
                f"refused {host}: it resolves to {address}, a loopback, private, link-local or "
                "reserved address (--allow-private-network allows it for intranet feeds)"
            )
    return addresses


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to public addresses, and to the very address that was checked (a name that
    resolves to another address a moment later, DNS rebinding, gains nothing)."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ANN001
        last: Exception | None = None
        for address in _check_host(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"cannot connect to {host}")


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_GuardedBackend()
        )


def _read_file_url(url: str, policy: FetchPolicy) -> Fetched:
    """A file the user named: a regular file on this machine, at most `max_bytes` read."""
    parsed = urlparse(url)
    if parsed.netloc.lower() not in LOCAL_FILE_HOSTS:
        raise FetchError(f"refused file URL with host '{parsed.netloc}': only local files")
    path = unquote(parsed.path)
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer; it is then refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FetchError(f"{path} is not a regular file")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            content = fh.read(policy.max_bytes + 1)
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(content) > policy.max_bytes:
        raise FetchError(f"{path} is over the {policy.max_bytes}-byte limit")
    return Fetched(url, content, "")
