"""What the app offers when a project cannot be opened: why, its verified backups (time
and counts), and the choices — restore to a new file beside it, open another project,
open the sample, or quit. The failed file itself is never touched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core import errors
from citeline.core.backup import BackupInfo, backups, restore_backup, restored_name

RESTORE, OTHER, SAMPLE, QUIT, CANCEL = "restore", "other", "sample", "quit", "cancel"


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class RecoveryDialog(QDialog):
    """Why a project failed to open (or which backup to restore), and what to do next.

    ``choice`` is one of RESTORE, OTHER, SAMPLE, QUIT or CANCEL once it closes;
    :meth:`selected` is the backup to restore.
    """

    def __init__(
        self,
        parent: QWidget | None,
        project: Path,
        reason: str,
        *,
        startup: bool = False,
        infos: list[BackupInfo] | None = None,
        offer_backups: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup" if not reason else "Cannot open project")
        self.project = project
        if not offer_backups:
            infos = []
        self.infos = backups(project) if infos is None else infos
        self.choice = QUIT if startup else CANCEL
        layout = QVBoxLayout(self)
        if reason:
            self.reason = _plain(reason)
            layout.addWidget(self.reason)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        usable = [i for i in self.infos if i.ok]
        if self.infos:
            layout.addWidget(_plain(f"Backups of {project.name}, newest first:"))
            for info in self.infos:
                item = QListWidgetItem(info.describe())
                if not info.ok:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.list.addItem(item)
            if usable:
                self.list.setCurrentRow(self.infos.index(usable[0]))
            layout.addWidget(self.list)
            self.note = _plain(
                f"The backup is restored to a new file beside the project, "
                f"\u201c{restored_name(project).name}\u201d; {project.name} itself is kept "
                "as it is."
            )
        else:
            self.note = _plain(f"There is no backup of {project.name}." if offer_backups else "")
        if offer_backups:
            layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.buttons: dict[str, QPushButton] = {}
        if usable:
            self._button(
                buttons, RESTORE, "&Restore to a New File", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.list.itemDoubleClicked.connect(lambda _i: self._choose(RESTORE))
        if startup:
            self._button(
                buttons,
                OTHER,
                "&Open Another Project\u2026",
                QDialogButtonBox.ButtonRole.ActionRole,
            )
            self._button(
                buttons, SAMPLE, "Open the &Sample", QDialogButtonBox.ButtonRole.ActionRole
            )
            self._button(buttons, QUIT, "&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self._button(buttons, CANCEL, "Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def _button(
        self, box: QDialogButtonBox, choice: str, text: str, role: QDialogButtonBox.ButtonRole
    ) -> None:
        button = box.addButton(text, role)
        button.clicked.connect(lambda _c=False: self._choose(choice))
        self.buttons[choice] = button

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice in (QUIT, CANCEL):
            self.reject()
        else:
            self.accept()

    def selected(self) -> BackupInfo | None:
        """The backup chosen in the list (a usable one), if any."""
        row = self.list.currentRow()
        if 0 <= row < len(self.infos) and self.infos[row].ok:
            return self.infos[row]
        return None


def restore_beside(project: Path, info: BackupInfo) -> Path:
    """Restore ``info`` to a new file beside ``project``; return the new file's path."""
    dest = restored_name(project, info.taken_at)
    restore_backup(info.path, dest)
    return dest


def describe_failure(path: Path, exc: errors.CitelineError) -> str:
    """The message above the choices: the cause, then what the choices are."""
    from citeline.core.store import DAMAGED_NEXT_STEP

    text = str(exc).split(DAMAGED_NEXT_STEP)[0]  # the choices below are the next step
    if not text.startswith(path.name):
        text = f"{path.name} could not be opened: {text}"
    return text + "."
