"""The inspector's pages for quotes, sources and people."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QToolButton,
)

from citeline.core import catalog, errors, items, queries
from citeline.core.edits import Edit, combine
from citeline.ui.fields import DateField, LineField, NotesField, TextField, WrapLineField
from citeline.ui.inspector.base import Page, split_list
from citeline.ui.inspector.event import status_box
from citeline.ui.reader import plain_label

if TYPE_CHECKING:
    from citeline.ui.inspector.inspector import Inspector


class QuotePage(Page):
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
        self.status = status_box("Quote status")
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
        self.form.addRow("Stat&us", self.status)
        self.form.addRow("&Lane", self.lane)
        self.form.addRow("Ta&gs", self.tags)
        self.form.addRow("&Notes", self.notes)
        self.form.addRow("Source", self.source)
        self.form.addRow("", show)
        self.text.committed.connect(lambda t: self._update(text=t))
        self.speaker.lineEdit().editingFinished.connect(self._speaker)
        self.speaker.activated.connect(lambda _i: self._speaker())
        self.date.committed.connect(lambda d: self._update(date=d))
        self.status.activated.connect(lambda _i: self._update(status=self.status.currentData()))
        self.lane.activated.connect(lambda _i: self._update(lane_id=self.lane.currentData()))
        self.tags.committed.connect(lambda t: self._update(tags=split_list(t)))
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
        self.status.setCurrentIndex(max(0, self.status.findData(q.status)))
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


class SourcePage(Page):
    def __init__(self, inspector: Inspector) -> None:
        super().__init__(inspector)
        self.fields: dict[str, LineField | WrapLineField] = {}
        for key, label in (
            ("title", "&Title"),
            ("outlet", "&Outlet"),
            ("author", "&Author"),
            ("url", "&URL"),
            ("published", "&Published"),
            ("language", "&Language"),
        ):
            name = label.replace("&", "")
            # a long title wraps in a narrow panel; the other fields are short
            field = WrapLineField(name) if key == "title" else LineField(name)
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


class PersonPage(Page):
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
        self.aliases.committed.connect(lambda t: self._update(aliases=split_list(t)))
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
