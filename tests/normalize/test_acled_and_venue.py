"""ACLED categories and venues (attached, nested, object, dateline) on sentences written here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extractors.mentions import extract_mentions, find_dateline
from normalize import acled
from normalize.acled import TERRITORY_TAKEN, load_rules
from normalize.coding import code_events
from storage.schema import Document
from tests.normalize.conftest import PUBLISHED


@pytest.fixture(scope="module")
def code(nlp, lexicon, gazetteer):
    def run(text: str):
        document = Document(
            "d1", text, "0" * 64, "test", published_at=datetime(2024, 4, 10, tzinfo=UTC)
        )
        return code_events(
            document, extract_mentions(nlp(text), lexicon.event_nouns), lexicon, gazetteer
        )

    return run


def test_every_mapped_sub_type_is_an_acled_sub_type():
    rules = load_rules()
    assert len(rules.types) == 25
    assert {sub for sub, _ in rules.instruments} <= set(rules.types)


@pytest.mark.parametrize(
    ("text", "sub_event", "event_type"),
    [
        ("Government warplanes bombed rebel positions near Idlib.", "Air/drone strike",
         "Explosions/Remote violence"),
        ("Rebels shelled the town with mortars.", "Shelling/artillery/missile attack",
         "Explosions/Remote violence"),
        ("A roadside bomb killed three soldiers near Kandahar.", "Remote explosive/landmine/IED",
         "Explosions/Remote violence"),
        ("Five soldiers were killed when their truck hit an anti-tank mine near Marib.",
         "Remote explosive/landmine/IED", "Explosions/Remote violence"),
        ("Gunmen killed four villagers in the market.", "Attack", "Violence against civilians"),
        ("Soldiers clashed with rebels near the border.", "Armed clash", "Battles"),
        ("Thousands of protesters marched through the capital.", "Peaceful protest", "Protests"),
        ("Police fired tear gas to disperse the protesters.", "Protest with intervention",
         "Protests"),
        ("Police arrested two opposition activists.", "Arrests", "Strategic developments"),
        ("Militants kidnapped two aid workers.", "Abduction/forced disappearance",
         "Violence against civilians"),
        ("Rebels captured the town of Marib.", "Non-state actor overtakes territory", "Battles"),
        ("Two hundred soldiers defected to the rebels.", "Change to group/activity",
         "Strategic developments"),
        ("A rocket-propelled grenade hit a police car in Mosul.",
         "Shelling/artillery/missile attack", "Explosions/Remote violence"),
        ("Militants tried to storm the police headquarters in Quetta.", "Armed clash", "Battles"),
        # storming a village is an assault on it, not yet holding it
        ("Gunmen stormed a village near Beni on Monday, killing twelve civilians.", "Attack",
         "Violence against civilians"),
        ("Protesters tried to storm the parliament in Belgrade.", "Violent demonstration",
         "Riots"),
        ("A mob went on a rampage in the town of Jos.", "Mob violence", "Riots"),
        ("Opposition fighters retook the town of Saraqeb on Thursday.",
         "Non-state actor overtakes territory", "Battles"),
        ("A new Turkish military point was established near Idlib on Monday.",
         "Headquarters or base established", "Strategic developments"),
        # the weapon as the actor: no weapons seized, no attack by hand
        ("Turkish jets destroyed weapon depots used by militants in northern Iraq.",
         "Air/drone strike", "Explosions/Remote violence"),
        ("Militants lost dozens of fighters in raids by army choppers near Hama.",
         "Air/drone strike", "Explosions/Remote violence"),
        ("Hundreds of angry locals went on a looting spree in Durban.",
         "Looting/property destruction", "Strategic developments"),
    ],
)  # fmt: skip
def test_acled_types(code, text, sub_event, event_type):
    rows = [e for e in code(text) if e.acled_sub_event_type]
    assert rows, [(e.cameo_code, e.acled_sub_event_type) for e in code(text)]
    assert (rows[0].acled_sub_event_type, rows[0].acled_event_type) == (sub_event, event_type)
    assert rows[0].acled_disorder_type


def test_a_protest_whose_crowd_turns_violent_is_a_violent_demonstration(code, monkeypatch):
    monkeypatch.setattr(acled, "learned_type", lambda sentence: None)  # the rules alone
    march = "Traders marched through Kisumu on Monday against new market fees."
    [alone] = [e for e in code(march) if e.action_text == "marched"]
    assert alone.acled_sub_event_type == "Peaceful protest"
    told = code(march + " The marchers later burnt down two council offices.")
    marched = next(e for e in told if e.action_text == "marched")
    assert marched.acled_sub_event_type == "Violent demonstration"
    # a crowd's violence at another place written for it is another incident
    residents = "Residents marched through Kisumu on Monday against new market fees."
    elsewhere = code(residents + " Youths later burnt down two council offices in Eldoret.")
    marched = next(e for e in elsewhere if e.action_text == "marched")
    assert marched.acled_sub_event_type == "Peaceful protest"
    assert any(
        e.acled_sub_event_type in {"Mob violence", "Violent demonstration"} for e in elsewhere
    )


@pytest.mark.parametrize(
    ("text", "actor_type"),
    [
        ("supporters of the two aspirants", "Rioters"),
        ("ruling party youths", "Rioters"),
        ("armed supporters of the former president", "Rebel groups"),
        ("villagers", "Civilians"),
    ],
)
def test_followers_of_a_party_are_rioters_unless_armed(text, actor_type):
    assert acled.actor_type(None, text) == actor_type


def test_interaction_names_both_actor_types(code):
    [row] = [e for e in code("Soldiers killed four villagers.") if e.cameo_code == "186"]
    assert row.interaction == "State forces-Civilians"


def test_talks_have_no_acled_type(code):
    rows = code("France held talks with Germany in Paris.")
    assert rows and all(e.acled_event_type is None for e in rows)


def test_venue_nested_in_the_event_phrase(code):
    # killed by shelling: one event, coded as artillery fire (194), placed in Khanasir
    [row] = [e for e in code("Three civilians were killed in shelling on the town of Khanasir.")
             if e.action_text == "killed"]  # fmt: skip
    assert row.cameo_code == "194"
    assert "Khanasir" in row.location_text


def test_object_of_a_material_event_is_its_venue(code):
    rows = [e for e in code("Eritrean troops captured the town of Badme.") if e.cameo_root == "19"]
    assert rows and rows[0].location_text == "the town of Badme"


def test_topic_place_of_a_verbal_event_is_not_its_venue(code):
    rows = code("Egypt criticized the siege of Gaza.")
    assert rows and all(e.location is None for e in rows)


def test_dateline_is_the_fallback_venue(code):
    assert find_dateline("GAZA CITY - Hamas said ...").name == "Gaza City"
    assert find_dateline("KYIV, Ukraine (AP) — Russia fired").name == "Kyiv"
    assert find_dateline("The minister said") is None
    rows = code("NAIROBI - Police arrested two opposition activists on Monday.")
    assert rows[0].location == "Nairobi" and rows[0].country_iso3 == "KEN"


def test_an_actor_after_a_dateline_is_written_without_its_blanks(nlp, lexicon, gazetteer):
    from normalize.batch import code_documents

    # the batch blanks the dateline out before parsing; the actor's words start after it
    text = "LUSAKA, Zambia (Parley Wire) - Zambia's President met Malawi's President."
    document = Document("d1", text, "0" * 64, "test", published_at=PUBLISHED)
    rows = code_documents([document], nlp, lexicon, gazetteer).events
    [met] = [e for e in rows if e.action_text == "met"]
    assert met.actor1_text == "Zambia's President" and met.actor1_code == "ZMBGOV"


def test_a_clause_told_beside_the_event_keeps_its_place(code):
    rows = code("Kenya and Uganda sign a border pact as protests flare in Kisumu.")
    [sign] = [e for e in rows if e.action_text == "sign"]
    assert sign.location_text is None


def test_a_dateline_below_a_headline_is_the_storys():
    from extractors.venues import mask_dateline

    text = "Kenya and Uganda sign a border pact\n\nKAMPALA, Uganda - The two presidents signed."
    assert find_dateline(text).name == "Kampala"
    masked, _ = mask_dateline(text)
    assert masked.startswith("Kenya and Uganda sign") and "KAMPALA" not in masked
    assert len(masked) == len(text)  # offsets hold
    # a paragraph of several lines above is no headline
    assert find_dateline("Line one\nline two\n\nKAMPALA, Uganda - Talks began.") is None


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        # a place the tagger labels something else, kept because the gazetteer knows it
        ("A reporter was shot on the outskirts of Karachi on Monday.", "Karachi"),
        ("In Samarra, a merchant was killed by gunmen.", "Samarra"),
        # a place naming the nominal event the trigger is attached to
        ("At least 20 fighters have been killed in the Mosul campaign so far.", "Mosul"),
        # a place inside the clause of a material event
        ("Gunmen killed a merchant in the central bazaar of Kirkuk.", "Kirkuk"),
    ],
)
def test_venues_the_tagger_misses(code, text, venue):
    rows = [e for e in code(text) if e.quad_class == 4]
    assert rows and venue in (rows[0].location_text or ""), [
        (e.action_text, e.location) for e in rows
    ]


def test_an_unknown_name_the_tagger_calls_an_organisation_is_no_venue(code):
    rows = code("Police arrested two men in Acme Holdings on Monday.")
    assert all(e.location_text is None for e in rows)


def test_a_name_no_one_knows_written_as_a_place_is_the_venue_as_written(code):
    # neither the tagger nor the gazetteer knows the village: kept as written, no coordinates
    [row] = code("Three insurgents were killed near Aqrabat on Monday.")
    assert (row.location_text, row.latitude) == ("near Aqrabat", None)
    [row] = code("The Egyptian foreign minister held talks at Aqrabat on Monday.")
    assert row.location_text == "at Aqrabat"
    # a name the dictionaries know as an actor's is no place
    [row] = code("The Egyptian foreign minister held talks at Abbas on Monday.")
    assert row.location_text is None


def test_a_venue_the_gazetteer_does_not_know_is_near_the_place_its_sentence_names(code):
    rows = code("An angry mob lynched a driver at Asuokyene in the Jomoro District on Monday.")
    lynched = next(r for r in rows if r.action_text == "lynched")
    assert (lynched.location_text, lynched.location, lynched.country_iso3) == (
        "at Asuokyene",
        "Jomoro",
        "GHA",
    )
    assert lynched.geo_precision == 2
    [row] = code("Thousands of protesters marched in D.C. on Saturday.")
    assert (row.location, row.country_iso3) == ("Washington, D.C.", "USA")


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "Police seized seven illegal firearms and 200 rounds of ammunition.",
            "Disrupted weapons use",
        ),
        ("Police seized a grenade launcher in Debre Berhan.", "Disrupted weapons use"),
        ("Soldiers defused a roadside bomb near Kandahar.", "Disrupted weapons use"),
        (
            "Turkish forces have set up a new observation post in Idlib province.",
            "Headquarters or base established",
        ),
        (
            "US forces established a new military base near Manbij.",
            "Headquarters or base established",
        ),
        ("Taliban fighters attacked a checkpoint in Jawzjan, killing 12.", "Armed clash"),
        ("Boko Haram militants attacked two military bases in Borno State.", "Armed clash"),
        (
            "Security forces shot live rounds to clear protests in Baghdad.",
            "Excessive force against protesters",
        ),
    ],
)
def test_strategic_developments_and_armed_targets(code, text, sub_event):
    assert sub_event in {e.acled_sub_event_type for e in code(text)}, [
        (e.cameo_code, e.acled_sub_event_type) for e in code(text)
    ]


def test_a_protest_falls_on_the_country_it_happens_in(code):
    [row] = [
        e for e in code("Thousands of people protested in Lagos on Monday against fuel prices.")
    ]
    assert row.cameo_root == "14"
    assert (row.actor2_code, row.actor2_text) == ("NGA", None)  # inferred, not read
    assert row.interaction == "Protesters"  # the crowd is ACLED's protesters


def test_talks_abroad_do_not_target_the_host(code):
    rows = code("Kenya and Uganda held talks in Geneva.")
    assert rows and all(e.actor2_code != "CHE" for e in rows)


def test_the_most_specific_name_of_a_nested_place(code):
    [row] = code("Two Kenyan soldiers were killed in Somalia's southern city of Kismayo.")
    assert row.location == "Kismayo"


def test_violence_in_one_sentence_shares_its_place(code):
    rows = code(
        "Two Afghan soldiers were killed on Monday, and five others were wounded in an ambush "
        "in Kandahar."
    )
    killed = next(e for e in rows if e.action_text == "killed")
    assert killed.location == "Kandahar"


def test_a_coordinated_clause_keeps_its_place_to_itself(code):
    rows = code("The Afghan minister praised the police, and rebels attacked a convoy in Kandahar.")
    praised = next(e for e in rows if e.action_text == "praised")
    attacked = next(e for e in rows if e.action_text == "attacked")
    assert (attacked.location, attacked.geo_precision) == ("Kandahar", 1)
    # the praise did not take place in Kandahar: only the story's town, marked as a fallback
    assert (praised.location, praised.geo_precision, praised.location_text) == (
        "Kandahar",
        3,
        None,
    )


def test_a_claim_of_responsibility_is_kept_beside_the_attack(code):
    rows = code(
        "Al-Shabaab claimed responsibility for the bombing of a hotel in Mogadishu on Friday."
    )
    assert {e.cameo_code for e in rows} >= {"015", "183"}
    claim = next(e for e in rows if e.cameo_code == "015")
    assert claim.confidence > next(e for e in rows if e.cameo_code == "183").confidence


@pytest.mark.parametrize(
    ("code_", "actor1_text", "sentence", "sub_event"),
    [
        ("186", None, "Two herders were killed in fighting between rival clans.", "Armed clash"),
        ("190", None, "Fifteen people died in an ethnic clash.", "Armed clash"),
        ("186", None, "Two herders were killed by unknown assailants.", "Attack"),
    ],
)  # fmt: skip
def test_violence_in_a_fight_between_two_sides_is_an_armed_clash(
    monkeypatch, code_, actor1_text, sentence, sub_event
):
    monkeypatch.setattr(acled, "learned_type", lambda sentence: None)  # the rules alone
    found = acled.classify(code_, None, actor1_text, None, None, sentence)
    assert found is not None and found.sub_event_type == sub_event


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Angry residents destroyed the house of a suspected thief in Kisumu.", "Mob violence"),
        ("Students burned down a dormitory in Kisumu in protest against the school's fees.",
         "Violent demonstration"),
        ("Militants burned down a school in Djibo.", "Looting/property destruction"),
    ],
)  # fmt: skip
def test_property_a_crowd_destroys_makes_a_riot(code, text, sub_event):
    [row] = [e for e in code(text) if e.cameo_root == "17"]
    assert row.acled_sub_event_type == sub_event


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Protesters threw bottles at police during a march against fuel prices in Lagos.",
         "Violent demonstration"),
        ("Thousands of Nigerians held a non-violent march against fuel prices in Lagos.",
         "Peaceful protest"),
    ],
)  # fmt: skip
def test_violence_by_protesters_makes_a_violent_demonstration(code, text, sub_event):
    [row] = [e for e in code(text) if e.cameo_root == "14"]
    assert row.acled_sub_event_type == sub_event


@pytest.mark.parametrize(
    ("text", "code_", "sub_event"),
    [
        # a passive light verb reads its subject as the object: "devices were found"
        ("Explosive devices were found near a school in Mombasa on Monday.", "1711",
         "Disrupted weapons use"),
        ("Syrian forces attacked a village near Idlib with poisonous gas.", "190",
         "Chemical weapon"),
        ("Ethiopia deployed troops along the border with Sudan.", "154",
         "Change to group/activity"),
        # tear gas and injuries short of serious or lethal ones: ACLED's protest with
        # intervention (the learned classifier's type; the rules alone said excessive force)
        ("Kenyan police fired tear gas to disperse protesters in Nairobi, and dozens were injured.",
         "175", "Protest with intervention"),
        ("Russia expelled ten Estonian diplomats on Friday.", "161", None),
        # stabbings and vandalism (parley's own verbs)
        ("A man was stabbed in Nairobi on Friday.", "182", "Attack"),
        ("Gunmen stabbed a trader to death in Mombasa on Friday.", "186", "Attack"),
        ("Rioters vandalized a telecom office in Accra on Friday.", "171", "Mob violence"),
        # violent verbs of PETRARCH2's dictionary that parley's own list lacked
        ("Gunmen pillaged several shops in Kayan on Friday.", "171",
         "Looting/property destruction"),
        ("Youths stoned the governor's convoy in Kisumu on Monday.", "180", "Mob violence"),
        ("Police strangled a detainee in a cell in Lagos.", "182", "Attack"),
        ("Soldiers flogged two traders in a market in Maiduguri.", "182", "Attack"),
    ],
)  # fmt: skip
def test_sub_event_types_from_codes_and_words(code, text, code_, sub_event):
    row = next(e for e in code(text) if e.cameo_code == code_)
    assert row.acled_sub_event_type == sub_event


def test_a_captured_place_is_the_venue_whatever_its_tag(code):
    [row] = code("Ethiopian troops captured Badme on Monday.")
    assert row.cameo_code == "192" and "Badme" in row.location_text


def test_a_captured_town_coded_as_its_country_is_taken_territory(code):
    # the tagger reads "Mbuji Mayi" as no place; the target is coded DR Congo, a country alone
    [row] = code(
        "Mbuji Mayi, the main city in the diamond-producing Eastern Kasai province, was "
        "captured by the rebels 10 days ago."
    )
    assert (row.cameo_code, row.location, row.country_iso3) == ("192", "Mbuji-Mayi", "COD")
    # a person of a country captured is an arrest, not a place taken
    [row] = code("Police captured a Syrian near the border.")
    assert row.cameo_code == "173"


def test_names_of_the_parties_are_not_places(code):
    rows = code("At least twenty SDF fighters have been killed in the fighting.")
    assert rows and all(e.location_text is None for e in rows)


def test_an_unresolved_venue_is_shared_within_the_incident(code):
    rows = code(
        "Four soldiers were killed when a roadside bomb exploded in the restive Diyala province."
    )
    killed = next(e for e in rows if e.action_text == "killed")
    assert "Diyala" in killed.location_text


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("Hundreds of Kenyan students in Kisumu demonstrated against the new fees.", "Kisumu"),
        ("Three Syrian soldiers were killed in the vicinity of Aleppo on Friday.", "Aleppo"),
    ],
)
def test_venues_named_around_the_event(code, text, venue):
    [row] = code(text)
    assert row.location == venue


def test_a_ceasefire_agreed_is_an_agreement(code):
    rows = code("Sudanese government forces and the rebels agreed to a ceasefire in Darfur.")
    assert rows and {e.acled_sub_event_type for e in rows} == {"Agreement"}


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Syrian troops captured a rebel-held village near Idlib on Thursday.",
         "Government regains territory"),
        ("Al-Shabaab militants seized a district centre near Kismayo on Saturday.",
         "Non-state actor overtakes territory"),
    ],
)  # fmt: skip
def test_taking_a_place_is_a_territorial_change(code, text, sub_event):
    rows = [e for e in code(text) if e.cameo_code == "192"]
    assert rows and rows[0].acled_sub_event_type == sub_event


def test_praise_abroad_does_not_target_the_host(code):
    rows = code("Armenian Foreign Minister Mirzoyan praised the talks in Geneva on Tuesday.")
    assert rows and all(e.actor2_code != "CHE" for e in rows)


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        # a place noun's own "in X" is more specific than its modifiers
        ("Five Iraqi soldiers were killed near the US military base in Habbaniya.", "Habbaniya"),
        # the city inside a possessive names the place, not the possessor
        ("A car bomb in Syria's western Hama province killed 34 people on Friday.", "Hama"),
    ],
)
def test_the_specific_place_in_a_phrase(code, text, venue):
    killed = next(e for e in code(text) if e.action_text == "killed")
    assert venue in killed.location_text


def _the_event(rows, action: str):
    [row] = [e for e in rows if e.action_text == action]
    return row


def test_a_distance_and_direction_after_a_place_describe_that_place(code):
    shot = _the_event(
        code(
            "The mayor was shot in the head shortly after he finished a speech at a rally "
            "Saturday in Shopville, 70 miles (113 kilometers) south of Lexington."
        ),
        "shot",
    )
    # where Shopville is, not where the shooting was: at most the story's town, as a fallback
    assert shot.location != "Lexington" or shot.geo_precision == 3
    [alone] = code("Gunmen shot two policemen 40 kilometers north of Nairobi.")
    assert alone.location_text == "40 kilometers north of Nairobi"  # alone, a bearing is the venue


def test_a_place_noun_in_apposition_makes_a_name_a_place(code):
    rows = code(
        "The suspects were arrested during a raid on a house in Dunya Pur, a small town "
        "northeast of Multan."
    )
    assert rows and rows[0].location_text == "on a house in Dunya Pur"  # the venue as written


def test_a_country_in_front_of_a_base_is_not_the_venue(code):
    killed = _the_event(
        code(
            "Five soldiers were killed when their convoy hit a roadside bomb northwest of the "
            "US military base in Kandahar."
        ),
        "killed",
    )
    assert killed.location == "Kandahar"


def test_a_stash_of_weapons_found_is_disrupted_weapons_use_and_no_arms_aid(code):
    rows = code("A stash of firearms and ammunition was found in a house in Kandahar.")
    assert [(e.cameo_code, e.acled_sub_event_type) for e in rows] == [
        ("1711", "Disrupted weapons use")
    ]
    police = code("Police found a cache of weapons in Kandahar.")
    assert {e.cameo_code for e in police} == {"1711"}  # "weapons" alone is no military aid


def test_natural_hazards_and_accidents_are_no_political_violence(code):
    assert code("A strong earthquake killed eight people in Java on Monday.") == []
    assert code("Nineteen people were killed when their bus plunged off a bridge.") == []
    # the disaster told anywhere in the sentence
    assert code("Six people were killed when a chemical plant exploded in Kralupy.") == []
    assert code("Several people were injured after the White Island volcano erupted.") == []
    assert code("A bomb exploded at a factory in Kano, killing three workers.")
    # an actor of its own, or a weapon, keeps the event
    assert code("Gunmen killed six people during a storm in Lagos.")
    assert {e.acled_event_type for e in code("A car bomb killed six people in Kabul.")} == {
        "Explosions/Remote violence"
    }


def test_an_accident_told_again_in_a_later_sentence_is_no_political_violence(code):
    story = "A boiler burst at a textile mill in Faisalabad. The explosion injured ten workers."
    assert [e.cameo_root for e in code(story) if e.cameo_root >= "18"] == []
    # a weapon anywhere in the story keeps it
    story = "A boiler burst at a textile mill in Faisalabad. The bomb injured ten workers."
    assert [e.cameo_root for e in code(story)] == ["18"]
    # to storm a building is no storm
    story = "Protesters tried to storm parliament. The night's clashes injured ten officers."
    assert [e.cameo_root for e in code(story) if e.action_text == "injured"] == ["18"]


def test_ordinary_crime_is_no_strategic_development(code):
    [row] = code("Police arrested two men for smuggling heroin in Mombasa.")
    assert (row.cameo_root, row.acled_sub_event_type) == ("17", None)
    rows = code("Police seized rifles and drugs in a raid in Mombasa.")
    seized = [e.acled_sub_event_type for e in rows if e.action_text == "seized"]
    assert seized == ["Disrupted weapons use"]  # weapons out of use still
    [row] = code("Police arrested two opposition leaders in Mombasa.")
    assert row.acled_sub_event_type == "Arrests"


def test_a_clause_set_against_the_event_keeps_its_place_to_itself(code):
    march = _the_event(
        code(
            "Dozens of students in Kisumu demonstrated in support of the dean, while a smaller "
            "protest against him took place outside the Green Zone in Nairobi."
        ),
        "demonstrated",
    )
    assert march.location == "Kisumu"
    # a clause that tells how the event happened shares its place
    killed = _the_event(
        code("Five soldiers were killed when their convoy hit a roadside bomb in Kandahar."),
        "killed",
    )
    assert killed.location == "Kandahar"


def test_a_place_in_front_of_a_building_is_where_it_is(code):
    [row] = code("The committee's Nairobi headquarters were destroyed by a bomb on Friday.")
    assert row.location == "Nairobi"
    assert code("A US adviser was killed in an ambush.")[0].location is None  # a party, no place


def test_a_name_anywhere_in_front_of_a_party_is_no_venue(code):
    [row] = code("Nairobi police chief John Kamau was shot in the leg.")
    assert row.actor2_code == "KENCOP" and row.location_text is None
    # the story's only town, as a fallback, is all that places it
    assert (row.location, row.geo_precision) == ("Nairobi", 3)


@pytest.mark.parametrize(
    ("text", "action", "place"),
    [
        # the tagger took both towns for a person and a body: the gazetteer knows them by name
        ("Garment workers staged a protest over unpaid wages. The factory owners in Sirajganj "
         "and Rajshahi refused to meet them.", "staged", ("Sirajganj", "BGD", 3)),
        ("Students clashed with police on Monday. The trouble began after a teacher from "
         "Garissa was arrested.", "clashed", ("Garissa", "KEN", 3)),
        # a word of a person's name is no town ("Bolton", England)
        ("John Bolton met the mayor. Bolton then criticised the plan.", "criticised",
         (None, None, None)),
        # nor an actor's word ("Police", Poland)
        ("Kenya Police said officers had arrested five men.", "arrested", ("Kenya", "KEN", 3)),
    ],
)  # fmt: skip
def test_a_town_the_tagger_missed_is_the_storys_place(code, text, action, place):
    row = next(e for e in code(text) if e.action_text == action)
    assert (row.location, row.country_iso3, row.geo_precision) == place


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # ACLED counts surrenders and prisoner exchanges as agreements
        ("Forty rebels have surrendered to the army in Kasai province.", "Agreement"),
        ("Police clashed with protesters outside the parliament in Beirut.",
         "Violent demonstration"),
    ],
)  # fmt: skip
def test_surrenders_are_agreements_and_clashing_protesters_a_violent_demonstration(
    code, text, sub_event
):
    assert (
        max(
            (e for e in code(text) if e.acled_sub_event_type), key=lambda e: e.confidence
        ).acled_sub_event_type
        == sub_event
    )


@pytest.mark.parametrize(
    ("text", "action", "venue"),
    [
        # coordinated verbs with one subject tell one act in one place
        ("Militants attacked and looted a village near Maiduguri.", "attacked", "Maiduguri"),
        ("The journalist was shot twice and left in a ditch on the outskirts of Karachi.", "shot",
         "Karachi"),
        # where the passive's subject was, or the place it is
        ("A Kenyan nurse working for a charity in northern Uganda was shot dead.", "shot",
         "Uganda"),
        ("Grozny's streets are still patrolled by troops every night.", "patrolled", "Grozny"),
        # a participle after its noun: who it was done to, and where
        ("The rebels killed in Kismayo were foreigners.", "killed", "Kismayo"),
        # a site's place name says where it is
        ("A truck bomb exploded outside the UN's Baghdad headquarters on Tuesday.", "exploded",
         "Baghdad"),
        # an organisation in front of a site says whose it is, not where
        ("A car bombing at the ICRC offices in Baghdad killed two of its employees.", "killed",
         "Baghdad"),
    ],
)  # fmt: skip
def test_venues_of_coordinated_passive_and_participle_events(code, text, action, venue):
    row = next(e for e in code(text) if e.action_text == action)
    assert row.location == venue


def test_a_passive_subject_named_or_from_a_people_is_no_venue(code):
    assert code("Noor Ahmed was shot on Friday.")[0].location is None
    assert code("Three US sailors were killed.")[0].location is None


def test_coordinated_verbs_share_their_object(code):
    rows = code("Soldiers shot and wounded a farmer near Rafah.")
    assert {e.action_text: e.actor2_text for e in rows} == {
        "shot": "a farmer",
        "wounded": "a farmer",
    }


def test_a_name_after_at_inside_the_object_is_the_venue_whatever_its_tag(code):
    rows = code(
        "The militants bombed and destroyed the office of the District Cooperative at Birgunj."
    )
    assert {(e.action_text, e.location) for e in rows} == {
        ("bombed", "Birganj"),
        ("destroyed", "Birganj"),
    }


def test_a_place_past_an_entrance_is_where_a_protest_is(code):
    [row] = code("Around a thousand protesters demonstrated near the entrance to Heathrow.")
    assert row.location_text == "to Heathrow"


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # looting with no one named is still looting
        ("Several shops have been looted in Durban.", "Looting/property destruction"),
        # means of crowd control make force used against a crowd
        ("Police fired tear gas at crowds in Hong Kong.", "Protest with intervention"),
        ("Dozens of people were injured in Beirut as security forces fired rubber bullets.",
         "Excessive force against protesters"),
        ("A helicopter dropped containers of chlorine on the town.", "Chemical weapon"),
    ],
)  # fmt: skip
def test_looting_crowd_control_and_gas_drops(code, text, sub_event):
    top = max((e for e in code(text) if e.acled_sub_event_type), key=lambda e: e.confidence)
    assert top.acled_sub_event_type == sub_event


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # a place nobody defends changes hands without violence
        ("Militants seized the deserted town of Tadmur.", "Non-violent transfer of territory"),
        ("Troopers from the northern command captured two rebel camps in Abra.",
         "Government regains territory"),
        # protesters who attack police or block roads make the protest violent ("Youths
        # confronted police ..., and police used tear gas": the classifier, when sure, reads
        # ACLED's protest met with tear gas, a protest with intervention)
        ("Protesters hurled stones at police in Rotterdam, and police used tear gas to "
         "disperse them.", "Violent demonstration"),
        ("Opposition supporters blocked streets in Yerevan on Monday.", "Violent demonstration"),
        # symptoms of poison gas name the weapon; an anti-aircraft gun is no aircraft
        ("Dozens of people were treated for breathing difficulties after rebels fired shells "
         "into the town.", "Chemical weapon"),
        ("Militants attacked government forces near Aleppo using anti-aircraft guns and mortars.",
         "Shelling/artillery/missile attack"),
        # an adjective after the verb, a hyphenated noun, a short lemma, a stray plural
        ("Protesters have turned violent in Hamburg as the summit gets underway.",
         "Violent demonstration"),
        ("Voting rights demonstrators stage a sit-in at the Capitol in Washington.",
         "Peaceful protest"),
        ("A mine planted by the rebels went off near a police vehicle in Khost.",
         "Remote explosive/landmine/IED"),
        ("Turkish forces have set up two new bases in the countryside of Idlib.",
         "Headquarters or base established"),
        # what was done, not the weapons named beside it
        ("Government troops captured the village of Kafr Nabl after days of shelling.",
         "Government regains territory"),
        ("Gunmen kidnapped two engineers in a car bomb attack.",
         "Abduction/forced disappearance"),
        # vigilantes and mobs are actors though no dictionary codes them
        ("Seven people were murdered by vigilantes in a vampire scare.", "Mob violence"),
        # arrests in a protest that turned violent are told as the violent protest
        ("Dozens of arrests were made during a demonstration in Bristol after projectiles "
         "were thrown at police.", "Violent demonstration"),
    ],
)  # fmt: skip
def test_unopposed_takeovers_violent_protests_and_weapons(code, text, sub_event):
    top = max((e for e in code(text) if e.acled_sub_event_type), key=lambda e: e.confidence)
    assert top.acled_sub_event_type == sub_event


def test_a_promise_is_no_agreement_but_an_agreed_ceasefire_is(code):
    rows = code("Malawi's president vowed a thorough investigation into the killings.")
    vow = next(e for e in rows if e.action_text == "vowed")
    assert (vow.cameo_code, vow.acled_sub_event_type) == ("030", None)
    agreed = [e.acled_sub_event_type for e in code("The two sides agreed to a ceasefire in Juba.")]
    assert "Agreement" in agreed


def test_a_venue_inside_a_larger_place_is_written_whole_and_placed_near(code):
    [row] = code("Bandits killed six herders at Maleley village in Garissa on Sunday.")
    assert row.location_text == "at Maleley village in Garissa"
    assert (row.location, row.geo_precision) == ("Garissa", 2)  # in Garissa, not at it


def test_the_name_in_front_of_a_place_noun_comes_before_one_near_it(code):
    [row] = code("A tanker exploded in Albuhrat neighborhood near Fallujah on Friday night.")
    # the name before the place noun, not "near Fallujah": the venue as written is the whole
    assert row.location_text == "in Albuhrat neighborhood near Fallujah"
    assert row.location != "Fallujah"


def test_harm_told_beside_an_explosion_is_that_explosions(code):
    rows = code(
        "A car bomb exploded outside a police station in Kirkuk on Sunday. "
        "Five people were killed and twelve wounded."
    )
    assert {e.acled_sub_event_type for e in rows} == {"Remote explosive/landmine/IED"}
    rows = code(
        "A suicide bomber blew himself up at a checkpoint in Kandahar. "
        "The blast killed six police officers."
    )
    killed = [e.acled_sub_event_type for e in rows if e.action_text == "killed"]
    assert killed == ["Suicide bomb"]  # the most specific weapon told beside it
    # another hand's violence is its own event
    rows = code(
        "Government warplanes bombed rebel positions in Idlib on Sunday. "
        "Rebels killed two soldiers in Hama."
    )
    killed = [e.acled_sub_event_type for e in rows if e.action_text == "killed"]
    assert killed == ["Armed clash"]


def test_fighting_by_the_side_that_takes_a_place_is_the_change_of_territory(code, monkeypatch):
    rows = code(
        "Syrian troops clashed with insurgents on Wednesday and captured the village of Kafr Nabl."
    )
    assert {e.acled_sub_event_type for e in rows} == {"Government regains territory"}
    # a bombing told beside it, by no one named, is no part of the taking (for the rules: the
    # classifier reads the whole sentence and gives all its events one type)
    monkeypatch.setattr(acled, "learned_type", lambda sentence: None)
    rows = code(
        "Taliban fighters seized a district centre in Kunduz on Saturday, while a bomb at an "
        "army base in Helmand killed five soldiers."
    )
    subs = {e.action_text: e.acled_sub_event_type for e in rows}
    assert subs["seized"] == "Non-state actor overtakes territory"
    assert subs["killed"] not in TERRITORY_TAKEN


def test_an_event_told_again_is_typed_from_every_telling(code):
    [row] = code(
        "A series of attacks shook Narathiwat on Wednesday night. No one was hurt in the "
        "province. Officials reported later that the attacks were carried out with grenades."
    )
    assert (row.mentions, row.acled_sub_event_type) == (2, "Grenade")


def test_a_killing_by_no_one_named_in_a_crowds_fighting_is_the_crowds_violence(code):
    rows = code(
        "A farmer was killed on Sunday as villagers clashed with sticks and machetes over a "
        "land dispute in Rangpur."
    )
    assert {e.action_text: e.acled_sub_event_type for e in rows} == {
        "killed": "Mob violence",
        "clashed": "Mob violence",
    }


def test_arrests_at_a_protest_are_an_intervention_and_arrests_for_one_are_arrests(code):
    rows = code(
        "Police detained twenty activists in Minsk on Sunday while they were trying to hold a "
        "demonstration."
    )
    detained = [e.acled_sub_event_type for e in rows if e.action_text == "detained"]
    assert detained == ["Protest with intervention"]
    [row] = code(
        "Police arrested an activist in Minsk on charges of organising an illegal protest."
    )
    assert row.acled_sub_event_type == "Arrests"


def test_armed_violence_by_no_one_named_is_by_an_unidentified_armed_group(code):
    rows = code("A roadside bombing near the town of Samarra killed one U.S. soldier on Sunday.")
    killed = [e for e in rows if e.action_text == "killed"]
    assert [(e.actor1_text, e.actor1_name, e.actor1_code, e.location) for e in killed] == [
        (None, "Unidentified armed group (Iraq)", "IRQUAF", "Samarra")
    ]  # the soldier's country says whose he is, not where he was killed
    assert killed[0].interaction.startswith("Political militias")
    # a named actor, or no armed violence, keeps its own
    [row] = code("Gunmen killed four villagers near Samarra on Sunday.")
    assert row.actor1_text == "Gunmen"
    [row] = code("Thousands of people protested in Samarra on Sunday.")
    assert row.actor1_role != "UAF"
    # a doer named but not coded is no unidentified group
    [row] = code("Abudu supporters attack journalists in Accra.")
    assert (row.actor1_text, row.actor1_code) == ("Abudu supporters", None)
    # and a party named is its party's
    [row] = code("NDC supporters attack journalists in Accra.")
    assert (row.actor1_text, row.actor1_code) == ("NDC supporters", "GHAPTYNDC")


@pytest.mark.parametrize(
    ("text", "action", "place"),
    [
        # the place of the act told beside it: the venue ranker reads the vandalism's upazila as
        # the clash's too, "near" the town of Bogra it is placed by (ACLED's 2)
        ("On 4 August 2024, students clashed with members of the ruling party and vandalized a "
         "police station in Sherpur upazila (Bogra, Rajshahi).", "clashed",
         ("Bogra", "in Sherpur upazila", 2)),
        # the place the next sentence names, as a fallback: no location_text, ACLED's 3
        ("On 4 August 2024, students clashed with members of the ruling party. Later they "
         "vandalized a police station in Sherpur upazila (Bogra, Rajshahi).", "clashed",
         ("Bogra", None, 3)),
        # the place of the sentence before: the town's point at ACLED's precision 3
        ("On 16 January 2023, opposition supporters clashed with police in Chittagong city during"
         " a demonstration. Police fired tear gas and arrested ten protesters.", "arrested",
         ("Chattogram", None, 3)),
        # the event that names its place keeps it
        ("On 16 January 2023, opposition supporters clashed with police in Chittagong city during"
         " a demonstration. Police fired tear gas and arrested ten protesters.", "clashed",
         ("Chattogram", "in Chittagong city", 1)),
    ],
)  # fmt: skip
def test_force_with_no_place_of_its_own_takes_the_one_told_beside_it(code, text, action, place):
    row = next(e for e in code(text) if e.action_text == action)
    assert (row.location, row.location_text, row.geo_precision) == place


@pytest.mark.parametrize(
    ("text", "action", "place"),
    [
        # no venue written: the town the story names, wherever it is named (precision 3)
        ("Herders attacked two lorries travelling to Mandera town on Friday; they burned both.",
         "attacked", ("Mandera", "Mandera", "KEN", None, 3)),
        # a town named in front of a site, in the next sentence (in one sentence, "recovering
        # in a Mombasa hospital after gunmen shot him", the venue ranker is 0.33 sure the
        # hospital is where he was shot: over its threshold)
        ("Gunmen shot a councillor on Sunday. He is recovering in a Mombasa hospital.",
         "shot", ("Mombasa", "Mombasa", "KEN", None, 3)),
        # a venue the gazetteer does not know keeps its words and takes the story's district
        ("Farmers protested on Monday in Kuvuloe in the Ketu-South District over land.",
         "protested", ("Ketu South", "Volta", "GHA", "in Kuvuloe", 3)),
    ],
)  # fmt: skip
def test_an_event_with_no_known_venue_is_placed_at_the_storys_town(code, text, action, place):
    row = next(e for e in code(text) if e.action_text == action)
    found = (row.location, row.admin1, row.country_iso3, row.location_text, row.geo_precision)
    assert found == place


def test_no_story_town_when_the_doer_is_of_another_country_or_the_towns_disagree(code):
    rows = code(
        "Protesters marched through Kisumu on Monday. China condemned the protests on Tuesday."
    )
    condemned = next(e for e in rows if e.action_text == "condemned")
    assert condemned.location != "Kisumu"
    rows = code("Talks were held on Monday. Delegates from Lyon, Accra and Kisumu took part.")
    assert all(e.location is None for e in rows if e.action_text == "held")


def test_a_chain_of_places_agrees_on_a_country(code):
    [row] = [
        e
        for e in code(
            "On 3 May 2021, in Hlaing Gyi village (Waw township, Bago district, Bago region), a "
            "bomb exploded at a school."
        )
        if e.action_text == "exploded"
    ]
    # in the eastern part of Bago Region, where Waw township lies (data/admin1_parts.csv)
    assert (row.country_iso3, row.admin1) == ("MMR", "Bago-East")


def test_the_classifier_reads_an_events_sentence_after_the_storys_lead(code):
    [alone] = [
        e for e in code("Police fired tear gas to disperse them.") if e.action_text == "fired"
    ]
    assert alone.acled_sub_event_type == "Protest with intervention"
    rows = code(
        "Rioters protested in Gaoua on Monday and set fire to the town hall. Police fired tear "
        "gas to disperse them."
    )
    fired = next(e for e in rows if e.action_text == "fired")
    assert fired.acled_sub_event_type == "Violent demonstration"  # the riot's tear gas
    # and the lead's own events are read with what goes on telling them: a riot against the
    # police, not a mob's
    lead = "Youths set fire to a police post in Gaoua on Monday."
    told = code(lead + " Police fired tear gas to disperse the rioters.")
    arson = next(e for e in told if e.action_text == "set")
    assert arson.acled_sub_event_type == "Violent demonstration"
    [alone] = [e for e in code(lead) if e.action_text == "set"]
    assert alone.acled_sub_event_type == "Mob violence"  # youths' arson: a riot (ACLED)
    # the lead types an event the rules took as ACLED's; it makes no talk an ACLED event
    rows = code(
        "Two police officers were jailed for the rape of a tourist. The minister met the "
        "tourist's family on Monday."
    )
    assert next(e for e in rows if e.action_text == "met").acled_sub_event_type is None


def test_a_protest_beside_the_police_is_not_the_polices(code):
    rows = code("Soldiers fired on the crowd during a demonstration in Bamako.")
    demonstration = next(e for e in rows if e.action_text == "demonstration")
    assert demonstration.actor1_code is None
    # a protest the police make is theirs
    rows = code("A protest by police officers over pay blocked the road in Nairobi.")
    protest = next(e for e in rows if e.action_text == "protest")
    assert protest.actor1_code == "KENCOP"


@pytest.mark.parametrize(
    "text",
    [
        "Thousands marched in protest of high fuel prices on Monday.",
        "About 300 nurses staged a protest outside the hospital over unpaid wages.",
        "Protests spread across the country after the election.",
    ],
)
def test_a_crowds_protest_is_an_event_with_no_actor_named(code, text):
    rows = code(text)
    assert [e.acled_event_type for e in rows if e.cameo_root == "14"] == ["Protests"]


def test_other_senses_of_protest_words_make_no_actorless_event(code):
    rows = code(
        "The statement demonstrates a lack of understanding. Roads were blocked by the floods."
    )
    assert rows == []


@pytest.mark.parametrize(
    ("text", "action", "location", "actor1"),
    [
        # lower-cased newswire: a bare name after a place preposition is a town the gazetteer
        # knows by that very name
        ("five people were arrested in lucknow after clashes between two groups on monday.",
         "arrested", "Lucknow", "INDCOP"),
        # "in court" and "in custody" are no towns; "in mumbai" is
        ("police arrested a man in court on monday for theft in mumbai and kept him in custody.",
         "arrested", "Mumbai", "INDCOP"),
    ],
)  # fmt: skip
def test_a_town_in_text_without_capitals(code, text, action, location, actor1):
    row = next(e for e in code(text) if e.action_text == action)
    assert (row.location, row.actor1_code) == (location, actor1)


@pytest.mark.parametrize(
    "text, location, admin1, iso3",
    [
        # the chain's region or district, not the first village of that name abroad
        ("Unknown men attacked two merchants in Sampelga (Sampelga, Seno).", "Seno", "Sahel",
         "BFA"),
        ("Militants attacked a camp in the village of Pampakuy (Barani, Kossi).", "Barani",
         "Boucle du Mouhoun", "BFA"),
        # a state after a town: the town of that state
        ("Unrest continued in Portland, Oregon, where a man was shot.", "Portland", "Oregon",
         "USA"),
        ("Protesters marched in Wilmington, Delaware on Sunday.", "Wilmington", "Delaware", "USA"),
        # a town near the city of its region's name stays itself
        ("Police arrested two men in Karaj, near Tehran, on Monday.", "Karaj", "Alborz",
         "IRN"),
        # of a name's readings, the one in the country of the town before it
        ("Gendarmes assaulted a citizen in Banfora (Banfora, Comoe).", "Banfora", "Cascades",
         "BFA"),
        # the tagger's first word of a village's name is not the town of that word
        ("In Wa Ra Zut village (Hpakant Township, Kachin State), the military bombed a camp.",
         "Hpakan", "Kachin", "MMR"),
        # a part of a city written after it, ACLED's way
        ("Students clashed with police at a police station in Dhaka - Mirpur.", "Dhaka", "Dhaka",
         "BGD"),
        # "X in Y": in Y's country
        ("Police arrested 25 protesters at Nima in Accra.", "Accra", "Greater Accra", "GHA"),
        # the country where every name of the chain has a reading: Burkina Faso's Bam province
        # beside its town of Kongoussi, not the town of Bam in Iran; Ghana's Central region
        # beside its Gomoa West district, not Central in Louisiana
        ("Soldiers executed five herders in Zoura (Kongoussi, Bam) on Monday.", "Kongoussi",
         "Centre-Nord", "BFA"),
        ("Gunmen attacked a ceremony in Goma Sinbrofo (Gomoa West, Central) on Sunday.",
         "Gomoa West", "Central", "GHA"),
        # a part of a town before the town, after a comma: not a list of two towns
        ("Rioters set fire to a bus in Gulistan area, Dhaka city, on Monday.", "Dhaka", "Dhaka",
         "BGD"),
        # the name right after "in" is the place, whatever the parser hung it on; the names in
        # brackets say where it is (Burkina Faso's Soum province, not Soum in Senegal)
        ("On 23 July 2020, presumed JNIM or ISGS militants seized food from certain IDPs in "
         "Tongomayel (Tongomayel, Soum).", "Soum", "Sahel", "BFA"),
        # "X in Y" read as one name by the tagger: in Y (Kenya's Tana River county, not "Tana",
        # Antananarivo)
        ("Al-Shabab fighters attacked the village of Gamba in Tana River County.", "Tana River",
         "Tana River", "KEN"),
        # a hyphened name with a particle is one name: not "Pul", Poole in England
        ("On 3 March 2020, a policeman was killed in an attack by Taliban militants on a patrol "
         "in the 'Baladori' area of Pul-e Khumri district, Baghlan.", "Pul-e Khumri", "Baghlan",
         "AFG"),
    ],
)  # fmt: skip
def test_the_places_written_after_a_place_say_where_it_is(code, text, location, admin1, iso3):
    row = code(text)[0]
    assert (row.location, row.admin1, row.country_iso3) == (location, admin1, iso3)


@pytest.mark.parametrize(
    "text",
    [
        # a place or site noun written with a capital is no town: not University, Florida
        "Students of Rongo University College state a protest after a residential hall burned.",
        # the first word of a sentence has a capital anyway: not Granada (French "Grenade")
        "Grenade attack outside mosque by unknown group; police blame Al Shabaab.",
    ],
)
def test_capitals_that_name_no_place(code, text):
    assert {(r.location, r.country_iso3) for r in code(text)} == {(None, None)}


def test_a_place_noun_after_a_country_is_no_town(code):
    rows = code("In Nariobi, Kenya, University students held a demonstration over killings.")
    assert {r.country_iso3 for r in rows} == {"KEN"}


def test_a_place_the_gazetteer_does_not_know_is_in_the_one_country_the_text_names(code):
    rows = code("Al-Shabab fighters attacked the Kenyan village of Gamba on Monday.")
    assert {(r.country_iso3, r.geo_precision) for r in rows} == {("KEN", 3)}
    assert rows[0].location_text == "the Kenyan village of Gamba"  # what the text says
    # a part of the world is no country's
    rows = code("The Slovak prime minister attended summits across Europe.")
    assert all(r.location is None for r in rows)


def test_a_town_known_by_a_name_only_as_another_of_its_names_places_no_story(code):
    """ "Jagannath" is one of Puri's other names: "students of Jagannath University" do not
    make a story Indian, and "Dhaka - Gendaria" stays Bangladesh's Dhaka."""
    rows = code(
        "Students of Jagannath University staged a protest on campus in Dhaka - Gendaria, "
        "demanding the release of detained students."
    )
    assert {(r.location, r.country_iso3) for r in rows} == {("Dhaka", "BGD"), ("Bangladesh", "BGD")}


