"""``citeline original PROJECT SOURCE_ID [-o FILE]``: write a source's archived original."""

from __future__ import annotations

from pathlib import Path

import click

from citeline.core.errors import CitelineError


@click.command("original")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("source_id", type=int)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write it (default: its file name, in the current folder).",
)
def command(project: Path, source_id: int, output: Path | None) -> None:
    """Write the original bytes SOURCE_ID was imported from (the page as fetched, the
    PDF, the file), unchanged, with where and when it was fetched."""
    from citeline.core.originals import original_of, save_original
    from citeline.core.store import Store

    store = Store.open(project, read_only=True)
    try:
        dest = output or Path(original_of(store, source_id).filename)
        if output is None and dest.exists():
            raise CitelineError(f"{dest} already exists: name another file with -o")
        original = save_original(store, source_id, dest)
        source = store.row("sources", source_id) or {}
    finally:
        store.close()
    click.echo(f"wrote {dest} ({len(original.content):,} bytes, {original.media_type})")
    click.echo(f"sha256 {original.sha256}")
    if source.get("fetched_at"):
        click.echo(f"fetched {source['fetched_at']} from {source.get('url')}")
        if source.get("final_url") and source["final_url"] != source.get("url"):
            click.echo(f"after redirects: {source['final_url']}")
