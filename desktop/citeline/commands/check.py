"""``citeline check PROJECT``: integrity, orphaned passages, quotes no longer verbatim."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("check")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
def command(project: Path) -> None:
    """Check PROJECT: file integrity, orphaned passages and non-verbatim quotes.

    Exits 1 when the file is damaged or a passage is orphaned. Opens read-only.
    """
    from citeline.core import queries
    from citeline.core.store import Store

    with Store.open(project, read_only=True) as store:
        report = queries.check(store)
        counts = {t: store.count(t) for t in ("sources", "events", "quotes", "people")}
    click.echo(f"integrity: {report.integrity}")
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
    else:
        raise SystemExit(1)
