"""What `parley query`, `stats` and the run summary print: text from documents and feeds is
escaped (no terminal control sequences), missing values read NULL as in DuckDB."""

from __future__ import annotations

import pytest

from flows.cli import _print_summary
from flows.pipeline import RunSummary
from storage.parquet import write_batch
from storage.query import printable, run_query, stats
from tests.storage.test_dataset import _doc, _event

ATTACK = "evil\x1b]0;owned\x07\x1b[2J\x00\x08all good\u009b"


def test_control_characters_are_escaped_in_query_and_stats(tmp_path):
    event = _event("d1", 0)
    event = type(event)(**{**event.__dict__, "sentence_text": ATTACK, "location": ATTACK})
    write_batch(tmp_path, "part-1", [event], [_doc("d1")])
    table = run_query(tmp_path, "SELECT sentence_text, actor1_code FROM events")
    overview = stats(tmp_path)
    for printed in (table, overview):
        assert not any(ch in printed for ch in "\x1b\x07\x00\x08\u009b")
    assert "evil\\x1b]0;owned\\x07\\x1b[2J\\x00\\x08all good\\x9b" in table
    assert "NULL" in table and "NaN" not in table and "None" not in table


def test_the_run_summary_escapes_ids_and_reasons(capsys):
    summary = RunSummary(out_dir="out", documents=1, quarantined=1)
    summary.errors.append(f"{ATTACK}: empty document")
    _print_summary(summary)
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\\x1b]0;owned" in printed
    assert printable("a\nb") == "a\\x0ab" and printable("a\nb", one_line=False) == "a\nb"


def test_version_is_printed_by_the_flag_and_the_command(capsys):

    from flows.cli import main
    from storage.schema import PIPELINE_VERSION, SCHEMA_VERSION

    expected = f"parley {PIPELINE_VERSION} (schema {SCHEMA_VERSION})"
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == expected
    assert main(["version"]) == 0 and capsys.readouterr().out.strip() == expected


def test_query_sees_only_the_dataset_unless_opened(tmp_path):
    from storage.query import QueryError

    out = tmp_path / "ds"
    write_batch(out, "part-1", [_event("d1", 0)], [_doc("d1")])
    secret = tmp_path / "secret.txt"
    secret.write_text("not for SQL")
    for sql in (
        f"SELECT * FROM read_text('{secret}')",
        f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'",
        "SET enable_external_access = true",
    ):
        with pytest.raises(QueryError):
            run_query(out, sql)
    assert not (tmp_path / "x.csv").exists()
    assert "1 rows" in run_query(out, "SELECT event_id FROM events")
    target = tmp_path / "e.csv"
    assert run_query(out, "SELECT * FROM events", to=target) == f"wrote 1 rows to {target}"
    opened = run_query(out, f"SELECT content FROM read_text('{secret}')", open_access=True)
    assert "not for SQL" in opened
