"""A damaged project in the app: its newest verified backup offered with time and counts,
restored to a new file beside it, the damaged one kept untouched; File › Restore from
Backup…; and no sample opened behind the user's back when a project fails at start."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from citeline.core import backup, items
from citeline.core.store import Store
from citeline.ui import recovery, settings


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\x0d" + b"\xff" * (size - 1))


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A project with two backups (4 then 6 events), then damaged."""
    path = tmp_path / "work.citeline"
    with Store.create(path) as store:
        for i in range(6):
            edit, _ = items.add_event(store, title=f"E{i}", date="2020")
            store.apply(edit)
            if i in (3, 5):
                backup.backup_connection(store.db.conn, path)
    damage(path)
    return path


class Answer:
    """Stands in for the user: records each dialog shown and presses one of its buttons."""

    def __init__(self, monkeypatch, *choices: str) -> None:
        self.choices = list(choices)
        self.shown: list[recovery.RecoveryDialog] = []
        answer = self

        def exec_(dialog: recovery.RecoveryDialog) -> int:
            answer.shown.append(dialog)
            choice = answer.choices.pop(0)
            dialog.buttons[choice].click()
            return int(dialog.result())

        monkeypatch.setattr(recovery.RecoveryDialog, "exec", exec_)


def test_opening_a_damaged_project_offers_its_newest_backup(
    qtbot, monkeypatch, damaged: Path, sample_path: Path
) -> None:
    from citeline.ui.app import build_window

    window = build_window(sample_path)
    qtbot.addWidget(window)
    answer = Answer(monkeypatch, recovery.RESTORE)
    before = digest(damaged)
    assert window.files.open_path(damaged)
    dialog = answer.shown[0]
    assert "is damaged" in dialog.reason.text()
    assert dialog.list.count() == 2
    assert "6 events, 0 quotes, 0 sources" in dialog.list.item(0).text()
    assert dialog.selected() is not None and dialog.selected().events == 6
    assert "kept as it is" in dialog.note.text()
    new = window.document.path
    assert new is not None and new.parent == damaged.parent and new != damaged
    assert "restored" in new.name
    assert window.document.store.count("events") == 6
    assert digest(damaged) == before, "the damaged file is kept aside untouched"
    assert "was left as it was" in window.statusBar().currentMessage()
    window.close()


def test_restore_from_backup_menu_item(qtbot, monkeypatch, tmp_path: Path) -> None:
    from citeline.ui.app import build_window

    path = tmp_path / "ok.citeline"
    with Store.create(path) as store:
        edit, _ = items.add_event(store, title="Kept", date="2020")
        store.apply(edit)
        backup.backup_connection(store.db.conn, path)
    window = build_window(path)
    qtbot.addWidget(window)
    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    assert "&Restore from Backup\u2026" in actions
    answer = Answer(monkeypatch, recovery.CANCEL)
    actions["&Restore from Backup\u2026"].trigger()
    assert answer.shown and "1 event, 0 quotes, 0 sources" in answer.shown[0].list.item(0).text()
    assert window.document.path == path  # cancelled: nothing changed
    answer.choices.append(recovery.RESTORE)
    actions["&Restore from Backup\u2026"].trigger()
    assert window.document.path != path and window.document.store.count("events") == 1
    window.close()


def test_a_damaged_last_project_never_opens_the_sample_silently(
    qtbot, monkeypatch, damaged: Path
) -> None:
    from citeline.core.paths import user_data_dir
    from citeline.ui.app import SAMPLE_NAME, build_window

    settings.add_recent(damaged)
    answer = Answer(monkeypatch, recovery.QUIT)
    assert build_window(None) is None
    assert "is damaged" in answer.shown[0].reason.text()
    assert set(answer.shown[0].buttons) == {"restore", "choose", "other", "sample", "quit"}
    assert not (user_data_dir() / SAMPLE_NAME).exists()

    answer.choices.append(recovery.RESTORE)
    window = build_window(None)
    qtbot.addWidget(window)
    assert window.document.path is not None and "restored" in window.document.path.name
    assert window.document.store.count("events") == 6
    window.close()

    answer.choices.append(recovery.SAMPLE)  # the sample, when the user asks for it
    settings.add_recent(damaged)
    window = build_window(None)
    qtbot.addWidget(window)
    assert window.document.path == user_data_dir() / SAMPLE_NAME
    window.close()


def test_a_project_with_no_backup_says_so(qtbot, monkeypatch, tmp_path: Path) -> None:
    from citeline.ui.app import build_window

    path = tmp_path / "lone.citeline"
    with Store.create(path) as store:
        edit, _ = items.add_event(store, title="E", date="2020")
        store.apply(edit)
    damage(path)
    answer = Answer(monkeypatch, recovery.QUIT)
    assert build_window(path) is None
    dialog = answer.shown[0]
    assert "no backup of lone.citeline" in dialog.note.text()
    assert "restore" not in dialog.buttons


def test_a_project_open_elsewhere_can_be_opened_read_only(
    qtbot, monkeypatch, tmp_path: Path, sample_path: Path
) -> None:
    from citeline.ui import fileops
    from citeline.ui.app import build_window

    path = tmp_path / "busy.citeline"
    Store.create(path).close()
    other = Store.open(path)  # "another Citeline window"
    window = build_window(sample_path)
    qtbot.addWidget(window)
    asked: list[str] = []
    monkeypatch.setattr(fileops, "ask", lambda _p, message, _a: asked.append(message) or True)
    assert window.files.open_path(path)
    assert "open in another Citeline window" in asked[0]
    assert window.document.read_only and window.document.path == path
    window.close()
    other.close()


def test_a_locked_last_project_offers_no_backups(qtbot, monkeypatch, tmp_path: Path) -> None:
    from citeline.ui.app import build_window

    path = tmp_path / "busy.citeline"
    with Store.create(path) as store:
        backup.backup_connection(store.db.conn, path)
    other = Store.open(path)
    settings.add_recent(path)
    answer = Answer(monkeypatch, recovery.QUIT)
    assert build_window(None) is None
    dialog = answer.shown[0]
    assert "open in another Citeline window" in dialog.reason.text()
    assert "restore" not in dialog.buttons and dialog.list.count() == 0
    other.close()


def test_a_last_project_that_is_gone_is_said_not_replaced(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    from citeline.ui.app import build_window

    path = tmp_path / "moved.citeline"
    Store.create(path).close()
    settings.add_recent(path)
    path.rename(tmp_path / "elsewhere.citeline")
    answer = Answer(monkeypatch, recovery.QUIT)
    assert build_window(None) is None
    assert "no longer exists" in answer.shown[0].reason.text()
