"""Citeline JSON: a project exported and imported again is the same project, field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citeline.core import catalog, errors, items
from citeline.core.edits import Edit, insert
from citeline.core.importing import read_file
from citeline.core.io import Selection, export, select
from citeline.core.io.project_json import FORMAT, VERSION
from citeline.core.sample import build_sample
from citeline.core.schema import TABLES
from citeline.core.store import Store

FILE_KEYS = {"created_at", "created_by", "last_written_by"}


def enriched_sample() -> Store:
    """The sample plus what it lacks: notes on every kind of item, a contradicting passage,
    a quote without passage, an event without lane, odd text and a dismissed suggestion."""
    store = Store.memory()
    build_sample(store)
    source = store.rows("sources")[0]
    quote = store.rows("quotes", order="id")[0]
    person = store.rows("people", order="id")[0]
    passage = store.rows("passages", order="id")[0]
    edit, event_id = items.add_event(
        store,
        title="<b>Odd</b> = 1+1 \u202eevil\u202c 한국어",
        date="201X",
        description="line one\nline two \u2014 *not bold*",
        tags=["odd", "한국어"],
        passages=[items.PassageRef(source["id"], 10, 40, "contradicts")],
        provenance={"expression": "some time in the 2010s"},
        importance=-1,
    )
    store.apply(edit)
    for kind, item_id in [
        ("quote", quote["id"]),
        ("source", source["id"]),
        ("person", person["id"]),
        ("passage", passage["id"]),
        ("project", 0),
        ("event", event_id),
    ]:
        store.apply(items.set_note(store, kind, item_id, f"note on {kind} \u202e<i>x</i>"))
    store.apply(items.dismiss_suggestion(store, source["id"], 0, 5))
    row = {
        **{k: v for k, v in quote.items() if k != "id"},
        "id": store.next_id("quotes"),
        "passage_id": None,
        "lane_id": None,
        "speaker_id": None,
        "verbatim": 0,
        "text": "said without a passage",
    }
    store.apply(Edit("raw quote", (insert("quotes", row),)))
    return store


def table_rows(store: Store, table: str) -> list[dict[str, Any]]:
    """A table's rows in a stable order, tag ids replaced by tag names (the file keeps
    tags by name, so their ids are not part of the project's content)."""
    if table == "project":
        return [r for r in store.rows("project", order="key") if r["key"] not in FILE_KEYS]
    if table == "tags":
        return [{"name": r["name"]} for r in store.rows("tags", order="name")]
    if table in ("event_tags", "quote_tags"):
        col = "event_id" if table == "event_tags" else "quote_id"
        return store.query(
            f"SELECT x.{col}, t.name FROM {table} x JOIN tags t ON t.id = x.tag_id "
            f"ORDER BY x.{col}, t.name"
        )
    cols = [c for c in store.db[table].columns_dict]
    return store.rows(table, order=", ".join(f'"{c}"' for c in cols))


def export_import(store: Store, target: Store, tmp_path: Path) -> str:
    path = tmp_path / "project.json"
    export(store, "json", path)
    edit, summary = read_file(target, path)
    target.apply(edit)
    return summary


def test_round_trip_into_a_new_project_keeps_every_field_and_id(tmp_path: Path) -> None:
    original = enriched_sample()
    copy = Store.memory()
    export_import(original, copy, tmp_path)
    for table in TABLES:
        assert table_rows(copy, table) == table_rows(original, table), table
    assert table_rows(copy, "events")  # the comparison compared something
    # The imported project is searchable like the original.
    assert [r["item_id"] for r in copy.search("cost-sharing")] == [
        r["item_id"] for r in original.search("cost-sharing")
    ]
    # And exporting the copy gives the same document, apart from the export time.
    a = json.loads(export(original, "json"))
    b = json.loads(export(copy, "json"))
    for doc in (a, b):
        doc.pop("exported_at")
        doc["project"] = {k: v for k, v in doc["project"].items() if k not in FILE_KEYS}
    assert a == b


