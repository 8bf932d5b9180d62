"""User text in tooltips is shown literally, never as markup."""

from PySide6.QtGui import QTextDocument

from citeline.ui.plain import tooltip


def test_tooltip_shows_markup_as_text(qapp) -> None:
    raw = "<b>bold</b> & <img src=x onerror=alert(1)>\n한국어 \u202eevil"
    doc = QTextDocument()
    doc.setHtml(tooltip(raw))
    assert doc.toPlainText() == raw
    assert tooltip("") == ""
