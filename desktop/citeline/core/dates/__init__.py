"""Dates as people type them, and how Citeline shows them.

``parse_date`` turns what a journalist types ("Nov 3, 2020", "early 2019", "c. 1850",
"44 BC", "March–May 2021") into a :class:`~citeline.core.edtf.DateValue` that keeps the
precision that was written: "November 2020" stays a month. It never guesses silently:
a date without a year, a two-digit year or an unknown word is an error that says what
was not understood.

``format_date`` shows a DateValue for reading, and what it writes reads back to the
same DateValue. ``describe`` gives a one-line explanation for instant feedback while a
date is being typed.

Reading conventions that are choices, not facts:

* "11/03/2020" is read month first (3 November) unless ``dayfirst=True``; a first number
  above 12 is always a day. ``describe`` shows the reading, so a wrong one is seen.
* "early", "mid" and "late" are approximate thirds: of a year January-April, May-August,
  September-December; of a month days 1-10, 11-20 and 21 to the end.
* "the 1990s" is a decade (``199X``); "the 1900s" could be a decade or a century, so it
  must be written "1900s (decade)" or "1900s (century)" (or "20th century").
* "19th century" is ``18XX`` (1800-1899) and "2nd millennium" is ``1XXX``, as EDTF's
  unspecified digits have it; "1st century BC" is ``-00XX`` (100 BC-1 BC).
* "3pm" is a time of minute precision (15:00): nobody means "some time in that hour".
* In a range, an end may borrow what it leaves out from the other end: "March–May 2021",
  "3–5 Mar 2021", "Nov 3, 2020 14:30–16:00". Qualifiers belong to the end they stand
  by: "c. 2017–2021" is approximate at the start only.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from citeline.core.calendar import civil_from_instant, days_in_month
from citeline.core.edtf import (
    SEASONS,
    DateParts,
    DateValue,
    parse_edtf,
    qualifier_edtf,
    year_edtf,
)
from citeline.core.errors import DateError

__all__ = ["describe", "format_date", "parse_date"]

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
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

_SEASON_WORDS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_SEASON_NAMES = {code: name.capitalize() for code, (name, _) in SEASONS.items()}
_THIRDS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_ORDINAL_NAMES = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_ORDINAL_WORDS = {word: n for n, word in enumerate(_ORDINAL_NAMES.split(), start=1)} | {
    "twenty first": 21
}

_I = re.IGNORECASE
_APPROX_PREFIX = re.compile(
    r"(?:c\.|ca\.|circa\b|ca\b|about\b|around\b|approx\.|approximately\b|approx\b"
    r"|roughly\b|~)\s*",
    _I,
)
_UNCERTAIN_PREFIX = re.compile(r"(?:probably|possibly|perhaps|maybe)\b\s*", _I)
_SUFFIX = re.compile(r"\s*([?~%])\Z")
_ERA = r"B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?"
_YEAR = re.compile(rf"(?:(?P<pre>A\.?D\.?)\s*)?(?P<n>\d+)(?:\s*(?P<post>{_ERA}))?", _I)
_ERA_TOKEN = re.compile(rf"(?<![\w.])(?:{_ERA})(?!\w)", _I)
_DECADE = re.compile(r"(?:the\s+)?(\d+)'?s(?:\s*\((decade|century)\))?", _I)
_SHORT_DECADE = re.compile(r"(?:the\s+)?'\d{2}s|(?:the\s+)?\d{2}'?s", _I)
_ORDINAL_UNIT = re.compile(
    rf"(?:the\s+)?(?:(\d+)(?:st|nd|rd|th)|([a-z]+(?:[\s-]first)?))[\s-]+"
    rf"(century|c\.|millennium)(?:\s+({_ERA}))?",
    _I,
)
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(.+))?", _I)
_THIRD = re.compile(r"(early|mid|late)[\s-]+(.+)", _I)
_SOME_UNIT = re.compile(r"(?:a|some|an unknown)\s+(day|month)\s+(?:in|of)\s+(.+)", _I)
_TIME_ZONE = re.compile(
    r"(\d(?::\d\d){1,2}|\d\s*[ap]\.?m\.?)\s*(UTC|GMT|Z|[+-]\d\d(?::?\d\d)?)\Z",
    _I,
)
_BETWEEN = re.compile(r"between\s+(.+?)\s+and\s+(.+)", _I)
_FROM = re.compile(r"from\s+", _I)
_SINCE = re.compile(r"since\s+(.+)|(.+?)\s+onwards?", _I)
_UNTIL = re.compile(r"(?:until|till|up to)\s+(.+)", _I)
_RANGE_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+(?:to|until|till|through)\s+|\s+-\s+", _I)
_DAY_COMMA_YEAR = re.compile(r"(\d{1,2}),\s*(.+)")
_OPEN_WORDS = {"open": "..", "..": "..", "unknown": "", "?": ""}


class _NotUnderstood(Exception):
    """Why a piece of text is not a date; parse_date turns it into DateError."""


@dataclass
class _Partial:
    """A date read from text that may still lack fields another range end can supply."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz: str | None = None
    approximate: bool = False
    uncertain: bool = False
    bare_number: str | None = None
    """The text when it was only a short number: a day in a range, never a year."""

    def value(self) -> DateValue:
        """The complete DateValue; _NotUnderstood when a field it needs is missing."""
        if self.year is None and self.bare_number is not None:
            n = int(self.bare_number)
            raise _NotUnderstood(
                f"{self.bare_number} is too short for a year: "
                f"write it in full, or as AD {n} or {n} BC"
            )
        if self.year is None:
            if self.month is None and self.day is None and self.hour is not None:
                raise _NotUnderstood("it has a time but no date")
            raise _NotUnderstood("it has no year")
        if self.day is not None and self.month is None:
            raise _NotUnderstood("it has a day but no month")
        if self.hour is not None and self.day is None:
            raise _NotUnderstood("it has a time but no day")
        if self.month is not None and not -9999 <= self.year <= 9999:
            raise _NotUnderstood("months and days are kept only for years 10000 BC to AD 9999")
        text = year_edtf(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute or 0:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += self.tz or ""
        text += qualifier_edtf(self.approximate, self.uncertain)
        return _edtf(text)


@dataclass
class _Context:
    reference: _dt.date
    dayfirst: bool


_Side = DateValue | _Partial


def _edtf(text: str) -> DateValue:
    """parse_edtf for EDTF this module built; its errors become _NotUnderstood."""
    try:
        return parse_edtf(text)
    except DateError as error:
        raise _NotUnderstood(str(error).partition("as an EDTF date: ")[2]) from None


# ---------------------------------------------------------------------------------------
# Reading


def parse_date(
    text: str, *, reference: _dt.date | None = None, dayfirst: bool = False
) -> DateValue:
    """The DateValue of a date as typed; DateError saying what was not understood.

    ``reference`` is the day that "today" and "yesterday" count from (default: today).
    ``dayfirst`` reads "11/03/2020" as 11 March instead of 3 November.
    """
    shown = " ".join(text.split())
    if not shown:
        raise DateError("no date was given")
    edtf_error = ""
    try:
        return parse_edtf(shown)
    except DateError as error:
        if re.fullmatch(r"[-\dXY.~?%/T:+Z]+", shown) and "/" not in shown:
            edtf_error = str(error).partition("as an EDTF date: ")[2]
    context = _Context(reference or _dt.date.today(), dayfirst)
    try:
        return _parse_text(shown, context)
    except _NotUnderstood as error:
        detail = str(error) or edtf_error
        message = f'could not understand "{shown}" as a date'
        raise DateError(f"{message}: {detail}" if detail else message) from None


def _parse_text(s: str, context: _Context) -> DateValue:
    m = _BETWEEN.fullmatch(s)
    if m:
        return _range(m[1], m[2], context)
    # "from X to Y" is a range as "X to Y" is; "from X" alone is "since X".
    m = _FROM.match(s)
    since = m is not None
    if m:
        s = s[m.end() :]
    else:
        m = _SINCE.fullmatch(s)
        if m:
            return _range(m[1] or m[2], "open", context)
        m = _UNTIL.fullmatch(s)
        if m:
            return _range("open", m[1], context)

    # An en or em dash, "to" or a spaced hyphen can only be a range; try each place
    # (in "early 2019 – late 2020" only one split reads on both sides).
    first_error: _NotUnderstood | None = None
    for sep in _RANGE_SEPARATOR.finditer(s):
        try:
            return _range(s[: sep.start()], s[sep.end() :], context)
        except _NotUnderstood as error:
            first_error = first_error or error
    if first_error is not None:
        raise first_error

    try:
        if since:
            return _range(s, "open", context)
        return _complete(_single(s, context))
    except _NotUnderstood as error:
        # A bare hyphen or slash may join a range ("2017-2021", "March-May 2021"), but
        # only when the text is not a date on its own ("11-03-2020").
        for sep in re.finditer(r"[-/]", s):
            if sep.start() == 0:
                continue
            try:
                return _range(s[: sep.start()], s[sep.end() :], context)
            except _NotUnderstood:
                continue
        raise error from None


def _complete(side: _Side) -> DateValue:
    return side.value() if isinstance(side, _Partial) else side


def _range_end(text: str, context: _Context) -> _Side | str:
    """One end of a range: a date, or the EDTF of an open ("..") or unknown ("") end."""
    text = text.strip()
    word = _OPEN_WORDS.get(text.lower())
    return word if word is not None else _single(text, context)


def _range(left: str, right: str, context: _Context) -> DateValue:
    a = _range_end(left, context)
    m = _DAY_COMMA_YEAR.fullmatch(right.strip())
    if m and isinstance(a, _Partial) and a.day is not None and a.year is None:
        # "Nov 3 – 5, 2020": the 5 is a day of the start's month, not May.
        b: _Side | str = _Partial(_year_value(m[2]), None, int(m[1]))
    else:
        b = _range_end(right, context)
    _share_fields(a, b)
    # An end that is itself a range ("early 2019") gives its own start or end.
    start = a if isinstance(a, str) else _complete(a).edtf.split("/")[0]
    end = b if isinstance(b, str) else _complete(b).edtf.split("/")[-1]
    if start in ("", "..") and end in ("", ".."):
        raise _NotUnderstood("a range needs at least one date")
    return _edtf(f"{start}/{end}")


def _year_of(side: _Side | str) -> int | None:
    if isinstance(side, _Partial):
        return side.year
    if isinstance(side, DateValue) and not side.interval:
        parts = side.parts()
        return parts.year if parts.unspecified_digits == 0 else None
    return None


def _share_fields(a: _Side | str, b: _Side | str) -> None:
    """Fill what one end of a range leaves out from the other end ("March–May 2021")."""
    if isinstance(a, _Partial) and isinstance(b, _Partial):
        if b.year is None and b.month is None and b.day is None and b.hour is not None:
            # "3 Nov 2020 14:30–16:00 UTC": one day, one zone.
            b.year, b.month, b.day = a.year, a.month, a.day
            if a.hour is not None:
                a.tz, b.tz = a.tz or b.tz, b.tz or a.tz
        if b.month is None and b.day is not None:
            b.month = a.month
        if a.month is None and a.day is not None:
            a.month = b.month
    if isinstance(a, _Partial) and a.year is None:
        a.year = _year_of(b)
    if isinstance(b, _Partial) and b.year is None and (b.month, b.day) != (None, None):
        b.year = _year_of(a)


def _single(s: str, context: _Context) -> _Side:
    """One date, with its qualifiers ("c. 1850", "1850?", "probably 1850")."""
    approximate = uncertain = False
    core = s.strip()
    while True:
        m = _APPROX_PREFIX.match(core)
        if m and m.end() < len(core):
            approximate, core = True, core[m.end() :]
            continue
        m = _UNCERTAIN_PREFIX.match(core)
        if m and m.end() < len(core):
            uncertain, core = True, core[m.end() :]
            continue
        m = _SUFFIX.search(core)
        if m and m.start() > 0:
            q = m[1]
            approximate |= q in "~%"
            uncertain |= q in "?%"
            core = core[: m.start()]
            continue
        break
    if not core:
        raise _NotUnderstood("")
    side = _core(core, context)
    if not (approximate or uncertain):
        return side
    if isinstance(side, _Partial):
        side.approximate |= approximate
        side.uncertain |= uncertain
        return side
    return _qualified(side, approximate, uncertain)


def _qualified(value: DateValue, approximate: bool, uncertain: bool) -> DateValue:
    """The same date with the qualifiers added (to both ends of an interval)."""
    ends = []
    for end in value.edtf.split("/"):
        if end in ("", ".."):
            ends.append(end)
            continue
        bare = end.rstrip("~?%")
        had = end[len(bare) :]
        ends.append(
            bare + qualifier_edtf(approximate or had in ("~", "%"), uncertain or had in ("?", "%"))
        )
    return _edtf("/".join(ends))


def _core(s: str, context: _Context) -> _Side:
    """One date without qualifiers."""
    if s[0] in "-0123456789Y.":
        try:
            return parse_edtf(s)
        except DateError:
            pass
    low = s.lower()
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}.get(low)
    if shift is not None:
        day = context.reference + _dt.timedelta(days=shift)
        return _Partial(day.year, day.month, day.day)

    m = _THIRD.fullmatch(s)
    if m:
        return _third(m[1].lower(), _complete(_core(m[2], context)))
    m = _SOME_UNIT.fullmatch(s)
    if m:
        return _some_unit(m[1].lower(), _complete(_core(m[2], context)))
    if _SHORT_DECADE.fullmatch(s):
        raise _NotUnderstood("write the decade in full, for example the 1990s")
    m = _DECADE.fullmatch(s)
    if m:
        return _decade(int(m[1]), (m[2] or "").lower())
    m = _ORDINAL_UNIT.fullmatch(s)
    if m:
        return _ordinal_unit(m)
    m = _SEASON.fullmatch(s)
    if m:
        code = _SEASON_WORDS[m[1].lower()]
        if m[2] is None:
            return _Partial(month=code)
        year = _year_value(m[2])
        if year is None:
            raise _NotUnderstood(f'"{m[2]}" is not a year')
        return _Partial(year, code)
    if s.isdigit() and len(s) < 3:
        # Only a range can make sense of it: "3–5 Mar 2021".
        return _Partial(day=int(s), bare_number=s)
    year = _year_value(s)
    if year is not None:
        return _Partial(year)
    return _free_form(s, context)


