"""1366×768 first: the inspector wraps instead of scrolling sideways, fit-all titles are
read whole inside the timeline, and the first view shows most of the sample."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from tests.core.test_conflicts import SIGNED
from tests.ui.conftest import event_id
from tests.ui.test_many_sources import DEAL, import_second

from citeline.core import items, queries
from citeline.ui.app import build_window
from citeline.ui.timeline.compose import label_text

LONG = (
    "Seoul and the Biden administration sign a new six-year cost-sharing deal, raising "
    "South Korea's contribution by 13.9 percent after weeks of review in both capitals, "
    "https://example.com/an-address-with-no-spaces-in-it-at-all-for-many-characters"
)


def laptop(qtbot, sample_path: Path):
    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.fit_to_screen(QRect(0, 0, 1366, 768))
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(50)  # the splitter's first sizes, given once the window has its size
    return win


def test_the_inspector_wraps_a_long_title_a_date_and_a_flag_reason(qtbot, sample_path) -> None:
    win = laptop(qtbot, sample_path)
    doc = win.document
    deal = event_id(doc.store, DEAL)
    second = import_second(qtbot, win)
    text = queries.source_text(doc.store, second)
    at = text.index(SIGNED)
    assert doc.push(
        items.add_evidence(doc.store, deal, items.PassageRef(second, at, at + len(SIGNED)))
    )
    assert doc.push(items.update_event(doc.store, deal, title=LONG))
    doc.select("event", deal)
    qtbot.wait(20)
    inspector = win.inspector
    assert inspector.width() <= 420  # a laptop's inspector, not a wide one
    assert inspector.horizontalScrollBar().maximum() == 0
    page = inspector.pages["event"]
    port = inspector.viewport()
    assert page.flag.isVisible() and "8 Apr 2021" in page.flag.text()
    for w in (page.title, page.date, page.provenance, page.flag, page.advice, page.reported):
        right = w.mapTo(port, QPoint(w.width(), 0)).x()
        assert right <= port.width(), w.accessibleName()
    # the title is all there, wrapped on several lines, not cut at the right
    assert page.title.text() == LONG
    assert page.title.height() > 3 * page.title.fontMetrics().lineSpacing()
    win.close()


def test_fit_all_titles_are_whole_inside_the_timeline(qtbot, sample_path) -> None:
    win = laptop(qtbot, sample_path)
    view = win.timeline.view
    view.fit_all()
    f = view.frame()
    assert len(f.drawn) == 25
    for d in f.drawn:
        if d.item.kind == "event":
            assert d.label == label_text(d), d.item.title
        if d.label:
            assert f.left - 0.5 <= d.label_x and d.label_x + d.label_w <= f.width + 0.5, d.label
    # the view ends near the last item: no years of empty axis after it
    last = max(d.item.latest for d in f.drawn)
    assert f.scale.end - last < 0.1 * f.scale.span
    win.close()


def test_the_first_view_shows_most_of_the_sample(qtbot, sample_path) -> None:
    win = laptop(qtbot, sample_path)
    view = win.timeline.view
    f = view.frame()
    seen = [d for d in f.drawn if f.top <= d.y - 6 and d.y + 6 <= f.height]
    assert len(seen) >= 15, len(seen)  # 11 of 25 before
    win.close()
