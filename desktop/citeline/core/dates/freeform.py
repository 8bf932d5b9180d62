"""Day, month and time forms ("Nov 3, 2020", "3 November 2020 14:30 UTC").

They are read by a free-form date reader that is imported only when such a form is met.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from citeline.core.dates.display import MONTHS_LONG, MONTHS_SHORT, _day_text
from citeline.core.dates.partial import _ERA, _I, _Context, _NotUnderstood, _Partial

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Words the free-form reader understands; anything else is reported by name rather
# than skipped, so that "Marhc 2021" is an error and never silently "2021".
_WORDS = frozenset(
    [m.lower() for m in MONTHS_SHORT + MONTHS_LONG]
    + ["sept"]
    + list(_WEEKDAYS)
    + [d[:3] for d in _WEEKDAYS]
    + ["am", "pm", "a", "p", "m", "of", "at", "on", "st", "nd", "rd", "th", "t"]
)
_WEEKDAY_OF_WORD = {d: i for i, d in enumerate(_WEEKDAYS)} | {
    d[:3]: i for i, d in enumerate(_WEEKDAYS)
}

# Defaults for the free-form reader: every field differs between the two, so a field
# that comes out the same from both was written in the text. Both years are leap years
# so that "29 Feb" without a year does not fail before it is reported as yearless.
_DEFAULT_A = _dt.datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = _dt.datetime(1600, 12, 2, 1, 1, 1)

_ERA_TOKEN = re.compile(rf"(?<![\w.])(?:{_ERA})(?!\w)", _I)
_TIME_ZONE = re.compile(
    r"(\d(?::\d\d){1,2}|\d\s*[ap]\.?m\.?)\s*(UTC|GMT|Z|[+-]\d\d(?::?\d\d)?)\Z",
    _I,
)


_parser: Any = None


def _date_parser() -> Any:
    """The free-form date reader, imported on first use to keep start-up light."""
    global _parser
    if _parser is None:
        from dateutil import parser

        _parser = parser
    return _parser


def _free_form(s: str, context: _Context) -> _Partial:
    """Day, month and time forms ("Nov 3, 2020", "3 November 2020 14:30 UTC")."""
    text = s[4:] if s.lower().startswith("the ") else s
    tz = None
    m = _TIME_ZONE.search(text)
    if m:
        tz = _tz_text(m[2])
        text = text[: m.end(1)]

    # The year: next to an era marker, or the only number of three digits or more. It
    # is swapped for a stand-in year in the reader's range with the same place in the
    # 400-year Gregorian cycle (same leap years and weekdays), so any year can be read.
    year: int | None = None
    year_span: tuple[int, int] | None = None
    eras = list(_ERA_TOKEN.finditer(text))
    if len(eras) > 1:
        raise _NotUnderstood("it has more than one era (AD, BC)")
    if eras:
        era = eras[0]
        before = re.search(r"(\d+)\s*\Z", text[: era.start()])
        after = re.match(r"\s*(\d+)", text[era.end() :])
        is_bc = era[0].upper().startswith("B")
        if before is not None:
            year_span = (before.start(1), before.end(1))
            digits = before[1]
        elif after is not None and era[0].upper().startswith("A"):
            year_span = (era.end() + after.start(1), era.end() + after.end(1))
            digits = after[1]
        else:
            raise _NotUnderstood(f"{era[0]} must stand next to a year")
        n = int(digits)
        if n == 0:
            raise _NotUnderstood("there is no year 0 in AD and BC; 1 BC is followed by AD 1")
        year = 1 - n if is_bc else n
        text = text[: era.start()] + " " + text[era.end() :]
        if year_span[0] > era.start():
            shift = era.end() - era.start() - 1
            year_span = (year_span[0] - shift, year_span[1] - shift)
    else:
        long_numbers = [n for n in re.finditer(r"\d+", text) if len(n[0]) >= 3]
        if len(long_numbers) == 1:
            year_span = long_numbers[0].span()
            year = int(long_numbers[0][0])

    for word in re.findall(r"[^\W\d_]+", text):
        if word.lower() not in _WORDS:
            raise _NotUnderstood(f'"{word}" is not a month or a date word')

    stand_in = None
    if year is not None and year_span is not None:
        stand_in = 2000 + year % 400
        text = text[: year_span[0]] + str(stand_in) + text[year_span[1] :]

    parser = _date_parser()
    try:
        first = parser.parse(text, default=_DEFAULT_A, dayfirst=context.dayfirst)
        second = parser.parse(text, default=_DEFAULT_B, dayfirst=context.dayfirst)
    except (ValueError, OverflowError) as error:
        if "out of range" in str(error):
            raise _NotUnderstood("that day does not exist in that month") from None
        raise _NotUnderstood("") from None

    def given(field: str) -> bool:
        return bool(getattr(first, field) == getattr(second, field))

    if first.microsecond:
        raise _NotUnderstood("fractions of a second are not kept")
    if given("year"):
        if stand_in is None:
            raise _NotUnderstood("write the year in full, for example 2020, AD 44 or 44 BC")
        if first.year != stand_in:
            raise _NotUnderstood("")
    elif stand_in is not None:
        raise _NotUnderstood("")
    result = _Partial(
        year if given("year") else None,
        first.month if given("month") else None,
        first.day if given("day") else None,
    )
    if given("hour"):
        result.hour = first.hour
        result.minute = first.minute if given("minute") else 0
        result.second = first.second if given("second") else None
        result.tz = tz
    elif tz is not None:
        raise _NotUnderstood("it has a time zone but no time")

    weekdays = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in _WEEKDAY_OF_WORD]
    if weekdays:
        if result.day is None or result.month is None or result.year is None:
            raise _NotUnderstood("a weekday can only be checked against a full date")
        wanted = _WEEKDAY_OF_WORD[weekdays[0].lower()]
        if first.weekday() != wanted:
            actual = _WEEKDAYS[first.weekday()].capitalize()
            raise _NotUnderstood(
                f"{_day_text(result.year, result.month, result.day, False)} was a {actual}, "
                f"not a {_WEEKDAYS[wanted].capitalize()}"
            )
    return result


def _tz_text(tz: str) -> str:
    """The EDTF zone designator of "UTC", "Z", "+02", "+0200" or "+02:00"."""
    if tz.upper() in ("UTC", "GMT", "Z"):
        return "Z"
    digits = tz[1:].replace(":", "")
    return f"{tz[0]}{digits[:2]}:{digits[2:] or '00'}"
