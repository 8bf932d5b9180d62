"""Several people on one server project: a change made from an old version is refused
as a conflict naming who and when, never a silent overwrite; editor processes at once
lose nothing and every conflict is detected, across a server restart too."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeline.cli import main
from citeline.core import errors, items
from citeline.core.server.load import run as run_load
from citeline.core.store import Store
from tests.clirun import run


@pytest.fixture
def project(tmp_path: Path, pg_url: str, capsys) -> str:
    path = tmp_path / "s.citeline"
    assert run(capsys, "sample", str(path))[0] == 0
    assert run(capsys, "copy", str(path), pg_url)[0] == 0
    return pg_url


def test_a_change_from_an_old_version_is_a_conflict_naming_who(project, capsys):
    with Store.open(project) as alice, Store.open(project) as bob:
        alice.author, bob.author = "Alice", "Bob"
        seen = bob.version("event", 7)
        theirs = items.update_event(bob, 7, title="Bob's title")
        alice.apply(
            items.update_event(alice, 7, title="Alice's title"), expect={("event", 7): seen}
        )
        entries = bob.count("history_entries")
        with pytest.raises(errors.ConflictError, match=r"changed by Alice at \d{4}-"):
            bob.apply(theirs, expect={("event", 7): seen})
        assert bob.row("events", 7)["title"] == "Alice's title"
        assert bob.count("history_entries") == entries
        assert bob.verify_history() == "ok"
    code, out, err = run(
        capsys, "edit", project, "event", "7", "--title", "late", "--expect-version", str(seen)
    )
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "conflict: event 7" in err and "Alice" in err


def test_new_items_added_at_once_get_different_ids(project):
    with Store.open(project) as one, Store.open(project) as two:
        assert one.next_id("events") != two.next_id("events")


def test_editors_at_once_lose_nothing_and_every_conflict_is_detected(project):
    report = run_load(project, editors=3, seconds=1.0, items=3)
    assert report.acknowledged > 5
    assert report.conflicts_detected > 0  # three editors on three items must collide
    assert report.conflicts_expected == report.conflicts_detected
    assert (report.double_wins, report.lost, report.version_mismatch) == (0, 0, 0)
    assert report.history == "ok"


def test_a_server_restart_during_a_burst_loses_nothing_acknowledged(project, pg_cluster):
    report = run_load(project, editors=3, seconds=4.0, items=5, restart=pg_cluster.restart)
    assert report.dropped > 0  # the restart was felt
    assert report.acknowledged > 5
    assert (report.double_wins, report.lost, report.version_mismatch) == (0, 0, 0)
    assert report.conflicts_expected == report.conflicts_detected
    assert report.history == "ok"
    code = main(["check", project])
    assert code == 0


def test_a_read_only_role_opens_searches_and_exports_but_cannot_edit(project, pg_cluster, capsys):
    code, out, err = run(capsys, "server", "grant", project, "reader", "--read")
    assert (code, err) == (0, ""), err
    assert "reader may now read" in out
    url = project.replace("postgres@", "reader@")
    with Store.open(url) as store:
        assert store.read_only
        assert store.search("negotia")
    code, out, err = run(capsys, "export", url, "--format", "markdown")
    assert code == 0 and "# US" in out
    code, out, err = run(capsys, "edit", url, "event", "7", "--title", "no")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "read-only" in err
    code, out, err = run(capsys, "server", "grant", project, "reader", "--edit")
    assert code == 0
    code, out, err = run(capsys, "edit", url, "event", "7", "--title", "yes", "--author", "R")
    assert (code, err) == (0, ""), err
    with Store.open(project) as store:
        assert store.row("events", 7)["title"] == "yes"
        assert store.verify_history() == "ok"


def test_without_a_version_a_change_to_a_field_someone_changed_is_still_refused(project):
    """The app's edits name no version yet: each changed field must still be as the edit
    saw it, so the same field changed meanwhile is a conflict, not an overwrite."""
    with Store.open(project) as alice, Store.open(project) as bob:
        stale = items.update_event(bob, 7, title="Bob's title")
        alice.apply(items.update_event(alice, 7, title="Alice's title"))
        with pytest.raises(errors.ConflictError, match="no longer as expected"):
            bob.apply(stale)
        assert bob.row("events", 7)["title"] == "Alice's title"
