"""EDTF reading: spans, precision, qualifiers, canonical strings and errors."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from citeline.core.calendar import days_in_month, instant
from citeline.core.edtf import (
    PRECISIONS,
    DateValue,
    from_parts,
    interval,
    parse_edtf,
)
from citeline.core.errors import CitelineError, DateError

DAY = 86_400
RANK = {name: rank for rank, name in enumerate(PRECISIONS)}


def year_text(y: int) -> str:
    return f"-{-y:04d}" if y < 0 else f"{y:04d}"


# ---------------------------------------------------------------------------------------
# Strategies: canonical EDTF strings with the precision they must have.

QUALIFIERS = st.sampled_from(["", "~", "?", "%"])
ZONES = st.sampled_from(["", "Z", "+02:00", "-05:30", "+00:00", "+14:00"])


@st.composite
def single_edtf(
    draw: st.DrawFn, min_year: int = -9999, max_year: int = 9999, times: bool = True
) -> tuple[str, str]:
    kinds = ["year", "month", "day", "season", "decade", "century", "millennium", "xmonth"]
    kinds += ["xday", "monthxday"]
    if times:
        kinds += ["minute", "second"]
    if min_year <= -10000 or max_year >= 10000:
        kinds.append("long")
    kind = draw(st.sampled_from(kinds))
    q = draw(QUALIFIERS)
    y = draw(st.integers(max(min_year, -9999), min(max_year, 9999)))
    if kind == "long":
        n = draw(st.integers(10_000, 10**12))
        sign = draw(st.sampled_from([-1, 1])) if min_year <= -10000 else 1
        return f"Y{sign * n}{q}", "year"
    if kind in ("decade", "century", "millennium"):
        xs = {"decade": 1, "century": 2, "millennium": 3}[kind]
        # Known leading digits; with min_year >= 1 the whole span must lie in AD.
        prefix = draw(st.integers(1 if min_year >= 1 else 0, 10 ** (4 - xs) - 1))
        negative = min_year < 0 and draw(st.booleans())
        text = f"{prefix:0{4 - xs}d}" + "X" * xs
        return ("-" + text if negative else text) + q, kind
    month = draw(st.integers(1, 12))
    if kind == "year":
        return year_text(y) + q, "year"
    if kind == "xmonth":
        return year_text(y) + "-XX" + q, "year"
    if kind == "xday":
        return year_text(y) + "-XX-XX" + q, "year"
    if kind == "month":
        return f"{year_text(y)}-{month:02d}{q}", "month"
    if kind == "monthxday":
        return f"{year_text(y)}-{month:02d}-XX{q}", "month"
    if kind == "season":
        return f"{year_text(y)}-{draw(st.integers(21, 24))}{q}", "season"
    day = draw(st.integers(1, days_in_month(y, month)))
    text = f"{year_text(y)}-{month:02d}-{day:02d}"
    if kind == "day":
        return text + q, "day"
    text += f"T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if kind == "second":
        text += f":{draw(st.integers(0, 59)):02d}"
    return text + draw(ZONES), kind


@st.composite
def interval_edtf(
    draw: st.DrawFn, min_year: int = -9999, max_year: int = 9999, open_ends: bool = True
) -> tuple[str, str]:
    a, pa = draw(single_edtf(min_year, max_year))
    if open_ends and draw(st.booleans()):
        other = draw(st.sampled_from(["", ".."]))
        return (f"{a}/{other}", pa) if draw(st.booleans()) else (f"{other}/{a}", pa)
    b, pb = draw(single_edtf(min_year, max_year))
    if parse_edtf(b).earliest < parse_edtf(a).earliest:
        a, b = b, a
    return f"{a}/{b}", min(pa, pb, key=RANK.__getitem__)


ANY_EDTF = st.one_of(single_edtf(-(10**12), 10**12), interval_edtf())


# ---------------------------------------------------------------------------------------
# Example table: every form, with its span worked out by hand from the calendar.

EXAMPLES: list[tuple[str, str, str, int, int]] = [
    ("2020", "2020", "year", instant(2020), instant(2021)),
    ("2020-11", "2020-11", "month", instant(2020, 11), instant(2020, 12)),
    ("2020-12", "2020-12", "month", instant(2020, 12), instant(2021, 1)),
    ("2020-02", "2020-02", "month", instant(2020, 2), instant(2020, 2, 29) + DAY),
    ("2020-11-03", "2020-11-03", "day", instant(2020, 11, 3), instant(2020, 11, 4)),
    (
        "2020-11-03T14:30:00",
        "2020-11-03T14:30:00",
        "second",
        instant(2020, 11, 3, 14, 30),
        instant(2020, 11, 3, 14, 30, 1),
    ),
    (
        "2020-11-03T14:30:00Z",
        "2020-11-03T14:30:00Z",
        "second",
        instant(2020, 11, 3, 14, 30),
        instant(2020, 11, 3, 14, 30, 1),
    ),
    (
        "2020-11-03T14:30:00+02:00",
        "2020-11-03T14:30:00+02:00",
        "second",
        instant(2020, 11, 3, 12, 30),
        instant(2020, 11, 3, 12, 30, 1),
    ),
    (
        "2020-11-03T00:30:00+0100",
        "2020-11-03T00:30:00+01:00",
        "second",
        instant(2020, 11, 2, 23, 30),
        instant(2020, 11, 2, 23, 30, 1),
    ),
    (
        "2020-11-03T14:30-05",
        "2020-11-03T14:30-05:00",
        "minute",
        instant(2020, 11, 3, 19, 30),
        instant(2020, 11, 3, 19, 31),
    ),
    ("2021-03~", "2021-03~", "month", instant(2021, 3), instant(2021, 4)),
    ("2024-04?", "2024-04?", "month", instant(2024, 4), instant(2024, 5)),
    ("2004-06%", "2004-06%", "month", instant(2004, 6), instant(2004, 7)),
    ("19XX", "19XX", "century", instant(1900), instant(2000)),
    ("201X", "201X", "decade", instant(2010), instant(2020)),
    ("1XXX", "1XXX", "millennium", instant(1000), instant(2000)),
    ("2020-XX", "2020-XX", "year", instant(2020), instant(2021)),
    ("2020-XX-XX", "2020-XX-XX", "year", instant(2020), instant(2021)),
    ("2020-11-XX", "2020-11-XX", "month", instant(2020, 11), instant(2020, 12)),
    ("-0043", "-0043", "year", instant(-43), instant(-42)),
    ("0000", "0000", "year", instant(0), instant(1)),
    ("-004X", "-004X", "decade", instant(-49), instant(-39)),
    ("-00XX", "-00XX", "century", instant(-99), instant(1)),
    ("Y170000002", "Y170000002", "year", instant(170000002), instant(170000003)),
    ("Y-170000002", "Y-170000002", "year", instant(-170000002), instant(-170000001)),
    ("Y2020", "2020", "year", instant(2020), instant(2021)),
    ("2021-21", "2021-21", "season", instant(2021, 3), instant(2021, 6)),
    ("2021-22", "2021-22", "season", instant(2021, 6), instant(2021, 9)),
    ("2021-23", "2021-23", "season", instant(2021, 9), instant(2021, 12)),
    ("2021-24", "2021-24", "season", instant(2021, 12), instant(2022, 3)),
    (
        "2017-01-20/2021-01-20",
        "2017-01-20/2021-01-20",
        "day",
        instant(2017, 1, 20),
        instant(2021, 1, 21),
    ),
    ("2017-01/2021", "2017-01/2021", "year", instant(2017, 1), instant(2022)),
    ("2019/..", "2019/..", "year", instant(2019), instant(2020)),
    ("../2020", "../2020", "year", instant(2020), instant(2021)),
    ("2019/", "2019/", "year", instant(2019), instant(2020)),
    ("/2020-05", "/2020-05", "month", instant(2020, 5), instant(2020, 6)),
    (" 2020-11 ", "2020-11", "month", instant(2020, 11), instant(2020, 12)),
]


@pytest.mark.parametrize(("text", "edtf", "precision", "earliest", "latest"), EXAMPLES)
def test_examples(text: str, edtf: str, precision: str, earliest: int, latest: int) -> None:
    v = parse_edtf(text)
    assert (v.edtf, v.precision, v.earliest, v.latest) == (edtf, precision, earliest, latest)


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain", "is_interval"),
    [
        ("2021", False, False, False),
        ("2021~", True, False, False),
        ("2021?", False, True, False),
        ("2021%", True, True, False),
        ("2004-06~/2006-08?", True, True, True),
        ("2004-06~/2006-08", True, False, True),
        ("2004/2006", False, False, True),
        ("19XX?", False, True, False),
        ("2021-21~", True, False, False),
    ],
)
def test_qualifiers_and_interval_flags(
    text: str, approximate: bool, uncertain: bool, is_interval: bool
) -> None:
    v = parse_edtf(text)
    assert (v.approximate, v.uncertain, v.interval) == (approximate, uncertain, is_interval)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "not written as EDTF"),
        ("2020-13", "no month 13"),
        ("2020-00", "no month 00"),
        ("2021-02-29", "no day 29"),
        ("2020-11-31", "no day 31"),
        ("2020-25", "no month 25"),
        ("XXXX", "no digit of the year"),
        ("1X9X", "last digits"),
        ("19XX-05", "cannot have a month"),
        ("2020-XX-03", "month is unspecified"),
        ("2020-1X", "partly specified"),
        ("2020-11-3X", "partly specified"),
        ("2021-21-03", "season cannot have a day"),
        ("2020-11-03T24:00:00", "not a time of day"),
        ("2020-11-03T12:60:00", "not a time of day"),
        ("2020-11-03T12:00:61", "second 61"),
        ("2020-11-03T12:00:00+25:00", "not a time zone offset"),
        ("2020-11-03T12:00:00+0230:00", "not written as EDTF"),
        ("2020-11-03T12:00~", "cannot be marked"),
        ("2020-11-XXT12:00", "needs a known day"),
        ("-0000", "year 0"),
        ("2021/2020", "ends before it starts"),
        ("../..", "at least one known end"),
        ("/", "at least one known end"),
        ("2020/2021/2022", "exactly one /"),
        ("2020/2021-13", "no month 13"),
        ("20", "not written as EDTF"),
        ("2020~?", "not written as EDTF"),
        ("November 2020", "not written as EDTF"),
    ],
)
def test_errors_say_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_edtf(text)
    message = str(caught.value)
    assert why in message
    assert f'"{text.strip()}"' in message
    assert "\n" not in message
    assert isinstance(caught.value, CitelineError)


def test_precisions_are_ordered_coarse_to_fine() -> None:
    spans = [parse_edtf(t) for t in ("1XXX", "19XX", "199X", "1990", "1990-21", "1990-03")]
    spans += [parse_edtf("1990-03-01"), parse_edtf("1990-03-01T10:00")]
    spans.append(parse_edtf("1990-03-01T10:00:00"))
    assert tuple(v.precision for v in spans) == PRECISIONS
    lengths = [v.latest - v.earliest for v in spans]
    assert lengths == sorted(lengths, reverse=True)


def test_contains_and_midpoint() -> None:
    v = parse_edtf("2020-11")
    assert v.contains(instant(2020, 11, 1))
    assert v.contains(instant(2020, 12, 1) - 1)
    assert v.contains(instant(2020, 11, 15, 12, 0, 0) + 0.5)
    assert not v.contains(instant(2020, 12, 1))
    assert not v.contains(instant(2020, 11, 1) - 1)
    assert v.midpoint == instant(2020, 11, 16)
    assert parse_edtf("2020-11-03").midpoint == instant(2020, 11, 3, 12)


def test_from_parts() -> None:
    assert from_parts(2020).edtf == "2020"
    assert from_parts(2020, 11).edtf == "2020-11"
    assert from_parts(2020, 11, 3).edtf == "2020-11-03"
    assert from_parts(-43).edtf == "-0043"
    assert from_parts(44).edtf == "0044"
    assert from_parts(170000002).edtf == "Y170000002"
    assert from_parts(2021, 21).precision == "season"
    assert from_parts(2021, 3, approximate=True).edtf == "2021-03~"
    assert from_parts(2024, 4, uncertain=True).edtf == "2024-04?"
    assert from_parts(2004, 6, approximate=True, uncertain=True).edtf == "2004-06%"
    assert from_parts(2020, 11, 3) == parse_edtf("2020-11-03")


@pytest.mark.parametrize(
    ("args", "why"),
    [
        ((2020, None, 3), "without a month"),
        ((12000, 3), "years -9999 to 9999"),
        ((2020, 13), "no month 13"),
        ((2021, 2, 29), "no day 29"),
    ],
)
def test_from_parts_errors(args: tuple[int, ...], why: str) -> None:
    with pytest.raises(DateError, match=why):
        from_parts(*args)


def test_interval_constructor() -> None:
    a, b = parse_edtf("2017-01-20"), parse_edtf("2021-01-20")
    v = interval(a, b)
    assert v == parse_edtf("2017-01-20/2021-01-20")
    assert (v.earliest, v.latest) == (a.earliest, b.latest)
    assert interval(a, None).edtf == "2017-01-20/.."
    assert interval(None, b).edtf == "../2021-01-20"
    assert interval(parse_edtf("2021~"), parse_edtf("2022-05")).precision == "year"
    with pytest.raises(DateError, match="ends before it starts"):
        interval(b, a)
    with pytest.raises(DateError, match="cannot have the interval"):
        interval(v, b)
    with pytest.raises(DateError, match="at least one known end"):
        interval(None, None)


def test_ends_and_parts() -> None:
    v = parse_edtf("2019-05~/..")
    start, end = v.ends()
    assert start == parse_edtf("2019-05~") and end is None
    single = parse_edtf("-004X?")
    assert single.ends() == (single, single)
    p = single.parts()
    assert (p.year, p.unspecified_digits, p.uncertain) == (-49, 1, True)
    t = parse_edtf("2020-11-03T14:30+02").parts()
    assert (t.month, t.day, t.hour, t.minute, t.second, t.tz) == (11, 3, 14, 30, None, "+02:00")
    with pytest.raises(DateError):
        v.parts()


# ---------------------------------------------------------------------------------------
# Properties


@settings(max_examples=300, deadline=None)
@given(ANY_EDTF)
def test_canonical_strings_read_back_unchanged(case: tuple[str, str]) -> None:
    text, precision = case
    v = parse_edtf(text)
    assert v.edtf == text
    assert v.precision == precision
    assert parse_edtf(v.edtf) == v
    assert v.earliest < v.latest
    assert v.contains(v.earliest) and v.contains(v.midpoint) and not v.contains(v.latest)
    assert v.interval == ("/" in text)
    assert v.approximate == any(q in text for q in "~%")
    assert v.uncertain == any(q in text for q in "?%")


@settings(max_examples=200, deadline=None)
@given(interval_edtf(open_ends=False))
def test_interval_span_runs_from_start_to_end(case: tuple[str, str]) -> None:
    text, _ = case
    v = parse_edtf(text)
    start, end = (parse_edtf(part) for part in text.split("/"))
    assert (v.earliest, v.latest) == (start.earliest, end.latest)
    assert v.precision == min(start.precision, end.precision, key=RANK.__getitem__)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**9), 10**9), st.integers(1, 12), st.data())
def test_day_spans_tile_the_month(year: int, month: int, data: st.DataObject) -> None:
    if not -9999 <= year <= 9999:
        v = parse_edtf(f"Y{year}")
        assert v.latest - v.earliest in (365 * DAY, 366 * DAY)
        return
    m = from_parts(year, month)
    days = [from_parts(year, month, d) for d in range(1, days_in_month(year, month) + 1)]
    assert days[0].earliest == m.earliest and days[-1].latest == m.latest
    assert all(a.latest == b.earliest for a, b in itertools.pairwise(days))
    day = data.draw(st.sampled_from(days))
    assert m.contains(day.midpoint)


# The reference reader works on struct_time, so it can only check years 1 to 9999; it
# has winter ending on 31 December and reads times only to the day, so those are left
# out of the comparison.
@settings(max_examples=25, deadline=None)
@given(st.one_of(single_edtf(1, 9999, times=False), interval_edtf(1, 9999, open_ends=False)))
def test_spans_agree_with_reference_reader(case: tuple[str, str]) -> None:
    reference = pytest.importorskip("edtf")
    text, _ = case
    if "-24" in text:
        return
    ours = parse_edtf(text)
    try:
        theirs = reference.parse_edtf(text)
    except Exception:
        # It rejects (or trips over) some valid forms, such as unspecified digits
        # inside intervals: nothing to compare there.
        assume(False)
    low, high = theirs.lower_strict(), theirs.upper_strict()
    assert ours.earliest == instant(low.tm_year, low.tm_mon, low.tm_mday)
    assert ours.latest == instant(high.tm_year, high.tm_mon, high.tm_mday) + DAY


def test_reading_many_distinct_dates() -> None:
    # A large project reads every date on import: ten thousand distinct strings (the
    # cache cannot answer them) each read as themselves. Their speed is `bench`'s.
    texts = [f"{1000 + i % 9000:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(10_000)]
    values: list[DateValue] = [parse_edtf(t) for t in texts]
    assert len({v.edtf for v in values}) == len(set(texts))
