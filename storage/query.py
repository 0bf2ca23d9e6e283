"""DuckDB SQL over a parley dataset: `events` and `documents` as views."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from storage.parquet import DOCUMENTS_DIR, EVENTS_DIR

# Control characters (C0 but newline, DEL, C1): printed raw they would move the cursor, clear
# the screen or set the terminal's title. Text from documents, feeds and ids is never trusted.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, *, one_line: bool = True) -> str:
    """`text` with control characters shown as escapes (`\\x1b`); newlines too if `one_line`."""
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def printable_frame(frame: pd.DataFrame) -> str:
    """A frame as a table for the terminal: escaped text, missing values as NULL (as DuckDB)."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(_cell)
    return shown.to_string(index=False, max_colwidth=60, na_rep="NULL")


def _cell(value: object) -> object:
    if isinstance(value, str):
        return printable(value)
    return "NULL" if value is None else value


class QueryError(ValueError):
    """The SQL could not run (syntax, unknown column, ...)."""


def connect(
    out_dir: Path, *, writable: Path | None = None, open_access: bool = False
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with `events` and `documents` views over DIR.

    Locked down unless `open_access`: files outside DIR (and `writable`'s folder, for
    `--to`) cannot be read or written (no `read_text('/etc/shadow')`, no `COPY ... TO
    '/elsewhere'`), extensions are not installed or loaded on demand, and the SQL cannot
    change these settings back."""
    con = duckdb.connect()
    if not open_access:
        allowed = [str(out_dir.resolve()) + "/"]
        if writable is not None:
            allowed.append(str(writable.resolve().parent) + "/")
        con.execute("SET allowed_directories = ?", [allowed])
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("SET autoload_known_extensions = false")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
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


def run_query(
    out_dir: Path,
    sql: str,
    *,
    to: Path | None = None,
    limit: int = 50,
    open_access: bool = False,
) -> str:
    """Run SQL; write it to `to` (.csv or .parquet) or return it as a printable table."""
    con = connect(out_dir, writable=to, open_access=open_access)
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
    table = printable_frame(frame.head(limit))
    footer = f"({total} rows{', first ' + str(limit) + ' shown' if total > limit else ''})"
    return f"{table}\n{footer}"


STATS_QUERIES = {
    "documents": "SELECT status, count(*) AS documents FROM documents GROUP BY 1 ORDER BY 1",
    "events by CAMEO root": (
        "SELECT cameo_root, count(*) AS events FROM events GROUP BY 1 ORDER BY 1"
    ),
    "events by QuadClass": (
        "SELECT quad_class, CASE quad_class WHEN 1 THEN 'verbal cooperation' WHEN 2 THEN "
        "'material cooperation' WHEN 3 THEN 'verbal conflict' ELSE 'material conflict' END "
        "AS meaning, count(*) AS events FROM events GROUP BY 1, 2 ORDER BY 1"
    ),
    "top dyads": (
        "SELECT actor1_code, actor2_code, count(*) AS events FROM events "
        "WHERE actor1_code IS NOT NULL AND actor2_code IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT 10"
    ),
    "top locations": (
        "SELECT location, country_iso3, count(*) AS events FROM events WHERE location IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY events DESC, 1 LIMIT 10"
    ),
    "date range": (
        "SELECT min(event_date) AS first_event, max(event_date) AS last_event, "
        "count(*) FILTER (WHERE event_date IS NULL) AS undated FROM events"
    ),
}


def stats(out_dir: Path, root_names: dict[str, str] | None = None) -> str:
    """A plain-text overview of a dataset: counts, codes, dyads, places, dates."""
    con = connect(out_dir)
    parts = []
    for title, sql in STATS_QUERIES.items():
        frame = con.sql(sql).df()
        if "cameo_root" in frame.columns and root_names:
            frame.insert(1, "name", [root_names.get(r, "") for r in frame.cameo_root])
        parts.append(f"{title}:\n{printable_frame(frame) if len(frame) else '  (none)'}")
    return "\n\n".join(parts)
