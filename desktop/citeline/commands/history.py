"""``citeline history PROJECT``: who changed what, when, as text or JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from citeline.commands.projectarg import PROJECT
from citeline.core.errors import CitelineError


def _since(text: str) -> str:
    """``--since`` as the ISO text history times compare with ("2026-03-01" or a time)."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise CitelineError(
            f'could not understand "{text}" as a day or time: write it as 2026-03-01 '
            "or 2026-03-01T14:30Z"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


@click.command("history")
@click.argument("project", type=PROJECT)
@click.option("--event", "event_id", type=int, metavar="ID", help="Only changes of event ID.")
@click.option("--quote", "quote_id", type=int, metavar="ID", help="Only changes of quote ID.")
@click.option("--source", "source_id", type=int, metavar="ID", help="Only changes of source ID.")
@click.option("--person", "person_id", type=int, metavar="ID", help="Only changes of person ID.")
@click.option("--author", help="Only entries by this author.")
@click.option("--since", metavar="DATE", help="Only entries at or after DATE (UTC, 2026-03-01).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Lines for people, or one JSON object for programs.",
)
def command(
    project: Path | str,
    event_id: int | None,
    quote_id: int | None,
    source_id: int | None,
    person_id: int | None,
    author: str | None,
    since: str | None,
    fmt: str,
) -> None:
    """Print PROJECT's history, oldest first: each entry's time (UTC), author and action,
    and what it changed, item by item and field by field.

    The JSON is {"entries": [{"id", "at", "author", "action", "kind", "undoes", "hash",
    "prev_hash", "changes": [{"kind", "item_id", "field", "before", "after"}]}]}, dates
    as EDTF; a large edit has a "summary" in place of its changes.
    """
    from citeline.core.history import chain, read, words
    from citeline.core.store import Store

    chosen = [
        (k, v)
        for k, v in (
            ("event", event_id),
            ("quote", quote_id),
            ("source", source_id),
            ("person", person_id),
        )
        if v is not None
    ]
    if len(chosen) > 1:
        raise CitelineError("give one of --event, --quote, --source and --person")
    which = read.Filter(
        item=chosen[0] if chosen else None,
        author=author,
        since=_since(since) if since else None,
    )
    with Store.open(project, read_only=True) as store:
        conn = store.db.conn
        where, params = which.sql()
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT e.id FROM history_entries e WHERE {where} ORDER BY e.id", params
            )
        ]
        names = words.namer(store)

        if fmt == "json":
            click.echo('{"entries": [', nl=False)
            for n, entry in enumerate(chain.entries(conn, ids)):
                text = json.dumps(read.to_json(entry), ensure_ascii=False)
                click.echo(("," if n else "") + "\n  " + text, nl=False)
            click.echo("\n]}")
            return
        for entry in chain.entries(conn, ids):
            undoes = f" (of entry {entry.undoes})" if entry.undoes else ""
            click.echo(f"#{entry.id}  {entry.at}  {entry.author}  {entry.action}{undoes}")
            if entry.summary is not None:
                click.echo(f"    {words.summary_words(entry.summary)}")
            for kind, item_id, line in words.entry_lines(entry.changes, names):
                click.echo(f"    {words.item_name(kind, item_id)}  {line}")
        if not ids:
            click.echo("no entries", err=True)
