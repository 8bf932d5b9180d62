"""File › Save Original of This Source: the bytes a source was imported from, unchanged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow

from citeline.core import errors
from citeline.core.originals import original_of, save_original
from citeline.core.store import Store
from citeline.ui.fileops import show_error


def save_original_dialog(window: QMainWindow, store: Store, source_id: int | None) -> Path | None:
    """Ask where to save the source's archived original and write it; the path written."""
    if source_id is None:
        show_error(window, "Open a source in the reader first.")
        return None
    try:
        original = original_of(store, source_id)
    except errors.CitelineError as exc:
        show_error(window, str(exc))
        return None
    name, _ = QFileDialog.getSaveFileName(window, "Save Original", original.filename)
    if not name:
        return None
    dest = Path(name)
    try:
        save_original(store, source_id, dest)
    except errors.CitelineError as exc:
        show_error(window, str(exc), "Save failed")
        return None
    source = store.row("sources", source_id) or {}
    fetched = f", fetched {source['fetched_at']}" if source.get("fetched_at") else ""
    window.statusBar().showMessage(
        f"Saved the original of \u201c{source.get('title', '')}\u201d to {dest.name} "
        f"({len(original.content):,} bytes{fetched}; SHA-256 {original.sha256[:16]}\u2026)",
        15000,
    )
    return dest
