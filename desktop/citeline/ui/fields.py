"""Editing widgets that commit on Enter or when focus leaves, and a live date field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core.dates import describe, format_date, parse_date
from citeline.core.edtf import DateValue
from citeline.core.errors import DateError


class LineField(QLineEdit):
    """A one-line field that reports its text once, when editing is finished and it changed."""

    committed = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._shown = ""
        self.editingFinished.connect(self._finish)

    def show_value(self, text: str) -> None:
        """Show ``text`` as the field's saved value."""
        self._shown = text
        self.setText(text)
        self.setCursorPosition(0)  # long titles show their beginning, not their end

    def _finish(self) -> None:
        # read-only (nothing may be saved now): the unsaved text stays, to save later
        if self.text() != self._shown and not self.isReadOnly():
            self._shown = self.text()
            self.committed.emit(self.text())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Qt reports a finished edit once; text left unsaved while the field was
        # read-only is saved when the field is left again
        self._finish()


class WrapLineField(QPlainTextEdit):
    """A one-line value (a title) that wraps its words to the width it is given, so a
    long one is read whole in a narrow panel; Enter or leaving the field reports it
    once when it changed. Line breaks typed or pasted become spaces."""

    committed = Signal(str)
    MAX_LINES = 8

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._shown = ""
        self.document().setDocumentMargin(3)
        self.textChanged.connect(self._fit)
        self.installEventFilter(self)

    def text(self) -> str:
        return " ".join(self.toPlainText().split("\n"))

    def show_value(self, text: str) -> None:
        """Show ``text`` as the field's saved value (its history cleared)."""
        self._shown = text
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._fit()

    def commit(self) -> None:
        """Report the text now if it changed (not while read-only: it stays unsaved)."""
        if self.text() != self._shown and not self.isReadOnly():
            self._shown = self.text()
            self.committed.emit(self._shown)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            event.accept()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as its wrapped lines (up to MAX_LINES; beyond, the cursor scrolls it)."""
        lines = 0
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        line_h = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        pad = 2 * self.document().documentMargin() + margins.top() + margins.bottom()
        height = int(min(max(lines, 1), self.MAX_LINES) * line_h + pad + 2)
        if height != self.height():
            self.setFixedHeight(height)


class TextField(QPlainTextEdit):
    """A multi-line field that reports its text when focus leaves and it changed."""

    committed = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)
        self._shown = ""
        self.installEventFilter(self)

    def show_value(self, text: str) -> None:
        self._shown = text
        self.setPlainText(text)

    def commit(self) -> None:
        """Report the text now if it changed (before the item shown changes; not while
        read-only: it stays unsaved)."""
        if self.toPlainText() != self._shown and not self.isReadOnly():
            self._shown = self.toPlainText()
            self.committed.emit(self._shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)


class DateField(QWidget):
    """A date typed as text, with instant feedback on how it was understood."""

    committed = Signal(object)  # DateValue

    def __init__(self, name: str = "Date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText("e.g. March 2021, 3 Nov 2020, c. 1850, 2017–2021")
        self.feedback = QLabel()
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(f"{name} understood as")
        font = self.feedback.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.feedback.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.feedback)
        self._shown_edtf = ""
        self._shown_text = ""
        self.edit.textEdited.connect(self._feedback)
        self.edit.editingFinished.connect(self._finish)
        self.edit.installEventFilter(self)  # leaving it again saves text kept unsaved
        self.reference: Callable[[], object] | None = None

    def show_value(self, edtf: str) -> None:
        """Show a saved EDTF date as friendly text."""
        self._shown_edtf = edtf
        try:
            self._shown_text = format_date(edtf, style="long") if edtf else ""
        except DateError:
            self._shown_text = edtf
        self.edit.setText(self._shown_text)
        self._feedback(self._shown_text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self._finish()
        return super().eventFilter(watched, event)

    def understood(self) -> DateValue | None:
        """The typed date, or None when it is not understood."""
        try:
            return parse_date(self.edit.text())
        except DateError:
            return None

    def _feedback(self, text: str) -> None:
        if not text.strip():
            self.feedback.setText("")
            return
        try:
            value = parse_date(text)
        except DateError as exc:
            self.feedback.setStyleSheet("color: #c0392b;")
            self.feedback.setText(str(exc))
            return
        self.feedback.setStyleSheet("")
        self.feedback.setText(f"{describe(value)}  \u2014  EDTF {value.edtf}")

    def _finish(self) -> None:
        text = self.edit.text()
        if text == self._shown_text or self.edit.isReadOnly():
            return
        value = self.understood()
        if value is None:
            self._feedback(text)  # keep the text so the user can fix it; save nothing
            return
        if value.edtf != self._shown_edtf:
            self._shown_edtf = value.edtf
            self._shown_text = text
            self.committed.emit(value)


class MarkdownPreview(QTextBrowser):
    """Renders a note's Markdown without its raw HTML and without loading anything."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Notes preview")

    def show_markdown(self, text: str) -> None:
        features = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | (
            QTextDocument.MarkdownFeature.MarkdownNoHTML
        )
        self.document().setMarkdown(text, features)

    def loadResource(self, kind: int, name: QUrl) -> object:
        return None  # notes never fetch images or files


class NotesField(QWidget):
    """A Markdown note: edited as text, with a rendered preview a click away."""

    committed = Signal(str)

    def __init__(self, name: str = "Notes (Markdown)", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = TextField(name)
        self.edit.setFixedHeight(90)
        self.preview = MarkdownPreview()
        self.preview.setFixedHeight(90)
        self.preview.hide()
        self.toggle = QToolButton()
        self.toggle.setText("Preview")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Preview notes")
        self.toggle.toggled.connect(self._toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.preview)
        layout.addWidget(self.toggle)
        self.edit.committed.connect(self.committed)

    def show_value(self, text: str) -> None:
        self.edit.show_value(text)
        if self.toggle.isChecked():
            self.preview.show_markdown(text)

    def commit(self) -> None:
        self.edit.commit()

    def _toggled(self, on: bool) -> None:
        if on:
            self.edit.commit()
            self.preview.show_markdown(self.edit.toPlainText())
        self.preview.setVisible(on)
        self.edit.setVisible(not on)
