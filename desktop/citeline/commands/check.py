"""``citeline check PROJECT``: integrity, orphaned passages, quotes no longer verbatim."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("check")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
def command(project: Path) -> None:
    """Check PROJECT: file integrity, orphaned passages and non-verbatim quotes.

    The report goes to standard output. A problem is also said on standard error, with
    what to do, and the exit status is 1: a damaged file, or an orphaned passage. A file
    that cannot be checked at all (not a project, newer, unreadable) exits 1 with one
    line on standard error. Opens read-only and sees every saved edit, even one still in
    the write-ahead log of a read-only folder.
    """
    from citeline.core import queries
    from citeline.core.store import Store, damaged_message

    with Store.open(project, read_only=True) as store:
        report = queries.check(store)
        counts = {t: store.count(t) for t in ("sources", "events", "quotes", "people")}
    damaged = report.integrity != "ok"
    click.echo(f"integrity: {'ok' if not damaged else 'damaged'}")
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
    if report.ok:
        click.echo("ok")
        return
    if damaged:
        click.echo(f"citeline: {damaged_message(project.name, report.integrity)}", err=True)
    if report.orphaned:
        n = len(report.orphaned)
        click.echo(
            f"citeline: {n} passage{'s' * (n != 1)} no longer found in {project.name}'s "
            "sources (listed above): re-anchor or delete them in the app",
            err=True,
        )
    raise SystemExit(1)
