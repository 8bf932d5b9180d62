"""The date finder on ranges, spans and false alarms: one interval per range, the year,
month and week carried across it, and no time read into ordinals or vague adjectives."""

from __future__ import annotations

import datetime

import pytest

from citeline.core.dates import parse_date
from citeline.core.timex import Mention, extract

DCT = datetime.date(2018, 3, 5)  # a Monday
ISSUE_TEXT = (
    "The first round of consultations will be held in Honolulu, March 7-9. The current SMA"
    " expires on December 31, 2018. A second round is expected in April. Talks ran from"
    " 2001 to 2009 and between May and July 2021."
)


def ranged(text: str, date: datetime.date | None = DCT) -> list[Mention]:
    return [m for m in extract(text, date) if m.interval is not None]


def interval_of(text: str, phrase: str, date: datetime.date | None = DCT) -> tuple[str, str]:
    """(interval text, interval EDTF) of the range ``phrase`` in ``text``."""
    found = {(m.interval.text, m.interval.edtf) for m in ranged(text, date) if m.interval}
    hits = [f for f in found if f[0] == phrase]
    assert hits, f"{phrase!r} not a range in {sorted(found)}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "phrase", "edtf"),
    [
        ("Talks will be held in Honolulu, March 7-9.", "March 7-9", "2018-03-07/2018-03-09"),
        ("Talks will be held March 7 to 9.", "March 7 to 9", "2018-03-07/2018-03-09"),
        ("Talks will be held 7\u20139 March.", "7\u20139 March", "2018-03-07/2018-03-09"),
        ("Talks will be held 7-9 March.", "7-9 March", "2018-03-07/2018-03-09"),
        ("They met from 7 to 9 March.", "from 7 to 9 March", "2018-03-07/2018-03-09"),
        ("They met on Nov. 7-8.", "Nov. 7-8", "2017-11-07/2017-11-08"),
        ("It was held March 7-9, 2016.", "March 7-9, 2016", "2016-03-07/2016-03-09"),
        ("Talks ran from 2001 to 2009.", "from 2001 to 2009", "2001/2009"),
        ("Sales grew 2017\u20132021.", "2017\u20132021", "2017/2021"),
        ("Sales grew in 2017-2021.", "2017-2021", "2017/2021"),
        ("The 1997-98 season.", "1997-98", "1997/1998"),
        ("Talks ran between May and July 2021.", "between May and July 2021", "2021-05/2021-07"),
        ("It ran from November to February 2021.", "from November to February 2021",
         "2020-11/2021-02"),
        ("It rose from December 2020 to March.", "from December 2020 to March",
         "2020-12/2021-03"),
        ("It rose from mid-2019 to early 2020.", "from mid-2019 to early 2020",
         "2019-05~/2020-04~"),
        ("We will meet from next Monday to Friday.", "from next Monday to Friday",
         "2018-03-12/2018-03-16"),
        ("Open from Sept. 14 to Oct. 2, 1989.", "from Sept. 14 to Oct. 2, 1989",
         "1989-09-14/1989-10-02"),
        ("He will stay between now and Feb. 10.", "between now and Feb. 10",
         "2018-03-05/2019-02-10"),
        ("He will stay between now and April 10.", "between now and April 10",
         "2018-03-05/2018-04-10"),
    ],
)  # fmt: skip
def test_ranges_are_one_interval(text: str, phrase: str, edtf: str) -> None:
    assert interval_of(text, phrase) == (phrase, edtf)


def test_the_issue_text() -> None:
    found = extract(ISSUE_TEXT, DCT)
    intervals = {m.interval.text: m.interval.edtf for m in found if m.interval}
    assert intervals == {
        "March 7-9": "2018-03-07/2018-03-09",
        "from 2001 to 2009": "2001/2009",
        "between May and July 2021": "2021-05/2021-07",
    }
    texts = [m.text for m in found]
    assert "A second" not in texts and "a second" not in [t.lower() for t in texts]
    may = next(m for m in found if m.text == "May")
    assert (may.value, may.edtf, may.anchor) == ("2021-05", "2021-05", None)


def test_both_ends_stay_timex_mentions_with_their_own_values() -> None:
    # The corpora annotate each end of a range as its own TIMEX3 ("from 1991 to 1997"
    # is two DATEs, "April 24 and 25" gives "25"), so the scores keep counting them.
    found = extract("Talks ran from 1991 to 1997 in Honolulu, March 7-9, 2016.", DCT)
    rows = [(m.text, m.type, m.value) for m in found]
    assert rows == [
        ("1991", "DATE", "1991"),
        ("1997", "DATE", "1997"),
        ("March 7", "DATE", "2016-03-07"),
        ("9, 2016", "DATE", "2016-03-09"),
    ]
    assert found[0].interval == found[1].interval
    assert found[2].interval is not None and found[2].interval.text == "March 7-9, 2016"


