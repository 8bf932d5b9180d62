"""Archived originals, duplicates by original bytes, and pages in every export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.pdfmaker import make_pdf

from citeline.core import items
from citeline.core.errors import DuplicateSourceError
from citeline.core.io import export
from citeline.core.io.project_import import read_project
from citeline.core.sources import read_source_bytes
from citeline.core.store import Store

PAGES = [
    ["The first page introduces the report on the alliance."],
    ["On the second page the negotiators agreed a new deal."],
    ["The third page quotes the minister: we will pay our share."],
]


@pytest.fixture
def store() -> Store:
    store = Store.memory()
    draft = read_source_bytes(make_pdf(PAGES), "report.pdf")
    edit, sid = items.add_source(store, draft)
    store.apply(edit)
    text = draft.text
    start = text.index("the negotiators agreed")
    edit, _ = items.add_event(
        store,
        title="Deal agreed",
        date="2021-03",
        passages=[items.PassageRef(sid, start, start + len("the negotiators agreed"))],
    )
    store.apply(edit)
    start = text.index("we will pay our share")
    edit, _ = items.add_quote(
        store,
        passage=items.PassageRef(sid, start, start + len("we will pay our share")),
        date="2021",
    )
    store.apply(edit)
    return store


def test_the_original_is_kept_with_its_type_and_digest(store: Store) -> None:
    source = store.rows("sources")[0]
    original = store.row("originals", source["id"])
    assert original is not None
    assert original["content"] == make_pdf(PAGES)
    assert original["media_type"] == "application/pdf"
    assert original["sha256"] == source["original_sha256"]
    assert json.loads(source["pages"])[0] == 0


def test_json_carries_pages_fetch_fields_the_original_and_each_passage_page(store: Store) -> None:
    doc = json.loads(export(store, "json"))
    source = doc["sources"][0]
    assert source["pages"] == json.loads(store.rows("sources")[0]["pages"])
    assert {"url", "fetched_at", "final_url"} <= set(source)
    assert source["original"]["media_type"] == "application/pdf"
    assert source["original"]["size"] == len(make_pdf(PAGES))
    assert doc["events"][0]["evidence"][0]["page"] == 2
    assert doc["quotes"][0]["passage"]["page"] == 3


def test_json_round_trip_keeps_the_original_byte_for_byte(store: Store) -> None:
    doc = json.loads(export(store, "json"))
    copy = Store.memory()
    edit, _ = read_project(copy, doc, "p.json")
    copy.apply(edit)
    before, after = store.rows("originals")[0], copy.rows("originals")[0]
    assert after["content"] == before["content"] and after["sha256"] == before["sha256"]
    assert copy.rows("sources")[0]["pages"] == store.rows("sources")[0]["pages"]


def test_json_with_a_tampered_original_is_refused(store: Store) -> None:
    doc = json.loads(export(store, "json"))
    doc["sources"][0]["original"]["base64"] = "aGVsbG8="
    with pytest.raises(Exception, match=r"original\.sha256: does not match"):
        read_project(Store.memory(), doc, "p.json")


def test_csv_markdown_timelinejs_and_html_cite_the_page(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(str(export(store, "csv")), newline="")))
    assert {r["title"]: r["page"] for r in rows}["Deal agreed"] == "p. 2"
    markdown = str(export(store, "markdown"))
    assert "alliance*, p. 2\n" in markdown and "alliance*, p. 3\n" in markdown
    timeline = json.loads(str(export(store, "timelinejs")))
    assert "p. 3" in json.dumps(timeline) and "p. 2" in json.dumps(timeline)
    page = str(export(store, "html"))
    assert "p.\u00a02" in page and "p.\u00a03" in page
    annotations = json.dumps(json.loads(str(export(store, "annotations"))))
    assert '"value": "page=2"' in annotations and '"value": "page=3"' in annotations


def test_printed_timelines_cite_the_page(store: Store) -> None:
    from citeline.core.citations import citations, receipt_text

    event = store.rows("events")[0]["id"]
    quote = store.rows("quotes")[0]["id"]
    found = citations(store, {("event", event): 1, ("quote", quote): 2})
    assert receipt_text(found[0].receipts[0]).endswith(", p. 2")
    assert found[1].receipts[0].page == "p. 3"


def test_a_source_without_pages_cites_no_page() -> None:
    store = Store.memory()
    draft = read_source_bytes(b"A plain article about the deal.", "a.txt")
    edit, sid = items.add_source(store, draft)
    store.apply(edit)
    edit, _ = items.add_event(store, title="E", date="2021", passages=[items.PassageRef(sid, 2, 7)])
    store.apply(edit)
    doc = json.loads(export(store, "json"))
    assert doc["sources"][0]["pages"] is None
    assert doc["events"][0]["evidence"][0]["page"] is None
    assert "p. " not in str(export(store, "markdown"))


def test_deleting_a_source_takes_its_original_and_undo_brings_it_back(store: Store) -> None:
    sid = store.rows("sources")[0]["id"]
    edit = items.delete_source(store, sid)
    store.apply(edit)
    assert store.count("originals") == 0
    store.apply(edit.inverse())
    assert store.row("originals", sid)["content"] == make_pdf(PAGES)


def test_duplicates_are_decided_on_the_original_bytes() -> None:
    store = Store.memory()
    first = read_source_bytes(b"Same words.\n", "a.txt")
    edit, _ = items.add_source(store, first)
    store.apply(edit)
    with pytest.raises(DuplicateSourceError, match="already in the project"):
        items.add_source(store, read_source_bytes(b"Same words.\n", "copy.txt"))
    # other bytes, same extracted text: both are kept, and the user is told
    other = read_source_bytes(b"Same words.\r\n\r\n", "other.txt")
    assert other.text == first.text
    warnings = items.source_warnings(store, other)
    assert warnings == [
        "other.txt has the same text as \u201cSame words\u201d (source 1), already in the project"
    ]
    edit, _ = items.add_source(store, other)
    store.apply(edit)
    assert store.count("sources") == 2


def test_the_migration_is_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "p.citeline"
    Store.create(path).close()
    with Store.open(path) as store:
        names = [
            r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")
        ]
    assert names.count("0003_source_originals") == 1
