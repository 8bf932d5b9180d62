"""``citeline copy SRC DST``: a whole project between a file and a server, either way."""

from __future__ import annotations

from pathlib import Path

import click

from citeline.commands.projectarg import PROJECT, shown


@click.command("copy")
@click.argument("src", type=PROJECT)
@click.argument("dst", type=PROJECT)
def command(src: Path | str, dst: Path | str) -> None:
    """Copy the project SRC to DST: a file to a server database
    (postgresql://user@host/db), a server to a new file, or a file to a file.

    Everything is copied with its ids (sources and their originals, passages, lanes,
    eras, people, events, quotes, notes and the history), then the copy is verified by
    counting the rows on both sides. DST must be a file that does not exist yet, or an
    empty database.
    """
    from citeline.core.server.copy import copy_project

    counts = copy_project(src, dst)
    shown_counts = ", ".join(
        f"{counts[t]} {t}" for t in ("sources", "events", "quotes", "people", "history_entries")
    )
    click.echo(f"copied {shown(src)} to {shown(dst)}: {shown_counts.replace('_', ' ')}")
