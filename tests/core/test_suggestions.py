"""Suggested dates as a user sees them: one suggestion per range, meanings in words,
no vague adjectives, and items made from a passage take the whole interval."""

from __future__ import annotations

import pytest

from citeline.core import items
from citeline.core.excerpts import date_for_excerpt
from citeline.core.sources import read_source_bytes
from citeline.core.store import Store
from citeline.core.suggestions import (
    Suggestion,
    duration_meaning,
    edtf_meaning,
    suggest,
    value_meaning,
)

PUBLISHED = "2018-03-05"
ISSUE_TEXT = (
    "The first round of consultations will be held in Honolulu, March 7-9. The current SMA"
    " expires on December 31, 2018. A second round is expected in April. Talks ran from"
    " 2001 to 2009 and between May and July 2021."
)


def by_text(text: str, published: str | None = PUBLISHED) -> dict[str, Suggestion]:
    return {s.text: s for s in suggest(text, published)}


def test_the_issue_text_as_a_user_sees_it() -> None:
    found = by_text(ISSUE_TEXT)
    assert list(found) == [
        "March 7-9",
        "December 31, 2018",
        "April",
        "from 2001 to 2009",
        "between May and July 2021",
    ]
    march = found["March 7-9"]
    assert (march.edtf, march.display) == ("2018-03-07/2018-03-09", "from 7 to 9 March 2018")
    assert march.value == "2018-03-07/2018-03-09"
    assert found["from 2001 to 2009"].display == "from 2001 to 2009"
    assert found["between May and July 2021"].display == "from May to July 2021"
    assert found["between May and July 2021"].edtf == "2021-05/2021-07"
    assert "from 7 to 9 March 2018" in march.explanation


@pytest.mark.parametrize(
    ("text", "phrase", "meaning"),
    [
        ("They met 7\u20139 March.", "7\u20139 March", "from 7 to 9 March 2018"),
        ("They met Nov. 7-8.", "Nov. 7-8", "from 7 to 8 November 2017"),
        ("They met March 7 to 9.", "March 7 to 9", "from 7 to 9 March 2018"),
        ("Sales 2017\u20132021.", "2017\u20132021", "from 2017 to 2021"),
        ("It ran from mid-2019 to early 2020.", "from mid-2019 to early 2020",
         "from about May 2019 to about April 2020"),
        ("Prices fell in the 1990s.", "the 1990s", "the 1990s, from 1990 to 1999"),
        ("It snowed in the winter of 2021-22.", "the winter of 2021-22",
         "winter 2021\u201322, from December 2021 to February 2022"),
        ("We meet from next Monday to Friday.", "from next Monday to Friday",
         "from 12 to 16 March 2018"),
        ("It ran from Dec. 30 to Jan. 2, 2019.", "from Dec. 30 to Jan. 2, 2019",
         "from 30 December 2018 to 2 January 2019"),
    ],
)  # fmt: skip
def test_ranges_say_from_and_to(text: str, phrase: str, meaning: str) -> None:
    assert by_text(text)[phrase].display == meaning


@pytest.mark.parametrize(
    "text",
    [
        "The current SMA expires soon.",
        "It was recently decided.",
        "A second round is expected.",
        "The second time he came.",
        "On one second thought, he left.",
        "Now, he said, it is over.",
        "Until recently nobody knew. The future is open.",
    ],
)
def test_false_alarms_are_not_suggested(text: str) -> None:
    assert suggest(text, PUBLISHED) == []


def test_now_is_the_time_of_writing_only_in_a_dated_text() -> None:
    (now,) = suggest("Iraq now controls the port.", PUBLISHED)
    assert (now.text, now.edtf, now.display) == ("now", None, "the time of writing")
    assert now.explanation.endswith("(from document date 2018-03-05)")
    assert suggest("Iraq now controls the port.", None) == []


