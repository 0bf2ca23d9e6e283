"""Known actors from the PETRARCH2/Phoenix dictionaries: the converter, dated roles, the order
of lookup (parley's own tables and user dictionaries first)."""

from __future__ import annotations

import filecmp
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from extractors.mentions import extract_mentions
from normalize.actors import code_phrase
from normalize.coding import code_events
from normalize.data.convert_petrarch import (
    ACTOR_FILES,
    ACTORS_TARGET,
    AGENT_FILE,
    AGENTS_TARGET,
    VERB_FILE,
    VERBS_TARGET,
    convert,
    read_date,
)
from normalize.known import DatedCode, KnownActor, load_agents, load_known_actors
from normalize.lexicon import ROLE_CODES, load_lexicon
from storage.schema import Document

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference" / "petrarch2"

# A dictionary in the PETRARCH2 format, written for this test (the people are invented).
ACTORS = """\
# a comment line
RURITANIA_  [RUR]
+RURITANIAN_
+STRELSAU_

JOHANN_VON_TARLENHEIM_  ; CountryInfo.txt
+TARLENHEIM_
+PRESIDENT_TARLENHEIM+_JOHANN_TARLENHEIM
\t[RURELI 700101-991231]
\t[RURGOV 20000101-20101231] # President
\t[RURELI]
OLD_GUARD_FRONT_\t[RURREB] #  added 2013
NOBODY_IN_PARTICULAR_\t[---]
BAD_DATE_PERSON_\t[RURGOV 2004017-20061201] [RURELI]
"""
AGENTS = """\
!PERSON! = MAN, WOMAN
!MINIST! = MINISTER, MINISTRY
VINE!PERSON! [~AGR]
#BANKER [~BUS]
!MINIST! OF_ORCHARDS [~GOVAGR]
CHAMBER_OF_VINTNERS {CHAMBERS_OF_VINTNERS} [~BUS]
BISHOP_OF_STRELSAU [~CHRCTH]
UNITED_NATIONS_BODY [IGO~]
"""

VERBS = """\
# a verb dictionary in the CAMEO.2.0 format
&MONEY_
+CASH
+FUNDS
+HARD_CURRENCY

---  IMPLORE   [020]  ---
IMPLORE
ENTREAT {ENTREATS ENTREATED ENTREATING } [---]
+CALL_OUT_TO
SHOUT_+AT
- * (FOR &MONEY)                    [0231]        # IMPLORE
- * (FOR TALKS)                     [042:043]     # IMPLORE
- * LENIENCY                        [025]         # ENTREAT
- * PLEA                            [026]         # ENTREAT
- * PLEA                            [027]         # IMPLORE
- RIVALS *                          [045]         # a pattern on the subject
- * (UNDER PRESSURE) [:020]
"""


@pytest.fixture
def converted(tmp_path):
    for name in ACTOR_FILES:
        (tmp_path / name).write_text(ACTORS if name == ACTOR_FILES[0] else "")
    (tmp_path / AGENT_FILE).write_text(AGENTS)
    (tmp_path / VERB_FILE).write_text(VERBS)
    actors, agents = tmp_path / "actors.csv", tmp_path / "agents.csv"
    report = convert(tmp_path, actors, agents, tmp_path / "verbs.csv")
    return report, actors, agents


def test_the_converter_reads_names_synonyms_and_dated_codes(converted):
    report, actors, _ = converted
    assert actors.read_text().splitlines() == [
        "names,codes,source",
        "RURITANIA|RURITANIAN|STRELSAU,RUR,Phoenix.Countries.actors.txt:2",
        "JOHANN VON TARLENHEIM|TARLENHEIM|PRESIDENT TARLENHEIM|JOHANN TARLENHEIM,"
        "RURELI 1970-01-01..1999-12-31;RURGOV 2000-01-01..2010-12-31;RURELI,"
        "Phoenix.Countries.actors.txt:6",
        "OLD GUARD FRONT,RURREB,Phoenix.Countries.actors.txt:12",
        "NOBODY IN PARTICULAR,---,Phoenix.Countries.actors.txt:13",
        "BAD DATE PERSON,RURELI,Phoenix.Countries.actors.txt:14",
    ]
    assert report.unreadable_dates == ["Phoenix.Countries.actors.txt:14: [RURGOV 2004017-20061201]"]
    assert report.dated == 2


