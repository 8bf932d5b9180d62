"""Named forms: a year with its era, early/mid/late, "a day in", decades and centuries."""

from __future__ import annotations

import re

from citeline.core.calendar import days_in_month
from citeline.core.dates.display import _THIRDS_OF_YEAR, _ordinal
from citeline.core.dates.partial import _ERA, _I, _edtf, _NotUnderstood
from citeline.core.edtf import DateValue, year_edtf

_ORDINAL_NAMES = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_ORDINAL_WORDS = {word: n for n, word in enumerate(_ORDINAL_NAMES.split(), start=1)} | {
    "twenty first": 21
}
_YEAR = re.compile(rf"(?:(?P<pre>A\.?D\.?)\s*)?(?P<n>\d+)(?:\s*(?P<post>{_ERA}))?", _I)


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
