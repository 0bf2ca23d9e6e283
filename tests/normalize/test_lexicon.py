"""The data files load, agree with the codebook, and bad user dictionaries name file and line."""

from __future__ import annotations

import pytest

from normalize.actors import code_phrase
from normalize.lexicon import LexiconError, load_lexicon, merge_dictionary_file

EXPECTED_QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 2,
                 "10": 3, "11": 3, "12": 3, "13": 3, "14": 3, "15": 4, "16": 4, "17": 4, "18": 4,
                 "19": 4, "20": 4}  # fmt: skip


def test_codebook_is_complete_and_consistent(lexicon):
    assert len(lexicon.cameo) == 318
    for code, entry in lexicon.cameo.items():
        assert code.startswith(entry.root) and len(entry.root) == 2
        assert entry.quad_class == EXPECTED_QUAD[entry.root], code
        assert -10.0 <= entry.goldstein <= 10.0
    assert lexicon.cameo["042"].name == "Make a visit"
    assert lexicon.cameo["190"].plover == "ASSAULT"


def test_verb_lexicon_covers_every_root(lexicon):
    roots = {lexicon.cameo[code].root for code in lexicon.verbs.values()}
    assert roots == set(EXPECTED_QUAD)
    assert lexicon.verbs["call for"] == "020"
    assert lexicon.verbs["hold talk"] == "040"
    assert {"meeting", "talk", "visit", "attack"} <= lexicon.event_nouns


def test_countries_carry_demonyms_and_capitals(lexicon):
    assert lexicon.country_terms["Chinese"] == ("CHN", "demonym")
    assert lexicon.country_terms["Beijing"] == ("CHN", "capital")
    assert lexicon.country_terms["Kremlin"][0] == "RUS"
    assert lexicon.countries["ROU"].name == "Romania"


def test_a_user_dictionary_adds_words(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        'verbs:\n  "173": [round up suspect]\norganizations:\n  NGOHRIXYZ: [Watchful Eye]\n'
        'armed:\n  "192": [slip into]\n'
    )
    lex = load_lexicon([path])
    assert lex.verbs["round up suspect"] == "173"
    assert lex.armed_verbs["slip into"] == "192" and "slip into" not in lex.verbs
    assert lex.organizations["Watchful Eye"] == "NGOHRIXYZ"


def test_a_user_dictionary_adds_people(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("people:\n  KENOPP: [Wanjiru Kamau, Kamau]\n")
    lex = load_lexicon([path])
    assert code_phrase("Kamau", lex).code == "KENOPP"
    assert code_phrase("Wanjiru Kamau", load_lexicon()).code is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('verbs:\n  "999": [zap]\n', r"mine.yaml:2: unknown CAMEO code '999'"),
        (
            'verbs:\n  "173": [arrest]\n  "180": [arrest]\n',
            r"mine.yaml:3: 'arrest' is listed for both",
        ),
        ("verbs:\n  '173': arrest\n", r"mine.yaml:2: '173' must map to a list"),
        ("roles:\n  strong:\n    XYZ: [wizard]\n", r"mine.yaml:3: unknown role 'XYZ'"),
        ("verb:\n  '173': [x]\n", r"mine.yaml:1: unknown section 'verb'"),
        ('armed:\n  "999": [slip into]\n', r"mine.yaml:2: unknown CAMEO code '999'"),
        ("verbs: [\n", r"mine.yaml: not valid YAML"),
        ("people:\n  XYZGOV: [Some One]\n", r"mine.yaml:2: person code 'XYZGOV' is not"),
        ("people:\n  RUSGOV: [Putin]\n  USAGOV: [Putin]\n", r"mine.yaml:3: 'Putin' is listed"),
    ],
)
def test_malformed_user_dictionaries_name_file_and_line(tmp_path, lexicon, content, message):
    path = tmp_path / "mine.yaml"
    path.write_text(content)
    with pytest.raises(LexiconError, match=message):
        merge_dictionary_file(load_lexicon(), path)


def test_wordnet_nouns_with_no_sense_of_someone_are_things(tmp_path):
    from normalize.data.convert_wordnet import convert
    from normalize.lexicon import load_thing_nouns

    folder = tmp_path / "dict"
    folder.mkdir()
    (folder / "data.noun").write_text(
        "  1 This software and database is being provided to you\n"
        "03791235 06 n 01 medal 0 000 | an award\n"
        "08337324 14 n 02 police 0 police_force 0 000 | the force\n"
        "03614007 06 n 02 court 0 courtroom 0 000 | a room\n"
        "08329453 14 n 01 court 0 000 | an assembly\n"
        "10020890 18 n 01 critic 0 000 | a person\n"
        "08966079 15 n 01 Aachen 0 000 | a city\n"
        # a craft and its kinds stand for the force that uses them
        "03130521 06 n 01 craft 0 000 | a vehicle\n"
        "04537861 06 n 02 vessel 0 watercraft 0 001 @ 03130521 n 0000 | a craft\n"
        "04348988 06 n 01 submarine 0 001 @ 04537861 n 0000 | a vessel\n",
        encoding="utf-8",
    )
    target = tmp_path / "thing_nouns.txt"
    assert convert(folder, target) == 2
    # a court is a room and a body of people: someone may stand behind it
    assert load_thing_nouns(target) == {"medal", "courtroom"}


def test_the_packaged_thing_nouns_are_wordnets():
    from normalize.lexicon import load_thing_nouns

    things = load_thing_nouns()
    assert len(things) > 30_000
    assert {"medal", "instruction", "circulation"} <= things
    assert not {"police", "critic", "government", "group", "newspaper"} & things
