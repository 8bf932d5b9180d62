"""The damage check a project gets each time it is opened, in time independent of its size.

SQLite's ``quick_check`` reads every page, which is right for a project of a few
megabytes and a wait of seconds for one of hundreds. So opening checks completely only
files up to ``FULL_CHECK_BYTES``; a larger file gets a check of what every read relies
on, plus a sample of the rest:

- the header against the file: the page count times the page size is the file's size
  (when no write-ahead log is pending), and the free-page count is within it;
- the schema and every small table and index, with ``quick_check`` limited to them;
- ``SAMPLE_PROBES`` lookups spread over each large table and index, which read the
  pages from the root to a leaf at each probe, plus the first and last entry of each.

Up to ``COPY_CHECK_BYTES`` the check runs on an in-memory copy (SQLite's backup API,
:mod:`.copycheck`): a file opened read-only has its CHECK constraints left out of the
schema SQLite reads, and only a writable connection sees a row that breaks one. The copy
costs about 3 ms of CPU per megabyte, so larger files are checked in place as before, and
their rows' rules are left to ``citeline check`` (which always checks on a copy). A
damaged schema whose text is not UTF-8 is reported as damage, in SQLite's words.

The trade (docs/reliability.md): damage in a page that no probe touches is found by
the next full check instead of at opening. Full checks still run where their time is
spent once, not at every open: each backup checks the project before copying it and
verifies the copy, and ``citeline check`` runs SQLite's full ``integrity_check``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

#: Files up to this size get SQLite's full ``quick_check`` when opened.
FULL_CHECK_BYTES = 64 * 1024 * 1024
#: Files up to this size are checked on an in-memory copy, which sees CHECK constraints.
COPY_CHECK_BYTES = 16 * 1024 * 1024
#: A table or index with more rows than this is sampled rather than checked whole.
SMALL_ROWS = 20_000
#: Lookups spread over each large table or index.
SAMPLE_PROBES = 64


def check_on_open(conn: sqlite3.Connection, path: Path) -> str:
    """ "ok", or the first words on what is damaged, for the project behind ``conn``."""
    from citeline.core.copycheck import check_in_memory, sqlite_failure

    try:
        size = _size(path)
        if size <= COPY_CHECK_BYTES:
            return check_in_memory(conn)
        if size <= FULL_CHECK_BYTES:
            return _quick_check(conn, "")
        return check_sampled(conn, path)
    except UnicodeDecodeError as exc:  # SQLite's message quotes bytes of a damaged schema
        return sqlite_failure(exc)


def check_sampled(conn: sqlite3.Connection, path: Path) -> str:
    """The header, the small tables whole, and a sample of the large ones."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if not path.with_name(path.name + "-wal").exists() and pages * page_size != _size(path):
        return f"the file holds {_size(path):,} bytes where its header counts {pages:,} pages"
    if not 0 <= free < max(pages, 1):
        return f"the free-page count ({free:,}) does not fit in {pages:,} pages"
    objects = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_schema "
        "WHERE type IN ('table', 'index') AND rootpage > 0"
    ).fetchall()
    checked: set[str] = set()
    for kind, name, table in objects:
        if kind != "table" or table in checked:
            continue
        checked.add(table)
        if _rows_at_most(conn, name, SMALL_ROWS + 1) <= SMALL_ROWS:
            result = _quick_check(conn, name)
            if result != "ok":
                return result
        else:
            _probe(conn, name)
    return "ok"


def _quick_check(conn: sqlite3.Connection, table: str) -> str:
    arg = f'"{table}"' if table else "5"
    rows = conn.execute(f"PRAGMA quick_check({arg})").fetchall()
    return "ok" if [r[0] for r in rows] == ["ok"] else str(rows[0][0])


def _rows_at_most(conn: sqlite3.Connection, table: str, limit: int) -> int:
    """How many rows ``table`` has, counting no further than ``limit``."""
    sql = f'SELECT COUNT(*) FROM (SELECT 1 FROM "{table}" LIMIT {int(limit)})'
    return int(conn.execute(sql).fetchone()[0])


def _probe(conn: sqlite3.Connection, table: str) -> None:
    """Read a sample of a large table and of each of its indexes; SQLite raises on a
    malformed page it meets on the way from a root to a leaf."""
    rowid = conn.execute(
        "SELECT sql NOT LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE name = ?", [table]
    ).fetchone()[0]
    paths: list[tuple[str, str]] = []  # (column, "INDEXED BY ..." or "")
    if rowid:
        paths.append(("rowid", ""))
    else:
        pk = [r for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5]]
        paths += [(min(pk, key=lambda r: r[5])[1], "")] if pk else []
    for (index,) in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?", [table]
    ).fetchall():
        lead = conn.execute(f'PRAGMA index_info("{index}")').fetchone()
        if lead is not None and lead[2] is not None:
            paths.append((lead[2], f'INDEXED BY "{index}"'))
    for column, via in paths:
        col = "rowid" if column == "rowid" else f'"{column}"'
        what = "*" if column == "rowid" else col
        base = f'SELECT {what} FROM "{table}" {via}'
        low = conn.execute(f"{base} WHERE {col} IS NOT NULL ORDER BY {col} LIMIT 1").fetchone()
        high = conn.execute(f"{base} ORDER BY {col} DESC LIMIT 1").fetchone()
        lo = low[0] if low and what != "*" else _first(conn, table, "MIN")
        hi = high[0] if high and what != "*" else _first(conn, table, "MAX")
        if not isinstance(lo, int | float) or not isinstance(hi, int | float):
            continue
        for n in range(1, SAMPLE_PROBES):
            value = lo + (hi - lo) * n / SAMPLE_PROBES
            conn.execute(f"{base} WHERE {col} >= ? ORDER BY {col} LIMIT 1", [value]).fetchall()


def _first(conn: sqlite3.Connection, table: str, which: str) -> object:
    return conn.execute(f'SELECT {which}(rowid) FROM "{table}"').fetchone()[0]


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
