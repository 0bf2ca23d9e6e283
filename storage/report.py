"""A self-contained HTML report of a parley dataset: timeline, map, dyads, latest events."""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

from storage.query import connect
from storage.schema import PIPELINE_VERSION

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class ReportSummary:
    """What went into a written report."""

    path: Path
    events: int
    places: int
    dyads: int
    latest: int
    bytes: int


def _rows(con: Any, sql: str) -> list[dict[str, Any]]:
    relation = con.sql(sql)
    columns = relation.columns
    return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]


def _granularity(first: Any, last: Any) -> str:
    """Days for a few weeks of events, weeks up to two years, months beyond."""
    if first is None or last is None:
        return "month"
    span = (last - first).days
    if span <= 62:
        return "day"
    if span <= 730:
        return "week"
    return "month"


def _every_period(con: Any, unit: str, first: Any, last: Any) -> list[str]:
    """Every period from the first event's to the last's, empty ones too: a continuous axis."""
    if first is None or last is None:
        return []
    rows = _rows(
        con,
        f"SELECT strftime(p, '%Y-%m-%d') AS period FROM generate_series(date_trunc('{unit}', "
        f"DATE '{first}'), date_trunc('{unit}', DATE '{last}'), INTERVAL 1 {unit}) t(p)",
    )
    return [r["period"] for r in rows]


def report_data(
    out_dir: Path, *, latest: int = 50, top_dyads: int = 20, title: str | None = None
) -> dict[str, Any]:
    """Everything the report draws, as plain JSON-ready values, read with DuckDB."""
    con = connect(out_dir)
    docs = _rows(
        con,
        "SELECT count(*) AS documents, count(*) FILTER (WHERE status = 'quarantined') "
        "AS quarantined FROM documents",
    )[0]
    overview = _rows(
        con,
        "SELECT count(*) AS events, min(event_date) AS first, max(event_date) AS last, "
        "count(*) FILTER (WHERE event_date IS NULL) AS undated, "
        "count(DISTINCT country_iso3) AS countries, "
        "count(DISTINCT event_cluster_id) AS clusters FROM events",
    )[0]
    unit = _granularity(overview["first"], overview["last"])
    periods = _rows(
        con,
        f"SELECT strftime(date_trunc('{unit}', event_date), '%Y-%m-%d') AS period, "
        "quad_class, count(*) AS events FROM events WHERE event_date IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2",
    )
    every_period = _every_period(con, unit, overview["first"], overview["last"])
    places = _rows(
        con,
        "SELECT coalesce(location, country) AS place, any_value(country_iso3) AS iso3, "
        "round(latitude, 2) AS lat, round(longitude, 2) AS lon, "
        "min(geo_precision) AS geo_precision, count(*) AS events, "
        "count(*) FILTER (WHERE quad_class = 1) AS q1, "
        "count(*) FILTER (WHERE quad_class = 2) AS q2, "
        "count(*) FILTER (WHERE quad_class = 3) AS q3, "
        "count(*) FILTER (WHERE quad_class = 4) AS q4 "
        "FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL "
        "GROUP BY 1, 3, 4 ORDER BY events DESC, place",
    )
    countries = _rows(
        con,
        "SELECT country_iso3 AS iso3, count(*) AS events FROM events "
        "WHERE country_iso3 IS NOT NULL GROUP BY 1 ORDER BY 2 DESC",
    )
    dyads = _rows(
        con,
        "SELECT actor1_code AS source, actor2_code AS target, count(*) AS events, "
        "round(avg(goldstein), 2) AS goldstein FROM events "
        "WHERE actor1_code IS NOT NULL AND actor2_code IS NOT NULL "
        f"GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT {int(top_dyads)}",
    )
    latest_rows = _rows(
        con,
        "SELECT strftime(event_date, '%Y-%m-%d') AS date, "
        "coalesce(actor1_name, actor1_text) AS actor1, actor1_code, cameo_code, cameo_name, "
        "quad_class, coalesce(actor2_name, actor2_text) AS actor2, actor2_code, negated, "
        "coalesce(location, country) AS place, round(confidence, 2) AS confidence, "
        "sentence_text AS sentence, doc_title, doc_url FROM events "
        "ORDER BY event_date DESC NULLS LAST, published_at DESC NULLS LAST, doc_id, "
        f"sentence_index, char_start LIMIT {int(latest)}",
    )
    return {
        "title": title or f"parley report: {out_dir}",
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "pipeline_version": PIPELINE_VERSION,
        "summary": {
            "documents": docs["documents"],
            "quarantined": docs["quarantined"],
            "events": overview["events"],
            "first": overview["first"].isoformat() if overview["first"] else None,
            "last": overview["last"].isoformat() if overview["last"] else None,
            "undated": overview["undated"],
            "countries": overview["countries"],
            "clusters": overview["clusters"],
        },
        "quad_classes": {str(k): v for k, v in QUAD_CLASSES.items()},
        "timeline": {"unit": unit, "rows": periods, "periods": every_period},
        "places": places,
        "countries": countries,
        "dyads": dyads,
        "latest": latest_rows,
    }


@lru_cache(maxsize=1)
def _asset(name: str) -> str:
    return (files("storage") / "report_assets" / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' left as such."""
    text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_report(data: dict[str, Any]) -> str:
    """The report as one HTML string: styles, scripts, map outlines and data inline."""
    slots = {
        "TITLE": escape(data["title"]),
        "STYLE": _asset("report.css"),
        "WORLD": _asset("world-110m.json"),
        "DATA": _script_json(data),
        "SCRIPT": _asset("report.js"),
    }
    # One pass, so text inside the data can never be taken for a slot.
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: slots[m.group(1)], _asset("report.html"))


def write_report(
    out_dir: Path, html_path: Path, *, latest: int = 50, title: str | None = None
) -> ReportSummary:
    """Write the report for DIR to `html_path` through a temporary file and a rename."""
    data = report_data(out_dir, latest=latest, title=title)
    page = render_report(data).encode("utf-8")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = html_path.parent / f".{html_path.name}.{uuid.uuid4().hex}.tmp"
    try:
        tmp.write_bytes(page)
        os.replace(tmp, html_path)
    finally:
        tmp.unlink(missing_ok=True)
    return ReportSummary(
        path=html_path,
        events=data["summary"]["events"],
        places=len(data["places"]),
        dyads=len(data["dyads"]),
        latest=len(data["latest"]),
        bytes=len(page),
    )
