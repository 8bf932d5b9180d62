"""The inspector: every field of the selected event, quote or source, edited in place.

Each committed field is one undo step. Evidence passages are listed with their stance
and source; orphaned ones stay listed, marked as such.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core import catalog, errors, items, queries
from citeline.core.edits import Edit, combine
from citeline.core.model import STANCES
from citeline.ui.document import Changes, Document, Selected
from citeline.ui.fields import DateField, LineField, NotesField, TextField
from citeline.ui.reader import plain_label


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


class _Page(QWidget):
    """A form for one kind of item; subclasses fill it and turn fields into edits."""

    def __init__(self, inspector: Inspector) -> None:
        super().__init__()
        self.inspector = inspector
        self.item_id: int | None = None
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        outer.addStretch(1)  # fields keep their natural height; the space goes below

    @property
    def store(self):  # the document's current store
        return self.inspector.document.store

    def push(self, make: Callable[[], Edit]) -> None:
        """Build an edit (reporting bad input) and push it as one undo step."""
        try:
            edit = make()
        except errors.CitelineError as exc:
            self.inspector.document.failed.emit(str(exc))
            self.load(self.item_id)
            return
        self.inspector.document.push(edit)

    def text_fields(self) -> list[TextField]:
        return [w for w in self.findChildren(TextField)]

    def load(self, item_id: int | None) -> None:
        raise NotImplementedError


class EventPage(_Page):
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
        self.tags.committed.connect(lambda t: self._update(tags=_split(t)))
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
            for name in _split(text):
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
        self.provenance.setText(_provenance_text(ev.date_provenance))
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


class QuotePage(_Page):
    def __init__(self, inspector: Inspector) -> None:
        super().__init__(inspector)
        self.text = TextField("Quote text")
        self.text.setFixedHeight(110)
        self.verbatim = plain_label()
        self.speaker = QComboBox()
        self.speaker.setEditable(True)
        self.speaker.setAccessibleName("Speaker")
        self.speaker.lineEdit().setPlaceholderText("Who said it?")
        self.date = DateField("Date said")
        self.lane = QComboBox()
        self.lane.setAccessibleName("Lane")
        self.tags = LineField("Tags")
        self.notes = NotesField()
        self.source = plain_label()
        show = QToolButton()
        show.setText("Show in source")
        show.setAccessibleName("Show passage")
        show.clicked.connect(self._show)
        self.form.addRow("&Words", self.text)
        self.form.addRow("", self.verbatim)
        self.form.addRow("&Speaker", self.speaker)
        self.form.addRow("&Date said", self.date)
        self.form.addRow("&Lane", self.lane)
        self.form.addRow("Ta&gs", self.tags)
        self.form.addRow("&Notes", self.notes)
        self.form.addRow("Source", self.source)
        self.form.addRow("", show)
        self.text.committed.connect(lambda t: self._update(text=t))
        self.speaker.lineEdit().editingFinished.connect(self._speaker)
        self.speaker.activated.connect(lambda _i: self._speaker())
        self.date.committed.connect(lambda d: self._update(date=d))
        self.lane.activated.connect(lambda _i: self._update(lane_id=self.lane.currentData()))
        self.tags.committed.connect(lambda t: self._update(tags=_split(t)))
        self.notes.committed.connect(
            lambda t: self.push(lambda: items.set_note(self.store, "quote", self.item_id, t))
        )
        self._passage_id: int | None = None
        self._speaker_name = ""

    def _update(self, **fields: Any) -> None:
        if self.item_id is not None:
            self.push(lambda: items.update_quote(self.store, self.item_id, **fields))

    def _speaker(self) -> None:
        name = self.speaker.currentText().strip()
        if self.item_id is None or name == self._speaker_name:
            return
        self._speaker_name = name

        def make() -> Edit:
            if not name:
                return items.update_quote(self.store, self.item_id, speaker_id=None)
            edit, pid = catalog.person_named(self.store, name)
            return combine(
                "Set speaker", [edit, items.update_quote(self.store, self.item_id, speaker_id=pid)]
            )

        self.push(make)

    def _show(self) -> None:
        if self._passage_id is not None:
            self.inspector.showPassage.emit(self._passage_id)

    def load(self, item_id: int | None) -> None:
        self.item_id = item_id
        if item_id is None:
            return
        store = self.store
        q = queries.quote(store, item_id)
        self.text.show_value(q.text)
        self.verbatim.setText(
            "Verbatim in its source"
            if q.verbatim
            else "Not verbatim: the words differ from the passage"
        )
        self.speaker.blockSignals(True)
        self.speaker.clear()
        self.speaker.addItem("")
        for person in queries.people(store):
            self.speaker.addItem(person.name, person.id)
        self._speaker_name = queries.speaker_name(store, q.speaker_id)
        self.speaker.setCurrentText(self._speaker_name)
        self.speaker.blockSignals(False)
        self.date.show_value(q.date_edtf)
        self.lane.clear()
        self.lane.addItem("(no lane)", None)
        for lane in queries.lanes(store):
            self.lane.addItem(lane.name, lane.id)
        self.lane.setCurrentIndex(max(0, self.lane.findData(q.lane_id)))
        self.tags.show_value(", ".join(queries.tags_of(store, "quote", item_id)))
        notes = queries.notes(store, "quote", item_id)
        self.notes.show_value(notes[0].body if notes else "")
        self._passage_id = q.passage_id
        if q.passage_id is not None:
            p = queries.passage(store, q.passage_id)
            res = queries.resolve_passage(store, p)
            title = queries.source(store, p.source_id).title
            self.source.setText(title + ("" if res.status != "orphaned" else " \u2014 ORPHANED"))
        else:
            self.source.setText("(no passage)")


class SourcePage(_Page):
    def __init__(self, inspector: Inspector) -> None:
        super().__init__(inspector)
        self.fields: dict[str, LineField] = {}
        for key, label in (
            ("title", "&Title"),
            ("outlet", "&Outlet"),
            ("author", "&Author"),
            ("url", "&URL"),
            ("published", "&Published"),
            ("language", "&Language"),
        ):
            field = LineField(label.replace("&", ""))
            field.committed.connect(lambda text, k=key: self._update(k, text))
            self.fields[key] = field
            self.form.addRow(label, field)
        self.info = plain_label()
        self.form.addRow("", self.info)
        self.notes = NotesField()
        self.form.addRow("&Notes", self.notes)
        self.notes.committed.connect(
            lambda t: self.push(lambda: items.set_note(self.store, "source", self.item_id, t))
        )

    def _update(self, key: str, text: str) -> None:
        if self.item_id is not None:
            self.push(lambda: items.update_source(self.store, self.item_id, **{key: text}))

    def load(self, item_id: int | None) -> None:
        self.item_id = item_id
        if item_id is None:
            return
        src = queries.source(self.store, item_id)
        for key, field in self.fields.items():
            field.show_value(getattr(src, key) or "")
        origin = src.filename or "?"
        self.info.setText(
            f"Imported {src.imported_at} from {origin} \u00b7 sha256 {src.sha256[:12]}"
        )
        notes = queries.notes(self.store, "source", item_id)
        self.notes.show_value(notes[0].body if notes else "")


class PersonPage(_Page):
    def __init__(self, inspector: Inspector) -> None:
        super().__init__(inspector)
        self.name = LineField("Name")
        self.role = LineField("Role")
        self.affiliation = LineField("Affiliation")
        self.aliases = LineField("Other names")
        self.aliases.setPlaceholderText("comma, separated (other spellings, other scripts)")
        self.appears = plain_label()
        self.notes = NotesField()
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Role", self.role)
        self.form.addRow("&Affiliation", self.affiliation)
        self.form.addRow("&Other names", self.aliases)
        self.form.addRow("", self.appears)
        self.form.addRow("&Notes", self.notes)
        self.name.committed.connect(lambda t: self._update(name=t))
        self.role.committed.connect(lambda t: self._update(role=t.strip() or None))
        self.affiliation.committed.connect(lambda t: self._update(affiliation=t.strip() or None))
        self.aliases.committed.connect(lambda t: self._update(aliases=_split(t)))
        self.notes.committed.connect(
            lambda t: self.push(lambda: items.set_note(self.store, "person", self.item_id, t))
        )

    def _update(self, **fields: Any) -> None:
        if self.item_id is not None:
            self.push(lambda: catalog.update_person(self.store, self.item_id, **fields))

    def load(self, item_id: int | None) -> None:
        self.item_id = item_id
        if item_id is None:
            return
        row = self.store.row("people", item_id)
        if row is None:
            raise errors.NotFoundError("that person no longer exists")
        self.name.show_value(row["name"])
        self.role.show_value(row["role"] or "")
        self.affiliation.show_value(row["affiliation"] or "")
        self.aliases.show_value(", ".join(json.loads(row["aliases"] or "[]")))
        quotes = self.store.count_where("quotes", "speaker_id = ?", [item_id])
        events = self.store.count_where("event_people", "person_id = ?", [item_id])
        self.appears.setText(f"Speaks in {quotes} quote(s); involved in {events} event(s).")
        notes = queries.notes(self.store, "person", item_id)
        self.notes.show_value(notes[0].body if notes else "")


class Inspector(QScrollArea):
    """Shows the page for whatever is selected and keeps it in step with the project."""

    showPassage = Signal(int)  # passage id

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.setAccessibleName("Inspector")
        self.stack = QStackedWidget()
        self.empty = plain_label(
            "Select an event, a quote or a source to see and edit it here.\n\n"
            "Select text in the source reader and press Ctrl+E to make an event from it."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages: dict[str, _Page] = {
            "event": EventPage(self),
            "quote": QuotePage(self),
            "source": SourcePage(self),
            "person": PersonPage(self),
        }
        self.stack.addWidget(self.empty)
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.setWidget(self.stack)
        self.current: Selected | None = None
        document.selectionChanged.connect(self.show_item)
        document.changed.connect(self._on_changed)

    def commit_pending(self) -> None:
        """Save a multi-line field being edited before what is shown changes."""
        page = self.stack.currentWidget()
        if isinstance(page, _Page):
            for field in page.text_fields():
                field.commit()

    def show_item(self, selected: Selected | None) -> None:
        self.commit_pending()
        self.current = selected if selected and selected.kind in self.pages else None
        if self.current is None:
            self.stack.setCurrentWidget(self.empty)
            return
        page = self.pages[self.current.kind]
        try:
            page.load(self.current.id)
        except errors.NotFoundError:
            self.current = None
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(page)

    def _on_changed(self, changes: Changes) -> None:
        if self.current is None:
            return
        if (
            self.document.store.row(
                {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}[
                    self.current.kind
                ],
                self.current.id,
            )
            is None
        ):
            self.document.select(None)
            return
        page = self.pages[self.current.kind]
        focus = self.focusWidget()
        page.load(self.current.id)
        if focus is not None and focus.isVisible():
            focus.setFocus()

    def focus_date(self) -> None:
        """Put the cursor in the date field of the shown item, all selected, for retyping."""
        page = self.stack.currentWidget()
        date = getattr(page, "date", None)
        if isinstance(date, DateField):
            date.edit.setFocus()
            date.edit.selectAll()

    def focus_speaker(self) -> None:
        page = self.pages["quote"]
        if self.stack.currentWidget() is page:
            page.speaker.setFocus()  # type: ignore[attr-defined]


def _provenance_text(raw: str | None) -> str:
    if not raw:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    expr, anchor = data.get("expression"), data.get("anchor")
    text = f"From \u201c{expr}\u201d" if expr else "Date"
    return text + (f", anchored on {anchor}" if anchor else "")
