"""Build world-110m.json, the country outlines of the HTML report's map.

Source: Natural Earth 1:110m Admin 0 countries (public domain), as shipped in the
`naturalearth_lowres` folder of the geopandas 0.14.4 wheel. To rebuild:

    pip download geopandas==0.14.4 pyshp --no-deps -d /tmp/ne
    (cd /tmp/ne && unzip -o -q geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*')
    pip install pyshp
    python storage/report_assets/build_world.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

Output: {"scale": 4, "countries": [[iso3, name, svg_path], ...]} in an equirectangular
projection, x = (lon + 180) * scale, y = (90 - lat) * scale, rounded to whole units
(a quarter degree), Antarctica left out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry
import shapefile  # pyshp, only needed to rebuild this asset

SCALE = 4


def ring_path(points: list[tuple[float, float]]) -> str:
    """One closed SVG sub-path, consecutive duplicate points dropped."""
    coords: list[tuple[int, int]] = []
    for lon, lat in points:
        xy = (round((lon + 180) * SCALE), round((90 - lat) * SCALE))
        if not coords or coords[-1] != xy:
            coords.append(xy)
    if len(coords) < 3:
        return ""
    head, *rest = coords
    return f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"


def iso3_of(name: str, iso3: str) -> str:
    if iso3 and iso3 != "-99":
        return iso3
    if name == "Kosovo":
        return "XKX"  # the user-assigned code ACLED and parley use
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return ""


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    countries = []
    for record, shape in zip(reader.records(), reader.shapes(), strict=True):
        if record["name"] == "Antarctica":
            continue
        parts = [*shape.parts, len(shape.points)]
        path = "".join(
            ring_path(shape.points[start:end]) for start, end in zip(parts, parts[1:], strict=False)
        )
        countries.append([iso3_of(record["name"], record["iso_a3"]), record["name"], path])
    out = Path(__file__).with_name("world-110m.json")
    out.write_text(json.dumps({"scale": SCALE, "countries": countries}, separators=(",", ":")))
    print(f"wrote {len(countries)} countries to {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
