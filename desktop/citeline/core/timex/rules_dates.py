"""Rules for calendar dates, years, decades, centuries, quarters and clock times."""

from __future__ import annotations

import re
from collections.abc import Callable

from citeline.core.timex.context import Context, Resolved, month_year, nearest_weekday
from citeline.core.timex.lexicon import (
    DAY_NUM,
    MONTH,
    MONTHS,
    NOT_YEAR_AFTER,
    NOT_YEAR_BEFORE,
    ORDINAL,
    SPOKEN_YEAR,
    WEEKDAY,
    WEEKDAYS,
    YEAR4,
    B,
    E,
)
from citeline.core.timex.numbers import parse_number, parse_ordinal
from citeline.core.timex.values import Point, first_day, from_days

Handler = Callable[[re.Match[str], Context], Resolved | None]
FLAGS = re.IGNORECASE | re.VERBOSE

_ORD_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|"
    r"thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth))"
)
_DAY = rf"(?:(?P<day>{DAY_NUM})|(?P<dayw>{_ORD_WORDS}))"
_YEAR = rf"(?P<year>{YEAR4}|'\d\d(?!\w)|{SPOKEN_YEAR})"
_NOT_AMOUNT = (
    r"(?![\s-]*(?:%|percent|million|billion|per|years?|months?|weeks?|"
    r"days?|hours?|points?|cents?|members?|people|[.,]\d))"
)


def month_of(word: str) -> int:
    """The month number of a month name or abbreviation."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_of(word: str) -> int:
    """The ISO weekday of a weekday name or abbreviation."""
    return WEEKDAYS[word.lower().rstrip(".")]


def year_of(text: str) -> int | None:
    """The year written as digits, as "'98", or spoken ("nineteen ninety-six")."""
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    if t.startswith("'"):
        n = int(t[1:])
        return 1900 + n if n >= 30 else 2000 + n
    words = re.split(r"[\s-]+", t)
    if words[0] == "nineteen":
        rest = parse_number(" ".join(words[1:]).replace("oh ", ""))
        return None if rest is None else 1900 + int(rest)
    if words[:2] == ["two", "thousand"]:
        tail = [w for w in words[2:] if w != "and"]
        value = parse_number(" ".join(tail)) if tail else 0
        return None if value is None else 2000 + int(value)
    return None


def _day(m: re.Match[str]) -> int | None:
    if m.group("day"):
        return int(re.sub(r"\D", "", m.group("day")))
    return parse_ordinal(m.group("dayw"))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _year_near(ctx: Context, month: int, day: int, m: re.Match[str]) -> Point:
    """A month and day without a year: the one nearest the document date."""
    dct = ctx.document_date
    if dct is None:
        return Point("D", None, month, day)
    year = dct.year
    # A date more than half a year away is read as belonging to the adjacent year.
    if month - dct.month > 6:
        year -= 1
    elif dct.month - month > 6 and ctx.is_future(m.start(), m.end()):
        year += 1
    elif (
        month - dct.month >= 3 and ctx.is_past(m.start()) and not ctx.is_future(m.start(), m.end())
    ):
        # A date months ahead told in the past tense ("was last seen Nov. 3" in May) is
        # last year's, unless the clause also looks ahead.
        year -= 1
    return Point("D", year, month, day)


def h_month_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'Nov. 9, 1998', 'Saturday, April 25', '12 March 2024'."""
    if not _capitalised(m.group("mon")):
        return None
    month, day = month_of(m.group("mon")), _day(m)
    if day is None or not 1 <= day <= 31:
        return None
    if m.group("year"):
        year = year_of(m.group("year"))
        if year is None:
            return None
        return Resolved("DATE", point=Point("D", year, month, day))
    rel = (m.groupdict().get("mrel") or "").lower()
    if rel and ctx.document_date is not None:
        # "last Oct. 23" is the latest one before the document date, "next March 6" the
        # first one after it.
        here = (ctx.document_date.month, ctx.document_date.day)
        year = ctx.document_date.year
        if rel.endswith(("last", "past")):
            year -= (month, day) >= here
        else:
            year += (month, day) <= here
        return Resolved("DATE", point=Point("D", year, month, day), anchor="dct")
    return Resolved("DATE", point=_year_near(ctx, month, day, m), anchor="dct")


