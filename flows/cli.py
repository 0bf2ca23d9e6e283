"""The `parley` command line."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from flows.settings import ParleySettings, configure_prefect

if TYPE_CHECKING:
    from flows.server import TemporaryServer
from storage.readers import InputError, Skipped, expand_inputs
from storage.schema import PIPELINE_VERSION, SCHEMA_VERSION, data_dictionary

EXIT_OK = 0
EXIT_QUARANTINED = 1
EXIT_INPUT_ERROR = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _parser(settings: ParleySettings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Code political events in news text (CAMEO, PLOVER) and write Parquet.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--version",
        action="version",
        version=f"parley {PIPELINE_VERSION} (schema {SCHEMA_VERSION})",
        help="print the pipeline and schema versions",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="code documents into a Parquet events dataset",
        description=(
            "Read JSONL (id, text, title, url, source, published), .txt/.md files, HTML pages, "
            "RSS/Atom feeds (files or URLs) or folders of them, and write OUT/events/ and "
            "OUT/documents/ as Parquet. Documents OUT already holds are skipped."
        ),
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="file or directory to read")
    run.add_argument("--out", required=True, type=Path, help="output directory")
    run.add_argument(
        "--batch-size",
        type=int,
        default=settings.batch_size,
        help=f"documents per task (default {settings.batch_size}, env PARLEY_BATCH_SIZE)",
    )
    run.add_argument(
        "--batch-chars",
        type=int,
        default=settings.batch_chars,
        help=(
            f"close a batch early at this many characters of text (default "
            f"{settings.batch_chars}, env PARLEY_BATCH_CHARS), so long articles make short batches"
        ),
    )
    run.add_argument(
        "--model",
        default=settings.model,
        help=f"spaCy pipeline (default {settings.model}, env PARLEY_MODEL)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=settings.workers,
        help=(
            f"processes coding batches in parallel (default {settings.workers}, env "
            "PARLEY_WORKERS); more than 1 starts a pool of worker processes"
        ),
    )
    run.add_argument(
        "--dask-address",
        default=settings.dask_address,
        metavar="ADDRESS",
        help="run batches on an existing Dask scheduler, e.g. tcp://10.0.0.5:8786",
    )
    run.add_argument(
        "--dictionary",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="a YAML dictionary of your own verbs, nouns, roles, organizations or regions, "
        "added to the packaged lexicon (repeatable; format in README.md)",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="re-code documents that OUT already holds with the same content",
    )
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: only when stderr is a terminal)",
    )
    run.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    run.add_argument(
        "--allow-private-network",
        action="store_true",
        help="let links found in feeds point to loopback, private or link-local addresses "
        "(intranet feeds); by default they are refused",
    )

    serve = sub.add_parser(
        "serve",
        help="serve `parley run` on a schedule from this process (needs a Prefect server)",
        description=(
            "Serve the parley flow with a cron schedule from this process: each scheduled run "
            "codes what is new in INPUT (folders, files, feed URLs) into OUT. Needs a running "
            "Prefect server: `prefect server start`, then export PREFECT_API_URL."
        ),
    )
    serve.add_argument("inputs", nargs="+", metavar="INPUT", help="folder, file or feed URL")
    serve.add_argument("--out", required=True, type=Path, help="output directory")
    serve.add_argument("--cron", default="0 * * * *", help='schedule (default "0 * * * *")')
    serve.add_argument("--name", default="parley-serve", help="deployment name")
    serve.add_argument(
        "--compact-cron",
        default="30 3 * * *",
        metavar="CRON",
        help='when to merge the small files of the runs ("parley compact"; default "30 3 * * *",'
        ' "off" for never)',
    )
    serve.add_argument("--batch-size", type=int, default=settings.batch_size)
    serve.add_argument(
        "--allow-private-network",
        action="store_true",
        help="let links found in feeds point to loopback, private or link-local addresses "
        "(intranet feeds); by default they are refused",
    )
    serve.add_argument(
        "--dictionary", action="append", type=Path, default=[], metavar="FILE",
        help="a YAML dictionary added to the packaged lexicon (repeatable)",
    )  # fmt: skip

    query = sub.add_parser(
        "query",
        help="run DuckDB SQL over a dataset (views: events, documents)",
        description=(
            "Run SQL over DIR with DuckDB. `events` and `documents` are views over the Parquet "
            "files. Prints a table, or writes the result with --to (.csv or .parquet)."
        ),
    )
    query.add_argument("dir", type=Path, metavar="DIR", help="a `parley run --out` directory")
    query.add_argument(
        "sql", metavar="SQL", help='e.g. "SELECT cameo_root, count(*) FROM events GROUP BY 1"'
    )
    query.add_argument("--to", type=Path, metavar="FILE", help="write the result to FILE")
    query.add_argument("--limit", type=int, default=50, help="rows to print (default 50)")
    query.add_argument(
        "--open-access",
        action="store_true",
        help="let the SQL read and write files outside DIR and load extensions (by default "
        "it sees only DIR and the folder of --to)",
    )

    stats = sub.add_parser(
        "stats",
        help="summarise a dataset: documents, events by code, top dyads, places, dates",
    )
    stats.add_argument("dir", type=Path, metavar="DIR", help="a `parley run --out` directory")

    report = sub.add_parser(
        "report",
        help="write a self-contained HTML report: timeline, map, dyads, latest events",
        description=(
            "Write one HTML file (styles, scripts and map inline; opens with no network) with "
            "events over time by QuadClass, a map of event locations, the top actor-to-actor "
            "dyads and the latest events with their source sentences."
        ),
    )
    report.add_argument("dir", type=Path, metavar="DIR", help="a `parley run --out` directory")
    report.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="where to write the report (default DIR/report.html)",
    )
    report.add_argument(
        "--latest", type=int, default=50, help="events in the latest-events table (default 50)"
    )
    report.add_argument("--title", help="the report's heading (default: the dataset's path)")

    compact = sub.add_parser(
        "compact",
        help="merge small part files into one per partition (rows unchanged)",
    )
    compact.add_argument("dir", type=Path, metavar="DIR", help="a `parley run --out` directory")

    sub.add_parser("schema", help="print the columns of the events and documents datasets")
    sub.add_parser("version", help="print the pipeline and schema versions")
    return parser


def main(argv: list[str] | None = None) -> int:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        code = _main(argv)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`parley stats DIR | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    if _INTERRUPTED.is_set():
        # Batches are committed whole (their documents file last), so the dataset is as after
        # a kill: what was committed stays, the rest is coded by the next run. Worker processes
        # that caught the interrupt in a task would wait for more work: end them.
        for child in multiprocessing.active_children():
            child.kill()
        print(
            "\nparley: interrupted; committed batches are kept, the next run codes the rest",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return code


# Set by Ctrl-C: Prefect may wrap the KeyboardInterrupt in another error on its way out.
_INTERRUPTED = threading.Event()


def _interrupt(signum: int, frame: object) -> None:
    _INTERRUPTED.set()
    raise KeyboardInterrupt


def _main(argv: list[str] | None = None) -> int:
    settings = ParleySettings()
    args = _parser(settings).parse_args(argv)
    if args.command == "version":
        print(f"parley {PIPELINE_VERSION} (schema {SCHEMA_VERSION})")
        return EXIT_OK
    if args.command == "schema":
        print(data_dictionary(), end="")
        return EXIT_OK
    if args.command == "query":
        return _query(args)
    if args.command == "compact":
        return _compact(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "report":
        return _report(args)
    if args.command == "stats":
        from normalize.lexicon import default_lexicon
        from storage.query import stats

        if not _require_dataset(args.dir):
            return EXIT_INPUT_ERROR
        roots = {
            c.code: c.name.title() for c in default_lexicon().cameo.values() if len(c.code) == 2
        }
        print(stats(args.dir, roots))
        return EXIT_OK
    return _run(args)


def _api_url_configured() -> bool:
    """Whether Prefect's settings (environment or profile) name a server to use."""
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


