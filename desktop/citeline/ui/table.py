"""The events table: a second view of the same events and quotes, sortable and filterable.

Rows are read from the store in pages as the view scrolls, so a project of any size
opens at once; sorting is done by SQLite. The sorted rows are held as one compact
array of keys (eight bytes a row, not a Python object per row: a million rows take 8 MB).
"""

from __future__ import annotations

from array import array
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from citeline.core import filters
from citeline.core.dates import shown_date
from citeline.core.queries import FIRST_REPORTED_SQL, QUOTE_REPORTED_SQL
from citeline.ui.document import Changes, Document, Selected
from citeline.ui.plain import tooltip
from citeline.ui.status import FLAG, LABELS, status_menu
from citeline.ui.theme import FLAG_COLOR, STATUS_COLORS

COLUMNS = (
    "Date",
    "Kind",
    "Title",
    "Status",
    FLAG,
    "First reported",
    "Speaker",
    "Source",
    "Lane",
    "Tags",
    "Passages",
)
#: The column whose cells say that an event's sources disagree.
FLAG_COLUMN = 4
_ORDER = {
    0: "date_earliest",
    1: "kind",
    2: "title COLLATE NOCASE",
    3: "status",
    4: "date_earliest",  # flags are found by reading the passages, not stored
    5: "first_reported",
    6: "speaker COLLATE NOCASE",
    7: "source COLLATE NOCASE",
    8: "lane COLLATE NOCASE",
    9: "tags",
    10: "passages",
}
_ROWS = f"""
SELECT 'event' AS kind, e.id, e.title, e.date_edtf, e.date_earliest, l.name AS lane,
       (SELECT group_concat(t.name, ', ') FROM event_tags x JOIN tags t ON t.id = x.tag_id
        WHERE x.event_id = e.id) AS tags,
       (SELECT count(*) FROM evidence v WHERE v.event_id = e.id) AS passages,
       e.status AS status, {FIRST_REPORTED_SQL} AS first_reported, NULL AS speaker,
       (SELECT s.title FROM evidence v JOIN passages p ON p.id = v.passage_id
        JOIN sources s ON s.id = p.source_id WHERE v.event_id = e.id
        ORDER BY s.published, s.id LIMIT 1) AS source,
       (SELECT count(DISTINCT p.source_id) FROM evidence v JOIN passages p
        ON p.id = v.passage_id WHERE v.event_id = e.id) AS sources,
       e.lane_id AS lane_id, e.date_latest AS date_latest
FROM events e LEFT JOIN lanes l ON l.id = e.lane_id
UNION ALL
SELECT 'quote', q.id, q.text, q.date_edtf, q.date_earliest, l.name,
       (SELECT group_concat(t.name, ', ') FROM quote_tags x JOIN tags t ON t.id = x.tag_id
        WHERE x.quote_id = q.id),
       (q.passage_id IS NOT NULL),
       q.status, {QUOTE_REPORTED_SQL}, (SELECT name FROM people WHERE id = q.speaker_id),
       (SELECT s.title FROM passages p JOIN sources s ON s.id = p.source_id
        WHERE p.id = q.passage_id),
       (q.passage_id IS NOT NULL), q.lane_id, q.date_latest
FROM quotes q LEFT JOIN lanes l ON l.id = q.lane_id
"""
#: The columns whose order the items' own rows give (see _KEYS).
_KEY_COLUMNS = (0, 1, 2, 3, 4)
_KEYS = """
SELECT 'event' AS kind, id, title, date_earliest, status, lane_id, date_latest FROM events
UNION ALL
SELECT 'quote', id, text, date_earliest, status, lane_id, date_latest FROM quotes
"""
PAGE = 400
Index = QModelIndex | QPersistentModelIndex


