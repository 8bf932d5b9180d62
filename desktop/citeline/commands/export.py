"""``citeline export PROJECT --format F [-o OUT]``: write a project in another format."""

from __future__ import annotations

from pathlib import Path

import click

from citeline.commands.projectarg import PROJECT
from citeline.core.errors import ExportError


@click.command("export")
@click.argument("project", type=PROJECT)
@click.option(
    "-f",
    "--format",
    "fmt",
    metavar="FORMAT",
    help="json, csv, markdown, html, timelinejs, annotations, svg, png or pdf "
    "(default: from the output file's suffix).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output, for text formats).",
)
@click.option("--from", "date_from", metavar="DATE", help="Only items that end after DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Only items that start by the end of DATE.")
@click.option("--lanes", metavar="NAME,...", help="Only items in these lanes.")
@click.option(
    "--embed",
    is_flag=True,
    help="With html and -o: also print the iframe snippet that puts the page in an article.",
)
@click.option(
    "--with-history",
    is_flag=True,
    help="With json: add the project's history (authors, times, every change) to the file.",
)
@click.option(
    "--embed-url",
    metavar="URL",
    help="The address the page will have once published (default: its file name).",
)
def command(
    project: Path | str,
    fmt: str | None,
    output: Path | None,
    date_from: str | None,
    date_to: str | None,
    lanes: str | None,
    embed: bool,
    with_history: bool,
    embed_url: str | None,
) -> None:
    """Export PROJECT (or the items in a date window or some lanes) as FORMAT.

    Text formats go to standard output unless -o is given; png and pdf need -o.
    """
    from citeline.core.io import export, exporter, format_for_path, select
    from citeline.core.store import Store

    if fmt is None:
        if output is None:
            raise ExportError("give a format with --format (or an output file with -o)")
        fmt = format_for_path(output)
    spec = exporter(fmt)
    if output is None and spec.binary:
        raise ExportError(f"{spec.name} is a binary format: give an output file with -o")
    if output is not None and isinstance(project, Path) and output.resolve() == project.resolve():
        raise ExportError("the output file is the project itself")
    if with_history and spec.name != "json":
        raise ExportError("--with-history goes with --format json")
    embed = embed or embed_url is not None
    if embed and (spec.name != "html" or output is None):
        raise ExportError("--embed goes with --format html and an output file (-o)")
    if embed and output is not None:
        from citeline.core.io.html_page import embed_source

        src = embed_source(embed_url or output.name)
    # Read-only: an export never changes the project, and works while the app has it open.
    store = Store.open(project, read_only=True)
    try:
        selection = select(store, date_from=date_from, date_to=date_to, lanes=lanes)
        if with_history:
            from citeline.core.io.project_json import export_json_with_history

            data = export_json_with_history(selection)
            if output is not None:
                from citeline.core.io import write_atomically

                write_atomically(output, data)
        else:
            data = export(store, spec.name, output, selection)
        title = store.project_info().get("title") or "Timeline"
    finally:
        store.close()
    if embed and output is not None:
        from citeline.core.io.html_page import embed_snippet

        click.echo(f"Wrote {output}; put this where the timeline goes in the article:", err=True)
        click.echo(embed_snippet(src, f"Timeline: {title}"))
        return
    if output is None:
        # Bytes, so the export is UTF-8 whatever the terminal's encoding.
        click.echo(data.encode("utf-8") if isinstance(data, str) else data, nl=False)
    else:
        click.echo(f"Wrote {output}", err=True)
