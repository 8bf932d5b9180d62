"""Checks that need a writable connection, run on a private copy of the project.

SQLite leaves out a table's CHECK constraints when it reads the schema of a file opened
read-only, so ``integrity_check`` on such a connection cannot see a row that breaks one
(a flipped byte turning a stance into "supp0rts"). ``citeline check`` and the damage
check at opening must not write the project, so the file is copied with SQLite's backup
API (a consistent copy, the file itself untouched) to a private place, and checked there:
``integrity_check`` (pages, indexes, NOT NULL and CHECK constraints) and
``foreign_key_check``. Where a constraint fails, the rows that break it are found on the
copy, so the report names the table and the row.

SQLite's messages can hold bytes of a damaged schema that are not text; Python's sqlite3
then raises ``UnicodeDecodeError`` instead of an SQLite error. :func:`sqlite_failure`
turns either into the words to report.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: At most this many problems are reported (SQLite's own default is 100).
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class RowProblem:
    """A row that breaks a rule of the schema."""

    table: str
    row: int | None
    """Its rowid, when the table has one."""
    problem: str

    def line(self) -> str:
        where = f"{self.table} row {self.row}" if self.row is not None else self.table
        return f"{where}: {self.problem}"

    def to_json(self) -> dict[str, object]:
        return {"table": self.table, "row": self.row, "problem": self.problem}


@dataclass(frozen=True)
class CopyCheck:
    """What the checks on the private copy found."""

    integrity: str
    """"ok", or SQLite's first findings joined with "; "."""
    rows: list[RowProblem]

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.rows


def sqlite_failure(exc: BaseException) -> str:
    """SQLite's words on a failure, even when they hold bytes that are not text."""
    if isinstance(exc, UnicodeDecodeError):
        raw = exc.object if isinstance(exc.object, bytes) else bytes(exc.object)
        return raw.decode("utf-8", "replace")
    return str(exc)


_DAMAGE_WORDS = ("could not decode to utf-8", "malformed", "not a database", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """Whether an exception met while reading a project is damage in the file (SQLite's
    words say so, or its message quotes bytes that are not text) rather than a bug."""
    import sqlite3 as _sqlite3

    if isinstance(exc, UnicodeDecodeError):
        return b"malformed" in bytes(exc.object) or b"schema" in bytes(exc.object)
    if isinstance(exc, _sqlite3.DatabaseError):
        message = str(exc).lower()
        return any(word in message for word in _DAMAGE_WORDS)
    return False


def check_copy(conn: sqlite3.Connection, *, folder: Path | None = None) -> CopyCheck:
    """Copy the database behind ``conn`` to a private file and check it there.

    Raises ``sqlite3.DatabaseError`` (or ``UnicodeDecodeError``) when the file cannot even
    be copied or read: the caller reports that as damage."""
    with tempfile.TemporaryDirectory(prefix="citeline-check-", dir=folder) as tmp:
        copy = sqlite3.connect(Path(tmp) / "copy.citeline")
        try:
            conn.backup(copy)
            return check_connection(copy)
        finally:
            copy.close()


def check_in_memory(conn: sqlite3.Connection, quick: bool = True) -> str:
    """``quick_check`` (or ``integrity_check``) on an in-memory copy of ``conn``'s
    database: "ok" or SQLite's first findings. For the damage check at opening, on
    files small enough to copy in a moment."""
    copy = sqlite3.connect(":memory:")
    try:
        conn.backup(copy)
        copy.execute("PRAGMA trusted_schema = OFF")
        pragma = "quick_check" if quick else "integrity_check"
        rows = copy.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
        found = [str(r[0]) for r in rows]
        return "ok" if found == ["ok"] else "; ".join(found)
    finally:
        copy.close()


def check_connection(copy: sqlite3.Connection) -> CopyCheck:
    """The checks on a writable (private) connection; it is left unchanged."""
    copy.execute("PRAGMA trusted_schema = OFF")
    found = [str(r[0]) for r in copy.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})")]
    integrity = "ok" if found == ["ok"] else "; ".join(found)
    rows: list[RowProblem] = []
    for table, rowid, parent, _fk in copy.execute("PRAGMA foreign_key_check").fetchall():
        if len(rows) >= MAX_PROBLEMS:
            break
        rows.append(RowProblem(table, rowid, f"refers to a {parent} row that does not exist"))
    for table in _tables_failing_checks(found):
        rows.extend(_rows_breaking_checks(copy, table, MAX_PROBLEMS - len(rows)))
    rows.extend(_text_that_is_not_utf8(copy, MAX_PROBLEMS - len(rows)))
    if rows and integrity == "ok":
        integrity = "; ".join(p.line() for p in rows[:3])
    return CopyCheck(integrity, rows)