def test_a_list_carries_the_year_but_is_no_range() -> None:
    found = extract("It happened on April 24 and 25, and in May and July 2021.", DCT)
    values = {m.text: m.value for m in found}
    assert values["25"] == "2018-04-25"
    assert values["May"] == "2021-05"
    assert all(m.interval is None for m in found)


def test_the_finder_agrees_with_the_typed_date_reader() -> None:
    for typed, written in [
        ("March 7-9, 2018", "They met March 7-9, 2018."),
        ("7\u20139 March 2018", "They met 7\u20139 March 2018."),
        ("from 2001 to 2009", "It ran from 2001 to 2009."),
        ("between May and July 2021", "It ran between May and July 2021."),
        ("mid-2019 to early 2020", "It ran mid-2019 to early 2020."),
        ("2017\u20132021", "It ran 2017\u20132021."),
    ]:
        found = ranged(written)
        assert found and found[0].interval is not None
        assert found[0].interval.edtf == parse_date(typed).edtf, typed


def test_decades_and_winters_across_the_new_year() -> None:
    (decade,) = extract("Prices fell in the 1990s.", DCT)
    assert (decade.text, decade.value, decade.edtf) == ("the 1990s", "199X", "199X")
    (winter,) = extract("It snowed in the winter of 2021-22.", DCT)
    assert (winter.text, winter.value, winter.edtf) == (
        "the winter of 2021-22",
        "2021-WI",
        "2021-24",
    )
    # Not a winter across the new year: the second number is left alone.
    (other,) = extract("It snowed in the winter of 2021-25.", DCT)
    assert other.text == "the winter of 2021"


def test_without_a_document_date_a_range_needs_its_year() -> None:
    assert ranged("Talks will be held March 7-9.", None) == []
    found = ranged("Talks were held March 7-9, 2016.", None)
    assert [m.value for m in found] == ["2016-03-07", "2016-03-09"]


@pytest.mark.parametrize(
    "text",
    [
        "He scored March 7 to 9 percent.",  # an amount after "to", not a day
        "Shares rose 1,990-2,000 points.",
        "On Friday to December's figures were revised.",  # a possessive is no range end
        "It grew by 5 to 9 percent in 2001.",
        "They met in 1990, 1995 and 1997.",  # a list, not a range
    ],
)
def test_no_range_where_there_is_none(text: str) -> None:
    assert [m.interval for m in extract(text, DCT) if m.interval is not None] == []


def test_a_day_number_that_is_an_amount_is_not_a_second_end() -> None:
    found = extract("On March 7 to 9 percent of voters, at 3-4 p.m.", DCT)
    assert [m.text for m in found if m.text.startswith("9")] == []


def test_ranges_that_end_before_they_start_make_no_interval() -> None:
    found = extract("From 2009 to 2001 nothing happened.", DCT)
    assert [m.value for m in found] == ["2009", "2001"]
    assert all(m.interval is None for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "A second round is expected in April.",
        "The second time he came, he stayed.",
        "On one second thought, he left.",
        "It was a second attempt.",
        "Since 2018. A second look at the deal.",
    ],
)
def test_ordinals_are_not_seconds(text: str) -> None:
    assert [
        m.value for m in extract(text, DCT) if "S" in m.value and m.value.startswith("PT")
    ] == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("He paused for a second, then spoke.", "a second", "PT1S"),
        ("Wait a second.", "a second", "PT1S"),
        ("It costs $5 a year.", "a year", "P1Y"),
    ],
)
def test_real_seconds_and_amounts_stay(text: str, phrase: str, value: str) -> None:
    assert {m.text: m.value for m in extract(text, DCT)}[phrase] == value


def test_a_sentence_starting_with_a_is_no_amount() -> None:
    (m,) = [m for m in extract("Profit was $5. A year is long.", DCT) if m.text == "A year"]
    assert (m.type, m.value) == ("DURATION", "P1Y")


def test_interval_in_json() -> None:
    (a, b) = ranged("Talks ran from 2001 to 2009.")
    row = a.to_json()
    assert row["interval"] == {
        "start": 10,
        "end": 27,
        "text": "from 2001 to 2009",
        "edtf": "2001/2009",
    }
    assert b.to_json()["interval"] == row["interval"]


# -- the year of a month or day without one --------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "date", "value"),
    [
        # more than half a year ahead with no tense to go by: last year's
        ("Properties worth a hundred million dollars in October are worth half that now.",
         "October", datetime.date(1998, 1, 8), "1997-10"),
        # "would" looks ahead for months as "will" does
        ("The split would be paid on a date in January to holders.", "January",
         datetime.date(1989, 10, 26), "1990-01"),
        # a dividend payable on a day is a day ahead, even after a past cue
        ("It reduced the dividend, payable Jan. 2 to holders of record.", "Jan. 2",
         datetime.date(1989, 11, 2), "1990-01-02"),
    ],
)  # fmt: skip
def test_year_of_months_and_days(text: str, phrase: str, date: datetime.date, value: str) -> None:
    assert {m.text: m.value for m in extract(text, date)}[phrase] == value


