"""``citeline suggest-evidence PROJECT``: the passages of other sources that may report
each event, as the app proposes them."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("suggest-evidence")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--event", "event_id", type=int, help="Only this event's proposals.")
@click.option("--source", "source_id", type=int, help="Only proposals in this source.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help="Lines for people, or one JSON object a line for programs.",
)
def command(project: Path, event_id: int | None, source_id: int | None, fmt: str) -> None:
    """Print the sentences of other sources that may report PROJECT's events, best first
    per event, with why each was proposed (shared names, numbers, the date it gives).

    In jsonl each line is {"event_id", "source_id", "start", "end", "text", "score",
    "reasons", "date", "stance"}; start and end are offsets in the source's text as the
    JSON export gives it. Passages already cited for the event, and those dismissed in
    the app, are not printed. Opens the project read-only.
    """
    from citeline.core import errors
    from citeline.core.evidence import EvidenceSuggester
    from citeline.core.store import Store

    with Store.open(project, read_only=True) as store:
        if source_id is not None and store.row("sources", source_id) is None:
            raise errors.NotFoundError(
                f"there is no source {source_id} in {project.name}; "
                "`citeline export PROJECT --format json` lists their ids"
            )
        if event_id is not None and store.row("events", event_id) is None:
            raise errors.NotFoundError(
                f"there is no event {event_id} in {project.name}; "
                "`citeline export PROJECT --format json` lists their ids"
            )
        suggester = EvidenceSuggester(store)
        # What the app shows: an event's proposals in Receipts, a source's in the reader.
        if event_id is not None:
            found = suggester.for_event(event_id)
            if source_id is not None:
                found = [p for p in found if p.source_id == source_id]
        elif source_id is not None:
            found = sorted(suggester.for_source(source_id), key=lambda p: (p.event_id, -p.score))
        elif fmt == "jsonl":  # streamed: a whole project's proposals are not all kept
            for p in suggester.iter_all():
                click.echo(json.dumps(p.to_json(), ensure_ascii=False))
            return
        else:
            found = suggester.for_all()
        titles = {}
        if fmt == "text":
            titles = {int(r[0]): r[1] for r in store.db.execute("SELECT id, title FROM events")}
            sources = {int(r[0]): r[1] for r in store.db.execute("SELECT id, title FROM sources")}
    if fmt == "jsonl":
        for p in found:
            click.echo(json.dumps(p.to_json(), ensure_ascii=False))
        return
    last = None
    for p in found:
        if p.event_id != last:
            if last is not None:
                click.echo("")
            click.echo(f"event {p.event_id} \u201c{titles.get(p.event_id, '')}\u201d")
            last = p.event_id
        why = "; ".join(p.reasons)
        stance = "" if p.stance == "supports" else f" [{p.stance}]"
        click.echo(
            f"  {p.score:.2f}  source {p.source_id} \u201c{sources.get(p.source_id, '')}\u201d "
            f"{p.start}-{p.end}{stance}: {p.text}" + (f"  ({why})" if why else "")
        )
    if not found:
        click.echo("No suggested evidence.", err=True)
