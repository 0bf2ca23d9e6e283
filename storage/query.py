"""DuckDB SQL over a parley dataset: `events` and `documents` as views."""

from __future__ import annotations

from pathlib import Path

import duckdb

from storage.parquet import DOCUMENTS_DIR, EVENTS_DIR


class QueryError(ValueError):
    """The SQL could not run (syntax, unknown column, ...)."""


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with `events` and `documents` views over DIR."""
    con = duckdb.connect()
    events = out_dir / EVENTS_DIR
    documents = out_dir / DOCUMENTS_DIR
    if any(events.glob("year=*/month=*/*.parquet")):
        source = f"read_parquet('{_quote(events)}/**/*.parquet', hive_partitioning = true)"
    else:
        # An empty dataset still has the events columns, so queries over it can be written.
        from storage.schema import EVENT_SCHEMA

        con.register("_empty_events", EVENT_SCHEMA.empty_table())
        source = "_empty_events"
    con.execute(f"CREATE VIEW events AS SELECT * FROM {source}")
    con.execute(
        f"CREATE VIEW documents AS SELECT * FROM read_parquet('{_quote(documents)}/*.parquet')"
    )
    return con


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def run_query(out_dir: Path, sql: str, *, to: Path | None = None, limit: int = 50) -> str:
    """Run SQL; write it to `to` (.csv or .parquet) or return it as a printable table."""
    con = connect(out_dir)
    try:
        relation = con.sql(sql)
        if relation is None:
            return "ok"
        if to is not None:
            suffix = to.suffix.lower()
            if suffix == ".csv":
                relation.write_csv(str(to))
            elif suffix == ".parquet":
                relation.write_parquet(str(to), compression="zstd")
            else:
                raise QueryError(f"--to must end in .csv or .parquet, not '{to.suffix}'")
            rows = con.sql(f"SELECT count(*) FROM read_{suffix[1:]}('{_quote(to)}')").fetchall()[0][
                0
            ]
            return f"wrote {rows} rows to {to}"
        frame = relation.df()
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from exc
    total = len(frame)
    table = frame.head(limit).to_string(index=False, max_colwidth=60)
    footer = f"({total} rows{', first ' + str(limit) + ' shown' if total > limit else ''})"
    return f"{table}\n{footer}"
