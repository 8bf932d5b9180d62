"""Qt fixtures: a sample project on disk and a Document over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeline.core.sample import write_sample
from citeline.core.store import Store


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "sample.citeline")


@pytest.fixture
def document(qapp, sample_path: Path):
    from citeline.ui.document import Document

    doc = Document(Store.open(sample_path))
    yield doc
    doc.close()


@pytest.fixture
def window(qtbot, sample_path: Path):
    """The main window on a copy of the sample, shown at a desktop size."""
    from citeline.ui.app import build_window

    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.isVisible():
        win.close()


def event_id(store: Store, title: str) -> int:
    rows = [r for r in store.rows("events") if r["title"] == title]
    assert len(rows) == 1, title
    return int(rows[0]["id"])


def draw(view):
    """Paint ``view`` once into an image, as a frame on screen would; the frame drawn."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(view.width(), view.height(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    view.draw(p)
    p.end()
    return view.frame()
