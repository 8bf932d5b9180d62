"""Dates with honest precision, written in EDTF (the Extended Date/Time Format).

Every event date in Citeline is stored as a canonical EDTF string and, beside it, the
span of time it covers, so that "November 2020" never turns into 1 November on a
timeline. This module reads EDTF levels 0 and 1:

* ``2020``, ``2020-11``, ``2020-11-03``, ``2020-11-03T14:30:00`` with ``Z`` or ``+02:00``;
  ``2020-11-03T14:30`` (no seconds) is accepted as a minute-precision time, as ISO 8601
  allows, because a time typed as "14:30" does not claim a second;
* a qualifier on the whole date: ``~`` approximate, ``?`` uncertain, ``%`` both;
* unspecified digits: ``201X`` (decade), ``19XX`` (century), ``1XXX`` (millennium),
  ``2020-XX``, ``2020-XX-XX``, ``2020-11-XX``; the span covers every possibility;
* negative years (``-0043`` is 44 BC: astronomical numbering) and long years
  (``Y170000002``, ``Y-170000002``), which can only be whole years;
* seasons ``21``-``24``: spring is March-May, summer June-August, autumn
  September-November, winter December to the end of February of the next year;
* intervals ``A/B``; an end may be open (``..``) or unknown (empty).

Spans are integer seconds since 1970-01-01 UTC, ``earliest`` inclusive and ``latest``
exclusive. Choices that EDTF leaves open:

* An open or unknown interval end claims nothing beyond the known end: ``2019/..`` and
  ``2019/`` cover 2019 only, ``../2020`` covers 2020 only. The span stays finite and
  never asserts more than was written; the EDTF string still says the end is open.
* A time without a zone is taken as written, as if it were UTC.
* An interval's precision is the coarser of its ends; it is approximate (or uncertain)
  when either end is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citeline.core.calendar import days_in_month, instant
from citeline.core.errors import DateError

#: Every precision a date can have, coarse to fine.
PRECISIONS: tuple[str, ...] = (
    "millennium",
    "century",
    "decade",
    "year",
    "season",
    "month",
    "day",
    "minute",
    "second",
)
_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}

#: Season codes of EDTF level 1, with their first month and length in months.
SEASONS: dict[int, tuple[str, int]] = {
    21: ("spring", 3),
    22: ("summer", 6),
    23: ("autumn", 9),
    24: ("winter", 12),
}
_SEASON_MONTHS = 3

_X_PRECISION = ("year", "decade", "century", "millennium")

_SINGLE = re.compile(
    r"""
    (?:
        Y(?P<long>-?\d+)
      | (?P<year>-?[0-9X]{4})
        (?:-(?P<month>[0-9X]{2})
          (?:-(?P<day>[0-9X]{2})
            (?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?
              (?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?
            )?
          )?
        )?
    )
    (?P<q>[~?%])?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class DateParts:
    """The pieces of one (non-interval) EDTF date, as read from its canonical string."""

    year: int
    """The year; with unspecified digits, the first year it could be (-0049 for -004X)."""
    unspecified_digits: int
    """How many trailing digits of the year are X: 0 to 3."""
    month: int | None
    """1-12, or a season code 21-24; None when absent or unspecified."""
    month_unspecified: bool
    day: int | None
    day_unspecified: bool
    hour: int | None
    minute: int | None
    second: int | None
    tz: str | None
    """``Z``, ``+HH:MM`` or ``-HH:MM``; None for a time without zone (or no time)."""
    approximate: bool
    uncertain: bool


@dataclass(frozen=True)
class DateValue:
    """A date as written, with the span of time it honestly covers."""

    edtf: str
    """The canonical EDTF string."""
    precision: str
    """One of PRECISIONS; an interval has the coarser precision of its ends."""
    earliest: int
    """The first second covered (inclusive), in seconds since 1970-01-01 UTC."""
    latest: int
    """The end of the span (exclusive): "2020-11" runs until 2020-12-01T00:00."""
    approximate: bool = False
    uncertain: bool = False
    interval: bool = False

    def contains(self, t: int | float) -> bool:
        """Whether the instant ``t`` (seconds since 1970 UTC) lies in the span."""
        return self.earliest <= t < self.latest

    @property
    def midpoint(self) -> int:
        """The instant halfway through the span, rounded down to a whole second."""
        return (self.earliest + self.latest) // 2

    def ends(self) -> tuple[DateValue | None, DateValue | None]:
        """The start and end of an interval (None for an open or unknown end).

        A single date is both its own start and end.
        """
        if not self.interval:
            return self, self
        start, end = self.edtf.split("/")
        return (
            None if start in ("", "..") else parse_edtf(start),
            None if end in ("", "..") else parse_edtf(end),
        )

    def parts(self) -> DateParts:
        """The pieces of a single date; DateError for an interval."""
        if self.interval:
            raise DateError(f"{self.edtf} is an interval, not a single date")
        return _parse_single(self.edtf)[1]


class _Invalid(Exception):
    """Why a piece of EDTF is not valid; the public functions turn it into DateError."""


def year_edtf(year: int) -> str:
    """The canonical EDTF spelling of a fully known year: 2020, -0043, Y170000002."""
    if -9999 <= year <= 9999:
        return f"-{-year:04d}" if year < 0 else f"{year:04d}"
    return f"Y{year}"


def _tz_seconds(tz: str) -> tuple[str, int]:
    """The canonical spelling of a zone designator and its offset in seconds."""
    if tz == "Z":
        return "Z", 0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:]) if len(digits) > 2 else 0
    if len(digits) not in (2, 4) or hours > 23 or minutes > 59:
        raise _Invalid(f"{tz} is not a time zone offset")
    return f"{tz[0]}{hours:02d}:{minutes:02d}", sign * (hours * 3600 + minutes * 60)


