"""The app's palette: Qt's own, or a dark one when the system asks for dark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# Colors of the two kinds of highlight, shared by the reader and the timeline legend.
EVENT_HIGHLIGHT = QColor(255, 214, 102, 150)
QUOTE_HIGHLIGHT = QColor(186, 148, 255, 140)
SELECTED_HIGHLIGHT = QColor(255, 140, 0, 200)

# Verification status badges (unverified items carry none) and the flag of an event
# whose sources disagree: shared by the timeline, its legend, the table and the panels.
STATUS_COLORS = {
    "confirmed": QColor(46, 139, 87),
    "disputed": QColor(200, 55, 45),
    "needs-checking": QColor(214, 140, 20),
}
FLAG_COLOR = QColor(200, 55, 45)


def system_prefers_dark() -> bool:
    """Whether the desktop asks for a dark color scheme (never true offscreen or on plain X)."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for long reading."""
    p = QPalette()
    base, window, text = QColor(30, 31, 34), QColor(43, 45, 48), QColor(223, 225, 229)
    disabled = QColor(128, 130, 135)
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor(38, 40, 43)),
        (QPalette.ColorRole.ToolTipBase, QColor(55, 57, 61)),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, disabled),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor(255, 120, 120)),
        (QPalette.ColorRole.Highlight, QColor(61, 126, 216)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.Link, QColor(110, 168, 254)),
        (QPalette.ColorRole.Mid, QColor(70, 72, 76)),
        (QPalette.ColorRole.Dark, QColor(20, 21, 23)),
        (QPalette.ColorRole.Light, QColor(80, 82, 86)),
    ):
        p.setColor(role, color)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_theme(app: QApplication, mode: str = "system") -> str:
    """Set the palette for ``mode`` (system, light or dark); return the one applied."""
    dark = mode == "dark" or (mode == "system" and system_prefers_dark())
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    return "dark" if dark else "light"


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark one."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
