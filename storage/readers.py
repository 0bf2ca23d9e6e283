"""Input files -> Document records (JSONL, plain text, Markdown, directories of them)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

from storage.schema import Document

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
# Web inputs, read by storage/web.py: HTML articles and RSS/Atom feed files.
WEB_SUFFIXES = frozenset({".html", ".htm", ".rss", ".atom", ".xml"})
SUPPORTED_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | WEB_SUFFIXES
URL_PREFIXES = ("http://", "https://", "file://")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_MD_TITLE = re.compile(r"\A\s*#\s+(.+?)\s*\n")


class InputError(Exception):
    """The inputs as a whole cannot be read: a missing path, or nothing to read."""


@dataclass(frozen=True)
class Rejected:
    """An input that cannot be processed, with the reason; it becomes a quarantined row."""

    doc_id: str
    origin: str
    reason: str
    content_sha256: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """An entry of an input folder that is not read, with the reason (it is quarantined so the
    run's summary says so): a symlink leading out of the folder or to a folder, a dangling
    link, a FIFO, socket or device."""

    path: Path
    reason: str


def expand_inputs(paths: Iterable[str | Path]) -> list[Path | str | Skipped]:
    """Input arguments -> files (and feed URLs) to read, in a stable order.

    Directories are walked recursively without following symlinked folders; a URL is kept as
    it is (a feed to fetch). A path the user typed is read whatever it is; what a folder holds
    is read only when it is a regular file inside the folder (a symlink to one is read once).
    """
    files: list[Path | str | Skipped] = []
    for raw in paths:
        if isinstance(raw, str) and raw.lower().startswith(URL_PREFIXES):
            files.append(raw)
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"input path does not exist: {path}")
        files.extend(_walk(path) if path.is_dir() else [path])
    if not any(isinstance(f, (str, Path)) for f in files):
        listed = ", ".join(str(p) for p in paths)
        raise InputError(
            f"no input files found in {listed} (looked for {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    return files


def _walk(root: Path) -> list[Path | Skipped]:
    """The readable files of a folder, and what it holds that is not read, with the reason."""
    inside = root.resolve()
    found: list[Path | Skipped] = []
    seen: set[Path] = set()
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if (here / name).is_symlink():
                found.append(Skipped(here / name, "a symlinked folder is not followed"))
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            reason = _not_readable(path, inside)
            if reason is not None:
                found.append(Skipped(path, reason))
            elif path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(path)
    return sorted(found, key=lambda f: str(f.path if isinstance(f, Skipped) else f))


def _not_readable(path: Path, inside: Path) -> str | None:
    """Why a folder's entry is not read, or None for a regular file inside the folder."""
    try:
        mode = path.stat().st_mode  # follows a symlink
    except OSError:
        return "a dangling symlink" if path.is_symlink() else "cannot be read"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device)"
    if path.is_symlink() and not path.resolve().is_relative_to(inside):
        return "a symlink to a file outside the input folder"
    return None


def read_file(path: Path) -> Iterator[Document | Rejected]:
    """Documents of one file; an unreadable file becomes one Rejected record."""
    origin = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield _rejected_file(origin, f"cannot read file: {exc.strerror or exc}", b"")
        return
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield _rejected_file(origin, "binary file (contains NUL bytes), not text", raw)
        return
    text, problem = decode_text(raw)
    if text is None:
        yield _rejected_file(origin, problem, raw)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(text, origin)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        yield _read_text(text, origin)
    else:
        yield _rejected_file(
            origin,
            f"unsupported file type '{path.suffix}' (use {', '.join(sorted(SUPPORTED_SUFFIXES))})",
            raw,
        )


def decode_text(raw: bytes) -> tuple[str | None, str]:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 when
    the result reads as text. Returns (None, reason) for what is no text at all."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ""
        except UnicodeDecodeError as exc:
            return None, f"broken UTF-16 (byte {exc.start})"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        utf8_error = f"not valid UTF-8 (byte {exc.start}) nor readable as Windows-1252 text"
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None, utf8_error
    # Latin-1/Windows-1252 news text is letters and spaces; random bytes are not.
    readable = sum(ch.isalpha() or ch.isspace() or ch in ".,;:'\"-()!?0123456789" for ch in text)
    if text and readable / len(text) >= 0.9:
        return text, ""
    return None, utf8_error


