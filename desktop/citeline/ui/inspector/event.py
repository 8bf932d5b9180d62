"""The inspector's event page: every field of an event, and its evidence passages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core import catalog, conflicts, items, queries
from citeline.core.dates import shown_date
from citeline.core.edits import Edit, combine
from citeline.core.model import STANCES, STATUSES
from citeline.ui.editable import edits
from citeline.ui.fields import DateField, LineField, NotesField, TextField, WrapLineField
from citeline.ui.inspector.base import Page, provenance_text, split_list
from citeline.ui.reader import plain_label
from citeline.ui.status import FLAG, FLAG_COLOR, LABELS

if TYPE_CHECKING:
    from citeline.ui.inspector.inspector import Inspector


class EventPage(Page):
    def __init__(self, inspector: Inspector) -> None:
        super().__init__(inspector)
        self.title = WrapLineField("Event title")
        self.date = DateField("Event date")
        self.provenance = plain_label()
        self.provenance.setAccessibleName("How the date was found")
        self.lane = QComboBox()
        self.lane.setAccessibleName("Lane")
        self.tags = LineField("Tags")
        self.tags.setPlaceholderText("comma, separated")
        self.people = LineField("People")
        self.people.setPlaceholderText("names, comma separated")
        self.status = status_box("Event status")
        self.reported = plain_label()
        self.reported.setAccessibleName("First reported")
        self.advice = plain_label()
        self.advice.setAccessibleName("Status suggestion")
        self.advice.setStyleSheet("font-style: italic;")
        self.flag = plain_label()
        self.flag.setAccessibleName("Disagreement")
        self.flag.setStyleSheet(f"color: {FLAG_COLOR.name()}; font-weight: bold;")
        self.importance = QSpinBox()
        self.importance.setRange(0, 5)
        self.importance.setAccessibleName("Importance")
        self.description = TextField("Description")
        self.description.setFixedHeight(90)
        self.notes = NotesField()
        self.evidence = QVBoxLayout()
        self.evidence.setSpacing(4)
        evidence_box = QWidget()
        evidence_box.setLayout(self.evidence)
        self.form.addRow("&Title", self.title)
        self.form.addRow("&Date", self.date)
        self.form.addRow("", self.provenance)
        self.form.addRow("First reported", self.reported)
        self.form.addRow("Stat&us", self.status)
        self.form.addRow("", self.advice)
        self.form.addRow("", self.flag)
        self.form.addRow("&Lane", self.lane)
        self.form.addRow("Ta&gs", self.tags)
        self.form.addRow("&People", self.people)
        self.form.addRow("&Importance", self.importance)
        self.form.addRow("De&scription", self.description)
        self.form.addRow("&Notes", self.notes)
        self.form.addRow("Evidence", evidence_box)

        self.title.committed.connect(lambda t: self._update(title=t))
        self.date.committed.connect(lambda d: self._update(date=d))
        self.lane.activated.connect(lambda _i: self._update(lane_id=self.lane.currentData()))
        self.status.activated.connect(lambda _i: self._update(status=self.status.currentData()))
        self.tags.committed.connect(lambda t: self._update(tags=split_list(t)))
        self.people.committed.connect(self._set_people)
        self.importance.valueChanged.connect(self._importance)
        self.description.committed.connect(lambda t: self._update(description=t))
        self.notes.committed.connect(
            lambda t: self.push(lambda: items.set_note(self.store, "event", self.item_id, t))
        )
        self._loading = False

    def _update(self, **fields: Any) -> None:
        if self.item_id is not None and not self._loading:
            self.push(lambda: items.update_event(self.store, self.item_id, **fields))

    def _importance(self, value: int) -> None:
        if not self._loading:
            self._update(importance=value)

    def _set_people(self, text: str) -> None:
        if self.item_id is None:
            return

        def make() -> Edit:
            ids = items.Ids(self.store)
            parts, person_ids = [], []
            for name in split_list(text):
                edit, pid = catalog.person_named(self.store, name, ids)
                parts.append(edit)
                person_ids.append(pid)
            parts.append(items.update_event(self.store, self.item_id, people=person_ids))
            return combine("Edit people", parts)

        self.push(make)

    def load(self, item_id: int | None) -> None:
        self.item_id = item_id
        if item_id is None:
            return
        self._loading = True
        store = self.store
        ev = queries.event(store, item_id)
        self.title.show_value(ev.title)
        self.date.show_value(ev.date_edtf)
        self.provenance.setText(provenance_text(ev.date_provenance))
        self.provenance.setVisible(bool(ev.date_provenance))
        self.lane.clear()
        self.lane.addItem("(no lane)", None)
        for lane in queries.lanes(store):
            self.lane.addItem(lane.name, lane.id)
        self.lane.setCurrentIndex(max(0, self.lane.findData(ev.lane_id)))
        self.status.setCurrentIndex(max(0, self.status.findData(ev.status)))
        reported = self.inspector.document.facts.first_reported(item_id)
        self.reported.setText(
            shown_date(reported) if reported else "unknown (no dated source cites it yet)"
        )
        self._load_checks(ev)
        self.tags.show_value(", ".join(ev.tags))
        names = [queries.speaker_name(store, p) for p in queries.people_of(store, item_id)]
        self.people.show_value(", ".join(names))
        self.importance.setValue(ev.importance)
        self.description.show_value(ev.description)
        notes = queries.notes(store, "event", item_id)
        self.notes.show_value(notes[0].body if notes else "")
        self._load_evidence()
        self._loading = False

    def _load_checks(self, ev: Any) -> None:
        """The flag when sources disagree, and a suggestion for the status (never forced)."""
        facts = self.inspector.document.facts
        found = facts.readings(ev.id)
        conflict = facts.described(ev.id, shown_date)
        self.flag.setText(
            f"{FLAG} Sources disagree: " + "; ".join(conflict.reasons) if conflict else ""
        )
        self.flag.setVisible(conflict is not None)
        self.advice.setText(status_advice(ev.status, found, conflict is not None))
        self.advice.setVisible(bool(self.advice.text()))

    def _load_evidence(self) -> None:
        while self.evidence.count():
            child = self.evidence.takeAt(0)
            if child.widget():
                child.widget().deleteLater()
        store = self.store
        assert self.item_id is not None
        rows = queries.evidence(store, self.item_id)
        if not rows:
            self.evidence.addWidget(
                plain_label(
                    "No passages yet: select text in a source and use Add Selection as Evidence."
                )
            )
        for ev in rows:
            self.evidence.addWidget(EvidenceRow(self, ev))


def status_box(name: str) -> QComboBox:
    """A combo box of the verification statuses."""
    box = QComboBox()
    box.setAccessibleName(name)
    for status in STATUSES:
        box.addItem(LABELS[status], status)
    return box


def status_advice(status: str, found: list[conflicts.Reading], flagged: bool = False) -> str:
    """A suggestion for an unverified event, from its evidence: never applied by itself."""
    if status != "unverified":
        return ""
    if any(r.stance == "contradicts" for r in found):
        return "A passage contradicts this event: consider \u201cdisputed\u201d."
    if flagged:
        return "Its sources disagree on the date: consider \u201cneeds checking\u201d."
    outlets = {
        (r.outlet or r.source_title).strip().casefold() for r in found if r.stance == "supports"
    }
    if len(outlets) >= 2:
        return f"Supported by {len(outlets)} different outlets: consider “confirmed”."
    return ""


class EvidenceRow(QWidget):
    """One cited passage: excerpt, source, status, stance, show and remove."""

    def __init__(self, page: EventPage, ev: Any) -> None:
        super().__init__()
        self.page = page
        store = page.store
        p = ev.passage
        res = queries.resolve_passage(store, p)
        src = queries.source(store, p.source_id)
        status = {"exact": "", "moved": " (moved)", "fuzzy": " (text changed)"}.get(
            res.status, " \u2014 ORPHANED: no longer found in the source"
        )
        excerpt = p.exact if len(p.exact) < 220 else p.exact[:217] + "\u2026"
        where = " \u00b7 ".join(b for b in (src.title, src.outlet, shown_date(src.published)) if b)
        self.label = plain_label(f"\u201c{excerpt}\u201d\n\u2014 {where}{status}")
        self.label.setAccessibleName("Evidence passage")
        self.label.setToolTip("Click to read it in its source")
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.installEventFilter(self)
        if res.status == "orphaned":
            self.label.setStyleSheet("color: #c0392b;")
        self.stance = QComboBox()
        self.stance.setAccessibleName("Stance")
        self.stance.addItems(list(STANCES))
        self.stance.setCurrentText(ev.stance)
        self.stance.activated.connect(self._stance)
        show = QToolButton()
        show.setText("Show")
        show.setToolTip("Show this passage in its source")
        show.setAccessibleName("Show passage")
        show.clicked.connect(lambda: page.inspector.showPassage.emit(p.id))
        remove = edits(QToolButton())
        remove.setText("Remove")
        remove.setAccessibleName("Remove evidence")
        remove.clicked.connect(
            lambda: page.push(lambda: items.remove_evidence(store, ev.event_id, p.id))
        )
        self.passage_id = p.id
        row = QHBoxLayout()
        row.addWidget(self.stance)
        row.addWidget(show)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self._event_id = ev.event_id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.label
            and event.type() == QEvent.Type.MouseButtonRelease
            and not self.label.hasSelectedText()
        ):
            self.page.inspector.showPassage.emit(self.passage_id)
        return super().eventFilter(watched, event)

    def _stance(self) -> None:
        stance = self.stance.currentText()
        store = self.page.store
        self.page.push(lambda: items.set_stance(store, self._event_id, self.passage_id, stance))
