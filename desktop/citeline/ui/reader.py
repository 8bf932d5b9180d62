"""The source reader: a source's text with its cited passages highlighted.

Select text to make an event or a quote from it, or to add it as evidence to the
selected event; click a highlight to select the items citing it. Suggested dates are
underlined, with their meaning in a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from citeline.core import items, queries
from citeline.core.excerpts import date_for_excerpt, sentence_around, title_from, today_edtf
from citeline.core.queries import Highlight
from citeline.core.suggestions import Suggestion, suggestions_for
from citeline.ui import theme
from citeline.ui.document import Changes, Document, Selected
from citeline.ui.evidence_marks import EvidenceMarks
from citeline.ui.pagebreaks import PageBreaks
from citeline.ui.plain import tooltip
from citeline.ui.textpos import Utf16Map


def plain_label(text: str = "", *, bold: bool = False) -> QLabel:
    """A label that shows user text literally (never as rich text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        label.setFont(font)
    return label


@dataclass
class _Span:
    start: int  # Python offsets in the source text
    end: int
    highlight: Highlight | None = None
    suggestion: Suggestion | None = None


class SourceReader(QWidget):
    """Shows one source; creates events, quotes and evidence from selected text."""

    eventCreated = Signal(int)  # new event id (the window then focuses its date)
    quoteCreated = Signal(int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.source_id: int | None = None
        self._text = ""
        self._map = Utf16Map("")
        self._highlights: list[Highlight] = []
        self._suggestions: list[Suggestion] = []
        self.setAccessibleName("Source reader")

        self.title = plain_label(bold=True)
        self.title.setAccessibleName("Source title")
        self.meta = plain_label()
        self.meta.setAccessibleName("Source details")
        self.banner = plain_label()
        self.banner.setStyleSheet("color: #b35900;")
        self.banner.hide()
        self.target = plain_label()
        self.target.setAccessibleName("Evidence target")
        self._style_target()
        self.target.hide()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Source text")
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.text.viewport().setMouseTracking(True)
        self.text.viewport().installEventFilter(self)
        self.text.selectionChanged.connect(self._update_actions)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.text.setFont(font)
        self.page_breaks = PageBreaks(self.text)  # a PDF's pages, drawn over the text
        self.evidence_marks = EvidenceMarks(self)  # sentences proposed as evidence

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.banner)
        layout.addWidget(self.target)
        layout.addWidget(self.text, 1)

        self.new_event_action = QAction("New &Event from Selection", self)
        self.new_event_action.setShortcut(QKeySequence("Ctrl+E"))
        self.new_event_action.triggered.connect(self.event_from_selection)
        self.new_quote_action = QAction("New &Quote from Selection", self)
        self.new_quote_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.new_quote_action.triggered.connect(self.quote_from_selection)
        self.evidence_action = QAction("Add Selection as E&vidence", self)
        self.evidence_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.evidence_action.triggered.connect(self.evidence_from_selection)
        for action in (self.new_event_action, self.new_quote_action, self.evidence_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.stop_action = QAction("Stop Adding Evidence", self)
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stop_action.triggered.connect(self.stop_adding)
        self.addAction(self.stop_action)
        self._update_actions()

        document.changed.connect(self._on_changed)
        document.editableChanged.connect(lambda _on: self._update_actions())
        document.selectionChanged.connect(self._on_selection)
        self.open_first()

    # ------------------------------------------------------------------ showing

    def open_first(self) -> None:
        """Show the project's first source: a project never opens on a blank page."""
        first = self.document.store.query("SELECT id FROM sources ORDER BY id LIMIT 1")
        self.source_id = first[0]["id"] if first else None
        self._load()

    def show_source(self, source_id: int | None, span: tuple[int, int] | None = None) -> None:
        """Show a source, optionally scrolled to and selecting a span of its text.

        The selection stays as it is: with an event selected, any source can be read and
        its words added to that event's evidence.
        """
        if source_id != self.source_id:
            self.source_id = source_id
            self._load()
        if span is not None:
            self._reveal(*span)

    def _style_target(self) -> None:
        """The "Adding evidence to…" banner in the current palette's colors (a style
        sheet's palette() is read once, so a theme switched later would leave it white)."""
        pal = self.palette()
        back = pal.color(QPalette.ColorRole.AlternateBase).name()
        text = pal.color(QPalette.ColorRole.WindowText).name()
        self.target.setStyleSheet(
            f"background: {back}; color: {text}; border-left: 3px solid #ff8c00; padding: 3px;"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._style_target()
        super().changeEvent(event)

    def show_passage(self, passage_id: int) -> None:
        """Open a passage's source at the passage, leaving the selection alone."""
        store = self.document.store
        if store.row("passages", passage_id) is None:
            return
        passage = queries.passage(store, passage_id)
        res = queries.resolve_passage(store, passage)
        span = (res.start, res.end) if res.start is not None and res.end is not None else None
        self.show_source(passage.source_id, span)

    def stop_adding(self) -> None:
        """Forget the event evidence would go to (Escape): nothing is selected any more."""
        sel = self.document.selected
        if sel is not None and sel.kind == "event":
            self.document.select(None)

    def _show_target(self) -> None:
        """Say which event Ctrl+Shift+E adds the selected words to, if any."""
        sel = self.document.selected
        row = None
        if sel is not None and sel.kind == "event" and self.source_id is not None:
            row = self.document.store.row("events", sel.id)
        if row is None:
            self.target.hide()
            return
        title = " ".join(str(row["title"]).split())
        if len(title) > 90:
            title = title[:89] + "\u2026"
        self.target.setText(
            f"Adding evidence to: \u201c{title}\u201d \u2014 select words, "
            "Ctrl+Shift+E adds them; Esc stops"
        )
        self.target.show()

    def _load(self) -> None:
        if self.source_id is None:
            self.title.setText("No source")
            self.meta.setText("Import an article with File \u203a Import, or drop it here.")
            self.meta.show()
            self._text = ""
            self.text.setPlainText("")
            self.page_breaks.set_pages(None, self._map)
            self._highlights, self._suggestions = [], []
            self.banner.hide()
            self._show_target()
            self._update_actions()
            return
        store = self.document.store
        src = queries.source(store, self.source_id)
        self._text = queries.source_text(store, self.source_id)
        self._map = Utf16Map(self._text)
        self.title.setText(src.title)
        bits = [src.outlet, src.author, src.published, src.url]
        self.meta.setText(" \u00b7 ".join(b for b in bits if b))
        self.meta.setVisible(bool(self.meta.text()))  # no blank line for a source without any
        self.text.setPlainText(self._text)
        self.page_breaks.set_pages(src.pages, self._map)
        self._refresh_marks()
        self._show_target()
        self._update_actions()

    def _refresh_marks(self) -> None:
        if self.source_id is None:
            return
        store = self.document.store
        self._highlights = queries.highlights(store, self.source_id)
        self._suggestions = suggestions_for(store, self.source_id, self._text)
        orphaned = [h for h in self._highlights if h.resolution.status == "orphaned"]
        if orphaned:
            self.banner.setText(
                f"{len(orphaned)} cited passage(s) can no longer be found in this text; "
                "they are kept and listed in the inspector."
            )
            self.banner.show()
        else:
            self.banner.hide()
        self.evidence_marks.refresh()

    def _paint_marks(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = self.evidence_marks.selections()
        selected = self.document.selected
        for h in self._highlights:
            if h.resolution.start is None or h.resolution.end is None:
                continue
            fmt = QTextCharFormat()
            is_selected = selected is not None and (
                (selected.kind == "event" and selected.id in h.events)
                or (selected.kind == "quote" and selected.id in h.quotes)
            )
            if is_selected:
                color = theme.SELECTED_HIGHLIGHT
            elif h.events:
                color = theme.EVENT_HIGHLIGHT
            else:
                color = theme.QUOTE_HIGHLIGHT
            fmt.setBackground(color)
            if h.quotes and not h.events:
                fmt.setFontItalic(True)
            if is_selected:
                fmt.setForeground(QColor(0, 0, 0))
            selections.append(self._selection(h.resolution.start, h.resolution.end, fmt))
        # Suggestions go last: a later range paints over an earlier one's decorations,
        # and a suggested date inside a highlighted passage must stay underlined.
        for s in self._suggestions:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(QColor(0, 121, 150))
            selections.append(self._selection(s.start, s.end, fmt))
        self.text.setExtraSelections(selections)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor  # type: ignore[attr-defined]
        sel.format = fmt  # type: ignore[attr-defined]
        return sel

    def _reveal(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_qt(end))
        self.text.setTextCursor(cursor)
        cursor.setPosition(self._map.to_qt(start))
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    # ------------------------------------------------------------------ reacting

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self.open_first()
            return
        if self.source_id is not None and changes.touches("sources"):
            if self.document.store.row("sources", self.source_id) is None:
                self.source_id = None
            self._load()
        elif changes.touches("passages", "evidence", "quotes", "events", "dismissed_suggestions"):
            self._refresh_marks()
            self._show_target()

    def _on_selection(self, selected: Selected | None) -> None:
        self._show_target()
        self._update_actions()
        if selected is None:
            self._paint_marks()
            return
        target = self._passage_for(selected)
        if target is None:
            self._paint_marks()
            return
        source_id, res_span = target
        self.show_source(source_id)
        self._paint_marks()
        if res_span is not None:
            self._reveal(*res_span)

    def _passage_for(self, selected: Selected) -> tuple[int, tuple[int, int] | None] | None:
        store = self.document.store
        if selected.kind == "source":
            return selected.id, None
        passage = None
        if selected.kind == "event":
            ev = queries.evidence(store, selected.id)
            # the passage in the source being read, else the first one
            here = [e for e in ev if e.passage.source_id == self.source_id]
            passage = (here or ev)[0].passage if ev else None
        elif selected.kind == "quote":
            row = store.row("quotes", selected.id)
            if row and row["passage_id"]:
                passage = queries.passage(store, row["passage_id"])
        elif selected.kind == "passage":
            passage = queries.passage(store, selected.id)
        if passage is None:
            return None
        res = queries.resolve_passage(store, passage)
        span = (res.start, res.end) if res.start is not None and res.end is not None else None
        return passage.source_id, span

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text.viewport():
            if event.type() == QEvent.Type.MouseMove:
                self._tooltip(event.position().toPoint())  # type: ignore[attr-defined]
            elif (
                event.type() == QEvent.Type.MouseButtonRelease
                and event.button() == Qt.MouseButton.LeftButton  # type: ignore[attr-defined]
                and not self.text.textCursor().hasSelection()
            ):
                self._click(event.position().toPoint())  # type: ignore[attr-defined]
        return super().eventFilter(watched, event)

    def _offset_at(self, pos: QPoint) -> int:
        return self._map.from_qt(self.text.cursorForPosition(pos).position())

    def _spans_at(self, offset: int) -> list[_Span]:
        out = [
            _Span(h.resolution.start, h.resolution.end, highlight=h)
            for h in self._highlights
            if h.resolution.start is not None
            and h.resolution.end is not None
            and h.resolution.start <= offset < h.resolution.end
        ]
        out += [
            _Span(s.start, s.end, suggestion=s)
            for s in self._suggestions
            if s.start <= offset < s.end
        ]
        return out

    def _tooltip(self, pos: QPoint) -> None:
        lines = []
        for span in self._spans_at(self._offset_at(pos)):
            if span.suggestion is not None:
                lines.append(span.suggestion.explanation)
            elif span.highlight is not None:
                lines.extend(self._cited_by(span.highlight))
        lines.extend(self.evidence_marks.tooltip_lines(self._offset_at(pos)))
        if lines:
            QToolTip.showText(
                self.text.viewport().mapToGlobal(pos), tooltip("\n".join(lines)), self.text
            )
        else:
            QToolTip.hideText()

    def _cited_by(self, h: Highlight) -> list[str]:
        store = self.document.store
        out = []
        for eid in h.events:
            row = store.row("events", eid)
            if row:
                out.append(f"Event: {row['title']}")
        for qid in h.quotes:
            row = store.row("quotes", qid)
            if row:
                out.append(
                    "Quote"
                    + (
                        f" ({queries.speaker_name(store, row['speaker_id'])})"
                        if row["speaker_id"]
                        else ""
                    )
                )
        return out

    def _click(self, pos: QPoint) -> None:
        spans = self._spans_at(self._offset_at(pos))
        if not any(s.highlight for s in spans) and self.evidence_marks.click(
            self._offset_at(pos), pos
        ):
            return
        for span in spans:
            h = span.highlight
            if h is None:
                continue
            current = self.document.selected
            choices = [("event", e) for e in h.events] + [("quote", q) for q in h.quotes]
            # clicking again cycles through the items citing the same passage
            index = 0
            if current is not None and (current.kind, current.id) in choices:
                index = (choices.index((current.kind, current.id)) + 1) % len(choices)
            self.document.select(*choices[index])
            return

    # ------------------------------------------------------------------ creating

    def selected_span(self) -> tuple[int, int] | None:
        """The selected text as Python offsets, trimmed of surrounding white space."""
        cursor = self.text.textCursor()
        if self.source_id is None or not cursor.hasSelection():
            return None
        start = self._map.from_qt(cursor.selectionStart())
        end = self._map.from_qt(cursor.selectionEnd())
        while start < end and self._text[start].isspace():
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select a span of the text (as a user would with the mouse)."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def _update_actions(self) -> None:
        has = self.selected_span() is not None and self.document.editable
        self.new_event_action.setEnabled(has)
        self.new_quote_action.setEnabled(has)
        sel = self.document.selected
        self.evidence_action.setEnabled(has and sel is not None and sel.kind == "event")

    def event_from_selection(self) -> int | None:
        """Make an event from the selected text; return its id."""
        span = self.selected_span()
        if span is None or self.source_id is None:
            return None
        return self._make_event(span, None)

    def _make_event(self, span: tuple[int, int], suggestion: Suggestion | None) -> int | None:
        assert self.source_id is not None
        store = self.document.store
        excerpt = self._text[span[0] : span[1]]
        if suggestion is not None:
            date, provenance = suggestion.edtf, suggestion.provenance
        else:
            date, provenance = date_for_excerpt(store, self.source_id, self._text, span)
        edit, event_id = items.add_event(
            store,
            title=title_from(excerpt),
            date=date,
            passages=[items.PassageRef(self.source_id, *span)],
            provenance=provenance,
        )
        if not self.document.push(edit):
            return None
        self.document.select("event", event_id)
        self.eventCreated.emit(event_id)
        return event_id

    def quote_from_selection(self) -> int | None:
        """Make a quote from the selected text; return its id."""
        span = self.selected_span()
        if span is None or self.source_id is None:
            return None
        store = self.document.store
        src = queries.source(store, self.source_id)
        edit, quote_id = items.add_quote(
            store,
            passage=items.PassageRef(self.source_id, *span),
            date=src.published or today_edtf(),
        )
        if not self.document.push(edit):
            return None
        self.document.select("quote", quote_id)
        self.quoteCreated.emit(quote_id)
        return quote_id

    def evidence_from_selection(self) -> bool:
        """Add the selected text as evidence to the selected event."""
        span = self.selected_span()
        sel = self.document.selected
        if span is None or self.source_id is None or sel is None or sel.kind != "event":
            return False
        try:
            edit = items.add_evidence(
                self.document.store, sel.id, items.PassageRef(self.source_id, *span)
            )
        except Exception as exc:  # a CitelineError: already evidence, event gone
            self.document.failed.emit(str(exc))
            return False
        return self.document.push(edit)

    def suggestion_to_event(self, suggestion: Suggestion) -> int | None:
        """Turn a suggested date into an event whose passage is its sentence."""
        return self._make_event(
            sentence_around(self._text, suggestion.start, suggestion.end), suggestion
        )

    def dismiss(self, suggestion: Suggestion) -> None:
        """Hide a suggested date of this source."""
        if self.source_id is not None:
            self.document.push(
                items.dismiss_suggestion(
                    self.document.store, self.source_id, suggestion.start, suggestion.end
                )
            )

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.new_event_action, self.new_quote_action, self.evidence_action):
            menu.addAction(action)
        here = [s.suggestion for s in self._spans_at(self._offset_at(pos)) if s.suggestion]
        for suggestion in here:
            menu.addSeparator()
            label = f"Event from \u201c{suggestion.text}\u201d ({suggestion.display})"
            made = menu.addAction(label, lambda s=suggestion: self.suggestion_to_event(s))
            gone = menu.addAction(
                f"Dismiss \u201c{suggestion.text}\u201d", lambda s=suggestion: self.dismiss(s)
            )
            made.setEnabled(self.document.editable)
            gone.setEnabled(self.document.editable)
        menu.exec(self.text.viewport().mapToGlobal(pos))
