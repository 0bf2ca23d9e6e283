"""deployments/smoke.sh end to end: a real `prefect server`, a process work pool, a deployment,
a worker, fed by a local feed server; a second trigger after new entries adds only those, and
the nightly compaction deployment then merges the files of both runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

from tests.conftest import REPO
from tests.webserver import ARTICLE, Site, rss

STORIES = [
    ("a1", "Ministers meet in Geneva", "Armenian Foreign Minister Ararat Mirzoyan met Azerbaijani "
     "Foreign Minister Jeyhun Bayramov in Geneva on Wednesday."),
    ("a2", "Arrests in Kampala", "Ugandan police arrested two opposition activists in Kampala."),
    ("a3", "Protest in Lagos", "Thousands of protesters marched through Lagos to denounce fuel "
     "prices."),
]  # fmt: skip
DATES = ["Wed, 13 Mar 2024 09:00:00 GMT", "Thu, 14 Mar 2024 09:00:00 GMT",
         "Fri, 15 Mar 2024 09:00:00 GMT"]  # fmt: skip


def _publish(site: Site, count: int) -> None:
    for slug, title, body in STORIES[:count]:
        site.add(f"/{slug}", ARTICLE.format(title=title, body=body))
    items = [(slug, title, DATES[i]) for i, (slug, title, _) in enumerate(STORIES[:count])]
    site.add("/feed.xml", rss(items, site.base), "application/rss+xml")


def _smoke(out, feed, env):
    return subprocess.run(
        ["bash", str(REPO / "deployments" / "smoke.sh"), str(out), feed],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_scheduled_deployment_codes_a_feed_and_then_only_its_new_entries(tmp_path):
    env = dict(os.environ, PARLEY_BIN=os.path.dirname(sys.executable))
    env["PARLEY_ALLOW_PRIVATE_NETWORK"] = "1"  # the test feed links to 127.0.0.1
    for key in ("PREFECT_API_URL", "PREFECT_HOME"):
        env.pop(key, None)
    out = tmp_path / "scheduled"
    with Site() as site:
        _publish(site, 2)
        first = _smoke(out, f"{site.base}/feed.xml", env)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "is COMPLETED" in first.stdout
        documents = pd.read_parquet(out / "documents")
        assert sorted(documents.doc_id) == [f"{site.base}/a1", f"{site.base}/a2"]
        assert (documents.status == "ok").all()
        _publish(site, 3)
        assert len(list((out / "documents").glob("*.parquet"))) == 1
        second = _smoke(out, f"{site.base}/feed.xml", dict(env, PARLEY_SMOKE_COMPACT="1"))
        assert second.returncode == 0, second.stdout + second.stderr
        assert site.hits["/a1"] == 2  # fetched again, recognised by content, not re-coded
        assert "parley-compact/nightly is COMPLETED" in second.stdout
    # two runs wrote two documents files; the compaction left one, and one file a partition
    assert len(list((out / "documents").glob("*.parquet"))) == 1
    partitions = {p.parent for p in (out / "events").rglob("*.parquet")}
    assert len(list((out / "events").rglob("*.parquet"))) == len(partitions)
    documents = pd.read_parquet(out / "documents").sort_values("doc_id")
    assert len(documents) == 3
    first_two = documents[documents.doc_id.str.endswith(("/a1", "/a2"))]
    assert first_two.ingested_at.nunique() == 1  # written by the first run only
    events = pd.read_parquet(out / "events")
    assert set(events.doc_id) == set(documents.doc_id)
    assert events.event_id.is_unique
