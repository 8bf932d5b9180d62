"""Restore from any backup: a backup file chosen by hand when a damaged project has none
of its own, and a restored project that still offers the backups of the one it came from."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.ui.test_recovery_ui import Answer, damage, digest

from citeline.core import backup, items
from citeline.core.files import sweep_unfinished
from citeline.core.store import Store
from citeline.ui import recovery, settings


def _project(path: Path, events: int) -> Path:
    with Store.create(path) as store:
        for i in range(events):
            edit, _ = items.add_event(store, title=f"E{i}", date="2020")
            store.apply(edit)
    return path


def _copy(project: Path, to: Path) -> Path:
    """A copy of ``project`` kept elsewhere (a stick, a mail attachment)."""
    to.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(project), sqlite3.connect(to)
    source.backup(target)
    source.close()
    target.close()
    return to


def _choose_file(monkeypatch, *names: Path) -> list[str]:
    """Answer the file dialog with ``names`` in turn; record where it opened."""
    queue, folders = list(names), []

    def get_open_file_name(_parent, _title, folder, _filter):
        folders.append(folder)
        return (str(queue.pop(0)), "") if queue else ("", "")

    monkeypatch.setattr(recovery.QFileDialog, "getOpenFileName", get_open_file_name)
    return folders


def test_a_damaged_project_without_backups_restores_a_file_chosen_by_hand(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    from citeline.ui.app import build_window

    path = _project(tmp_path / "lone.citeline", 3)
    kept = _copy(path, tmp_path / "stick" / "lone copy.citeline")
    damage(path)
    before = digest(path)
    not_a_project = tmp_path / "notes.citeline"
    not_a_project.write_text("not a project")

    # first a file that is no backup: said in the dialog, which stays open
    _choose_file(monkeypatch, not_a_project)
    answer = Answer(monkeypatch, recovery.CHOOSE)
    assert build_window(path) is None
    dialog = answer.shown[0]
    assert "no backup of lone.citeline" in dialog.note.text()
    assert "Choose a Backup File" in dialog.note.text()
    assert "restore" not in dialog.buttons and "choose" in dialog.buttons
    assert not dialog.problem.isHidden()
    assert "notes.citeline cannot be restored" in dialog.problem.text()
    assert dialog.problem.textFormat() == recovery.Qt.TextFormat.PlainText

    # then the copy: restored beside the damaged project, which is left as it was
    _choose_file(monkeypatch, kept)
    answer.choices.append(recovery.CHOOSE)
    window = build_window(path)
    qtbot.addWidget(window)
    new = window.document.path
    assert new is not None and new.parent == path.parent and "restored" in new.name
    assert window.document.store.count("events") == 3
    assert digest(path) == before
    assert backup.restored_from(new) == path.resolve()
    assert "restored_from" not in window.document.store.project_info()  # never exported
    window.close()


def test_restore_from_backup_on_a_restored_project_offers_the_originals_backups(
    qtbot, monkeypatch, tmp_path: Path, sample_path: Path
) -> None:
    from citeline.ui.app import build_window

    path = tmp_path / "work.citeline"
    with Store.create(path) as store:
        for i in range(6):
            edit, _ = items.add_event(store, title=f"E{i}", date="2020")
            store.apply(edit)
            if i in (3, 5):
                backup.backup_connection(store.db.conn, path)
    damage(path)
    window = build_window(sample_path)
    qtbot.addWidget(window)
    answer = Answer(monkeypatch, recovery.RESTORE)
    assert window.files.open_path(path)
    restored = window.document.path
    assert restored is not None and window.document.store.count("events") == 6

    # File › Restore from Backup… on the restored project: the original's two backups
    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    answer.choices.append(recovery.CANCEL)
    actions["&Restore from Backup\u2026"].trigger()
    dialog = answer.shown[-1]
    rows = [dialog.list.item(n).text() for n in range(dialog.list.count())]
    of_original = [r for r in rows if r.endswith("\u2014 of work.citeline")]
    assert len(of_original) == 2, rows
    assert "4 events" in of_original[1] and "6 events" in of_original[0]
    assert "which it was restored from" in dialog.findChildren(recovery.QLabel)[0].text()

    # restore the older one: the new copy still says it came from work.citeline
    answer.choices.append(recovery.RESTORE)
    monkeypatch.setattr(
        recovery.RecoveryDialog,
        "selected",
        lambda self: next(i for i in self.infos if i.events == 4),
    )
    actions["&Restore from Backup\u2026"].trigger()
    again = window.document.path
    assert again not in (restored, path) and window.document.store.count("events") == 4
    assert backup.restored_from(again) == path.resolve()
    window.close()


def test_a_killed_restore_leaves_nothing_after_the_next_start(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    """A restore killed while building its copy leaves a hidden file beside the project;
    the next start of the app (or the next restore, anywhere) removes it."""
    from citeline.ui import app

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    script = (
        "import os, signal, sys; from pathlib import Path\n"
        "from citeline.core.files import new_temp\n"
        "tmp, lock = new_temp(Path(sys.argv[1]), 'restoring')\n"
        "tmp.write_bytes(b'x' * 4096)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )

    def killed_restore() -> list[Path]:
        done = subprocess.run(
            [sys.executable, "-c", script, str(folder / "Project (restored).citeline")],
            env=os.environ,
            check=False,
        )
        assert done.returncode == -signal.SIGKILL
        left = list(folder.glob(".Project (restored).citeline.*.restoring"))
        assert len(left) == 1
        return left

    killed_restore()
    monkeypatch.setattr(app, "build_window", lambda _project: None)
    assert app.run(None) == 1  # the app starts (and is told to stop at once)
    assert list(folder.iterdir()) == []

    killed_restore()  # a restore to another folder clears it too
    source = _project(tmp_path / "p.citeline", 1)
    with Store.open(source) as store:
        copy = backup.backup_connection(store.db.conn, source)
    backup.restore_backup(copy, tmp_path / "other.citeline")
    assert list(folder.iterdir()) == []
    assert sweep_unfinished() == []

    # left with no note (an older Citeline, a data folder that could not be written):
    # found beside the recent projects at the next start
    killed_restore()
    from citeline.core.paths import user_data_dir

    for note in (user_data_dir() / "unfinished").iterdir():
        note.unlink()
    _project(folder / "Project.citeline", 1)
    settings.add_recent(folder / "Project.citeline")
    assert app.run(None) == 1
    assert [p.name for p in folder.iterdir()] == ["Project.citeline"]
