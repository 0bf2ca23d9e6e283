"""`parley run --dask-address` on a real Dask cluster: a scheduler and two workers started as
subprocesses on 127.0.0.1, stopped by PID. The rows must be exactly those of a local run."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import REPO
from tests.flows.test_end_to_end import run_parley
from tests.flows.test_reruns import _corpus_records, _events, _write_jsonl

N_WORKERS = 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster(shared_env, tmp_path):
    """A Dask scheduler and N_WORKERS single-threaded workers, each its own process."""
    from distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    log = (tmp_path / "cluster.log").open("w")
    common = {"cwd": REPO, "env": shared_env, "stdout": log, "stderr": subprocess.STDOUT}
    processes = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **common
        )
    ]
    try:
        for i in range(N_WORKERS):
            processes.append(
                subprocess.Popen(
                    [
                        dask,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{i}",
                        "--host",
                        "127.0.0.1",
                    ],
                    **common,
                )  # fmt: skip
            )
        with Client(address, timeout=60) as client:
            client.wait_for_workers(N_WORKERS, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def test_a_dask_cluster_writes_exactly_the_rows_of_a_local_run(cluster, shared_env, tmp_path):
    corpus = _write_jsonl(tmp_path / "all.jsonl", _corpus_records())
    local = run_parley(["run", str(corpus), "--out", str(tmp_path / "local")], shared_env)
    assert local.returncode == 0, local.stderr
    args = ["run", str(corpus), "--out", str(tmp_path / "dask"), "--batch-size", "5"]
    on_cluster = run_parley([*args, "--dask-address", cluster], shared_env)
    assert on_cluster.returncode == 0, on_cluster.stdout + on_cluster.stderr
    expected = _events(tmp_path / "local")
    pd.testing.assert_frame_equal(_events(tmp_path / "dask"), expected)
    assert len(expected) > 0 and expected.event_id.is_unique


def test_dask_without_a_prefect_server_says_so_in_one_line(prefect_env, tmp_path):
    corpus = _write_jsonl(tmp_path / "one.jsonl", _corpus_records()[:1])
    args = ["run", str(corpus), "--out", str(tmp_path / "o"), "--dask-address", "tcp://127.0.0.1:9"]
    proc = run_parley(args, prefect_env)
    assert proc.returncode == 2
    assert "--dask-address needs a Prefect server" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "o" / "events").exists()
