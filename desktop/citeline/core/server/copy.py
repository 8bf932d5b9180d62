"""A whole project copied between a file and a server, either way (``citeline copy``).

Everything users made is copied row for row with its ids: sources with their originals'
bytes, passages, lanes, eras, people, events, quotes, evidence, tags, notes, dismissed
suggestions, and the history with its authors, versions and hashes (so the copy's chain
verifies). The derived tables (search, timeline summaries) are rebuilt in the copy. The
copy is written in one transaction into a new project, then verified by counting the
rows of every table on both sides; a copy that does not match is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from citeline.core import errors, summaries
from citeline.core.schema import TABLES, primary_key
from citeline.core.server.address import display_address, is_server_address
from citeline.core.store import Store

#: Everything copied, parents first.
COPIED = (*TABLES, "history_entries", "history_changes")
#: Tables whose rows the search index holds, by their key column.
_INDEXED = ("events", "quotes", "sources", "notes")
BATCH = 2000


def _columns(store: Store, table: str) -> list[str]:
    row = store.db.execute(f'SELECT * FROM "{table}" LIMIT 0')
    return [d[0] for d in row.description]


def _create(dst: str | Path) -> Store:
    if is_server_address(dst):
        from citeline.core.server.store import ServerStore

        return ServerStore.init(str(dst))
    return Store.create(Path(dst))


def copy_project(
    src: str | Path, dst: str | Path, progress: Callable[[str, int], object] | None = None
) -> dict[str, int]:
    """Copy the project at ``src`` to a new project at ``dst`` (a file that does not exist
    yet, or an empty server database); returns the rows copied per table."""
    source = Store.open(src, read_only=True)
    try:
        target = _create(dst)
        try:
            counts = _copy(source, target, progress)
            _verify(source, target, counts, dst)
        except BaseException:
            if is_server_address(dst):
                _unmake(target)  # the database is left as empty as it was found
            target.close()
            if not is_server_address(dst):
                Path(dst).unlink(missing_ok=True)  # no half-made project file is left
            raise
        target.close()
    finally:
        source.close()
    return counts


def _copy(
    source: Store,
    target: Store,
    progress: Callable[[str, int], object] | None,
    tables: Sequence[str] = COPIED,
) -> dict[str, int]:
    """Copy the rows of ``tables`` (parents first; all by default) and rebuild the
    derived tables, in one transaction of ``target``."""
    counts: dict[str, int] = {}
    conn = target.db.conn
    with target.db.atomic():
        for table in reversed(tables):
            conn.execute(f'DELETE FROM "{table}"')
        for table in tables:
            cols = _columns(source, table)
            wanted = set(_columns(target, table))
            cols = [c for c in cols if c in wanted]
            names = ", ".join(f'"{c}"' for c in cols)
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))})'
            # The project's details keep the order they were written in (an export
            # lists them so); every other table goes in key order.
            order = (
                ""
                if table == "project"
                else " ORDER BY " + ", ".join(f'"{c}"' for c in _key(table))
            )
            rows = source.db.execute(f'SELECT {names} FROM "{table}"{order}')
            n = 0
            while True:
                batch = rows.fetchmany(BATCH)
                if not batch:
                    break
                conn.executemany(sql, [_value_row(r) for r in batch])
                n += len(batch)
            counts[table] = n
            if progress is not None:
                progress(table, n)
        touched: dict[str, set[tuple[Any, ...]]] = {}
        for table in _INDEXED:
            touched[table] = {(r[0],) for r in target.db.execute(f"SELECT id FROM {table}")}
        target._reindex(touched)
        summaries.rebuild(conn)  # type: ignore[arg-type]
        if getattr(target, "shared", False):
            from citeline.core.server import schema

            for table in schema.id_tables(conn.raw):  # type: ignore[attr-defined]
                conn.execute(
                    "SELECT setval(pg_get_serial_sequence(?, 'id'), "
                    f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))",
                    [table],
                )
    return counts


def _unmake(target: Store) -> None:
    from citeline.core.server import schema

    raw = target.db.conn.raw  # type: ignore[attr-defined]
    try:
        with raw.transaction():
            schema.drop(raw)
    except Exception:  # the server is gone: there is nothing more to do from here
        return


def _key(table: str) -> tuple[str, ...]:
    if table == "history_entries":
        return ("id",)
    if table == "history_changes":
        return ("entry_id", "seq")
    return primary_key(table)


def _value_row(row: Any) -> list[Any]:
    # PostgreSQL gives bytea as bytes or memoryview; SQLite takes bytes.
    return [bytes(v) if isinstance(v, memoryview) else v for v in row]


def _verify(source: Store, target: Store, counts: dict[str, int], dst: str | Path) -> None:
    name = display_address(str(dst)) if is_server_address(dst) else Path(dst).name
    for table in COPIED:
        theirs, ours = source.count(table), target.count(table)
        if theirs != ours or ours != counts[table]:
            raise errors.ProjectError(
                f"the copy at {name} does not match: {table} has {ours} rows, the project "
                f"{theirs}; remove the copy and try again"
            )
    verdict = target.verify_history()
    if verdict != "ok":
        raise errors.ProjectError(f"the copy at {name} does not verify: {verdict}")
