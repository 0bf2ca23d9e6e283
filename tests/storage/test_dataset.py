"""Dataset invariants: recovery after crashes, one copy per document, compaction, locking."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from storage.dataset import (
    LOCK_NAME,
    MANIFEST_NAME,
    NotADataset,
    compact,
    dataset_lock,
    ensure_dataset,
    is_dataset,
    processed_documents,
    recover,
)
from storage.parquet import read_documents_table, read_events, write_batch
from storage.schema import PIPELINE_VERSION, DocumentRecord, EventRecord
from tests.conftest import REPO

T0 = datetime(2024, 6, 1, 12, tzinfo=UTC)


def _event(doc_id: str, n: int, sha: str = "a") -> EventRecord:
    values = {f.name: None for f in dataclasses.fields(EventRecord)}
    values.update(
        event_id=f"{doc_id}-{sha}-{n}", doc_id=doc_id, sentence_index=0, sentence_text="x",
        char_start=0, char_end=1, mentions=1, action_text="met", action_lemma="meet",
        cameo_code="040", cameo_root="04", cameo_name="Consult", quad_class=1, goldstein=1.0,
        negated=False, confidence=0.5, extractor="t", pipeline_version=PIPELINE_VERSION,
        published_at=T0, event_cluster_id=f"c{n}", sources_count=1,
    )  # fmt: skip
    return EventRecord(**values)


def _doc(doc_id: str, sha: str = "a", at: datetime = T0) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id, url=None, title=None, source=None, published_at=T0,
        content_sha256=sha, status="ok", error=None, n_sentences=1, n_events=2,
        ingested_at=at, pipeline_version=PIPELINE_VERSION, origin="t",
    )  # fmt: skip


def _batch(out, stem, docs, sha="a", at=T0):
    events = [_event(d, n, sha) for d in docs for n in range(2)]
    write_batch(out, stem, events, [_doc(d, sha, at) for d in docs])


def test_orphan_event_files_and_temporary_files_are_removed(tmp_path):
    _batch(tmp_path, "part-1", ["d1"])
    _batch(tmp_path, "part-2", ["d2"])
    (tmp_path / "documents" / "part-2.parquet").unlink()  # crashed before its commit record
    stray = tmp_path / "events" / "year=2024" / "month=6" / ".part-3.parquet.abc.tmp"
    stray.write_bytes(b"half a file")
    report = recover(tmp_path)
    assert (report.orphan_event_files, report.temporary_files) == (1, 1)
    assert sorted(read_events(tmp_path).column("doc_id").to_pylist()) == ["d1", "d1"]
    assert processed_documents(tmp_path) == {"d1": "a"}


def test_a_changed_document_keeps_only_its_newest_rows(tmp_path):
    _batch(tmp_path, "part-1", ["d1", "d2"], sha="a", at=T0)
    _batch(tmp_path, "part-2", ["d1"], sha="b", at=T0 + timedelta(hours=1))
    assert recover(tmp_path).superseded_documents == 1
    events = read_events(tmp_path).to_pandas()
    assert sorted(events.event_id) == ["d1-b-0", "d1-b-1", "d2-a-0", "d2-a-1"]
    documents = read_documents_table(tmp_path).to_pandas().set_index("doc_id")
    assert documents.content_sha256.to_dict() == {"d1": "b", "d2": "a"}


def test_sources_count_counts_documents_sharing_a_cluster(tmp_path):
    _batch(tmp_path, "part-1", ["d1", "d2"])  # each document has clusters c0 and c1
    _batch(tmp_path, "part-2", ["d3"])
    recover(tmp_path)
    counts = read_events(tmp_path).to_pandas().groupby("event_cluster_id").sources_count.unique()
    assert {k: list(v) for k, v in counts.items()} == {"c0": [3], "c1": [3]}
    (tmp_path / "documents" / "part-2.parquet").unlink()
    recover(tmp_path)  # d3 is gone with its batch: the counts follow
    assert set(read_events(tmp_path).column("sources_count").to_pylist()) == {2}


def test_compaction_keeps_rows_and_reduces_files(tmp_path):
    for i in range(5):
        _batch(tmp_path, f"part-{i}", [f"d{i}"])
    recover(tmp_path)  # as at the end of every run: sources counts up to date
    before = read_events(tmp_path).to_pandas().sort_values("event_id").reset_index(drop=True)
    report = compact(tmp_path)
    assert (report.files_before, report.files_after) == (10, 2)
    after = read_events(tmp_path).to_pandas().sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(before, after)
    assert len(read_documents_table(tmp_path)) == 5


def test_interrupted_compaction_resolves_to_one_copy(tmp_path):
    for i in range(3):
        _batch(tmp_path, f"part-{i}", [f"d{i}"])
    compacted = compact(tmp_path)
    assert compacted.event_rows == 6
    # Simulate a crash after the compacted files were committed but before old ones were
    # deleted: put an old batch back beside the compacted copy of the same rows.
    _batch(tmp_path, "part-0", ["d0"])
    assert read_events(tmp_path).num_rows == 8
    recover(tmp_path)
    assert read_events(tmp_path).num_rows == 6
    assert sorted(read_documents_table(tmp_path).column("doc_id").to_pylist()) == ["d0", "d1", "d2"]


HOLDER = """
import sys, time
from pathlib import Path
from storage.dataset import dataset_lock
with dataset_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(1.5)
    released = time.time()