def _year_value(s: str) -> int | None:
    """The year of "2021", "850", "44 BC", "AD 44", "44 CE"; None if it is not one."""
    m = _YEAR.fullmatch(s.strip())
    if m is None:
        return None
    n = int(m["n"])
    if m["pre"] and m["post"]:
        raise _NotUnderstood("a year has one era, AD or BC, not both")
    era = (m["pre"] or m["post"] or "").upper().replace(".", "")
    if not era:
        if len(m["n"]) < 3:
            raise _NotUnderstood(
                f"{m['n']} is too short for a year: write it in full, or as AD {n} or {n} BC"
            )
        return n
    if n == 0:
        raise _NotUnderstood("there is no year 0 in AD and BC; 1 BC is followed by AD 1")
    return 1 - n if era.startswith("B") else n


def _third(word: str, of: DateValue) -> DateValue:
    """ "early", "mid" or "late" in a year or a month, as an approximate interval."""
    if of.interval or of.approximate or of.uncertain or of.precision not in ("year", "month"):
        raise _NotUnderstood(f"{word} needs a plain year or month after it")
    p = of.parts()
    if p.unspecified_digits or p.month_unspecified or p.day_unspecified:
        raise _NotUnderstood(f"{word} needs a plain year or month after it")
    if not -9999 <= p.year <= 9999:
        raise _NotUnderstood("months and days are kept only for years 10000 BC to AD 9999")
    year = year_edtf(p.year)
    if p.month is None:
        first, last = _THIRDS_OF_YEAR[word]
        return _edtf(f"{year}-{first:02d}~/{year}-{last:02d}~")
    end = days_in_month(p.year, p.month)
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end)}[word]
    return _edtf(f"{year}-{p.month:02d}-{first:02d}~/{year}-{p.month:02d}-{last:02d}~")


