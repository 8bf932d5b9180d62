"""Typed dates: what is understood, how it is shown, and that showing reads back."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeline.core.calendar import days_in_month, instant
from citeline.core.dates import describe, format_date, parse_date
from citeline.core.edtf import PRECISIONS, DateValue, parse_edtf
from citeline.core.errors import DateError

REFERENCE = dt.date(2024, 5, 6)
RANK = {name: rank for rank, name in enumerate(PRECISIONS)}


def read(text: str, **kwargs: bool) -> DateValue:
    return parse_date(text, reference=REFERENCE, **kwargs)


# ---------------------------------------------------------------------------------------
# What is understood

FORMS: list[tuple[str, str, str]] = [
    # plain precisions
    ("2021", "2021", "year"),
    ("November 2020", "2020-11", "month"),
    ("Nov 2020", "2020-11", "month"),
    ("nov. 2020", "2020-11", "month"),
    ("Nov 3, 2020", "2020-11-03", "day"),
    ("3 November 2020", "2020-11-03", "day"),
    ("2020-11-03", "2020-11-03", "day"),
    ("11/03/2020", "2020-11-03", "day"),
    ("13/03/2020", "2020-03-13", "day"),
    ("2020/11/03", "2020-11-03", "day"),
    ("the 3rd of November 2020", "2020-11-03", "day"),
    ("Tuesday, November 3, 2020", "2020-11-03", "day"),
    ("29 Feb 2020", "2020-02-29", "day"),
    ("March 850", "0850-03", "month"),
    ("3 Nov 2020 14:30", "2020-11-03T14:30", "minute"),
    ("3 Nov 2020 14:30:05", "2020-11-03T14:30:05", "second"),
    ("Nov 3 2020 3pm", "2020-11-03T15:00", "minute"),
    ("3 Nov 2020 14:30 UTC", "2020-11-03T14:30Z", "minute"),
    ("3 Nov 2020 14:30 +02:00", "2020-11-03T14:30+02:00", "minute"),
    ("3 Nov 2020 14:30-0530", "2020-11-03T14:30-05:30", "minute"),
    # EDTF as is
    ("2020-11-03T14:30:00", "2020-11-03T14:30:00", "second"),
    ("2021-03~", "2021-03~", "month"),
    ("2017-01-20/2021-01-20", "2017-01-20/2021-01-20", "day"),
    ("201X", "201X", "decade"),
    ("-0043", "-0043", "year"),
    ("Y170000002", "Y170000002", "year"),
    # thirds
    ("early 2019", "2019-01~/2019-04~", "month"),
    ("mid 2019", "2019-05~/2019-08~", "month"),
    ("mid-2019", "2019-05~/2019-08~", "month"),
    ("late 2019", "2019-09~/2019-12~", "month"),
    ("early March 2021", "2021-03-01~/2021-03-10~", "day"),
    ("mid March 2021", "2021-03-11~/2021-03-20~", "day"),
    ("late Feb 2021", "2021-02-21~/2021-02-28~", "day"),
    ("late Feb 2024", "2024-02-21~/2024-02-29~", "day"),
    # qualifiers
    ("c. 1850", "1850~", "year"),
    ("ca. 1850", "1850~", "year"),
    ("ca 1850", "1850~", "year"),
    ("circa 1850", "1850~", "year"),
    ("about 1850", "1850~", "year"),
    ("around 1850", "1850~", "year"),
    ("~1850", "1850~", "year"),
    ("1850?", "1850?", "year"),
    ("probably 1850", "1850?", "year"),
    ("c. Apr 2024?", "2024-04%", "month"),
    ("c. 2021-03", "2021-03~", "month"),
    ("circa March 2021?", "2021-03%", "month"),
    # eras
    ("44 BC", "-0043", "year"),
    ("44 BCE", "-0043", "year"),
    ("44 B.C.", "-0043", "year"),
    ("AD 44", "0044", "year"),
    ("44 CE", "0044", "year"),
    ("1 BC", "0000", "year"),
    ("15 March 44 BC", "-0043-03-15", "day"),
    ("Mar AD 5", "0005-03", "month"),
    ("170000003 BC", "Y-170000002", "year"),
    ("12000", "Y12000", "year"),
    # decades, centuries, millennia, seasons, unknown parts
    ("the 1990s", "199X", "decade"),
    ("1990s", "199X", "decade"),
    ("1990's", "199X", "decade"),
    ("1900s (decade)", "190X", "decade"),
    ("1900s (century)", "19XX", "century"),
    ("19th century", "18XX", "century"),
    ("the 19th-century", "18XX", "century"),
    ("19th c.", "18XX", "century"),
    ("twenty-first century", "20XX", "century"),
    ("1st century BC", "-00XX", "century"),
    ("2nd millennium", "1XXX", "millennium"),
    ("2nd millennium BC", "-1XXX", "millennium"),
    ("spring 2021", "2021-21", "season"),
    ("Summer of 2021", "2021-22", "season"),
    ("fall 2021", "2021-23", "season"),
    ("winter 2021", "2021-24", "season"),
    ("a day in Nov 2020", "2020-11-XX", "month"),
    ("a month in 2020", "2020-XX", "year"),
    ("some day in 2020", "2020-XX-XX", "year"),
    # ranges
    ("2017–2021", "2017/2021", "year"),
    ("2017 — 2021", "2017/2021", "year"),
    ("2017-2021", "2017/2021", "year"),
    ("2017 - 2021", "2017/2021", "year"),
    ("2017 to 2021", "2017/2021", "year"),
    ("2017 until 2021", "2017/2021", "year"),
    ("from 2017 to 2021", "2017/2021", "year"),
    ("from 2017-01-20 to 2021-01-20", "2017-01-20/2021-01-20", "day"),
    ("between 2017 and 2021", "2017/2021", "year"),
    ("Jan 20 2017 – Jan 20 2021", "2017-01-20/2021-01-20", "day"),
    ("March–May 2021", "2021-03/2021-05", "month"),
    ("March-May 2021", "2021-03/2021-05", "month"),
    ("between March and May 2021", "2021-03/2021-05", "month"),
    ("3–5 Mar 2021", "2021-03-03/2021-03-05", "day"),
    ("Nov 3 – 5, 2020", "2020-11-03/2020-11-05", "day"),
    ("3 Mar – 5 Apr 2021", "2021-03-03/2021-04-05", "day"),
    ("spring–summer 2021", "2021-21/2021-22", "season"),
    ("3 Nov 2020 14:30–16:00 UTC", "2020-11-03T14:30Z/2020-11-03T16:00Z", "minute"),
    ("c. 2004 – 2006?", "2004~/2006?", "year"),
    ("early 2019 – late 2020", "2019-01~/2020-12~", "month"),
    ("1990s–2000s (decade)", "199X/200X", "decade"),
    ("since 2019", "2019/..", "year"),
    ("from 2019", "2019/..", "year"),
    ("2019 onwards", "2019/..", "year"),
    ("until 2020", "../2020", "year"),
    ("up to May 2020", "../2020-05", "month"),
    ("from 2017-2021", "2017/2021", "year"),
    ("2019 – open", "2019/..", "year"),
    ("unknown – 2020", "/2020", "year"),
    ("2019 – ?", "2019/", "year"),
    # relative
    ("today", "2024-05-06", "day"),
    ("Yesterday", "2024-05-05", "day"),
    ("tomorrow", "2024-05-07", "day"),
]


@pytest.mark.parametrize(("text", "edtf", "precision"), FORMS)
def test_forms(text: str, edtf: str, precision: str) -> None:
    v = read(text)
    assert (v.edtf, v.precision) == (edtf, precision)
    assert v == parse_edtf(edtf)


def test_precision_is_never_invented() -> None:
    month = read("November 2020")
    assert (month.earliest, month.latest) == (instant(2020, 11, 1), instant(2020, 12, 1))
    assert not read("2021").contains(instant(2022, 1, 1))
    assert read("2021").latest - read("2021").earliest == 365 * 86_400


def test_day_first_when_asked() -> None:
    assert read("11/03/2020", dayfirst=True).edtf == "2020-03-11"
    assert read("11/03/2020").edtf == "2020-11-03"


def test_relative_days_cross_boundaries() -> None:
    assert parse_date("yesterday", reference=dt.date(2021, 1, 1)).edtf == "2020-12-31"
    assert parse_date("tomorrow", reference=dt.date(2020, 2, 28)).edtf == "2020-02-29"


def test_today_defaults_to_the_real_today() -> None:
    before = dt.date.today()
    value = parse_date("today")
    after = dt.date.today()
    assert value.edtf in {before.isoformat(), after.isoformat()}


ERRORS: list[tuple[str, str]] = [
    ("", "no date was given"),
    ("   ", "no date was given"),
    ("Marhc 2021", '"Marhc" is not a month'),
    ("Marhc – May 2021", '"Marhc" is not a month'),
    ("may", "it has no year"),
    ("Nov 3", "it has no year"),
    ("the meeting", '"meeting" is not a month'),
    ("3 March 44", "write the year in full"),
    ("44", "too short for a year"),
    ("the 90s", "write the decade in full"),
    ("1900s", "could be a decade or a century"),
    ("1995s", "not a decade"),
    ("Monday, November 3, 2020", "was a Tuesday, not a Monday"),
    ("2020-13", "no month 13"),
    ("Feb 30 2021", "does not exist"),
    ("3 Nov 2020 14:30 EST", '"EST" is not a month'),
    ("16:00", "a time but no date"),
    ("2021 – 2017", "ends before it starts"),
    ("0 BC", "no year 0"),
    ("AD 44 BC", "not both"),
    ("3 Nov 2020 14:30:00.5", "fractions of a second"),
    ("open – unknown", "at least one date"),
    ("early 1990s", "plain year or month"),
    ("a day in 1990s", "plain year or month"),
    ("101st century", "cannot be written"),
    ("Mar 12000", "only for years"),
    ("March 2021 14:30", "a time but no day"),
    ("c. 3 Nov 2020 14:30", "cannot be marked approximate"),
]


@pytest.mark.parametrize(("text", "why"), ERRORS)
def test_errors_say_what_was_not_understood(text: str, why: str) -> None:
    with pytest.raises(DateError) as caught:
        read(text)
    message = str(caught.value)
    assert why in message
    assert "\n" not in message
    if text.strip():
        assert message.startswith(f'could not understand "{text.strip()}" as a date')


# ---------------------------------------------------------------------------------------
# How it is shown

SHOWN: list[tuple[str, str, str]] = [
    ("2021", "2021", "2021"),
    ("2020-11", "Nov 2020", "November 2020"),
    ("2020-11-03", "3 Nov 2020", "3 November 2020"),
    ("2021-03~", "c. Mar 2021", "c. March 2021"),
    ("2024-04?", "Apr 2024?", "April 2024?"),
    ("2024-04%", "c. Apr 2024?", "c. April 2024?"),
    ("2017/2021", "2017–2021", "2017–2021"),
    ("2021-03/2021-05", "Mar–May 2021", "March–May 2021"),
    ("2021-03-03/2021-03-05", "3–5 Mar 2021", "3–5 March 2021"),
    ("2021-03-03/2021-04-05", "3 Mar – 5 Apr 2021", "3 March – 5 April 2021"),
    ("2017-01-20/2021-01-20", "20 Jan 2017 – 20 Jan 2021", "20 January 2017 – 20 January 2021"),
    ("-0043", "44 BC", "44 BC"),
    ("0000", "1 BC", "1 BC"),
    ("0044", "AD 44", "AD 44"),
    ("-0043-03-15", "15 Mar 44 BC", "15 March 44 BC"),
    ("199X", "1990s", "1990s"),
    ("190X", "1900s (decade)", "1900s (decade)"),
    ("18XX", "19th century", "19th century"),
    ("-00XX", "1st century BC", "1st century BC"),
    ("1XXX", "2nd millennium", "2nd millennium"),
    ("2021-21", "Spring 2021", "Spring 2021"),
    ("2021-24", "Winter 2021", "Winter 2021"),
    ("2020-11-03T14:30", "3 Nov 2020 14:30", "3 November 2020 14:30"),
    ("2020-11-03T14:30:05Z", "3 Nov 2020 14:30:05 UTC", "3 November 2020 14:30:05 UTC"),
    ("2020-11-03T14:30+02:00", "3 Nov 2020 14:30 +02:00", "3 November 2020 14:30 +02:00"),
    ("2019-01~/2019-04~", "early 2019", "early 2019"),
    ("2021-03-21~/2021-03-31~", "late Mar 2021", "late March 2021"),
    ("2004~/2006?", "c. 2004 – 2006?", "c. 2004 – 2006?"),
    ("2019/..", "2019 – open", "2019 – open"),
    ("/2020", "unknown – 2020", "unknown – 2020"),
    ("2020-11-XX", "a day in Nov 2020", "a day in November 2020"),
    ("Y170000002", "170000002", "170000002"),
    ("-004X", "-004X", "-004X"),
]


@pytest.mark.parametrize(("edtf", "short", "long"), SHOWN)
def test_format(edtf: str, short: str, long: str) -> None:
    assert format_date(edtf) == short
    assert format_date(parse_edtf(edtf), style="long") == long
    assert read(short).edtf == edtf
    assert read(long).edtf == edtf


def test_format_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match="style"):
        format_date("2021", style="fancy")


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2020-11", "month: November 2020 (1 Nov 2020 – 30 Nov 2020)"),
        ("1850~", "approximate year: c. 1850 (1 Jan 1850 – 31 Dec 1850)"),
        ("2024-04%", "approximate and uncertain month: c. April 2024? (1 Apr 2024 – 30 Apr 2024)"),
        ("2020-11-03", "day: 3 November 2020 (3 Nov 2020)"),
        ("2021-24", "season: Winter 2021 (1 Dec 2021 – 28 Feb 2022)"),
        ("18XX", "century: 19th century (1 Jan 1800 – 31 Dec 1899)"),
        ("2020-11-03T14:30+02:00", "(3 Nov 2020 12:30:00 – 12:30:59 UTC)"),
        ("2017/2021", "interval of years: 2017–2021 (1 Jan 2017 – 31 Dec 2021)"),
        ("2019/..", "the end is open"),
        ("/2020", "the start is unknown"),
    ],
)
def test_describe(edtf: str, expected: str) -> None:
    text = describe(parse_edtf(edtf))
    assert expected in text
    assert "\n" not in text


# ---------------------------------------------------------------------------------------
# Properties: generated dates of every kind show and read back unchanged.

QUALIFIERS = st.sampled_from(["", "~", "?", "%"])
KINDS = [
    "year",
    "long",
    "month",
    "day",
    "season",
    "decade",
    "century",
    "millennium",
    "xmonth",
    "xday",
    "monthxday",
    "minute",
    "second",
]


def year_text(y: int) -> str:
    return f"-{-y:04d}" if y < 0 else f"{y:04d}"


@st.composite
def single(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(KINDS))
    q = draw(QUALIFIERS)
    y = draw(st.one_of(st.integers(-9999, 9999), st.integers(1900, 2100)))
    month = draw(st.integers(1, 12))
    if kind == "long":
        return f"Y{draw(st.sampled_from([-1, 1])) * draw(st.integers(10_000, 10**12))}{q}", "year"
    if kind in ("decade", "century", "millennium"):
        xs = {"decade": 1, "century": 2, "millennium": 3}[kind]
        text = f"{draw(st.integers(0, 10 ** (4 - xs) - 1)):0{4 - xs}d}" + "X" * xs
        return ("-" if draw(st.booleans()) else "") + text + q, kind
    base = year_text(y)
    simple = {
        "year": (base, "year"),
        "xmonth": (f"{base}-XX", "year"),
        "xday": (f"{base}-XX-XX", "year"),
        "month": (f"{base}-{month:02d}", "month"),
        "monthxday": (f"{base}-{month:02d}-XX", "month"),
        "season": (f"{base}-{draw(st.integers(21, 24))}", "season"),
    }
    if kind in simple:
        text, precision = simple[kind]
        return text + q, precision
    text = f"{base}-{month:02d}-{draw(st.integers(1, days_in_month(y, month))):02d}"
    if kind == "day":
        return text + q, "day"
    text += f"T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if kind == "second":
        text += f":{draw(st.integers(0, 59)):02d}"
    return text + draw(st.sampled_from(["", "Z", "+02:00", "-05:30", "+00:00"])), kind


@st.composite
def same_year_interval(draw: st.DrawFn) -> tuple[str, str]:
    """Ends that share a year (or a day), the cases format_date writes compactly."""
    y = draw(st.integers(-500, 2100))
    base = year_text(y)
    q = draw(st.sampled_from(["", "", "~"]))
    m1, m2 = sorted(draw(st.lists(st.integers(1, 12), min_size=2, max_size=2)))
    kind = draw(st.sampled_from(["month", "day", "minute"]))
    if kind == "month":
        return f"{base}-{m1:02d}{q}/{base}-{m2:02d}{q}", "month"
    d1 = draw(st.integers(1, days_in_month(y, m1)))
    d2 = draw(st.integers(1, days_in_month(y, m2)))
    if m1 == m2:
        d1, d2 = sorted((d1, d2))
    if kind == "day":
        return f"{base}-{m1:02d}-{d1:02d}{q}/{base}-{m2:02d}-{d2:02d}{q}", "day"
    h1, h2 = sorted(draw(st.lists(st.integers(0, 23), min_size=2, max_size=2)))
    zone = draw(st.sampled_from(["", "Z", "+01:00"]))
    day = f"{base}-{m1:02d}-{d1:02d}"
    return f"{day}T{h1:02d}:15{zone}/{day}T{h2:02d}:45{zone}", "minute"


@st.composite
def any_interval(draw: st.DrawFn) -> tuple[str, str]:
    a, pa = draw(single())
    if draw(st.booleans()):
        other = draw(st.sampled_from(["", ".."]))
        return (f"{a}/{other}", pa) if draw(st.booleans()) else (f"{other}/{a}", pa)
    b, pb = draw(single())
    if parse_edtf(b).earliest < parse_edtf(a).earliest:
        a, b = b, a
    return f"{a}/{b}", min(pa, pb, key=RANK.__getitem__)


ANY_DATE = st.one_of(single(), any_interval(), same_year_interval())


@settings(max_examples=250, deadline=None)
@given(ANY_DATE)
def test_shown_dates_read_back_unchanged(case: tuple[str, str]) -> None:
    text, precision = case
    v = parse_edtf(text)
    assert parse_edtf(v.edtf) == v
    assert v.precision == precision
    assert v.earliest < v.latest
    for style in ("short", "long"):
        shown = format_date(v, style=style)
        assert shown and "\n" not in shown
        assert read(shown) == v, shown


@settings(max_examples=150, deadline=None)
@given(ANY_DATE)
def test_edtf_is_accepted_as_typed(case: tuple[str, str]) -> None:
    text, _ = case
    assert read(text) == parse_edtf(text)
    assert describe(read(text)).startswith(("approximate", "uncertain", "interval", *PRECISIONS))


def test_importing_does_not_load_the_free_form_reader() -> None:
    # Opening a project reads EDTF only; the free-form reader loads when a person types.
    code = "import sys, citeline.core.dates; print('dateutil.parser' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