def test_the_border_with_a_country_is_not_in_that_country(code):
    rows = code("Ethiopian gunmen shot two Kenyan police officers near the border with Ethiopia.")
    # not placed in Ethiopia; force on Kenya's police is placed in Kenya, as a fallback
    assert [(r.country_iso3, r.location_text) for r in rows if r.action_text == "shot"] == [
        ("KEN", None)
    ]


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the town is found by another of its names inside the region in brackets
        (
            "On 12 June 2022, gunmen shot and killed a police officer in Zamora (Michoacan).",
            "shot",
            ("2022-06-12", "Zamora de Hidalgo", "MEX", "in Zamora"),
        ),
        # a region in brackets, not a town of the doer's country by its name
        (
            "On 18 August 2020, Russian forces shelled the village of Krasnohorivka (Donetsk).",
            "shelled",
            ("2020-08-18", "Krasnohorivka", "UKR", "the village of Krasnohorivka"),
        ),
        # the tagger ran "Ibadan (Oyo" on as one name: the people of a place say where
        (
            "On 30 July 2023, residents of Ibadan (Oyo) staged a peaceful march.",
            "staged",
            ("2023-07-30", "Ibadan", "NGA", None),
        ),
    ],
)
def test_acled_style_notes_of_other_countries(nlp, lexicon, gazetteer, text, trigger, expected):
    from normalize.batch import code_documents

    document = Document("d1", text, "0" * 64, "test", published_at=PUBLISHED)
    rows = code_documents([document], nlp, lexicon, gazetteer).events
    [row] = [e for e in rows if e.action_text == trigger]
    shown = (row.event_date.isoformat(), row.location, row.country_iso3, row.location_text)
    assert shown == expected


