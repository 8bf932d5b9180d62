"""A server project an older Citeline made is upgraded in place: by an admin (opening it
after the offer, or ``citeline server upgrade URL``), with the file's migrations
translated, in one transaction; anyone else is told in one line that an admin must run
the upgrade. The result equals a fresh server copy of the upgraded file project."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest

from citeline.core.errors import ProjectError
from citeline.core.schema import SCHEMA_VERSION
from citeline.core.server import schema, upgrade
from citeline.core.server.connection import Database, connect
from citeline.core.server.copy import COPIED, _copy
from citeline.core.server.store import ServerStore
from citeline.core.store import Store
from tests.clirun import run

OLD = 6


@pytest.fixture
def sample(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.citeline"
    assert run(capsys, "sample", str(path))[0] == 0
    return path


def _old_tables() -> list[str]:
    made = {s.split()[2] for s in schema.statements(OLD) if s.startswith("CREATE TABLE")}
    return [t for t in COPIED if t in made]


def _older_file(sample: Path, path: Path) -> None:
    """The sample as a schema-6 Citeline wrote it: schema 7 only added a table."""
    shutil.copy(sample, path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM dismissed_evidence").fetchone()[0] == 0
    conn.execute("DROP TABLE dismissed_evidence")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_dismissed_suggestions'")
    conn.execute(f"PRAGMA user_version = {OLD}")
    conn.commit()
    conn.close()


def _older_server(sample: Path, url: str) -> None:
    """A server project at schema 6 holding the sample, as a schema-6 Citeline made it."""
    raw = connect(url)
    with raw.transaction():
        schema.create(raw, OLD)
    target = ServerStore(Database(raw), "old", read_only=False, url=url)
    with Store.open(sample, read_only=True) as source:
        _copy(source, target, None, _old_tables())
    raw.close()


def _export(capsys, project: str) -> str:
    code, out, err = run(capsys, "export", project, "--format", "json", "--with-history")
    assert (code, err) == (0, "")
    return "\n".join(ln for ln in out.splitlines() if '"exported_at"' not in ln)


def _catalog(url: str) -> tuple[list, list]:
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "collation_name FROM information_schema.columns WHERE table_schema = 'public' "
            "ORDER BY 1, 2"
        ).fetchall()
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
    return columns, indexes


def test_every_schema_after_the_oldest_server_one_has_a_server_migration():
    assert set(upgrade.MIGRATIONS) == set(range(upgrade.OLDEST + 1, SCHEMA_VERSION + 1))


def test_an_admin_upgrade_equals_a_fresh_copy_of_the_upgraded_file(
    sample, tmp_path, pg_cluster, capsys
):
    old_url, fresh_url = pg_cluster.create_database(), pg_cluster.create_database()
    _older_server(sample, old_url)
    # opening it, without the upgrade, is refused in one line suggesting a backup
    code, _out, err = run(capsys, "export", old_url, "--format", "json")
    assert code == 1 and err.count("\n") == 1
    assert f"has the older schema {OLD} (this Citeline uses {SCHEMA_VERSION})" in err
    assert "pg_dump -Fc -d" in err and "citeline server upgrade" in err
    code, out, err = run(capsys, "server", "upgrade", old_url)
    assert (code, err) == (0, ""), err
    assert f"from schema {OLD} to {SCHEMA_VERSION}" in out
    # the file project, upgraded by its own migrations, copied to a fresh server
    old_file = tmp_path / "old.citeline"
    _older_file(sample, old_file)
    with Store.open(old_file) as upgraded:  # the file's migrations (after a backup)
        assert upgraded.schema_version() == SCHEMA_VERSION
    assert run(capsys, "copy", str(old_file), fresh_url)[0] == 0
    assert _export(capsys, old_url) == _export(capsys, fresh_url)
    assert _catalog(old_url) == _catalog(fresh_url)
    with Store.open(old_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.verify_history() == "ok"
        recorded = store.query("SELECT value FROM citeline_meta WHERE key = 'upgraded'")
    assert recorded[0]["value"].startswith(f"from schema {OLD} by postgres at ")
    code, out, _err = run(capsys, "server", "upgrade", old_url)
    assert code == 0 and "already at schema" in out


def test_only_an_admin_may_upgrade_and_the_new_tables_keep_everyones_rights(
    sample, pg_cluster, capsys
):
    url = pg_cluster.create_database()
    _older_server(sample, url)
    tag = uuid.uuid4().hex[:8]
    editor, reader = f"ed_{tag}", f"rd_{tag}"
    dbname = url.split("?")[0].rsplit("/", 1)[-1]
    with psycopg.connect(url, autocommit=True) as conn:  # rights given before the upgrade
        for role in (editor, reader):
            conn.execute(f'CREATE ROLE "{role}" LOGIN')
            conn.execute(f'GRANT CONNECT ON DATABASE "{dbname}" TO "{role}"')
            conn.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
            conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
        conn.execute(f'GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{editor}"')
    as_editor = pg_cluster.url(dbname, user=editor)
    code, _out, err = run(capsys, "history", as_editor)
    assert code == 1 and err.count("\n") == 1
    assert "an admin of the project must run `citeline server upgrade" in err
    assert "pg_dump" not in err
    code, _out, err = run(capsys, "server", "upgrade", as_editor)
    assert code == 1 and "must run `citeline server upgrade" in err
    # someone upgrading right now: others are told so, and kept out
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [upgrade.UPGRADE_LOCK])
        code, _out, err = run(capsys, "history", url)
        assert code == 1 and "is being upgraded right now" in err
    with pytest.raises(upgrade.OlderServerProjectError) as refused:
        Store.open(url)
    assert refused.value.may_upgrade
    ServerStore.connect(url, upgrade=True).close()  # the admin, opening it
    with psycopg.connect(url) as conn:
        rights = {
            role: conn.execute(
                "SELECT has_table_privilege(%s, 'dismissed_evidence', 'SELECT'), "
                "has_table_privilege(%s, 'dismissed_evidence', 'INSERT')",
                [role, role],
            ).fetchone()
            for role in (editor, reader)
        }
    assert rights == {editor: (True, True), reader: (True, False)}
    code, _out, err = run(capsys, "history", as_editor)
    assert (code, err) == (0, "")


def test_a_failed_upgrade_leaves_the_project_as_it_was(sample, pg_cluster, monkeypatch):
    url = pg_cluster.create_database()
    _older_server(sample, url)

    def broken(conn) -> None:
        conn.execute("CREATE TABLE half_made (id bigint)")
        conn.execute("SELECT no_such_function()")

    monkeypatch.setitem(upgrade.MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises(ProjectError, match=r"was not upgraded .*left as it was"):
        upgrade.upgrade_at(url)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('half_made')").fetchone()[0] is None
        version = conn.execute(
            "SELECT value FROM citeline_meta WHERE key = 'schema_version'"
        ).fetchone()[0]
    assert version == str(OLD)


def test_the_open_dialog_offers_an_admin_the_upgrade_with_a_backup_first(
    qtbot, sample, pg_cluster, tmp_path
):
    from citeline.ui.app import build_window
    from citeline.ui.server_open import ServerProjectDialog

    url = pg_cluster.create_database()
    _older_server(sample, url)
    path = tmp_path / "file.citeline"
    shutil.copy(sample, path)
    win = build_window(path)
    assert win is not None
    qtbot.addWidget(win)
    dialog = ServerProjectDialog(win, url)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.connect_now()
    qtbot.waitUntil(lambda: dialog.address.isEnabled(), timeout=10000)
    message = dialog.problem.text()
    assert f"older Citeline (schema {OLD}" in message and "pg_dump -Fc -d" in message
    assert dialog.open_button.text() == "&Upgrade and Open" and dialog.store is None
    with psycopg.connect(url) as conn:  # nothing is changed until the admin agrees
        assert conn.execute("SELECT to_regclass('dismissed_evidence')").fetchone()[0] is None
    dialog.connect_now()
    qtbot.waitUntil(lambda: dialog.store is not None, timeout=10000)
    assert dialog.store.schema_version() == SCHEMA_VERSION
    dialog.store.close()
    win.close()