def _where(
    limits: tuple[frozenset[int] | None, int | None, int | None] | None,
) -> tuple[str, list[int]]:
    """The WHERE clause (and its values) keeping the rows in some lanes and dates."""
    if limits is None:
        return "", []
    lanes, start, end = limits
    conditions, params = [], []
    if lanes:
        conditions.append(f"lane_id IN ({','.join('?' * len(lanes))})")
        params.extend(sorted(lanes))
    if start is not None:
        conditions.append("date_latest > ?")
        params.append(start)
    if end is not None:
        conditions.append("date_earliest < ?")
        params.append(end)
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def _keys_in(
    limits: tuple[frozenset[int] | None, int | None, int | None],
) -> tuple[str, list[int]]:
    """The key rows (as ``_KEYS``) of the items in some lanes and dates, found through
    the span table, and the statement's values."""
    lanes, start, end = limits
    cond, params = "", []
    if lanes:
        marks = ", ".join(f"?{len(params) + i + 1}" for i in range(len(lanes)))
        cond += f" AND lane_key IN ({marks})"
        params.extend(sorted(lanes))
    if start is not None:
        params.append(start)
        cond += f" AND latest > ?{len(params)}"
    if end is not None:
        params.append(end)
        cond += f" AND earliest < ?{len(params)}"
    sql = f"""
SELECT 'event' AS kind, id, title, date_earliest, status, lane_id, date_latest FROM events
WHERE id IN (SELECT id FROM timeline_spans WHERE kind = 'event'{cond})
UNION ALL
SELECT 'quote', id, text, date_earliest, status, lane_id, date_latest FROM quotes
WHERE id IN (SELECT id FROM timeline_spans WHERE kind = 'quote'{cond})
"""
    return sql, params