def h_month_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'November 2020', 'January nineteen ninety-seven'."""
    if not _capitalised(m.group("mon")):
        return None
    year = year_of(m.group("year"))
    if year is None:
        return None
    return Resolved("DATE", point=Point("M", year, month_of(m.group("mon"))))


_MONTH_CUE = re.compile(
    r"(?:\b(?:in|on|since|until|till|by|of|from|to|through|during|before|after|early|late|mid"
    r"|last|next|this|past|coming|between|and|or|each|every|around|about|since)\s+|mid-)$",
    re.IGNORECASE,
)


# "the October slaying", "a June agreement": a month before a common noun names when.
_MONTH_AS_ADJECTIVE = re.compile(
    r"\s+(?!(?:for|of|to|and|or|in|on|at|by|with|from|is|was|will|has|had)\b)[a-z]{3,}\b"
)


def h_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'November', 'last April', 'January this year', 'June last year'."""
    word = m.group("mon")
    if not _capitalised(word):
        return None
    rel = (m.group("rel") or "").lower().split()
    if not rel and not m.group("yrel"):
        if len(word.rstrip(".")) <= 4 and word.lower() not in ("may", "june", "july"):
            if not word.endswith("."):
                return None  # "Jan Kavan": a bare abbreviation is a name
        elif word.lower() == "may" and not _MONTH_CUE.search(
            ctx.text[max(0, m.start() - 12) : m.start()]
        ):
            return None  # "May" is also a verb and a name: a month after a preposition
        if re.search(
            r"\b(?:[Tt]he|[Aa]n?|annual|[Tt]his|[Tt]hat)\s+$",
            ctx.text[max(0, m.start() - 8) : m.start()],
        ) and not _MONTH_AS_ADJECTIVE.match(ctx.text, m.end()):
            return None  # "the March for Life": a month takes no article
    month = month_of(word)
    yrel = (m.group("yrel") or "").lower()
    if ctx.document_date is None:
        return Resolved("DATE", point=Point("M", None, month), anchor=None)
    here = ctx.document_date
    if yrel:
        year = here.year + {"this": 0, "last": -1, "next": 1}[yrel]
        return Resolved("DATE", point=Point("M", year, month), anchor="dct")
    if rel and rel[-1] in ("last", "past"):
        year = here.year if month < here.month else here.year - 1
    elif rel and rel[-1] in ("next", "coming"):
        year = here.year if month > here.month else here.year + 1
    elif rel:
        year = here.year
    else:
        return Resolved("DATE", point=month_year(ctx, month, m.start(), m.end()), anchor="dct")
    return Resolved("DATE", point=Point("M", year, month), anchor="dct")


def h_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'1998', 'fiscal 1989', 'the year 2000', 'nineteen ninety-six'."""
    year = year_of(m.group("year"))
    if year is None:
        return None
    if not m.group("fy") and m.group("year")[0].isdigit():
        before = re.findall(r"[\w$#]+", ctx.text[max(0, m.start() - 20) : m.start()])
        after = re.match(r"\s*([\w%]+)", ctx.text[m.end() : m.end() + 20])
        if before and (before[-1].lower() in NOT_YEAR_BEFORE or before[-1][-1].isdigit()):
            return None
        if after and (after.group(1).lower() in NOT_YEAR_AFTER or after.group(1) == "%"):
            return None
        if re.match(r"[$#£€]|\d[.,]?$", ctx.text[max(0, m.start() - 2) : m.start()].strip()[-1:]):
            return None
    return Resolved("DATE", point=Point("Y", year))


_DECADE_WORDS = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}  # fmt: skip


def h_decade(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the 1990s', "the '80s", 'the nineties'."""
    if m.group("dec"):
        return Resolved("DATE", point=Point("E", int(m.group("dec"))))
    n = int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
    return Resolved("DATE", point=Point("E", 1900 + n))


