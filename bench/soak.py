"""Soak: run `parley run --force` over the same corpus into the same output again and again.

    python bench/soak.py [--runs 20] [--limit 0] [--corpus PATH] [--workers N]

Each run re-codes every document (--force) into one output directory. Per run it reports
documents in, document rows and event rows in the dataset, quarantined documents, duplicate
event ids, wall time and the peak RSS of the process tree. A healthy pipeline shows the same
rows, zero duplicates and flat memory in every run. Prints a table and writes JSON (default
bench/results/soak.json).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.throughput import DEFAULT_CORPUS, TreeRss, load_texts  # noqa: E402


def dataset_counts(out: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    events = f"read_parquet('{out}/events/**/*.parquet', hive_partitioning=true)"
    documents = f"read_parquet('{out}/documents/*.parquet')"
    rows, distinct = con.sql(f"SELECT count(*), count(DISTINCT event_id) FROM {events}").fetchall()[
        0
    ]
    docs, quarantined = con.sql(
        f"SELECT count(*), count(*) FILTER (WHERE status = 'quarantined') FROM {documents}"
    ).fetchall()[0]
    return {
        "document_rows": docs,
        "quarantined": quarantined,
        "event_rows": rows,
        "duplicate_event_ids": rows - distinct,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--limit", type=int, default=0, help="first N documents only (0: all)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "soak.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"soak: {args.corpus} is absent: nothing to measure", file=sys.stderr)
        return 2
    records = load_texts(args.corpus)
    if args.limit:
        records = records[: args.limit]
    workdir = Path(tempfile.mkdtemp(prefix="parley-soak-"))
    corpus = workdir / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = workdir / "out"
    env = dict(os.environ, PREFECT_HOME=str(workdir / "prefect-home"))
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "flows.cli", "run", str(corpus), "--out", str(out), "--force"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    runs = []
    print(f"{'run':>4} {'docs in':>8} {'doc rows':>9} {'events':>7} {'quarant.':>9} "
          f"{'dup ids':>8} {'wall s':>7} {'peak MB':>8}")  # fmt: skip
    for number in range(1, args.runs + 1):
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        rss = TreeRss(proc.pid)
        _, stderr = proc.communicate()
        peak = rss.stop()
        if proc.returncode not in (0, 1):
            print(
                f"soak: run {number} failed ({proc.returncode}):\n{stderr[-2000:]}", file=sys.stderr
            )
            return 1
        run = {
            "run": number,
            "documents_in": len(records),
            **dataset_counts(out),
            "wall_s": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(peak / 2**20),
        }
        runs.append(run)
        print(f"{number:>4} {run['documents_in']:>8} {run['document_rows']:>9} "
              f"{run['event_rows']:>7} {run['quarantined']:>9} {run['duplicate_event_ids']:>8} "
              f"{run['wall_s']:>7} {run['peak_rss_mb']:>8}")  # fmt: skip
    stable = len({(r["document_rows"], r["event_rows"]) for r in runs}) == 1
    no_duplicates = all(r["duplicate_event_ids"] == 0 for r in runs)
    print(f"\nrows identical in every run: {stable}; duplicate event ids: "
          f"{'none' if no_duplicates else 'FOUND'}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"corpus": str(args.corpus), "runs": runs}, indent=2))
    print(f"wrote {args.out}")
    return 0 if stable and no_duplicates else 1


if __name__ == "__main__":
    sys.exit(main())
