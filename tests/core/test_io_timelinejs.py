"""TimelineJS3 JSON: export with honest date precision, import of files as people write them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citeline.core import catalog, errors, queries
from citeline.core.calendar import instant
from citeline.core.dates import format_date
from citeline.core.edtf import parse_edtf
from citeline.core.importing import read_file
from citeline.core.io import export
from citeline.core.io.timelinejs import dates
from citeline.core.sample import build_sample
from citeline.core.schema import TABLES
from citeline.core.store import Store

# A file as a person writes it by hand: numbers and strings mixed, HTML in the text,
# groups, eras, BC and far-future years, a time to the millisecond, media of all kinds.
HAND_WRITTEN: dict[str, Any] = {
    "title": {
        "media": {"url": "https://example.org/cover.jpg"},
        "text": {"headline": "Cost <i>sharing</i>", "text": "<p>A history &amp; a test</p>"},
    },
    "events": [
        {
            "start_date": {"year": "2020", "month": "11", "day": "3"},
            "text": {
                "headline": "Election <b>day</b>",
                "text": "<p>Votes counted.<script>alert('x')</script></p><style>p{}</style>",
            },
            "group": "US politics",
            "unique_id": "election",
        },
        {
            "start_date": {"year": 2021, "month": 3},
            "display_date": "c. March 2021",
            "text": {"headline": "Deal signed"},
            "group": "Negotiations",
            "media": {
                "url": "https://example.org/deal.pdf",
                "caption": "The <em>text</em>",
                "credit": "Agency",
            },
        },
        {
            "start_date": {"year": -500},
            "end_date": {"year": "-400"},
            "text": {"headline": "Antiquity", "text": ""},
            "group": "US politics",
        },
        {"start_date": {"year": 100000}, "text": {"headline": "Far future"}},
        {
            "start_date": {
                "year": 2024,
                "month": 3,
                "day": 14,
                "hour": 9,
                "minute": 30,
                "second": 5,
                "millisecond": 250,
            },
            "text": {"headline": "Statement issued"},
        },
        {
            "start_date": {"year": 2024, "month": 4, "day": "", "hour": ""},
            "display_date": "April 2024?",
            "text": {"text": "<p>No headline, only text</p>"},
            "media": {"url": "<blockquote>Best to stay</blockquote>", "credit": "Ahn"},
        },
        {
            "start_date": {"year": 2019},
            "text": {"headline": "Bad link"},
            "media": {"url": "javascript:alert(1)"},
        },
    ],
    "eras": [
        {
            "start_date": {"year": 2017, "month": 1, "day": 20},
            "end_date": {"year": 2021, "month": 1, "day": 20},
            "text": {"headline": "Trump <b>years</b>"},
        }
    ],
}


def write(tmp_path: Path, doc: Any, name: str = "timeline.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def imported(tmp_path: Path, doc: Any) -> tuple[Store, str]:
    store = Store.memory()
    edit, summary = read_file(store, write(tmp_path, doc))
    store.apply(edit)
    return store, summary


def test_export_splits_dates_only_down_to_their_precision() -> None:
    assert dates(parse_edtf("2020")) == {"start_date": {"year": 2020}}
    assert dates(parse_edtf("2020-11")) == {"start_date": {"year": 2020, "month": 11}}
    assert dates(parse_edtf("2020-11-03T14:30:15Z"))["start_date"] == {
        "year": 2020,
        "month": 11,
        "day": 3,
        "hour": 14,
        "minute": 30,
        "second": 15,
    }
    approx = dates(parse_edtf("2021-03~"))
    assert approx["start_date"] == {"year": 2021, "month": 3}
    assert approx["display_date"] == format_date(parse_edtf("2021-03~"))
    assert dates(parse_edtf("2024-04?"))["display_date"].endswith("?")
    decade = dates(parse_edtf("201X"))
    assert (decade["start_date"], decade["end_date"]) == ({"year": 2010}, {"year": 2019})
    interval = dates(parse_edtf("2017-01-20/2021-01"))
    assert interval["end_date"] == {"year": 2021, "month": 1}
    assert dates(parse_edtf("-0500"))["start_date"] == {"year": -500}


def test_sample_exports_as_a_valid_timelinejs3_document() -> None:
    store = Store.memory()
    build_sample(store)
    doc = json.loads(export(store, "timelinejs"))
    assert doc["title"]["text"]["headline"]
    slides = doc["events"]
    assert len(slides) == store.count("events") + store.count("quotes")
    assert len({s["unique_id"] for s in slides}) == len(slides)
    lanes = {lane.name for lane in queries.lanes(store)}
    for slide in slides:
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["group"] in lanes
        assert "<blockquote>" in slide["text"]["text"]  # every sample item cites a passage
    quotes = [s for s in slides if s["unique_id"].startswith("quote-")]
    assert quotes and all(s["media"]["url"].startswith("<blockquote>") for s in quotes)
    assert all(s["media"]["credit"] for s in quotes)
    assert {e["text"]["headline"] for e in doc["eras"]} == {e.name for e in queries.eras(store)}
    assert all("end_date" in e for e in doc["eras"])


def test_hand_written_file_imports_with_everything_kept_safely(tmp_path: Path) -> None:
    store, summary = imported(tmp_path, HAND_WRITTEN)
    assert "7 events" in summary and "1 era" in summary and "media" in summary
    events = {e["title"]: e for e in store.rows("events")}
    election = events["Election day"]
    assert election["date_edtf"] == "2020-11-03"
    assert election["description"] == "Votes counted."  # script and style content dropped
    assert events["Deal signed"]["date_edtf"] == "2021-03~"
    assert "https://example.org/deal.pdf" in events["Deal signed"]["description"]
    assert "The text" in events["Deal signed"]["description"]
    antiquity = events["Antiquity"]
    assert antiquity["date_edtf"] == "-0500/-0400"
    assert antiquity["date_earliest"] == instant(-500)
    assert events["Far future"]["date_edtf"] == "Y100000"
    statement = events["Statement issued"]
    assert statement["date_edtf"] == "2024-03-14T09:30:05"
    assert json.loads(statement["date_provenance"])["milliseconds"] == 250
    untitled = events["No headline, only text"]
    assert untitled["date_edtf"] == "2024-04?"
    assert "\u201cBest to stay\u201d" in untitled["description"]
    assert "javascript:alert(1)" in events["Bad link"]["description"]  # kept, as text only
    assert all("<" not in e["title"] and "<script" not in e["description"] for e in events.values())
    lanes = {lane.name for lane in queries.lanes(store)}
    assert lanes == {"US politics", "Negotiations"}
    (era,) = store.rows("eras")
    assert era["name"] == "Trump years" and era["date_edtf"] == "2017-01-20/2021-01-20"
    assert store.project_info()["title"] == "Cost sharing"
    assert store.project_info()["description"] == "A history & a test"


def test_round_trip_of_the_sample_keeps_titles_dates_and_lanes(tmp_path: Path) -> None:
    original = Store.memory()
    build_sample(original)
    path = tmp_path / "t.json"
    export(original, "timelinejs", path)
    copy = Store.memory()
    edit, _ = read_file(copy, path)
    copy.apply(edit)
    events = sorted((e["title"], e["date_edtf"]) for e in original.rows("events"))
    copied = {(e["title"], e["date_edtf"]) for e in copy.rows("events")}
    assert set(events) <= copied
    assert {lane.name for lane in queries.lanes(copy)} == {
        lane.name for lane in queries.lanes(original)
    }


def _bad(doc_change: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(HAND_WRITTEN))
    doc_change(doc)
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            _bad(lambda d: d["events"][3]["start_date"].update(month=13)),
            "events[3].start_date.month: 13 is not a month",
        ),
        (
            _bad(lambda d: d["events"][0]["start_date"].update(day=31, month=4)),
            "events[0].start_date.day: 31 is not a day",
        ),
        (
            _bad(lambda d: d["events"][1]["start_date"].update(year="MMXX")),
            'events[1].start_date.year: "MMXX" is not a year',
        ),
        (_bad(lambda d: d["events"][1].pop("start_date")), "events[1].start_date: expected"),
        (
            _bad(lambda d: d["events"][2].update(end_date={"year": -600})),
            "events[2].end_date: the interval ends before it starts",
        ),
        (
            _bad(lambda d: d["events"][0]["start_date"].update(hour=25)),
            "events[0].start_date.hour: 25",
        ),
        (_bad(lambda d: d["eras"][0].pop("end_date")), "eras[0].end_date: missing"),
        (
            {
                "timeline": {
                    "headline": "Old",
                    "type": "default",
                    "date": [{"startDate": "2011,12,10", "headline": "x"}],
                }
            },
            "older TimelineJS2 format",
        ),
        ({"data": {"timeline": {"events": []}}}, "wrapped at data.timeline.events"),
        ([{"start_date": {"year": 2020}}], "found a JSON list"),
        ({"title": {"text": {"headline": "Only a title"}}}, "no events list"),
    ],
)
def test_other_shapes_are_refused_whole_with_the_problem_named(
    tmp_path: Path, doc: Any, message: str
) -> None:
    store = Store.memory()
    before = {t: store.count(t) for t in TABLES}
    with pytest.raises(errors.ImportFailedError) as caught:
        read_file(store, write(tmp_path, doc))
    assert message in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value)
    assert {t: store.count(t) for t in TABLES} == before


def test_groups_reuse_existing_lanes(tmp_path: Path) -> None:
    store = Store.memory()
    edit, lane_id = catalog.add_lane(store, "Negotiations")
    store.apply(edit)
    edit, _ = read_file(store, write(tmp_path, HAND_WRITTEN))
    store.apply(edit)
    deal = store.rows("events", "title = ?", ["Deal signed"])[0]
    assert deal["lane_id"] == lane_id
    assert [lane.name for lane in queries.lanes(store)] == ["Negotiations", "US politics"]