_CHECK_FAILED = re.compile(r"^CHECK constraint failed in (\S+)$")
_NULL_IN = re.compile(r"^NULL value in ([^.\s]+)\.")


def _tables_failing_checks(found: list[str]) -> list[str]:
    tables: list[str] = []
    for line in found:
        match = _CHECK_FAILED.match(line) or _NULL_IN.match(line)
        if match and match.group(1) not in tables:
            tables.append(match.group(1))
    return tables


def _rows_breaking_checks(copy: sqlite3.Connection, table: str, limit: int) -> list[RowProblem]:
    """The rows of ``table`` (on the private copy) that break its CHECK or NOT NULL
    constraints: each row is rewritten as it is, which SQLite checks, and rolled back."""
    if limit <= 0:
        return []
    has_rowid = copy.execute(
        "SELECT sql NOT LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE type = 'table' "
        "AND name = ?",
        [table],
    ).fetchone()
    columns = [r[1] for r in copy.execute(f'PRAGMA table_info("{_quoted(table)}")')]
    if not has_rowid or not has_rowid[0] or not columns:
        return [RowProblem(table, None, "a row breaks a rule of the table")]
    # Triggers would act on the rewrite; this copy is private and thrown away.
    for (name,) in copy.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?", [table]
    ).fetchall():
        copy.execute(f'DROP TRIGGER "{_quoted(name)}"')
    # Every column, since SQLite checks only the rules that involve a column being set.
    assign = ", ".join(f'"{_quoted(c)}" = "{_quoted(c)}"' for c in columns)
    rewrite = f'UPDATE "{_quoted(table)}" SET {assign} WHERE rowid = ?'
    out: list[RowProblem] = []
    ids = [r[0] for r in copy.execute(f'SELECT rowid FROM "{_quoted(table)}" ORDER BY rowid')]
    copy.execute("SAVEPOINT rewrite")
    try:
        for rowid in ids:
            try:
                copy.execute(rewrite, [rowid])
            except sqlite3.IntegrityError as exc:
                out.append(RowProblem(table, rowid, _constraint(str(exc))))
                if len(out) >= limit:
                    break
    finally:
        with contextlib.suppress(sqlite3.Error):
            copy.execute("ROLLBACK TO rewrite")
            copy.execute("RELEASE rewrite")
    return out


def _text_that_is_not_utf8(copy: sqlite3.Connection, limit: int) -> list[RowProblem]:
    """Rows whose text holds bytes that are not UTF-8 (SQLite stores what it is given;
    reading such a row fails). The tables of the search index repeat the text and are
    left out."""
    out: list[RowProblem] = []
    tables = copy.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL")]
    plan: list[tuple[str, list[str]]] = []
    for name, sql in tables:
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        if "WITHOUT ROWID" in (sql or "").upper():
            continue
        columns = [r[1] for r in copy.execute(f'PRAGMA table_info("{_quoted(name)}")')]
        plan.append((name, columns))
    previous = copy.text_factory
    copy.text_factory = bytes  # read the stored bytes, to try them as UTF-8 here
    try:
        for name, columns in plan:
            for column in columns:
                c = f'"{_quoted(column)}"'
                query = f"SELECT rowid, {c} FROM \"{_quoted(name)}\" WHERE typeof({c}) = 'text'"
                for rowid, value in copy.execute(query):
                    try:
                        value.decode("utf-8")
                    except UnicodeDecodeError:
                        problem = f"its {column} holds bytes that are not text (UTF-8)"
                        out.append(RowProblem(name, rowid, problem))
                        if len(out) >= limit:
                            return out
    finally:
        copy.text_factory = previous
    return out


def _constraint(message: str) -> str:
    """ "breaks CHECK (stance IN (...))" from SQLite's "CHECK constraint failed: ..."."""
    if message.startswith("CHECK constraint failed: "):
        return "breaks the rule " + message.removeprefix("CHECK constraint failed: ")
    if message.startswith("NOT NULL constraint failed: "):
        return "is empty where a value is required (" + message.split(": ", 1)[1] + ")"
    return message


def _quoted(name: str) -> str:
    return name.replace('"', '""')