def test_ground_taken_or_held_is_the_venue_whatever_the_tagger_called_its_name(code):
    # the small model tags both names as people's; the verbs say they are ground
    [row] = code("Some 1,500 police officers patrolled Bari on Monday.")
    assert (row.location, row.country_iso3) == ("Bari", "ITA")
    [row] = code("LAPD officers have patrolled Skid Row for a decade.")
    assert (row.location_text, row.latitude) == ("Skid Row", None)
    # a person captured is no place
    rows = code("The army captured Saddam Hussein near Tikrit on Monday.")
    assert [r.location for r in rows if r.action_text == "captured"] == ["Tikrit"]


def test_an_event_told_twice_in_a_sentence_is_at_the_smaller_place_it_names(code):
    rows = code(
        "The Syrian Armed Forces launched a new offensive in the northeastern countryside of "
        "Latakia on Monday, targeting the key town of Kabbani in the Jabal Al-Akrad region."
    )
    [row] = [r for r in rows if r.cameo_code == "190"]
    # the town the offensive targets, which the gazetteer does not know, placed near the region
    assert (row.location_text, row.location, row.geo_precision) == (
        "the key town of Kabbani",
        "Latakia",
        2,
    )


def test_the_countryside_of_a_place_is_near_it_not_at_it(code):
    [row] = code("Rebels shelled villages in the northern countryside of Hama on Monday.")
    assert (row.country_iso3, row.geo_precision) == ("SYR", 2)
    [row] = code("Rebels shelled villages in Hama on Monday.")
    assert (row.country_iso3, row.geo_precision) == ("SYR", 1)
    # a name the tagger calls a person's, on the outskirts: a place, kept as written
    [row] = code("Hundreds of people protested on the outskirts of Hamdaniyah on Monday.")
    assert row.location_text == "on the outskirts of Hamdaniyah"
