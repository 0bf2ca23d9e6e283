"""Train the venue ranker on the tune halves of the event-location sets.

    python extractors/data/train_venues.py [--more ../shared/eval/dev/event_location_more.jsonl]
                                           [--dev ../shared/eval/dev/event_location_dev.jsonl]

Reads the sentences of `event_location_more.jsonl` (ahalterman/event_location, MIT: the event's
verb and its place marked by hand) and `event_location_dev.jsonl` whose ids fall in the tune
half of bench/accuracy.py's split, parses them with the project's spaCy model, pairs each
event's verb with every candidate place of its sentence (`extractors.venue_model.candidates`),
labels a pair true when the candidate overlaps a marked place (and every pair of an event
marked with no place false), fits a logistic regression over
the pair features and writes the weights to `venue_ranker.npz` beside this script.
scikit-learn is needed to train (a dev dependency), not to predict.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.accuracy import tune_half  # noqa: E402
from extractors.nlp import get_nlp  # noqa: E402
from extractors.venue_model import MODEL_PATH, candidates, pair_features, rule_places  # noqa: E402

DEFAULT_MORE = REPO.parent / "shared" / "eval" / "dev" / "event_location_more.jsonl"
DEFAULT_DEV = DEFAULT_MORE.with_name("event_location_dev.jsonl")
C = 1.0
MIN_COUNT = 2
# The probability the best candidate needs to be the venue: chosen by 5-fold cross-validation
# on the tune halves, where the ranker at 0.3, falling back to the attached place, finds 75.3 %
# of marked places and places 51.6 % of events marked placeless; the hand-written rules found
# 60.9 % and placed 52.4 %.
THRESHOLD = 0.3


def marked(record: dict) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The character spans of the event's verbs and of its places."""
    gold, text = record["gold"], record["text"]
    if "spans" in gold:
        spans = [(s["start"], s["end"], s["label"]) for s in gold["spans"]]
        verbs = [(s, e) for s, e, label in spans if label == "VERB"]
        places = [(s, e) for s, e, label in spans if label == "LOCATION" and text[s:e].strip()]
        return verbs, places

    def found(words: list[str]) -> list[tuple[int, int]]:
        return [(text.find(w), text.find(w) + len(w)) for w in words if w.strip() and w in text]

    return found(gold["event_verb"]), found(gold["event_location"])


def placeless(record: dict) -> bool:
    """Whether the marker said the event's sentence names no place for it: no location span
    at all (not an empty one, which marks a place the tool could not select)."""
    spans = record["gold"].get("spans")
    return spans is not None and not any(s["label"] == "LOCATION" for s in spans)


def pairs(records: list[dict]) -> list[tuple[list[list[str]], list[bool]]]:
    """For each record with a verb, and a place or none marked: the features and labels of its
    candidates (all false for an event with no place: "22 members were killed in the
    clashes")."""
    spans = [(r, *marked(r)) for r in records]
    spans = [(r, verbs, places) for r, verbs, places in spans if verbs and (places or placeless(r))]
    texts = (r["text"] for r, _, _ in spans)
    out = []
    for (_, verbs, places), doc in zip(spans, get_nlp().pipe(texts), strict=True):
        start, end = verbs[0]
        trigger = next((t for t in doc if start <= t.idx < end), None)
        if trigger is None:
            continue
        sent = trigger.sent
        found = [n for n in candidates(sent) if not n.start <= trigger.i < n.end]
        if not found:
            continue
        rules = rule_places(trigger, sent)
        out.append(
            (
                [pair_features(trigger, name, found, rules) for name in found],
                [any(s < n.end_char and n.start_char < e for s, e in places) for n in found],
            )
        )
    return out


def fit(groups: list[tuple[list[list[str]], list[bool]]]):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [f for group, _ in groups for f in group]
    labels = [label for _, group in groups for label in group]
    vectorizer = CountVectorizer(analyzer=lambda x: x, min_df=MIN_COUNT, binary=True)
    matrix = vectorizer.fit_transform(feats)
    model = LogisticRegression(C=C, max_iter=3000).fit(matrix, labels)
    return vectorizer, model


def save(vectorizer, model, target: Path, threshold: float = THRESHOLD) -> int:
    """Write the weights numpy can read back (no pickle); returns the number of features."""
    names = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    np.savez_compressed(
        target,
        features=np.array(names),
        coef=model.coef_[0].astype(np.float32),
        intercept=np.float32(model.intercept_[0]),
        threshold=np.float32(threshold),
    )
    return len(names)


def train(more: Path, dev: Path, target: Path = MODEL_PATH) -> dict:
    groups = pairs(tune_half(more) + tune_half(dev))
    vectorizer, model = fit(groups)
    return {
        "sentences": len(groups),
        "placeless": sum(not any(labels) for _, labels in groups),
        "pairs": sum(len(labels) for _, labels in groups),
        "features": save(vectorizer, model, target),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--more", type=Path, default=DEFAULT_MORE)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    done = train(args.more, args.dev, args.out)
    print(
        f"trained on {done['sentences']} sentences ({done['placeless']} with no place marked),"
        f" {done['pairs']} event-place pairs,"
        f" {done['features']} features -> {args.out}"
    )
