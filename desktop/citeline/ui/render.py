"""Image exports of the timeline (SVG, PNG, PDF), drawn by the painter the screen uses.

An export lays out the whole selection (the project, or its date window and lanes) at
a size of its own, never a screenshot of the view. The functions take the export
registry's :class:`~citeline.core.io.Selection` and return the file's contents; they
work from the command line too, starting an offscreen Qt application when none runs.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRect, QRectF, QSize
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator

from citeline.core.citations import citations
from citeline.core.dates import format_date
from citeline.core.errors import CitelineError, ExportError
from citeline.core.layout import TimeScale
from citeline.ui.picture_citations import (
    WRAP,
    Laid,
    block_height,
    draw_block,
    draw_heading,
    draw_one,
    lay_out,
    number_width,
)
from citeline.ui.timeline.compose import column_width, compose, whole_labels_end
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import Frame, Metrics
from citeline.ui.timeline.legend import draw_legend, legend_height
from citeline.ui.timeline.painter import TimelinePainter
from citeline.ui.timeline.theme import Fonts, Theme
from citeline.ui.timeline.tooltips import day_text

#: The most pixels a PNG may have (about 480 MB of memory while it is drawn).
MAX_PIXELS = 120_000_000
#: The longest side of a PNG: beyond it image libraries and viewers give up.
MAX_SIDE = 32_000
EXPORT_WIDTH = 1600
HEADER_H = 54.0
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
#: A page is split off when one lane would hold more items than this on a page.
ITEMS_PER_PAGE_LANE = 40
MAX_PAGES = 24
DPI = 96
#: On paper lanes grow to fit their rows (no limit) and every item is drawn one by one,
#: so labels may run longer before being cut.
EXPORT_METRICS = Metrics(
    label_max_px=440.0, max_rows=None, max_items_per_lane=20_000, max_items_per_px=1000.0
)
#: An SVG or PNG of up to this many items ends with their numbered citations.
CITED_UNDER = 300
#: How far right of its own range a page or picture may reach for its last labels.
MAX_LABEL_ROOM = 0.6

_app: QGuiApplication | None = None


def ensure_app() -> None:
    """Start a Qt application if none runs (offscreen when there is no display)."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A widgets application, so that the timeline widget can be made in this process later.
    from PySide6.QtWidgets import QApplication

    _app = QApplication(["citeline"])


@dataclass
class _Export:
    data: TimelineData
    lane_keys: list[int] | None
    start: float
    end: float
    painter: TimelinePainter
    open_start: bool
    open_end: bool
    numbers: dict[tuple[str, int], int] | None = None
    #: the numbered citations drawn under an SVG or PNG (a PDF puts them on pages)
    cited: list[Laid] = field(default_factory=list)
    number_w: float = 0.0

    @property
    def lanes(self) -> list[Any]:
        keys = self.lane_keys
        return [la for la in self.data.lanes if keys is None or la.key in keys]


def _prepare(selection: Any, *, flat: bool = False) -> _Export:
    ensure_app()
    kinds = tuple(getattr(selection, "kinds", ("event", "quote")))
    data = TimelineData(selection.store, kinds=kinds)
    ids = selection.lane_ids() if callable(getattr(selection, "lane_ids", None)) else None
    keys = None if ids is None else sorted(ids)
    spans = [data.index.extent(k) for k in keys] if keys is not None else [data.index.extent()]
    spans += [(e.earliest, e.latest) for e in data.eras]
    found = [s for s in spans if s is not None]
    start, end = getattr(selection, "start", None), getattr(selection, "end", None)
    if not found and (start is None or end is None):
        raise ExportError("there is nothing to draw: the selection has no dated items or eras")
    lo = float(start) if start is not None else min(s[0] for s in found)
    hi = float(end) if end is not None else max(s[1] for s in found)
    if hi <= lo:
        hi = lo + 86_400.0
    painter = TimelinePainter(Theme.light(flat_gradients=flat), Fonts.default())
    return _Export(data, keys, lo, hi, painter, start is None, end is None)


