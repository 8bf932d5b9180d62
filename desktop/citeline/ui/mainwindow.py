"""The main window: wires the timeline, reader, inspector, table and panels together.

It owns no logic of its own beyond layout, menus and routing; each part listens to the
Document and edits through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from citeline import __version__
from citeline.core import catalog, items
from citeline.core.errors import CitelineError
from citeline.core.importing import supported
from citeline.ui import settings, theme
from citeline.ui.address import AddressImport
from citeline.ui.document import Changes, Document, Selected
from citeline.ui.editable import edits, set_actions_editable
from citeline.ui.evidence_notice import EvidenceNotice
from citeline.ui.fileops import FileOps, show_error
from citeline.ui.filterbar import FilterBar
from citeline.ui.flags import FlagReader
from citeline.ui.follow import FollowUndo
from citeline.ui.help import add_help_actions
from citeline.ui.inspector import Inspector
from citeline.ui.organize import Organizer
from citeline.ui.originals import save_original_dialog
from citeline.ui.panels import PeoplePanel, SearchResults, SourcesPanel
from citeline.ui.reader import SourceReader
from citeline.ui.receipts import ReceiptsPanel
from citeline.ui.server_window import ServerWindow
from citeline.ui.status import status_menu
from citeline.ui.table import ItemsTable
from citeline.ui.timeline import TimelinePanel
from citeline.ui.timeline.legend import ChecksKey
from citeline.ui.undokeys import ProjectUndoKeys


class MainWindow(ServerWindow, QMainWindow):
    """One window per open project."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.resize(1500, 920)
        self.files = FileOps(self, document)
        self.address = AddressImport(self, self.files)
        self.organize = Organizer(self, document)

        self.timeline = TimelinePanel(document)
        self.reader = SourceReader(document)
        self.table = ItemsTable(document)
        self.inspector = Inspector(document)
        self.sources = SourcesPanel(document)
        self.results = SearchResults(document)
        self.people = PeoplePanel(document)
        self.receipts = ReceiptsPanel(document)
        self.follow = FollowUndo(document)
        self.flag_reader = FlagReader(self.timeline.view)
        self.filters = FilterBar(document)
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 4px;")
        self.banner.hide()

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reader, "&Source")
        self.tabs.addTab(self.table, "&Table")
        self.tabs.setAccessibleName("Source and table")
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("MainSplitter")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(4, 4, 4, 0)
        top_layout.addWidget(self.filters)
        top_layout.addWidget(self.timeline, 1)
        self.key = ChecksKey(self.timeline.view)
        top_layout.addWidget(self.key)
        self.split.addWidget(top)
        self.split.addWidget(self.tabs)
        # The timeline first: its lanes grow with what they hold (and scroll beyond).
        self.split.setSizes([560, 400])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)

        self.sources_dock = self._dock(
            "Sources", self.sources, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.results_dock = self._dock("Search", self.results, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.people_dock = self._dock("People", self.people, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.sources_dock, self.results_dock)
        self.tabifyDockWidget(self.results_dock, self.people_dock)
        self.sources_dock.raise_()
        self.inspector_dock = self._dock(
            "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.receipts_dock = self._dock(
            "Receipts", self.receipts, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.splitDockWidget(self.inspector_dock, self.receipts_dock, Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.sources_dock, self.inspector_dock], [250, 380], Qt.Orientation.Horizontal
        )

        self._build_menus()
        self.statusBar().showMessage("Ready")
        # Ctrl+Z in a field with nothing of its own to undo undoes the project's last step.
        self._undo_keys = ProjectUndoKeys(self)
        QApplication.instance().installEventFilter(self._undo_keys)
        self.evidence_notice = EvidenceNotice(self, document)
        # A server project says so in the status bar, with who you are on it.
        self._shared_label = QLabel()
        self._shared_label.setTextFormat(Qt.TextFormat.PlainText)
        self._shared_label.hide()
        self.statusBar().addPermanentWidget(self._shared_label)

        document.failed.connect(self.show_problem)
        document.conflicted.connect(self.show_conflict)
        self.conflict_dialog: Any = None
        self.server_dialog: Any = None
        document.changed.connect(self._on_changed)
        document.pathChanged.connect(lambda _p: self._update_title())
        document.pathChanged.connect(lambda _p: self._follow())
        self._follower: Any = None
        from citeline.ui.server_link import ServerLink

        self.link = ServerLink(self, document)
        self._follow()
        document.selectionChanged.connect(self._on_selection)
        document.undo_stack.indexChanged.connect(lambda _i: self._update_title())
        self.inspector.showPassage.connect(self.read_passage)
        self.receipts.showPassage.connect(self.read_passage)
        self.receipts.suggested.readSource.connect(self.read_span)
        self.sources.sourceOpened.connect(self.read_source)
        self.files.imported.connect(self._imported)
        self.filters.search.textChanged.connect(
            lambda text: None if text.strip() else self.results.search("")
        )
        tv = self.timeline.view
        tv.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tv.customContextMenuRequested.connect(self._timeline_menu)
        self.reader.eventCreated.connect(self._created)
        self.reader.quoteCreated.connect(self._created_quote)
        self.sources.importRequested.connect(self.files.import_dialog)
        self.filters.filterChanged.connect(self._filter)
        self.filters.searchRequested.connect(self._search)
        self.timeline.view.activated.connect(lambda kind, item_id: self._show_source())
        self._update_title()
        self._restore_layout()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # ----------------------------------------------------------- menus

    def _action(self, menu, text: str, slot, shortcut=None, *, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_history(self) -> None:
        """Edit › History…: the project's history, newest first, with filters."""
        from citeline.ui.history_dialog import HistoryDialog

        self.history_dialog = HistoryDialog(self.document, self)
        self.history_dialog.show()

    def preferences(self) -> None:
        """Edit › Preferences…: the name recorded with each change."""
        from citeline.ui.authors import preferences

        name = preferences(self)
        if name:
            self.document.set_author(name)
            self.statusBar().showMessage(f"Your changes are now recorded as made by {name}", 8000)
            self._update_title()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(
            file, "&New Project\u2026", self.files.new_dialog, QKeySequence.StandardKey.New
        )
        self._action(file, "&Open\u2026", self.files.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file, "Open Ser&ver Project\u2026", lambda _c=False: self.open_server())
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file, "Open the &Sample Project", self.open_sample)
        file.addSeparator()
        edits(self._action(file, "&Import\u2026", self.files.import_dialog, "Ctrl+I"))
        edits(
            self._action(
                file,
                "Import from &Address\u2026",
                lambda _c=False: self.address.ask(),
                "Ctrl+Shift+I",
            )
        )
        self._action(
            file,
            "Save &Original of This Source\u2026",
            lambda _c=False: save_original_dialog(self, self.document.store, self.reader.source_id),
        )
        export = file.addMenu("&Export")
        from citeline.core.io import EXPORTERS

        for name, spec in EXPORTERS.items():
            label = name.upper() if len(name) <= 4 else name.capitalize()
            self._action(
                export,
                f"{label} \u2014 {spec.description}",
                lambda _checked=False, n=name: self.files.export_dialog(n),
            )
        self._action(file, "Save a &Copy\u2026", self.files.save_copy_dialog, "Ctrl+Shift+S")
        self._action(file, "&Restore from Backup\u2026", self.files.restore_dialog)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo, redo = self._undo_actions()
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        for action in (
            self.reader.new_event_action,
            self.reader.new_quote_action,
            self.reader.evidence_action,
        ):
            edit.addAction(action)
            self.addAction(action)
        edits(
            self._action(edit, "New Event &without a Passage", self.new_blank_event, "Ctrl+Shift+N")
        )
        lanes = edit.addMenu("Lanes and E&ras")
        edits(self._action(lanes, "New &Lane\u2026", self.organize.new_lane))
        edits(self._action(lanes, "&Rename Lane\u2026", self.organize.rename_lane))
        edits(self._action(lanes, "&Delete Lane\u2026", self.organize.delete_lane))
        lanes.addSeparator()
        edits(self._action(lanes, "New &Era\u2026", self.organize.new_era))
        edits(self._action(lanes, "Edit E&ra\u2026", self.organize.edit_era))
        edits(self._action(lanes, "Delete Er&a\u2026", self.organize.delete_era))
        self.delete_action = edits(
            self._action(edit, "&Delete Selected Item", self.delete_selected, "Ctrl+Del")
        )
        self.edit_actions = [
            *file.actions(),
            *edit.actions(),
            *lanes.actions(),
        ]
        self.document.editableChanged.connect(
            lambda on: set_actions_editable(self.edit_actions, on)
        )
        set_actions_editable(self.edit_actions, self.document.editable)
        edit.addSeparator()
        self._action(edit, "&Find\u2026", self.focus_search, QKeySequence.StandardKey.Find)
        edit.addSeparator()
        self._action(edit, "&History\u2026", self.show_history, "Ctrl+Shift+H")
        prefs = self._action(edit, "Pre&ferences\u2026", self.preferences)
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)

        view = bar.addMenu("&View")
        tv = self.timeline.view
        self._action(view, "Zoom &In", tv.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._action(view, "Zoom &Out", tv.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._action(view, "&Fit All", tv.fit_all, "Ctrl+0")
        self._action(view, "Zoom to &Selection", tv.zoom_to_selection, "Ctrl+Shift+0")
        view.addSeparator()
        self._action(view, "&Timeline", lambda: tv.setFocus(), "Ctrl+1")
        self._action(view, "&Source", self._show_source, "Ctrl+2")
        self._action(
            view,
            "T&able",
            lambda: (self.tabs.setCurrentWidget(self.table), self.table.setFocus()),
            "Ctrl+3",
        )
        self._action(view, "&Inspector", lambda: self.inspector.setFocus(), "Ctrl+4")
        key = self._action(view, "Timeline &Key", lambda: None)
        key.setCheckable(True)
        key.setChecked(True)
        key.toggled.connect(self.key.setVisible)
        view.addSeparator()
        for dock in (
            self.sources_dock,
            self.results_dock,
            self.people_dock,
            self.inspector_dock,
            self.receipts_dock,
        ):
            view.addAction(dock.toggleViewAction())
        themes = view.addMenu("&Appearance")
        for mode in ("system", "light", "dark"):
            self._action(themes, mode.capitalize(), lambda _c=False, m=mode: self.set_theme(m))

        help_menu = bar.addMenu("&Help")
        add_help_actions(help_menu, self, [file, edit, view, help_menu])
        help_menu.addSeparator()
        self._action(help_menu, "&About Citeline", self.about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for project in settings.recent_projects():
            if isinstance(project, str):  # a server project, by its address
                self._action(
                    self.recent_menu, project, lambda _c=False, a=project: self.open_server(a)
                )
            else:
                self._action(
                    self.recent_menu,
                    str(project),
                    lambda _c=False, p=project: self.files.open_path(p),
                )
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none)").setEnabled(False)

    # ----------------------------------------------------------- actions

    def open_sample(self) -> None:
        from citeline.ui.app import sample_copy

        self.files.open_path(sample_copy(fresh=False))

    def new_blank_event(self) -> None:
        """Add an event dated today with no passage yet, ready to be filled in."""
        from citeline.core.excerpts import today_edtf

        try:
            edit, event_id = items.add_event(
                self.document.store, title="New event", date=today_edtf()
            )
        except CitelineError as exc:
            self.show_problem(str(exc))
            return
        if self.document.push(edit):
            self.document.select("event", event_id)
            self.inspector_dock.show()
            title = self.inspector.pages["event"].title
            title.setFocus()
            title.selectAll()

    def delete_selected(self) -> None:
        sel = self.document.selected
        if sel is None:
            return
        builders = {
            "event": items.delete_event,
            "quote": items.delete_quote,
            "source": items.delete_source,
            "person": catalog.delete_person,
        }
        if sel.kind not in builders:
            return
        try:
            edit = builders[sel.kind](self.document.store, sel.id)
        except CitelineError as exc:
            self.show_problem(str(exc))
            return
        if self.document.push(edit):
            self.document.select(None)

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def set_theme(self, mode: str) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, mode)
            settings.settings().setValue("theme", mode)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle("About Citeline")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Citeline {__version__}\n\nA timeline whose every event and quote links to the "
            "exact passage of the source it came from."
        )
        box.exec()

    def _undo_actions(self) -> tuple[QAction, QAction]:
        """Undo and Redo through the Document, so a failed step leaves the stack as it was."""
        stack = self.document.undo_stack
        undo = QAction("&Undo", self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.document.undo)
        redo = QAction("&Redo", self)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.triggered.connect(self.document.redo)

        def update() -> None:
            undo.setEnabled(stack.canUndo() and self.document.editable)
            undo.setText(f"&Undo {stack.undoText()}".rstrip())
            redo.setEnabled(stack.canRedo() and self.document.editable)
            redo.setText(f"&Redo {stack.redoText()}".rstrip())

        stack.indexChanged.connect(lambda _i: update())
        stack.cleanChanged.connect(lambda _c: update())
        self.document.editableChanged.connect(lambda _on: update())
        update()
        return undo, redo

    def show_problem(self, message: str) -> None:
        """Show a one-line problem in the banner and the status bar (never a crash)."""
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    def _created(self, _event_id: int) -> None:
        self.inspector_dock.show()
        self.inspector.focus_date()

    def _created_quote(self, _quote_id: int) -> None:
        self.inspector_dock.show()
        self.inspector.focus_speaker()

    def read_passage(self, passage_id: int) -> None:
        """Open a passage in the reader without changing what is selected."""
        self.reader.show_passage(passage_id)
        self.tabs.setCurrentWidget(self.reader)

    def read_source(self, source_id: int) -> None:
        """Open a source in the reader without changing what is selected."""
        self.reader.show_source(source_id)
        self.tabs.setCurrentWidget(self.reader)

    def read_span(self, source_id: int, start: int, end: int) -> None:
        """Open a source at a span (a suggested passage) without changing the selection."""
        self.reader.show_source(source_id, (start, end))
        self.tabs.setCurrentWidget(self.reader)

    def _imported(self, message: str, source_ids: list[int]) -> None:
        if source_ids:
            self.sources.select_source(source_ids[-1])
            self.read_source(source_ids[-1])
        self.statusBar().showMessage(message, 15000)
        self.evidence_notice.after_import(source_ids)

    def timeline_menu_at(self, pos: QPoint) -> QMenu | None:
        """The right-click menu of the timeline item at ``pos`` (selected), if any."""
        hit = self.timeline.view.item_at(QPointF(pos))
        if hit is None:
            return None
        kind, item_id = hit.item.kind, hit.item.id
        self.document.select(kind, item_id)
        menu = QMenu(self)
        menu.addMenu(status_menu(menu, self.document, kind, item_id))
        return menu

    def _timeline_menu(self, pos: QPoint) -> None:
        menu = self.timeline_menu_at(pos)
        if menu is not None:
            menu.exec(self.timeline.view.mapToGlobal(pos))

    def _show_source(self) -> None:
        self.tabs.setCurrentWidget(self.reader)
        self.reader.text.setFocus()

    def _filter(self, f) -> None:
        self.timeline.view.set_filter(None if f.empty else f)
        self.table.set_filter(None if f.empty else f)

    def _search(self, text: str) -> None:
        n = self.results.search(text)
        self.results_dock.show()
        self.results_dock.raise_()
        self.statusBar().showMessage(f"{n} result(s)", 5000)

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self.banner.hide()
        self._update_title()

    def _on_selection(self, selected: Selected | None) -> None:
        if selected is not None and selected.kind in ("source", "passage"):
            self.tabs.setCurrentWidget(self.reader)

    def update_title(self) -> None:
        """Show the project's name (a server project's address), read-only and shared."""
        self._update_title()

    def _update_title(self) -> None:
        path = self.document.path
        name = path.name if path else "Untitled"
        suffix = " [read-only]" if self.document.read_only else ""
        if self.document.offline:
            suffix += " [server away]"
        address = getattr(self.document.store, "address", None)
        if address:  # a server project: shared, and who you are on it
            name = address
            suffix += f" (shared \u00b7 you are {self.document.store.author})"
            self._shared_label.setText(
                f"Shared project \u00b7 you are {self.document.store.author}"
            )
            self._shared_label.show()
        else:
            self._shared_label.hide()
        self.setWindowTitle(f"{name}{suffix} \u2014 Citeline")
        if path:
            self.setWindowFilePath(str(path))
        if self.document.read_only:
            self.banner.setText(
                "This project is open read-only: you can read and export, not edit."
            )
            self.banner.show()

    # ----------------------------------------------------------- window state

    def _restore_layout(self) -> None:
        s = settings.settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        split = s.value("window/split")
        if isinstance(split, QByteArray):
            self.split.restoreState(split)

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Keep the whole window on its screen (a laptop, or a layout saved on a larger one).

        ``available`` is the screen's free area; by default the window's own screen's.
        """
        if available is None:
            screen = self.screen()
            if screen is None:
                return
            available = screen.availableGeometry()
        frame = self.frameGeometry()
        # The title bar and borders the window manager adds, at least a typical amount.
        extra_w = max(frame.width() - self.width(), 8)
        extra_h = max(frame.height() - self.height(), 36)
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            # Narrower side panels leave the timeline and the reader room to read titles.
            self.resizeDocks(
                [self.sources_dock, self.inspector_dock],
                [max(180, width * 13 // 100), max(300, width * 23 // 100)],
                Qt.Orientation.Horizontal,
            )
            # A short screen: the timeline gets most of the height (the chronology is
            # what the window opens on), the reader the rest (still a dozen lines).
            if height < 900:
                QTimer.singleShot(0, self._timeline_first)
        if not available.contains(self.frameGeometry()):
            self.move(available.topLeft())

    def _timeline_first(self) -> None:
        """Give the timeline about two thirds of the height between it and the reader
        (once the window has its size, which a splitter's sizes are shares of)."""
        total = sum(self.split.sizes())
        if total > 0:
            self.split.setSizes([total * 64 // 100, total - total * 64 // 100])

    def save_layout(self) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/split", self.split.saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.link.stop()
        if self._follower is not None:
            self._follower.stop()
            self._follower = None
        self.flag_reader.stop()
        self.inspector.commit_pending()
        self.save_layout()
        self.files.backup()
        if self.document.path:
            settings.add_recent(self.document.path)
        elif getattr(self.document.store, "address", None):
            settings.add_recent(self.document.store.address)
        self.flag_reader.timer.stop()  # it reads the store, which closes now
        self.timeline.view.stop()  # and so does the timeline's delayed description
        self.document.close()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() and supported(Path(u.toLocalFile())) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files.import_paths(paths)
            event.acceptProposedAction()


__all__ = ["MainWindow", "show_error"]
