"""Rules for deictic and anaphoric dates, durations, sets and vague references."""

from __future__ import annotations

import re

from citeline.core.timex.context import Context, Resolved
from citeline.core.timex.lexicon import (
    MONTH,
    NUMBER,
    SPOKEN_YEAR,
    UNIT_WORD,
    UNITS,
    WEEKDAY,
    YEAR4,
    B,
    E,
)
from citeline.core.timex.numbers import duration, parse_number
from citeline.core.timex.rules_dates import Handler, month_of, weekday_of
from citeline.core.timex.values import Point, finer, shift

_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER = ("WI", "SP", "SU", "FA")
_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "at present": "PRESENT_REF", "the present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "more recently": "PAST_REF", "until recently": "PAST_REF", "recent": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "soon": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
    "the distant past": "PAST_REF", "the recent past": "PAST_REF", "a later date": "FUTURE_REF",
}  # fmt: skip
_SETS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    "semiannually": "P6M", "semi-annually": "P6M", "biannually": "P6M",
}  # fmt: skip
_AFTER_ADVERB = frozenset(
    {"and", "or", "but", "in", "on", "at", "to", "for", "from", "since", "through", "until"}
    | {"by", "with", "during", "over", "after", "before", "as", "than", "the", "a", "an"}
    | {"if", "while", "because", "so", "when"}
)
_AMOUNT_BEFORE = re.compile(
    r"(?:\d|%|percent|million|billion|trillion|cents?|dollars?|times|once|twice|thrice|"
    r"hundred|thousand|miles|tons|barrels|a\s+piece)\s*\.?$",
    re.IGNORECASE,
)


def unit_of(word: str) -> tuple[str, int, str]:
    """The (duration letter, multiplier, granularity) of a unit word, singular or plural."""
    w = word.lower()
    if w == "centuries":
        w = "century"
    elif w.endswith("s"):
        w = w[:-1]
    letter, mult, gran = UNITS[w]
    return ("M_T" if (letter == "M" and gran == "T") else letter), mult, gran


def _dct_anchor(ctx: Context) -> str | None:
    return "dct" if ctx.document_date is not None else None