def _serve(args: argparse.Namespace) -> int:
    configure_prefect()
    if not _api_url_configured():
        _fail(
            "`parley serve` needs a Prefect server to schedule runs on",
            "run `prefect server start` and export PREFECT_API_URL=http://127.0.0.1:4200/api",
        )
        return EXIT_INPUT_ERROR
    from prefect import serve

    from flows.pipeline import compact_dataset, run_pipeline

    dictionaries = _checked_dictionaries(args.dictionary)
    if dictionaries is None:
        return EXIT_INPUT_ERROR
    inputs = [i if "://" in i else str(Path(i).resolve()) for i in args.inputs]
    out = str(args.out.resolve())
    print(f"parley: serving '{args.name}' on cron '{args.cron}': {', '.join(inputs)} -> {args.out}")
    deployments = [
        run_pipeline.to_deployment(
            name=args.name,
            cron=args.cron,
            parameters={
                "inputs": inputs,
                "out_dir": out,
                "batch_size": args.batch_size,
                "dictionaries": dictionaries,
                "allow_private_network": args.allow_private_network,
            },
        )
    ]
    if args.compact_cron != "off":
        print(f"parley: and compacting {args.out} on cron '{args.compact_cron}'")
        deployments.append(
            compact_dataset.to_deployment(
                name=args.name, cron=args.compact_cron, parameters={"out_dir": out}
            )
        )
    serve(*deployments, pause_on_shutdown=False, print_starting_message=False)
    return EXIT_OK


