"""Actor coding: countries, roles, organisations, regions, and the document registry."""

from __future__ import annotations

import pytest

from extractors.mentions import ActorSpan, PersonMention
from normalize.actors import (
    Registry,
    build_registry,
    code_actor,
    code_phrase,
    countries_in,
    countries_named_in,
    with_country,
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("Chinese Foreign Minister Wang Yi", "CHNGOV", "China"),
        ("Israeli troops", "ISRMIL", "Israel"),
        ("the Kremlin", "RUSGOV", "Kremlin"),
        ("Beijing", "CHNGOV", "China"),
        ("Western nations", "WST", "Western nations"),
        ("opposition leader", "OPP", None),
        ("rebel commander", "REB", None),
        ("Nigerian police", "NGACOP", "Nigeria"),
        ("the UN Security Council", "IGOUNO", "United Nations"),
        ("Hamas militants", "PSEREBHMS", "Hamas"),
        ("Senior Hungarian officials", "HUNGOV", "Hungary"),
        ("protesters", "CVL", None),
        # plurals no suffix rule undoes; "armed men" are no civilians
        ("two women and their children", "CVL", None),
        ("unknown armed men", "UAF", None),
        ("China", "CHN", "China"),
        ("the strength of the relationship", None, None),
        # a hyphenated title's own words, not a cause's ("anti-government")
        ("Vice-President Moody Awori", "GOV", None),
        ("anti-government groups", None, None),
        # a misspelt country name is still the country; a near name of another kind is not
        ("Ethopia", "ETH", "Ethiopia"),
        ("Quatar's emir", "QATGOV", "Qatar"),
        ("the Indiana governor", "USAGOV", "United States"),  # a US state, not India
        ("forces", "MIL", None),
        # the state's forces, not its government; Iraq's militias made part of its army
        ("government forces", "MIL", None),
        ("the Popular Mobilization Forces", "IRQMIL", "Popular Mobilization Forces"),
        # people ACLED's notes name often: squatters, pastoralists, miners, the displaced
        ("Fulani pastoralists", "CVL", None),
        ("squatters", "CVL", None),
        ("artisanal miners", "LAB", None),
        ("IDPs", "REF", None),
        # a people is not its kin state; a border force is its own country's
        ("ethnic Albanians", "CVL", None),
        ("Islamic fundamentalists", "REL", None),
        ("Burundian militiamen", "BDIREB", "Burundi"),
        # abbreviated ranks; the country from the known-actor dictionary (Haiti)
        ("Lt. Gen. Prosper Avril", "HTIMIL", "Prosper Avril"),
        ("U.S. border patrol agents", "USASPY", "United States"),
        # well-known people: their country when the text gives none; the text's own
        # nationality and role come first
        ("Putin", "RUSGOV", "Putin"),
        ("President Abdelaziz Bouteflika", "DZAGOV", "Abdelaziz Bouteflika"),
        ("The Bush administration", "USAGOV", "United States"),
        ("Archbishop Desmond Tutu", "ZAFREL", "Desmond Tutu"),
        ("Jean Chrétien", "CANGOV", "Jean Chretien"),
        ("Kofi Annan", "IGOUNO", "Kofi Annan"),
        ("Israeli lawmaker Abbas", "ISRLEG", "Israel"),
        ("Bushehr", None, None),
        ("Sharon Mwangi", None, None),  # a given name, not Ariel Sharon's surname
        ("Ansa news agency", "MED", None),
        ("Biden's Twitter account", "USAGOV", "United States"),
        # armed movements and international bodies beyond the manual's own
        ("The UNITA militarist wing", "AGOREBUNI", "UNITA"),
        ("the International Labor Office", "IGOUNOILO", "International Labour Organization"),
        ("the Organization of African Unity", "IGOAFR", "African Union"),
        # names longer than five words
        ("The Economic Community of West African States", "IGOECW", "ECOWAS"),
        (
            "the Organisation for the Prohibition of Chemical Weapons",
            "IGOOPW",
            "Organisation for the Prohibition of Chemical Weapons",
        ),
        ("A terror group", "REB", None),
        # a people that lives in one country is that country's
        ("Ibo traditional elders", "NGA", "Nigeria"),
        ("Kikuyu farmers", "KENCVL", "Kenya"),
        ("Chechen rebels", "RUSREB", "Russia"),
        # a party's members; a counterpart is of a government
        ("House Democrats", "PTY", None),
        ("Republicans", "PTY", None),
        ("his Malawian counterpart", "MWIGOV", "Malawi"),
        # an officer with no force named is a police officer; an army's is the army's
        ("two French officers", "FRACOP", "France"),
        ("Nigerian army officers", "NGAMIL", "Nigeria"),
        ("Red Hat's Chief Technical Officer Chris Wright", "BUS", None),
    ],
)
def test_code_phrase(lexicon, text, code, name):
    coded = code_phrase(text, lexicon)
    assert (coded.code, coded.name) == (code, name)


