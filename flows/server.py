"""A temporary Prefect server for one run, started before Prefect itself is imported.

With no PREFECT_API_URL, Prefect starts a temporary server the first time a client needs one,
and only after importing its whole server package (3 s here) in the calling process. parley
starts the same server (the same uvicorn command and app factory) as the first thing a run
does, so the server boots on one core while this process imports Prefect and loads the model
on the other. Nothing here imports Prefect until `wait_ready`, which runs after the caller has
imported it anyway.

The server's database lives in a temporary folder and goes away with the server: a scheduled
parley that starts a server per run leaves no database growing under PREFECT_HOME (a million
tiny documents left 340 MB there). A new database needs Prefect's migrations, which took 10 s
on the project's machine; so the first run keeps a migrated, empty copy (`TEMPLATE_NAME`
under PREFECT_HOME, per Prefect version) and every later run starts from a copy of it.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.metadata
import importlib.util
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# The environment Prefect gives its own temporary server: no UI, ephemeral mode.
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
PORT_IN_USE = 3  # uvicorn's exit code when it cannot bind
DATABASE_NAME = "prefect.db"
TEMPLATE_NAME = "parley-server-{version}.db"


# uvicorn, ended by the kernel when the process that started it dies (even by SIGKILL): in
# its own session it no longer gets the terminal's signals with its parent.
_LAUNCHER = """
import ctypes, os, runpy, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
except (AttributeError, OSError):
    pass
if os.getppid() != int(os.environ["PARLEY_SERVER_PARENT"]):
    sys.exit(0)  # the parent died before the line above took effect
sys.argv[0] = "uvicorn"
runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
"""


class ServerError(RuntimeError):
    """The temporary server did not come up."""


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TemporaryServer:
    """One `prefect.server.api.server:create_app` under uvicorn on a free local port."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.adopted = False
        self.folder: Path | None = None  # the database's temporary folder
        self.template: Path | None = None  # a migrated, empty database to start from

    @classmethod
    def unless_configured(cls) -> TemporaryServer | None:
        """Start one unless PREFECT_API_URL is in the environment (a profile is checked later)."""
        if os.environ.get("PREFECT_API_URL"):
            return None
        server = cls()
        server._launch()
        atexit.register(server.stop)
        return server

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise ServerError("prefect is not installed")
        self.port = _free_port()
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="parley-prefect-"))
            self.template = _template_path()
            if self.template.is_file():
                shutil.copyfile(self.template, self.folder / DATABASE_NAME)
        database = f"sqlite+aiosqlite:///{self.folder / DATABASE_NAME}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _LAUNCHER,
                "--app-dir",
                str(Path(spec.origin).parent.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={
                **os.environ,
                **SERVER_ENV,
                "PREFECT_SERVER_DATABASE_CONNECTION_URL": database,
                "PARLEY_SERVER_PARENT": str(os.getpid()),
            },
            # Its own session: a Ctrl-C in the terminal interrupts the run, not its server,
            # which must stay up while the run records how it ended (then `stop` ends it).
            start_new_session=True,
        )

    def wait_ready(self) -> bool:
        """Point this process (and its children) at the server once it answers.

        Returns False, and stops the server, when Prefect's settings name an API of their own
        (a profile's PREFECT_API_URL) or forbid temporary servers: then Prefect decides.
        """
        from prefect.context import refresh_global_settings_context
        from prefect.settings import PREFECT_API_URL, get_current_settings

        settings = get_current_settings()
        if PREFECT_API_URL.value() or not settings.server.ephemeral.enabled:
            self.stop()
            return False
        deadline = time.monotonic() + settings.server.ephemeral.startup_timeout_seconds
        relaunches = 0
        while not self._healthy():
            code = self.process.poll() if self.process else None
            if code == PORT_IN_USE and relaunches < 3:  # the port was taken after we chose it
                relaunches += 1
                self._launch()
            elif code is not None:
                raise ServerError(f"the temporary Prefect server exited with code {code}")
            elif time.monotonic() > deadline:
                self.stop()
                raise ServerError(
                    "the temporary Prefect server did not answer within "
                    f"{settings.server.ephemeral.startup_timeout_seconds:.0f} s"
                )
            time.sleep(0.05)
        self._keep_template()
        os.environ["PREFECT_API_URL"] = self.api_url
        os.environ.setdefault("PREFECT_UI_URL", "")  # no UI here: no "View at" links to it
        refresh_global_settings_context()
        self.adopted = True
        return True

    def _keep_template(self) -> None:
        """Keep the database, migrated and still empty, for the next runs (once)."""
        if self.template is None or self.template.is_file() or self.folder is None:
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            self.template.parent.mkdir(parents=True, exist_ok=True)
            partial = self.template.with_name(f".{self.template.name}.{os.getpid()}.tmp")
            source = sqlite3.connect(self.folder / DATABASE_NAME)
            target = sqlite3.connect(partial)
            try:
                source.backup(target)  # consistent while the server runs
            finally:
                target.close()
                source.close()
            os.replace(partial, self.template)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """Stop the server; registered with atexit, so it runs after Prefect's own exit
        handlers (registered later) have sent the last logs and events."""
        process, self.process = self.process, None
        if process is not None:
            end_process(process, 5)
        folder, self.folder = self.folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def end_process(process: subprocess.Popen, grace: float) -> None:
    """SIGTERM, then SIGKILL if it is still there after `grace` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _template_path() -> Path:
    home = os.environ.get("PREFECT_HOME") or str(Path.home() / ".prefect")
    version = importlib.metadata.version("prefect")
    return Path(home).expanduser() / TEMPLATE_NAME.format(version=version)
