"""The promises about a user's work: nothing acknowledged is lost, nothing half-written."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from citeline.core import backup, errors, items, schema
from citeline.core import store as store_module
from citeline.core.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from citeline.core import items
    from citeline.core.store import Store
    store = Store.open(sys.argv[1])
    n = 0
    while True:
        edit, event_id = items.add_event(store, title=f"Event {n}", date="2021-03",
                                         description="x" * (n % 50) * 40)
        store.apply(edit)
        print(event_id, flush=True)   # shown to the user only after the commit
        n += 1
    """
)


def test_kill_9_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "p.citeline"
    Store.create(path).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 150:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store.open(path) as store:
        assert store.integrity() == "ok"
        ids = {r["id"] for r in store.rows("events")}
    assert set(acknowledged) <= ids


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        edit, _ = items.add_event(store, title="Kept", date="2020")
        store.apply(edit)

    broken = Migrations("citeline")
    for m in schema.migrations._migrations:
        broken(name=m.name)(m.fn)

    @broken(name="9999_broken")
    def m9999(db) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER)")
        db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
        raise RuntimeError("simulated failure halfway")

    with monkeypatch.context() as patch:
        patch.setattr(store_module, "migrations", broken)
        patch.setattr(store_module, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
        with pytest.raises(errors.ProjectError, match="could not upgrade"):
            Store.open(path)
    with Store.open(path) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
        assert not store.db["half_done"].exists()
        assert [r["title"] for r in store.rows("events")] == ["Kept"]
    # a verified backup was taken before the upgrade was tried
    copies = backup.list_backups(path)
    assert copies and "before-upgrade" in copies[0].name


def test_backups_are_verified_and_rotated(tmp_path: Path) -> None:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        for i in range(4):
            edit, _ = items.add_event(store, title=f"E{i}", date="2020")
            store.apply(edit)
            backup.backup_connection(store.db.conn, path, keep=3)
    copies = backup.list_backups(path)
    assert len(copies) == 3
    with Store.open(copies[0], read_only=True) as newest:
        assert newest.count("events") == 4
        assert newest.integrity() == "ok"
