"""Venue look-up in the offline gazetteer and date resolution against publication time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from normalize.dates import resolve_date


def test_city_resolves_with_coordinates(gazetteer, lexicon):
    place = gazetteer.resolve("Beijing", lexicon)
    assert (place.name, place.country_iso3, place.geo_precision) == ("Beijing", "CHN", 1)
    assert place.latitude == pytest.approx(39.9, abs=0.1)
    assert place.longitude == pytest.approx(116.4, abs=0.1)


def test_country_is_a_precision_3_place(gazetteer, lexicon):
    place = gazetteer.resolve("Ukraine", lexicon)
    assert (place.country_iso3, place.geo_precision) == ("UKR", 3)
    assert 44 < place.latitude < 53 and 22 < place.longitude < 41


def test_document_countries_disambiguate_a_city(gazetteer, lexicon):
    assert gazetteer.resolve("Hyderabad", lexicon, {"PAK"}).country_iso3 == "PAK"
    assert gazetteer.resolve("Hyderabad", lexicon, {"IND"}).country_iso3 == "IND"
    # but a city of millions by its own name beats a small town of a named country: the
    # capital of Bangladesh in a story that names India, not the town of Dhaka in Bihar
    assert gazetteer.resolve("Dhaka", lexicon, {"IND"}).country_iso3 == "BGD"


def test_a_compass_part_of_a_country_is_that_country(gazetteer, lexicon):
    place = gazetteer.resolve("Western Cambodia", lexicon)
    assert (place.country_iso3, place.geo_precision) == ("KHM", 3)
    assert gazetteer.resolve("North-East Syria", lexicon).country_iso3 == "SYR"
    assert gazetteer.resolve("West Africa", lexicon) is None  # a region of a continent


def test_unknown_place_is_none(gazetteer, lexicon):
    assert gazetteer.resolve("Xqzzyville", lexicon) is None


PUBLISHED = datetime(2024, 4, 10, 12, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Tuesday", (date(2024, 4, 9), 1)),
        ("on Wednesday", (date(2024, 4, 10), 1)),  # the publication's own weekday
        ("Thursday night", (date(2024, 4, 4), 1)),
        ("on Sunday", (date(2024, 4, 7), 1)),
        ("yesterday", (date(2024, 4, 9), 1)),
        ("9 May 2020", (date(2020, 5, 9), 1)),
        ("last week", (date(2024, 4, 3), 2)),
        ("last month", (date(2024, 3, 1), 3)),
        ("in 2024", (date(2024, 1, 1), 3)),
        # More than a year before publication only with a full date: a bare year is
        # background, and numbers misread as dates are no dates.
        ("in 2022", (None, None)),
        ("1201", (date(2024, 4, 10), 1)),
        ("53", (date(2024, 4, 10), 1)),
        ("40 and 49", (date(2024, 4, 10), 1)),
        ("the 1990s", (date(2024, 4, 10), 1)),
        ("31 December 9999", (date(2024, 4, 10), 1)),
        ("the year 0001", (date(2024, 4, 10), 1)),
        ("recent years", (date(2024, 4, 10), 1)),
        # how long, not when: "for one day" was the day before publication
        ("for one day", (date(2024, 4, 10), 1)),
        ("2 days", (date(2024, 4, 10), 1)),
        ("three weeks", (date(2024, 4, 10), 1)),
        # words around a date that do not change it
        ("Around 2 November 2023 (as reported)", (date(2023, 11, 2), 1)),
        ("about 9 May 2020", (date(2020, 5, 9), 1)),
        (None, (date(2024, 4, 10), 1)),
    ],
)
def test_resolve_date(phrase, expected):
    assert resolve_date(phrase, PUBLISHED) == expected


def test_no_publication_time_and_no_phrase_gives_no_date():
    assert resolve_date(None, None) == (None, None)
    # "on Thursday" with no publication time would depend on the day parley runs.
    assert resolve_date("on Thursday", None) == (None, None)
    assert resolve_date("last week", None) == (None, None)
    assert resolve_date("9 May 2020", None) == (date(2020, 5, 9), 1)


def test_place_names_are_written_in_plain_letters(gazetteer, lexicon):
    place = gazetteer.resolve("Samarra", lexicon)
    assert place is not None and place.name == "Samarra" and place.country_iso3 == "IRQ"


def test_a_province_named_after_its_city_is_that_region(gazetteer, lexicon):
    place = gazetteer.resolve("Kandahar province", lexicon, set())
    assert (place.country_iso3, place.geo_precision) == ("AFG", 2)
    assert gazetteer.resolve("Kandahar", lexicon, set()).geo_precision == 1
    assert gazetteer.resolve("Nowhere province", lexicon, set()) is None


def test_short_all_capital_aliases_are_no_places(gazetteer, lexicon):
    # geonames lists "CNN" for Kannur and "BBC" for Bay City; in news they are broadcasters
    assert gazetteer.resolve("CNN", lexicon) is None
    assert gazetteer.resolve("BBC", lexicon) is None
    assert gazetteer.resolve("Kannur", lexicon).country_iso3 == "IND"


def test_first_level_regions_resolve_with_their_country_and_centre(gazetteer, lexicon):
    place = gazetteer.resolve("Badakhshan", lexicon)
    assert (place.admin1, place.country_iso3, place.geo_precision) == ("Badakhshan", "AFG", 2)
    assert 35 < place.latitude < 39 and 69 < place.longitude < 75
    assert gazetteer.resolve("Ashanti region", lexicon).country_iso3 == "GHA"
    assert gazetteer.resolve("Kunar province", lexicon).admin1 == "Kunar"


def test_a_city_carries_its_first_level_region(gazetteer, lexicon):
    assert gazetteer.resolve("Accra", lexicon).admin1 == "Greater Accra"
    assert gazetteer.resolve("Kandahar", lexicon).admin1 == "Kandahar"


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Rajshahi", "Rajshahi"),  # GeoNames: "Rajshahi Division"
        ("Nairobi", "Nairobi"),  # GeoNames: "Nairobi Area"
        ("Monywa", "Sagaing"),  # GeoNames: "Sagain" (data/admin1_names.csv)
        ("Rangoon", "Yangon"),  # GeoNames: "Rangoon", the name before 1989
        ("Iten", "Elgeyo-Marakwet"),  # GeoNames: "Elegeyo-Marakwet", ISO 3166-2 KE-05
        ("Vardak", "Wardak"),  # GeoNames' spelling of the region, ISO 3166-2's name
        ("Brasilia", "Federal District"),  # not "Federal"
        ("Murang'a", "Muranga"),  # ACLED's spelling, without the apostrophe
        ("Uruzgan", "Urozgan"),  # ACLED's spelling; ISO 3166-2's name is still read
    ],
)
def test_a_region_is_named_without_its_unit_word_and_by_its_current_name(
    gazetteer, lexicon, name, admin1
):
    assert gazetteer.resolve(name, lexicon).admin1 == admin1
    assert gazetteer.resolve(f"{admin1} region", lexicon).admin1 == admin1


def test_a_town_word_after_a_name_is_not_part_of_it(gazetteer, lexicon):
    assert gazetteer.resolve("Savar city", lexicon).name == "Savar"
    assert gazetteer.resolve("Mexico City", lexicon).country_iso3 == "MEX"


def test_a_town_is_not_taken_for_a_misspelt_country(gazetteer, lexicon):
    assert gazetteer.resolve("Nakuru", lexicon).country_iso3 == "KEN"  # not Nauru
    assert gazetteer.resolve("Ethopia", lexicon).country_iso3 == "ETH"


def test_the_converter_keeps_code_and_names(tmp_path):
    from normalize.data.convert_geonames import convert

    source = tmp_path / "admin1.txt"
    source.write_text(
        "AF.01\tBadakhshan\tBadakhshan\t1147745\n"
        "GH.02\tAshanti\tAshanti\t2304116\n"
        "MM.11\tShan\tShan\t1297099\nnot a row\n"
    )
    target = tmp_path / "admin1.csv"
    assert convert(source, target) == 3
    assert target.read_text().splitlines() == [
        "country_iso2,admin1_code,name,ascii_name",
        "AF,01,Badakhshan,Badakhshan",
        "GH,02,Ashanti,Ashanti",
        "MM,11,Shan,Shan",
    ]


def test_the_converter_keeps_the_districts(tmp_path):
    from normalize.data.convert_geonames import convert_admin2

    source = tmp_path / "admin2.txt"
    source.write_text(
        "AF.01.1114\tArghanj Khwāh\tArghanj Khwah\t7052641\n"
        "BF.10.78\tProvince du Zondoma\tProvince du Zondoma\t2597270\nAF.01\tnot a district\n"
    )
    target = tmp_path / "admin2.csv"
    assert convert_admin2(source, target) == 2
    assert target.read_text(encoding="utf-8").splitlines() == [
        "country_iso2,admin1_code,admin2_code,name,ascii_name",
        "AF,01,1114,Arghanj Khwāh,Arghanj Khwah",
        "BF,10,78,Province du Zondoma,Province du Zondoma",
    ]


@pytest.mark.parametrize(
    ("name", "district", "admin1", "iso3"),
    [
        ("Khwahan district", "Khwahan", "Badakhshan", "AFG"),  # at the town of its name
        ("Zondoma province", "Zondoma", "Nord", "BFA"),  # "Province du Zondoma"
        ("Balkh District", "Balkh", "Balkh", "AFG"),
        # the unit word written picks the district whose name has it: "Province du Bam", not
        # Iran's Bam county (nor the town of Bam)
        ("Bam province", "Bam", "Centre-Nord", "BFA"),
    ],
)
def test_a_district_is_placed_in_its_region(gazetteer, lexicon, name, district, admin1, iso3):
    place = gazetteer.resolve(name, lexicon, villages=True)
    assert (place.name, place.admin1, place.country_iso3) == (district, admin1, iso3)
    assert place.geo_precision == 2 and place.latitude is not None


def test_a_region_must_fit_the_countries_the_document_names(gazetteer, lexicon):
    # "the Red Sea port town of Mokha, Yemen": not Sudan's or Egypt's Red Sea state
    assert gazetteer.resolve("Red Sea", lexicon, {"YEM"}) is None
    assert gazetteer.resolve("Red Sea", lexicon, {"SDN"}).country_iso3 == "SDN"
    # compass names are regions only with a region word, in a country the document names
    assert gazetteer.resolve("Eastern", lexicon, {"GHA"}) is None
    assert gazetteer.resolve("Eastern region", lexicon, {"GHA"}).admin1 == "Eastern"
    assert gazetteer.resolve("Eastern District", lexicon, {"USA"}) is None


def test_a_hyphen_in_a_place_name_is_a_space(gazetteer, lexicon):
    assert gazetteer.resolve("Ketu-South", lexicon, villages=True).name == "Ketu South"
    assert gazetteer.resolve("Bobo Dioulasso", lexicon).name == "Bobo-Dioulasso"


def test_a_generic_region_word_is_no_city_of_that_name(gazetteer, lexicon):
    assert gazetteer.resolve("Central Region", lexicon) is None
    assert gazetteer.resolve("Central Region", lexicon, {"GHA"}).country_iso3 == "GHA"


def test_a_part_of_the_world_is_no_town(gazetteer, lexicon):
    for name in ("Africa", "the Middle East", "Asia", "Pacific", "the Gulf"):
        assert gazetteer.resolve(name, lexicon, villages=True) is None
    assert gazetteer.resolve("Red Sea state", lexicon).country_iso3 == "SDN"


@pytest.mark.parametrize(
    ("name", "region", "iso3"),
    [("Shan-South", "Shan", "MMR"), ("Bago-East", "Bago", "MMR"), ("Lamu East", "Lamu", "KEN")],
)
def test_a_compass_part_after_a_region_is_that_region(gazetteer, lexicon, name, region, iso3):
    place = gazetteer.resolve(name, lexicon, villages=True)
    assert (place.name, place.country_iso3, place.geo_precision) == (region, iso3, 2)
    # a compass word alone is no region
    assert gazetteer.resolve("South", lexicon, villages=True) is None


def test_a_town_known_abroad_only_by_another_name_is_not_the_one_meant(gazetteer, lexicon):
    # New Mirpur City (Pakistan) is also called "Mirpur": not in a story about Bangladesh
    assert gazetteer.resolve("Mirpur", lexicon, {"BGD"}) is None
    # Floridablanca (Colombia) is also called "Florida": an American story's Florida is the state
    place = gazetteer.resolve("Florida", lexicon, {"USA"})
    assert (place.name, place.country_iso3, place.geo_precision) == ("Florida", "USA", 2)
    # a large city keeps its other names
    assert gazetteer.resolve("Kiev", lexicon, {"RUS"}).country_iso3 == "UKR"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tita", ("Tita", "BFA")),  # its own name, not Chita (Japan), larger, called so too
        ("Pansi", None),  # one of the other names of Pasni (Pakistan), and no spelling of it
        ("Arbinda", ("Aribinda", "BFA")),  # another spelling of the town's own name
        ("Lvov", ("Lviv", "UKR")),  # a large city's other name
        # a town known by its region's name (Kapsabet, in Kenya's Nandi county), not Nadi (Fiji)
        ("Nandi", ("Kapsabet", "KEN")),
    ],
)
def test_a_story_naming_no_country_reads_a_name_as_a_towns_own(gazetteer, lexicon, name, expected):
    place = gazetteer.resolve(name, lexicon)
    assert (place and (place.name, place.country_iso3)) == expected


def test_a_region_by_its_own_name_beats_a_town_by_another_of_its_names(gazetteer, lexicon):
    # Borna (Saxony) is also written "Borno"; Bozeman (Montana) "Missouri"
    for name, iso3 in [("Borno", "NGA"), ("Missouri", "USA")]:
        place = gazetteer.resolve(name, lexicon)
        assert (place.name, place.country_iso3, place.geo_precision) == (name, iso3, 2)
    # a town called by the name of its own region keeps it
    assert gazetteer.resolve("New York", lexicon).name == "New York City"


def test_a_populous_region_beats_a_small_town_of_its_name_abroad(gazetteer, lexicon):
    # Kenya's Kwale county (288,000 people in its towns), not Kwale in Nigeria (20,000)
    place = gazetteer.resolve("Kwale", lexicon)
    assert (place.name, place.country_iso3, place.geo_precision) == ("Kwale", "KEN", 2)
    # Savannah (Georgia, 148,000) is larger than Ghana's Savannah region's towns
    place = gazetteer.resolve("Savannah", lexicon)
    assert (place.name, place.country_iso3, place.geo_precision) == ("Savannah", "USA", 1)
    # in a story about Nigeria, Kwale is Nigeria's
    assert gazetteer.resolve("Kwale", lexicon, {"NGA"}).country_iso3 == "NGA"


def test_a_site_named_after_a_town_is_in_that_town(gazetteer, lexicon):
    place = gazetteer.resolve("Rajshahi University", lexicon)
    assert (place.name, place.country_iso3, place.geo_precision) == ("Rajshahi", "BGD", 1)
    # airports are named after people as often as after towns
    assert gazetteer.resolve("Bradley Airport", lexicon, {"USA"}) is None


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Lashio", "Shan-North"),  # a town listed in its part
        ("Pekon", "Shan-South"),
        ("Tachileik", "Shan-East"),  # by its own name, Tachilek in GeoNames: the nearest listed
        ("Pyay", "Bago-West"),
        ("Kyaukme district", "Shan-North"),  # a district at the town of its name
        ("Shan State", "Shan"),  # the region itself has no part
        ("Shan-North state", "Shan-North"),  # the part written as such
        ("Bago-West", "Bago-West"),
        ("Mandalay", "Mandalay"),  # a region not divided
    ],
)
def test_a_place_in_a_divided_region_has_its_part(gazetteer, lexicon, name, admin1):
    place = gazetteer.resolve(name, lexicon, {"MMR"}, villages=True)
    assert (place.country_iso3, place.admin1) == ("MMR", admin1)
