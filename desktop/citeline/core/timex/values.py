"""Calendar points of any granularity and their TIMEX3 and EDTF spellings.

A :class:`Point` is what a date expression denotes: a year, a quarter, a month, an ISO
week, a day, a part of a day, a clock time. Arithmetic ("four months later", "last
week") works on the point's first day and re-expresses the result at a chosen
granularity, so that a month stays a month.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from citeline.core.calendar import add_months, civil_from_days, days_from_civil

# Granularities from coarsest to finest. "S" is a season, "E" a decade, "C" a century.
ORDER = ("C", "E", "Y", "H", "S", "Q", "M", "W", "D", "T")
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_EDTF_SEASON = {"SP": 21, "SU": 22, "FA": 23, "WI": 24}


@dataclass(frozen=True)
class Point:
    """A calendar interval named by a granularity and its fields.

    ``sub`` is the month (for M, D, T), the ISO week (W), the quarter (Q) or the half
    (H). ``year`` is None when it is unknown (no document date to resolve against).
    ``time`` is a clock time "14:30" or a part of the day "MO", "AF", "EV", "NI".
    """

    gran: str
    year: int | None
    sub: int = 0
    day: int = 0
    season: str = ""
    time: str = ""
    weekend: bool = False
    weekday: int = 0  # for unresolved weekdays: XXXX-WXX-2


def finer(a: str, b: str) -> bool:
    """Whether granularity ``a`` is finer than ``b``."""
    return ORDER.index(a) > ORDER.index(b)


def iso_weekday(days: int) -> int:
    """ISO weekday (Monday 1 … Sunday 7) of a day count since 1970-01-01."""
    return (days + 3) % 7 + 1


def iso_week(days: int) -> tuple[int, int]:
    """The ISO (week-year, week) holding a day count since 1970-01-01."""
    thursday = days - iso_weekday(days) + 4
    year = civil_from_days(thursday)[0]
    return year, (thursday - days_from_civil(year, 1, 1)) // 7 + 1


def week_monday(year: int, week: int) -> int:
    """Day count of the Monday of ISO week ``week`` of ``year``."""
    jan4 = days_from_civil(year, 1, 4)
    return jan4 - iso_weekday(jan4) + 1 + (week - 1) * 7


def from_days(days: int, gran: str) -> Point:
    """The point of granularity ``gran`` that contains the day ``days``."""
    y, m, d = civil_from_days(days)
    if gran == "W":
        wy, w = iso_week(days)
        return Point("W", wy, w)
    if gran in ("D", "T"):
        return Point("D", y, m, d)
    if gran == "M":
        return Point("M", y, m)
    if gran == "Q":
        return Point("Q", y, (m - 1) // 3 + 1)
    if gran == "H":
        return Point("H", y, 1 if m <= 6 else 2)
    if gran == "S":
        season = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP"}.get(m)
        season = season or ("SU" if m <= 8 else "FA")
        return Point("S", y - (m < 3), season=season)
    if gran == "E":
        return Point("E", y - y % 10)
    if gran == "C":
        return Point("C", y - y % 100)
    return Point("Y", y)


def from_date(date: datetime.date, gran: str = "D") -> Point:
    """The point of granularity ``gran`` holding ``date``."""
    return from_days(days_from_civil(date.year, date.month, date.day), gran)


def first_day(p: Point) -> int | None:
    """Day count of the first day of ``p``, or None when its year is unknown."""
    if p.year is None:
        return None
    if p.gran in ("D", "T"):
        return days_from_civil(p.year, p.sub, p.day)
    if p.gran == "M":
        return days_from_civil(p.year, p.sub, 1)
    if p.gran == "W":
        return week_monday(p.year, p.sub) + (5 if p.weekend else 0)
    if p.gran == "Q":
        return days_from_civil(p.year, 3 * p.sub - 2, 1)
    if p.gran == "H":
        return days_from_civil(p.year, 6 * p.sub - 5, 1)
    if p.gran == "S":
        return days_from_civil(p.year, SEASON_MONTH[p.season or "SP"], 1)
    return days_from_civil(p.year, 1, 1)


def shift(p: Point, n: int, unit: str, gran: str | None = None) -> Point:
    """``p`` moved by ``n`` units ("Y", "Q", "M", "W", "D", "E", "C", "H"), at ``gran``.

    ``gran`` defaults to the granularity of ``p``. Unknown years stay unknown.
    """
    gran = gran or p.gran
    days = first_day(p)
    if days is None:
        return replace(p, gran=gran) if gran == p.gran else unknown(gran)
    if unit in ("D", "W"):
        days += n * (7 if unit == "W" else 1)
    else:
        months = n * {"M": 1, "Q": 3, "H": 6, "Y": 12, "E": 120, "C": 1200}.get(unit, 12)
        y, m, d = civil_from_days(days)
        y, m = add_months(y, m, months)
        days = days_from_civil(y, m, d if p.gran in ("D", "T") else 1)
    out = from_days(days, gran)
    if gran == p.gran and p.gran == "S":
        out = replace(out, season=p.season)
    return out


def unknown(gran: str, **fields: int | str) -> Point:
    """A point of granularity ``gran`` whose year is unknown."""
    return Point(gran, None, **fields)  # type: ignore[arg-type]


def _year(p: Point) -> str:
    return "XXXX" if p.year is None else f"{p.year:04d}"


def value(p: Point) -> str:
    """The TIMEX3 value of ``p``: "1998", "1998-Q1", "1998-W12", "1998-03-14TMO"…"""
    y = _year(p)
    if p.gran == "C":
        return "XX" if p.year is None else f"{p.year // 100:02d}"
    if p.gran == "E":
        return "XXXX" if p.year is None else f"{p.year // 10:03d}X"
    if p.gran == "Y":
        return f"BC{1 - p.year:04d}" if p.year is not None and p.year <= 0 else y
    if p.gran == "H":
        return f"{y}-H{p.sub}"
    if p.gran == "Q":
        return f"{y}-Q{p.sub}" if p.sub else f"{y}-QX"
    if p.gran == "S":
        return f"{y}-{p.season}"
    if p.gran == "M":
        return f"{y}-{p.sub:02d}" if p.sub else f"{y}-XX"
    if p.gran == "W":
        week = f"W{p.sub:02d}" if p.sub and p.year is not None else "WXX"
        if p.weekday:
            return f"{y}-{week}-{p.weekday}"
        return f"{y}-{week}-WE" if p.weekend else f"{y}-{week}"
    if p.year is None and p.weekday:
        day = f"{y}-WXX-{p.weekday}"
    else:
        month = f"{p.sub:02d}" if p.sub else "XX"
        day = f"{y}-{month}-{p.day:02d}" if p.day else f"{y}-{month}-XX"
    if p.gran == "T" and p.time:
        return f"{day}T{p.time}"
    return day


def edtf(p: Point, approximate: bool = False) -> str | None:
    """An EDTF spelling of ``p`` ("2020-11", "199X", "1998-03-16/1998-03-22"), if any."""
    if p.year is None:
        return None
    y = f"-{-p.year:04d}" if p.year < 0 else f"{p.year:04d}"  # -0299 is 300 BC
    if p.gran == "C":
        text = f"{p.year // 100:02d}XX"
    elif p.gran == "E":
        text = f"{p.year // 10:03d}X"
    elif p.gran == "Y":
        text = y
    elif p.gran == "H":
        text = f"{y}-{39 + p.sub}"
    elif p.gran == "Q":
        text = f"{y}-{32 + p.sub}" if p.sub else y
    elif p.gran == "S":
        text = f"{y}-{_EDTF_SEASON[p.season or 'SP']}"
    elif p.gran == "M":
        text = f"{y}-{p.sub:02d}" if p.sub else y
    elif p.gran == "W" and not p.sub:
        text = y  # some week of that year
    elif p.gran == "W":
        monday = week_monday(p.year, p.sub)
        start, end = (monday + 5, monday + 6) if p.weekend else (monday, monday + 6)
        return "/".join("{:04d}-{:02d}-{:02d}".format(*civil_from_days(d)) for d in (start, end))
    elif not p.day:
        text = f"{y}-{p.sub:02d}-XX" if p.sub else f"{y}-XX-XX"  # a day the text leaves open
    else:
        text = f"{y}-{p.sub:02d}-{p.day:02d}"
        if p.gran == "T" and ":" in p.time:
            text += f"T{p.time}:00"
    return text + "~" if approximate else text