def _widen(ex: _Export, time_px: float) -> None:
    """Pad the window where the selection left it open, with room for the last labels."""
    span = ex.end - ex.start
    left = span * 0.03 if ex.open_start else 0.0
    # The last titles go left of their markers when they would run past the edge, so a
    # small margin is enough (the axis no longer runs on for years after the last item).
    right = span * 0.03 if ex.open_end else 0.0
    ex.start, ex.end = ex.start - left, ex.end + right


def _left(ex: _Export) -> float:
    return column_width(ex.data, ex.painter.fonts, EXPORT_METRICS)


def _frame(
    ex: _Export,
    t0: float,
    t1: float,
    width: float,
    height: float | None,
    *,
    scroll: float = 0.0,
    owned: tuple[float, float] | None = None,
) -> Frame:
    fonts, m = ex.painter.fonts, EXPORT_METRICS
    left = _left(ex)
    scale = TimeScale(t0, t1, max(width - left, 1.0))
    return compose(
        ex.data,
        scale,
        fonts,
        left=left,
        height=height,
        metrics=m,
        lane_keys=ex.lane_keys,
        numbers=ex.numbers,
        owned=owned,
        scroll=scroll,
    )


def _fitted(
    ex: _Export,
    t0: float,
    t1: float,
    width: float,
    owned: tuple[float, float] | None = None,
    *,
    stretch: bool = True,
) -> Frame:
    """The frame of t0..t1, with ``stretch`` reaching on to the right until the last
    labels are whole (by at most MAX_LABEL_ROOM of the picture's width)."""
    longest = t0 + (t1 - t0) / (1 - MAX_LABEL_ROOM)
    end = t1
    frame = _frame(ex, t0, end, width, None, owned=owned)
    for _ in range(4 if stretch else 0):
        needed = whole_labels_end(frame, ex.painter.fonts, MAX_LABEL_ROOM)
        if needed <= end + (end - t0) * 1e-6 or end >= longest:
            break
        end = min(needed, longest)
        frame = _frame(ex, t0, end, width, None, owned=owned)
    return frame


