"""`parley run` end to end: real model, real Prefect engine and server, real Parquet readers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from storage.dataset import MANIFEST_NAME
from tests.conftest import REPO, SHARED

PARLEY = [sys.executable, "-m", "flows.cli"]
SEED = SHARED / "seed" / "wang-yi-lavrov-beijing.txt"


def run_parley(args: list[str], env: dict[str, str], cwd: Path = REPO):
    return subprocess.run(
        [*PARLEY, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def assert_clean_output(proc) -> None:
    """A normal run prints no traceback and no error lines."""
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream
        assert "| ERROR" not in stream and "ERROR |" not in stream, stream
        assert "parley: error" not in stream, stream


@pytest.fixture(scope="module")
def examples_run(tmp_path_factory, shared_env):
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(REPO / "examples", inputs / "examples")
    if SEED.exists():
        shutil.copy(SEED, inputs / SEED.name)
    out = tmp_path_factory.mktemp("out") / "dataset"
    proc = run_parley(
        ["run", str(inputs), "--out", str(out), "--batch-size", "2", "--workers", "2"], shared_env
    )
    return proc, out


def test_examples_run_cleanly_and_summarise(examples_run):
    proc, out = examples_run
    assert proc.returncode == 0, proc.stderr
    assert_clean_output(proc)
    assert "0 quarantined" in proc.stdout
    assert "top event types" in proc.stdout
    assert "━" not in proc.stderr and "documents ·" not in proc.stderr, "no bar off a terminal"
    assert str(out / "events") in proc.stdout
    for folder in (out / "events", out / "documents"):
        leftovers = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".parquet"]
        assert leftovers == []
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [".parley.lock", MANIFEST_NAME]


def test_output_reads_back_in_pandas_and_duckdb(examples_run):
    _, out = examples_run
    events = pd.read_parquet(out / "events")
    documents = pd.read_parquet(out / "documents")
    assert len(documents) >= 4 and set(documents["status"]) == {"ok"}
    assert (documents["n_events"] > 0).all()
    assert documents["n_events"].sum() == len(events)
    assert events["event_id"].is_unique
    assert events["cameo_root"].nunique() >= 3
    assert set(events["quad_class"]) <= {1, 2, 3, 4}
    con = duckdb.connect()
    per_root = con.sql(
        f"SELECT cameo_root, count(*) FROM read_parquet('{out}/events/**/*.parquet', "
        "hive_partitioning=true) GROUP BY 1"
    ).fetchall()
    assert sum(n for _, n in per_root) == len(events)
    for _, row in events.iterrows():
        doc_text_matches = row["sentence_text"]
        assert row["action_text"] in doc_text_matches


def test_example_article_from_geneva(examples_run):
    _, out = examples_run
    events = pd.read_parquet(out / "events")
    geneva = events[(events.location == "Geneva") & (events.cameo_root == "04")]
    assert not geneva.empty
    row = geneva.iloc[0]
    assert {row.actor1_code, row.actor2_code} == {"ARMGOV", "AZEGOV"}
    assert str(row.event_date) == "2024-03-13"  # "on Wednesday", published Thursday 14 March


def test_seed_article_meeting_of_wang_yi_and_lavrov(examples_run):
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: the seed article lives in the project's shared data")
    _, out = examples_run
    events = pd.read_parquet(out / "events")
    seed_text = SEED.read_text(encoding="utf-8")
    seed = events[events.sentence_text.map(lambda s: s in seed_text)]
    meetings = seed[seed.cameo_code.str.startswith("04")]
    pair = meetings[
        meetings.apply(
            lambda r: {r.actor1_name, r.actor2_name} == {"Wang Yi", "Sergey Lavrov"}, axis=1
        )
    ]
    assert len(pair) == 1, meetings[["actor1_name", "actor2_name", "cameo_code"]]
    meeting = pair.iloc[0]
    codes = {meeting.actor1_name: meeting.actor1_code, meeting.actor2_name: meeting.actor2_code}
    assert codes == {"Wang Yi": "CHNGOV", "Sergey Lavrov": "RUSGOV"}
    assert {meeting.actor1_role, meeting.actor2_role} == {"GOV"}
    assert meeting.location == "Beijing" and meeting.country_iso3 == "CHN"
    assert meeting.latitude == pytest.approx(39.9, abs=0.1)
    assert meeting.longitude == pytest.approx(116.4, abs=0.1)
    assert meeting.sentence_text in seed_text and "meeting" in meeting.sentence_text
    assert meeting.mentions >= 2


def test_missing_input_is_one_clear_error(tmp_path, prefect_env):
    proc = run_parley(
        ["run", str(tmp_path / "nowhere.jsonl"), "--out", str(tmp_path / "o")], prefect_env
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("parley: error: input path does not exist")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_empty_directory_is_one_clear_error(tmp_path, prefect_env):
    (tmp_path / "empty").mkdir()
    proc = run_parley(["run", str(tmp_path / "empty"), "--out", str(tmp_path / "o")], prefect_env)
    assert proc.returncode == 2
    assert "no input files found" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_file_among_good_ones_is_quarantined(tmp_path, shared_env):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Police arrested two opposition activists in Nairobi.")
    (inputs / "bad.txt").write_bytes(bytes(range(128, 160)) * 8)  # not UTF-8, not cp1252 text
    out = tmp_path / "out"
    proc = run_parley(["run", str(inputs), "--out", str(out)], shared_env)
    assert proc.returncode == 1, proc.stderr
    assert "1 quarantined" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    documents = pd.read_parquet(out / "documents").set_index("status")
    assert documents.loc["quarantined", "error"].startswith("not valid UTF-8")
    assert documents.loc["quarantined", "origin"].endswith("bad.txt")
    assert documents.loc["ok", "n_events"] >= 1


def test_only_unreadable_input_fails_with_a_message(tmp_path, prefect_env):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x00")
    proc = run_parley(["run", str(bad), "--out", str(tmp_path / "out")], prefect_env)
    assert proc.returncode == 2
    assert "no document could be processed" in proc.stderr
    assert "binary file" in proc.stdout


def test_query_and_compact_on_a_real_run(examples_run, tmp_path, shared_env):
    _, out = examples_run
    before = pd.read_parquet(out / "events").sort_values("event_id").reset_index(drop=True)
    proc = run_parley(["query", str(out), "SELECT count(*) AS n FROM events"], shared_env)
    assert proc.returncode == 0, proc.stderr
    assert str(len(before)) in proc.stdout
    target = tmp_path / "roots.parquet"
    proc = run_parley(
        [
            "query",
            str(out),
            "SELECT cameo_root, count(*) AS n FROM events GROUP BY 1",
            "--to",
            str(target),
        ],
        shared_env,
    )
    assert proc.returncode == 0 and target.exists()
    assert pd.read_parquet(target)["n"].sum() == len(before)
    bad = run_parley(["query", str(out), "SELECT nope FROM events"], shared_env)
    assert (
        bad.returncode == 2
        and bad.stderr.startswith("parley: error:")
        and "Traceback" not in bad.stderr
    )
    compacted = run_parley(["compact", str(out)], shared_env)
    assert compacted.returncode == 0, compacted.stderr
    after = pd.read_parquet(out / "events").sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(before, after)
    assert len(list((out / "documents").glob("*.parquet"))) == 1


def test_stats_summarises_a_real_run(examples_run, shared_env):
    _, out = examples_run
    events = pd.read_parquet(out / "events")
    proc = run_parley(["stats", str(out)], shared_env)
    assert proc.returncode == 0, proc.stderr
    for heading in ("documents:", "events by CAMEO root:", "events by QuadClass:", "top dyads:",
                    "top locations:", "date range:"):  # fmt: skip
        assert heading in proc.stdout
    assert "Consult" in proc.stdout
    top_root = events.cameo_root.value_counts().max()
    assert str(top_root) in proc.stdout


def test_progress_bar_on_a_terminal(tmp_path, prefect_env):
    """On a terminal the run draws a bar with documents done / total and events so far."""
    import os
    import pty

    articles = tmp_path / "articles.jsonl"
    lines = [
        f'{{"id": "a{i}", "text": "Italian Prime Minister Giorgia Meloni met French President '
        f'Emmanuel Macron in Rome on Monday. They signed an agreement on migration.", '
        f'"published": "2024-06-1{i}"}}'
        for i in range(6)
    ]
    articles.write_text("\n".join(lines) + "\n")
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [*PARLEY, "run", str(articles), "--out", str(tmp_path / "out"), "--batch-size", "2"],
        cwd=REPO, env=prefect_env, stdin=secondary, stdout=secondary, stderr=secondary,
    )  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=300) == 0
    os.close(primary)
    raw = b"".join(chunks).decode("utf-8", "replace")
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)  # colours and cursor moves
    assert "0/6 documents · 0 events" in screen, screen[-2000:]
    assert re.search(r"[2-6]/6 documents · [1-9]\d* events", screen), screen[-2000:]
    # the elapsed time is labelled as such, not read as time left
    assert re.search(r"events · \d+:\d\d:\d\d elapsed · about [-\d:]+ left", screen), screen[-2000:]
    assert "6 documents (6 coded, 0 quarantined)" in screen
    assert "Traceback" not in screen


def test_a_user_dictionary_codes_a_verb_the_lexicon_lacks(tmp_path, shared_env):
    article = tmp_path / "lambast.txt"
    article.write_text(
        "---\npublished: 2024-06-10\n---\n"
        "Italy lambasted France over its border checks on Monday, officials in Rome said.\n"
    )
    plain = run_parley(["run", str(article), "--out", str(tmp_path / "plain")], shared_env)
    assert plain.returncode == 0, plain.stderr
    codes = pd.read_parquet(tmp_path / "plain" / "events").cameo_code.tolist()
    assert "111" not in codes  # "lambast" is not in the packaged lexicon

    mine = tmp_path / "mine.yaml"
    mine.write_text('verbs:\n  "111": [lambast]\n')
    args = ["run", str(article), "--out", str(tmp_path / "mine"), "--dictionary", str(mine)]
    proc = run_parley(args, shared_env)
    assert proc.returncode == 0, proc.stderr
    events = pd.read_parquet(tmp_path / "mine" / "events")
    row = events[events.cameo_code == "111"].iloc[0]
    assert (row.actor1_code, row.actor2_code) == ("ITA", "FRA")
    assert row.extractor.startswith("parley-") and "+dict:" in row.extractor

    mine.write_text('verbs:\n  "999": [lambast]\n')
    bad = run_parley(args, shared_env)
    assert bad.returncode == 2
    assert bad.stderr.startswith("parley: error: bad dictionary:") and "mine.yaml:2:" in bad.stderr
    assert "Traceback" not in bad.stderr