def qualifier_edtf(approximate: bool, uncertain: bool) -> str:
    """The EDTF qualifier for the flags: "", "~", "?" or "%"."""
    if approximate and uncertain:
        return "%"
    return "~" if approximate else ("?" if uncertain else "")


@lru_cache(maxsize=8192)
def _parse_single(text: str) -> tuple[DateValue, DateParts]:
    m = _SINGLE.fullmatch(text)
    if m is None:
        raise _Invalid("it is not written as EDTF (for example 2020-11-03)")
    q = m["q"]
    approximate = q in ("~", "%")
    uncertain = q in ("?", "%")
    qualifier = q or ""

    if m["long"] is not None:
        year = int(m["long"])
        value = DateValue(
            year_edtf(year) + qualifier,
            "year",
            instant(year),
            instant(year + 1),
            approximate,
            uncertain,
        )
        parts = DateParts(
            year, 0, None, False, None, False, None, None, None, None, approximate, uncertain
        )
        return value, parts

    ytext: str = m["year"]
    if ytext == "-0000":
        raise _Invalid("there is no year -0000; year 0 (1 BC) is written 0000")
    negative = ytext[0] == "-"
    digits = ytext.lstrip("-")
    known = digits.rstrip("X")
    xs = len(digits) - len(known)
    if "X" in known:
        raise _Invalid("only the last digits of a year can be unspecified (X)")
    if xs == 4:
        raise _Invalid("no digit of the year is known")
    month_text, day_text = m["month"], m["day"]
    if xs and month_text is not None:
        raise _Invalid("a year with unspecified digits cannot have a month or day")

    base = int(known) if known else 0
    unit = 10**xs
    if negative:
        first_year, end_year = -(base + 1) * unit + 1, -base * unit + 1
    else:
        first_year, end_year = base * unit, (base + 1) * unit
    year = first_year
    canonical = ytext

    month: int | None = None
    day: int | None = None
    month_x = day_x = False
    hour = minute = second = None
    tz: str | None = None
    precision = _X_PRECISION[xs]
    earliest = instant(first_year)
    latest = instant(end_year)

    if month_text is not None:
        canonical += "-" + month_text
        if month_text == "XX":
            month_x = True
            if day_text is not None and day_text != "XX":
                raise _Invalid("a day cannot be given when the month is unspecified")
            if day_text is not None:
                day_x = True
                canonical += "-XX"
        elif "X" in month_text:
            raise _Invalid(f"the month {month_text} is only partly specified")
        else:
            month = int(month_text)
            if month in SEASONS:
                if day_text is not None:
                    raise _Invalid("a season cannot have a day")
                first_month = SEASONS[month][1]
                precision = "season"
                earliest = instant(year, first_month)
                ey, em = divmod(year * 12 + first_month - 1 + _SEASON_MONTHS, 12)
                latest = instant(ey, em + 1)
            elif not 1 <= month <= 12:
                raise _Invalid(f"there is no month {month_text}")
            else:
                precision = "month"
                earliest = instant(year, month)
                latest = instant(year + (month == 12), month % 12 + 1)
                if day_text is not None:
                    canonical += "-" + day_text
                    if day_text == "XX":
                        day_x = True
                    elif "X" in day_text:
                        raise _Invalid(f"the day {day_text} is only partly specified")
                    else:
                        day = int(day_text)
                        if not 1 <= day <= days_in_month(year, month):
                            raise _Invalid(f"{ytext}-{month_text} has no day {day_text}")
                        precision = "day"
                        earliest = instant(year, month, day)
                        latest = earliest + 86_400

    if m["hour"] is not None:
        if day is None:
            raise _Invalid("a time needs a known day")
        if q is not None:
            raise _Invalid("a time cannot be marked approximate or uncertain")
        hour, minute = int(m["hour"]), int(m["minute"])
        if hour > 23 or minute > 59:
            raise _Invalid(f"{m['hour']}:{m['minute']} is not a time of day")
        canonical += f"T{hour:02d}:{minute:02d}"
        length = 60
        precision = "minute"
        if m["second"] is not None:
            second = int(m["second"])
            if second > 59:
                raise _Invalid(f"second {m['second']} does not exist")
            canonical += f":{second:02d}"
            length = 1
            precision = "second"
        offset = 0
        if m["tz"] is not None:
            tz, offset = _tz_seconds(m["tz"])
            canonical += tz
        earliest = instant(year, month or 1, day, hour, minute, second or 0) - offset
        latest = earliest + length

    value = DateValue(canonical + qualifier, precision, earliest, latest, approximate, uncertain)
    parts = DateParts(
        year,
        xs,
        month,
        month_x,
        day,
        day_x,
        hour,
        minute,
        second,
        tz,
        approximate,
        uncertain,
    )
    return value, parts


