"""``citeline sample PATH``: write the bundled sample project."""

from __future__ import annotations

from pathlib import Path

import click

from citeline.core.errors import ProjectError


@click.command("sample")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def command(path: Path, force: bool) -> None:
    """Write the sample project (US–South Korea defense cost-sharing) to PATH."""
    from citeline.core.sample import write_sample

    if path.exists():
        if not force:
            raise ProjectError(f"{path} already exists (use --force to replace it)")
        path.unlink()
    write_sample(path)
    click.echo(f"Wrote the sample project to {path}")
