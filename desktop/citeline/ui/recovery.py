"""What the app offers when a project cannot be opened: why, its verified backups (time
and counts), and the choices — restore to a new file beside it, choose a backup file by
hand (a copy kept elsewhere, another computer's backup), open another project, open the
sample, or quit. A restored project also offers the backups of the project it was
restored from. The failed file itself is never touched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core import errors
from citeline.core.backup import (
    BackupInfo,
    backups,
    restore_backup,
    restored_from,
    restored_name,
    verify_backup,
)
from citeline.core.paths import user_data_dir

RESTORE, CHOOSE, OTHER, SAMPLE, QUIT, CANCEL = (
    "restore",
    "choose",
    "other",
    "sample",
    "quit",
    "cancel",
)
BACKUP_FILTER = "Citeline projects and backups (*.citeline);;All files (*)"


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
        # a restored project offers the backups of the project it was restored from
        self.origin = restored_from(project) if offer_backups and project.is_file() else None
        self.own = len(self.infos)
        if self.origin is not None and infos is None:
            self.infos = self.infos + backups(self.origin)
        self.chosen: BackupInfo | None = None
        self.choice = QUIT if startup else CANCEL
        layout = QVBoxLayout(self)
        if reason:
            self.reason = _plain(reason)
            layout.addWidget(self.reason)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        usable = [i for i in self.infos if i.ok]
        if self.infos:
            heading = f"Backups of {project.name}, newest first:"
            if self.origin is not None and self.own < len(self.infos):
                heading = (
                    f"Backups of {project.name} and of {self.origin.name}, which it was "
                    "restored from, newest first:"
                )
            layout.addWidget(_plain(heading))
            for n, info in enumerate(self.infos):
                text = info.describe()
                if n >= self.own and self.origin is not None:
                    text += f"  — of {self.origin.name}"
                item = QListWidgetItem(text)
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
            self.note = _plain(
                f"There is no backup of {project.name} in Citeline's backup folder. If "
                "you have a copy or a backup file of it elsewhere, choose it with "
                "\u201cChoose a Backup File\u2026\u201d: it is restored to a new file "
                f"beside {project.name}, which is kept as it is."
                if offer_backups
                else ""
            )
        if offer_backups:
            layout.addWidget(self.note)
        self.problem = _plain("")
        self.problem.setAccessibleName("Chosen file")
        font = self.problem.font()
        font.setBold(True)
        self.problem.setFont(font)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.buttons: dict[str, QPushButton] = {}
        if usable:
            self._button(
                buttons, RESTORE, "&Restore to a New File", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.list.itemDoubleClicked.connect(lambda _i: self._choose(RESTORE))
        if offer_backups:
            self._button(
                buttons,
                CHOOSE,
                "&Choose a Backup File…",
                QDialogButtonBox.ButtonRole.ActionRole,
            )
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
        if not self.infos:
            layout.addStretch(1)  # the words stay together at the top
        layout.addWidget(buttons)
        self.resize(620, 360 if self.infos else 220)

    def _button(
        self, box: QDialogButtonBox, choice: str, text: str, role: QDialogButtonBox.ButtonRole
    ) -> None:
        button = box.addButton(text, role)
        button.clicked.connect(lambda _c=False: self._choose(choice))
        self.buttons[choice] = button

    def _choose(self, choice: str) -> None:
        if choice == CHOOSE:
            self._choose_file()
            return
        self.choice = choice
        if choice in (QUIT, CANCEL):
            self.reject()
        else:
            self.accept()

    def _choose_file(self) -> None:
        """Ask for a backup file; restore it if it verifies, else say why and stay open."""
        folder = user_data_dir() / "backups"
        start = folder if folder.is_dir() else self.project.parent
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a Backup File", str(start), BACKUP_FILTER
        )
        if not name:
            return
        path = Path(name)
        if path.resolve() == self.project.resolve():
            self._say(f"{path.name} is the project itself: choose a backup or a copy of it.")
            return
        info = verify_backup(path)
        if not info.ok:
            self._say(f"{path.name} cannot be restored: {info.problem}; choose another file.")
            return
        self.chosen = info
        self.choice = RESTORE
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def selected(self) -> BackupInfo | None:
        """The backup to restore: the file chosen by hand, else the one chosen in the list
        (a usable one), if any."""
        if self.chosen is not None:
            return self.chosen
        row = self.list.currentRow()
        if 0 <= row < len(self.infos) and self.infos[row].ok:
            return self.infos[row]
        return None


def restore_beside(project: Path, info: BackupInfo) -> Path:
    """Restore ``info`` to a new file beside ``project``; return the new file's path.

    The new file records the project the backup belongs to: ``project`` itself, or for
    one of the backups a restored project inherits, the project it was restored from.
    """
    dest = restored_name(project, info.taken_at)
    origin = project
    earlier = restored_from(project) if project.is_file() else None
    if earlier is not None and any(b.path == info.path for b in backups(earlier)):
        origin = earlier
    restore_backup(info.path, dest, origin=origin)
    return dest


def describe_failure(path: Path, exc: errors.CitelineError) -> str:
    """The message above the choices: the cause, then what the choices are."""
    from citeline.core.store import DAMAGED_NEXT_STEP

    text = str(exc).split(DAMAGED_NEXT_STEP)[0]  # the choices below are the next step
    if not text.startswith(path.name):
        text = f"{path.name} could not be opened: {text}"
    return text + "."
