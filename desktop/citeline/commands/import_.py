"""``citeline import PROJECT FILE_OR_ADDRESS...``: add sources or timeline items to a project."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from citeline.commands.projectarg import PROJECT
from citeline.core.errors import CitelineError


@click.command("import")
@click.argument("project", type=PROJECT)
@click.argument("files", nargs=-1, required=True)
def command(project: Path | str, files: tuple[str, ...]) -> None:
    """Add FILES (or web addresses) to PROJECT, creating PROJECT when it does not exist.

    Sources: .txt, .md, .html, .pdf, .docx, or an http(s) address (the page is fetched
    and its original kept in the project). Items: .csv (documented columns), .json
    (TimelineJS or Citeline's own export). Each is added whole or not at all.
    """
    from citeline.core.fetching import check_address, looks_like_address
    from citeline.core.importing import import_files, name_of, named
    from citeline.core.store import Store

    targets: list[Path | str] = []
    for f in files:
        if looks_like_address(f):
            targets.append(check_address(f))
            continue
        path = Path(f)
        if not path.is_file():
            raise CitelineError(f"{f} does not exist or is not a file")
        targets.append(path)
    store = Store.open(project, create=True)
    try:
        report = import_files(store, targets, rows=_show_rows if sys.stderr.isatty() else None)
    finally:
        store.close()
    for target, summary in report.added:
        click.echo(f"added {name_of(target)}: {summary}")
    for target, why in report.duplicates:
        click.echo(f"skipped: {named(name_of(target), why)}")
    for _target, why in report.warnings:
        click.echo(f"citeline: warning: {why}", err=True)
    for target, why in report.skipped:
        click.echo(f"citeline: skipped: {named(name_of(target), why)}", err=True)
    if report.skipped:
        raise SystemExit(1)


def _show_rows(target: Path | str, fraction: float) -> None:
    """How far the reading of a large CSV file has got, on one line of the terminal."""
    name = target.name if isinstance(target, Path) else target
    end = "\n" if fraction >= 1.0 else ""
    click.echo(f"\rreading {name}: {fraction:.0%}", err=True, nl=False)
    if end:
        click.echo("", err=True)