def h_era_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'300 BC', 'AD 14', '44 B.C.E.': a year with its era (BC years astronomically:
    300 BC is year -299, TIMEX3 ``BC0300``, EDTF ``-0299``)."""
    era = (m.group("pre") or m.group("post")).replace(".", "")
    if not era.isupper():
        return None  # "300 ad", "5 ce": not an era
    n = int(m.group("y1") or m.group("y2"))
    if n == 0:
        return None
    return Resolved("DATE", point=Point("Y", 1 - n if era.startswith("B") else n))


def h_century(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the 20th century' -> 19."""
    n = parse_ordinal(m.group("ord"))
    if n is None or n <= 0:
        return None
    return Resolved("DATE", point=Point("C", (n - 1) * 100))


def h_numeric(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'1998-03-14', '3/14/1998', '3/14/98'."""
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if y < 100:
        y += 1900 if y >= 30 else 2000
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if m.group("hh"):
        return Resolved("TIME", point=Point("T", y, mo, d, time=f"{m['hh']}:{m['mm']}"))
    return Resolved("DATE", point=Point("D", y, mo, d))


def quarter_year(ctx: Context, m: re.Match[str], q: int, unit: str) -> tuple[Point, str | None]:
    """The quarter (or half) ``q`` that a bare "the third quarter" means."""
    if ctx.document_date is None:
        return Point(unit, None, q), None
    here = ctx.document_date
    now = (here.month - 1) // 3 + 1 if unit == "Q" else (1 if here.month <= 6 else 2)
    year = here.year
    # Results are reported after a period ends: a later quarter is last year's.
    if q > now and not ctx.is_future(m.start(), m.end()) and (unit == "H" or q - now >= 2):
        year -= 1
    return Point(unit, year, q), "dct"


def h_quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the third quarter', 'third-quarter', 'the first half of 1990', "1988's fourth quarter"."""
    q = parse_ordinal(m.group("ord"))
    unit = "Q" if m.group("unit").lower() == "quarter" else "H"
    if q is None:
        return None
    if q == -1:
        q = 4 if unit == "Q" else 2
    if q > (4 if unit == "Q" else 2):
        return None
    ytext = (m.group("ypos") or m.group("yof") or "").lower()
    rel = (m.group("rel") or "").lower()
    digits = re.search(r"\d{4}", ytext)
    if digits:
        return Resolved("DATE", point=Point(unit, int(digits.group()), q))
    if "year-ago" in rel or "year-earlier" in rel:
        res = _rel_quarter(ctx, q, unit, -1)
        res.refers = False  # a comparison, not the period under discussion
        return res
    if "last" in ytext:
        return _rel_quarter(ctx, q, unit, -1)
    if "next" in ytext:
        return _rel_quarter(ctx, q, unit, 1)
    if "this" in ytext:
        return _rel_quarter(ctx, q, unit, 0)
    point, anchor = quarter_year(ctx, m, q, unit)
    return Resolved("DATE", point=point, anchor=anchor)


def _rel_quarter(ctx: Context, q: int, unit: str, years: int) -> Resolved:
    if ctx.document_date is None:
        return Resolved("DATE", point=Point(unit, None, q))
    return Resolved("DATE", point=Point(unit, ctx.document_date.year + years, q), anchor="dct")


_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}