def _span(text: str, entity: str | None = None, label: str | None = None) -> ActorSpan:
    return ActorSpan(text, 0, len(text), text.split()[-1], text.split()[-1].lower(), entity, label)


def test_registry_resolves_later_bare_names(lexicon):
    registry = build_registry(
        [
            PersonMention("Wang Yi", "Chinese Foreign Minister"),
            PersonMention("Sergey Lavrov’s", "Russian Foreign Minister"),
        ],
        lexicon,
    )
    wang = code_actor(_span("Wang", "Wang", "ORG"), lexicon, registry)
    assert (wang.name, wang.code, wang.country, wang.role) == ("Wang Yi", "CHNGOV", "CHN", "GOV")
    lavrov = code_actor(_span("Lavrov"), lexicon, registry)
    assert (lavrov.name, lavrov.code) == ("Sergey Lavrov", "RUSGOV")


def test_ambiguous_name_parts_are_not_resolved(lexicon):
    registry = build_registry(
        [
            PersonMention("John Smith", "British Minister"),
            PersonMention("Anna Smith", "US Senator"),
        ],
        lexicon,
    )
    assert "Smith" not in registry
    assert registry["Anna Smith"].code == "USALEG"


def test_apposition_codes_a_bare_name(lexicon):
    span = ActorSpan(
        "Lavrov", 0, 6, "Lavrov", "lavrov", "Lavrov", "PERSON", "Russia's foreign minister"
    )
    coded = code_actor(span, lexicon, Registry())
    assert (coded.name, coded.code) == ("Lavrov", "RUSGOV")


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Security forces in Guinea detained three journalists.", "GINCOP"),
        ("Ethnic Hungarians in Romania demanded more autonomy.", "ROUCVL"),
        ("Israeli troops in Lebanon shelled a village.", "ISRMIL"),  # a state's forces abroad
    ],
)
def test_a_group_is_coded_where_its_phrase_places_it(code, text, actor1):
    assert code(text)[0].actor1_code == actor1


def test_people_with_no_code_take_the_country_they_are_in(code):
    [row] = code("Militants released hostages in Iraq on Monday.")
    assert (row.actor2_text, row.actor2_code) == ("hostages", "IRQ")
    [row] = code("Militants released prisoners in Iraq on Monday.")  # a role of their own
    assert (row.actor2_text, row.actor2_code) == ("prisoners", "IRQCVL")


def test_a_phrase_owned_by_the_speaker_takes_the_speakers_country(code):
    rows = code("Bosnian Serbs said on Tuesday their forces had completed their withdrawal.")
    assert [(r.actor1_text, r.actor1_code) for r in rows if r.cameo_root == "08"] == [
        ("their forces", "BIHMIL")
    ]


