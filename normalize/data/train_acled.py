"""Train the ACLED sub-event type classifier on the tune half of ACLED's own notes.

    python normalize/data/train_acled.py [--notes ../shared/eval/dev/acled_notes_dev.jsonl]

Reads the notes of `acled_notes_dev.jsonl` (ACLED data: see the README for its terms) whose
id falls in the tune half of bench/accuracy.py's split, reduces each to its event words
(`normalize.acled_model.event_words`), fits TF-IDF over words and word pairs and a
multinomial logistic regression with balanced class weights (the notes hold 4,501 peaceful
protests and 4 suicide bombs), and writes the weights to `acled_classifier.npz` beside this
script. scikit-learn is needed to train (a dev dependency), not to predict.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.accuracy import half  # noqa: E402
from normalize.acled_model import MODEL_PATH, event_words, features  # noqa: E402

DEFAULT_NOTES = REPO.parent / "shared" / "eval" / "dev" / "acled_notes_dev.jsonl"
MIN_DF = 2
MAX_FEATURES = 40_000
C = 4.0


def fit(texts: list[str], labels: list[str]):
    """TF-IDF over the texts' event words and pairs, and a logistic regression on it."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=lambda text: features(event_words(text)),
        sublinear_tf=True,
        min_df=MIN_DF,
        max_features=MAX_FEATURES,
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(matrix, labels)
    return vectorizer, model


def save(vectorizer, model, target: Path) -> int:
    """Write the weights numpy can read back (no pickle); returns the number of features."""
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    np.savez_compressed(
        target,
        vocabulary=np.array(vocabulary),
        idf=vectorizer.idf_.astype(np.float16),
        coef=model.coef_.astype(np.float16),
        intercept=model.intercept_.astype(np.float32),
        classes=np.array(model.classes_),
    )
    return len(vocabulary)


def train(notes: Path, target: Path = MODEL_PATH) -> dict:
    """Fit on the tune half of `notes`, write `target`; returns what was trained on."""
    records = [json.loads(line) for line in notes.open(encoding="utf-8") if line.strip()]
    tune = [r for r in records if half(r["id"]) == "tune"]
    labels = [r["gold"]["sub_event_type"] for r in tune]
    vectorizer, model = fit([r["text"] for r in tune], labels)
    return {
        "notes": len(tune),
        "features": save(vectorizer, model, target),
        "labels": Counter(labels),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=DEFAULT_NOTES)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    done = train(args.notes, args.out)
    print(f"trained on {done['notes']} notes, {done['features']} features -> {args.out}")
    for label, count in done["labels"].most_common():
        print(f"  {count:5d}  {label}")
