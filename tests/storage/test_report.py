"""`parley report`: the HTML report, checked after headless Chromium has drawn it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from flows.cli import main
from normalize.batch import code_documents
from storage.dataset import refresh_sources_counts
from storage.parquet import read_events, write_batch
from storage.report import report_data, write_report
from storage.schema import Document
from tests.browser import Census, rendered_dom

TRICK = '<img src=x onerror="document.body.dataset.pwned = 1">'
ARTICLES = [
    (
        "kyiv",
        datetime(2024, 3, 5, tzinfo=UTC),
        "Japan and Ukraine",
        "KYIV - Japanese Foreign Minister Yoko Kamikawa met Ukrainian President Volodymyr "
        "Zelensky in Kyiv on Monday. The two sides signed an agreement on reconstruction. "
        "Kamikawa also condemned Russia for its strikes on Ukrainian power plants.",
    ),
    (
        "maiduguri",
        datetime(2024, 4, 10, tzinfo=UTC),
        "Clashes in the north-east",
        "Nigerian troops attacked rebel positions near Maiduguri on Tuesday, the army said. "
        "In Lagos, police arrested twelve protesters on Wednesday.",
    ),
    (
        "trick",
        datetime(2024, 5, 20, tzinfo=UTC),
        TRICK,
        "French President Emmanuel Macron criticized Russia in Paris on Monday. "
        "</script><script>document.body.dataset.pwned = 1</script> was the text of a banner.",
    ),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, nlp, lexicon, gazetteer):
    out = tmp_path_factory.mktemp("report-dataset")
    documents = [
        Document(doc_id, text, f"{i:064d}", "test", title=title, published_at=published,
                 url=f"https://news.example/{doc_id}")
        for i, (doc_id, published, title, text) in enumerate(ARTICLES)
    ]  # fmt: skip
    result = code_documents(documents, nlp, lexicon, gazetteer)
    write_batch(out, "part-4e907a", result.events, result.documents)
    refresh_sources_counts(out)
    return out


@pytest.fixture(scope="module")
def events(dataset) -> pd.DataFrame:
    return read_events(dataset).to_pandas()


@pytest.fixture(scope="module")
def drawn(dataset, tmp_path_factory) -> Census:
    page = tmp_path_factory.mktemp("report") / "report.html"
    write_report(dataset, page)
    return Census(rendered_dom(page))


def test_the_data_agrees_with_the_parquet_rows(dataset, events):
    data = report_data(dataset)
    assert len(events) >= 5, "the articles must give enough events to draw"
    assert data["summary"]["events"] == len(events)
    assert data["summary"]["documents"] == 3
    per_period = sum(r["events"] for r in data["timeline"]["rows"])
    assert per_period == events.event_date.notna().sum()
    # a continuous time axis: every week from the first to the last, empty ones too
    unit, periods = data["timeline"]["unit"], data["timeline"]["periods"]
    assert unit == "week"
    days = [date.fromisoformat(p) for p in periods]
    assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))
    with_events = {r["period"] for r in data["timeline"]["rows"]}
    assert with_events <= set(periods) and len(periods) > len(with_events)
    assert (periods[0], periods[-1]) == (min(with_events), max(with_events))
    located = events.dropna(subset=["latitude", "longitude"])
    assert sum(p["events"] for p in data["places"]) == len(located)
    assert {p["iso3"] for p in data["places"]} == set(located.country_iso3)
    assert len(data["latest"]) == len(events)


def test_chromium_draws_every_chart(drawn, events):
    assert drawn.body.get("data-rendered") == "ok", drawn.body
    dated = events[events.event_date.notna()]
    bars = [int(t.rsplit(": ", 1)[1]) for t in drawn.titles["timeline"]]
    assert drawn.count("timeline", "rect", "bar") == len(bars) > 0
    assert sum(bars) == len(dated), "the stacked bars add up to the dated events"

    assert drawn.count("map", "path", "country") >= 170, "country outlines are drawn"
    located = events.dropna(subset=["latitude", "longitude"])
    places = located.assign(place=located.location.fillna(located.country)).groupby(
        ["place", located.latitude.round(2), located.longitude.round(2)]
    )
    assert drawn.count("map", "circle", "event-place") == places.ngroups > 0
    shaded = [a for t, a in drawn.elements["map"] if "fill" in a.get("style", "")]
    assert {a["data-iso3"] for a in shaded} == set(located.country_iso3.dropna())

    pairs = events.dropna(subset=["actor1_code", "actor2_code"])
    assert (
        drawn.count("dyads", "rect", "cell")
        == pairs.groupby(["actor1_code", "actor2_code"]).ngroups
    )
    assert drawn.count("latest", "tr") == len(events) + 1  # the header row too


def test_text_from_articles_is_shown_as_text_never_run(drawn):
    assert "data-pwned" not in drawn.body
    links = [a for t, a in drawn.elements["latest"] if t == "a"]
    assert {a["href"] for a in links} >= {"https://news.example/kyiv"}
    # The title with markup in it is an anchor's text, not an element of the page.
    assert not [t for t, a in drawn.elements["latest"] if t == "img"]


def test_the_file_needs_no_network(dataset, tmp_path):
    page = write_report(dataset, tmp_path / "r.html").path.read_text()
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    assert not re.search(r"<link\b", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_an_empty_dataset_gives_a_report_that_says_so(tmp_path, nlp, lexicon, gazetteer):
    result = code_documents([Document("empty", "   ", "0" * 64, "test")], nlp, lexicon, gazetteer)
    write_batch(tmp_path / "ds", "part-e0", result.events, result.documents)
    page = write_report(tmp_path / "ds", tmp_path / "empty.html").path
    drawn = Census(rendered_dom(page))
    assert drawn.body.get("data-rendered") == "ok"
    for section in ("timeline", "map", "dyads", "latest"):
        assert drawn.count(section, "div", "empty") == 1, section
    assert drawn.count("map", "path", "country") >= 170


def test_cli_writes_the_report_and_refuses_a_bad_target(dataset, tmp_path, capsys):
    assert main(["report", str(dataset), "--html", str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'r.html'}" in out and "events" in out
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    assert main(["report", str(dataset), "--html", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "not a parley dataset" in err and "must name an .html file" in err
    assert "Traceback" not in err
