"""File › Open Server Project…: an address, a password only when the server asks (never
saved), one-line errors with the dialog left open, and server projects in the recent
list by their address."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from citeline.cli import main
from citeline.ui import settings
from citeline.ui.server_open import ServerProjectDialog, with_password


@pytest.fixture
def project(pg_url, capsys) -> str:
    assert main(["server", "init", pg_url]) == 0
    capsys.readouterr()
    return pg_url


@pytest.fixture
def window(qtbot, tmp_path):
    from citeline.ui.app import build_window

    path = tmp_path / "file.citeline"
    assert main(["sample", str(path)]) == 0
    win = build_window(path)
    assert win is not None
    qtbot.addWidget(win)
    yield win
    win.close()


@pytest.fixture
def password_role(pg_cluster, project, monkeypatch):
    """A role that must give a password over the socket (the others stay trusted)."""
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    role = "pw_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 's3cret:/@x'")
    with psycopg.connect(project, autocommit=True) as conn:
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    hba = pg_cluster.data / "pg_hba.conf"
    before = hba.read_text()
    hba.write_text(f"local all {role} scram-sha-256\n" + before)
    pg_cluster.ctl("reload")
    yield project.replace("postgres@", f"{role}@")
    hba.write_text(before)
    pg_cluster.ctl("reload")


def _open(qtbot, dialog: ServerProjectDialog) -> None:
    dialog.connect_now()
    qtbot.waitUntil(lambda: dialog.address.isEnabled(), timeout=10000)


def test_the_password_is_put_in_the_user_part_percent_encoded():
    assert with_password("postgresql://ann@/db?host=/run/x", "a:b@c") == (
        "postgresql://ann:a%3Ab%40c@/db?host=/run/x"
    )
    assert with_password("postgresql://ann@h:5432/db", "") == "postgresql://ann@h:5432/db"


def test_open_server_project_opens_it_in_the_window_and_lists_it_as_recent(qtbot, window, project):
    window.open_server()
    dialog = window.server_dialog
    assert dialog.isVisible() and dialog.password.isHidden()  # no password unless asked
    dialog.address.setText("not an address")
    assert not dialog.open_button.isEnabled()
    assert "postgresql://" in dialog.problem.text()
    dialog.address.setText(project)
    _open(qtbot, dialog)
    qtbot.waitUntil(lambda: getattr(window.document.store, "shared", False), timeout=5000)
    assert not dialog.isVisible()
    assert project in window.windowTitle() and "shared" in window.windowTitle()
    assert settings.recent_projects()[0] == project
    # the recent list opens it again (libpq needs no password for this role)
    window.close()


def test_errors_are_one_line_and_the_dialog_stays_open(qtbot, window, project, pg_cluster):
    file_store = window.document.store
    cases = {
        project.replace(project.split("/")[3].split("?")[0], "nosuchdb"): "no such database",
        pg_cluster.url("postgres"): "not a citeline project",
        project.replace(str(pg_cluster.root), "/nonexistent"): "cannot be reached",
    }
    window.open_server()
    dialog = window.server_dialog
    for address, words in cases.items():
        dialog.address.setText(address)
        _open(qtbot, dialog)
        assert dialog.isVisible(), address
        text = dialog.problem.text()
        assert words in text.lower().replace("holds no citeline project", "not a citeline project")
        assert "\n" not in text
        assert window.document.store is file_store  # nothing was replaced
    dialog.reject()


def test_a_password_is_asked_when_wanted_and_never_saved(qtbot, window, password_role):
    window.open_server()
    dialog = window.server_dialog
    dialog.address.setText(password_role)
    _open(qtbot, dialog)
    assert dialog.isVisible() and not dialog.password.isHidden()
    assert "asks for a password" in dialog.problem.text()
    dialog.password.setText("wrong")
    _open(qtbot, dialog)
    assert dialog.isVisible() and "Wrong password" in dialog.problem.text()
    dialog.password.setText("s3cret:/@x")
    _open(qtbot, dialog)
    qtbot.waitUntil(lambda: getattr(window.document.store, "shared", False), timeout=5000)
    store = window.document.store
    assert store.read_only  # this role may only read
    assert "s3cret" not in window.windowTitle()
    assert settings.recent_projects()[0] == password_role
    text = Path(settings.settings().fileName()).read_text(encoding="utf-8")
    assert "s3cret" not in text and "wrong" not in text
    # from the recent list: the server asks again, so the dialog asks for the password
    window.open_server(password_role)
    again = window.server_dialog
    qtbot.waitUntil(lambda: again.address.isEnabled(), timeout=10000)
    assert again.isVisible() and not again.password.isHidden()
    again.reject()


def test_cancelling_while_connecting_opens_nothing(qtbot, window, project):
    file_store = window.document.store
    window.open_server()
    dialog = window.server_dialog
    dialog.address.setText(project)
    dialog.connect_now()
    dialog.reject()
    qtbot.wait(1500)
    assert window.document.store is file_store
