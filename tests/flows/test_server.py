"""The temporary Prefect server a run starts before importing Prefect (flows/server.py).

Each case runs in its own interpreter: the server sets PREFECT_API_URL and Prefect's settings
for the whole process, as it does for `parley run`.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

SCRIPT = """
import json, os, urllib.request
from flows.settings import configure_prefect
configure_prefect()
from flows.server import TemporaryServer
server = TemporaryServer.unless_configured()
process = server.process
import prefect  # the server boots meanwhile
ready = server.wait_ready()
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL

@flow
def hello():
    return 42

out = {"ready": ready, "api_url": server.api_url, "setting": PREFECT_API_URL.value()}
if ready:
    assert hello() == 42
    with get_client(sync_client=True) as client:
        out["client_url"] = str(client.api_url)
        out["flow_runs"] = len(client.read_flow_runs())
    out["health"] = urllib.request.urlopen(server.api_url + "/health").status
folder = server.folder
server.stop()
out["exit_code"] = process.wait(timeout=10)
out["database_left"] = folder is not None and folder.exists()
print(json.dumps(out))
"""


def _run(env: dict[str, str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_run_uses_the_server_it_started(prefect_env, tmp_path):
    out = _run(dict(prefect_env, PREFECT_HOME=str(tmp_path / "home")))  # an empty database
    assert out["ready"] is True
    assert out["setting"] == out["api_url"]
    assert out["client_url"].rstrip("/") == out["api_url"]
    assert out["flow_runs"] == 1  # the flow above reported to this server
    assert out["health"] == 200
    assert out["exit_code"] is not None


def test_the_servers_database_goes_away_with_it(prefect_env, tmp_path):
    home = tmp_path / "home"
    env = dict(prefect_env, PREFECT_HOME=str(home))
    first = _run(env)
    assert first["flow_runs"] == 1 and first["database_left"] is False
    # the next run starts from a migrated, empty copy: it sees its own flow run only
    second = _run(env)
    assert second["flow_runs"] == 1 and second["database_left"] is False
    kept = sorted(p.name for p in home.iterdir() if p.suffix == ".db")
    assert len(kept) == 1 and kept[0].startswith("parley-server-")  # the template, no prefect.db


def test_an_api_url_in_the_environment_starts_nothing(prefect_env):
    env = dict(prefect_env, PREFECT_API_URL="http://127.0.0.1:9/api")
    code = (
        "import sys; from flows.server import TemporaryServer; "
        "print(TemporaryServer.unless_configured(), 'prefect' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert proc.stdout.split() == ["None", "False"]  # no server, and Prefect not imported


def test_a_profile_api_url_wins_and_the_server_is_stopped(prefect_env, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "profiles.toml").write_text(
        'active = "remote"\n\n[profiles.remote]\nPREFECT_API_URL = "http://127.0.0.1:9/api"\n'
    )
    out = _run(dict(prefect_env, PREFECT_HOME=str(home)))
    assert out["ready"] is False
    assert out["setting"] == "http://127.0.0.1:9/api"
    assert out["exit_code"] is not None  # the speculative server was stopped


def test_parley_sends_no_usage_data_and_prints_no_notice_about_it():
    # Prefect's client reports usage (and prints a first-run notice in a terminal) unless
    # DO_NOT_TRACK is set; parley's defaults set it, a user's own value still wins.
    script = (
        "import os; os.environ.pop('DO_NOT_TRACK', None)\n"
        "from flows.settings import configure_prefect; configure_prefect()\n"
        "from prefect._internal.analytics.enabled import is_telemetry_enabled\n"
        "print(is_telemetry_enabled(), os.environ['PREFECT_SERVER_ANALYTICS_ENABLED'])\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == ["False", "false"], done.stderr