def _numbers(ex: _Export) -> dict[tuple[str, int], int]:
    """Citation numbers of the items drawn, from 1 in time order."""
    index = ex.data.index
    keys = ex.lane_keys if ex.lane_keys is not None else index.lanes
    found = []
    for lane in keys:
        for key in index.ids_in(ex.start, ex.end, lane):
            kind = "quote" if key % 2 else "event"
            found.append((index.get(key)[0], kind, key // 2))
    return {(k, i): n for n, (_, k, i) in enumerate(sorted(found), 1)}


def _subtitle(frame: Frame, count: int) -> str:
    """The range actually drawn, and how many items."""
    # The end is exclusive: a window up to 1 Jan 2025 is drawn through 31 Dec 2024.
    t0, t1 = frame.scale.start, frame.scale.end - 1
    items = f"{count:,} event{'s' if count != 1 else ''} and quote{'s' if count != 1 else ''}"
    return f"{day_text(t0)} – {day_text(t1)} · {items}"


def _page(p: QPainter, ex: _Export, frame: Frame, title: str, subtitle: str) -> None:
    """Title, timeline and legend, from the painter's origin down."""
    painter, theme = ex.painter, ex.painter.theme
    p.fillRect(QRectF(0, 0, frame.width, _total_height(ex, frame)), theme.background)
    p.setPen(theme.text)
    p.setFont(painter.fonts.title)
    p.drawText(QPointF(4, 24), title)
    p.setFont(painter.fonts.small)
    p.setPen(theme.muted)
    p.drawText(QPointF(4, 44), subtitle)
    p.save()
    p.translate(0, HEADER_H)
    painter.paint(p, frame)
    p.restore()
    draw_legend(p, painter, ex.lanes, 4, HEADER_H + frame.height + 10, frame.width - 8)
    below = HEADER_H + frame.height + 10 + legend_height(painter, ex.lanes, frame.width - 8) + 8
    draw_block(p, painter.fonts, theme, ex.cited, ex.number_w, 4, below, frame.width - 8)


def _total_height(ex: _Export, frame: Frame) -> float:
    legend = legend_height(ex.painter, ex.lanes, frame.width - 8)
    cited = block_height(ex.cited)
    return HEADER_H + frame.height + 10 + legend + 8 + (cited + 8 if cited else 0.0)


def _cite(ex: _Export, width: float) -> None:
    """Lay out the numbered citations to draw under the picture (up to CITED_UNDER
    items: a picture of thousands would grow past what an image can hold; a PDF
    carries any number on its pages)."""
    if not ex.numbers or len(ex.numbers) > CITED_UNDER:
        return
    found = citations(ex.data.store, ex.numbers, readable_date)
    ex.cited = lay_out(found, ex.painter.fonts, width - 8, readable_date)
    ex.number_w = number_width(ex.painter.fonts, found)


def _title(ex: _Export) -> str:
    return ex.data.title or "Timeline"


def export_svg(selection: Any, *, width: int = EXPORT_WIDTH) -> str:
    """The selection's timeline as an SVG document."""
    ex = _prepare(selection)
    _widen(ex, width - _left(ex))
    ex.numbers = _numbers(ex)
    _cite(ex, float(width))
    # A window the user closed is kept; an open end reaches on for the last labels.
    frame = _fitted(ex, ex.start, ex.end, float(width), stretch=ex.open_end)
    h = math.ceil(_total_height(ex, frame))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(QSize(width, h))
    gen.setViewBox(QRect(0, 0, width, h))
    gen.setResolution(DPI)
    gen.setTitle(_title(ex))
    gen.setDescription("A timeline exported from Citeline")
    p = QPainter(gen)
    _page(p, ex, frame, _title(ex), _subtitle(frame, len(frame.drawn)))
    p.end()
    buffer.close()
    return bytes(buffer.data().data()).decode("utf-8")


def export_png(
    selection: Any, path: Path | None = None, *, scale: float = 2.0, width: int = EXPORT_WIDTH
) -> bytes:
    """The selection's timeline as a PNG, ``width`` pixels wide times ``scale``.

    The size is checked before anything is allocated: an image too large for memory is
    refused with ExportError rather than written blank.
    """
    if not (math.isfinite(scale) and 0 < scale <= 16):
        raise ExportError(f"the scale must be between 0 and 16, not {scale}")
    if width < 300:
        raise ExportError(f"an image must be at least 300 pixels wide, not {width}")
    _check_size(width * scale, 1.0)
    ex = _prepare(selection)
    _widen(ex, width - _left(ex))
    ex.numbers = _numbers(ex)
    _cite(ex, float(width))
    # A window the user closed is kept; an open end reaches on for the last labels.
    frame = _fitted(ex, ex.start, ex.end, float(width), stretch=ex.open_end)
    logical_h = _total_height(ex, frame)
    w_px, h_px = _check_size(width * scale, logical_h * scale)
    image = QImage(w_px, h_px, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"there is not enough memory for a {w_px}×{h_px} pixel image")
    dots = round(DPI * scale / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    image.fill(ex.painter.theme.background)
    p = QPainter(image)
    p.scale(scale, scale)
    _page(p, ex, frame, _title(ex), _subtitle(frame, len(frame.drawn)))
    p.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("the PNG could not be encoded")
    data = bytes(buffer.data().data())
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _check_size(w: float, h: float) -> tuple[int, int]:
    w_px, h_px = math.ceil(w), math.ceil(h)
    if w_px > MAX_SIDE or h_px > MAX_SIDE or w_px * h_px > MAX_PIXELS:
        raise ExportError(
            f"a {w_px:,}×{h_px:,} pixel image is too large to export (at most "
            f"{MAX_SIDE:,} pixels a side and {MAX_PIXELS // 1_000_000} megapixels): "
            "lower the scale or the width, or export SVG or PDF"
        )
    return w_px, h_px


def page_count(ex: _Export) -> int:
    """How many pages spread the window so that no lane holds too many items on one."""
    keys = ex.lane_keys if ex.lane_keys is not None else [la.key for la in ex.data.lanes]
    for n in range(1, MAX_PAGES + 1):
        step = (ex.end - ex.start) / n
        starts = [ex.start + i * step for i in range(n)]
        if all(
            ex.data.index.count(a, a + step, k) <= ITEMS_PER_PAGE_LANE for a in starts for k in keys
        ):
            return n
    return MAX_PAGES


def export_pdf(
    selection: Any, path: Path | None = None, *, page: str = "A4", pages: int | None = None
) -> bytes:
    """The selection's timeline as a landscape PDF, its time range split across pages.

    Each page has the title, its part of the timeline and the legend; fonts are
    embedded (with a CJK family as fallback, so Korean names print).
    """
    size = PAGE_SIZES.get(page)
    if size is None:
        raise ExportError(f"unknown page size \u201c{page}\u201d: choose {' or '.join(PAGE_SIZES)}")
    if pages is not None and not 1 <= pages <= 500:
        raise ExportError(f"the number of pages must be between 1 and 500, not {pages}")
    ex = _prepare(selection, flat=True)
    n = pages or page_count(ex)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(size),
            QPageLayout.Orientation.Landscape,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(_title(ex))
    writer.setCreator("Citeline")
    area = writer.pageLayout().paintRectPixels(DPI)
    width, height = float(area.width()), float(area.height())
    _widen(ex, n * (width - _left(ex)))
    ex.numbers = _numbers(ex)
    p = QPainter(writer)
    step = (ex.end - ex.start) / n
    first = True
    for i in range(n):
        t0, t1 = ex.start + i * step, ex.start + (i + 1) * step
        # Each item is drawn on the part where it starts, whose labels may reach on.
        owned = (t0 if i else -math.inf, t1 if i < n - 1 else math.inf)
        full = _fitted(ex, t0, t1, width, owned, stretch=i < n - 1 or ex.open_end)
        room = height - (_total_height(ex, full) - full.height)
        parts = _cuts(full, max(room, full.top + 2 * full.metrics.row_h))
        for j, (offset, part_h) in enumerate(parts):
            frame = _frame(
                ex, t0, full.scale.end, width, full.top + part_h, scroll=offset, owned=owned
            )
            if not first:
                writer.newPage()
            first = False
            subtitle = _subtitle(frame, len(full.drawn))
            if n > 1:
                subtitle += f" · part {i + 1} of {n}"
            if len(parts) > 1:
                subtitle += f" · lanes continued, {j + 1} of {len(parts)}"
            _page(p, ex, frame, _title(ex), subtitle)
    _citation_pages(p, writer, ex, width, height)
    p.end()
    buffer.close()
    data = bytes(buffer.data().data())
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _cuts(full: Frame, room: float) -> list[tuple[float, float]]:
    """(scroll, height) of the pieces a frame's lanes are cut into to fit ``room``.

    Cuts fall between rows, so no marker or label is split across pages.
    """
    avail = room - full.top
    content = full.content_height
    if content <= avail:
        return [(0.0, content)]
    m = full.metrics
    edges = {0.0, content}
    for lane in full.lanes:
        base = lane.y - full.top
        edges.add(base)
        edges.update(base + m.lane_pad + r * m.row_h for r in range(lane.rows + 1))
        edges.add(base + lane.height)
    cuts = sorted(edges)
    out = []
    offset = 0.0
    while offset < content - 0.5:
        fits = [c for c in cuts if offset < c <= offset + avail]
        cut = max(fits) if fits else offset + avail
        out.append((offset, cut - offset))
        offset = cut
    return out


def _citation_pages(
    p: QPainter, writer: QPdfWriter, ex: _Export, width: float, height: float
) -> None:
    """The numbered citations after the timeline: each item, its date, status and flag,
    its passages; as many pages as they take."""
    if not ex.numbers:
        return
    fonts, theme = ex.painter.fonts, ex.painter.theme
    found = citations(ex.data.store, ex.numbers, readable_date)

    def measure(font: QFont, w: float, text: str) -> float:
        p.setFont(font)  # the writer's own metrics
        return p.boundingRect(QRectF(0, 0, w, 10_000), WRAP, text).height()

    laid = lay_out(found, fonts, width, readable_date, measure)
    num_w = number_width(fonts, found)

    def heading() -> float:
        p.fillRect(QRectF(0, 0, width, height), theme.background)
        return draw_heading(p, fonts, theme, 4, 0)

    writer.newPage()
    y = heading()
    for c in laid:
        if y + c.height > height and y > HEADER_H:
            writer.newPage()
            y = heading()
        y = draw_one(p, fonts, theme, c, 4, y, num_w, width)


def readable_date(edtf: str) -> str:
    """A date for reading, or its EDTF when it cannot be spelled out."""
    try:
        return format_date(edtf)
    except CitelineError:
        return edtf
