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