def test_a_state_organ_acting_on_the_only_country_named_is_not_placed_in_it(code):
    [row] = code("President Kowalski threatened further action against Russia on Monday.")
    assert (row.actor1_code, row.actor2_code) == ("GOV", "RUS")
    # its own country's officials, investigated at home, place it there
    [row] = code("Judge Alejandro Rivera opened investigations against Chilean officials.")
    assert row.actor1_code == "CHLJUD"


def test_a_currency_is_not_a_country(code):
    rows = code("Ousted president Aristide was accused of misusing US $50 million in funds.")
    assert all("USA" not in (r.actor1_code or "") + (r.actor2_code or "") for r in rows)


def test_a_group_led_by_a_country_is_that_countrys(code):
    [row] = code("Vietnamese-led forces shelled guerrilla camps near the border.")
    assert (row.actor1_text, row.actor1_code) == ("Vietnamese-led forces", "VNMMIL")


def test_a_main_verb_misread_as_a_participle_keeps_the_sentences_subject(code):
    text = (
        "Nurses from three Swedish charities donated and personally delivered $9,000 worth "
        "of blankets to a school in Mosul."
    )
    rows = code(text)
    assert {(r.action_text, r.actor1_text, r.actor1_code) for r in rows} == {
        ("donated", "Nurses", "SWEHLH"),
        ("delivered", "Nurses", "SWEHLH"),
    }


def test_a_protest_read_as_a_participle_is_the_crowds(code):
    # the parser reads "protested" as a participle after the noun ("teachers who were
    # protested"); nobody is protested, so the noun is who protests
    [row] = code("Around 300 teachers protested in Kisii town over delayed salaries.")
    assert (row.actor1_text, row.actor1_code, row.actor2_text) == ("300 teachers", "KENEDU", None)
    [row] = code("On 11 November 2018, supporters of the opposition protested in Dhaka.")
    assert (row.actor1_text, row.actor1_code) == ("supporters of the opposition", "BGDOPP")
    assert (row.acled_sub_event_type, row.interaction) == ("Peaceful protest", "Protesters")


def test_where_a_weapon_was_made_is_no_target(code):
    [row] = code(
        "Israel reinforced its troops in Lebanon after the discovery of Russian-made rockets."
    )
    assert (row.actor2_code, row.actor2_text) == ("LBN", None)


def test_people_from_an_international_body_are_that_body(code):
    rows = code("The prime minister received a mission of observers from the OSCE on Monday.")
    assert [(r.actor2_text, r.actor2_code) for r in rows] == [("observers", "IGOOSC")]


def test_a_people_is_coded_where_it_lives_and_a_border_names_no_party(code):
    [row] = code("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.")
    assert row.actor1_code == "SRBCVL"
    [row] = code("Burmese troops captured a rebel stronghold on the Thai border on Monday.")
    assert row.actor2_code is None or not row.actor2_code.startswith("THA")
    # "the border with X" is X's edge seen from the other side: not where the event is
    rows = code("Gunmen killed a farmer in the village of Koalou near the border with Benin.")
    assert rows and all(r.country_iso3 != "BEN" for r in rows)


def test_groups_a_state_acts_on_are_at_home_in_it(code):
    rows = code(
        "The Sudanese government accused Darfur rebels of violating the ceasefire, a member of "
        "the Chadian team said."
    )
    assert [r.actor2_code for r in rows if r.action_text == "accused"] == ["SDNREB"]


def test_a_shelter_stands_for_its_people_and_a_passives_doer_does_what_follows(code):
    rows = code("A camp for Congolese refugees was attacked by gunmen, killing twenty people.")
    assert {(r.action_text, r.actor1_text, r.actor2_code) for r in rows} >= {
        ("attacked", "gunmen", "CODREF"),
    }
    assert [r.actor1_text for r in rows if r.action_text == "killing"] == ["gunmen"]


