"""Sub-codes from what an event is about (data/topics.yaml), and asides (purpose, condition)."""

from __future__ import annotations

import pytest

from extractors.mentions import About, extract_mentions
from normalize.coding import refine_by_topic
from normalize.lexicon import LexiconError, load_topics


def _top(events):
    return max(events, key=lambda e: e.confidence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # protests take the aim of the protesters as their last digit
        (
            "Thousands of students marched in Nairobi to demand the resignation of the mayor.",
            "1411",
        ),
        ("Farmers blocked the main highway to demand democratic reforms.", "1444"),
        ("Nurses staged a rally in Lima against the new labour law.", "1412"),
        # appeals, promises and rejections: what is asked for, promised or refused
        ("The Red Cross appealed to donors for food and medicine for the flood victims.", "0233"),
        ("Kenya rejected the opposition's demand for constitutional changes.", "1234"),
        ("The new government promised greater freedom for the press.", "0343"),
        # material acts and accusations
        ("The army lifted the curfew in the northern province on Sunday.", "0813"),
        ("Kenyan police released the seized fishing vessel.", "0842"),
        ("The minister accused the opposition leader of corruption.", "1121"),
        ("Ghana halted economic aid to the junta in Mali.", "1621"),
        ("Rebels in Darfur tortured three aid workers, the UN said.", "1822"),
        # how an attack was made outranks what it did, even as the subject
        ("A car bomb killed five Iraqi soldiers near Kirkuk on Monday.", "1832"),
        # statements: the speaker's mood, threats: what is threatened
        (
            "The Kenyan foreign minister said he was confident that the two countries "
            "would settle the dispute.",
            "013",
        ),
        ("Tanzania threatened to pull out of the peace talks.", "134"),
        # lexicon phrases with their CAMEO sub-codes, on sentences written here
        ("The government eased emergency measures in the capital on Friday.", "0814"),
        ("Dock workers stopped work in Mombasa over unpaid wages.", "143"),
        ("The mediators ended their mediation efforts between the two factions.", "165"),
        ("The Kenyan president cancelled a planned visit to Uganda.", "161"),
        ("Rebels blew up a bridge leading into the capital.", "1712"),
        ("Thousands of families sought refuge in Kenya last month.", "1033"),
        ("The agency reduced food supplies to the camp in Dadaab.", "1623"),
        ("Soldiers sexually abused villagers in the north, a rights group said.", "1821"),
        ("Teachers submitted a petition to the governor on Monday.", "020"),
    ],
)
def test_the_topic_picks_the_sub_code(code, text, expected):
    assert _top(code(text)).cameo_code == expected


def test_a_code_no_topic_narrows_is_kept(lexicon):
    meet = lexicon.cameo["040"]
    assert refine_by_topic(meet, About("food aid", "food aid"), lexicon) == meet  # no 04x for food
    appeal = lexicon.cameo["020"]
    assert refine_by_topic(appeal, About(), lexicon) == appeal
    # the topic named first wins: information about arms is intelligence, not military aid
    about = About("provide urgent information about arm", "provide urgent information about arms")
    assert refine_by_topic(appeal, about, lexicon).code == "0214"


def test_purpose_and_condition_clauses_are_asides(nlp, lexicon):
    found = extract_mentions(
        nlp("The rebels threatened to quit the talks unless the army withdrew from the valley."),
        lexicon.event_nouns,
    )
    asides = {m.trigger_lemma: m.aside for m in found.mentions}
    assert asides["withdraw"] == "condition"
    assert asides["threaten"] is None
    found = extract_mentions(
        nlp("Farmers blocked the main highway to demand lower fuel prices."), lexicon.event_nouns
    )
    assert {m.trigger_lemma: m.aside for m in found.mentions}["demand"] == "purpose"


def test_the_reported_event_outranks_its_condition(code):
    events = code(
        "The rebels threatened to quit the talks unless the army withdrew from the valley."
    )
    assert _top(events).cameo_root == "13"


def test_a_bad_topic_entry_names_file_and_line(lexicon, tmp_path):
    path = tmp_path / "topics.yaml"
    path.write_text(
        "topics:\n  - name: x\n    words: [a]\n  - name: y\n    words: [b]\n    codes: ['999']\n"
    )
    with pytest.raises(LexiconError, match=r"topics.yaml:4: unknown CAMEO code '999'"):
        load_topics(lexicon.cameo, lexicon.frames, path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how an attack was made: aircraft and artillery as subject or object
        ("Russian warplanes killed twelve civilians in Idlib on Sunday.", "195"),
        ("Ethiopian troops shelled villages near the Eritrean border.", "194"),
        # a seizure of people in an area is an arrest, not a capture of the place
        ("Israeli soldiers arrested twenty Palestinians in a sweep of the Jenin area.", "173"),
        ("Teachers in Kenya called off their strike on Monday.", "082"),
        ("The government of Ghana denied charges that it had rigged the election.", "016"),
    ],
)
def test_instruments_and_verb_phrases(code, text, expected):
    assert _top(code(text)).cameo_code == expected


def test_a_crowd_of_protesters_gathering_is_a_protest(code):
    [row] = code("Demonstrators gathered outside the parliament in Kampala on Tuesday.")
    assert (row.cameo_root, row.acled_sub_event_type) == ("14", "Peaceful protest")


def test_a_stranded_preposition_after_the_verb_is_its_particle(code):
    # the small model parses "on" here as a preposition without an object
    text = "Senators from Nigeria's All Progressives Congress called on Interior Minister Rauf Aregbesola to resign."  # noqa: E501
    assert _top(code(text)).cameo_code == "0241"
