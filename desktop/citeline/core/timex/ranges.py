"""Ranges and spans: two time expressions read as one interval.

"March 7-9", "7–9 March", "from 2001 to 2009", "2017–2021", "between May and July 2021",
"mid-2019 to early 2020", "from next Monday to Friday". The corpora, like the TimeML
guidelines, annotate each end as its own TIMEX3 ("from 1991 to 1997" is two DATEs,
"April 24 and 25" gives "April 24" and "25"), so the two ends stay two mentions; what
joins them is the :class:`Interval` both carry: the span of the whole expression and
its EDTF interval.

What one end gives is carried to the other: the month and year to a bare day
("March 7-9, 2018"), the year to a month whose year was only guessed from the document
date ("between May and July 2021" is 2021-05 to 2021-07), the week to a bare weekday
("from next Monday to Friday" is the Friday of that week). Ends joined by "and" or "or"
without "between" are a list ("in May and July 2021"): fields are carried, but they make
no interval.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from citeline.core.timex.context import Resolved
from citeline.core.timex.lexicon import MONTHS, WEEKDAYS
from citeline.core.timex.values import Point, edtf, first_day, from_date, from_days, iso_weekday


@dataclass(frozen=True)
class Interval:
    """The range a mention is one end of: the whole expression and its EDTF interval."""

    start: int
    end: int
    text: str
    edtf: str  # "2018-03-07/2018-03-09", "2001/2009", "2019-05~/2020-04~"


# start, end, result, anchor text
Item = tuple[int, int, Resolved, str | None]

_I = re.IGNORECASE
_DASH = r"\s*[-\u2013\u2014]\s*"
_RANGE_WORD = r"\s+(?:to|through|thru|until|till|and|or)\s+"
# What may stand between the two ends of a range or a list.
_GAP = re.compile(
    r"(?P<dash>\s*[-\u2013\u2014]\s*)|\s*,?\s+(?P<word>to|through|thru|until|till|into|and|or)\s+"
    r"(?:(?:on|in)\s+)?",
    _I,
)
_BEFORE_RANGE = re.compile(r"\b(?P<w>from|between)\s+(?:(?:on|in)\s+)?$", _I)
# A bare day after a day mention: "March 7-9", "Nov. 7 to 9, 2018", "April 24 and 25".
_DAY_AFTER = re.compile(
    rf"(?P<sep>{_DASH}|{_RANGE_WORD})(?P<n>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\w%\u2013\u2014-]|[.,:/]\d|\s*(?:%|percent|per\b|[ap]\.?m\b|o'clock|million|billion"
    r"|years?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|points?\b|people\b|of\b))"
    r"(?:,?\s+(?P<year>(?:1[5-9]|20)\d\d)(?![\w]|[.,]\d))?",
    _I,
)
# A bare day before a "9 March" mention: "7–9 March", "from 7 to 9 March".
_DAY_BEFORE = re.compile(
    rf"(?<![\w$£€.,/:-])(?P<n>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?P<sep>{_DASH}|{_RANGE_WORD})$",
    _I,
)
# A second year after a year: "2017–2021", "1997-98", "2001 to 2009" (when the second
# one was not read as a year on its own).
_YEAR_AFTER = re.compile(
    rf"(?P<sep>{_DASH}|\s*/\s*|{_RANGE_WORD})(?P<y>(?:1[5-9]|20)\d\d|\d\d)"
    r"(?![\w%]|[.,:/-]\d|\s*(?:%|percent|million|billion))",
    _I,
)
# A bare year before a year with its era: "500 to 300 BC", "100-200 AD".
_YEAR_BEFORE = re.compile(
    rf"(?<![\w$£€.,/:-])(?P<n>[1-9]\d{{0,3}})(?P<sep>{_DASH}|{_RANGE_WORD})$", _I
)
_ERA = re.compile(r"\b(?:B\.?C|A\.?D|C\.?E)\b\.?")
_ENDS_IN_DAY = re.compile(r"\d(?:st|nd|rd|th)?$", _I)
_STARTS_WITH_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s", _I)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_WORD = re.compile(r"[A-Za-z]+")
_RELATIVE_WORDS = frozenset(["last", "next", "this", "past", "coming", "previous", "following"])
_SEASONS = frozenset(["spring", "summer", "fall", "autumn", "winter"])
_THIRDS = {"START": "early", "MID": "mid", "END": "late"}


def join(
    text: str, items: list[Item], document_date: datetime.date | None
) -> tuple[list[Item], list[Interval | None]]:
    """The mentions with the bare ends of ranges added, fields carried across each range
    or list, and for each mention the interval it is an end of (None for most)."""
    items = _add_bare_ends(text, items)
    intervals: list[Interval | None] = [None] * len(items)
    i = 0
    while i + 1 < len(items):
        left, right = items[i], items[i + 1]
        kind = _joined(text, left, right)
        if kind is None:
            i += 1
            continue
        left, right = _carry(text, left, right, kind == "range", document_date)
        items[i], items[i + 1] = left, right
        if kind == "range":
            iv = _interval(text, left, right, document_date)
            intervals[i] = intervals[i + 1] = iv
        i += 2
    return items, intervals


# -- the ends that no rule reads alone ---------------------------------------------------


def _add_bare_ends(text: str, items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for k, item in enumerate(items):
        start, end, res, anchor = item
        p = res.point
        prev_end = out[-1][1] if out else 0
        next_start = items[k + 1][0] if k + 1 < len(items) else len(text)
        if res.type == "DATE" and p is not None and p.gran == "D" and p.day:
            mention = text[start:end]
            if _STARTS_WITH_DAY.match(mention):
                m = _DAY_BEFORE.search(text, max(prev_end, start - 16), start)
                if m and int(m["n"]) < p.day:
                    first = Resolved("DATE", point=replace(p, day=int(m["n"])), anchor=res.anchor)
                    out.append((m.start(), m.start("sep"), first, anchor))
            if _ENDS_IN_DAY.search(mention) and not _FOUR_DIGITS.search(mention):
                m = _DAY_AFTER.match(text, end)
                if m and m.end() <= next_start and _later_day(m, p):
                    stop = m.end() if m["year"] else m.end("n")
                    if m["year"]:
                        year = int(m["year"])
                        p = replace(p, year=year)
                        res = replace(res, point=p, anchor=None)
                        anchor = None
                    second = Resolved("DATE", point=replace(p, day=int(m["n"])), anchor=res.anchor)
                    out.append((start, end, res, anchor))
                    out.append((m.start("n"), stop, second, anchor))
                    continue
        elif res.type == "DATE" and p is not None and p.gran in ("Y", "S") and p.year:
            mention = text[start:end]
            era = _ERA.search(mention)
            if era and mention[0].isdigit():
                # "from 500 to 300 BC": the era is carried back to the bare first year.
                m = _YEAR_BEFORE.search(text, max(prev_end, start - 16), start)
                if m:
                    n = int(m["n"])
                    first_year = 1 - n if era.group().startswith("B") else n
                    if first_year < p.year:
                        first = Resolved("DATE", point=Point("Y", first_year))
                        out.append((m.start(), m.start("sep"), first, None))
                        out.append(item)
                        continue
            if _FOUR_DIGITS.search(mention[-4:]):
                m = _YEAR_AFTER.match(text, end)
                then = _second_year(m, p.year) if m else None
                if m and then is not None and m.end() <= next_start:
                    if p.gran == "S":
                        if (
                            p.season == "WI"
                            and then == p.year + 1
                            and m["sep"].strip() in ("-", "/", "\u2013")
                        ):
                            # "the winter of 2021-22": one winter, across the new year.
                            out.append((start, m.end(), res, anchor))
                            continue
                    elif m["sep"].strip().lower() not in ("and", "or", "/"):
                        second = Resolved("DATE", point=Point("Y", then))
                        out.append(item)
                        out.append((m.start("y"), m.end(), second, None))
                        continue
        out.append(item)
    return out


def _later_day(m: re.Match[str], p: Point) -> bool:
    n = int(m["n"])
    sep = m["sep"].strip().lower()
    return n > p.day if sep not in ("and", "or") else n != p.day


def _second_year(m: re.Match[str], first: int) -> int | None:
    digits = m["y"]
    if len(digits) == 2:
        if not m["sep"].strip() or m["sep"].strip().lower() not in ("-", "\u2013", "\u2014", "/"):
            return None
        year = first - first % 100 + int(digits)
        if year <= first:
            year += 100
        return year if year - first < 100 else None
    year = int(digits)
    return year if year > first else None


# -- joining two mentions -----------------------------------------------------------------


def _joined(text: str, left: Item, right: Item) -> str | None:
    """ "range", "list" or None: how the text joins two neighbouring mentions."""
    if not (_end_point(left) and _end_point(right)):
        return None
    gap = _GAP.fullmatch(text, left[1], right[0])
    if gap is None:
        return None
    before = _BEFORE_RANGE.search(text, max(0, left[0] - 12), left[0])
    word = (gap["word"] or "").lower()
    if word in ("and", "or"):
        return "range" if before and before["w"].lower() == "between" and word == "and" else "list"
    if before and before["w"].lower() == "between":
        return None  # "between 1990 to 1995" is not English; leave it alone
    if text.startswith("'s", left[1]) or text.startswith("'s", right[1]):
        return None  # "revised Friday to December's figures"
    return "range"


def _end_point(item: Item) -> bool:
    res = item[2]
    if res.type not in ("DATE", "TIME"):
        return False
    return res.point is not None or res.value == "PRESENT_REF"


def _guessed_year(text: str, item: Item) -> bool:
    """Whether the year of a month or day was only guessed from the document date."""
    start, end, res, _ = item
    p = res.point
    if p is None or res.anchor != "dct" or p.gran not in ("M", "D", "S", "T"):
        return False
    mention = text[start:end]
    if _FOUR_DIGITS.search(mention) or "'" in mention:
        return False
    words = {w.lower() for w in _WORD.findall(mention)}
    return not (words & _RELATIVE_WORDS) and bool(words & (_MONTH_NAMES | _SEASONS))


_MONTH_NAMES = frozenset(MONTHS)


def _weekdays(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower() in WEEKDAYS]


def _carry(
    text: str, left: Item, right: Item, is_range: bool, document_date: datetime.date | None
) -> tuple[Item, Item]:
    """The two ends with what one gives and the other leaves out carried across."""
    lp, rp = left[2].point, right[2].point
    if lp is None and document_date is not None and rp is not None and rp.year is not None:
        # "between now and Feb. 10": a guessed date after "now" lies ahead of it.
        if _guessed_year(text, right) and _before(rp, from_date(document_date)):
            right = _with_point(right, replace(rp, year=rp.year + 1))
        return left, right
    if lp is None or rp is None or lp.year is None or rp.year is None:
        return left, right
    ly, ry = lp.year, rp.year
    lg, rg = _guessed_year(text, left), _guessed_year(text, right)
    # Only a year the text gives is carried ("May and July 2021"), never one guessed.
    if lg and right[2].anchor is None:
        lp = replace(lp, year=ry)
        if _before(rp, lp):
            lp = replace(lp, year=ry - 1)
        left = _with_point(left, lp)
    elif rg and left[2].anchor is None:
        rp = replace(rp, year=ly)
        if _before(rp, lp):
            rp = replace(rp, year=ly + 1)
        right = _with_point(right, rp)
    elif lg and rg and _before(rp, lp):
        right = _with_point(right, replace(rp, year=ry + 1))
    # "from 10 a.m. to 2 p.m. on Friday": a bare clock time is on the other end's day.
    lp, rp = left[2].point, right[2].point
    assert lp is not None and rp is not None
    if lp.gran == "T" and rp.gran == "T" and rp.year is not None:
        if _BARE_CLOCK.fullmatch(text, left[0], left[1]):
            left = _on_day(left, rp)
        elif _BARE_CLOCK.fullmatch(text, right[0], right[1]) and lp.year is not None:
            right = _on_day(right, lp)
    # "from next Monday to Friday": a bare weekday is the first one after the other end.
    lp, rp = left[2].point, right[2].point
    assert lp is not None and rp is not None
    right_text = text[right[0] : right[1]].rstrip(".")
    if (
        is_range
        and _weekdays(right_text) == [right_text]
        and lp.gran in ("D", "T")
        and _weekdays(text[left[0] : left[1]])
    ):
        days = first_day(lp)
        if days is not None and rp.gran in ("D", "T"):
            wd = iso_weekday(first_day(rp) or 0)
            ahead = (wd - iso_weekday(days)) % 7 or 7
            day = from_days(days + ahead, "D")
            right = (right[0], right[1], replace(right[2], point=replace(rp, year=day.year,
                     sub=day.sub, day=day.day)), right[3])  # fmt: skip
    return left, right


_BARE_CLOCK = re.compile(
    r"[\d:.]+\s*(?:[ap]\.?\s?m\.?|o'clock)?(?:\s+[ECMP][SD]T)?|noon|midnight|midday", _I
)


def _on_day(item: Item, day: Point) -> Item:
    start, end, res, anchor = item
    p = res.point
    assert p is not None
    moved = replace(p, year=day.year, sub=day.sub, day=day.day)
    return start, end, replace(res, point=moved), anchor


def _before(a: Point, b: Point) -> bool:
    da, db = first_day(a), first_day(b)
    return da is not None and db is not None and da < db


def _with_point(item: Item, p: Point) -> Item:
    start, end, res, _ = item
    return start, end, replace(res, point=p, anchor=None), None


# -- the interval ---------------------------------------------------------------------------


def _end_edtf(item: Item, document_date: datetime.date | None) -> str | None:
    """The EDTF of one end: a date, or for "mid-2019" the stretch it names."""
    res = item[2]
    if res.point is None:
        return document_date.isoformat() if document_date is not None else None
    text = edtf(res.point, approximate=res.mod == "APPROX")
    if text is None:
        return None
    word = _THIRDS.get(res.mod or "")
    if word and res.point.gran in ("Y", "M"):
        from citeline.core.dates import parse_date
        from citeline.core.errors import DateError

        try:
            return parse_date(f"{word} {text}").edtf
        except DateError:
            return text
    return text


def _interval(
    text: str, left: Item, right: Item, document_date: datetime.date | None
) -> Interval | None:
    from citeline.core.edtf import parse_edtf, range_edtf
    from citeline.core.errors import DateError

    a, b = _end_edtf(left, document_date), _end_edtf(right, document_date)
    if a is None or b is None:
        return None
    joined = range_edtf(a, b)
    try:
        joined = parse_edtf(joined).edtf
    except DateError:
        return None  # it ends before it starts: no range after all
    start, end = left[0], right[1]
    before = _BEFORE_RANGE.search(text, max(0, start - 12), start)
    if before:
        start = before.start()
    return Interval(start, end, text[start:end], joined)
