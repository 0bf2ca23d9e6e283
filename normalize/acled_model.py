"""ACLED sub-event types learned from ACLED's own notes: a linear classifier over words, word
pairs and word stems (TF-IDF, logistic regression), trained by `normalize/data/train_acled.py`
and shipped as weights in `normalize/data/acled_classifier.npz`. Prediction needs numpy (and
snowballstemmer for the stems).

The text is reduced to what tells the event, not where or when or who: a leading label
("Change to armed group:") and the date formula ("On 8 May 2020,", "As reported on ...") go,
numbers become `_num_`, capitalised words inside the sentence (names of places, people and
groups) become `_name_`, and a crowd named by its type becomes `_crowd_`; acronyms stay,
lower-cased ("IED" -> "ied").
"""

from __future__ import annotations

import functools
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import snowballstemmer

MODEL_PATH = Path(__file__).parent / "data" / "acled_classifier.npz"

_LABEL = re.compile(r"^\s*[A-Z][\w /,'-]{2,40}:\s+")
_DATE_FORMULA = re.compile(
    r"^\s*(?:(?:on|around|as reported on|as of|between|during|in|since|by|from)\s+)?"
    r"(?:the\s+)?(?:(?:night|week|weekend|morning|evening)\s+of\s+)?"
    r"(?:\d{1,2}(?:\s*(?:-|and|or|to)\s*\d{1,2})?\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)(?:\s+\d{1,2})?(?:,)?\s+\d{4}"
    r"(?:\s*\([^)]*\))?\s*,?\s*",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d+(?:[.,]\d+)*")
# ACLED's notes name a crowd by the type ACLED gives its event ("rioters" blocked the road,
# "protesters" marched); news calls both protesters. The classifier is to learn the type from
# what the crowd did ("hurled stones", "marched peacefully"), not from the note's own label.
CROWD_NAMES = frozenset(
    {"protesters", "protestors", "protester", "protestor", "rioters", "rioter"}
    | {"demonstrators", "demonstrator"}
)


def event_words(text: str) -> list[str]:
    """The words that tell an event: "On 8 May 2020, 21 Saudi-led coalition airstrikes hit
    Khabb" -> ["_num_", "_name_", "coalition", "airstrikes", "hit", "_name_"]; "rioters burned
    tyres" -> ["_crowd_", "burned", "tyres"]."""
    text = _LABEL.sub("", text, count=1)
    text = _DATE_FORMULA.sub("", text, count=1)
    words = []
    for i, match in enumerate(_TOKEN.finditer(text)):
        token = match.group()
        if token[0].isdigit():
            words.append("_num_")
        elif i > 0 and token[0].isupper() and not token.isupper():
            words.append("_name_")  # a name; an acronym stays ("IED")
        elif token.lower() in CROWD_NAMES:
            words.append("_crowd_")
        else:
            words.append(token.lower())
    return words


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def features(words: list[str]) -> list[str]:
    """Words, adjacent word pairs and the words' stems ("~pound" for "pounded" and "pounds"):
    news tells an event in other tenses and forms than ACLED's notes do ("warplanes pounded
    the village", "airstrikes pound"), and the stems carry what the notes taught to them."""
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    words_proper = [w for w in words if not w.startswith("_")]
    return words + pairs + ["~" + stem for stem in _stemmer().stemWords(words_proper)]


@dataclass(frozen=True)
class Prediction:
    sub_event_type: str
    probability: float


class AcledClassifier:
    """TF-IDF (sublinear tf, l2-normalised) and a multinomial logistic regression."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.vocabulary = {term: i for i, term in enumerate(data["vocabulary"].tolist())}
            self.idf = data["idf"].astype(np.float32)
            self.coef = data["coef"].astype(np.float32)  # classes x features
            self.intercept = data["intercept"].astype(np.float32)
            self.classes = data["classes"].tolist()
        # what predicting has cost this process (bench/corpus.py prints it)
        self.predictions = 0
        self.seconds = 0.0

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, weights) of a text."""
        counts: dict[int, int] = {}
        for term in features(event_words(text)):
            index = self.vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        indices = np.fromiter(counts, dtype=np.int64)
        tf = np.array([1.0 + math.log(c) for c in counts.values()], dtype=np.float32)
        weights = tf * self.idf[indices]
        return indices, weights / np.linalg.norm(weights)

    def probabilities(self, text: str) -> np.ndarray:
        indices, weights = self.vector(text)
        scores = self.coef[:, indices] @ weights + self.intercept
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def predict(self, text: str) -> Prediction:
        started = time.perf_counter()
        probabilities = self.probabilities(text)
        best = int(probabilities.argmax())
        self.predictions += 1
        self.seconds += time.perf_counter() - started
        return Prediction(self.classes[best], float(probabilities[best]))


@functools.lru_cache(maxsize=1)
def default_classifier() -> AcledClassifier | None:
    """The packaged classifier, loaded once per process (None when the file is absent)."""
    return AcledClassifier() if MODEL_PATH.is_file() else None
