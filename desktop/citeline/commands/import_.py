"""``citeline import PROJECT FILE...``: add sources or timeline items to a project."""

from __future__ import annotations

from pathlib import Path

import click

from citeline.core.errors import CitelineError


@click.command("import")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def command(project: Path, files: tuple[Path, ...]) -> None:
    """Add FILES to PROJECT, creating PROJECT when it does not exist.

    Sources: .txt, .md, .html. Items: .csv (documented columns), .json (TimelineJS or
    Citeline's own export). Each file is added whole or not at all.
    """
    from citeline.core.importing import import_files
    from citeline.core.store import Store

    for f in files:
        if not f.is_file():
            raise CitelineError(f"{f} does not exist or is not a file")
    store = Store.open(project, create=True)
    try:
        report = import_files(store, list(files))
    finally:
        store.close()
    for path, summary in report.added:
        click.echo(f"added {path.name}: {summary}")
    for path, why in report.duplicates:
        click.echo(f"skipped {path.name}: {why.split(': ', 1)[-1]}")
    for path, why in report.skipped:
        # readers' messages often name the file already
        why = why.removeprefix(f"{path.name}: ").removeprefix(f"{path.name} ")
        click.echo(f"citeline: skipped {path.name}: {why}", err=True)
    if report.skipped:
        raise SystemExit(1)