def test_document_has_header_and_every_documented_field() -> None:
    store = enriched_sample()
    doc = json.loads(export(store, "json"))
    assert doc["format"] == FORMAT and doc["version"] == VERSION
    assert doc["selection"] is None
    assert {"title", "description"} <= set(doc["project"])
    source = doc["sources"][0]
    assert source["text"] == store.rows("sources")[0]["text"] and source["sha256"]
    assert set(doc["passages"][0]) >= {"start", "end", "exact", "prefix", "suffix"}
    event = next(e for e in doc["events"] if e["title"].startswith("<b>Odd"))
    assert event["date"] == "201X" and event["precision"] == "decade"
    assert event["earliest"] < event["latest"]
    assert event["provenance"] == {"expression": "some time in the 2010s"}
    assert event["importance"] == -1 and event["lane"] is None
    assert sorted(event["tags"]) == ["odd", "한국어"]
    (evidence,) = event["evidence"]
    text = source["text"]
    assert evidence["stance"] == "contradicts"
    assert evidence["exact"] == text[evidence["start"] : evidence["end"]]
    assert evidence["source_title"] == source["title"]
    with_people = next(e for e in doc["events"] if e["people"])
    assert all(p["name"] for p in with_people["people"])
    quote = next(q for q in doc["quotes"] if q["passage"])
    assert quote["speaker"] and quote["verbatim"] is True
    assert quote["passage"]["exact"] in text
    # Notes on events and quotes travel with them; the others are listed apart.
    assert event["notes"][0]["body"].startswith("note on event")
    assert any(q["notes"] for q in doc["quotes"])
    assert {n["item_type"] for n in doc["notes"]} == {"source", "person", "passage", "project"}
    assert doc["dismissed_suggestions"] and doc["eras"] and doc["lanes"]


def test_import_into_a_project_with_work_renumbers_and_reuses(tmp_path: Path) -> None:
    original = enriched_sample()
    target = Store.memory()
    edit, lane = catalog.add_lane(target, "Negotiations")
    target.apply(edit)
    edit, _ = items.add_event(target, title="Already here", date="1999", lane_id=lane)
    target.apply(edit)
    summary = export_import(original, target, tmp_path)
    assert "renumbered" in summary
    assert target.count("events") == original.count("events") + 1
    assert target.count("lanes") == original.count("lanes")  # "Negotiations" was reused
    assert target.project_info()["title"] == "Untitled project"  # the receiving project's own

    # Every imported event has the same content as its original, under another id.
    def content(store: Store) -> list[tuple[Any, ...]]:
        return sorted(
            (
                e["title"],
                e["date"],
                e["lane"],
                tuple(e["tags"]),
                tuple(p["name"] for p in e["people"]),
                tuple((x["exact"], x["stance"]) for x in e["evidence"]),
            )
            for e in json.loads(export(store, "json"))["events"]
            if e["title"] != "Already here"
        )

    assert content(target) == content(original)
    # Importing again reuses the source (same text) instead of refusing or duplicating it.
    summary = export_import(original, target, tmp_path)
    assert "reused" in summary and target.count("sources") == 1


def test_a_filtered_export_keeps_only_the_chosen_items() -> None:
    store = enriched_sample()
    doc = json.loads(export(store, "json", None, select(store, lanes="Analysis")))
    lanes = {r["id"]: r["name"] for r in store.rows("lanes")}
    assert doc["events"] or doc["quotes"]
    assert {lanes[i["lane_id"]] for i in doc["events"] + doc["quotes"]} == {"Analysis"}
    assert doc["selection"]["lanes"] == ["Analysis"]
    assert len(doc["quotes"]) < store.count("quotes")


def _write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=VERSION + 1), "newer Citeline"),
        (lambda d: d["events"][2].update(date="2021-13"), "events[2].date: could not understand"),
        (lambda d: d["events"][0].update(lane_id=999), "events[0].lane_id: there is no lane 999"),
        (lambda d: d["events"][1].pop("title"), "events[1].title: missing"),
        (lambda d: d["passages"][0].update(end=10**9), "passages[0]: "),
        (lambda d: d["sources"][0].update(text="changed"), "sources[0].sha256: does not match"),
        (lambda d: d["quotes"][0].update(speaker_id="x"), "quotes[0].speaker_id: there is no"),
        (lambda d: d["events"][0]["evidence"][0].update(stance="maybe"), "stance"),
        (lambda d: d["notes"][0].update(item_type="planet"), "notes[0].item_type"),
        (lambda d: d["events"][-1]["notes"][0].pop("id"), "].notes[0].id: missing"),
        (lambda d: d["events"][3].update(tags=[1]), "events[3].tags[0]: expected text"),
    ],
)
def test_a_bad_file_is_refused_whole_with_its_json_path(
    tmp_path: Path, change: Any, message: str
) -> None:
    doc = json.loads(export(enriched_sample(), "json"))
    change(doc)
    target = Store.memory()
    before = {t: target.count(t) for t in TABLES}
    with pytest.raises(errors.ImportFailedError) as caught:
        read_file(target, _write(tmp_path, doc))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert {t: target.count(t) for t in TABLES} == before


def test_invalid_json_and_unknown_format_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "citeline-project", "version": 1,,}')
    with pytest.raises(errors.ImportFailedError, match=r"not valid JSON \(line 1"):
        read_file(Store.memory(), bad)
    with pytest.raises(errors.ImportFailedError, match="does not read"):
        read_file(Store.memory(), _write(tmp_path, {"format": "other-tool", "events": []}))


def test_whole_selection_is_the_default() -> None:
    store = Store.memory()
    assert Selection(store).whole
    assert not select(store, date_from="2020").whole