@pytest.mark.parametrize(
    ("type_", "value", "mod", "meaning"),
    [
        ("DURATION", "PT1S", None, "one second"),
        ("DURATION", "P17M", None, "17 months"),
        ("DURATION", "P1Y6M", None, "one year and six months"),
        ("DURATION", "PT1M30S", None, "one minute and 30 seconds"),
        ("DURATION", "PXY", None, "some years"),
        ("DURATION", "P1M", "LESS_THAN", "less than one month"),
        ("DURATION", "P2W", "APPROX", "about two weeks"),
        ("SET", "P1W", None, "every week"),
        ("SET", "P2W", None, "every two weeks"),
        ("SET", "PT1H", None, "every hour"),
        ("SET", "P3M", None, "every three months"),
        ("SET", "XXXX-WXX-4", None, "every Thursday"),
        ("SET", "XXXX-WXX-2TNI", None, "every Tuesday night"),
        ("SET", "XXXX-03", None, "every March"),
        ("SET", "XXXX-WI", None, "every winter"),
        ("DATE", "PRESENT_REF", None, "the time of writing"),
        ("DATE", "PAST_REF", None, "some time in the past"),
        ("DATE", "FUTURE_REF", None, "some time in the future"),
        ("DATE", "XXXX-WXX-2", None, "a Tuesday (no date to place it)"),
        ("DATE", "XXXX-11", None, "November of a year the text does not give"),
        ("TIME", "T10:00", None, "10:00 on a day the text does not give"),
        ("DATE", "XXXX", None, "a time the text does not place"),
    ],
)
def test_meanings_never_show_a_code(type_: str, value: str, mod: str | None, meaning: str) -> None:
    said = value_meaning(type_, value, mod)
    assert said == meaning
    assert value not in said


def test_duration_meaning_refuses_what_is_not_a_duration() -> None:
    assert duration_meaning("2018-03") is None
    assert duration_meaning("P") is None


def test_edtf_meanings() -> None:
    assert edtf_meaning("2001/2009") == "from 2001 to 2009"
    assert edtf_meaning("2018-03-07/2018-03-09") == "from 7 to 9 March 2018"
    assert edtf_meaning("2020-12/2021-03") == "from December 2020 to March 2021"
    assert edtf_meaning("2024-04~") == "about April 2024"
    assert edtf_meaning("1998-03-16/1998-03-22") == "from 16 to 22 March 1998"


def test_suggestions_from_the_finder_never_show_a_code() -> None:
    text = (
        "Every week, and daily, for a second and 17 months. Tuesdays. He came on Tuesday."
        " It is quarterly. Wait a second."
    )
    for published in (PUBLISHED, None):
        for s in suggest(text, published):
            assert s.value not in s.display, s
            assert not any(code in s.display for code in ("PT", "XXXX", "_REF", "P1"))


def _store_with(text: str) -> tuple[Store, int, str]:
    store = Store.memory()
    header = f"Date: {PUBLISHED}\n\n"
    edit, source_id = items.add_source(store, read_source_bytes((header + text).encode(), "a.txt"))
    store.apply(edit)
    return store, source_id, store.rows("sources")[0]["text"]


def test_an_item_from_a_passage_takes_the_whole_interval() -> None:
    # Ctrl+E (an event from the selection) prefills the date found in the passage.
    store, sid, body = _store_with(ISSUE_TEXT)
    first = (0, body.index("March 7-9.") + len("March 7-9."))
    date, provenance = date_for_excerpt(store, sid, body, first)
    assert date == "2018-03-07/2018-03-09"
    assert provenance is not None and provenance["expression"] == "March 7-9"
    talks = body.index("Talks")
    date, provenance = date_for_excerpt(store, sid, body, (talks, len(body)))
    assert date == "2001/2009"
    assert provenance is not None and provenance["expression"] == "from 2001 to 2009"
    # Selected without its "from", the range still counts.
    start = body.index("2001")
    date, _ = date_for_excerpt(store, sid, body, (start, start + len("2001 to 2009")))
    assert date == "2001/2009"


def test_an_era_range_in_words() -> None:
    (s,) = suggest("It was built from 500 to 300 BC.", PUBLISHED)
    assert (s.edtf, s.display) == ("-0499/-0299", "from 500 to 300 BC")


def test_times_on_one_day() -> None:
    (s,) = suggest("Polls are open from 7 a.m. to 8 p.m.", PUBLISHED)
    assert s.edtf == "2018-03-05T07:00:00/2018-03-05T20:00:00"
    assert s.display == "5 March 2018, from 07:00 to 20:00"
    (s,) = suggest("The meeting ran from 10 a.m. to 2 p.m. on Friday.", PUBLISHED)
    assert s.edtf == "2018-03-02T10:00:00/2018-03-02T14:00:00"  # the bare start takes Friday
    (s,) = suggest("It starts at 9 a.m.", PUBLISHED)
    assert s.display == "5 March 2018 09:00"
