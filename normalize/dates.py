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
# Phrases that name no point in time: "recent years", "the past decade", "decades", "the 1990s".
_VAGUE = re.compile(
    r"\b(decade|decades|years|recent|past|ongoing|century|centuries|ago|\d*0'?s)\b", re.I
)


# Dates outside this range are misreadings ("31 December 9999", "the year 0001"), as for
# `published` (storage.readers).
EARLIEST = date(1800, 1, 1)
LATEST = date(2200, 12, 31)
# An event dated longer ago than this before publication needs a full date (day, month and
# year) in its phrase: a bare year or month that far back is background ("In 2003, the US
# invaded Iraq"), or a number misread as a date ("Adamowicz, 53," is not 1953).
OLD_EVENT = timedelta(days=366)
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I
)
_FULL_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d|2200)\b")
_DAY_NUMBER = re.compile(r"\b([012]?\d|3[01])(st|nd|rd|th)?\b", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
_LETTERS = re.compile(r"[a-z]{2,}", re.I)
_FILLER = re.compile(r"\b(in|on|of|the|year|since|by|during|and|until|from|to)\b", re.I)


def resolve_date(phrase: str | None, published: datetime | None) -> tuple[date | None, int | None]:
    """Resolve a date phrase against the publication time; fall back to the publication day.

    A phrase that resolves to no believable date falls back like no phrase; an event dated
    more than a year before publication without a full date gets no date at all."""
    fallback = (published.date(), PRECISION_DAY) if published is not None else (None, None)
    if not phrase:
        return fallback
    phrase = _HEDGE.sub("", _ASIDE.sub("", phrase)).strip()
    if not phrase or _DURATION.match(phrase):
        return fallback  # "for one day", "2 days": how long, not when
    if not _believable(phrase, published):
        return fallback
    resolved = _resolve(phrase, published.replace(tzinfo=None) if published else None)
    if resolved is None or not EARLIEST <= resolved[0] <= LATEST:
        return fallback
    if published is not None and resolved[0] < published.date() - OLD_EVENT:
        if not is_full_date(phrase):
            return None, None
    return resolved


# Words around a date that do not change it: "Around 2 November 2020 (as reported)".
_HEDGE = re.compile(r"^(?:around|about|approximately|circa|on or about|on or around)\s+", re.I)
_ASIDE = re.compile(r"\s*\([^)]*\)\s*$")
# A length of time, not a point in it ("for one day", "two weeks"); "ago", "earlier", "last"
# and the like make it a point ("two days ago").
_DURATION = re.compile(
    r"^(?:for |over |within |nearly |almost |some |the |at least |more than )*"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few)\s+"
    r"(?:hours?|days?|nights?|weeks?|months?|years?)$",
    re.I,
)


def _believable(phrase: str, published: datetime | None) -> bool:
    """Whether a phrase can name a date at all. A number is a year only alone as a full year
    ("in 2019") or in a full date: "DMCA 1201", "53" and "40 and 49" are no dates. With no
    publication time, a phrase without a year ("on Thursday") cannot be placed in time."""
    words = _FILLER.sub(" ", phrase)
    if not _LETTERS.search(words):  # digits and punctuation only
        if _NUMERIC_DATE.search(phrase):
            return True
        numbers = re.findall(r"\d+", words)
        return len(numbers) == 1 and _FULL_YEAR.fullmatch(numbers[0]) is not None
    if published is None:
        return _FULL_YEAR.search(phrase) is not None
    return True


def is_full_date(phrase: str) -> bool:
    """Day, month and year all written: "12 March 2003", "March 12, 2003", "2003-03-12"."""
    if _NUMERIC_DATE.search(phrase):
        return True
    if not (_FULL_YEAR.search(phrase) and _MONTH_NAME.search(phrase)):
        return False
    without_year = _FULL_YEAR.sub(" ", phrase)
    return _DAY_NUMBER.search(without_year) is not None


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