def skipped_entry(skipped: Skipped) -> Rejected:
    """A folder entry that is not read, as a quarantined row naming why (no content hash:
    nothing was read)."""
    return _rejected_file(str(skipped.path), f"skipped: {skipped.reason}", b"")


def _rejected_file(origin: str, reason: str, raw: bytes) -> Rejected:
    digest = hashlib.sha256(raw).hexdigest()
    return Rejected(
        doc_id="file-" + hashlib.sha256(origin.encode()).hexdigest()[:16],
        origin=origin,
        reason=reason,
        content_sha256=digest,
    )


def _read_text(text: str, origin: str) -> Document | Rejected:
    meta: dict = {}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            return _rejected_file(origin, f"front matter is not valid YAML: {exc}", text.encode())
        if not isinstance(loaded, dict):
            return _rejected_file(origin, "front matter is not a mapping", text.encode())
        meta = loaded
        body = text[match.end() :]
    if "title" not in meta:
        title = _MD_TITLE.match(body)
        if title and origin.lower().endswith((".md", ".markdown")):
            meta["title"] = title.group(1)
            body = body[title.end() :]
    record = {"text": body, **{k: v for k, v in meta.items() if k != "text"}}
    return _to_document(record, origin)


def _read_jsonl(text: str, origin: str) -> Iterator[Document | Rejected]:
    seen_any = False
    # Only "\n" ends a record: str.splitlines() would also split at U+2028, U+0085 and other
    # characters that json.dumps(ensure_ascii=False) leaves raw inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _rejected_line(where, line, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield _rejected_line(where, line, f"a JSONL record must be an object, got {kind}")
            continue
        yield _to_document(record, where)
    if not seen_any:
        yield _rejected_file(origin, "empty JSONL file: no records", text.encode())


def _rejected_line(where: str, line: str, reason: str) -> Rejected:
    return Rejected(
        doc_id="line-" + sha256_text(where)[:16],
        origin=where,
        reason=reason,
        content_sha256=sha256_text(line),
    )


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_published(value: object) -> datetime | None:
    """An ISO date or datetime (or a date/datetime object) -> aware UTC datetime; else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        candidate = value.strip().replace("Z", "+00:00")
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            return None
    else:
        return None
    if not 1800 <= parsed.year <= 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _to_document(record: dict, origin: str) -> Document | Rejected:
    text = record.get("text")
    raw_id = record.get("id")
    bad_id = raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int))
    doc_id = None if bad_id else _optional_str(raw_id)
    published_raw = record.get("published", record.get("date", record.get("published_at")))
    common = {
        "title": _optional_str(record.get("title")),
        "url": _optional_str(record.get("url")),
        "source": _optional_str(record.get("source")),
        "published_at": parse_published(published_raw),
    }
    if not isinstance(text, str):
        reason = (
            "missing 'text'"
            if text is None
            else f"'text' must be a string, got {type(text).__name__}"
        )
        fallback = json.dumps(record, sort_keys=True, default=str)
        return Rejected(
            doc_id=doc_id or "doc-" + sha256_text(fallback)[:16],
            origin=origin,
            reason=reason,
            content_sha256=sha256_text(fallback),
            **common,
        )
    digest = sha256_text(text)
    if bad_id:  # an object or a list as id would be stored as its Python repr
        return Rejected(
            doc_id="doc-" + digest[:16],
            origin=origin,
            reason=f"'id' must be a string or an integer, got {type(raw_id).__name__}",
            content_sha256=digest,
            **common,
        )
    if not text.strip():
        return Rejected(
            doc_id=doc_id or "doc-" + digest[:16],
            origin=origin,
            reason="empty text",
            content_sha256=digest,
            **common,
        )
    return Document(
        doc_id=doc_id or "doc-" + digest[:16],
        text=text,
        content_sha256=digest,
        origin=origin,
        **common,
    )
