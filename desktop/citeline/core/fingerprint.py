"""The schema a Citeline project has at each version, derived from the migrations.

A file carrying Citeline's application id and a known ``user_version`` is only taken
for a project when its schema is exactly what the migrations build at that version:
the same tables with the same columns, the same indexes, triggers and views, and the
same migrations recorded. The expected schema is never a hand-written list: the
migrations are applied, one by one, to an in-memory database, and each version's
schema is read from it (once per process).

Comparing only reads ``sqlite_master`` and table descriptions, so it is safe on a file
that may not be ours and runs before anything is written or backed up.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from citeline.core import errors

#: Objects SQLite itself keeps (statistics, autoindexes) that say nothing about a schema.
_INTERNAL = re.compile(r"^sqlite_")


@dataclass(frozen=True)
class Schema:
    """What identifies a project's schema: its objects and the migrations recorded."""

    objects: dict[tuple[str, str], Any]
    applied: tuple[str, ...]


def _normal_sql(sql: str | None) -> str:
    return " ".join((sql or "").split()).lower()


def read_schema(conn: sqlite3.Connection, migrations_table: str) -> Schema:
    """The schema of the database behind ``conn`` (reads only)."""
    objects: dict[tuple[str, str], Any] = {}
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        if _INTERNAL.match(name):
            continue
        if kind == "table":
            cols = conn.execute(f'PRAGMA table_xinfo("{name.replace(chr(34), chr(34) * 2)}")')
            detail: Any = tuple(
                (c[1], (c[2] or "").upper(), c[3], c[5], c[6]) for c in cols.fetchall()
            )
        else:
            detail = (table, _normal_sql(sql))
        objects[(kind, name)] = detail
    applied: tuple[str, ...] = ()
    if ("table", migrations_table) in objects:
        applied = tuple(
            r[0] for r in conn.execute(f"SELECT name FROM {migrations_table} ORDER BY rowid")
        )
    return Schema(objects, applied)


_CACHE: dict[int, tuple[Migrations, dict[int, Schema]]] = {}


def expected_schemas(migrations: Migrations) -> dict[int, Schema]:
    """``user_version`` -> the schema the migrations build at that version (cached)."""
    cached = _CACHE.get(id(migrations))
    if cached is not None and cached[0] is migrations:
        return cached[1]
    db = Database(memory=True)
    names = [m.name for m in migrations._migrations]
    schemas: dict[int, Schema] = {}
    for i in range(len(names)):
        try:
            migrations.apply(db, stop_before=names[i + 1] if i + 1 < len(names) else None)
        except Exception:  # a migration that cannot run describes no version
            break
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        schemas[version] = read_schema(db.conn, migrations.migrations_table)
    db.close()
    _CACHE[id(migrations)] = (migrations, schemas)
    return schemas


def _what(kind: str, name: str) -> str:
    return f"{kind} \u201c{name}\u201d"


def check_schema(
    conn: sqlite3.Connection, migrations: Migrations, version: int, filename: str
) -> None:
    """Raise unless the schema behind ``conn`` is exactly Citeline's at ``version``.

    Objects Citeline never creates (extra triggers, views, tables, indexes) are refused
    on their own: they would run with the project, or break its imports.
    """
    expected = expected_schemas(migrations).get(version)
    actual = read_schema(conn, migrations.migrations_table)
    if expected is None:
        raise errors.NotAProjectError(
            f"{filename} carries Citeline's mark but not a schema Citeline ever wrote "
            f"(version {version}): it was left as it was; open it in an SQLite tool instead"
        )
    missing = sorted(set(expected.objects) - set(actual.objects))
    changed = sorted(
        k
        for k in expected.objects
        if k in actual.objects and actual.objects[k] != expected.objects[k]
    )
    if missing or changed or actual.applied != expected.applied:
        if missing:
            detail = f"{_what(*missing[0])} is missing"
        elif changed:
            detail = f"{_what(*changed[0])} is not as Citeline makes it"
        else:
            detail = "its record of upgrades does not match"
        raise errors.NotAProjectError(
            f"{filename} looks like a Citeline project but is not one ({detail}): it was "
            "not opened and left as it was"
        )
    extra = sorted(set(actual.objects) - set(expected.objects))
    if extra:
        listed = ", ".join(_what(k, n) for k, n in extra[:3])
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        raise errors.NotAProjectError(
            f"{filename} contains objects Citeline did not create ({listed}{more}): it was "
            "not opened and left as it was; remove them in an SQLite tool, or restore a backup"
        )
