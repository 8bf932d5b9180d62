"""``citeline [PROJECT]``: open the app."""

from __future__ import annotations

from pathlib import Path

import click

from citeline.commands.projectarg import PROJECT


@click.command("open")
@click.argument("project", required=False, type=PROJECT)
def command(project: Path | str | None) -> None:
    """Open the app on PROJECT (a file, or a server project's postgresql:// address), or
    on the last project (the sample the first time)."""
    from citeline.ui.app import run

    raise SystemExit(run(project))
