"""Re-runs into the same output: idempotent, incremental, changed documents, and the faults a
run can meet (kill -9, a full disk, a killed worker, a task that raises, two writers): each time
the dataset stays readable and the next run completes it with no duplicates.

Each test runs the real `parley run` (real model, real Prefect) in a subprocess. Faults that
cannot be caused for real are injected at the edge by tests/faults/sitecustomize.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from storage.dataset import MANIFEST_NAME, TEMPORARY_FILE
from tests.conftest import REPO
from tests.flows.test_end_to_end import PARLEY, run_parley
from tests.webserver import Site, rss

N_DOCS = 40
FAULTS = REPO / "tests" / "faults"


def _corpus_records() -> list[dict]:
    """N_DOCS short articles written from the bundled examples, each with its own text and date."""
    texts = []
    for path in sorted((REPO / "examples").glob("*.md")):
        texts.append(path.read_text().split("---\n", 2)[-1])
    for line in (REPO / "examples" / "wire.jsonl").read_text().splitlines():
        texts.append(json.loads(line)["text"])
    records = []
    for i in range(N_DOCS):
        text = f"{texts[i % len(texts)]}\nOfficials met again in round {i} of the talks."
        month = 1 + i % 6
        records.append({"id": f"doc{i:03d}", "text": text, "published": f"2024-{month:02d}-15"})
    return records


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _events(out: Path) -> pd.DataFrame:
    frame = pd.read_parquet(out / "events")
    return frame.drop(columns=["year", "month"]).sort_values("event_id").reset_index(drop=True)


def _documents(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents").sort_values("doc_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    return _write_jsonl(folder / "all.jsonl", _corpus_records())


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory, shared_env) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("reference") / "out"
    proc = run_parley(["run", str(corpus), "--out", str(out)], shared_env)
    assert proc.returncode == 0, proc.stderr
    events = _events(out)
    assert events.event_id.is_unique and len(events) > N_DOCS
    return events


def test_same_input_twice_changes_nothing(corpus, reference, tmp_path, shared_env):
    out = tmp_path / "out"
    assert run_parley(["run", str(corpus), "--out", str(out)], shared_env).returncode == 0
    files_before = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    again = run_parley(["run", str(corpus), "--out", str(out)], shared_env)
    assert again.returncode == 0, again.stderr
    assert f"{N_DOCS} skipped" in again.stdout
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet")) == files_before
    pd.testing.assert_frame_equal(_events(out), reference)
    assert len(_documents(out)) == N_DOCS


def test_a_later_run_adds_only_new_documents(reference, tmp_path, shared_env):
    records = _corpus_records()
    inputs = tmp_path / "inbox"
    inputs.mkdir()
    _write_jsonl(inputs / "first.jsonl", records[:30])
    out = tmp_path / "out"
    assert run_parley(["run", str(inputs), "--out", str(out)], shared_env).returncode == 0
    _write_jsonl(inputs / "second.jsonl", records[30:])
    second = run_parley(["run", str(inputs), "--out", str(out)], shared_env)
    assert second.returncode == 0, second.stderr
    assert "parley: 10 documents" in second.stdout and "30 skipped" in second.stdout
    pd.testing.assert_frame_equal(_events(out), reference)


def test_a_changed_document_replaces_its_rows(corpus, tmp_path, shared_env):
    out = tmp_path / "out"
    assert run_parley(["run", str(corpus), "--out", str(out)], shared_env).returncode == 0
    records = _corpus_records()
    records[5]["text"] = "Police arrested two opposition activists in Nairobi on Monday."
    changed = _write_jsonl(tmp_path / "changed.jsonl", records)
    rerun = run_parley(["run", str(changed), "--out", str(out)], shared_env)
    assert rerun.returncode == 0, rerun.stderr
    assert "parley: 1 documents" in rerun.stdout
    fresh = tmp_path / "fresh"
    assert run_parley(["run", str(changed), "--out", str(fresh)], shared_env).returncode == 0
    assert _events(out).event_id.tolist() == _events(fresh).event_id.tolist()
    documents = _documents(out)
    assert documents.doc_id.is_unique and len(documents) == N_DOCS
    doc5 = _events(out).query("doc_id == 'doc005'")
    assert doc5.cameo_code.tolist() == ["173"]


def test_kill_9_mid_run_leaves_a_readable_dataset_and_the_next_run_completes(
    corpus, reference, tmp_path, prefect_env
):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*PARLEY, "run", str(corpus), "--out", str(out), "--batch-size", "1"],
        cwd=REPO, env=prefect_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        done = list((out / "documents").glob("*.parquet")) if (out / "documents").exists() else []
        if len(done) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    committed = len(list((out / "documents").glob("*.parquet")))
    assert 3 <= committed < N_DOCS, "the kill should land mid-run"
    # Every reader opens what the killed run left.
    partial = pd.read_parquet(out / "events")
    assert ds.dataset(out / "events", partitioning="hive").count_rows() == len(partial)
    assert duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{out}/events/**/*.parquet', hive_partitioning=true)"
    ).fetchall() == [(len(partial),)]
    rerun = run_parley(["run", str(corpus), "--out", str(out)], prefect_env)
    assert rerun.returncode == 0, rerun.stderr
    pd.testing.assert_frame_equal(_events(out), reference)
    assert _documents(out).doc_id.tolist() == [f"doc{i:03d}" for i in range(N_DOCS)]


def test_two_runs_into_the_same_directory_both_finish_and_lose_nothing(
    corpus, reference, tmp_path, shared_env
):
    out = tmp_path / "out"
    half = _write_jsonl(tmp_path / "half.jsonl", _corpus_records()[: N_DOCS // 2])
    procs = [
        subprocess.Popen(
            [*PARLEY, "run", str(path), "--out", str(out), "--batch-size", "4"],
            cwd=REPO,
            env=shared_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for path in (corpus, half)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    # a failed run's whole error output, not pytest's shortened repr of both runs' output
    failed = [
        (p.returncode, err[-6000:])
        for p, (_, err) in zip(procs, results, strict=True)
        if p.returncode
    ]
    assert not failed, "\n\n".join(f"exit {code}:\n{err}" for code, err in failed)
    pd.testing.assert_frame_equal(_events(out), reference)
    assert len(_documents(out)) == N_DOCS


def test_two_worker_processes_write_exactly_the_rows_of_one_process(
    corpus, reference, tmp_path, shared_env
):
    out = tmp_path / "out"
    proc = run_parley(
        ["run", str(corpus), "--out", str(out), "--workers", "2", "--batch-size", "8"],
        shared_env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "| ERROR" not in proc.stderr
    pd.testing.assert_frame_equal(_events(out), reference)
    assert len(_documents(out)) == N_DOCS


def _wait_for_committed_batches(out: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "documents").exists() and len(list((out / "documents").glob("*.parquet"))) >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"the run did not commit {n} batches (exit {proc.poll()})")


def _stray_files(out: Path) -> list[Path]:
    own = {".parquet", ".lock"}
    return [
        p for p in out.rglob("*") if p.is_file() and p.suffix not in own and p.name != MANIFEST_NAME
    ]


def _assert_readable_and_complete_after_rerun(
    corpus, reference, out, env, killed: bool = False
) -> None:
    """No stray files (a killed run may leave temporary files, which readers skip); every
    reader opens the dataset; the next plain run completes it and cleans up."""
    stray = _stray_files(out)
    if killed:
        stray = [p for p in stray if not TEMPORARY_FILE.fullmatch(p.name)]
    assert stray == []
    partial = pd.read_parquet(out / "events")
    assert duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{out}/events/**/*.parquet', hive_partitioning=true)"
    ).fetchall() == [(len(partial),)]
    rerun = run_parley(["run", str(corpus), "--out", str(out)], env)
    assert rerun.returncode == 0, rerun.stderr
    pd.testing.assert_frame_equal(_events(out), reference)
    assert _documents(out).doc_id.tolist() == [f"doc{i:03d}" for i in range(N_DOCS)]
    assert _stray_files(out) == []


def test_a_full_disk_mid_run_is_reported_and_the_next_run_completes(
    corpus, reference, tmp_path, prefect_env
):
    out, flag = tmp_path / "out", tmp_path / "disk-full"
    env = dict(prefect_env, PYTHONPATH=str(FAULTS), PARLEY_TEST_DISK_FULL_FLAG=str(flag))
    proc = subprocess.Popen(
        [*PARLEY, "run", str(corpus), "--out", str(out), "--batch-size", "1"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    _wait_for_committed_batches(out, 3, proc)
    flag.touch()  # the disk is full from now on
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 3, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("parley: error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0], stderr
    assert "the run stopped" in errors[0] and "not coded" in stdout
    assert "Traceback" not in stderr
    committed = len(list((out / "documents").glob("*.parquet")))
    assert 3 <= committed < N_DOCS
    flag.unlink()  # space is freed
    _assert_readable_and_complete_after_rerun(corpus, reference, out, prefect_env)


def test_a_task_that_raises_costs_only_its_batch(corpus, reference, tmp_path, prefect_env):
    out = tmp_path / "out"
    env = dict(prefect_env, PYTHONPATH=str(FAULTS), PARLEY_TEST_BUG_DOC="doc017")
    proc = run_parley(["run", str(corpus), "--out", str(out), "--batch-size", "4"], env)
    assert proc.returncode == 3, proc.stderr
    assert "parley: error: 4 documents in 1 batches were not coded" in proc.stderr
    assert "the run stopped" not in proc.stderr  # a bug in one batch does not stop the others
    assert "RuntimeError: injected bug on doc017" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "parley: 36 documents (36 coded, 0 quarantined)" in proc.stdout
    written = set(_documents(out).doc_id)
    assert written == {f"doc{i:03d}" for i in range(N_DOCS)} - {
        f"doc{i:03d}" for i in range(16, 20)
    }
    _assert_readable_and_complete_after_rerun(corpus, reference, out, prefect_env)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_a_worker_killed_mid_batch_loses_nothing(corpus, reference, tmp_path, prefect_env):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*PARLEY, "run", str(corpus), "--out", str(out), "--workers", "2", "--batch-size", "2"],
        cwd=REPO, env=prefect_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    _wait_for_committed_batches(out, 2, proc)
    workers = [
        pid
        for pid in _descendants(proc.pid)
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(workers) == 2, workers  # the two worker processes
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=600)
    # The pool starts again and the batches lost with the worker are coded again.
    assert proc.returncode == 0, stderr
    assert "a worker process died while coding a batch" in stderr
    assert f"parley: {N_DOCS} documents ({N_DOCS} coded, 0 quarantined)" in stdout
    pd.testing.assert_frame_equal(_events(out), reference)
    assert _documents(out).doc_id.tolist() == [f"doc{i:03d}" for i in range(N_DOCS)]


def test_ctrl_c_mid_run_stops_within_seconds_and_the_next_run_completes(
    corpus, reference, tmp_path, prefect_env
):
    """A terminal's Ctrl-C (SIGINT to the whole process group) while workers code and a feed
    page drips one byte at a time: the run stops at once, its temporary server and workers with
    it, the lock is free, and the dataset is as after a kill."""
    out = tmp_path / "out"
    log = tmp_path / "stderr.txt"
    with Site() as site, open(log, "w") as stderr:
        site.add("/drip", "x" * 1000)
        site.drip["/drip"] = 1.0
        site.add("/feed.xml", rss([("drip", "slow page", "Tue, 12 Mar 2024 09:00:00 GMT")],
                                  site.base), "application/rss+xml")  # fmt: skip
        proc = subprocess.Popen(
            [*PARLEY, "run", str(corpus), f"{site.base}/feed.xml", "--out", str(out),
             "--workers", "2", "--batch-size", "1", "--allow-private-network"],
            cwd=REPO, env=prefect_env, stdout=subprocess.DEVNULL, stderr=stderr,
            start_new_session=True,
        )  # fmt: skip
        _wait_for_committed_batches(out, 3, proc)
        family = _descendants(proc.pid)
        assert len(family) >= 3, family  # the temporary server and two workers
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError(f"still running 30 s after Ctrl-C:\n{log.read_text()}") from None
    assert proc.returncode == 130, log.read_text()
    assert "parley: interrupted" in log.read_text()
    gone = time.monotonic() + 10
    while time.monotonic() < gone and any(Path(f"/proc/{pid}").exists() for pid in family):
        time.sleep(0.1)
    assert [pid for pid in family if Path(f"/proc/{pid}").exists()] == []
    with open(out / ".parley.lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
    _assert_readable_and_complete_after_rerun(corpus, reference, out, prefect_env, killed=True)


def test_a_run_whose_output_reader_went_away_codes_to_the_end(
    corpus, reference, tmp_path, prefect_env
):
    """`parley run ... | head -1`: the reader of stdout and stderr closes its end after the
    first line, while workers code and log. The run still codes every document and ends
    (rich's consoles would end a worker at its next log line, and the pool in the flow process
    would then wait for good)."""
    out = tmp_path / "out"
    read, write = os.pipe()
    proc = subprocess.Popen(
        [*PARLEY, "run", str(corpus), "--out", str(out), "--workers", "2", "--batch-size", "2"],
        cwd=REPO, env=prefect_env, stdout=write, stderr=write, start_new_session=True,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read, "rb") as reader:
        assert reader.readline().startswith(b"parley: coding")
    # the reader is gone: every later write of the run meets a broken pipe
    try:
        proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("still running 300 s after its reader went away") from None
    assert proc.returncode == 0
    pd.testing.assert_frame_equal(_events(out), reference)
    assert _documents(out).doc_id.tolist() == [f"doc{i:03d}" for i in range(N_DOCS)]