def test_the_converter_expands_agents(converted):
    _, _, agents = converted
    assert agents.read_text().splitlines() == [
        "term,code,source",
        "bishop of strelsau,CHRCTH,Phoenix.agents.txt:7",
        "chamber of vintners,BUS,Phoenix.agents.txt:6",
        "chambers of vintners,BUS,Phoenix.agents.txt:6",
        "minister of orchards,GOVAGR,Phoenix.agents.txt:5",
        "ministry of orchards,GOVAGR,Phoenix.agents.txt:5",
        "vineman,AGR,Phoenix.agents.txt:3",
        "vinewoman,AGR,Phoenix.agents.txt:3",
    ]
    # parley's roles: the first of the codes, a religion as REL, a body's prefix left out
    assert load_agents(ROLE_CODES, agents) == {
        "bishop of strelsau": "REL",
        "chamber of vintners": "BUS",
        "chambers of vintners": "BUS",
        "minister of orchards": "GOV",
        "ministry of orchards": "GOV",
        "vineman": "AGR",
        "vinewoman": "AGR",
    }


def test_the_converter_joins_verbs_and_patterns_into_parley_keys(tmp_path, converted):
    verbs = (tmp_path / "verbs.csv").read_text().splitlines()
    keys = {line.split(",")[0]: line.split(",")[1] for line in verbs[1:]}
    assert keys == {
        "implore": "020",  # the block's code; ENTREAT's own null code makes no key
        "call out to": "020",  # a multi-word verb marked at its first word
        "implore for cash": "0231",
        "implore for fund": "0231",
        "implore for funds": "0231",
        "entreat for cash": "0231",
        "entreat for fund": "0231",
        "entreat for funds": "0231",
        "call out to for cash": "0231",
        "call out to for fund": "0231",
        "call out to for funds": "0231",
        "implore for talks": "042",
        "implore for talk": "042",
        "entreat for talks": "042",
        "entreat for talk": "042",
        "call out to for talks": "042",
        "call out to for talk": "042",
        "implore leniency": "025",
        "entreat leniency": "025",
        "call out to leniency": "025",
        # a key listed twice: the pattern written for the verb (its comment) wins
        "implore plea": "027",
        "entreat plea": "026",
        "call out to plea": "026",  # written for neither: the first listed
    }


def test_two_digit_years_follow_petrarch2():
    assert read_date("051122") == date(2005, 11, 22)
    assert read_date("720101") == date(1972, 1, 1)
    assert read_date("18970101") == date(1897, 1, 1)
    assert read_date("2004017") is None
    assert read_date("991341") is None


def test_loading_chooses_the_code_by_date_and_skips_unknown_prefixes(converted):
    _, actors, _ = converted
    known = load_known_actors({"RUR"}, actors)
    person = known.get("TARLENHEIM")
    assert person.code_on(date(1985, 6, 1)) == "RURELI"
    assert person.code_on(date(2005, 6, 1)) == "RURGOV"
    assert person.code_on(date(2010, 12, 31)) == "RURGOV"  # limits are inclusive
    assert person.code_on(date(2015, 1, 1)) == "RURELI"  # the default after the dates
    assert person.code_on(None) == "RURELI"
    assert known.get("NOBODY IN PARTICULAR").code_on(None) is None  # the null code
    other = load_known_actors({"XYZ"}, actors)
    assert set(other.names) == {"NOBODY IN PARTICULAR"}  # the null code fits any country
    assert len(other.skipped) == 4


def test_a_dated_code_without_default_codes_nothing_outside_its_dates():
    entry = KnownActor((DatedCode("RURGOV", date(2000, 1, 1), None),), None, "test")
    assert entry.code_on(date(1999, 12, 31)) is None
    assert entry.code_on(date(2000, 1, 1)) == "RURGOV"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reference/petrarch2 is not present")
def test_the_committed_files_are_what_the_converter_writes(tmp_path):
    actors, agents, verbs = tmp_path / "actors.csv", tmp_path / "agents.csv", tmp_path / "v.csv"
    report = convert(SHARED, actors, agents, verbs)
    assert report.entries > 25_000 and report.agents > 3_000 and report.verbs > 50_000
    assert filecmp.cmp(actors, ACTORS_TARGET, shallow=False)
    assert filecmp.cmp(agents, AGENTS_TARGET, shallow=False)
    assert filecmp.cmp(verbs, VERBS_TARGET, shallow=False)


