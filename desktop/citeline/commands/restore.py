"""``citeline restore BACKUP NEW``: write a backup out as a new project file."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("restore")
@click.argument("backup", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
def command(backup: Path, new: Path) -> None:
    """Restore BACKUP (a file listed by `citeline backups`) as the new project NEW.

    The backup is checked first and left as it is; NEW must not exist yet and appears
    only once it is complete. A damaged project is never touched: keep it aside.
    """
    from citeline.core.backup import restore_backup

    info = restore_backup(backup, new)
    click.echo(
        f"Restored {new} from the backup of "
        f"{info.taken_at.astimezone().strftime('%Y-%m-%d %H:%M:%S')} "
        f"({info.events} events, {info.quotes} quotes, {info.sources} sources)"
    )