@pytest.mark.parametrize(
    ("text", "phrase", "type_", "value"),
    [
        ("They gather daily outside the house.", "daily", "SET", "P1D"),
        ("It has become a daily public rally.", "daily", "SET", "P1D"),
        ("He said in his weekly radio address.", "weekly", "SET", "P1W"),
        ("Evidence in the October slaying grew.", "October", "DATE", "1997-10"),
        ("Dealers placed orders Friday. They bought in the morning.", "the morning", "TIME",
         "1998-03-13TMO"),
        ("By mid afternoon, officials said it was over.", "mid afternoon", "TIME",
         "1998-03-18TAF"),
        ("In London at mid-afternoon yesterday, shares fell.", "mid-afternoon yesterday",
         "TIME", "1998-03-17TAF"),
    ],
)  # fmt: skip
def test_recurrence_adjectives_months_and_parts_of_day(
    text: str, phrase: str, type_: str, value: str
) -> None:
    found = {m.text: (m.type, m.value) for m in extract(text, datetime.date(1998, 3, 18))}
    assert found[phrase] == (type_, value)


@pytest.mark.parametrize(
    "text",
    [
        "The quarterly dividend was raised.",  # a report or payment name, not a time
        "The March for Life went ahead.",
        "We watched the evening news.",
        "Good morning, he said.",
    ],
)
def test_not_times(text: str) -> None:
    assert extract(text, datetime.date(1998, 3, 18)) == []


def test_a_month_approached_lies_ahead() -> None:
    text = "Biden wants a success story as we approach November."
    assert {m.text: m.value for m in extract(text, datetime.date(2024, 3, 14))}["November"] == (
        "2024-11"
    )


@pytest.mark.parametrize(
    ("text", "phrase", "type_", "value"),
    [
        ("But a minute and a half later, a pilot calls in.", "a minute and a half", "DURATION",
         "PT1M30S"),
        ("Prices rose months ago.", "months ago", "DURATION", "PXM"),
        ("Sales may slow in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        ("It will be paid at a later date.", "a later date", "DATE", "FUTURE_REF"),
        ("Orders rose from the low levels of the early summer.", "the early summer", "DATE",
         "1998-SU"),
    ],
)  # fmt: skip
def test_vague_spans_and_halves(text: str, phrase: str, type_: str, value: str) -> None:
    found = {m.text: (m.type, m.value) for m in extract(text, datetime.date(1998, 10, 18))}
    assert found[phrase] == (type_, value)


@pytest.mark.parametrize(
    ("text", "phrase", "type_", "value"),
    [
        ("Holders may buy at 50% of the then current market price.", "current", "DATE",
         "PAST_REF"),
        ("Shares closed Friday. The index fell 4% from the previous Friday.",
         "the previous Friday", "DATE", "1989-10-20"),
        ("At this crucial moment, he said, we stand together.", "moment", "DATE",
         "PRESENT_REF"),
        ("The post-1959 politics split families.", "1959", "DATE", "1959"),
        ("Over the years many more patients came.", "the years", "DURATION", "PXY"),
        ("They left their third day-long meeting.", "day-long", "DURATION", "P1D"),
        ("It was a decades-long battle.", "decades-long", "DURATION", "PXE"),
    ],
)  # fmt: skip
def test_more_readings(text: str, phrase: str, type_: str, value: str) -> None:
    found = {m.text: (m.type, m.value) for m in extract(text, datetime.date(1989, 10, 30))}
    assert found[phrase] == (type_, value)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("For the people of Poland, high noon comes today.", "noon"),
        ("He was arrested in the early hours of Thursday morning.", "the early hours"),
        ("Now, he says, it looks different.", "Now"),
        ("In the days before the slaying, his car was seen.", "the days"),
        ("We are looking for a moment of calm.", "moment"),
    ],
)
def test_more_non_times(text: str, absent: str) -> None:
    assert absent not in [m.text for m in extract(text, datetime.date(1989, 10, 30))]


def test_eras_and_the_era_carried_across_a_range() -> None:
    found = extract("Caesar died in 44 BC; Rome fell in 476 AD; AD 14 ended it.", DCT)
    assert [(m.text, m.value, m.edtf) for m in found] == [
        ("44 BC", "BC0044", "-0043"),
        ("476 AD", "0476", "0476"),
        ("AD 14", "0014", "0014"),
    ]
    assert interval_of("It was built from 500 to 300 BC.", "from 500 to 300 BC") == (
        "from 500 to 300 BC",
        "-0499/-0299",
    )
    assert interval_of("It was built 500-300 BC.", "500-300 BC")[1] == "-0499/-0299"
    assert interval_of("Between 44 BC and AD 14 it grew.", "Between 44 BC and AD 14")[1] == (
        "-0043/0014"
    )
    assert extract("He ran an ad 5 times, in 300 ad copies.", DCT) == []
