"""Many writers, one history: a burst of edits from several processes leaves a chain
that verifies, holds every acknowledged edit and orders them as they were committed;
an edit whose last statements fail (after the last wait) writes nothing and leaves the
connection ready for the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeline.cli import main
from citeline.core import errors, items
from citeline.core.history import chain
from citeline.core.server import chain as server_chain
from citeline.core.server.load import Attempt, _out_of_order
from citeline.core.server.load import run as run_load
from citeline.core.store import Store


@pytest.fixture
def project(tmp_path: Path, pg_url: str, capsys) -> str:
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    return pg_url


def test_a_burst_from_several_processes_leaves_every_edit_in_commit_order(project):
    with Store.open(project) as store:
        last_before = store.last_entry_id() or 0
        ids = [r["id"] for r in store.query("SELECT id FROM events ORDER BY id LIMIT 3")]
        titles = {i: store.row("events", i)["title"] for i in ids}
        versions = {i: store.version("event", i) for i in ids}
    report = run_load(project, editors=4, seconds=1.0, items=3)
    saved = [a for a in report.attempts if a.outcome == "ok"]
    assert len(saved) > 10 and report.conflicts_detected > 0  # four editors, three items
    assert report.out_of_order == 0 and report.lost == 0

    # Read back here, apart from the load module's own checks.
    with Store.open(project, read_only=True) as store:
        assert store.verify_history() == "ok"
        run_ids = [
            r["id"]
            for r in store.query(
                "SELECT id FROM history_entries WHERE id > ? ORDER BY id", [last_before]
            )
        ]
        entries = list(chain.entries(store.db.conn, run_ids))  # type: ignore[arg-type]
        # Every acknowledged edit is there, by its author, and nothing else is.
        assert sorted((e.id, e.author) for e in entries) == sorted(
            (a.entry, a.author) for a in saved
        )
        # In history order each item's title goes from one edit's result to the next,
        # ending at the title the item has now: the order the edits were committed in.
        base = {(a.entry, a.author): a.base for a in saved}
        for item in ids:
            title, version = titles[item], versions[item]
            for e in entries:
                for kind, item_id, name, before, after in e.changes:
                    if (kind, item_id, name) == ("event", item, "title"):
                        assert before == title, f"entry {e.id} does not follow the one before"
                        assert base[(e.id, e.author)] == version
                        title, version = after, version + 1
            assert store.row("events", item)["title"] == title
            assert store.version("event", item) == version


def test_the_order_check_finds_two_entries_swapped():
    def entry(n: int, before: str, after: str) -> chain.Entry:
        change = ("event", 1, "title", before, after)
        return chain.Entry(n, "t", "a", "Edit event", "edit", changes=[change])

    saved = [Attempt(1, 4, "ok", 0.0, 10, "a"), Attempt(1, 5, "ok", 0.0, 11, "a")]
    in_order = [entry(10, "x", "y"), entry(11, "y", "z")]
    assert _out_of_order(saved, in_order) == 0
    assert _out_of_order(saved, [in_order[1], in_order[0]]) > 0


def test_an_edit_failing_in_its_last_statements_writes_nothing(project, monkeypatch):
    with Store.open(project) as store:
        store.author = "Alice"
        entries, title = store.count("history_entries"), store.row("events", 7)["title"]
        version = store.version("event", 7)

        def broken(raw, values):
            cur = raw.cursor()
            cur.execute("SELECT 1 / 0")  # fails on the server after the edit's last wait
            return cur

        monkeypatch.setattr(server_chain, "send", broken)
        with pytest.raises(errors.ProjectError, match="not saved"):
            store.apply(items.update_event(store, 7, title="never"), expect={("event", 7): version})
        monkeypatch.undo()
        # Nothing of it was written, and the connection takes the next edit at once.
        assert store.row("events", 7)["title"] == title
        assert store.count("history_entries") == entries
        assert not store.db.conn.in_transaction
        store.apply(items.update_event(store, 7, title="saved"), expect={("event", 7): version})
    with Store.open(project, read_only=True) as other:
        assert other.row("events", 7)["title"] == "saved"
        assert other.count("history_entries") == entries + 1
        assert other.verify_history() == "ok"
