"""Named days: Christmas, Thanksgiving, Election Day, Easter… as a rule of the finder."""

from __future__ import annotations

import re
from collections.abc import Callable

from citeline.core.calendar import days_from_civil
from citeline.core.timex.context import Context, Resolved
from citeline.core.timex.lexicon import YEAR4, B, E
from citeline.core.timex.values import Point, first_day, from_days


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> int:
    """Day count of the ``n``-th ISO ``weekday`` of a month (n = -1: the last one)."""
    if n > 0:
        first = days_from_civil(year, month, 1)
        return first + (weekday - ((first + 3) % 7 + 1)) % 7 + 7 * (n - 1)
    nxt = days_from_civil(year + (month == 12), month % 12 + 1, 1)
    last = nxt - 1
    return last - (((last + 3) % 7 + 1) - weekday) % 7


def easter(year: int) -> int:
    """Day count of Western Easter Sunday in ``year`` (Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month = (h + ell - 7 * m + 90) // 25
    day = (h + ell - 7 * m + 33 * month + 19) % 32
    return days_from_civil(year, month, day)


def _fixed(month: int, day: int) -> Callable[[int], int]:
    return lambda y: days_from_civil(y, month, day)


_HOLIDAYS: dict[str, Callable[[int], int]] = {
    "christmas eve": _fixed(12, 24),
    "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25),
    "new year's eve": _fixed(12, 31),
    "new year's day": _fixed(1, 1),
    "new year's": _fixed(1, 1),
    "valentine's day": _fixed(2, 14),
    "independence day": _fixed(7, 4),
    "fourth of july": _fixed(7, 4),
    "july fourth": _fixed(7, 4),
    "halloween": _fixed(10, 31),
    "veterans day": _fixed(11, 11),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 4, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
    # The Tuesday after the first Monday of November.
    "election day": lambda y: _nth_weekday(y, 11, 1, 1) + 1,
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda y: easter(y) - 2,
}


def h_holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'Thanksgiving Day', 'Christmas 1998', 'last Christmas', 'Election Day'."""
    name = " ".join(m.group("hol").lower().replace("’", "'").split())
    when = _HOLIDAYS[name]
    if m.group("year"):
        return Resolved("DATE", point=from_days(when(int(m.group("year"))), "D"))
    dct = ctx.dct
    if dct is None:
        return Resolved("DATE", point=Point("D", None))
    today = first_day(dct)
    assert today is not None and dct.year is not None
    options = [when(dct.year + k) for k in (-1, 0, 1)]
    rel = (m.group("rel") or "").lower()
    if rel == "last" or (not rel and ctx.is_past(m.start()) and not ctx.is_future(m.start(), 0)):
        day = max(d for d in options if d < today or (d == today and rel != "last"))
    elif rel == "next" or ctx.is_future(m.start(), m.end()):
        day = min(d for d in options if d > today or (d == today and rel != "next"))
    else:
        day = min(options, key=lambda d: abs(d - today))
    return Resolved("DATE", point=from_days(day, "D"), anchor="dct")


_NAMES = (
    r"Christmas(?:\s+Eve|\s+Day)?|New\s+Year['’]s(?:\s+Eve|\s+Day)?|Valentine['’]s\s+Day"
    r"|Independence\s+Day|Fourth\s+of\s+July|July\s+Fourth|Halloween|Veterans\s+Day"
    r"|Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|Election\s+Day|Easter(?:\s+Sunday)?"
    r"|Good\s+Friday"
)
RULES = [
    (
        "holiday",
        rf"{B}(?:(?P<rel>last|next|this)\s+)?(?P<hol>{_NAMES}){E}(?:,?\s+(?P<year>{YEAR4}){E})?",
        h_holiday,
    ),
]
