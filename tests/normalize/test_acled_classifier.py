"""The ACLED sub-event type classifier: its text reduction, its numpy prediction against
scikit-learn's, the committed weights, and how it works beside the rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from normalize.acled import LEARNED_MIN, classify
from normalize.acled_model import (
    MODEL_PATH,
    AcledClassifier,
    default_classifier,
    event_words,
    features,
)
from normalize.actors import ActorCode
from normalize.data.train_acled import fit, save, train, tune_half
from normalize.lexicon import DATA_DIR

NOTES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "acled_notes_dev.jsonl"
CASE = NOTES.with_name("case2021_task2_dev.jsonl")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "On 8 May 2020, 21 coalition airstrikes hit Khabb district (Al Jawf).",
            ["_num_", "coalition", "airstrikes", "hit", "_name_", "district", "_name_", "_name_"],
        ),
        (
            "Change to armed group: As reported on 1 March 2020, soldiers joined the rebels.",
            ["soldiers", "joined", "the", "rebels"],
        ),
        ("Around 3 June 2021 (between 1 and 5 June), an IED exploded.", ["an", "ied", "exploded"]),
        # a crowd named by its type is masked: the type is to be read from what it did
        (
            "Rioters burned tyres while demonstrators and protesters marched.",
            ["_crowd_", "burned", "tyres", "while", "_crowd_", "and", "_crowd_", "marched"],
        ),
    ],
)
def test_event_words_keep_the_event_not_the_date_place_or_label(text, words):
    assert event_words(text) == words


def test_features_are_words_pairs_and_stems_shared_by_the_forms_of_a_word():
    news = features(event_words("Warplanes pounded the village"))
    note = features(event_words("On 3 May 2021, airstrikes pound a village."))
    assert {"warplanes", "pounded", "warplanes pounded", "~pound"} <= set(news)
    assert "~pound" in note and "pounded" not in note
    assert not any(f.startswith("~_") for f in news + note)  # no stems of masks


# Notes written for this test, in the style of ACLED's.
TEXTS = [
    "On 2 May 2021, protesters gathered peacefully in Lanthorn to demand higher wages.",
    "On 4 May 2021, residents held a peaceful march in Corvel against rising prices.",
    "On 5 May 2021, traders staged a sit-in outside the town hall of Ambry.",
    "On 6 May 2021, an IED planted by unknown men exploded near a checkpoint in Dunmore.",
    "On 7 May 2021, a roadside bomb went off near a police vehicle in Kester.",
    "On 9 May 2021, a landmine exploded under a truck near Fallow, killing two.",
    "On 10 May 2021, rioters burned tyres and threw stones at police in Marrow.",
    "On 11 May 2021, a mob set a police post on fire in Quill and clashed with officers.",
]
LABELS = (
    ["Peaceful protest"] * 3 + ["Remote explosive/landmine/IED"] * 3 + ["Violent demonstration"] * 2
)


def test_numpy_prediction_matches_scikit_learn(tmp_path):
    vectorizer, model = fit(TEXTS, LABELS)
    target = tmp_path / "model.npz"
    save(vectorizer, model, target)
    ours = AcledClassifier(target)
    unseen = [
        "On 3 June 2021, villagers marched peacefully to demand a new road.",
        "On 4 June 2021, a bomb exploded near a police checkpoint.",
        "On 5 June 2021, no word here was seen in training.",
    ]
    expected = model.predict_proba(vectorizer.transform(unseen))
    got = np.array([ours.probabilities(text) for text in unseen])
    assert ours.classes == list(model.classes_)
    assert np.allclose(got, expected, atol=0.01)  # weights are stored as float16
    assert ours.predict(unseen[1]).sub_event_type == "Remote explosive/landmine/IED"


def test_the_bag_of_words_baseline_is_measured_on_the_check_halves(tmp_path, capsys):
    import json

    from bench.accuracy import CASE_LABELS, half
    from normalize.data.train_acled import compare_with_bag_of_words

    records = [
        {"id": f"note-{i}", "text": text, "gold": {"sub_event_type": label}}
        for i, (text, label) in enumerate(zip(TEXTS * 3, LABELS * 3, strict=True))
    ]
    assert {half(r["id"]) for r in records} == {"tune", "check"}
    notes = tmp_path / "notes.jsonl"
    notes.write_text("\n".join(json.dumps(r) for r in records))
    case_label = next(label for sub, label in CASE_LABELS.items() if sub == "Peaceful protest")
    case = tmp_path / "case.jsonl"
    case_id = next(f"case-{i}" for i in range(50) if half(f"case-{i}") == "check")
    case.write_text(
        json.dumps({"id": case_id, "text": TEXTS[0], "gold": {"case_subtype": case_label}})
    )
    target = tmp_path / "model.npz"
    save(*fit(TEXTS, LABELS), target)
    compare_with_bag_of_words(notes, case, target)
    printed = capsys.readouterr().out
    checked = sum(half(r["id"]) == "check" for r in records)
    assert f"check half, notes ({checked}): bag of words " in printed
    assert "check half, snippets (1): bag of words " in printed


def test_the_committed_model_is_small_and_types_acled_sub_events():
    types = (DATA_DIR / "acled_types.csv").read_text().splitlines()
    known = {line.split(",")[1] for line in types[1:]}
    classifier = default_classifier()
    assert MODEL_PATH.stat().st_size < 15_000_000
    assert set(classifier.classes) <= known and len(classifier.classes) >= 20
    assert len(classifier.vocabulary) > 10_000


@pytest.mark.skipif(
    not (NOTES.is_file() and CASE.is_file()),
    reason="../shared/eval/dev/acled_notes_dev.jsonl or case2021_task2_dev.jsonl absent",
)
def test_the_committed_model_is_what_training_on_the_tune_halves_writes(tmp_path):
    done = train(NOTES, CASE, tmp_path / "model.npz")
    assert done["notes"] > 9_000 and done["snippets"] > 150
    with np.load(tmp_path / "model.npz") as new, np.load(MODEL_PATH) as committed:
        assert new["vocabulary"].tolist() == committed["vocabulary"].tolist()
        assert new["classes"].tolist() == committed["classes"].tolist()
        # the solver's last digits vary with the numerical libraries' versions
        assert np.allclose(new["coef"], committed["coef"], atol=0.1)
    # and the two type the notes alike
    retrained, shipped = AcledClassifier(tmp_path / "model.npz"), AcledClassifier(MODEL_PATH)
    texts = [r["text"] for r in tune_half(NOTES)[:2000]]
    same = sum(
        retrained.predict(t).sub_event_type == shipped.predict(t).sub_event_type for t in texts
    )
    assert same >= 0.995 * len(texts)


def test_the_classifier_decides_the_type_of_an_event_the_rules_typed():
    # the rules read "set fire" as an arson attack; the note tells a riot
    sentence = (
        "On 12 March 2022, rioters set fire to a police station and blocked roads with "
        "burning tyres in protest against the arrest of a local leader."
    )
    learned = default_classifier().predict(sentence)
    assert learned.sub_event_type == "Violent demonstration" and learned.probability >= 0.7
    typed = classify("180", None, "rioters", None, None, sentence)
    assert typed.sub_event_type == "Violent demonstration"


def test_violence_against_an_armed_target_is_never_violence_against_civilians():
    # the classifier reads an attack; police are no civilians: the rules' armed clash stands
    sentence = "Unidentified gunmen killed a police officer in Tamale and stole her weapon."
    learned = default_classifier().predict(sentence)
    assert learned.sub_event_type == "Attack" and learned.probability >= LEARNED_MIN
    police = ActorCode(None, "GHACOP", "GHA", "COP")
    typed = classify("186", None, "Unidentified gunmen", police, "a police officer", sentence)
    assert typed.sub_event_type == "Armed clash"
    # a target coded as the government is no armed one: the classifier's type stands
    official = ActorCode(None, "GHAGOV", "GHA", "GOV")
    typed = classify("186", None, "Unidentified gunmen", official, "a police officer", sentence)
    assert typed.sub_event_type == "Attack"


def test_the_classifier_counts_what_predicting_cost():
    classifier = AcledClassifier()
    classifier.predict("Police fired tear gas at protesters in Nairobi.")
    classifier.predict("Militants attacked a village near Djibo.")
    assert classifier.predictions == 2 and 0 < classifier.seconds < 5


def test_the_rules_filters_still_hold():
    # ordinary crime is no ACLED event, whatever the classifier would say
    sentence = "Police arrested two men for theft and drug dealing in the market."
    assert classify("173", None, "Police", None, "two men", sentence) is None


def test_each_sub_event_type_the_classifier_may_tell_alone_has_a_cameo_code(lexicon):
    from normalize.acled import RULES_KEEP, load_rules

    codes = load_rules().learned_codes
    assert codes["Peaceful protest"] == "141" and codes["Armed clash"] == "190"
    assert all(code in lexicon.cameo for code in codes.values())
    assert not RULES_KEEP & set(codes)  # the rules keep these: no event from the classifier
    assert "Other" not in codes  # no CAMEO code says what it is


def test_an_event_is_learned_only_when_the_classifier_is_sure_enough():
    from normalize.acled import learned_event

    text = "Hundreds of teachers marched to the ministry to demand unpaid salaries."
    assert learned_event(text, 0.45) == "141"
    assert learned_event(text, 1.01) is None
