"""Moving a date by a dragged amount of time, in whole units of its own precision.

Dragging a month-precision event moves it by whole months and keeps it a month; a day
stays a day. Forms that have no simple unit to step by (unspecified digits, seasons,
times, open ends) are not moved.
"""

from __future__ import annotations

import re

from citeline.core.calendar import add_months, civil_from_days, days_from_civil, days_in_month
from citeline.core.edtf import parse_edtf
from citeline.core.errors import DateError

_END = re.compile(r"^(?P<year>-?\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%]?)$")
_DAY = 86_400
_UNIT_SECONDS = {"year": 365.2425 * _DAY, "month": 30.436875 * _DAY, "day": _DAY}


def _precision(m: re.Match[str]) -> str:
    return "day" if m["day"] else "month" if m["month"] else "year"


def _year(text: str) -> str:
    year = int(text)
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _shift_end(m: re.Match[str], unit: str, steps: int) -> str:
    year = int(m["year"])
    if unit == "year":
        year += steps
        month, day = m["month"], m["day"]
        if day and month == "02" and day == "29" and days_in_month(year, 2) == 28:
            day = "28"
        parts = [_year(str(year))] + [p for p in (month, day) if p]
    elif unit == "month":
        y, mo = add_months(year, int(m["month"]), steps)
        parts = [_year(str(y)), f"{mo:02d}"]
        if m["day"]:
            parts.append(f"{min(int(m['day']), days_in_month(y, mo)):02d}")
    else:
        y, mo, d = civil_from_days(days_from_civil(year, int(m["month"]), int(m["day"])) + steps)
        parts = [_year(str(y)), f"{mo:02d}", f"{d:02d}"]
    return "-".join(parts) + m["q"]


def moved(edtf: str, seconds: float) -> str | None:
    """``edtf`` moved later by ``seconds`` (earlier when negative), rounded to whole units
    of its precision; None when it cannot be moved or does not move at all."""
    ends = edtf.split("/")
    if len(ends) > 2:
        return None
    matches = [_END.match(e) for e in ends]
    if not all(matches):
        return None
    found = [m for m in matches if m is not None]
    if any(m["month"] and int(m["month"]) > 12 for m in found):
        return None  # a season: no month to step by
    # An interval steps by its coarsest end's unit, so both ends move alike.
    order = ("year", "month", "day")
    unit = min((_precision(m) for m in found), key=order.index)
    steps = round(seconds / _UNIT_SECONDS[unit])
    if steps == 0:
        return None
    result = "/".join(_shift_end(m, unit, steps) for m in found)
    try:
        return parse_edtf(result).edtf
    except DateError:
        return None
