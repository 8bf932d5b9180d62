"""The inspector's event page: every field of an event, and its evidence passages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core import catalog, items, queries
from citeline.core.edits import Edit, combine
from citeline.core.model import STANCES
from citeline.ui.fields import DateField, LineField, NotesField, TextField
from citeline.ui.inspector.base import Page, provenance_text, split_list
from citeline.ui.reader import plain_label

if TYPE_CHECKING:
    from citeline.ui.inspector.inspector import Inspector


class EventPage(Page):
    def __init__(self, inspector: Inspector) -> None:
        super().__init__(inspector)
        self.title = LineField("Event title")
        self.date = DateField("Event date")
        self.provenance = plain_label()
        self.provenance.setAccessibleName("How the date was found")
        self.lane = QComboBox()
        self.lane.setAccessibleName("Lane")
        self.tags = LineField("Tags")
        self.tags.setPlaceholderText("comma, separated")
        self.people = LineField("People")
        self.people.setPlaceholderText("names, comma separated")
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
        self.tags.show_value(", ".join(ev.tags))
        names = [queries.speaker_name(store, p) for p in queries.people_of(store, item_id)]
        self.people.show_value(", ".join(names))
        self.importance.setValue(ev.importance)
        self.description.show_value(ev.description)
        notes = queries.notes(store, "event", item_id)
        self.notes.show_value(notes[0].body if notes else "")
        self._load_evidence()
        self._loading = False

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
        self.label = plain_label(f"\u201c{excerpt}\u201d\n\u2014 {src.title}{status}")
        self.label.setAccessibleName("Evidence passage")
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
        remove = QToolButton()
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

    def _stance(self) -> None:
        stance = self.stance.currentText()
        store = self.page.store
        self.page.push(lambda: items.set_stance(store, self._event_id, self.passage_id, stance))
