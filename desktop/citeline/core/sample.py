"""The bundled sample project, built from one news article and its curated items.

The items live in ``resources/sample/sample.json``; every passage there is a verbatim
string of the article, found here by exact match, so a passage that is not verbatim
fails loudly instead of silently pointing somewhere else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from citeline.core import catalog, items
from citeline.core.edits import Edit, combine
from citeline.core.queries import source_text
from citeline.core.sources import read_source
from citeline.core.store import Store
from citeline.resources import resource


class SampleError(Exception):
    """The curated sample data does not match its article (a bug in the shipped data)."""


def sample_data() -> dict[str, Any]:
    """The curated sample items as shipped."""
    with open(resource("sample", "sample.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _span(text: str, exact: str) -> tuple[int, int]:
    start = text.find(exact)
    if start < 0:
        raise SampleError(f"sample passage is not verbatim in the article: {exact[:60]!r}")
    if text.find(exact, start + 1) >= 0:
        raise SampleError(f"sample passage occurs more than once: {exact[:60]!r}")
    return start, start + len(exact)


def build_sample(store: Store) -> None:
    """Fill an empty project with the sample article and its events, quotes and people
    (its history says Citeline made them)."""
    author, store.author = store.author, "Citeline sample"
    try:
        _build_sample(store)
    finally:
        store.author = author


def _build_sample(store: Store) -> None:
    data = sample_data()
    meta = data["source"]
    draft = read_source(resource("sample", meta["file"]))
    for key in ("title", "outlet", "published", "language"):
        setattr(draft, key, meta.get(key) or getattr(draft, key))
    edit, source_id = items.add_source(store, draft)
    store.apply(edit)
    text = source_text(store, source_id)

    lanes: dict[str, int] = {}
    for lane in data["lanes"]:
        edit, lanes[lane["name"]] = catalog.add_lane(store, lane["name"], color=lane.get("color"))
        store.apply(edit)

    parts: list[Edit] = []
    ids = items.Ids(store)
    people: dict[str, int] = {}
    for p in data["people"]:
        edit, people[p["name"]] = catalog.add_person(
            store,
            p["name"],
            role=p.get("role"),
            affiliation=p.get("affiliation"),
            aliases=p.get("aliases", ()),
            ids=ids,
        )
        parts.append(edit)
    for era in data["eras"]:
        edit, _ = catalog.add_era(store, era["name"], era["date"], color=era.get("color"), ids=ids)
        parts.append(edit)
    store.apply(combine("Sample people and eras", parts))

    events: dict[str, int] = {}
    for ev in data["events"]:
        refs = [
            items.PassageRef(source_id, *_span(text, p["exact"]), p.get("stance", "supports"))
            for p in ev["passages"]
        ]
        edit, events[ev["title"]] = items.add_event(
            store,
            title=ev["title"],
            date=ev["date"],
            description=ev.get("description", ""),
            lane_id=lanes[ev["lane"]],
            tags=ev.get("tags", ()),
            people=[people[n] for n in ev.get("people", ())],
            passages=refs,
            provenance=ev.get("provenance"),
            importance=ev.get("importance", 0),
        )
        store.apply(edit)
    for q in data["quotes"]:
        edit, _ = items.add_quote(
            store,
            passage=items.PassageRef(source_id, *_span(text, q["exact"])),
            date=q["date"],
            speaker_id=people[q["speaker"]],
            lane_id=lanes[q["lane"]],
            tags=q.get("tags", ()),
        )
        store.apply(edit)
    for n in data.get("notes", ()):
        store.apply(items.set_note(store, "event", events[n["event"]], n["body"]))
    store.apply(
        catalog.set_project_info(store, title=data["title"], description=data["description"])
    )


def write_sample(path: Path) -> Path:
    """Write the sample project to a new file at ``path``."""
    store = Store.create(path)
    try:
        build_sample(store)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    store.close()
    return path