def _some_unit(unit: str, of: DateValue) -> DateValue:
    """ "a day in Nov 2020" (``2020-11-XX``) and "a month in 2020" (``2020-XX``)."""
    if of.interval or of.approximate or of.uncertain:
        raise _NotUnderstood(f"a {unit} in needs a plain year or month after it")
    p = of.parts()
    if p.unspecified_digits or p.month_unspecified or p.day_unspecified:
        raise _NotUnderstood(f"a {unit} in needs a plain year or month after it")
    year = year_edtf(p.year)
    if of.precision == "year" and unit == "day":
        return _edtf(f"{year}-XX-XX")
    if of.precision == "year":
        return _edtf(f"{year}-XX")
    if of.precision == "month" and unit == "day":
        return _edtf(f"{year}-{p.month:02d}-XX")
    raise _NotUnderstood(f"a {unit} in needs a {'year or month' if unit == 'day' else 'year'}")


def _decade(n: int, marker: str) -> DateValue:
    """ "the 1990s" (``199X``), "1900s (decade)" and "1900s (century)"."""
    if marker == "century":
        if n % 100:
            raise _NotUnderstood(f"the {n}s are not a century")
        return _edtf(f"{n // 100:02d}XX")
    if n % 10:
        raise _NotUnderstood(f"the {n}s are not a decade: a decade starts at a year ending in 0")
    if n % 100 == 0 and not marker:
        raise _NotUnderstood(
            f"the {n}s could be a decade or a century: "
            f"write {n}s (decade) or {_ordinal(n // 100 + 1)} century"
        )
    if n < 100 or n > 9990:
        raise _NotUnderstood(f"the {n}s cannot be written as a decade")
    return _edtf(f"{n // 10:03d}X")


