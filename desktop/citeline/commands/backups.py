"""``citeline backups PROJECT``: the verified backups of a project, newest first."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("backups")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
def command(project: Path) -> None:
    """List PROJECT's backups, newest first: time, what each holds, and its file.

    A project restored from a backup lists the backups of the project it came from too.
    Works when PROJECT is damaged or gone. Restore one with `citeline restore BACKUP NEW`.
    """
    from citeline.core.backup import backup_folder, backups, restored_from
    from citeline.core.errors import CitelineError

    found = backups(project)
    origin = restored_from(project) if project.is_file() else None
    earlier = backups(origin) if origin is not None else []
    if not found and not earlier:
        raise CitelineError(
            f"there are no backups of {project.name} (looked in {backup_folder(project)})"
        )
    for n, info in enumerate(found, 1):
        click.echo(f"{n:>2}  {info.describe()}")
        click.echo(f"    {info.path}")
    if earlier and origin is not None:
        click.echo(f"Backups of {origin.name}, which {project.name} was restored from:")
        for n, info in enumerate(earlier, len(found) + 1):
            click.echo(f"{n:>2}  {info.describe()}")
            click.echo(f"    {info.path}")
    found += earlier
    if not any(info.ok for info in found):
        click.echo(f"citeline: none of the backups of {project.name} is usable", err=True)
        raise SystemExit(1)