def _checked_dictionaries(paths: list[Path]) -> list[str] | None:
    """User dictionary files as absolute paths, or None (after one error line) if one is bad."""
    if not paths:
        return []
    from normalize.lexicon import LexiconError, load_lexicon

    try:
        load_lexicon(paths)
    except LexiconError as exc:
        _fail(f"bad dictionary: {exc}", "see 'Your own dictionaries' in README.md")
        return None
    return [str(p.resolve()) for p in paths]


def _require_dataset(path: Path) -> bool:
    from storage.dataset import MANIFEST_NAME, is_dataset

    if not is_dataset(path):
        _fail(
            f"{path} is not a parley dataset (no {MANIFEST_NAME})",
            "pass a `parley run --out` directory",
        )
        return False
    return True


def _query(args: argparse.Namespace) -> int:
    from storage.query import QueryError, run_query

    if not _require_dataset(args.dir):
        return EXIT_INPUT_ERROR
    try:
        text = run_query(
            args.dir, args.sql, to=args.to, limit=args.limit, open_access=args.open_access
        )
    except QueryError as exc:
        _fail(str(exc), "the views are `events` and `documents`; `parley schema` lists columns")
        return EXIT_INPUT_ERROR
    print(text)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from storage.report import write_report

    if not _require_dataset(args.dir):
        return EXIT_INPUT_ERROR
    if args.latest < 0:
        _fail("--latest must be 0 or more")
        return EXIT_INPUT_ERROR
    target = args.html or args.dir / "report.html"
    if target.suffix.lower() not in {".html", ".htm"}:
        _fail(f"--html must name an .html file, not '{target}'", "e.g. --html report.html")
        return EXIT_INPUT_ERROR
    done = write_report(args.dir, target, latest=args.latest, title=args.title)
    print(
        f"parley: wrote {done.path} ({done.bytes / 1024:.0f} KB): {done.events} events, "
        f"{done.places} places on the map, {done.dyads} dyads, {done.latest} latest events"
    )
    print(f"  open it: file://{done.path.resolve()}")
    return EXIT_OK


def _compact(args: argparse.Namespace) -> int:
    from storage.dataset import compact, dataset_lock

    if not _require_dataset(args.dir):
        return EXIT_INPUT_ERROR
    with dataset_lock(args.dir):
        report = compact(args.dir)
    print(
        f"parley: {report.files_before} files -> {report.files_after} files "
        f"({report.event_rows} events, {report.document_rows} documents, rows unchanged)"
    )
    return EXIT_OK


