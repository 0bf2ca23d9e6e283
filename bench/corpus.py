"""What parley writes for a corpus of real articles: how many rows have actors and dates a
user can trust, and the rows themselves for a before/after comparison.

    python bench/corpus.py [--corpus ../shared/corpus/wikinews-2019-2020.jsonl]
                           [--rows FILE.parquet] [--compare OLD.parquet]

Codes every article with the pipeline's own batch coder (the rows `parley run` writes, without
Prefect) and prints: rows, the share with an actor1 code and with both actor codes, the share
placed, and the rows dated more than a year before their article's publication without a full
date (day, month and year) in their sentence. `--rows` saves the rows; `--compare` prints the
rows that differ from a saved run (by document, sentence, action and code), and the ACLED
classifier's share of the time (its predictions' seconds over the whole run's, parsing
included). Writes JSON (default bench/results/corpus.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from extractors.nlp import get_nlp  # noqa: E402
from normalize.acled_model import default_classifier  # noqa: E402
from normalize.batch import code_documents  # noqa: E402
from normalize.dates import OLD_EVENT, is_full_date  # noqa: E402
from normalize.lexicon import default_lexicon  # noqa: E402
from normalize.places import default_gazetteer  # noqa: E402
from storage.readers import read_file  # noqa: E402
from storage.schema import Document, EventRecord  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"
KEY = ["doc_id", "sentence_index", "char_start", "action_text"]
SHOWN = ["actor1_code", "cameo_code", "actor2_code", "location", "event_date"]


def code_corpus(path: Path) -> list[EventRecord]:
    documents = [d for d in read_file(path) if isinstance(d, Document)]
    nlp, lexicon, gazetteer = get_nlp(), default_lexicon(), default_gazetteer()
    events: list[EventRecord] = []
    for start in range(0, len(documents), 64):
        events += code_documents(documents[start : start + 64], nlp, lexicon, gazetteer).events
    return events


def _old_without_full_date(event: EventRecord) -> bool:
    if event.event_date is None or event.published_at is None:
        return False
    if event.event_date >= event.published_at.date() - OLD_EVENT + timedelta(days=0):
        return False
    return not is_full_date(event.sentence_text)


def summarise(events: list[EventRecord]) -> dict:
    n = len(events)

    def share(k: int) -> float:
        return round(k / n, 4) if n else 0.0

    old = [e for e in events if _old_without_full_date(e)]
    return {
        "rows": n,
        "actor1_code": share(sum(1 for e in events if e.actor1_code)),
        "both_actors": share(sum(1 for e in events if e.actor1_code and e.actor2_code)),
        "placed": share(sum(1 for e in events if e.latitude is not None)),
        "dated": share(sum(1 for e in events if e.event_date is not None)),
        "old_dates_without_full_date": len(old),
        "examples_old": [f"{e.event_date} {e.sentence_text[:100]}" for e in old[:5]],
    }


def _same(a: object, b: object) -> bool:
    return (pd.isna(a) and pd.isna(b)) if pd.isna(a) or pd.isna(b) else a == b


def compare(new: pd.DataFrame, old_path: Path) -> None:
    old = pd.read_parquet(old_path)
    merged = old[KEY + SHOWN].merge(
        new[KEY + SHOWN], on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    gone = merged[merged["_merge"] == "left_only"]
    added = merged[merged["_merge"] == "right_only"]
    both = merged[merged["_merge"] == "both"]
    changed = both[
        [
            not all(
                (pd.isna(r[f"{c}_old"]) and pd.isna(r[f"{c}_new"]))
                or r[f"{c}_old"] == r[f"{c}_new"]
                for c in SHOWN
            )
            for _, r in both.iterrows()
        ]
    ]
    print(f"\ncompared with {old_path}: {len(gone)} rows gone, {len(added)} added, "
          f"{len(changed)} changed")  # fmt: skip
    for label, frame in (("gone", gone), ("added", added), ("changed", changed)):
        for _, r in frame.head(40).iterrows():
            cells = " | ".join(
                f"{c}: {r.get(f'{c}_old')} -> {r.get(f'{c}_new')}"
                for c in SHOWN
                if label != "changed" or str(r.get(f"{c}_old")) != str(r.get(f"{c}_new"))
            )
            print(f"  {label} {r['doc_id']} s{r['sentence_index']} '{r['action_text']}': {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rows", type=Path, help="save the rows as Parquet")
    parser.add_argument("--compare", type=Path, help="a --rows file of an earlier run")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "corpus.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus: {args.corpus} is absent: nothing to measure", file=sys.stderr)
        return 2
    started = time.perf_counter()
    events = code_corpus(args.corpus)
    result = summarise(events)
    result["seconds"] = round(time.perf_counter() - started, 1)
    classifier = default_classifier()
    if classifier is not None:
        # the ACLED classifier's part of the coding time (parsing included)
        result["classifier_predictions"] = classifier.predictions
        result["classifier_seconds"] = round(classifier.seconds, 2)
        result["classifier_share"] = round(classifier.seconds / result["seconds"], 4)
    for key, value in result.items():
        if key == "examples_old":
            for line in value:
                print(f"  old: {line}")
        else:
            print(f"{key:<28} {value:.1%}" if isinstance(value, float) and "seconds" not in key
                  else f"{key:<28} {value}")  # fmt: skip
    frame = pd.DataFrame([e.__dict__ for e in events])
    if args.rows:
        frame.to_parquet(args.rows)
    if args.compare:
        compare(frame, args.compare)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
