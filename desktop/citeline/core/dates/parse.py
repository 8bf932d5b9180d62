"""Reading a date as typed: ranges, qualifiers, and which form each date is written in."""

from __future__ import annotations

import datetime as _dt
import re

from citeline.core.dates.forms import _decade, _ordinal_unit, _some_unit, _third, _year_value
from citeline.core.dates.freeform import _free_form
from citeline.core.dates.partial import (
    _ERA,
    _I,
    _complete,
    _Context,
    _edtf,
    _NotUnderstood,
    _Partial,
    _Side,
)
from citeline.core.edtf import DateValue, parse_edtf, qualifier_edtf, range_edtf
from citeline.core.errors import DateError

_SEASON_WORDS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_APPROX_PREFIX = re.compile(
    r"(?:c\.|ca\.|circa\b|ca\b|about\b|around\b|approx\.|approximately\b|approx\b"
    r"|roughly\b|~)\s*",
    _I,
)
_UNCERTAIN_PREFIX = re.compile(r"(?:probably|possibly|perhaps|maybe)\b\s*", _I)
_SUFFIX = re.compile(r"\s*([?~%])\Z")
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
_BETWEEN = re.compile(r"between\s+(.+?)\s+and\s+(.+)", _I)
_FROM = re.compile(r"from\s+", _I)
_SINCE = re.compile(r"since\s+(.+)|(.+?)\s+onwards?", _I)
_UNTIL = re.compile(r"(?:until|till|up to)\s+(.+)", _I)
_RANGE_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+(?:to|until|till|through)\s+|\s+-\s+", _I)
_DAY_COMMA_YEAR = re.compile(r"(\d{1,2}),\s*(.+)")
_OPEN_WORDS = {"open": "..", "..": "..", "unknown": "", "?": ""}


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
    start = a if isinstance(a, str) else _complete(a).edtf
    end = b if isinstance(b, str) else _complete(b).edtf
    if start in ("", "..") and end in ("", ".."):
        raise _NotUnderstood("a range needs at least one date")
    return _edtf(range_edtf(start, end))


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
