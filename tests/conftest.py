"""Shared fixtures: the real spaCy model, the packaged lexicon and gazetteer, shared/ data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file under ../shared/, or skip the test saying which file is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the project's shared data set")
    return path


@pytest.fixture(scope="session")
def nlp():
    from extractors.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def parsed():
    """A rule example's saved parse (tests/parses.py), read without loading the model."""
    from tests.parses import saved_parses

    saved = saved_parses()

    def get(text: str):
        if text not in saved:
            pytest.fail(f"no saved parse of {text!r}: run `make parses` after changing examples")
        return saved[text]

    return get


@pytest.fixture(scope="session")
def lexicon():
    from normalize.lexicon import default_lexicon

    return default_lexicon()


@pytest.fixture(scope="session")
def gazetteer():
    from normalize.places import default_gazetteer

    return default_gazetteer()


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory) -> dict[str, str]:
    """Environment for `parley` subprocesses: a private PREFECT_HOME shared by the session."""
    home = tmp_path_factory.mktemp("prefect-home")
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PYTHONUNBUFFERED="1",
        PARLEY_WORKERS="1",  # tests that want a Dask cluster ask with --workers
    )
    env.pop("PREFECT_API_URL", None)
    return env


@pytest.fixture(scope="session")
def prefect_server(prefect_env):
    """One real `prefect server` on 127.0.0.1 for the whole session, stopped by PID at the end:
    runs whose test is not about the server use it instead of starting their own."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from flows.server import end_process

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    prefect = Path(sys.executable).with_name("prefect")
    log = Path(prefect_env["PREFECT_HOME"]) / "shared-server.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=prefect_env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"prefect server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        end_process(server, 30)


@pytest.fixture(scope="session")
def shared_env(prefect_env, prefect_server) -> dict[str, str]:
    """`prefect_env` pointed at the session's server: a run starts no temporary server."""
    return dict(prefect_env, PREFECT_API_URL=prefect_server)