def h_weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'Tuesday', 'last Friday', 'next Monday', 'Saturday night'."""
    word = m.group("wd")
    if not _capitalised(word):
        return None
    wd = weekday_of(word)
    rel = " ".join((m.group("rel") or "").lower().split())
    ref = ctx.ref
    if (
        rel in ("the previous", "the following")
        and ref is not None
        and ref.gran in ("D", "T")
        and ref.year is not None
    ):
        # "down 4.5% from the previous Friday": the one before the day just mentioned.
        days = first_day(ref)
        assert days is not None
        here = (days + 3) % 7 + 1
        step = -((here - wd) % 7 or 7) if rel == "the previous" else (wd - here) % 7 or 7
        return Resolved("DATE", point=from_days(days + step, "D"), anchor="ref")
    if rel in ("last", "this past", "past", "the previous"):
        point = nearest_weekday(ctx, wd, -2)
    elif rel in ("next", "this coming", "coming", "the following", "the next"):
        point = nearest_weekday(ctx, wd, 2)
    else:
        possessive = ctx.text.startswith("'s", m.end())
        point = nearest_weekday(ctx, wd, ctx.tense(m.start(), m.end(), possessive))
    anchor = "dct" if ctx.document_date else None
    part = m.group("part")
    if part:
        t = Point("T", point.year, point.sub, point.day, time=_PARTS[part.lower()],
                  weekday=point.weekday)  # fmt: skip
        return Resolved("TIME", point=t, anchor=anchor)
    return Resolved("DATE", point=point, anchor=anchor)


_HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_CLOCK_CUE = re.compile(
    r"\b(?:at|by|until|till|around|about|before|after|from|to|past|since)\s+$", re.IGNORECASE
)
_HOURS = _HOUR_WORDS.split("|")


def _clock(m: re.Match[str]) -> str | None:
    if m.group("noon"):
        return {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[m.group("noon").lower()]
    if m.group("h24"):
        return f"{int(m.group('h24')):02d}:{m.group('mi24')}"
    hour = m.group("h").lower()
    h = int(hour) if hour.isdigit() else _HOURS.index(hour) + 1
    ap = " ".join(m.group("ap").lower().replace(".", "").split())
    # "4 in the morning", "eight o'clock in the evening", "11 at night"
    if ap.endswith(("afternoon", "evening", "night")) and h < 12:
        ap = "pm"
    elif ap.endswith("morning"):
        ap = "am"
    else:
        ap = ap.replace(" ", "")
    if h > 12 or (h == 0 and ap != "o'clock"):
        return None
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    return f"{h:02d}:{m.group('mi') or '00'}"


def h_time(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'10 p.m.', '10:35 a.m. EST', 'noon Thursday', '5 p.m. Nov. 9'."""
    clock = _clock(m)
    if clock is None:
        return None
    if m.group("noon") and re.search(
        r"\bhigh\s+$", ctx.text[max(0, m.start() - 6) : m.start()], re.I
    ):
        return None  # "high noon": a showdown, not a clock time
    # A spelled-out hour is a time only after "at", "by", "until"...: "at four o'clock",
    # not "the two in the afternoon session".
    spelled = m.group("h") and not m.group("h")[0].isdigit()
    if spelled and not _CLOCK_CUE.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    day: Point | None
    if m.group("td"):
        n = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m.group("td").lower()]
        day = ctx.relative(n, "D", "D")
    elif m.group("twd"):
        if m.group("tmon"):
            day = _year_near(
                ctx, month_of(m.group("tmon")), int(m.group("tday")[:2].rstrip("snrt")), m
            )
        else:
            day = nearest_weekday(ctx, weekday_of(m.group("twd")), ctx.tense(m.start(), m.end()))
    elif m.group("tmon2"):
        digits = re.sub(r"\D", "", m.group("tday2"))
        day = _year_near(ctx, month_of(m.group("tmon2")), int(digits), m)
    elif ctx.ref is not None and ctx.ref.gran in ("D", "T") and m.start() - ctx.ref_end < 300:
        # A bare clock time is on the day just mentioned ("On Oct. 23 … at 10 p.m.").
        day = ctx.ref
    elif ctx.document_date is not None:
        day = ctx.today()
    else:
        return Resolved("TIME", value=f"T{clock}")
    point = Point("T", day.year, day.sub, day.day, time=clock, weekday=day.weekday)
    return Resolved("TIME", point=point, anchor="dct" if ctx.document_date else None)


_WD_REL = (
    r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|past|coming|"
    r"the\s+previous|the\s+following|the\s+next)\s+)?"
)
_DAYEXPR = (
    rf"(?:(?P<td>today|yesterday|tomorrow|tonight)|(?P<twd>{WEEKDAY})(?:,?\s+(?P<tmon>{MONTH})\s+"
    rf"(?P<tday>{DAY_NUM}))?|(?P<tmon2>{MONTH})\s+(?P<tday2>{DAY_NUM}))"
)
_CLOCK = (
    rf"(?:(?P<h>[01]?\d|2[0-3]|{_HOUR_WORDS})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?"
    r"|o'clock(?:\s+in\s+the\s+(?:morning|afternoon|evening))?|in\s+the\s+(?:morning|afternoon"
    r"|evening)|at\s+night)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?![\d:])|(?P<noon>noon|midnight|midday))"
)


