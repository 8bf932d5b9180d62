"""Migration 0003: sources keep their original bytes and lose the UNIQUE text digest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from citeline.core import errors, fingerprint, schema
from citeline.core.store import Store


def _version_1_project(path: Path) -> None:
    """A project as the first schema wrote it: two sources, passages, a dismissed date."""
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    first = Migrations("citeline")
    first(name="0001_initial")(schema.m0001_initial)
    first.apply(db)
    stamp = "2024-03-14T00:00:00Z"
    for sid, text in ((1, "One text."), (2, "Another text.")):
        db.execute(
            "INSERT INTO sources (id, title, text, sha256, imported_at) VALUES (?, ?, ?, ?, ?)",
            [sid, f"S{sid}", text, f"digest{sid}", stamp],
        )
    db.execute(
        'INSERT INTO passages (id, source_id, start, "end", exact, created_at) '
        "VALUES (1, 2, 0, 7, 'Another', ?)",
        [stamp],
    )
    db.execute('INSERT INTO dismissed_suggestions (source_id, start, "end") VALUES (2, 0, 3)')
    db.execute("INSERT INTO project VALUES ('title', 'Old')")
    db.conn.commit()
    db.close()


def test_migration_keeps_sources_and_their_references(tmp_path: Path) -> None:
    path = tmp_path / "old.citeline"
    _version_1_project(path)
    with Store.open(path) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
        assert [r["title"] for r in store.rows("sources", order="id")] == ["S1", "S2"]
        assert store.rows("passages")[0]["source_id"] == 2
        assert store.count("dismissed_suggestions") == 1
        db = store.db
        for child in ("passages", "dismissed_suggestions", "originals"):
            targets = {r[2] for r in db.execute(f"PRAGMA foreign_key_list({child})")}
            assert targets == {"sources"}, child
        assert not db["sources_old"].exists() and not db["sources_new"].exists()
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        columns = {c.name for c in db["sources"].columns}
        assert {"final_url", "fetched_at", "pages", "original_sha256"} <= columns
        # The text digest is no longer unique: two sources may share their text.
        db.execute(
            "INSERT INTO sources (id, title, text, sha256, imported_at) "
            "VALUES (3, 'S3', 'One text.', 'digest1', 'x')"
        )
        db.execute("INSERT INTO originals VALUES (3, 'text/plain', 'd', 9, ?)", [b"One text."])
        # Deleting a source still cascades to what references it.
        db.execute("DELETE FROM sources WHERE id IN (2, 3)")
        assert store.count("passages") == 0 and store.count("originals") == 0
        db.conn.commit()


def test_a_failed_rebuild_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.citeline"
    _version_1_project(path)
    monkeypatch.setattr(fingerprint, "_CACHE", {})  # the broken schema must not be remembered
    monkeypatch.setattr(schema, "_ORIGINALS_3", "CREATE TABLE originals (broken")
    with pytest.raises(errors.ProjectError, match="could not upgrade"):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2  # 0002 ran, 0003 did not
    assert conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "originals" not in tables and "sources_new" not in tables
    conn.close()
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
        assert store.count("passages") == 1
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_originals_refuse_an_unknown_source() -> None:
    store = Store.memory()
    try:
        store.db.execute("INSERT INTO originals VALUES (99, 'text/plain', 'd', 1, x'00')")
    except sqlite3.IntegrityError:
        pass
    else:  # pragma: no cover - the assertion below reports it
        raise AssertionError("an original without its source was accepted")
