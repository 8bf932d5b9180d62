"""The same session of edits, and their undo, on a file and on a server copy of it give
the same project: the server Store applies the same edits with the same inverses, keeps
the same summaries and search, and records the same history."""

from __future__ import annotations

import json
import re
from pathlib import Path

from citeline.cli import main
from citeline.core import catalog, items, queries
from citeline.core.edits import Edit
from citeline.core.io import export, select
from citeline.core.store import Store

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _session(store: Store) -> list[Edit]:
    applied: list[Edit] = []

    def do(edit: Edit) -> None:
        applied.append(store.apply(edit))

    lane_edit, lane = catalog.add_lane(store, "Talks")
    do(lane_edit)
    person_edit, person = catalog.add_person(store, "A. Negotiator", role="envoy")
    do(person_edit)
    passage = items.PassageRef(1, 10, 60)
    edit, _ = items.add_event(
        store, title="Envoys meet", date="2021-03-03", lane_id=lane, tags=["talks", "SMA"],
        people=[person], passages=[passage],
    )  # fmt: skip
    do(edit)
    new_id = max(r["id"] for r in store.query("SELECT id FROM events"))
    do(items.update_event(store, new_id, date="2021-03-04", tags=["talks"], importance=3))
    do(items.set_status(store, "event", 7, "disputed"))
    do(items.set_note(store, "event", 7, "Check the date against the ministry's note."))
    do(items.remove_evidence(store, 2, queries_first_passage(store, 2)))
    era_edit, _ = catalog.add_era(store, "Talks era", "2021")
    do(era_edit)
    do(items.delete_quote(store, 3))
    do(catalog.update_person(store, person, name="B. Negotiator"))
    return applied


def queries_first_passage(store: Store, event_id: int) -> int:
    return int(
        store.query("SELECT passage_id FROM evidence WHERE event_id = ?", [event_id])[0][
            "passage_id"
        ]
    )


def _json(store: Store, tmp: Path, name: str) -> dict:
    """The JSON export, times blanked (the two sessions run seconds apart); the order of
    the project's details is the engine's and not compared."""
    out = tmp / name
    export(store, "json", out, select(store))
    return json.loads(_STAMP.sub("T", out.read_text(encoding="utf-8")))


def _derived(store: Store) -> tuple:
    spans = store.query(
        "SELECT kind, lane_key, span_class, earliest, id, latest, importance, evidence "
        "FROM timeline_spans ORDER BY kind, id"
    )
    counts = store.query(
        "SELECT kind, lane_key, level, bucket, starts, ends FROM timeline_counts "
        "ORDER BY kind, lane_key, level, bucket"
    )
    found = sorted((r["kind"], r["item_id"]) for r in store.search("talks"))
    return [tuple(r.values()) for r in spans], [tuple(r.values()) for r in counts], found


def test_the_same_edits_and_undo_give_the_same_project(tmp_path, pg_url, capsys):
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    with Store.open(path) as file_store, Store.open(pg_url) as server:
        file_store.author = server.author = "Tester"
        done_file, done_server = _session(file_store), _session(server)
        assert _json(file_store, tmp_path, "f1.json") == _json(server, tmp_path, "s1.json")
        assert _derived(file_store) == _derived(server)
        for store, done in ((file_store, done_file), (server, done_server)):
            for edit in reversed(done[3:]):
                store.apply(edit.inverse())
        assert _json(file_store, tmp_path, "f2.json") == _json(server, tmp_path, "s2.json")
        assert _derived(file_store) == _derived(server)
        ours = [(e["action"], e["kind"]) for e in server.query(
            "SELECT action, kind FROM history_entries ORDER BY id")]  # fmt: skip
        theirs = [(e["action"], e["kind"]) for e in file_store.query(
            "SELECT action, kind FROM history_entries ORDER BY id")]  # fmt: skip
        assert ours == theirs
        assert server.verify_history() == "ok"
        assert queries.check(server).ok
