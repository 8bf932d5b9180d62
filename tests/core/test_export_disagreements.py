"""Disagreements travel: every text export says an event's sources disagree, and why,
reading the same finding as ``citeline check`` (the JSON field is its very entry)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from tests.core.test_conflicts import (  # noqa: F401
    SIGNED,
    add_second_article,
    cite,
    deal_id,
    export_text,
    store,
)

from citeline.core import conflicts

REASON = "a source gives 8 Apr 2021, outside the event's date Mar 2021"


@pytest.fixture
def flagged(store):  # noqa: F811
    deal = deal_id(store)
    cite(store, deal, add_second_article(store), SIGNED)
    return store, deal


def test_json_carries_check_s_entry_for_each_flagged_event(flagged) -> None:
    project, deal = flagged
    doc = json.loads(export_text(project, "json"))
    events = {e["id"]: e for e in doc["events"]}
    (expected,) = conflicts.date_conflicts(project)
    assert events[deal]["date_conflict"] == expected.to_json()
    assert set(events[deal]["date_conflict"]) == {
        "event_id",
        "title",
        "date",
        "reasons",
        "readings",
    }
    assert all(e["date_conflict"] is None for i, e in events.items() if i != deal)


def test_csv_has_a_sources_disagree_column(flagged) -> None:
    project, deal = flagged
    rows = list(csv.DictReader(io.StringIO(export_text(project, "csv"))))
    by_id = {r["id"]: r for r in rows if r["kind"] == "event"}
    assert by_id[str(deal)]["sources_disagree"] == REASON
    assert all(r["sources_disagree"] == "" for i, r in by_id.items() if i != str(deal))


def test_markdown_timelinejs_and_html_say_why(flagged) -> None:
    project, deal = flagged
    markdown = export_text(project, "markdown")
    assert markdown.count("\u2691 Sources disagree") == 1
    assert "a source gives 8 Apr 2021, outside the event's date Mar 2021" in markdown
    slides = json.loads(export_text(project, "timelinejs"))["events"]
    (slide,) = [s for s in slides if s["unique_id"] == f"event-{deal}"]
    assert "Sources disagree: a source gives 8 Apr 2021" in slide["text"]["text"]
    assert sum("Sources disagree" in s["text"]["text"] for s in slides) == 1
    page = export_text(project, "html")
    assert f'<article class="event flagged" id="event-{deal}"' in page
    assert page.count('class="event flagged"') == 1
    assert '<p class="disagree">' in page and "Sources disagree: a source gives 8 Apr 2021" in page


def test_no_flag_no_mention(store) -> None:  # noqa: F811
    for fmt in ("markdown", "timelinejs", "html"):
        assert "Sources disagree" not in export_text(store, fmt)