def _ordinal_unit(m: re.Match[str]) -> DateValue:
    """ "19th century" (``18XX``), "1st century BC", "2nd millennium" (``1XXX``)."""
    if m[1] is not None:
        n = int(m[1])
    else:
        word = m[2].lower().replace("-", " ")
        if word not in _ORDINAL_WORDS:
            raise _NotUnderstood(f'"{m[2]}" is not an ordinal number')
        n = _ORDINAL_WORDS[word]
    era = (m[4] or "").upper().replace(".", "")
    bc = era.startswith("B")
    millennium = m[3].lower() == "millennium"
    if n < 1 or n > (10 if millennium else 100):
        unit = "millennium" if millennium else "century"
        raise _NotUnderstood(f"the {_ordinal(n)} {unit} cannot be written in EDTF")
    sign = "-" if bc else ""
    if millennium:
        return _edtf(f"{sign}{n - 1}XXX")
    return _edtf(f"{sign}{n - 1:02d}XX")


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


# ---------------------------------------------------------------------------------------
# Showing


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year_display(year: int) -> str:
    if year <= 0:
        return f"{1 - year} BC"
    return f"AD {year}" if year < 100 else str(year)


def _day_text(year: int, month: int, day: int, long: bool) -> str:
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{day} {months[month - 1]} {_year_display(year)}"


