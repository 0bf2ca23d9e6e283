"""The learned venue ranker: its candidates, its numpy scoring against scikit-learn's, the
committed weights, and the venues it gives events in sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extractors.data.train_venues import fit, marked, pairs, placeless, save, train
from extractors.venue_model import MODEL_PATH, VenueRanker, candidates, default_ranker, ranked_place

MORE = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "event_location_more.jsonl"
DEV = MORE.with_name("event_location_dev.jsonl")


def _trigger(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Gunmen killed four villagers near Kopra in Zanfara state on Sunday.",
            ["Kopra", "Zanfara"],
        ),
        (
            # a name the tagger gives to a body still stands where places do
            "Rebels shelled the Dumayr Airbase overnight, officials in Talbot said.",
            ["Dumayr Airbase", "Talbot"],
        ),
        # a person met is no place, nor is a law named after one
        ("Police approached Khan and read him the Kopra Act.", []),
    ],
)
def test_candidates_are_the_names_a_place_can_have(nlp, text, names):
    doc = nlp(text)
    found = [span.text for span in candidates(next(doc.sents))]
    assert found == names


def test_marked_reads_spans_or_words():
    with_spans = {
        "text": "Troops shelled Kopra on Monday.",
        "gold": {
            "spans": [
                {"start": 7, "end": 14, "label": "VERB"},
                {"start": 15, "end": 20, "label": "LOCATION"},
                {"start": 0, "end": 0, "label": "LOCATION"},
            ]
        },
    }
    with_words = {
        "text": "Troops shelled Kopra on Monday.",
        "gold": {"event_verb": ["shelled"], "event_location": ["Kopra", " "]},
    }
    assert marked(with_spans) == ([(7, 14)], [(15, 20)])
    assert marked(with_words) == ([(7, 14)], [(15, 20)])


def test_an_event_marked_with_no_place_teaches_that_none_of_its_candidates_is_one():
    text = "Police in Talbot said two men were killed in clashes."
    verb = {"start": text.index("killed"), "end": text.index("killed") + 6, "label": "VERB"}
    record = {"text": text, "gold": {"spans": [verb]}}
    # an empty span marks a place the marker could not select: no lesson either way
    empty = {"text": text, "gold": {"spans": [verb, {"start": 3, "end": 3, "label": "LOCATION"}]}}
    assert placeless(record) and not placeless(empty)
    [(feats, labels)] = pairs([record, empty])
    assert len(feats) == len(labels) == 1 and labels == [False]  # Talbot, not the venue


# Sentences written for this test, each with its event's verb and place marked.
RECORDS = [
    ("In Talbot, police said militants attacked a post in Kopra village.", "attacked", "Kopra"),
    ("Militants attacked a post near Dunmore, officials in Talbot said.", "attacked", "Dunmore"),
    ("Protesters marched in Ambry while police watched from Corvel.", "marched", "Ambry"),
    ("A bomb exploded at a market in Lanthorn, a governor said.", "exploded", "Lanthorn"),
    ("Troops from Marrow shelled Fallow on Monday.", "shelled", "Fallow"),
    ("Rebels in Kester seized the town of Ambry after heavy fighting.", "seized", "Ambry"),
]


def _as_record(text: str, verb: str, place: str) -> dict:
    return {"text": text, "gold": {"event_verb": [verb], "event_location": [place]}}


def test_numpy_scoring_matches_scikit_learn(tmp_path):
    groups = pairs([_as_record(*r) for r in RECORDS])
    assert len(groups) == len(RECORDS)
    assert all(sum(labels) == 1 for _, labels in groups)  # each marked place is a candidate
    vectorizer, model = fit(groups)
    target = tmp_path / "ranker.npz"
    save(vectorizer, model, target, threshold=0.4)
    ours = VenueRanker(target)
    assert ours.threshold == pytest.approx(0.4)
    for feats, _ in groups:
        expected = model.predict_proba(vectorizer.transform(feats))[:, 1]
        got = [ours.probability(f) for f in feats]
        assert np.allclose(got, expected, atol=1e-4)


def test_the_committed_ranker_is_small_and_sure_of_what_it_keeps():
    ranker = default_ranker()
    assert ranker is not None
    assert MODEL_PATH.stat().st_size < 1_000_000
    assert len(ranker.weights) > 1_000
    assert 0.0 < ranker.threshold < 1.0


@pytest.mark.skipif(
    not (MORE.is_file() and DEV.is_file()),
    reason="../shared/eval/dev/event_location_more.jsonl or event_location_dev.jsonl absent",
)
def test_the_committed_ranker_is_what_training_on_the_tune_halves_writes(tmp_path):
    done = train(MORE, DEV, tmp_path / "ranker.npz")
    assert done["sentences"] > 2_000 and done["pairs"] > 5_000
    with np.load(tmp_path / "ranker.npz") as new, np.load(MODEL_PATH) as committed:
        assert new["features"].tolist() == committed["features"].tolist()
        # the solver's last digits vary with the numerical libraries' versions (0.003 seen)
        assert np.allclose(new["coef"], committed["coef"], atol=0.01)


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        # the place nearest the event in its own clause, not the town in the opening phrase
        (
            "In Baghdad, five people were killed when a car bomb exploded outside a hospital "
            "in the Karrada district.",
            "exploded",
            "Karrada",
        ),
        # the more specific of two places: the town inside the country
        (
            "A bomb exploded in a crowded neighbourhood of Colombia's port city of Cartagena.",
            "exploded",
            "Cartagena",
        ),
        # where the event was, not where it was reported from
        (
            "Militants attacked an army post near Dunmore, officials in Kabul said on Friday.",
            "attacked",
            "Dunmore",
        ),
    ],
)
def test_the_committed_ranker_finds_the_events_own_place(nlp, text, trigger, place):
    doc = nlp(text)
    token = _trigger(doc, trigger)
    found = ranked_place(token, token.sent)
    assert found is not None and place in found.text, found


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        # names the tagger calls organisations, where the ranker is sure of a place
        (
            "On Monday, some 400 students demonstrated in Mbarakoshi in support of their dean.",
            "demonstrated",
            "Mbarakoshi",
        ),
        (
            "A farmer was arrested on Sunday for allegedly stabbing his cousin at Wadgaonkar on "
            "Friday night.",
            "stabbing",
            "Wadgaonkar",
        ),
    ],
)
def test_a_place_the_ranker_is_sure_of_is_one_whatever_the_tagger_called_it(
    nlp, text, trigger, place
):
    doc = nlp(text)
    assert next(e for e in doc.ents if e.text == place).label_ not in {"GPE", "LOC", "FAC"}
    token = _trigger(doc, trigger)
    found = ranked_place(token, token.sent)
    assert found is not None and found.name == place and found.labelled
