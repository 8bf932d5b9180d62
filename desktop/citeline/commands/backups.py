"""``citeline backups PROJECT``: the verified backups of a project, newest first."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("backups")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
def command(project: Path) -> None:
    """List PROJECT's backups, newest first: time, what each holds, and its file.

    Works when PROJECT is damaged or gone. Restore one with `citeline restore BACKUP NEW`.
    """
    from citeline.core.backup import backup_folder, backups
    from citeline.core.errors import CitelineError

    found = backups(project)
    if not found:
        raise CitelineError(
            f"there are no backups of {project.name} (looked in {backup_folder(project)})"
        )
    for n, info in enumerate(found, 1):
        click.echo(f"{n:>2}  {info.describe()}")
        click.echo(f"    {info.path}")
    if not any(info.ok for info in found):
        click.echo(f"citeline: none of the backups of {project.name} is usable", err=True)
        raise SystemExit(1)