def _fail(message: str, hint: str | None = None) -> None:
    print(f"parley: error: {message}", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.batch_size < 1 or args.workers < 1 or args.batch_chars < 1:
        _fail("--batch-size, --batch-chars and --workers must be at least 1")
        return EXIT_INPUT_ERROR
    try:
        files = expand_inputs(args.inputs)
    except InputError as exc:
        _fail(str(exc), "pass JSONL, .txt or .md files, or a directory that holds them")
        return EXIT_INPUT_ERROR
    from storage.dataset import NotADataset, ensure_dataset

    try:
        ensure_dataset(args.out, create=False)
    except NotADataset as exc:
        _fail(f"--out: {exc}")
        return EXIT_INPUT_ERROR
    dictionaries = _checked_dictionaries(args.dictionary)
    if dictionaries is None:
        return EXIT_INPUT_ERROR

    configure_prefect()
    if args.dask_address and not _api_url_configured():
        # A temporary server dies with this run while the cluster's workers keep calling it.
        _fail(
            "--dask-address needs a Prefect server that the Dask workers can reach",
            "run `prefect server start` and export PREFECT_API_URL=http://HOST:4200/api "
            "here and on every worker",
        )
        return EXIT_INPUT_ERROR
    from flows.server import TemporaryServer

    # Boots while Prefect is imported below; stops at exit, after Prefect's last logs.
    server = TemporaryServer.unless_configured()
    return _run_with(args, files, dictionaries, server)


def _run_with(
    args: argparse.Namespace,
    files: list[Path | str | Skipped],
    dictionaries: list[str],
    server: TemporaryServer | None,
) -> int:
    out_dir = args.out
    # the inputs as typed: the flow walks folders itself (and reports what it skips there)
    paths = [str(f) for f in args.inputs]
    files = [f for f in files if not isinstance(f, Skipped)]
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    workers = args.workers
    total = None
    if progress or (workers > 1 and not args.dask_address):
        from storage.sources import count_documents

        total = count_documents(paths)  # the bar's total; and whether one batch holds it all
    if workers > 1 and not args.dask_address and _one_batch(files, total, args):
        workers = 1  # one batch: a second process would only add its start-up time
    from flows.pipeline import RunIncomplete, run  # imports Prefect: after its settings
    from flows.progress import quiet_without_a_reader

    quiet_without_a_reader()  # Prefect's first log lines come before the flow's own code

    if not args.debug:
        _console_logs_without_tracebacks()

    print(f"parley: coding {len(files)} input(s) into {out_dir}/ ...", flush=True)
    try:
        summary = run(
            paths,
            str(out_dir),
            batch_size=args.batch_size,
            batch_chars=args.batch_chars,
            model=args.model,
            force=args.force,
            workers=workers,
            dask_address=args.dask_address,
            progress=progress,
            dictionaries=dictionaries,
            expected_documents=total,
            server=server,
            allow_private_network=args.allow_private_network,
        )
    except RunIncomplete as exc:
        if _INTERRUPTED.is_set():
            raise KeyboardInterrupt from exc
        _print_summary(exc.summary)
        hint = "re-run the same command to code them"
        if any(f.startswith(("OSError", "PermissionError")) for f in exc.summary.failures):
            hint = "free space or fix permissions on the output directory, then " + hint
        _fail(str(exc), hint)
        return EXIT_FAILED
    except OSError as exc:
        _fail(f"run failed: {exc}", "check that the output directory is writable")
        if args.debug:
            traceback.print_exc()
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - report a crash in one line; --debug shows it all
        if _INTERRUPTED.is_set():
            raise KeyboardInterrupt from exc
        _fail(f"run failed: {type(exc).__name__}: {exc}", "re-run with --debug for the traceback")
        if args.debug:
            traceback.print_exc()
        return EXIT_FAILED
    _print_summary(summary)
    if summary.documents and summary.documents == summary.quarantined:
        _fail("no document could be processed; see the reasons above")
        return EXIT_INPUT_ERROR
    return EXIT_QUARANTINED if summary.quarantined else EXIT_OK


def _one_batch(files: list[Path], total: int | None, args: argparse.Namespace) -> bool:
    """Whether the input surely fits in one batch: few documents and few bytes of files."""
    if total is None or total > args.batch_size:
        return False
    try:
        return sum(Path(f).stat().st_size for f in files) <= args.batch_chars
    except (OSError, TypeError):
        return False


class _NoTraceback(logging.Filter):
    """Keep a failed task's log line on the console but not its traceback (see --debug)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True


def _console_logs_without_tracebacks() -> None:
    # Prefect's API handler sits on the run loggers and sees the record first, so the Prefect
    # UI still has the traceback; only the console line is shortened.
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler":
            handler.addFilter(_NoTraceback())


def _print_summary(summary) -> None:  # noqa: ANN001 - a flows.pipeline.RunSummary
    from normalize.lexicon import default_lexicon
    from storage.query import printable

    cameo = default_lexicon().cameo
    ok = summary.documents - summary.quarantined
    print()
    print(f"parley: {summary.documents} documents ({ok} coded, {summary.quarantined} quarantined)")
    if summary.skipped:
        print(
            f"        {summary.skipped} skipped: already in {summary.out_dir} "
            "(--force re-codes them)"
        )
    if summary.repeated:
        print(f"        {summary.repeated} repeated in the input (same id and text): read once")
    if summary.failed_documents:
        stopped = ", and the run stopped before the rest" if summary.stopped else ""
        print(
            f"        {summary.failed_documents} not coded: their batches failed{stopped} "
            "(the error is below)"
        )
    if summary.kept:
        print(
            f"        {len(summary.kept)} not read this time: their earlier rows are kept "
            "(the reasons are below)"
        )
    print(f"        {summary.events} events")
    print(f"  events:    {summary.out_dir}/events/    (Parquet, partitioned by year=/month=)")
    print(f"  documents: {summary.out_dir}/documents/")
    if summary.cameo_roots:
        print("  top event types (CAMEO root):")
        for root, count in summary.cameo_roots.most_common(5):
            print(f"    {root} {cameo[root].name.title():<34} {count:>5}")
    for error in summary.errors[:10]:
        print(f"  quarantined: {printable(error)}")
    for kept in summary.kept[:10]:
        print(f"  kept from before: {printable(kept)}")
    if len(summary.errors) > 10:
        print(f"  ... and {len(summary.errors) - 10} more (status = 'quarantined' in documents/)")
    print(f"  load it:   pandas.read_parquet('{summary.out_dir}/events')  (more in README.md)")


if __name__ == "__main__":
    sys.exit(main())
