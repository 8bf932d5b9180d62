"""``citeline check PROJECT``: integrity, orphaned passages, quotes no longer verbatim,
and events whose sources disagree on the date."""

from __future__ import annotations

import json
from pathlib import Path

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
    read-only folder.
    """
    from citeline.core import conflicts, queries
    from citeline.core.store import Store

    with Store.open(project, read_only=True) as store:
        report = queries.check(store)
        counts = {t: store.count(t) for t in ("sources", "events", "quotes", "people")}
        flagged = conflicts.date_conflicts(store)
        history = store.verify_history()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "integrity": report.integrity,
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
