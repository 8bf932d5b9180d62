"""Telling failures apart, refusing look-alikes unchanged, one rule for a project's files,
creating a project atomically between processes, and restoring backups."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from citeline.core import backup, errors, items, schema
from citeline.core import store as store_module
from citeline.core.files import connect_read_only
from citeline.core.schema import APPLICATION_ID
from citeline.core.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        for i in range(3):
            edit, _ = items.add_event(store, title=f"E{i}", date="2020")
            store.apply(edit)
    return path


def refused(path: Path, error: type[Exception], match: str) -> str:
    before, names, copies = digest(path), listing(path.parent), backup.list_backups(path)
    with pytest.raises(error, match=match) as info:
        Store.open(path)
    assert digest(path) == before, "a refused file's bytes must not change"
    assert listing(path.parent) == names
    assert backup.list_backups(path) == copies, "no backup is taken of a refused file"
    return str(info.value)


# ------------------------------------------------------------------ look-alikes


def test_look_alike_with_our_ids_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "look.citeline"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    message = refused(path, errors.NotAProjectError, "not one")
    assert "older Citeline" not in message


def test_look_alike_is_refused_read_only_too(tmp_path: Path) -> None:
    path = tmp_path / "look.citeline"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(errors.NotAProjectError, match="looks like a Citeline project"):
        Store.open(path, read_only=True)
    assert digest(path) == before


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        (
            "CREATE TRIGGER spy AFTER INSERT ON events BEGIN SELECT unknown_fn(new.id); END",
            "trigger \u201cspy\u201d",
        ),
        ("CREATE VIEW recent AS SELECT * FROM events", "view \u201crecent\u201d"),
        ("CREATE TABLE scratch (x)", "table \u201cscratch\u201d"),
        ("CREATE INDEX events_title ON events(title)", "index \u201cevents_title\u201d"),
    ],
)
def test_objects_citeline_did_not_create_are_refused(project: Path, sql: str, what: str) -> None:
    conn = sqlite3.connect(project)
    conn.execute(sql)
    conn.commit()
    conn.close()
    message = refused(project, errors.NotAProjectError, "objects Citeline did not create")
    assert what in message


def test_a_changed_table_is_a_look_alike(project: Path) -> None:
    conn = sqlite3.connect(project)
    conn.execute("ALTER TABLE events ADD COLUMN secret TEXT")
    conn.commit()
    conn.close()
    refused(project, errors.NotAProjectError, "table \u201cevents\u201d is not as Citeline")


def test_expected_schema_comes_from_the_migrations(tmp_path: Path, monkeypatch) -> None:
    """A new migration changes what each version must look like, with no list to edit."""
    path = tmp_path / "p.citeline"
    Store.create(path).close()  # a file at today's version
    more = type(schema.migrations)("citeline")
    for m in schema.migrations._migrations:
        more(name=m.name, transactional=m.transactional)(m.fn)
    later = schema.SCHEMA_VERSION + 1

    @more(name="9999_colour")
    def colour(db) -> None:
        db.execute("ALTER TABLE events ADD COLUMN colour TEXT")
        db.execute(f"PRAGMA user_version = {later}")

    monkeypatch.setattr(store_module, "migrations", more)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", later)
    with Store.open(path) as store:  # today's version matches, then upgrades
        assert store.schema_version() == later
        assert "colour" in store.db["events"].columns_dict
    with Store.open(path) as store:  # the new version matches what the migration builds
        assert store.schema_version() == later
    conn = sqlite3.connect(path)  # a file at the new version without what it adds
    conn.execute("ALTER TABLE events DROP COLUMN colour")
    conn.commit()
    conn.close()
    refused(path, errors.NotAProjectError, "not as Citeline makes it")


def test_import_into_a_look_alike_changes_nothing(tmp_path: Path, capsys) -> None:
    from citeline.cli import main

    path = tmp_path / "look.citeline"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    csv = tmp_path / "one.csv"
    csv.write_text("title,date\nOne,2020\n")
    before = digest(path)
    assert main(["import", str(path), str(csv)]) == 1
    err = capsys.readouterr().err
    assert "not one" in err and err.count("\n") == 1
    assert digest(path) == before
    assert not backup.list_backups(path)


# ------------------------------------------------------------------ one rule for files


def wal_project(tmp_path: Path) -> tuple[Path, Store]:
    """A project with edits still in its write-ahead log, held open by a writer."""
    path = tmp_path / "real" / "p.citeline"
    path.parent.mkdir()
    Store.create(path).close()
    store = Store.open(path)
    for i in range(34):
        edit, _ = items.add_event(store, title=f"E{i}", date="2020")
        store.apply(edit)
    assert (path.parent / "p.citeline-wal").stat().st_size > 0
    return path, store


def test_read_only_connection_sees_the_log_through_any_path(tmp_path: Path) -> None:
    path, writer = wal_project(tmp_path)
    link = tmp_path / "link.citeline"
    link.symlink_to(path)
    (tmp_path / "sub").mkdir()
    dotted = tmp_path / "sub" / ".." / "real" / "p.citeline"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for way in (link, dotted, Path("real/p.citeline"), Path("link.citeline")):
            conn = connect_read_only(way)
            try:
                assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 34, way
            finally:
                conn.close()
            with Store.open(way, read_only=True) as reader:
                assert reader.count("events") == 34
    finally:
        os.chdir(cwd)
        writer.close()
    assert not (tmp_path / "link.citeline-wal").exists()


def test_export_and_check_through_a_link_see_every_edit(tmp_path: Path, capsys) -> None:
    from citeline.cli import main

    path, writer = wal_project(tmp_path)
    link = tmp_path / "link.citeline"
    link.symlink_to(path)
    try:
        assert main(["check", str(link)]) == 0
        assert "34 events" in capsys.readouterr().out
        out = tmp_path / "out.csv"
        assert main(["export", str(link), "--format", "csv", "-o", str(out)]) == 0
        assert out.read_text().count("\n") == 35
        dotted = tmp_path / "sub" / ".." / "link.citeline"
        (tmp_path / "sub").mkdir()
        assert main(["export", str(dotted), "--format", "json"]) == 0
        assert capsys.readouterr().out.count('"title": "E') == 34
    finally:
        writer.close()


def test_a_quiet_file_is_read_without_leaving_files(project: Path) -> None:
    names = listing(project.parent)
    with Store.open(project, read_only=True) as reader:
        assert reader.count("events") == 3
    assert listing(project.parent) == names


def test_lock_is_shared_through_a_link(tmp_path: Path, project: Path) -> None:
    link = tmp_path / "link.citeline"
    link.symlink_to(project)
    with (
        Store.open(project),
        pytest.raises(errors.ProjectLockedError, match="open in another Citeline"),
    ):
        Store.open(link)


# ------------------------------------------------------------------ messages


def test_damaged_page_message_is_one_line(project: Path) -> None:
    conn = sqlite3.connect(project)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(project, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\x0d" + b"\xff" * (size - 1))
    message = refused(project, errors.DamagedProjectError, "is damaged")
    assert len(message.splitlines()) == 1 and len(message) < 200
    assert "Restore from Backup" in message


def test_create_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(errors.ProjectError, match="does not exist"):
        Store.create(tmp_path / "nowhere" / "p.citeline")


# ------------------------------------------------------------------ creating atomically


def _race_worker(folder: Path, rounds: int, barrier, results) -> None:
    outcomes = []
    for n in range(rounds):
        barrier.wait()
        path = folder / f"r{n}.citeline"
        try:
            store = Store.open(path, create=True)
        except errors.CitelineError as exc:
            outcomes.append(f"refused: {exc}")
        except Exception as exc:  # what the race must never produce
            outcomes.append(f"internal error: {exc!r}")
        else:
            edit, _ = items.add_event(store, title=f"round {n} pid {os.getpid()}", date="2020")
            store.apply(edit)
            store.close()
            outcomes.append("ok")
    results.put((os.getpid(), outcomes))


def race(folder: Path, rounds: int) -> None:
    """Two processes open one new path with create=True at the same instant, each round."""
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_race_worker, args=(folder, rounds, barrier, queue)) for _ in range(2)
    ]
    for w in workers:
        w.start()
    results = [queue.get(timeout=120)[1] for _ in workers]
    for w in workers:
        w.join(timeout=30)
        assert w.exitcode == 0
    for n in range(rounds):
        path = folder / f"r{n}.citeline"
        outcomes = [results[0][n], results[1][n]]
        assert "ok" in outcomes, outcomes
        for outcome in outcomes:
            assert outcome == "ok" or (
                "open in another Citeline" in outcome or "created by another" in outcome
            ), outcome
        with Store.open(path, read_only=True) as store:
            assert store.integrity() == "ok"
            assert store.count("events") == outcomes.count("ok")
    # no temporary file is left (a -wal beside a finished project is SQLite's own: a
    # reader that closed last may leave it, and every reader reads it)
    leftovers = [
        p.name for p in folder.iterdir() if not p.name.endswith((".citeline", "-wal", "-shm"))
    ]
    assert leftovers == [], leftovers


def test_two_processes_create_one_project(tmp_path: Path) -> None:
    race(tmp_path, 12)


@pytest.mark.slow
def test_two_processes_create_one_project_50_rounds(tmp_path: Path) -> None:
    race(tmp_path, 50)


# ------------------------------------------------------------------ restore


def test_backups_list_time_and_counts_and_restore_beside(project: Path) -> None:
    with Store.open(project) as store:
        backup.backup_connection(store.db.conn, project)
        edit, _ = items.add_event(store, title="Later", date="2021")
        store.apply(edit)
        backup.backup_connection(store.db.conn, project)
    found = backup.backups(project)
    assert [b.events for b in found] == [4, 3]
    assert all(b.ok for b in found) and found[0].taken_at >= found[1].taken_at
    assert "4 events, 0 quotes, 0 sources" in found[0].describe()
    before = digest(project)
    dest = backup.restored_name(project)
    assert dest.parent == project.parent and "restored" in dest.name
    info = backup.restore_backup(found[1].path, dest)
    assert info.events == 3
    assert digest(project) == before
    with Store.open(dest) as restored:
        assert restored.count("events") == 3
        assert restored.integrity() == "ok"
    assert [p for p in project.parent.iterdir() if p.name.endswith(".restoring")] == []


def test_restore_refuses_an_existing_target_and_a_bad_backup(tmp_path: Path, project: Path) -> None:
    with Store.open(project) as store:
        copy = backup.backup_connection(store.db.conn, project)
    with pytest.raises(errors.ProjectError, match="already exists"):
        backup.restore_backup(copy, project)
    bad = tmp_path / "bad.citeline"
    shutil.copy(copy, bad)
    with open(bad, "r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\x0d" + b"\xff" * 4095)
    with pytest.raises(errors.DamagedProjectError, match="cannot be restored"):
        backup.restore_backup(bad, tmp_path / "new.citeline")
    assert not (tmp_path / "new.citeline").exists()


def test_no_backup_is_taken_of_a_damaged_file(project: Path) -> None:
    conn = sqlite3.connect(project)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(project, "r+b") as fh:
        fh.seek(size * 2)
        fh.write(b"\x0d" + b"\xff" * (size - 1))
    conn = connect_read_only(project)
    try:
        with pytest.raises(errors.DamagedProjectError):
            backup.backup_connection(conn, project)
    finally:
        conn.close()
    assert backup.list_backups(project) == []


def test_a_restored_copy_of_a_restored_copy_is_named_after_the_project(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from citeline.core.backup import restored_name

    when = datetime(2024, 3, 14, 12, tzinfo=UTC)
    first = restored_name(tmp_path / "Talks.citeline", when)
    assert first.name == "Talks (restored 2024-03-14).citeline"
    first.write_bytes(b"")
    assert restored_name(first, when).name == "Talks (restored 2024-03-14, 2).citeline"
