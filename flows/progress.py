"""A progress bar for `parley run` on a terminal: documents done / total and events so far."""

from __future__ import annotations

import logging
from types import TracebackType

from rich.console import Console
from rich.default_styles import DEFAULT_STYLES
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.theme import Theme

_BAR_STYLES = {
    name: style for name, style in DEFAULT_STYLES.items() if name.startswith(("bar.", "progress."))
}


class RunProgress:
    """Shows progress on stderr while enabled; does nothing at all when disabled.

    The bar is drawn on Prefect's own console, so log lines print above it, never through it.
    """

    def __init__(self, total: int | None, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._console: Console | None = None

    def __enter__(self) -> RunProgress:
        if not self.enabled:
            return self
        console = _prefect_console() or Console(stderr=True)
        # Prefect's console has a theme of its own without the bar's styles: lend them.
        console.push_theme(Theme(_BAR_STYLES))
        self._console = console
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("coding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("documents · {task.fields[events]} events ·"),
            TimeElapsedColumn(),
            TextColumn("elapsed · about"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("coding", total=self.total, events=0)
        return self

    def update(self, documents: int, events: int) -> None:
        """Documents done (coded, quarantined or skipped) and events written so far."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=documents, events=events)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        if self._console is not None:
            self._console.pop_theme()
            self._console = None


def quiet_without_a_reader() -> None:
    """Make every console of this process go quiet, instead of ending the process, when the
    reader of its output goes away (`parley run ... | head`, a log collector that died).

    rich ends the process (SystemExit) at the first write to a broken pipe. Inside a worker
    that exit escapes a batch task that has already written its files, reaches the flow
    process as the task's result and kills the pool's manager thread there, after which the
    run waits for good. A run's product is its dataset, not its log: it codes on unheard.
    rich documents `on_broken_pipe` as the method to replace for another behaviour.
    """
    Console.on_broken_pipe = _go_quiet  # type: ignore[method-assign]


def _go_quiet(console: Console) -> None:
    console.quiet = True  # later writes are dropped before they reach the broken pipe


def _prefect_console() -> Console | None:
    """The console Prefect logs to: the bar drawn on it keeps log lines above itself."""
    for name in ("prefect", ""):  # Prefect 3 puts its console handler on the root logger
        for handler in logging.getLogger(name).handlers:
            console = getattr(handler, "console", None)
            if isinstance(console, Console):
                return console
    return None
