"""Villages and small towns (normalize/villages.py): the cached index, and when the gazetteer
takes a small place (normalize/places.py)."""

from __future__ import annotations

import json

import pytest

from normalize.villages import Villages, build, index_path, open_villages

SOURCE = {
    "1": {"name": "Tin-Akoff", "countrycode": "BF", "admin1code": "12", "latitude": 14.96,
          "longitude": -0.16, "population": 0, "alternatenames": ["Tin Akof", "TAK"]},
    "2": {"name": "Sona", "countrycode": "IT", "admin1code": "20", "latitude": 45.4,
          "longitude": 10.8, "population": 4697, "alternatenames": []},
    "3": {"name": "Soná", "countrycode": "PA", "admin1code": "10", "latitude": 8.0,
          "longitude": -81.3, "population": 7669, "alternatenames": ["Sona"]},
    "4": {"name": "Big Town", "countrycode": "KE", "admin1code": "01", "latitude": 1.0,
          "longitude": 37.0, "population": 90000, "alternatenames": []},
}  # fmt: skip


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "cities500.json"
    path.write_text(json.dumps(SOURCE), encoding="utf-8")
    return path


def test_the_index_holds_the_small_places_by_every_name(source, tmp_path):
    target = tmp_path / "index.sqlite"
    assert build(source, target) == 3  # "Big Town" is a city of the in-memory table
    villages = Villages(target)
    assert [(v.name, v.iso2) for v in villages.lookup("tin akof")] == [("Tin-Akoff", "BF")]
    assert villages.lookup("TAK") == []  # a short all-capital alias is no name
    assert sorted(v.iso2 for v in villages.lookup("Sona")) == ["IT", "PA"]
    assert villages.lookup("Big Town") == []
    # found by its own name, accents or not, or by one of its other names
    assert [(v.name, v.by_alias) for v in villages.lookup("Tin-Akoff")] == [("Tin-Akoff", False)]
    assert [v.by_alias for v in villages.lookup("Tin Akof")] == [True]
    assert sorted((v.iso2, v.by_alias) for v in villages.lookup("Sona")) == [
        ("IT", False),
        ("PA", False),  # "Soná" without its accent is its own name, not another
    ]


def test_the_index_is_built_once_in_the_cache_folder(source, tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEY_CACHE", str(tmp_path / "cache"))
    first = open_villages(source)
    assert first is not None and first.path == index_path(source)
    assert first.path.parent == tmp_path / "cache"
    built = first.path.stat().st_mtime_ns
    assert open_villages(source).path.stat().st_mtime_ns == built  # read, not built again
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.suffix == ".tmp"] == []


def test_a_village_is_taken_in_a_country_the_document_names_or_when_its_name_is_unique(
    gazetteer, lexicon
):
    place = gazetteer.resolve("Kibwezi", lexicon, villages=True)  # only in Kenya
    assert (place.country_iso3, place.admin1, place.geo_precision) == ("KEN", "Makueni", 1)
    # not for a name the text does not call a place (small places are named like people)
    assert gazetteer.resolve("Kibwezi", lexicon) is None
    # "Sona" is a village in Italy, Panama and Romania: for a document about Panama, Panama's;
    # for one that names no country, none
    assert gazetteer.resolve("Sona", lexicon, {"PAN"}, villages=True).country_iso3 == "PAN"
    assert gazetteer.resolve("Sona", lexicon, villages=True) is None
    # a document about Burkina Faso: no village of another country
    assert gazetteer.resolve("Sona", lexicon, {"BFA"}, villages=True) is None


def test_a_village_found_by_another_of_its_names_needs_its_country_named(gazetteer, lexicon):
    """GeoNames' other names of small places are transliterations and old names, often a
    person's or another place's: "Kibaki" is one of Kybaky's (Ukraine), "Sono" one of
    Saulnot's (France). Without its country named such a match is none."""
    for name in ("Kibaki", "Sono"):
        assert gazetteer.resolve(name, lexicon, villages=True) is None
    place = gazetteer.resolve("Sono", lexicon, {"FRA"}, villages=True)
    assert (place.name, place.country_iso3) == ("Saulnot", "FRA")
    # its own name needs no country ("Kibwezi" above)


def test_a_village_far_larger_than_its_namesakes_abroad_is_the_one_meant(gazetteer, lexicon):
    """Pama, Burkina Faso (13,579 people) is DOMINANT_VILLAGE times larger than any other
    village of that name: taken with no country named. "Sona" above is shared evenly."""
    place = gazetteer.resolve("Pama", lexicon, villages=True)
    assert (place.name, place.country_iso3, place.admin1) == ("Pama", "BFA", "Est")


def test_a_place_name_is_looked_up_with_or_without_its_apostrophe(gazetteer, lexicon):
    for name in ("Muranga", "Murang'a", "Murang’a"):
        place = gazetteer.resolve(name, lexicon)
        assert (place.country_iso3, place.admin1) == ("KEN", "Muranga"), name  # ACLED's spelling


def test_a_town_within_a_larger_place_is_the_one_in_that_region(gazetteer, lexicon):
    delaware = gazetteer.region("Delaware")
    town = gazetteer.town_within("Wilmington", delaware)
    assert (town.name, town.admin1, town.country_iso3) == ("Wilmington", "Delaware", "USA")
    # none there: the caller keeps the larger place
    assert gazetteer.town_within("Kibwezi", delaware) is None
    # inside a named region, a town known there by another of its names
    town = gazetteer.town_within("Zamora", gazetteer.region("Michoacan"))
    assert (town.name, town.country_iso3) == ("Zamora de Hidalgo", "MEX")
