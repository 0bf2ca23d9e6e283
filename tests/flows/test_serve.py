"""`parley serve`: the flow and its compaction served from one process on a real `prefect
server`, run on demand."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pandas as pd

from tests.conftest import REPO

BIN = Path(sys.executable).parent
ARTIFACT_KEYS = """
from prefect import get_client
with get_client(sync_client=True) as client:
    print(" ".join(sorted({a.key for a in client.read_artifacts() if a.key})))
"""
RUN_STATE = """
import sys
from prefect import get_client
with get_client(sync_client=True) as client:
    print(client.read_flow_run(sys.argv[1]).state.type.value)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_runs_the_flow_on_a_real_server(tmp_path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"), PREFECT_API_URL=api,
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PARLEY_WORKERS="1")  # fmt: skip
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    serving = None
    try:

        def healthy() -> bool:
            try:
                return httpx.get(f"{api}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait(healthy, 180, "the prefect server")
        out = tmp_path / "served"
        serving = subprocess.Popen(
            [str(BIN / "parley"), "serve", str(REPO / "examples"), "--out", str(out),
             "--cron", "0 3 * * *", "--name", "test-serve"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )  # fmt: skip

        def deployed() -> bool:
            listing = subprocess.run(
                [str(BIN / "prefect"), "deployment", "ls"], env=env, capture_output=True, text=True
            )
            return "parley-run/test-serve" in listing.stdout and (
                "parley-compact/test-serve" in listing.stdout
            )

        _wait(deployed, 120, "the served deployments")
        run = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "parley-run/test-serve"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert "UUID" in run.stdout
        _wait(lambda: (out / "documents").exists() and any((out / "documents").iterdir()), 180,
              "the served run to write its documents")  # fmt: skip
        _wait(lambda: not list(out.rglob(".*.tmp")), 30, "the run to finish writing")
        time.sleep(2)
        documents = pd.read_parquet(out / "documents")
        assert len(documents) == 4 and set(documents.status) == {"ok"}
        assert len(pd.read_parquet(out / "events")) > 0
        artifacts = subprocess.run(
            [sys.executable, "-c", ARTIFACT_KEYS], env=env, capture_output=True, text=True
        )

        def published() -> bool:
            keys = subprocess.run(
                [sys.executable, "-c", ARTIFACT_KEYS], env=env, capture_output=True, text=True
            ).stdout.split()
            return {"parley-run-summary", "parley-top-dyads"} <= set(keys)

        _wait(published, 60, "the run's summary and dyad artifacts")
        assert artifacts.returncode == 0, artifacts.stderr
        compaction = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "parley-compact/test-serve"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        flow_run = next(w for w in compaction.stdout.split("\n") if "UUID" in w).split()[-1]

        def state() -> str:
            return subprocess.run(
                [sys.executable, "-c", RUN_STATE, flow_run], env=env, capture_output=True,
                text=True,
            ).stdout.strip()  # fmt: skip

        _wait(lambda: state() in {"COMPLETED", "FAILED", "CRASHED"}, 120, "the compaction run")
        assert state() == "COMPLETED"
        assert len(pd.read_parquet(out / "documents")) == 4  # rows unchanged
    finally:
        for proc in (serving, server):
            if proc is not None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=60)


def test_serve_without_a_server_says_what_to_do(tmp_path):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"))
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.run(
        [str(BIN / "parley"), "serve", str(REPO / "examples"), "--out", str(tmp_path / "o")],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "needs a Prefect server" in proc.stderr and "prefect server start" in proc.stderr
