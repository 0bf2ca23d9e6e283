"""Date phrase + publication time -> event date and ACLED time precision."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

import dateparser

# ACLED time_precision: 1 the day is known, 2 the week, 3 the month or coarser.
PRECISION_DAY = 1
PRECISION_WEEK = 2
PRECISION_MONTH = 3

_YEAR_ONLY = re.compile(r"^(?:in |during |since |by )?(?:the year )?((?:19|20)\d\d)$", re.I)
_WEEKISH = re.compile(r"\bweek\b|\bweekend\b", re.I)
_MONTHISH = re.compile(
    r"\b(month|year|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|fall|winter)\b",
    re.I,
)
_DAYISH = re.compile(
    r"\b(today|yesterday|tonight|\d{1,2}(st|nd|rd|th)?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_BARE_WEEKDAY = re.compile(
    r"^(?:on |early |late )?(" + "|".join(_WEEKDAYS) + r")(?:'s)?"
    r"(?: (?:morning|afternoon|evening|night))?$",
    re.I,
)
# Phrases that name no point in time: "recent years", "the past decade", "decades".
_VAGUE = re.compile(r"\b(decade|decades|years|recent|past|ongoing|century|centuries|ago)\b", re.I)


def resolve_date(phrase: str | None, published: datetime | None) -> tuple[date | None, int | None]:
    """Resolve a date phrase against the publication time; fall back to the publication day."""
    fallback = (published.date(), PRECISION_DAY) if published is not None else (None, None)
    if not phrase:
        return fallback
    resolved = _resolve(phrase.strip(), published.replace(tzinfo=None) if published else None)
    return resolved if resolved is not None else fallback


@functools.lru_cache(maxsize=4096)
def _resolve(phrase: str, base: datetime | None) -> tuple[date, int] | None:
    year = _YEAR_ONLY.match(phrase)
    if year:
        return date(int(year.group(1)), 1, 1), PRECISION_MONTH
    if _VAGUE.search(phrase) and not _DAYISH.search(phrase):
        return None
    weekday = _BARE_WEEKDAY.match(phrase)
    if weekday and base is not None:
        # News tells of the past week: "on Wednesday" in a Wednesday article is that same day.
        back = (base.weekday() - _WEEKDAYS.index(weekday.group(1).lower())) % 7
        return (base - timedelta(days=back)).date(), PRECISION_DAY
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if _DAYISH.search(phrase):
        return parsed.date(), PRECISION_DAY
    if _WEEKISH.search(phrase):
        return parsed.date(), PRECISION_WEEK
    if _MONTHISH.search(phrase):
        return parsed.date().replace(day=1), PRECISION_MONTH
    return parsed.date(), PRECISION_DAY
