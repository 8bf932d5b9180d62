"""``citeline check PROJECT``: integrity, orphaned passages, quotes no longer verbatim,
and events whose sources disagree on the date."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from citeline.commands.projectarg import PROJECT, shown


@click.command("check")
@click.argument("project", type=PROJECT)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plain", "json"]),
    default="plain",
    show_default=True,
    help="Lines for people, or one JSON object for programs.",
)
def command(project: Path | str, fmt: str) -> None:
    """Check PROJECT: file integrity, orphaned passages, non-verbatim quotes and
    date conflicts between sources.

    The report goes to standard output. A problem is also said on standard error, with
    what to do, and the exit status is 1: a damaged file, or an orphaned passage; date
    conflicts are warnings and leave the exit status alone. A file that cannot be checked
    at all (not a project, newer, unreadable) exits 1 with one line on standard error.
    Opens read-only and sees every saved edit, even one still in the write-ahead log of a
    read-only folder. The checks that need a writable connection (CHECK constraints,
    foreign keys, SQLite's integrity_check) run on a private copy, so a row that breaks
    a rule is reported with its table and row, and the project is never written.
    """
    from citeline.core import conflicts, queries
    from citeline.core.errors import DamagedProjectError
    from citeline.core.store import Store

    try:
        opened = Store.open(project, read_only=True)
    except DamagedProjectError:
        _report_damaged_rows(project, fmt)
        raise
    with opened as store:
        with _damage_reported(project):
            copied = _check_private_copy(store)
        try:
            with _damage_reported(project):
                report = queries.check(store)
                report = _with_copy_findings(report, copied)
                counts = {t: store.count(t) for t in ("sources", "events", "quotes", "people")}
                flagged = conflicts.date_conflicts(store)
                history = store.verify_history()
        except DamagedProjectError:
            _print_damaged_rows(copied, fmt)  # what the copy found, before the refusal
            raise
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "integrity": report.integrity,
                    "damaged_rows": [p.to_json() for p in copied.rows],
                    "counts": {**counts, "passages": report.passages},
                    "moved_passages": [
                        {"passage_id": p.id, "status": res.status, "start": res.start}
                        for p, res in report.moved
                    ],
                    "orphaned_passages": [
                        {"passage_id": p.id, "source_title": title, "text": p.exact}
                        for p, title in report.orphaned
                    ],
                    "quotes_not_verbatim": report.not_verbatim,
                    "date_conflicts": [c.to_json() for c in flagged],
                    "history": history,
                    "ok": report.ok and history == "ok",
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        if not report.ok or history != "ok":
            _explain(project, report, history)
            raise SystemExit(1)
        return
    click.echo(f"integrity: {'ok' if report.integrity == 'ok' else 'damaged'}")
    for problem in copied.rows:
        click.echo(f"damaged row: {problem.line()}")
    click.echo(
        f"{counts['sources']} sources, {counts['events']} events, {counts['quotes']} quotes, "
        f"{counts['people']} people, {report.passages} passages"
    )
    for p, res in report.moved:
        click.echo(
            f"passage {p.id} moved ({res.status}): {p.start}-{p.end} -> {res.start}-{res.end}"
        )
    for p, title in report.orphaned:
        click.echo(f"passage {p.id} orphaned in \u201c{title}\u201d: {p.exact[:60]!r}")
    for qid in report.not_verbatim:
        click.echo(f"quote {qid} is no longer verbatim in its passage")
    for line in conflicts.conflict_lines(flagged):
        click.echo(line)
    click.echo(f"history: {history}")
    if report.ok and history == "ok":
        click.echo("ok")
    else:
        _explain(project, report, history)
        raise SystemExit(1)


@contextlib.contextmanager
def _damage_reported(project: Path | str) -> Iterator[None]:
    """SQLite failing while reading the project (including messages that quote bytes of a
    damaged schema, which are not text) is damage, said in one line with what to do."""
    import sqlite3

    from citeline.core.copycheck import sqlite_failure
    from citeline.core.errors import DamagedProjectError
    from citeline.core.store import damaged_message

    try:
        yield
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise DamagedProjectError(damaged_message(shown(project), sqlite_failure(exc))) from exc


def _check_private_copy(store: Any) -> Any:
    """The checks that need a writable connection, on a private copy of the project
    (:mod:`citeline.core.copycheck`). A server checks its rows as they are written, so a
    server project has nothing to copy."""
    from citeline.core.copycheck import CopyCheck, check_copy

    if getattr(store, "shared", False):
        return CopyCheck("ok", [])
    return check_copy(store.db.conn)


def _report_damaged_rows(project: Path | str, fmt: str) -> None:
    """For a project refused as damaged: the rows that break a rule of the schema, when
    a private copy can still be read (a damaged page or schema leaves nothing to add)."""
    import sqlite3

    if not isinstance(project, Path):
        return  # a server project: no file to copy

    from citeline.core.copycheck import check_copy
    from citeline.core.files import connect_read_only

    try:
        conn = connect_read_only(project)
        try:
            copied = check_copy(conn)
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError, OSError):
        return
    _print_damaged_rows(copied, fmt)


def _print_damaged_rows(copied: Any, fmt: str) -> None:
    """The rows the private copy found damaged, on standard output (nothing if none)."""
    if not copied.rows:
        return
    if fmt == "json":
        rows = [p.to_json() for p in copied.rows]
        click.echo(json.dumps({"integrity": copied.integrity, "damaged_rows": rows, "ok": False}))
        return
    click.echo("integrity: damaged")
    for problem in copied.rows:
        click.echo(f"damaged row: {problem.line()}")


def _with_copy_findings(report: Any, copied: Any) -> Any:
    """``report`` with the copy's integrity findings when the read-only check saw none."""
    if copied.ok or report.integrity != "ok":
        return report
    return dataclasses.replace(report, integrity=copied.integrity)


def _explain(project: Path | str, report, history: str = "ok") -> None:
    """Why the check failed and what to do, on standard error."""
    from citeline.core.store import damaged_message

    if report.integrity != "ok":
        click.echo(f"citeline: {damaged_message(shown(project), report.integrity)}", err=True)
    if report.orphaned:
        n = len(report.orphaned)
        click.echo(
            f"citeline: {n} passage{'s' * (n != 1)} no longer found in {shown(project)}'s "
            "sources (listed above): re-anchor or delete them in the app",
            err=True,
        )
    if history != "ok":
        click.echo(f"citeline: {shown(project)}: {history}", err=True)