def _parse_interval(start: str, end: str) -> DateValue:
    a = None if start in ("", "..") else _parse_single(start)[0]
    b = None if end in ("", "..") else _parse_single(end)[0]
    if a is None and b is None:
        raise _Invalid("an interval needs at least one known end")
    first = a if a is not None else b
    last = b if b is not None else a
    assert first is not None and last is not None
    if first.earliest >= last.latest:
        raise _Invalid("the interval ends before it starts")
    precision = min(first.precision, last.precision, key=_RANK.__getitem__)
    return DateValue(
        f"{start}/{end}",
        precision,
        first.earliest,
        last.latest,
        first.approximate or last.approximate,
        first.uncertain or last.uncertain,
        True,
    )


def parse_edtf(s: str) -> DateValue:
    """The DateValue of an EDTF string; DateError if it is not valid EDTF level 0 or 1."""
    text = s.strip()
    try:
        if "/" not in text:
            return _parse_single(text)[0]
        start, _, end = text.partition("/")
        if "/" in end:
            raise _Invalid("an interval has exactly one /")
        if start not in ("", ".."):
            start = _parse_single(start)[0].edtf
        if end not in ("", ".."):
            end = _parse_single(end)[0].edtf
        return _parse_interval(start, end)
    except _Invalid as error:
        raise DateError(f'could not understand "{text}" as an EDTF date: {error}') from None


def from_parts(
    year: int,
    month: int | None = None,
    day: int | None = None,
    *,
    approximate: bool = False,
    uncertain: bool = False,
) -> DateValue:
    """The DateValue of a year, optionally a month (or season 21-24) and a day."""
    if day is not None and month is None:
        raise DateError("a day was given without a month")
    if month is not None and not -9999 <= year <= 9999:
        raise DateError(f"a month or day can only be given for years -9999 to 9999, not {year}")
    text = year_edtf(year)
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    return parse_edtf(text + qualifier_edtf(approximate, uncertain))


def interval(a: DateValue | None, b: DateValue | None) -> DateValue:
    """The interval from ``a`` to ``b``; None for an end makes it open (``..``)."""
    for end in (a, b):
        if end is not None and end.interval:
            raise DateError(f"an interval cannot have the interval {end.edtf} as an end")
    return parse_edtf(
        f"{'..' if a is None else a.edtf}/{'..' if b is None else b.edtf}",
    )


def range_edtf(start: str, end: str) -> str:
    """The EDTF interval from where ``start`` begins to where ``end`` ends.

    Each end is EDTF and may itself be an interval: "early 2019 to late 2020" runs from
    the start of early 2019 to the end of late 2020. An end may be open ("..") or
    unknown (""). The result is not checked; ``parse_edtf`` says whether it is valid.
    The typed-date reader and the date finder both join the two ends of a range here.
    """
    return f"{start.split('/')[0]}/{end.split('/')[-1]}"