def _clock(p: DateParts) -> str:
    text = f"{p.hour:02d}:{p.minute:02d}"
    return text + f":{p.second:02d}" if p.second is not None else text


def _zone(p: DateParts) -> str:
    return " UTC" if p.tz == "Z" else f" {p.tz}" if p.tz else ""


def _core_text(edtf: str, p: DateParts, long: bool) -> str | None:
    """A single date without qualifiers, or None when only EDTF can say it plainly."""
    months = MONTHS_LONG if long else MONTHS_SHORT
    xs = p.unspecified_digits
    if xs:
        negative = edtf.startswith("-")
        known = int(edtf.lstrip("-")[: 4 - xs] or "0")
        if xs == 1:
            if negative or p.year < 100:
                return None
            return f"{p.year}s (decade)" if p.year % 100 == 0 else f"{p.year}s"
        unit = "century" if xs == 2 else "millennium"
        return f"{_ordinal(known + 1)} {unit}" + (" BC" if negative else "")
    year = _year_display(p.year)
    if p.month is None:
        if p.month_unspecified:
            return f"a day in {year}" if p.day_unspecified else f"a month in {year}"
        return year
    if p.month in SEASONS:
        return f"{_SEASON_NAMES[p.month]} {year}"
    if p.day is None:
        month = f"{months[p.month - 1]} {year}"
        return f"a day in {month}" if p.day_unspecified else month
    text = f"{p.day} {months[p.month - 1]} {year}"
    if p.hour is not None:
        text += " " + _clock(p) + _zone(p)
    return text


def _single_text(value: DateValue, long: bool) -> str:
    p = value.parts()
    core = _core_text(value.edtf, p, long)
    if core is None:
        return value.edtf
    return ("c. " if p.approximate else "") + core + ("?" if p.uncertain else "")


def _plain(p: DateParts) -> bool:
    return (
        not (p.approximate or p.uncertain or p.unspecified_digits or p.month_unspecified)
        and not p.day_unspecified
    )