def h_ref(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'now', 'currently', 'recently', 'the past', 'the future', 'soon'."""
    key = " ".join(m.group(0).lower().split())
    if m.group(0) == "Now" and ctx.text.startswith(",", m.end()):
        return None  # "Now, he says, ...": a clause opened, not a time
    if key == "current" and re.search(r"\bthen[\s-]$", ctx.text[max(0, m.start() - 6) : m.start()]):
        return Resolved("DATE", value="PAST_REF", anchor=_dct_anchor(ctx), refers=False)
    if key == "current" and re.match(r"\s+(?:account|affairs|events|flow)", ctx.text[m.end() :]):
        return None
    if key == "soon" and (
        re.search(r"\bas\s+$", ctx.text[max(0, m.start() - 4) : m.start()], re.IGNORECASE)
        or _SOON_RELATIVE.match(ctx.text, m.end())
        or (
            ctx.is_past(m.start())
            and not ctx.is_future(m.start(), m.end())
            and not re.match(r"\s+(?:will|shall)\b", ctx.text[m.end() : m.end() + 8])
            and not _MODAL_BEFORE.search(ctx.text[max(0, m.start() - 12) : m.start()])
        )
    ):
        # "as soon as they arrive", "soon after the attack", "was soon released": soon
        # relative to another event, not to the present.
        return None
    return Resolved("DATE", value=_REFS[key], anchor=_dct_anchor(ctx), refers=False)


# "second" followed by a noun is the ordinal ("a second round", "one second thought");
# the unit is followed by a preposition, a verb or the end of the clause.
_ORDINAL_SECOND = re.compile(
    r"[ \t]+(?!(?:and|or|but|in|on|at|to|for|from|of|with|by|later|ago|earlier|before|after"
    r"|before|than|or|more|less|longer|too|is|was|will|would|had|has|have|he|she|it|they|we|I"
    r"|you|that|which|when|while|as|the|a|an|so|then|there|per|each|every)\b)[a-z]+\b"
)
_MODAL_BEFORE = re.compile(r"\b(?:may|might|could|can|should|must|to)\s+$", re.IGNORECASE)
_SOON_RELATIVE = re.compile(
    r"\s+(?:(?:as|after|afterwards?|before|thereafter)\b|(?=(?:\w+ed|became|began|came"
    r"|went|took|gave|made|found|left|fell|rose|grew)\b))",
    re.IGNORECASE,
)


def h_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'today', 'yesterday morning', 'tonight', 'last night', 'this afternoon'."""
    day = (m.group("day") or m.group("day2")).lower()
    part = (m.group("part") or m.group("part2") or "").lower()
    offset = {"yesterday": -1, "last": -1, "tomorrow": 1}.get(day, 0)
    if day == "last" and part != "night":
        return None
    if day == "tonight":
        part = "tonight"
    point = ctx.relative(offset, "D", "D")
    if part:
        t = Point("T", point.year, point.sub, point.day, time=_PARTS[part])
        return Resolved("TIME", point=t, anchor=_dct_anchor(ctx))
    return Resolved("DATE", point=point, anchor=_dct_anchor(ctx))


def _season(ctx: Context, season: str, offset: int, rel: str) -> Point:
    if ctx.document_date is None:
        return Point("S", None, season=season)
    here = ctx.document_date.month
    now = _SEASON_ORDER[(here % 12) // 3]
    year = ctx.document_date.year
    i, j = _SEASON_ORDER.index(season), _SEASON_ORDER.index(now)
    if offset < 0 and i >= j:
        year -= 1
    elif offset > 0 and i <= j:
        year += 1
    elif offset == 0 and rel in ("this past", "past") and i > j:
        year -= 1
    return Point("S", year, season=season)


_OFFSETS = {
    "this": 0, "current": 0, "present": 0, "this past": -1, "last": -1, "past": -1,
    "previous": -1, "prior": -1, "preceding": -1, "next": 1, "coming": 1,
    "this coming": 1, "following": 1, "that": 0, "same": 0, "that same": 0, "latest": -1,
}  # fmt: skip


def h_this_last_next(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'last year', 'this week', 'next month', 'the following year', 'that day'."""
    rel = " ".join(m.group("rel").lower().split())
    word = m.group("unit").lower()
    the = bool(m.group("the"))
    offset = _OFFSETS[rel]
    anaphoric = rel in ("that", "same", "that same") or (
        the and rel in ("following", "previous", "preceding", "next", "prior")
    )
    if word in _SEASONS:
        if anaphoric and ctx.ref is not None and ctx.ref.year is not None:
            year = ctx.ref.year + (offset if rel != "that" else 0)
            return Resolved("DATE", point=Point("S", year, season=_SEASONS[word]), anchor="ref")
        return Resolved("DATE", point=_season(ctx, _SEASONS[word], offset, rel),
                        anchor=_dct_anchor(ctx))  # fmt: skip
    if the and rel in ("past", "last", "coming", "latest") and word not in ("weekend", "quarter"):
        if rel in ("past", "last") and word == "year":
            # "over the past year" names the year before this one (TimeBank annotates it
            # so); "the past decade", "the last week" and "the past three years" stay
            # durations.
            point = ctx.relative(-1, "Y", "Y")
            return Resolved("DATE", point=point, anchor=_dct_anchor(ctx))
        letter, mult, _ = unit_of(word)
        return Resolved("DURATION", value=duration(mult, letter))
    weekend = word == "weekend"
    unit = "W" if weekend else unit_of(word)[2]
    if unit == "T":
        return None
    if anaphoric:
        base, kind = ctx.anchor_point()
        if base is None:
            return Resolved("DATE", point=Point(unit, None), anchor=None)
        if offset == 0 and finer(unit, base.gran) and unit in ("D", "W", "M"):
            # "that same day" after "in October 1998": a day of that month, which one
            # the text does not say (1998-10-XX).
            month = base.sub if base.gran in ("M", "D", "T") and unit == "D" else 0
            return Resolved("DATE", point=Point(unit, base.year, month), anchor=kind)
        point = shift(base, offset, unit, unit)
        return Resolved("DATE", point=_weekend(point, weekend), anchor=kind)
    point = ctx.relative(offset, unit, unit)
    return Resolved("DATE", point=_weekend(point, weekend), anchor=_dct_anchor(ctx))


def _weekend(p: Point, weekend: bool) -> Point:
    if not weekend:
        return p
    return Point("W", p.year, p.sub, weekend=True)


_ENDED = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|to\s+end|through|to)\b", re.IGNORECASE)


def h_the_unit(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the quarter', 'the latest quarter', 'the weekend', 'the year-ago period'."""
    word = m.group("unit").lower()
    adj = " ".join((m.group("adj") or "").lower().split())
    ago = "year-ago" in adj or "year-earlier" in adj
    if word in ("quarter", "period"):
        ref = ctx.ref
        if m.group("yr"):
            q = ref.sub if ref is not None and ref.gran == "Q" else 0
            return Resolved("DATE", point=Point("Q", int(m.group("yr")), q), refers=False)
        if ref is not None and ref.gran == "Q" and ref.year is not None:
            # "the year-ago quarter" compares with the quarter under discussion; it does
            # not replace it as what later expressions refer to.
            point = shift(ref, -1 if ago else 0, "Y")
            return Resolved("DATE", point=point, anchor="ref", refers=not ago)
        if word == "period" and not ago and not adj:
            return None
        base = ctx.relative(-1, "Q", "Q")
        point = shift(base, -1, "Y") if ago else base
        return Resolved("DATE", point=point, anchor=_dct_anchor(ctx), refers=not ago)
    if word == "weekend":
        # The weekend just past, unless the sentence looks ahead or it is the weekend now.
        weekday = ctx.document_date.isoweekday() if ctx.document_date else 6
        ahead = ctx.is_future(m.start(), m.end())
        offset = 0 if weekday >= 6 or ahead else -1
        point = _weekend(ctx.relative(offset, "W", "W"), True)
        return Resolved("DATE", point=point, anchor=_dct_anchor(ctx))
    if word == "year" and adj in ("", "fiscal"):
        # "the year ended Sept. 30" is the twelve months up to that day; otherwise "for
        # the year", "earlier in the year" and "the fiscal year" are the current year.
        if _ENDED.match(ctx.text, m.end()):
            return Resolved("DURATION", value="P1Y", refers=False)
        return Resolved("DATE", point=ctx.today("Y"), anchor=_dct_anchor(ctx))
    if word in _SEASONS:
        return Resolved("DATE", point=_season(ctx, _SEASONS[word], 0, ""), anchor=_dct_anchor(ctx))
    unit = unit_of(word)[2]
    if ago:
        return Resolved("DATE", point=ctx.relative(-1, "Y", unit), anchor=_dct_anchor(ctx))
    return Resolved("DATE", point=ctx.today(unit), anchor=_dct_anchor(ctx))


def h_year_ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    """The adjectives 'year-ago' and 'year-earlier'."""
    ref = ctx.ref
    if ref is not None and ref.gran in ("Q", "H", "M") and ref.year is not None:
        return Resolved("DATE", point=shift(ref, -1, "Y"), anchor="ref", refers=False)
    return Resolved("DATE", point=ctx.relative(-1, "Y", "Y"), anchor=_dct_anchor(ctx))


def h_ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'four months later', 'two years ago', 'a year earlier', '10 days from now'."""
    n = parse_number(m.group("q"))
    _, mult, gran = unit_of(m.group("unit"))
    direction = m.group("dir").lower()
    sign = 1 if direction in ("later", "after", "hence") or "now" in direction else -1
    if gran == "T":
        return None
    if n is None:
        return Resolved("DATE", value="PAST_REF" if sign < 0 else "FUTURE_REF", refers=False)
    amount = int(n * mult)
    if direction in ("ago", "back") or "now" in direction:
        ref = ctx.ref
        quarter = ref is not None and ref.gran == "Q" and ref.year is not None
        if gran == "Y" and quarter and m.start() - ctx.ref_end < 1500:
            assert ref is not None
            point = shift(ref, sign * amount, "Y")
            return Resolved("DATE", point=point, anchor="ref", refers=False)
        unit = {"E": "Y", "C": "Y"}.get(gran, gran)
        amount *= {"E": 10, "C": 100}.get(gran, 1)
        return Resolved(
            "DATE", point=ctx.relative(sign * amount, unit, unit), anchor=_dct_anchor(ctx)
        )
    base, kind = ctx.anchor_point()
    if base is None:
        return Resolved("DATE", point=Point(gran, None), anchor=None)
    target = gran
    if (gran == "Y" and base.gran in ("Q", "H", "M", "S")) or finer(gran, base.gran):
        target = base.gran
    point = shift(base, sign * amount, gran, target)
    # "a year earlier" after a quarter compares with it; it does not move the story.
    return Resolved("DATE", point=point, anchor=kind, refers=not (gran == "Y" and target != "Y"))


def h_duration(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'17 months', 'the past three years', 'two-week', 'a few days', 'a year' ($5 a year: SET)."""
    qtext = m.group("q")
    n = parse_number(qtext)
    if m.group("q2") or m.group("q3"):
        n = None if m.group("q3") else n
    letter, mult, gran = unit_of(m.group("unit"))
    if n is not None and m.group("half"):
        n += 0.5  # "a minute and a half"
    if n is not None:
        n *= mult
    unit_plural = m.group("unit").lower().endswith(("s", "ies"))
    if m.group("unit").lower() == "second" and _ORDINAL_SECOND.match(ctx.text, m.end()):
        return None  # "a second round", "one second thought": an ordinal, not a time
    if (
        qtext.lower() in ("a", "an")
        and not m.group("det")
        and not m.group("rel")
        and not qtext[0].isupper()  # "... 2018. A year" starts a sentence: no amount
    ):
        before = ctx.text[max(0, m.start() - 25) : m.start()]
        if _AMOUNT_BEFORE.search(before.rstrip()):
            return Resolved("SET", value=duration(1, letter), refers=False)
    if (
        n is not None
        and n == 1
        and unit_plural
        and qtext.isdigit() is False
        and qtext.lower() in ("a", "an")
    ):
        return None
    if n is not None and n > 100_000:
        return None
    value = duration(n, letter)
    approx = None
    if (
        re.search(
            r"\b(?:in|within)\s+(?:(?:less|more)\s+than\s+|about\s+|nearly\s+)?$",
            ctx.text[max(0, m.start() - 20) : m.start()],
            re.IGNORECASE,
        )
        and n
        and gran != "T"
    ):
        unit = {"E": "Y", "C": "Y"}.get(gran, gran)
        k = int(n) * {"E": 10, "C": 100}.get(gran, 1)
        if ctx.document_date is not None:
            approx = ctx.relative(k, unit, unit)
    return Resolved("DURATION", value=value, approx=approx, refers=False)


def h_vague_plural(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the past few weeks', 'recent years', 'coming months', 'for years'."""
    letter = unit_of(m.group("unit"))[0]
    rel = (m.group("rel") or "").lower()
    if rel == "early" and m.group("unit").lower() == "hours":
        return None  # "in the early hours of Thursday": the small hours, not a length
    if m.group("ahead"):
        # "the weeks ahead", "months ago": some weeks, some months
        return Resolved("DURATION", value=duration(None, letter), refers=False)
    if m.group("the") and not rel and not m.group("few"):
        # "over the years", "in the years that followed": some years; but "in the days
        # before the slaying" points at a time, and says nothing of how long.
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"\b(?:over|in|during|across|throughout)\s+$", before) and not re.match(
            r"\s+(?:before|after|of|since|when|leading|preceding|prior|to|ahead|between|in)\b",
            ctx.text[m.end() : m.end() + 12],
            re.IGNORECASE,
        ):
            return Resolved("DURATION", value=duration(None, letter), refers=False)
        return None  # "in the days before": vague, and no duration
    if not rel and not m.group("few"):
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:for|within|in|over|across|took|takes|lasted)\s+$", before):
            return None
    if rel in ("coming", "future", "next") and not m.group("the") and not m.group("few"):
        return Resolved("DATE", value="FUTURE_REF", refers=False)
    return Resolved("DURATION", value=duration(None, letter), refers=False)


_RECURRING = frozenset({"daily", "weekly", "nightly", "hourly"})
_RATE_NOUNS = frozenset(
    {"volume", "output", "turnover", "production", "sales", "average", "trading", "limit"}
    | {"rate", "rates", "dividend", "dividends", "share", "shares", "price", "prices", "total"}
)


def h_set(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'daily', 'every week', 'each Thursday', 'per year', 'Tuesdays'."""
    if m.group("adv"):
        # "quarterly dividend", "daily volume": an adjective before a noun is no time.
        nxt = re.match(r"\s+([a-z]+)\b", ctx.text[m.end() : m.end() + 20])
        # ... but "daily", "weekly", "nightly" and "hourly" before a noun still say how
        # often ("a daily rally", "his weekly radio address"), unless the noun is an
        # amount per day ("daily output", "average daily volume").
        if (
            nxt
            and nxt.group(1) not in _AFTER_ADVERB
            and (m.group("adv").lower() not in _RECURRING or nxt.group(1) in _RATE_NOUNS)
        ):
            return None
        return Resolved("SET", value=_SETS[m.group("adv").lower()], refers=False)
    if m.group("wd"):
        wd = weekday_of(
            m.group("wd").rstrip("sS") if m.group("wd").endswith(("s", "S")) else m.group("wd")
        )
        part = m.group("part")
        suffix = "T" + _PARTS[part.lower().rstrip("s")] if part else ""
        return Resolved("SET", value=f"XXXX-WXX-{wd}{suffix}", refers=False)
    if m.group("mon"):
        return Resolved("SET", value=f"XXXX-{month_of(m.group('mon')):02d}", refers=False)
    if m.group("season"):
        return Resolved("SET", value=f"XXXX-{_SEASONS[m.group('season').lower()]}", refers=False)
    n = parse_number(m.group("q")) if m.group("q") else 1
    if m.group("other"):
        n = 2
    letter, mult, _ = unit_of(m.group("unit"))
    return Resolved("SET", value=duration(None if n is None else n * mult, letter), refers=False)


def h_plural_weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'Tuesdays', 'on Sunday nights': a weekly set."""
    if not m.group("wd")[:1].isupper():
        return None
    wd = weekday_of(m.group("wd")[:-1])
    part = m.group("part")
    suffix = "T" + _PARTS[part.lower()[:-1]] if part else ""
    return Resolved("SET", value=f"XXXX-WXX-{wd}{suffix}", refers=False)


_REL = (
    r"(?P<rel>this\s+past|this\s+coming|that\s+same|this|last|next|past|coming|"
    r"previous|following|current|present|that|same|prior|preceding|"
    r"latest)"
)
_UNIT1 = (
    r"(?P<unit>week|weekend|month|year|quarter|decade|century|day|spring|summer|fall|autumn|winter)"
)
_Q = rf"(?P<q>{NUMBER}|(?:a\s+)?few|several|some|many|a\s+couple\s+of|a\s+number\s+of)"
_ADJ = (
    r"(?:(?:more|additional|consecutive|straight|full|long|short|trading|"
    r"business|calendar|working|school|fiscal|extra|further|subsequent|"
    r"frantic|intervening)[\s-]+)?"
)
_DREL = (
    r"(?:(?P<rel>past|last|next|coming|previous|following|first|final|"
    r"latest|remaining|preceding|initial|recent|other|additional|further|"
    r"same|prior|ensuing|succeeding|intervening)\s+)?"
)


def h_year_end(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'year-end', "year's end": the end of the document's year (or of the year named)."""
    if m.group("yr"):
        return Resolved("DATE", point=Point("Y", int(m.group("yr"))), mod="END")
    return Resolved("DATE", point=ctx.today("Y"), mod="END", anchor=_dct_anchor(ctx))


def h_season_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the winter of 1994', 'summer 1998', 'the spring of nineteen ninety-four'."""
    from citeline.core.timex.rules_dates import year_of

    year = year_of(m.group("year"))
    if year is None:
        return None
    return Resolved("DATE", point=Point("S", year, season=_SEASONS[m.group("season").lower()]))


_PART_CUE = re.compile(
    r"(?:\b(?:in|during|by|through|throughout|until|till)\s+|\b(?:mid|early|late)[\s-]+|mid-)$",
    re.IGNORECASE,
)


def h_part_of_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'in the morning', 'by mid afternoon', 'mid-afternoon yesterday': a part of the day
    just mentioned (else of the document date)."""
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    if not _PART_CUE.search(before):
        return None  # "the evening news", "Good morning"
    nxt = re.match(r"\s+([a-z]+)\b", ctx.text[m.end() : m.end() + 20])
    if nxt and nxt.group(1) not in _AFTER_ADVERB and not m.group("td"):
        return None  # "in the afternoon session": a part of the day as an adjective
    td = (m.group("td") or "").lower()
    if td:
        day = ctx.relative({"yesterday": -1, "today": 0, "tomorrow": 1}[td], "D", "D")
        anchor = _dct_anchor(ctx)
    elif ctx.ref is not None and ctx.ref.gran in ("D", "T") and m.start() - ctx.ref_end < 300:
        day, anchor = ctx.ref, "ref"
    else:
        day, anchor = ctx.today(), _dct_anchor(ctx)
    part = m.group("part").lower()
    t = Point("T", day.year, day.sub, day.day, time=_PARTS[part])
    return Resolved("TIME", point=t, anchor=anchor)


_SEASON_MOD = re.compile(r"\b(?:early|late|mid|middle)[\s-]+$|\bmid-$", re.IGNORECASE)


def h_season(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the early summer', 'late spring': a season named with early, mid or late."""
    if not _SEASON_MOD.search(ctx.text, max(0, m.start() - 10), m.start()):
        return None  # a bare season word is left to the other rules
    point = _season(ctx, _SEASONS[m.group("season").lower()], 0, "")
    return Resolved("DATE", point=point, anchor=_dct_anchor(ctx))


def h_this_moment(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'this moment', 'at this crucial moment': the present, as 'at the moment' is."""
    if not m.group("this") and not re.search(
        r"\bthis\s+[a-z]+\s+$", ctx.text[max(0, m.start() - 24) : m.start()], re.IGNORECASE
    ):
        return None  # "a moment", "the moment he arrived"
    return Resolved("DATE", value="PRESENT_REF", anchor=_dct_anchor(ctx), refers=False)


def h_long(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'a day-long meeting', 'a decades-long battle': how long, as an adjective."""
    letter, mult, _ = unit_of(m.group("unit"))
    plural = m.group("unit").lower().endswith("s")
    return Resolved("DURATION", value=duration(None if plural else mult, letter), refers=False)


RULES: list[tuple[str, str, Handler]] = [
    ("long", rf"{B}(?P<unit>{UNIT_WORD})-long{E}", h_long),
    ("this_moment", rf"{B}(?P<this>this\s+)?moment{E}", h_this_moment),
    ("season", rf"{B}(?P<season>spring|summer|fall|autumn|winter){E}", h_season),
    (
        "part_of_day",
        rf"{B}(?:the\s+)?(?P<part>morning|afternoon|evening)(?:\s+(?P<td>yesterday|today"
        r"|tomorrow))?(?![\w-])",
        h_part_of_day,
    ),
    (
        "year_end",
        rf"{B}(?:(?P<yr>{YEAR4})\s+)?year(?:-end|\s+end|'s\s+end){E}",
        h_year_end,
    ),
    (
        "season_year",
        rf"{B}(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?"
        rf"(?P<year>{YEAR4}|{SPOKEN_YEAR}){E}",
        h_season_year,
    ),
    (
        "ref",
        r"(?<![\w-])(?:right\s+now|now|nowadays|these\s+days|currently|"
        r"current|at\s+present|the\s+present|at\s+the\s+moment|more\s+recently|"
        r"recently|recent(?=\s+[a-z])|lately|the\s+(?:distant\s+|recent\s+)?past|"
        r"the\s+(?:near\s+)?future|soon|the\s+(?:near|short|long)\s+term|"
        r"as\s+soon\s+as\s+possible|a\s+later\s+date)(?![\w-])",
        h_ref,
    ),
    (
        "day",
        r"(?<![\w-])(?:(?P<day>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>morning|"
        r"afternoon|evening|night))?|(?P<day2>this|last)\s+(?P<part2>morning|"
        r"afternoon|evening|night))(?![\w-])",
        h_day,
    ),
    ("this_last_next", rf"{B}(?P<the>the\s+)?{_REL}\s+{_UNIT1}{E}", h_this_last_next),
    (
        "the_unit",
        rf"{B}(?:the|that|this|its)\s+(?:(?P<yr>{YEAR4})\s+)?(?P<adj>(?:(?:latest|"
        rf"comparable|same|corresponding|year-ago|year-earlier|most\s+recent|"
        rf"recent|fiscal|current|full)\s+)*){_UNIT1.replace('day|', 'period|')}{E}",
        h_the_unit,
    ),
    (
        "year_ago",
        rf"{B}(?:the\s+)?year-(?:ago|earlier){E}(?![\s-]+(?:quarter|period|level|month))",
        h_year_ago,
    ),
    (
        "ago",
        rf"{B}{_Q}[\s-]+(?P<unit>{UNIT_WORD})(?:\s+or\s+so)?\s+(?P<dir>ago|"
        rf"earlier|later|back|hence|from\s+now|(?:before|after)(?![\w-])(?!\s+(?:the|"
        rf"a|an|his|her|its|their|he|she|it|they|we|I|[A-Z0-9])\b))(?![\w-])",
        h_ago,
    ),
    (
        "duration",
        rf"{B}(?:(?P<det>the|its|their|his|her|these|those|our|my|your)\s+)?{_DREL}{_Q}(?:\s+or\s+(?P<q2>{NUMBER}))?(?:\s+to\s+(?P<q3>{NUMBER}))?[\s-]+{_ADJ}(?P<unit>{UNIT_WORD})(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?(?![\w])(?!-?\s*old\b)(?!-)(?<!quarters(?=\s+of\b))",
        h_duration,
    ),
    (
        "vague_plural",
        rf"{B}(?P<the>the\s+)?(?:(?P<rel>past|last|next|coming|recent|previous|"
        rf"following|first|final|early|initial|ensuing|future)\s+)?(?P<few>(?:few|"
        rf"several|many)\s+)?(?P<unit>seconds|minutes|hours|days|weeks|months|"
        rf"quarters|years|decades|centuries)(?P<ahead>\s+(?:ahead|ago))?{E}",
        h_vague_plural,
    ),
    (
        "set",
        rf"{B}(?:(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|"
        rf"hourly|nightly|biweekly|semi-?annually|biannually)|(?:every|each|"
        rf"per)\s+(?:(?P<other>other)\s+|(?P<q>{NUMBER})\s+)?(?P<unit>{UNIT_WORD})|"
        rf"(?:every|each)\s+(?P<wd>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|"
        rf"evening|night))?|(?:every|each)\s+(?P<mon>{MONTH})|(?:every|each)\s+(?P<season>spring|"
        rf"summer|fall|autumn|winter)){E}",
        h_set,
    ),
    (
        "plural_weekday",
        rf"{B}(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)days)(?:\s+(?P<part>mornings|"
        rf"afternoons|evenings|nights))?{E}",
        h_plural_weekday,
    ),
]
