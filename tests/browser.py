"""Headless Chromium for tests: render a local HTML file, return the DOM after its scripts ran."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Flags for a machine with no display and a closed network: no sandbox (CI runs as root),
# no GPU, and none of the background connections that Chromium makes at start-up.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str:
    """The Chromium executable; skip (or fail, where CI asks for it) when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
    if os.environ.get("PARLEY_REQUIRE_CHROMIUM") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _run(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
             *args, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip


def rendered_dom(page: Path) -> str:
    """The page's DOM serialised after its scripts ran."""
    return _run(page, "--dump-dom").stdout


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 1800) -> Path:
    """A PNG of the rendered page at the given window size."""
    _run(page, f"--window-size={width},{height}", f"--screenshot={png.resolve()}")
    return png


class Census(HTMLParser):
    """Elements of a DOM by the id of the <section> they sit in: tags, classes and <title> texts."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "wbr", "source"}

    def __init__(self, dom: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
        self.titles: dict[str, list[str]] = defaultdict(list)
        self.body: dict[str, str] = {}
        self._stack: list[tuple[str, str]] = []  # (tag, section id)
        self._in_title = False
        self.feed(dom)

    def _section(self) -> str:
        return self._stack[-1][1] if self._stack else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        section = values["id"] if tag == "section" and "id" in values else self._section()
        if tag == "body":
            self.body = values
        self.elements[section].append((tag, values))
        self._in_title = tag == "title" and bool(section)
        if tag not in self.VOID:
            self._stack.append((tag, section))

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[self._section()].append(data)

    def count(self, section: str, tag: str, css_class: str | None = None) -> int:
        return sum(
            1
            for t, attrs in self.elements[section]
            if t == tag and (css_class is None or css_class in attrs.get("class", "").split())
        )