@pytest.mark.parametrize(
    ("text", "named", "by_name"),
    [
        ("Shells fell on the port, the worst fighting in northern Lebanon.", ["LBN"], ["LBN"]),
        ("The U.S. and Kenya signed a deal.", ["USA", "KEN"], ["USA", "KEN"]),
        ("Militias fought in Tripoli, Lebanese officials said.", ["LBY", "LBN"], ["LBN"]),
        ("Oil rose to US $80 a barrel.", [], []),
        # a street named after a capital names no country: Cairo Road is in Lusaka
        ("Police fired tear gas near the Cairo Road market.", [], []),
        ("They marched down Moscow Avenue to the Kenyan parliament.", ["KEN"], ["KEN"]),
    ],
)
def test_countries_a_text_names(lexicon, text, named, by_name):
    assert countries_in(text, lexicon) == named
    assert countries_named_in(text, lexicon) == by_name  # a capital may be another city


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a region whose name holds another country's name is its own country's
        ("The governor of New Jersey", "USAGOV"),
        ("New South Wales police", "AUSCOP"),
        ("British Columbia officials", "CANGOV"),
        ("Inner Mongolia police", "CHNCOP"),
        # the country itself still is
        ("Jersey officials", "JEYGOV"),
    ],
)
def test_regions_named_after_other_countries(lexicon, text, code):
    assert code_phrase(text, lexicon).code == code


def test_a_street_named_after_a_capital_does_not_place_the_police(code):
    rows = code(
        "Opposition supporters marched through central Lusaka on Wednesday. Police fired tear "
        "gas to disperse the crowd near the Cairo Road market."
    )
    [fired] = [r for r in rows if r.action_text == "fired"]
    assert (fired.actor1_code, fired.actor1_country) == ("COP", None)  # not EGYCOP
    assert fired.location_text == "near the Cairo Road market"  # kept as written


def test_a_site_is_where_an_event_happens_not_whom_it_is_done_to(code):
    [row] = code("Rival student groups clashed at Rajshahi University on Tuesday.")
    assert row.actor2_text is None
    assert (row.location_text, row.location, row.country_iso3) == (
        "at Rajshahi University",
        "Rajshahi",
        "BGD",
    )
    # the seat of a body a protest is aimed at is still its target
    [row] = code("Protesters gathered at the US embassy in Nairobi.")
    assert (row.actor2_code, row.country_iso3) == ("USAGOV", "KEN")


def test_an_organisations_name_inside_a_longer_name_is_not_that_organisation(lexicon):
    assert code_phrase("the Democratic Alliance", lexicon).code == "ZAFPTYDAL"
    assert code_phrase("members of Left Democratic Alliance", lexicon).code is None
    assert code_phrase("supporters of the Kenyan ODM", lexicon).code == "KENPTYODM"
    assert code_phrase("Eighty UN peacekeepers", lexicon).code == "IGOUNOPKO"  # a number


def test_a_news_organization_of_no_one_country_is_given_none(lexicon):
    for name in ("Wikinews", "Reuters"):  # parley's own table; the Phoenix dictionaries
        coded = code_phrase(name, lexicon)
        assert (coded.code, coded.role, coded.stateless) == ("MED", "MED", True)
        assert with_country(coded, "KEN") == coded
    assert code_phrase("NDTV", lexicon).code == "INDMED"
    assert with_country(code_phrase("journalists", lexicon), "KEN").code == "KENMED"


def test_a_capital_named_in_a_story_of_another_country_is_that_countrys_town(code):
    """Libya's capital shares its name with a Lebanese port: in a story of Lebanon, militias
    in Tripoli are Lebanon's; in a story naming no other country, Libya's."""
    [ended] = code(
        "Syrian officers ended their mediation between rival militias in Tripoli as shells "
        "kept falling on the north Lebanese port."
    )
    assert ended.actor2_code == "LBNREB"
    rows = code("Rebels in Tripoli attacked the airport on Monday.")
    assert [r.actor1_code for r in rows if r.action_text == "attacked"] == ["LBYREB"]