class ItemsModel(QAbstractTableModel):
    """Events and quotes as table rows, fetched page by page."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.filter: filters.ItemFilter | None = None
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder
        #: the rows' items in order, each as id * 2 + (1 for a quote)
        self._keys: array[int] = array("q")
        self._rows: dict[int, tuple[Any, ...]] = {}
        self.reload()

    def reload(self) -> None:
        """Re-read which rows there are (after an edit, a filter or a sort)."""
        self.beginResetModel()
        order = _ORDER[self.sort_column]
        direction = "DESC" if self.sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        # Sorting on a column of the items themselves needs none of the other columns,
        # whose subqueries cost seconds over a million rows.
        rows = _KEYS if self.sort_column in _KEY_COLUMNS else _ROWS
        # A filter by lanes and dates is a condition of the query itself: the rows that
        # fail it are never read, let alone sorted.
        limits = filters.restriction(self.filter) if self.filter else None
        where, params = _where(limits)
        if limits is not None and self.sort_column in _KEY_COLUMNS:
            # The timeline's span table finds the items in the lanes and dates far
            # faster than testing every row (it is ordered by lane and start).
            rows, params = _keys_in(limits)
            where = ""
        sql = (
            f"SELECT id * 2 + (kind = 'quote') FROM ({rows}){where} "
            f"ORDER BY {order} {direction}, kind, id"
        )
        cursor = self.document.store.db.execute(sql, params)
        match = None
        if self.filter and limits is None:
            match = filters.matching(self.document.store, self.filter)
        if match is None:
            keys = array("q", (r[0] for r in cursor))
        else:
            ev, qs = match
            keys = array("q", (k for (k,) in cursor if (k >> 1) in (qs if k & 1 else ev)))
        self._keys = keys
        self._rows = {}
        self.endResetModel()

    def facts_changed(self) -> None:
        """Some events' derived facts changed: read the rows shown again (flag, first
        reported, counts), without moving the selection or the scroll."""
        self._rows = {}
        if self._keys:
            last = self.index(len(self._keys) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def key(self, row: int) -> tuple[str, int]:
        k = self._keys[row]
        return ("quote" if k & 1 else "event", k >> 1)

    def row_of(self, kind: str, item_id: int) -> int | None:
        try:
            return self._keys.index(item_id * 2 + (kind == "quote"))
        except ValueError:
            return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _load_page(self, row: int) -> None:
        first = row - row % PAGE
        chunk = [self.key(r) for r in range(first, min(first + PAGE, len(self._keys)))]
        wanted: dict[str, list[int]] = {"event": [], "quote": []}
        for kind, item_id in chunk:
            wanted[kind].append(item_id)
        found: dict[tuple[str, int], tuple[Any, ...]] = {}
        for kind, ids in wanted.items():
            if not ids:
                continue
            marks = ",".join("?" * len(ids))
            sql = f"SELECT * FROM ({_ROWS}) WHERE kind = ? AND id IN ({marks})"
            for r in self.document.store.db.execute(sql, [kind, *ids]):
                found[(r[0], r[1])] = tuple(r)
        for i, key in enumerate(chunk):
            if key in found:
                self._rows[first + i] = found[key]
        self.document.facts.conflicts(wanted["event"])  # the page's flags, in one go

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row not in self._rows:
            self._load_page(row)
        r = self._rows.get(row)
        if r is None:
            return None
        kind, item_id, title, edtf, _earliest, lane, tags, passages = r[:8]
        status, reported, speaker, source, sources = r[8:13]
        flagged = kind == "event" and self.document.facts.conflict(item_id) is not None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == FLAG_COLUMN and role == Qt.ItemDataRole.ToolTipRole:
                return "Its sources disagree: see Receipts" if flagged else None
            if col in (0, 5):
                value = shown_date(edtf if col == 0 else reported)
            else:
                more = f" (+{sources - 1})" if source and sources and sources > 1 else ""
                cells = (
                    kind,
                    " ".join(str(title).split()),
                    LABELS.get(status, status),
                    FLAG if flagged else "",
                    "",
                    speaker or "",
                    f"{source}{more}" if source else "",
                    lane or "",
                    tags or "",
                    passages,
                )
                value = cells[col - 1]
            return tooltip(str(value)) if role == Qt.ItemDataRole.ToolTipRole else value
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == FLAG_COLUMN and flagged:
                return QBrush(FLAG_COLOR)
            if col == 3 and status in STATUS_COLORS:
                return QBrush(STATUS_COLORS[status])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{kind} {title}, {status}" + (", sources disagree" if flagged else "")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self.sort_column, self.sort_order):
            return  # already in that order (the view asks again as it is set up)
        self.sort_column, self.sort_order = column, order
        self.reload()


class ItemsTable(QTableView):
    """The table of events and quotes; selecting a row selects the item everywhere."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model_ = ItemsModel(document)
        self.setModel(self.model_)
        self.setAccessibleName("Events table")
        # The model starts in date order: say so before sorting is on, so that turning it
        # on does not read every row again in another order.
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        # one line per row, long text elided: the tooltip and the inspector show it whole
        self.setWordWrap(False)
        header.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        for column, width in enumerate((165, 55, 340, 110, 28, 110, 130, 220, 110, 150)):
            header.resizeSection(column, width)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.selectionModel().currentRowChanged.connect(self._row_changed)
        document.changed.connect(self._on_changed)
        document.factsChanged.connect(self._on_facts)
        document.selectionChanged.connect(self._on_selection)
        self._syncing = False
        self._stale = False

    def set_filter(self, f: filters.ItemFilter | None) -> None:
        self.model_.filter = f
        self._refresh()

    def _refresh(self) -> None:
        """Read the rows again now if the table is on screen, else when it is next shown
        (at a million items a hidden table's reload would delay every filter and edit)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.model_.reload()
        self._on_selection(self.document.selected)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._refresh()
        super().showEvent(event)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        kind, item_id = self.model_.key(index.row())
        self.document.select(kind, item_id)
        menu = QMenu(self)
        menu.addMenu(status_menu(menu, self.document, kind, item_id))
        menu.exec(self.viewport().mapToGlobal(pos))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._syncing:
            self.document.select(*self.model_.key(current.row()))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(
            "events",
            "quotes",
            "lanes",
            "tags",
            "event_tags",
            "quote_tags",
            "evidence",
            "passages",
            "sources",
            "people",
        ):
            self._refresh()

    def _on_facts(self, _changed: object) -> None:
        self.model_.facts_changed()

    def _on_selection(self, selected: Selected | None) -> None:
        if selected is None or selected.kind not in ("event", "quote") or self._stale:
            return
        row = self.model_.row_of(selected.kind, selected.id)
        if row is None:
            return
        self._syncing = True
        self.selectRow(row)
        self.scrollTo(self.model_.index(row, 0))
        self._syncing = False
