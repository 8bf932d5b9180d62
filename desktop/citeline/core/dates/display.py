"""Showing a DateValue: ``format_date`` for reading, ``describe`` for feedback while typing."""

from __future__ import annotations

import re

from citeline.core.calendar import civil_from_instant, days_in_month
from citeline.core.edtf import SEASONS, DateParts, DateValue, parse_edtf

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
_SEASON_NAMES = {code: name.capitalize() for code, (name, _) in SEASONS.items()}
# "early", "mid" and "late" as thirds of a year, both for reading them and for showing them.
_THIRDS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


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


def shown_date(edtf: str | None) -> str:
    """An EDTF date as the app writes it ("Mar 2021"); the text itself when it does not
    read as EDTF (a damaged or hand-edited row), and "" for None."""
    from citeline.core.errors import DateError

    if not edtf:
        return ""
    try:
        return format_date(edtf)
    except DateError:
        return edtf


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
