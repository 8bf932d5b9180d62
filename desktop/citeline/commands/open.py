"""``citeline [PROJECT]``: open the app."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("open")
@click.argument("project", required=False, type=click.Path(path_type=Path, dir_okay=False))
def command(project: Path | None) -> None:
    """Open the app on PROJECT, or on the last project (the sample the first time)."""
    from citeline.ui.app import run

    raise SystemExit(run(project))
