"""Many sources, one chronology: readings, flagged events, status and first report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from citeline.core import conflicts, errors, items, queries, schema
from citeline.core.io import export
from citeline.core.io.project_import import read_project
from citeline.core.sample import build_sample
from citeline.core.sources import read_source
from citeline.core.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "second-article.txt"
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
SIGNED = (
    "South Korea and the United States formally signed the new cost-sharing agreement "
    "on April 8, 2021"
)


@pytest.fixture
def store() -> Store:
    s = Store.memory()
    build_sample(s)
    return s


def export_text(store: Store, fmt: str) -> str:
    data = export(store, fmt)
    assert isinstance(data, str)
    return data


def deal_id(store: Store) -> int:
    return int(store.rows("events", "title = ?", [DEAL])[0]["id"])


def add_second_article(store: Store) -> int:
    edit, source_id = items.add_source(store, read_source(FIXTURE))
    store.apply(edit)
    return source_id


def cite(store: Store, event_id: int, source_id: int, words: str, stance: str = "supports"):
    text = queries.source_text(store, source_id)
    start = text.index(words)
    store.apply(
        items.add_evidence(
            store, event_id, items.PassageRef(source_id, start, start + len(words), stance)
        )
    )


def test_the_sample_has_no_false_flags(store: Store) -> None:
    assert conflicts.date_conflicts(store) == []
    # and the deal reads as March 2021 from "four months later" in the article's context
    dated = [r.date for r in conflicts.readings(store, deal_id(store)) if r.date]
    assert dated == ["2021-03"]


def test_a_second_source_with_another_date_flags_the_event(store: Store) -> None:
    source_id = add_second_article(store)
    cite(store, deal_id(store), source_id, SIGNED)
    found = conflicts.date_conflicts(store)
    assert [c.event_id for c in found] == [deal_id(store)]
    c = found[0]
    dates = {(r.source_title, r.date) for r in c.readings if r.date}
    assert dates == {
        ("Allies sign six-year troop cost deal", "2021-04-08"),
        (queries.source(store, 1).title, "2021-03"),
    }
    assert any("2021-04-08" in reason for reason in c.reasons)
    assert c.to_json()["readings"][0].keys() >= {"source_title", "passage_id", "text", "date"}
    # the event's own date moved to cover both readings: the sources still disagree
    store.apply(items.update_event(store, deal_id(store), date="2021-03/2021-04"))
    (c,) = conflicts.date_conflicts(store)
    assert c.reasons == ("its sources give both 2021-03 and 2021-04-08",)


def test_readings_that_disagree_with_each_other_flag_the_event(store: Store) -> None:
    source_id = add_second_article(store)
    edit, eid = items.add_event(store, title="Signing", date="2021")
    store.apply(edit)
    cite(store, eid, source_id, SIGNED)
    cite(store, eid, 1, "signed a replacement deal with the new Biden administration four months")
    c = conflicts.conflict(store, eid)
    assert c is not None and any("both" in r for r in c.reasons)


def test_a_contradicting_passage_flags_the_event(store: Store) -> None:
    source_id = add_second_article(store)
    words = "Negotiators had announced an agreement in principle"
    cite(store, deal_id(store), source_id, words, stance="contradicts")
    c = conflicts.conflict(store, deal_id(store))
    assert c is not None and c.reasons == ("a passage contradicts it",)


def test_a_passage_without_a_date_reads_its_sentence(store: Store) -> None:
    source_id = add_second_article(store)
    edit, eid = items.add_event(store, title="Signing", date="2021-04-08")
    store.apply(edit)
    cite(store, eid, source_id, "ending a dispute")
    (reading,) = conflicts.readings(store, eid)
    assert reading.date == "2021-04-08" and reading.from_sentence
    assert conflicts.conflict(store, eid) is None


def test_status_is_one_undoable_edit_and_checked(store: Store) -> None:
    eid = deal_id(store)
    assert queries.event(store, eid).status == "unverified"
    edit = items.set_status(store, "event", eid, "disputed")
    assert edit.label == "Mark as disputed"
    store.apply(edit)
    assert queries.event(store, eid).status == "disputed"
    store.apply(edit.inverse())
    assert queries.event(store, eid).status == "unverified"
    with pytest.raises(errors.CitelineError, match="unknown status"):
        items.set_status(store, "event", eid, "maybe")
    qid = store.rows("quotes")[0]["id"]
    store.apply(items.set_status(store, "quote", qid, "confirmed"))
    assert queries.quote(store, qid).status == "confirmed"
    # the file refuses a status it does not know, whoever writes it
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE events SET status = 'true' WHERE id = ?", [eid])


def test_first_reported_is_the_earliest_source_and_follows_the_evidence(store: Store) -> None:
    eid = deal_id(store)
    assert queries.first_reported(store, eid) == "2024-03-14"
    source_id = add_second_article(store)
    cite(store, eid, source_id, SIGNED)
    assert queries.first_reported(store, eid) == "2021-04-09"
    passage = next(e.passage for e in queries.evidence(store, eid) if e.passage.source_id == 2)
    store.apply(items.remove_evidence(store, eid, passage.id))
    assert queries.first_reported(store, eid) == "2024-03-14"
    edit, blank = items.add_event(store, title="No passage", date="2020")
    store.apply(edit)
    assert queries.first_reported(store, blank) is None


def test_exports_carry_status_and_first_reported(store: Store) -> None:
    eid = deal_id(store)
    store.apply(items.set_status(store, "event", eid, "disputed"))
    doc = json.loads(export_text(store, "json"))
    deal = next(e for e in doc["events"] if e["id"] == eid)
    assert deal["status"] == "disputed" and deal["first_reported"] == "2024-03-14"
    assert {q["status"] for q in doc["quotes"]} == {"unverified"}
    csv_text = export_text(store, "csv")
    header = csv_text.splitlines()[0].split(",")
    assert header[-3:] == ["status", "first_reported", "sources_disagree"]
    assert any(DEAL in line and ",disputed,2024-03-14" in line for line in csv_text.splitlines())
    assert "disputed" in export_text(store, "markdown")
    assert "Status: disputed" in export_text(store, "timelinejs")

    # Citeline JSON brings the status back
    again = Store.memory()
    again.apply(read_project(again, doc, "p.json")[0])
    assert queries.event(again, eid).status == "disputed"
    bad = json.loads(json.dumps(doc))
    bad["events"][0]["status"] = "probably"
    with pytest.raises(errors.CitelineError, match="status"):
        read_project(Store.memory(), bad, "bad.json")


def test_an_older_project_gains_the_status_column(tmp_path: Path) -> None:
    path = tmp_path / "old.citeline"
    # a file of schema 1, as the first Citeline wrote it: only the first migration applied
    db = Database(path)
    first = Migrations("citeline")
    first(name="0001_initial")(schema.m0001_initial)
    first.apply(db)
    db.execute(
        "INSERT INTO events (id, title, date_edtf, date_precision, date_earliest, date_latest, "
        "created_at, updated_at) VALUES (1, 'Old', '2020', 'year', 0, 1, 'x', 'x')"
    )
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert queries.event(store, 1).status == "unverified"
        assert store.schema_version() == schema.SCHEMA_VERSION


def test_filters_by_status_flag_and_first_report(store: Store) -> None:
    from citeline.core.filters import ItemFilter, matching

    eid = deal_id(store)
    store.apply(items.set_status(store, "event", eid, "needs-checking"))
    found = matching(store, ItemFilter(statuses=frozenset({"needs-checking"})))
    assert found == ({eid}, set())
    assert matching(store, ItemFilter(flagged=True)) == (set(), set())
    source_id = add_second_article(store)
    cite(store, eid, source_id, SIGNED)
    assert matching(store, ItemFilter(flagged=True)) == ({eid}, set())
    # first reported in April 2021: only the deal, now that the 2021 article cites it
    events, quotes = matching(store, ItemFilter(reported_from="2021-04", reported_to="2021-04"))
    assert events == {eid} and quotes == set()
    events, _ = matching(store, ItemFilter(reported_from="2024-03-14"))
    assert eid not in events and len(events) == store.count("events") - 1


def test_csv_brings_the_status_back_and_refuses_an_unknown_one(
    store: Store, tmp_path: Path
) -> None:
    from citeline.core.io.csv_items import read_items

    eid = deal_id(store)
    store.apply(items.set_status(store, "event", eid, "confirmed"))
    path = tmp_path / "items.csv"
    path.write_text(export_text(store, "csv"), encoding="utf-8")
    again = Store.memory()
    build_sample_sources_only(again, store)
    again.apply(read_items(again, path)[0])
    statuses = {r["title"]: r["status"] for r in again.rows("events")}
    assert statuses[DEAL] == "confirmed"
    assert set(statuses.values()) == {"confirmed", "unverified"}
    path.write_text("title,date,status\nTalks,2024,maybe\n", encoding="utf-8")
    with pytest.raises(errors.CitelineError, match="status"):
        read_items(again, path)


def build_sample_sources_only(target: Store, source: Store) -> None:
    """The sample's article as the only source (the CSV's passages cite it by title)."""
    from citeline.core.sample import sample_data
    from citeline.resources import resource

    draft = read_source(resource("sample", sample_data()["source"]["file"]))
    edit, source_id = items.add_source(target, draft)
    target.apply(edit)
    title = queries.source(source, 1).title
    target.apply(items.update_source(target, source_id, title=title))


def test_a_passage_beyond_its_shortened_text_reads_no_date_instead_of_failing() -> None:
    """A passage orphaned past the end of a corrected, shorter text gives no date."""
    row = {
        "passage_id": 1,
        "source_id": 1,
        "title": "Short",
        "outlet": None,
        "published": "2024-03-14",
        "start": 5000,
        "end": 5040,
        "exact": "words that are no longer in the text at all",
        "stance": "supports",
    }
    reading = conflicts._reading(row, "A short text. It ends here.", [])
    assert reading.date is None
    assert (reading.earliest, reading.latest) == (None, None)