@pytest.mark.parametrize(
    ("text", "when", "code"),
    [
        # Haiti's head of government from September 1988 to March 1990, of the elite otherwise
        ("Prosper Avril", date(1989, 6, 1), "HTIGOV"),
        ("Prosper Avril", date(1995, 6, 1), "HTIELI"),
        ("General Prosper Avril", date(1989, 6, 1), "HTIMIL"),  # the phrase's own role wins
        ("Sergei Shoigu", date(2019, 6, 1), "RUSGOV"),
        ("narendra modi", date(2019, 6, 1), "INDGOV"),  # lower-case newswire
        ("Hezbollah", None, "LBNREBHEZ"),
        ("Denver police", None, "USACOP"),  # a city of the country's entry
        ("the vineyard owner and his cattlemen", None, "AGR"),  # a role noun of the agents
    ],
)
def test_known_actors_code_what_parley_does_not_list(lexicon, text, when, code):
    assert code_phrase(text, lexicon, when).code == code


def test_known_actors_do_not_override_parleys_own_decisions(lexicon):
    # a people on a neighbour's border is no party (parley's country table decides)
    assert code_phrase("the Thai border", lexicon).code is None
    # a one-word name followed by another capitalised word is a given name
    assert code_phrase("Farah Ahmed", lexicon).code is None
    # parley's own people table first: listed there without dates
    assert code_phrase("Angela Merkel", lexicon, date(1990, 1, 1)).code == "DEUGOV"


def test_a_user_dictionary_overrides_a_known_actor(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("people:\n  HTIMIL: [Prosper Avril]\n")
    assert code_phrase("Prosper Avril", load_lexicon([user]), date(1989, 6, 1)).code == "HTIMIL"


def test_a_document_codes_a_known_person_by_its_own_date(nlp, lexicon, gazetteer):
    text = "Prosper Avril met the French ambassador in Port-au-Prince on Monday."

    def actor1(published: datetime) -> str | None:
        document = Document("d1", text, "0" * 64, "test", published_at=published)
        rows = code_events(
            document, extract_mentions(nlp(text), lexicon.event_nouns), lexicon, gazetteer
        )
        return rows[0].actor1_code

    assert actor1(datetime(1989, 6, 5, tzinfo=UTC)) == "HTIGOV"
    assert actor1(datetime(1996, 6, 5, tzinfo=UTC)) == "HTIELI"


def test_a_word_for_ordinary_people_names_no_group(tmp_path):
    table = tmp_path / "actors.csv"
    table.write_text(
        "names,codes,source\n"
        "LANDJUGEND|YOUTH,RURREB,test:1\n"
        "RURITANIAN YOUTH LEAGUE,RURPTY,test:2\n"
    )
    known = load_known_actors({"RUR"}, table, common_nouns={"YOUTH", "VILLAGER"})
    assert known.get("YOUTH") is None
    assert known.get("LANDJUGEND").code_on(None) == "RURREB"  # the group's own name stays
    assert known.get("RURITANIAN YOUTH LEAGUE").code_on(None) == "RURPTY"
    assert known.skipped == ["test:1: 'YOUTH' is a common noun"]


def test_the_shipped_lexicon_reads_youth_as_civilians():
    from normalize.lexicon import default_lexicon

    assert default_lexicon().known.get("YOUTH") is None


def test_a_body_of_no_one_country_is_kept_by_its_role_code(tmp_path):
    table = tmp_path / "actors.csv"
    table.write_text("names,codes,source\nRURITANIAN WIRE|THE WIRE,MED,test:1\nNOBODY,XYZ,test:2\n")
    known = load_known_actors({"RUR"}, table, roles={"MED", "GOV"})
    assert known.get("THE WIRE").code_on(None) == "MED"
    assert known.get("NOBODY") is None  # not a country's code, nor a role's
    without_roles = load_known_actors({"RUR"}, table)
    assert without_roles.get("THE WIRE") is None
    assert len(without_roles.skipped) == 2
