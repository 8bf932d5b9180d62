"""Help: getting started in a few steps, and every keyboard shortcut the window has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenu, QVBoxLayout, QWidget

GETTING_STARTED = """\
Getting started

1. Read. The article is open in the Source tab below the timeline. Open another source \
from the Sources list, or import one with File \u203a Import (Ctrl+I) or by dropping it on \
the window.
2. Click. Click an event on the timeline or in the Table tab: its passage is highlighted \
in the article, its fields are here in the inspector, and Receipts lists what every \
source says about it.
3. Select and press. Select words in the article, then Ctrl+E makes an event, \
Ctrl+Shift+Q a quote. With an event selected, open any source, select words and press \
Ctrl+Shift+E to add them to its evidence; Esc stops.
4. Check. Give each event a status (unverified, confirmed, disputed, needs checking). \
A \u2691 flag marks an event whose sources give different dates, or one that a \
passage contradicts.

Everything is saved as you go, and Ctrl+Z undoes any step."""

#: Keys that are not menu entries: the timeline's own.
TIMELINE_KEYS = (
    ("Timeline: zoom in / out", "+ / \u2212 or the wheel"),
    ("Timeline: pan", "arrow keys or drag"),
    ("Timeline: next / previous item in time", "Tab / Shift+Tab"),
    ("Timeline: open the selected item's passage", "Enter"),
    ("Clear the selection / stop adding evidence", "Esc"),
)


def shortcut_rows(menus: list[QMenu]) -> list[tuple[str, str]]:
    """(what, keys) of every menu entry that has a shortcut, then the timeline's keys."""
    rows: list[tuple[str, str]] = []

    def walk(menu: QMenu, prefix: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{prefix}{action.text().replace('&', '')} \u203a ")
                continue
            keys = ", ".join(
                k.toString(k.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            )
            if keys:
                rows.append((prefix + action.text().replace("&", ""), keys))

    for menu in menus:
        walk(menu, f"{menu.title().replace('&', '')} \u203a ")
    return rows + list(TIMELINE_KEYS)


def shortcuts_text(menus: list[QMenu]) -> str:
    """The keyboard shortcuts as aligned plain text."""
    rows = shortcut_rows(menus)
    width = max(len(what) for what, _ in rows)
    return "\n".join(f"{what.ljust(width)}   {keys}" for what, keys in rows)


def show_text(parent: QWidget, title: str, text: str, *, monospace: bool = False) -> QDialog:
    """A non-modal window showing plain text, closed with Close or Esc."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(not monospace)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if monospace:
        font = label.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        label.setFont(font)
    label.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(buttons)
    dialog.resize(560 if not monospace else 640, 420)
    dialog.show()
    return dialog


def add_help_actions(menu: QMenu, window: QWidget, menus: list[QMenu]) -> list[QAction]:
    """Getting Started and Keyboard Shortcuts entries in the Help menu."""
    started = QAction("&Getting Started", window)
    started.setShortcut("F1")
    started.triggered.connect(lambda: show_text(window, "Getting Started", GETTING_STARTED))
    keys = QAction("&Keyboard Shortcuts", window)
    keys.setShortcut("Ctrl+/")
    keys.triggered.connect(
        lambda: show_text(window, "Keyboard Shortcuts", shortcuts_text(menus), monospace=True)
    )
    menu.addAction(started)
    menu.addAction(keys)
    return [started, keys]
