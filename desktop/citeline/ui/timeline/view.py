"""The timeline widget: one painted surface for a Document, navigated by zoom and pan.

Nothing here holds a widget or scene item per event: each paint composes a frame from
the visible window (a windowed store query for the lanes drawn item by item, the time
index for counts and density) and hands it to the shared painter.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QStatusTipEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGestureEvent,
    QPinchGesture,
    QScrollBar,
    QToolTip,
    QWidget,
)

from citeline.core import items
from citeline.core.dates import format_date
from citeline.core.edits import Edit
from citeline.core.errors import CitelineError
from citeline.core.filters import ItemFilter
from citeline.core.layout import TimeScale
from citeline.core.moving import moved
from citeline.ui import idlegc
from citeline.ui.document import Changes, Document, FactsChanged, Selected
from citeline.ui.plain import tooltip
from citeline.ui.timeline import navigation, tooltips
from citeline.ui.timeline.compose import column_width, compose, whole_labels_end
from citeline.ui.timeline.data import TimelineData, item_key
from citeline.ui.timeline.frame import ClusterBox, DrawnItem, Frame, Metrics
from citeline.ui.timeline.painter import PaintStats, TimelinePainter
from citeline.ui.timeline.theme import Fonts, Theme

#: Zoom per wheel notch (120 eighths of a degree) and per key press.
WHEEL_ZOOM = 1.25
KEY_ZOOM = 2.0**0.5
#: Touchpads report pixels: this many pixels of vertical swipe zoom by one notch.
PIXELS_PER_NOTCH = 60.0
#: The modifier that turns a drag on the selected item into moving its date.
MOVE_MODIFIER = Qt.KeyboardModifier.ControlModifier
#: At most this share of the width is added right of the items for their last titles.
FIT_LABEL_ROOM = 0.3
#: Room kept at the right for the lanes' scroll bar.
SCROLLBAR_W = 12
HINT = (
    "Drag to pan · wheel or pinch zooms · Shift+wheel pans · wheel over the lane names "
    "scrolls · Ctrl+drag the selected item to change its date"
)
#: How long after the last zoom or pan step the accessible description is renewed.
DESCRIBE_MS = 120
#: Tables whose changes re-read the timeline; evidence changes reach it as derived
#: facts (flags and evidence counts), without re-reading everything.
TABLES = ("events", "quotes", "lanes", "eras", "people", "project")
#: Changes that renew the fonts, theme and painter, and so every measured or laid-out
#: text kept between frames (as does a new pixel ratio: see ``event``).
STYLE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.FontChange)


class TimelineView(QWidget):
    """The interactive timeline of a Document's events and quotes."""

    activated = Signal(str, int)  # kind, id: the user asked to open an item
    windowChanged = Signal(float, float)  # the visible window, start and end instants
    dataReloaded = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.data = TimelineData(
            document.store, defer_flags=True, facts=document.facts, prefetch=True
        )
        self.metrics = Metrics()
        self._filter: ItemFilter | None = None
        self._frame: Frame | None = None
        self._press: QPointF | None = None
        self._press_scale: TimeScale | None = None
        self._dragging = False
        self._moving: DrawnItem | None = None
        self._move_to: str | None = None
        self._fit_pending = True
        self._scroll = 0.0
        self._collapsed: set[int] = set()
        self._expanded: set[int] = set()
        # Where Escape goes back to after opening a cluster: (scale, expanded lanes, scroll).
        self._back: list[tuple[TimeScale, set[int], float]] = []
        self.scrollbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.scrollbar.setAccessibleName("Scroll the lanes")
        self.scrollbar.valueChanged.connect(self._on_scrolled)
        self.scrollbar.hide()
        self._style_changed()
        self._scale = self._fitted()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 160)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName("Timeline")
        self.setStatusTip(HINT)
        document.changed.connect(self._on_changed)
        document.factsChanged.connect(self._on_facts)
        document.selectionChanged.connect(self._on_selection)
        self._describe_timer = QTimer(self)
        self._describe_timer.setSingleShot(True)
        self._describe_timer.setInterval(DESCRIBE_MS)
        self._describe_timer.timeout.connect(self._describe)
        self._describe()

    # ---------------------------------------------------------------- public API

    @property
    def scale(self) -> TimeScale:
        """The visible window and its mapping to the time area's pixels."""
        return self._scale

    @property
    def left(self) -> float:
        """The width of the lane-name column (the time area starts there)."""
        return self._left

    def visible_window(self) -> tuple[float, float]:
        """The visible window as (start, end) instants in seconds since 1970 UTC."""
        return (self._scale.start, self._scale.end)

    def set_metrics(self, metrics: Metrics) -> None:
        """Lay the timeline out with other sizes and limits."""
        self.metrics = metrics
        self._left = column_width(self.data, self._fonts, metrics)
        self._invalidate()

    def set_scale(self, scale: TimeScale) -> None:
        """Show another window (the width is the time area's)."""
        self._fit_pending = False
        if scale.width != self._time_width():
            scale = TimeScale(scale.start, scale.end, self._time_width())
        if scale == self._scale:
            return
        self._scale = scale
        self._invalidate()
        # The spoken description counts the items in view: a query on a large project,
        # made once the zoom or pan pauses rather than inside every frame.
        self._describe_timer.start()
        self.windowChanged.emit(scale.start, scale.end)

    def fit_all(self) -> None:
        """Show the whole project."""
        self.set_scale(self._fitted())
        self._fit_pending = True

    def zoom_in(self) -> None:
        """Zoom in around the middle of the view."""
        self.set_scale(self._scale.zoomed(KEY_ZOOM, self._scale.width / 2))

    def zoom_out(self) -> None:
        """Zoom out around the middle of the view."""
        self.set_scale(self._scale.zoomed(1 / KEY_ZOOM, self._scale.width / 2))

    def zoom_to_selection(self) -> None:
        """Zoom to the selected event or quote, with some time around it."""
        sel = self.document.selected
        if sel is not None and sel.kind in ("event", "quote"):
            key = item_key(sel.kind, sel.id)
            if key in self.data.index:
                e, late, _ = self.data.index.get(key)
                self.set_scale(navigation.focused(e, late, self._time_width()))

    def reveal(self, kind: str, item_id: int) -> None:
        """Pan (and zoom in if its lane is a density strip) until the item is drawn."""
        key = item_key(kind, item_id)
        if key not in self.data.index:
            return
        e, late, lane = self.data.index.get(key)
        m = self.metrics
        limit = navigation.item_limit(self._scale.width, m.max_items_per_lane, m.max_items_per_px)
        margin = 2 * m.marker_r
        self.set_scale(
            navigation.revealed(self._scale, e, late, lane, self.data.index, limit, margin)
        )

    def set_filter(self, item_filter: ItemFilter | None) -> None:
        """Dim the items that do not pass ``item_filter`` (None or empty: none are dimmed)."""
        self._filter = item_filter if item_filter is not None and not item_filter.empty else None
        self.data.apply_filter(self._filter)
        self._invalidate()

    def frame(self) -> Frame:
        """The laid-out frame for the current window and size (composed when needed)."""
        if self._frame is None:
            sel = self.document.selected
            selected = (sel.kind, sel.id) if sel else None
            frame = self._compose(selected)
            room = max(frame.height - frame.top, 1.0)
            most = max(0.0, frame.content_height - room)
            if self._scroll > most:
                self._scroll = most
                frame = self._compose(selected)
            self._frame = frame
            self._sync_scrollbar(frame, room, most)
        return self._frame

    def lane_space(self) -> tuple[set[int], set[int]]:
        """The lanes folded and the lanes opened wide, as this frame draws them.

        The user's folding, and a lane filter's: the lanes it leaves out fold to their
        clusters and the lanes it keeps take the room they need, so a lane filtered alone
        gets the timeline's whole height.
        """
        collapsed, expanded = set(self._collapsed), set(self._expanded)
        kept = set(self._filter.lane_ids) if self._filter is not None else set()
        keys = {lane.key for lane in self.data.lanes}
        if kept & keys:
            collapsed = (collapsed | keys) - kept
            expanded |= kept & keys
        return collapsed, expanded

    def _compose(self, selected: tuple[str, int] | None) -> Frame:
        collapsed, expanded = self.lane_space()
        return compose(
            self.data,
            self._scale,
            self._fonts,
            left=self._left,
            height=float(self.height()),
            metrics=self.metrics,
            selected=selected,
            scroll=self._scroll,
            collapsed=collapsed,
            expanded=expanded,
        )

    def _sync_scrollbar(self, frame: Frame, room: float, most: float) -> None:
        sb = self.scrollbar
        sb.blockSignals(True)
        sb.setRange(0, math.ceil(most))
        sb.setPageStep(max(1, int(room)))
        sb.setSingleStep(int(self.metrics.row_h))
        sb.setValue(round(self._scroll))
        sb.blockSignals(False)
        sb.setGeometry(
            self.width() - SCROLLBAR_W, int(frame.top), SCROLLBAR_W, int(self.height() - frame.top)
        )
        sb.setVisible(most > 0)

    def scroll_lanes(self, dy: float) -> None:
        """Scroll the lanes down by ``dy`` pixels (up when negative)."""
        self.set_scroll(self._scroll + dy)

    def set_scroll(self, y: float) -> None:
        """Scroll the lanes so that ``y`` pixels of them are above the view."""
        y = max(0.0, y)
        if y != self._scroll:
            self._scroll = y
            self._invalidate()

    @property
    def scroll(self) -> float:
        """How far the lanes are scrolled up, in pixels."""
        return self._scroll

    def toggle_lane(self, key: int) -> None:
        """Collapse a lane to its clusters, or open it again."""
        if key in self._collapsed:
            self._collapsed.discard(key)
        else:
            self._collapsed.add(key)
            self._expanded.discard(key)
        self._invalidate()

    def collapsed_lanes(self) -> set[int]:
        """The keys of the lanes folded to their clusters."""
        return set(self._collapsed)

    def open_cluster(self, cluster: ClusterBox) -> None:
        """Show a cluster's items: zoom to them, or give their lane the rows to hold them.

        Zooming helps when the items spread over a stretch much narrower than the view;
        items sharing a day need rows instead. Escape goes back.
        """
        self._back.append((self._scale, set(self._expanded), self._scroll))
        self._collapsed.discard(cluster.lane)
        span = cluster.t1 - cluster.t0
        if cluster.zoomable and span < self._scale.span / 2:
            pad = max(span * 0.1, navigation.MIN_FOCUS_SPAN / 4)
            self.set_scale(
                TimeScale.fit(cluster.t0 - pad, cluster.t1 + pad, self._time_width(), 0.0)
            )
        else:
            self._expanded.add(cluster.lane)
        self._invalidate()
        self.scroll_to_lane(cluster.lane)

    def scroll_to_lane(self, key: int) -> None:
        """Scroll the lanes so that lane ``key`` is in view, its top first when it is
        taller than the view (after a zoom the lanes above may have grown or shrunk)."""
        for _ in range(3):  # lanes coming into view are laid out and may change height
            f = self.frame()
            lane = next((la for la in f.lanes if la.info.key == key), None)
            if lane is None:
                return
            room = f.height - f.top
            top = lane.y - f.top  # where the lane starts, from the top of the view
            bottom = top + lane.height
            if top >= 0 and (bottom <= room or top == 0):
                return
            delta = top if top < 0 or lane.height > room else bottom - room
            before = self._scroll
            self.scroll_lanes(delta)
            if self._scroll == before:
                return

    def go_back(self) -> bool:
        """Undo the last cluster opening (Escape); False when there is none."""
        if not self._back:
            return False
        scale, expanded, scroll = self._back.pop()
        self._expanded = expanded
        self._scroll = scroll
        self.set_scale(scale)
        self._invalidate()
        return True

    def draw(self, painter: QPainter) -> PaintStats:
        """Paint the current frame with ``painter`` (the screen, or an image for timing)."""
        return self._painter.paint(painter, self.frame())

    def item_at(self, pos: QPointF) -> DrawnItem | None:
        """The item drawn at a widget position."""
        return self.frame().item_at(pos.x(), pos.y())

    def tooltip_at(self, pos: QPointF) -> str | None:
        """The hover text for a widget position (None over nothing)."""
        f = self.frame()
        d = f.item_at(pos.x(), pos.y())
        if d is not None:
            return tooltips.item_tooltip(self.document.store, d)
        c = f.cluster_at(pos.x(), pos.y())
        if c is not None:
            return tooltips.cluster_tooltip(self.data, c)
        lane = f.header_at(pos.x(), pos.y())
        if lane is not None:
            what = "open" if lane.collapsed else "fold"
            return tooltip(f"{lane.info.name}: {lane.count:,} items in view. Click to {what} it.")
        return None

    # ---------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        self.draw(p)
        # The scroll bar's strip, right of the time area.
        f = self.frame()
        p.fillRect(QRectF(f.width, 0, self.width() - f.width, self.height()), self._theme.column)
        if self.hasFocus():
            p.setPen(QPen(self._theme.highlight, 2.0))
            p.drawRect(QRectF(1, 1, self.width() - 2, self.height() - 2))
        p.end()
        idlegc.frame_drawn()

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._fit_pending:
            self._scale = self._fitted()
        else:
            self._scale = self._scale.resized(self._time_width())
        self._invalidate()
        self.windowChanged.emit(self._scale.start, self._scale.end)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in STYLE_EVENTS:
            self._restyle()
        super().changeEvent(event)

    def _restyle(self) -> None:
        self._style_changed()
        # A new font may widen the lane-name column and so narrow the time area.
        self._scale = (
            self._fitted() if self._fit_pending else self._scale.resized(self._time_width())
        )
        self._invalidate()

    # ---------------------------------------------------------------- input

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DevicePixelRatioChange:  # not passed on to changeEvent
            self._restyle()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, mods = event.key(), event.modifiers()
            no_mods = not mods & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and no_mods:
                back = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
                # At either end Tab leaves the timeline, so keyboard users are never trapped.
                if self.step_selection(-1 if back else 1):
                    return True
        if (
            kind == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self._zoom_at(event.position().x(), 1.0 + event.value())
            return True
        if kind == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
                self._zoom_at(float(centre.x()), pinch.scaleFactor())
                event.accept(pinch)
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        page = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0 and ctrl:
            self.fit_all()
        elif key == Qt.Key.Key_Z and not ctrl:
            self.zoom_to_selection()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = self._scale.width * (0.9 if page else 0.125)
            self.set_scale(self._scale.panned(step if key == Qt.Key.Key_Right else -step))
        elif key == Qt.Key.Key_BracketRight:
            self.step_selection(1)
        elif key == Qt.Key.Key_BracketLeft:
            self.step_selection(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sel = self.document.selected
            if sel is not None and sel.kind in ("event", "quote"):
                self.activated.emit(sel.kind, sel.id)
        elif key == Qt.Key.Key_Escape and self._moving is not None:
            self._moving = self._move_to = None
            self._status("")
            QToolTip.hideText()
        elif key == Qt.Key.Key_Escape and self._back:
            self.go_back()
        elif key == Qt.Key.Key_Escape and self.document.selected is not None:
            self.document.select(None)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = max(self.height() - self.frame().top - self.metrics.row_h, self.metrics.row_h)
            self.scroll_lanes(step if key == Qt.Key.Key_PageDown else -step)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def step_selection(self, step: int) -> bool:
        """Select the next (1) or previous (-1) item in time; False when there is none."""
        sel = self.document.selected
        kind, item_id = (
            (sel.kind, sel.id) if sel and sel.kind in ("event", "quote") else (None, None)
        )
        anchor = self._scale.start if step > 0 else self._scale.end
        found = self.data.neighbour(kind, item_id, anchor, step)
        if found is None:
            return False
        self.document.select(*found)
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:
        angle, pixels = event.angleDelta(), event.pixelDelta()
        dx, dy = angle.x(), angle.y()
        px, py = pixels.x(), pixels.y()
        mods = event.modifiers()
        if event.position().x() < self._left:
            # Over the lane names the wheel scrolls the lanes, as in any list.
            self.scroll_lanes(-(py if py else dy / 120.0 * 3 * self.metrics.row_h))
            event.accept()
            return
        if mods & Qt.KeyboardModifier.ShiftModifier and dx == 0:
            dx, dy, px, py = dy, 0, py, 0
        if dx and abs(dx) >= abs(dy):
            moved = -(px if px else dx / 120.0 * 60.0)
            self.set_scale(self._scale.panned(moved))
        elif py and not mods & Qt.KeyboardModifier.ControlModifier:
            # A touchpad: zoom smoothly with the fingers, a notch every PIXELS_PER_NOTCH.
            self._zoom_at(event.position().x(), WHEEL_ZOOM ** (py / PIXELS_PER_NOTCH))
        elif dy:
            self._zoom_at(event.position().x(), WHEEL_ZOOM ** (dy / 120.0))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_scale = self._scale
            self._dragging = False
            # A plain drag pans; Ctrl+drag on an item moves its date (a deliberate gesture).
            d = self.item_at(event.position())
            deliberate = bool(event.modifiers() & MOVE_MODIFIER)
            self._moving = d if d is not None and deliberate and self.document.editable else None
            if self._moving is not None:
                self.document.select(*self._moving.key)
            self._move_to = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._press_scale is None:
            return
        dx = event.position().x() - self._press.x()
        if not self._dragging and abs(dx) >= QGuiApplication.styleHints().startDragDistance():
            self._dragging = True
            moving = self._moving is not None
            self.setCursor(
                Qt.CursorShape.SizeHorCursor if moving else Qt.CursorShape.ClosedHandCursor
            )
        if self._dragging and self._moving is not None:
            self._move_to = moved(self._moving.item.date_edtf, dx * self._scale.seconds_per_px)
            where = format_date(self._move_to) if self._move_to else "(no change)"
            text = f"Move to {where}"
            QToolTip.showText(event.globalPosition().toPoint(), tooltip(text), self)
            self._status(f"{text} · release to set the date by hand, Esc to cancel")
        elif self._dragging:
            self.set_scale(self._press_scale.panned(-dx))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        if not self._dragging:
            self._click(event.position())
        elif self._moving is not None and self._move_to is not None:
            self._move(self._moving.key, self._move_to)
        if self._moving is not None:
            self._status("")
        self._moving = None
        self._move_to = None
        QToolTip.hideText()
        self._press = None
        self._dragging = False
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def _status(self, text: str) -> None:
        """Show ``text`` in the main window's status bar (empty: back to the hint)."""
        QApplication.sendEvent(self, QStatusTipEvent(text or HINT))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        d = self.item_at(event.position())
        if d is not None:
            self.document.select(*d.key)
            self.activated.emit(*d.key)

    def _move(self, key: tuple[str, int], edtf: str) -> None:
        """Push the dragged item's new date as one undo step (on release, never mid-drag)."""
        kind, item_id = key
        builder = items.update_event if kind == "event" else items.update_quote
        try:
            edit = builder(self.document.store, item_id, date=edtf)
        except CitelineError as exc:
            self.document.failed.emit(str(exc))
            return
        self.document.push(Edit("Move date", edit.changes))

    def _click(self, pos: QPointF) -> None:
        f = self.frame()
        d = f.item_at(pos.x(), pos.y())
        if d is not None:
            self.document.select(*d.key)
            return
        c = f.cluster_at(pos.x(), pos.y())
        if c is not None:
            self.open_cluster(c)
            return
        lane = f.header_at(pos.x(), pos.y())
        if lane is not None:
            self.toggle_lane(lane.info.key)
            return
        self.document.select(None)

    # ---------------------------------------------------------------- internals

    def _zoom_at(self, x: float, factor: float) -> None:
        if factor > 0 and math.isfinite(factor):
            around = min(max(x - self._left, 0.0), self._scale.width)
            self.set_scale(self._scale.zoomed(factor, around))

    def _time_width(self) -> float:
        return float(max(self.width() - self._left - SCROLLBAR_W, 1.0))

    def _fitted(self) -> TimeScale:
        # The items frame the view (eras only when there are none), reaching right just
        # far enough for the last titles to be read whole.
        extent = self.data.index.extent() or self.data.extent
        scale = navigation.fitted(extent, self._time_width())
        if extent is None:
            return scale
        longest = scale.start + (scale.end - scale.start) / (1 - FIT_LABEL_ROOM)
        for _ in range(3):
            frame = compose(self.data, scale, self._fonts, left=self._left, metrics=self.metrics)
            end = min(whole_labels_end(frame, self._fonts, FIT_LABEL_ROOM), longest)
            if end <= scale.end + scale.span * 1e-6:
                break
            scale = TimeScale(scale.start, end, scale.width)
        return scale

    def _style_changed(self) -> None:
        self._theme = Theme.from_palette(self.palette())
        self._fonts = Fonts.like(self.font())
        self._painter = TimelinePainter(self._theme, self._fonts, static_text=True)
        self._left = column_width(self.data, self._fonts, self.metrics)

    def refresh(self) -> None:
        """Compose and paint the frame again (what it shows was learnt meanwhile)."""
        self._invalidate()

    def _invalidate(self) -> None:
        self._frame = None
        self.update()

    def stop(self) -> None:
        """The project closes: no delayed work may read its store any more."""
        self._describe_timer.stop()
        self.data.close()

    def _describe(self) -> None:
        if self.data.store is not self.document.store:
            return  # a project being replaced; its data is made anew on the change
        s = self._scale
        n = self.data.index.count(s.start, s.end)
        self.setAccessibleDescription(
            f"{n:,} events and quotes from {tooltips.day_text(s.start)} "
            f"to {tooltips.day_text(s.end)}; "
            "plus and minus zoom, arrow keys pan, Tab moves to the next item, Enter opens it"
        )

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*TABLES):
            return
        if changes.reset or self.data.store is not self.document.store:
            self.data.close()
            self.data = TimelineData(
                self.document.store, defer_flags=True, facts=self.document.facts, prefetch=True
            )
        else:
            self.data.reload()
        if self._filter is not None:
            self.data.apply_filter(self._filter)
        old_left = self._left
        self._left = column_width(self.data, self._fonts, self.metrics)
        if changes.reset:
            self.fit_all()
        elif old_left != self._left:
            self._scale = self._scale.resized(self._time_width())
        self._invalidate()
        self._describe()
        self.dataReloaded.emit()

    def _on_facts(self, changed: FactsChanged) -> None:
        # Flags and evidence counts changed: draw them now, keeping the view where it is.
        if self.data.facts is not self.document.facts:
            return  # a new project: _on_changed made new data
        self.data.facts_changed(changed.event_ids)
        self._invalidate()

    def _on_scrolled(self, value: int) -> None:
        self.set_scroll(float(value))

    def _on_selection(self, selected: Selected | None) -> None:
        # An item drawn and in view stays exactly where it is (nothing zooms, pans or
        # scrolls: the user clicked it there); one elsewhere is brought into view.
        shown = self._frame.find(selected.kind, selected.id) if self._frame and selected else None
        self._invalidate()
        if selected is not None and selected.kind in ("event", "quote"):
            if shown is not None and self._in_view(shown):
                return
            self.reveal(selected.kind, selected.id)
            self._scroll_to(selected.kind, selected.id)

    def _in_view(self, d: DrawnItem) -> bool:
        """Whether a drawn item's marker is inside the visible part of the time area."""
        f = self.frame()
        row_h = self.metrics.row_h
        x = d.cx if d.point else min(max(d.cx, f.left), f.width)
        return f.top <= d.y - row_h / 2 and d.y + row_h / 2 <= f.height and f.left <= x <= f.width

    def _scroll_to(self, kind: str, item_id: int) -> None:
        """Scroll the lanes so that a drawn item's row is in view."""
        # Twice: lanes below the view take their most rows until they come into view
        # and are laid out, which can move the item again.
        for _ in range(2):
            f = self.frame()
            d = f.find(kind, item_id)
            if d is None:
                return
            row_h = self.metrics.row_h
            if d.y - row_h < f.top:
                self.scroll_lanes(d.y - row_h - f.top)
            elif d.y + row_h > f.height:
                self.scroll_lanes(d.y + row_h - f.height)
            else:
                return
