"""Input readers: every format becomes Document records; bad input becomes Rejected records."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.readers import (
    Document,
    InputError,
    Rejected,
    Skipped,
    expand_inputs,
    parse_published,
)
from storage.sources import count_documents, read_documents


def _write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) if isinstance(r, dict) else r for r in records))


def test_jsonl_records_keep_their_fields(tmp_path):
    path = tmp_path / "news.jsonl"
    _write_jsonl(
        path,
        [
            {"id": "a1", "text": "Leaders met.", "title": "T", "url": "https://x.test/a",
             "source": "wire", "published": "2024-03-01T10:00:00+02:00"},
            {"text": "No id here.", "date": "2024-03-02"},
        ],
    )  # fmt: skip
    first, second = list(read_documents([path]))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.doc_id, first.title, first.url, first.source) == (
        "a1",
        "T",
        "https://x.test/a",
        "wire",
    )
    assert first.published_at == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert first.origin.endswith("news.jsonl:1")
    assert second.doc_id == "doc-" + second.content_sha256[:16]
    assert second.published_at == datetime(2024, 3, 2, tzinfo=UTC)


def test_same_content_gets_the_same_id_on_every_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The minister resigned on Monday.")
    assert next(read_documents([path])).doc_id == next(read_documents([path])).doc_id


def test_bad_jsonl_lines_are_rejected_and_the_good_ones_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    _write_jsonl(
        path,
        [
            {"id": "ok", "text": "Police arrested two men."},
            "{not json",
            {"id": "no-text", "title": "missing"},
            {"id": "num", "text": 42},
            {"id": "blank", "text": "   "},
            "[1, 2]",
        ],
    )
    items = list(read_documents([path]))
    assert [type(i).__name__ for i in items] == [
        "Document", "Rejected", "Rejected", "Rejected", "Rejected", "Rejected",
    ]  # fmt: skip
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "missing 'text'"
    assert reasons[2] == "'text' must be a string, got int"
    assert reasons[3] == "empty text"
    assert "must be an object" in reasons[4]
    assert items[2].doc_id == "no-text" and items[2].title == "missing"


def test_markdown_front_matter_and_title(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: Summit ends\npublished: 2024-05-01\n---\nThe summit ended.\n")
    doc = next(read_documents([path]))
    assert doc.title == "Summit ends"
    assert doc.text == "The summit ended.\n"
    assert doc.published_at == datetime(2024, 5, 1, tzinfo=UTC)
    heading = tmp_path / "h.md"
    heading.write_text("# Ceasefire agreed\n\nThe two sides agreed a ceasefire.\n")
    doc = next(read_documents([heading]))
    assert (
        doc.title == "Ceasefire agreed" and doc.text.strip() == "The two sides agreed a ceasefire."
    )


def test_directories_are_walked_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "two.txt").write_text("Two.")
    (tmp_path / "one.md").write_text("One.")
    (tmp_path / "skip.csv").write_text("a,b")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    files = expand_inputs([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["b/c/two.txt", "one.md"]


def test_missing_path_and_empty_input_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        expand_inputs([tmp_path / "nope.jsonl"])
    with pytest.raises(InputError, match="no input files found"):
        expand_inputs([tmp_path])


def test_other_encodings_are_decoded(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("The minister of Curaçao resigned in Zürich.".encode("latin-1"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Police arrested two men in Kraków.".encode("utf-16"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffTroops withdrew from the town.".encode())
    texts = [d.text for d in read_documents([latin, utf16, bom])]
    assert texts == [
        "The minister of Curaçao resigned in Zürich.",
        "Police arrested two men in Kraków.",
        "Troops withdrew from the town.",
    ]


def test_unreadable_files_become_rejected_records(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(bytes(range(128, 256)) * 4)  # no NUL, but no text either
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    other = tmp_path / "data.csv"
    other.write_text("a,b")
    items = list(read_documents([latin, binary, empty, other]))
    assert all(isinstance(i, Rejected) for i in items)
    assert [i.reason.split(" (")[0].split(":")[0] for i in items] == [
        "not valid UTF-8", "binary file", "empty JSONL file", "unsupported file type '.csv'",
    ]  # fmt: skip
    assert len({i.doc_id for i in items}) == 4


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01T12:00:00Z", datetime(2024, 3, 1, 12, tzinfo=UTC)),
        ("2024-03-01T12:00:00-05:00", datetime(2024, 3, 1, 17, tzinfo=UTC)),
        ("yesterday-ish", None),
        ("9999-01-01", None),
        (12345, None),
        (None, None),
    ],
)
def test_published_values(value, expected):
    assert parse_published(value) == expected


def test_count_documents_counts_records_without_reading_them(tmp_path):
    from storage.sources import count_documents

    records = '{"id": "1", "text": "x"}\n\n{"id": "2", "text": "y"}\nnot json\n'
    (tmp_path / "a.jsonl").write_text(records)
    (tmp_path / "b.txt").write_text("One article.")
    (tmp_path / "empty.jsonl").write_text("")
    assert count_documents([tmp_path]) == 3 + 1 + 1  # the empty file is one rejected record
    assert count_documents([tmp_path, "https://news.example/feed.rss"]) is None


def test_raw_line_separators_inside_json_strings_do_not_split_records(tmp_path):
    texts = [
        "Kenya and Uganda signed a trade accord.\u2028The deal covers fish.",
        "Protesters marched in Lagos.\u0085Police watched.",
        "Talks resumed\u2029in Geneva\x1c on Monday\x0c.",
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                for i, t in enumerate(texts)),
        encoding="utf-8",
    )  # fmt: skip
    docs = list(read_documents([path]))
    assert [type(d).__name__ for d in docs] == ["Document"] * 3
    assert [d.text for d in docs] == texts


def test_ids_must_be_strings_or_integers(tmp_path):
    path = tmp_path / "ids.jsonl"
    _write_jsonl(path, [{"id": 123, "text": "Leaders met in Accra."},
                        {"id": {"a": 1}, "text": "Leaders met in Lome."},
                        {"id": True, "text": "Leaders met in Abuja."}])  # fmt: skip
    number, mapping, flag = read_documents([path])
    assert isinstance(number, Document) and number.doc_id == "123"
    for bad, kind in ((mapping, "dict"), (flag, "bool")):
        assert isinstance(bad, Rejected)
        assert bad.reason == f"'id' must be a string or an integer, got {kind}"
        assert bad.doc_id.startswith("doc-")


def test_a_folder_is_read_without_following_links_out_of_it_and_says_what_it_skipped(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for the pipeline.")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "story.txt").write_text("The mayor resigned on Monday.")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "again.txt").symlink_to(folder / "sub" / "story.txt")  # inside: read once
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(folder / "pipe.txt")
    found = expand_inputs([folder])
    read = [f.relative_to(folder).as_posix() for f in found if isinstance(f, Path)]
    skipped = {f.path.name: f.reason for f in found if isinstance(f, Skipped)}
    assert read == ["again.txt"]  # the link and its target are one file
    assert skipped == {
        "leak.txt": "a symlink to a file outside the input folder",
        "elsewhere": "a symlinked folder is not followed",
        "loop": "a symlinked folder is not followed",
        "gone.txt": "a dangling symlink",
        "pipe.txt": "not a regular file (a FIFO, socket or device)",
    }
    records = list(read_documents([folder]))
    documents = [r for r in records if not isinstance(r, Rejected)]
    rejected = {Path(r.origin).name: r.reason for r in records if isinstance(r, Rejected)}
    assert [d.text for d in documents] == ["The mayor resigned on Monday."]
    assert rejected["leak.txt"] == "skipped: a symlink to a file outside the input folder"
    assert len(rejected) == 5 and all(r.startswith("skipped: ") for r in rejected.values())
    assert count_documents([folder]) == 6
    # a path the user typed is read whatever it is
    [typed] = read_documents([folder / "leak.txt"])
    assert typed.text == "Not for the pipeline."