print(released, flush=True)
"""


def test_the_lock_makes_a_second_writer_wait(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "locked"
    with dataset_lock(tmp_path):
        acquired = time.time()
    released = float(holder.stdout.readline())
    holder.wait(timeout=60)
    assert acquired >= released - 0.05


def _foreign_files(out):
    """What a user may keep in a directory passed as --out by mistake."""
    sales = out / "events" / "year=2023" / "month=1" / "sales.parquet"
    sales.parent.mkdir(parents=True)
    pd.DataFrame({"amount": [1, 2]}).to_parquet(sales)
    notes = out / "events" / ".important-notes.tmp"
    notes.write_text("do not delete")
    customers = out / "documents" / "customers.parquet"
    customers.parent.mkdir(parents=True)
    pd.DataFrame({"name": ["a"]}).to_parquet(customers)
    return [sales, notes, customers]


def test_a_directory_parley_did_not_write_is_refused_and_left_alone(tmp_path):
    files = _foreign_files(tmp_path)
    before = {p: p.read_bytes() for p in files}
    with pytest.raises(NotADataset, match="not empty and is not a parley dataset"):
        ensure_dataset(tmp_path)
    assert {p: p.read_bytes() for p in files} == before
    assert not (tmp_path / MANIFEST_NAME).exists() and not is_dataset(tmp_path)
    # The CLI says so in one line and exits 2, before starting anything.
    from flows.cli import main

    assert main(["run", str(REPO / "examples"), "--out", str(tmp_path)]) == 2
    assert {p: p.read_bytes() for p in files} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "events"]


def test_recovery_deletes_only_parleys_own_file_names(tmp_path):
    files = _foreign_files(tmp_path)
    _batch(tmp_path, "part-1", ["d1"])
    _batch(tmp_path, "part-2", ["d2"])
    (tmp_path / "documents" / "part-2.parquet").unlink()  # crashed before its commit record
    report = recover(tmp_path)  # no KeyError on the foreign documents file
    assert (report.orphan_event_files, report.temporary_files) == (1, 0)
    assert all(p.exists() for p in files)
    assert processed_documents(tmp_path) == {"d1": "a"}


def test_new_empty_and_earlier_datasets_get_the_marker(tmp_path):
    new = tmp_path / "new"
    ensure_dataset(new)
    assert json.loads((new / MANIFEST_NAME).read_text())["format"] == "parley-dataset"
    empty = tmp_path / "empty"
    (empty / "events").mkdir(parents=True)
    (empty / LOCK_NAME).touch()  # what a run interrupted before its first batch leaves
    ensure_dataset(empty)
    assert is_dataset(empty)
    earlier = tmp_path / "earlier"  # written by parley before the marker existed
    _batch(earlier, "part-1", ["d1"])
    assert is_dataset(earlier)
    ensure_dataset(earlier)
    assert (earlier / MANIFEST_NAME).is_file()
    (earlier / MANIFEST_NAME).write_text('{"format": "something else"}')
    with pytest.raises(NotADataset, match="does not mark a parley dataset"):
        ensure_dataset(earlier)