def _interval_text(value: DateValue, long: bool) -> str:
    months = MONTHS_LONG if long else MONTHS_SHORT
    start_text, end_text = value.edtf.split("/")
    a, b = value.ends()
    if a is not None and b is not None:
        pa, pb = a.parts(), b.parts()
        same_year = pa.year == pb.year and not (pa.unspecified_digits or pb.unspecified_digits)
        year = _year_display(pa.year)
        if (
            same_year
            and a.precision == b.precision
            and pa.approximate
            and pb.approximate
            and not (pa.uncertain or pb.uncertain)
            and a.precision in ("month", "day")
            and not (pa.month_unspecified or pa.day_unspecified)
            and not (pb.month_unspecified or pb.day_unspecified)
            and pa.month is not None
            and pb.month is not None
        ):
            if a.precision == "month":
                for word, bounds in _THIRDS_OF_YEAR.items():
                    if (pa.month, pb.month) == bounds:
                        return f"{word} {year}"
            elif pa.month == pb.month and pa.day is not None and pb.day is not None:
                month_end = days_in_month(pa.year, pa.month)
                thirds = {"early": (1, 10), "mid": (11, 20), "late": (21, month_end)}
                for word, bounds in thirds.items():
                    if (pa.day, pb.day) == bounds:
                        return f"{word} {months[pa.month - 1]} {year}"
        if (
            same_year
            and _plain(pa)
            and _plain(pb)
            and a.precision == b.precision
            and pa.month is not None
            and pb.month is not None
            and pa.month not in SEASONS
            and pb.month not in SEASONS
        ):
            if a.precision == "month":
                return f"{months[pa.month - 1]}–{months[pb.month - 1]} {year}"
            if a.precision == "day" and pa.month == pb.month:
                return f"{pa.day}–{pb.day} {months[pa.month - 1]} {year}"
            if a.precision == "day":
                return f"{pa.day} {months[pa.month - 1]} – {pb.day} {months[pb.month - 1]} {year}"
            if (pa.month, pa.day, pa.tz) == (pb.month, pb.day, pb.tz):
                day = f"{pa.day} {months[pa.month - 1]} {year}"
                return f"{day} {_clock(pa)}–{_clock(pb)}{_zone(pb)}"
    first = "open" if start_text == ".." else "unknown" if a is None else _single_text(a, long)
    last = "open" if end_text == ".." else "unknown" if b is None else _single_text(b, long)
    if a is not None and b is not None and re.fullmatch(r"\w+", first + last):
        return f"{first}–{last}"
    return f"{first} – {last}"


def format_date(value: DateValue | str, *, style: str = "short") -> str:
    """The date for reading ("3 Nov 2020", "c. Mar 2021", "Mar–May 2021", "1990s").

    ``value`` is a DateValue or an EDTF string. ``style`` is "short" (month
    abbreviations) or "long" (months spelled out). What it writes, parse_date reads
    back to the same date; forms with no plain wording (BC decades) stay EDTF.
    """
    if style not in ("short", "long"):
        raise ValueError(f"style must be 'short' or 'long', not {style!r}")
    if isinstance(value, str):
        value = parse_edtf(value)
    long = style == "long"
    return _interval_text(value, long) if value.interval else _single_text(value, long)


def _span_text(value: DateValue) -> str:
    """The first and last moment covered, in plain days (or seconds for times)."""
    y1, m1, d1, h1, mi1, s1 = civil_from_instant(value.earliest)
    y2, m2, d2, h2, mi2, s2 = civil_from_instant(value.latest - 1)
    first = _day_text(y1, m1, d1, False)
    last = _day_text(y2, m2, d2, False)
    if value.precision in ("minute", "second"):
        start = f"{first} {h1:02d}:{mi1:02d}:{s1:02d}"
        stop = (
            f"{h2:02d}:{mi2:02d}:{s2:02d}"
            if first == last
            else f"{last} {h2:02d}:{mi2:02d}:{s2:02d}"
        )
        return f"{start} UTC" if value.latest - value.earliest == 1 else f"{start} – {stop} UTC"
    return first if first == last else f"{first} – {last}"


def describe(value: DateValue) -> str:
    """A one-line explanation, e.g. "month: November 2020 (1 Nov 2020 – 30 Nov 2020)"."""
    qualities = [
        word
        for flag, word in ((value.approximate, "approximate"), (value.uncertain, "uncertain"))
        if flag
    ]
    kind = f"interval of {value.precision}s" if value.interval else value.precision
    kind = kind.replace("centurys", "centuries").replace("millenniums", "millennia")
    head = " and ".join(qualities) + " " + kind if qualities else kind
    text = f"{head}: {format_date(value, style='long')} ({_span_text(value)})"
    if value.interval:
        start, end = value.edtf.split("/")
        notes = {"..": "open", "": "unknown"}
        if start in notes:
            text += f"; the start is {notes[start]}, so the span begins at the known end"
        if end in notes:
            text += f"; the end is {notes[end]}, so the span stops at the known end"
    return text
