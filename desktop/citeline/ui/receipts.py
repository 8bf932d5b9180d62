"""The receipts panel: every passage behind the selected event, from every source, side
by side with the date each one gives, so a user compares sources without switching."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from citeline.core import conflicts
from citeline.core.dates import shown_date
from citeline.ui.document import Changes, Document, FactsChanged, Selected
from citeline.ui.plain import tooltip
from citeline.ui.status import FLAG, FLAG_COLOR, LABELS
from citeline.ui.suggested_evidence import SuggestedEvidencePanel

HINT = "Select an event to compare what each of its sources says, and when."


class ReceiptsPanel(QWidget):
    """The passages of one event, one row per passage, with source, stance and date."""

    showPassage = Signal(int)  # passage id

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.event_id: int | None = None
        self.setAccessibleName("Receipts")
        self.heading = QLabel(HINT)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Receipts for")
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Event")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.hide()
        self.flag = QLabel()
        self.flag.setTextFormat(Qt.TextFormat.PlainText)
        self.flag.setWordWrap(True)
        self.flag.setAccessibleName("Disagreement")
        self.flag.setStyleSheet(f"color: {FLAG_COLOR.name()}; font-weight: bold;")
        self.flag.hide()
        self.list = QListWidget()
        self.list.setAccessibleName("Passages from all sources")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.heading)
        layout.addWidget(self.flag)
        layout.addWidget(self.list, 1)
        self.suggested = SuggestedEvidencePanel(document, self)
        layout.addWidget(self.suggested, 2)
        document.selectionChanged.connect(self._on_selection)
        document.changed.connect(self._on_changed)
        document.factsChanged.connect(self._on_facts)

    def show_event(self, event_id: int | None) -> None:
        """List the passages of an event (None: nothing, with a hint)."""
        self.event_id = event_id
        self.list.clear()
        self.flag.hide()
        store = self.document.store
        row = store.row("events", event_id) if event_id is not None else None
        if row is None:
            self.event_id = None
            self.title.hide()
            self.heading.setText(HINT)
            return
        facts = self.document.facts
        found = facts.readings(row["id"])
        sources = {r.source_id for r in found}
        reported = facts.first_reported(row["id"])
        self.title.setText(row["title"])
        self.title.show()
        lines = [
            f"Happened {shown_date(row['date_edtf'])}"
            + (f" \u00b7 first reported {shown_date(reported)}" if reported else "")
            + f" \u00b7 {LABELS.get(row['status'], row['status'])}",
            f"{len(found)} passage{'s' if len(found) != 1 else ''} from "
            f"{len(sources)} source{'s' if len(sources) != 1 else ''}",
        ]
        self.heading.setText("\n".join(lines))
        conflict = facts.described(row["id"], shown_date)
        if conflict is not None:
            self.flag.setText(f"{FLAG} Sources disagree: " + "; ".join(conflict.reasons))
            self.flag.show()
        for r in found:
            self.list.addItem(self._item(r, row["date_earliest"], row["date_latest"]))
        if not found:
            self.list.addItem(
                "No passages yet: open a source, select its words and press Ctrl+Shift+E."
            )

    def _item(self, r: conflicts.Reading, e0: int, e1: int) -> QListWidgetItem:
        where = " \u00b7 ".join(b for b in (r.source_title, r.outlet, shown_date(r.published)) if b)
        gives = (
            f"gives {shown_date(r.date)}" + (" (in its sentence)" if r.from_sentence else "")
            if r.date
            else "gives no date"
        )
        excerpt = " ".join(r.text.split())
        if len(excerpt) > 300:
            excerpt = excerpt[:299] + "\u2026"
        item = QListWidgetItem(f"{where}\n\u201c{excerpt}\u201d\n{r.stance} \u00b7 {gives}")
        item.setData(Qt.ItemDataRole.UserRole, r.passage_id)
        disagrees = r.stance == "contradicts" or not r.overlaps(e0, e1)
        if disagrees:
            item.setForeground(QBrush(FLAG_COLOR))
            item.setText(item.text() + f"  {FLAG}")
        item.setToolTip(tooltip(f"{where}\nClick to read it in its source"))
        return item

    def _open(self, item: QListWidgetItem) -> None:
        passage_id = item.data(Qt.ItemDataRole.UserRole)
        if passage_id is not None:
            self.showPassage.emit(int(passage_id))

    def _on_selection(self, selected: Selected | None) -> None:
        if selected is not None and selected.kind == "event":
            self.show_event(selected.id)
        elif selected is None or selected.kind in ("quote", "person"):
            self.show_event(None)
        # a source or passage opened for reading keeps the event's receipts in view

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self.show_event(None)

    def _on_facts(self, changed: FactsChanged) -> None:
        # the shown event's evidence, sources, date or flag changed (here or elsewhere)
        if changed.covers(self.event_id):
            self.show_event(self.event_id)
