"""Verification status as the app shows it: words, colors, and the menu that sets it."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from citeline.core import items
from citeline.core.errors import CitelineError
from citeline.core.model import STATUSES
from citeline.ui.document import Document
from citeline.ui.theme import FLAG_COLOR, STATUS_COLORS

__all__ = ["COLORS", "FLAG", "FLAG_COLOR", "LABELS", "set_status", "status_menu"]

#: What each status is called in menus and cells.
LABELS = {
    "unverified": "Unverified",
    "confirmed": "Confirmed",
    "disputed": "Disputed",
    "needs-checking": "Needs checking",
}
#: The badge color of each status; unverified items carry no badge.
COLORS = STATUS_COLORS
#: The mark of an event whose sources disagree.
FLAG = "\u2691"


def set_status(document: Document, kind: str, item_id: int, status: str) -> bool:
    """Set an event's or quote's status as one undo step; False when it failed."""
    try:
        edit = items.set_status(document.store, kind, item_id, status)
    except CitelineError as exc:
        document.failed.emit(str(exc))
        return False
    return document.push(edit)


def status_menu(parent: QWidget, document: Document, kind: str, item_id: int) -> QMenu:
    """A "Status" menu whose checked entry is the item's status; choosing one sets it."""
    menu = QMenu("&Status", parent)
    table = "events" if kind == "event" else "quotes"
    row = document.store.row(table, item_id)
    current = row.get("status") if row else None
    group = QActionGroup(menu)
    for status in STATUSES:
        action = QAction(LABELS[status], menu)
        action.setCheckable(True)
        action.setChecked(status == current)
        action.setData(status)
        action.triggered.connect(lambda _c=False, s=status: set_status(document, kind, item_id, s))
        group.addAction(action)
        menu.addAction(action)
    menu.setEnabled(row is not None and document.editable)
    return menu
