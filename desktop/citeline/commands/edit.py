"""``citeline edit PROJECT event|quote ID [...]``: change one item from a script, as one
edit and one history entry, and print the item's new version."""

from __future__ import annotations

import os
from pathlib import Path

import click

from citeline.commands.projectarg import PROJECT, shown
from citeline.core.errors import CitelineError


@click.command("edit")
@click.argument("project", type=PROJECT)
@click.argument("kind", type=click.Choice(["event", "quote"]))
@click.argument("item_id", metavar="ID", type=int)
@click.option("--title", help="The event's new title.")
@click.option("--text", "quote_text", help="The quote's new text.")
@click.option("--date", help='The new date as you would say it ("8 April 2021", "c. 1850").')
@click.option("--status", help="unverified, confirmed, disputed or needs-checking.")
@click.option("--lane", help="The lane to move the item to (made when it does not exist).")
@click.option("--importance", type=click.IntRange(0, 5), help="An event's importance, 0 to 5.")
@click.option("--add-tag", "add_tags", multiple=True, metavar="TAG", help="Add a tag (repeatable).")
@click.option(
    "--remove-tag", "remove_tags", multiple=True, metavar="TAG", help="Remove a tag (repeatable)."
)
@click.option("--note", help="The item's note (an empty text removes it).")
@click.option(
    "--author", help="Who makes the change (default: CITELINE_AUTHOR, else your account)."
)
@click.option(
    "--expect-version",
    type=int,
    metavar="N",
    help="Refuse the change (exit 1) if the item is no longer at version N.",
)
def command(
    project: Path | str,
    kind: str,
    item_id: int,
    title: str | None,
    quote_text: str | None,
    date: str | None,
    status: str | None,
    lane: str | None,
    importance: int | None,
    add_tags: tuple[str, ...],
    remove_tags: tuple[str, ...],
    note: str | None,
    author: str | None,
    expect_version: int | None,
) -> None:
    """Change event or quote ID of PROJECT: one edit, recorded in its history with its
    author; prints the item's new version.

    With --expect-version N the change is made only if nobody changed the item since
    version N; otherwise it exits 1 with one line naming who changed it, and nothing is
    written or recorded.
    """
    from citeline.core import catalog, items
    from citeline.core.dates.parse import parse_date
    from citeline.core.edits import combine
    from citeline.core.store import Store

    if kind == "quote" and (title is not None or importance is not None):
        raise CitelineError("a quote has no title or importance: use --text for its words")
    if kind == "event" and quote_text is not None:
        raise CitelineError("an event has no text: use --title")
    store = Store.open(project)
    try:
        if author is not None:
            if not author.strip():
                raise CitelineError("--author needs a name")
            store.author = author.strip()
        elif os.environ.get("CITELINE_AUTHOR", "").strip():
            store.author = os.environ["CITELINE_AUTHOR"].strip()
        table = "events" if kind == "event" else "quotes"
        if store.row(table, item_id) is None:
            raise CitelineError(f"{shown(project)} has no {kind} {item_id}: see `citeline export`")
        if expect_version is None and getattr(store, "shared", False):
            # On a server others edit at the same time: the change is made from the
            # version read now, and refused if someone changes the item meanwhile.
            expect_version = store.version(kind, item_id)
        fields: dict[str, object] = {}
        parts = []
        if title is not None:
            fields["title"] = title
        if quote_text is not None:
            fields["text"] = quote_text
        if date is not None:
            fields["date"] = parse_date(date)
        if status is not None:
            fields["status"] = items.check_status(status)
        if importance is not None:
            fields["importance"] = importance
        if lane is not None:
            found = store.query("SELECT id FROM lanes WHERE name = ?", [lane.strip()])
            if found:
                fields["lane_id"] = found[0]["id"]
            else:
                made, lane_id = catalog.add_lane(store, lane)
                parts.append(made)
                fields["lane_id"] = lane_id
        if add_tags or remove_tags:
            tag_table = "event_tags" if kind == "event" else "quote_tags"
            column = "event_id" if kind == "event" else "quote_id"
            current = [
                r["name"]
                for r in store.query(
                    f"SELECT t.name FROM {tag_table} g JOIN tags t ON t.id = g.tag_id "
                    f"WHERE g.{column} = ? ORDER BY t.name",
                    [item_id],
                )
            ]
            wanted = [t for t in current if t not in remove_tags]
            wanted += [t.strip() for t in add_tags if t.strip() and t.strip() not in wanted]
            fields["tags"] = wanted
        update = items.update_event if kind == "event" else items.update_quote
        if fields:
            parts.append(update(store, item_id, **fields))
        if note is not None:
            parts.append(items.set_note(store, kind, item_id, note))
        changes = [p for p in parts if p]
        if not changes:
            if expect_version is not None:
                store.check_versions({(kind, item_id): expect_version})
            click.echo(f"citeline: nothing to change in {kind} {item_id}", err=True)
            click.echo(store.version(kind, item_id))
            return
        label = changes[-1].label if len(changes) == 1 else f"Edit {kind}"
        store.apply(
            combine(label, changes),
            expect=None if expect_version is None else {(kind, item_id): expect_version},
        )
        click.echo(store.version(kind, item_id))
    finally:
        store.close()
