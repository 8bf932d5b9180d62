"""CSV: one row per event or quote, for spreadsheets, and importing items from CSV.

Export columns are listed in ``COLUMNS``; an event that cites more than one passage is
followed by one ``evidence`` row per further passage. Every cell a spreadsheet would
take for a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return)
starts with an added apostrophe; the import removes exactly that apostrophe again, so
an exported file imports back to the same text (see :func:`~.text.neutralize_cell`).

Import reads the columns documented in ``docs/file-formats.md``: ``title`` and ``date``
are required; a row can cite a passage by ``source_title`` and ``passage`` (the exact
words). A file is imported whole or not at all, and every problem is reported with its
line number.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from citeline.core import errors
from citeline.core.calendar import civil_from_instant
from citeline.core.dates import parse_date
from citeline.core.edits import Edit
from citeline.core.edtf import DateValue
from citeline.core.io.building import ItemBuilder
from citeline.core.io.selection import Citation, Item, Selection, display_date, gather
from citeline.core.io.text import count, neutralize_cell, restore_cell
from citeline.core.model import STANCES, STATUSES
from citeline.core.store import Store

COLUMNS = (
    "kind",
    "id",
    "title",
    "date",
    "display_date",
    "precision",
    "earliest",
    "latest",
    "lane",
    "tags",
    "people",
    "speaker",
    "source_title",
    "outlet",
    "published",
    "url",
    "passage",
    "passage_start",
    "passage_end",
    "page",
    "stance",
    "description",
    "importance",
    "status",
    "first_reported",
    "sources_disagree",
)
#: Columns the import reads; the other export columns are derived and ignored.
READ_COLUMNS = frozenset(
    {"kind", "title", "date", "lane", "tags", "people", "speaker", "source_title", "passage"}
    | {"passage_start", "stance", "description", "importance", "status"}
)
_ALIASES = {"headline": "title", "source": "source_title", "exact": "passage", "text": "title"}
MAX_CSV_BYTES = 256 * 1024 * 1024
#: Rows read between two calls of an import's progress callback.
PROGRESS_ROWS = 10_000


def iso_instant(t: int, precise: bool) -> str:
    """An instant as an ISO 8601 date (or date-time), years outside 0-9999 signed."""
    y, m, d, hh, mm, ss = civil_from_instant(t)
    year = f"{y:04d}" if 0 <= y <= 9999 else f"{y:+05d}"
    text = f"{year}-{m:02d}-{d:02d}"
    return f"{text}T{hh:02d}:{mm:02d}:{ss:02d}Z" if precise else text


def _cells(item: Item, c: Citation | None, kind: str) -> list[str]:
    precise = item.date.precision in ("minute", "second")
    values: dict[str, Any] = {"kind": kind, "id": item.id, "title": item.title}
    if kind != "evidence":
        values |= {
            "date": item.date.edtf,
            "display_date": display_date(item.date.edtf),
            "precision": item.date.precision,
            "earliest": iso_instant(item.date.earliest, precise),
            # The last moment covered: a spreadsheet reader expects an inclusive end.
            "latest": iso_instant(item.date.latest - 1, precise),
            "lane": item.lane or "",
            "tags": "; ".join(item.tags),
            "people": "; ".join(item.people) if item.kind == "event" else "",
            "speaker": item.speaker or "",
            "description": item.description,
            "importance": item.importance if item.kind == "event" else "",
            "status": item.status,
            "first_reported": item.first_reported or "",
            "sources_disagree": "; ".join(item.disagreement),
        }
    if c is not None:
        values |= {
            "source_title": c.source.title,
            "outlet": c.source.outlet or "",
            "published": c.source.published or "",
            "url": c.source.url or "",
            "passage": c.passage.exact,
            "passage_start": c.passage.start,
            "passage_end": c.passage.end,
            "page": c.page,
            "stance": c.stance or "",
        }
    return [neutralize_cell(str(values.get(col, ""))) for col in COLUMNS]


def export_csv(selection: Selection) -> str:
    """The selection as CSV text (RFC 4180, CRLF line ends, header row first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in gather(selection).items:
        first, *more = item.citations or (None,)
        writer.writerow(_cells(item, first, item.kind))
        for c in more:
            writer.writerow(_cells(item, c, "evidence"))
    return out.getvalue()


# ------------------------------------------------------------------ import


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise errors.ImportFailedError(f"{name} is not a text file") from None
        return str(best)


def _header(row: list[str]) -> list[str]:
    names = [restore_cell(c).strip().lower().replace(" ", "_") for c in row]
    return [_ALIASES.get(n, n) for n in names]


class _Row:
    """One CSV record by column name, with its first line number for messages."""

    __slots__ = ("cells", "line")

    def __init__(self, names: list[str], cells: list[str], line: int) -> None:
        self.line = line
        self.cells = dict(zip(names, cells, strict=False))

    def value(self, column: str) -> str:
        """The cell as written (without the apostrophe an export adds to formulas)."""
        cell = self.cells.get(column)
        if not cell:
            return ""
        return restore_cell(cell) if cell[0] == "'" else cell

    def get(self, column: str) -> str:
        """The cell without surrounding blanks ("" when the row has no such column)."""
        cell = self.cells.get(column)
        if not cell:
            return ""
        return (restore_cell(cell) if cell[0] == "'" else cell).strip()

    def fail(self, message: str) -> errors.ImportFailedError:
        # One line, whatever the cells quoted in it hold.
        return errors.ImportFailedError(f"line {self.line}: {' '.join(message.split())}")

    def names(self, column: str) -> list[str]:
        text = self.get(column)
        return [n.strip() for n in text.split(";") if n.strip()] if text else []


class _Passages:
    """Finds the passage a row cites by its source's title and exact words."""

    def __init__(self, store: Store, build: ItemBuilder) -> None:
        self.build = build
        self.cited: dict[tuple[int, int], int] = {}
        """(event, passage) -> the line that cited it: a pair may be cited once."""
        self.by_title: dict[str, list[int]] = {}
        for r in store.query("SELECT id, title FROM sources ORDER BY id"):
            self.by_title.setdefault(r["title"], []).append(r["id"])

    def find(self, row: _Row) -> int | None:
        if not row.cells.get("source_title") and not row.cells.get("passage"):
            return None
        title, exact = row.get("source_title"), row.value("passage")
        if not title and not exact:
            return None
        if not exact.strip():
            raise row.fail("a cited source needs its passage (the exact words cited)")
        if title and title not in self.by_title:
            raise row.fail(f"there is no source titled \u201c{title}\u201d in the project")
        everywhere = [i for ids in self.by_title.values() for i in ids]
        candidates = self.by_title[title] if title else everywhere
        hint = row.get("passage_start")
        found = []
        for source_id in candidates:
            text = self.build.text(source_id)
            start = int(hint) if hint.isdigit() else -1
            if not (start >= 0 and text[start : start + len(exact)] == exact):
                start = text.find(exact)
            if start >= 0:
                found.append((source_id, start))
        if not found:
            where = f"the text of \u201c{title}\u201d" if title else "any source of the project"
            raise row.fail(f"the passage \u201c{exact[:60]}\u201d is not in {where}")
        if len(found) > 1 and not title:
            raise row.fail("the passage is in more than one source: give its source_title")
        source_id, start = found[0]
        return self.build.passage(source_id, start, start + len(exact))

    def cite(self, row: _Row, event_id: int, passage_id: int, stance: str) -> None:
        """Cite a passage for an event, once: a second citation of the same passage for
        the same event is the row's fault, said with both lines."""
        first = self.cited.setdefault((event_id, passage_id), row.line)
        if first != row.line:
            raise row.fail(
                f"this passage is already evidence for the event (line {first}); "
                "remove this row or cite another passage"
            )
        self.build.cite(event_id, passage_id, stance)


def read_items(
    store: Store, path: Path, *, progress: Callable[[float], object] | None = None
) -> tuple[Edit, str]:
    """The edit adding the events and quotes of a CSV file, and a one-line summary.

    ``progress(fraction)`` is called as the rows are read (every ``PROGRESS_ROWS`` rows
    and at the end); reading is most of an import's time. The file is read as a stream
    (a million rows are never held as text at once); one that is not UTF-8 is read again
    whole, in the encoding it is found to have.
    """
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise errors.ImportFailedError(f"{path.name} is too large to import")
        with _paused_gc():
            try:
                with path.open("rb") as raw:
                    stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    return _read_named(store, stream, path.name, progress, raw.tell, size)
            except UnicodeDecodeError:
                text = _decode(path.read_bytes(), path.name)
                whole = io.StringIO(text, newline="")
                return _read_named(store, whole, path.name, progress, whole.tell, len(text))
    except OSError as exc:
        raise errors.ImportFailedError(f"{path.name} cannot be read ({exc.strerror})") from exc


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a million row images are made: they hold no
    cycles, and collecting would walk all of them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_named(
    store: Store,
    stream: IO[str],
    name: str,
    progress: Callable[[float], object] | None,
    tell: Callable[[], int],
    size: int,
) -> tuple[Edit, str]:
    try:
        return _read(store, stream, name, progress, tell, size)
    except errors.ImportFailedError as exc:
        raise errors.ImportFailedError(f"{name}: {exc}") from None
    except csv.Error as exc:
        raise errors.ImportFailedError(f"{name} is not valid CSV ({exc})") from None


def _read(
    store: Store,
    stream: IO[str],
    name: str,
    progress: Callable[[float], object] | None = None,
    tell: Callable[[], int] | None = None,
    size: int = 0,
) -> tuple[Edit, str]:
    first_line = stream.readline()
    delimiter = max(",;\t", key=first_line.split("\n", 1)[0].count)
    reader = csv.reader(itertools.chain((first_line,), stream), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise errors.ImportFailedError("the file is empty")
    names = _header(header)
    missing = [c for c in ("title", "date") if c not in names]
    if missing:
        raise errors.ImportFailedError(
            f"line 1 must name the columns; {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} required (found: {', '.join(names)})"
        )
    build = ItemBuilder(store)
    passages = _Passages(store, build)
    problems: list[str] = []
    last_event: int | None = None
    line = reader.line_num + 1
    dates: dict[str, DateValue] = {}
    for n, cells in enumerate(reader, 1):
        row, line = _Row(names, cells, line), reader.line_num + 1
        if progress is not None and n % PROGRESS_ROWS == 0 and tell is not None:
            progress(min(1.0, tell() / max(1, size)))
        if not any(c.strip() for c in cells):
            continue
        try:
            last_event = _add(build, passages, row, last_event, dates)
        except errors.CitelineError as exc:
            problems.append(str(exc) if str(exc).startswith("line ") else f"line {row.line}: {exc}")
    if progress is not None:
        progress(1.0)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise errors.ImportFailedError(problems[0] + more)
    made = build.created
    if not made["events"] and not made["quotes"]:
        raise errors.ImportFailedError("the file has no items")
    summary = f"CSV: {count(made['events'], 'event')}, {count(made['quotes'], 'quote')}"
    extras = [count(made["lanes"], "new lane")] if made["lanes"] else []
    extras += [count(made["people"], "new person", "new people")] if made["people"] else []
    if extras:
        summary += f" ({', '.join(extras)})"
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        summary += f"; columns not read: {', '.join(unknown)}"
    return build.edit(f"Import {name}"), summary


def _add(
    build: ItemBuilder,
    passages: _Passages,
    row: _Row,
    last_event: int | None,
    dates: dict[str, DateValue],
) -> int | None:
    """Add one row's item; gives the id of the event later evidence rows attach to.

    ``dates`` keeps the dates already understood: a large file repeats its dates, and
    understanding a date in words takes far longer than finding it again.
    """
    kind = (row.get("kind") or "event").lower()
    stance = row.get("stance") or "supports"
    if stance not in STANCES:
        raise row.fail(f"stance \u201c{stance}\u201d is not one of {', '.join(STANCES)}")
    if kind == "evidence":
        if last_event is None:
            raise row.fail("an evidence row must follow the event it belongs to")
        pid = passages.find(row)
        if pid is None:
            raise row.fail("an evidence row needs a source_title and a passage")
        passages.cite(row, last_event, pid, stance)
        return last_event
    if kind not in ("event", "quote"):
        raise row.fail(f"kind \u201c{kind}\u201d is not event, quote or evidence")
    title = row.get("title")
    if not title:
        raise row.fail("the title is empty")
    typed = row.get("date")
    if not typed:
        raise row.fail("the date is empty")
    date = dates.get(typed)
    if date is None:
        date = dates[typed] = parse_date(typed)
    status = row.get("status") or "unverified"
    if status not in STATUSES:
        raise row.fail(f"status \u201c{status}\u201d is not one of {', '.join(STATUSES)}")
    pid = passages.find(row)
    if kind == "quote":
        if pid is None:
            raise row.fail("a quote needs its source_title and passage")
        build.quote(
            text=title,
            date=date,
            passage_id=pid,
            speaker=row.get("speaker") or None,
            lane=row.get("lane") or None,
            tags=row.names("tags"),
            status=status,
        )
        return None
    importance = row.get("importance") or "0"
    if not importance.lstrip("-").isdigit():
        raise row.fail(f"importance must be a whole number, not \u201c{importance}\u201d")
    event_id = build.event(
        title=title,
        date=date,
        description=row.value("description"),
        lane=row.get("lane") or None,
        tags=row.names("tags"),
        people=row.names("people"),
        importance=int(importance),
        status=status,
    )
    if pid is not None:
        passages.cite(row, event_id, pid, stance)
    return event_id