def h_week_of(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the week of March 6': the (ISO) week holding that day."""
    res = h_month_day(m, ctx)
    if res is None or res.point is None:
        return None
    days = first_day(res.point)
    if days is None:
        return Resolved("DATE", point=Point("W", None), anchor=res.anchor)
    return Resolved("DATE", point=from_days(days, "W"), anchor=res.anchor)


RULES: list[tuple[str, str, Handler]] = [
    (
        "week_of",
        rf"{B}the\s+week\s+of\s+(?P<mon>{MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?{E}",
        h_week_of,
    ),
    (
        "month_day",
        rf"{B}(?:(?P<mrel>last|next|this\s+past|this\s+coming)\s+)?"
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?:the\s+)?{_DAY}{_NOT_AMOUNT}"
        rf"(?:,?\s+{_YEAR})?{E}",
        h_month_day,
    ),
    (
        "day_month",
        rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+(?P<mon>{MONTH})"
        rf"(?:,?\s+{_YEAR})?{E}",
        h_month_day,
    ),
    ("month_year", rf"{B}(?P<mon>{MONTH}),?\s+(?:of\s+)?{_YEAR}{E}", h_month_year),
    (
        "month",
        rf"{B}(?:(?P<rel>last|next|this\s+past|this\s+coming|this|past|coming)\s+)?(?P<mon>{MONTH})"
        rf"(?:,?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year)?{E}",
        h_month,
    ),
    (
        "year",
        rf"{B}(?:(?P<fy>fiscal(?:\s+year)?|FY|(?:the\s+)?(?:calendar\s+)?year|"
        rf"calendar|model\s+year)[\s-]*)?"
        rf"(?P<year>{YEAR4}|{SPOKEN_YEAR}|(?<=year\s)two\s+thousand){E}"
        # not "1998-03" nor "1998-5", but "2017-2021" and "1997-98" are ranges of years
        r"(?!-(?!\d\d(?:\d\d)?(?![\d-]))\d|\s*%)",
        h_year,
    ),
    (
        "decade",
        r"(?<![\w$])(?:the\s+)?(?:(?P<dec>1[0-9]\d0|20\d0)'?s|'(?P<short>\d0)'?s|(?P<word>twenties"
        r"|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![\w'])",
        h_decade,
    ),
    ("century", rf"{B}(?:the\s+)?(?P<ord>{ORDINAL})[\s-]+century{E}", h_century),
    (
        "era_year",
        r"(?<![\w$£€.,])(?:(?P<pre>AD|A\.D\.)\s*(?P<y1>\d{1,4})|(?P<y2>\d{1,4})\s*"
        r"(?P<post>BCE|BC|B\.C\.E\.|B\.C\.|AD|A\.D\.|CE|C\.E\.))(?![\w])",
        h_era_year,
    ),
    (
        "numeric",
        r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mm>\d\d))?(?![\w/-])",
        h_numeric,
    ),
    (
        "numeric_us",
        r"(?<![\w/.-])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)(?P<hh>)?(?P<mm>)?(?![\w/-])",
        h_numeric,
    ),
    (
        "quarter",
        rf"{B}(?:(?:the|its|their|a|an)\s+)?(?P<rel>(?:(?:this|current|latest|same|comparable"
        rf"|year-ago|year-earlier|fiscal|flat|calendar)\s+)*)(?:(?P<ypos>{YEAR4}(?:'s)?|"
        rf"this\s+year's"
        rf"|last\s+year's|next\s+year's)\s+)?(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st"
        rf"|2nd|3rd|4th|final|last)[\s-]+(?:fiscal[\s-]+)?(?P<unit>quarter|half)(?!s)"
        rf"(?:\s+(?:of|in)\s+(?:(?:fiscal|calendar)\s+)?(?P<yof>{YEAR4}|this\s+year|last\s+year"
        rf"|next\s+year))?{E}",
        h_quarter,
    ),
    (
        "weekday",
        rf"{B}{_WD_REL}(?P<wd>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?{E}",
        h_weekday,
    ),
    (
        "time",
        rf"{B}{_CLOCK}(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|ET)\b)?(?:,?\s+(?:on\s+)?{_DAYEXPR})?",
        h_time,
    ),
]
