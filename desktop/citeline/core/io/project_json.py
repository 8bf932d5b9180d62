"""Citeline JSON: the whole project in one JSON file, with nothing lost.

Every table a user's work lives in is written out: sources with their full text,
passages with their selectors, events with their evidence, quotes, people, lanes, eras,
tags, notes and the project's details. Records are written one per line, so a file can
be read, diffed and grepped by people. The layout is documented in
``docs/file-formats.md``; :mod:`citeline.core.io.project_import` reads it back.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from citeline import __version__
from citeline.core import queries
from citeline.core.derived import Facts
from citeline.core.io.selection import Selection, window_sql
from citeline.core.pages import page_of
from citeline.core.store import Store, now_iso

#: The ``format`` header value of a Citeline JSON file.
FORMAT = "citeline-project"
#: The layout version this Citeline writes; a reader refuses larger ones.
VERSION = 1


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _provenance(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for key, *rest in rows:
        out.setdefault(key, []).append(rest[0] if len(rest) == 1 else rest)
    return out


def project_document(selection: Selection) -> dict[str, Any]:
    """The Citeline JSON document of a selection, as Python data.

    Notes on an event or quote are written with it; notes on other items are listed
    apart. A filtered selection keeps only the chosen events and quotes (with their notes);
    sources, people, lanes and eras are kept whole so every reference still resolves.
    """
    store = selection.store
    where, params = window_sql(selection, selection.lane_ids())
    execute = store.db.execute
    lanes = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM lanes")}
    people = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM people")}
    source_titles = {r["id"]: r["title"] for r in store.query("SELECT id, title FROM sources")}
    source_pages = {
        r["id"]: r["pages"]
        for r in store.query("SELECT id, pages FROM sources WHERE pages IS NOT NULL")
    }
    published = {r["id"]: r["published"] for r in store.query("SELECT id, published FROM sources")}
    passages = {r["id"]: r for r in store.query("SELECT * FROM passages ORDER BY id")}
    item_notes: dict[tuple[str, int], list[dict[str, Any]]] = {}
    other_notes: list[dict[str, Any]] = []
    for note in store.rows("notes", order="id"):
        if note["item_type"] in ("event", "quote"):
            key = (note["item_type"], note["item_id"])
            body = {k: note[k] for k in ("id", "body", "created_at", "updated_at")}
            item_notes.setdefault(key, []).append(body)
        else:
            other_notes.append(note)

    def cited(passage_id: int | None) -> dict[str, Any] | None:
        p = passages.get(passage_id) if passage_id is not None else None
        if p is None:
            return None
        return {
            "passage_id": p["id"],
            "source_id": p["source_id"],
            "source_title": source_titles.get(p["source_id"]),
            "published": published.get(p["source_id"]),
            "exact": p["exact"],
            "start": p["start"],
            "end": p["end"],
            "page": page_of(source_pages.get(p["source_id"]), p["start"]),
        }

    events: list[dict[str, Any]] = []
    if "event" in selection.kinds:
        tags = _grouped(
            execute(
                "SELECT x.event_id, t.name FROM event_tags x JOIN tags t ON t.id = x.tag_id "
                "ORDER BY t.name"
            )
        )
        who = _grouped(execute("SELECT event_id, person_id FROM event_people ORDER BY person_id"))
        evidence = _grouped(
            execute(
                "SELECT e.event_id, e.passage_id, e.stance FROM evidence e "
                "JOIN passages p ON p.id = e.passage_id ORDER BY p.source_id, p.start, p.id"
            )
        )
        reported = queries.first_reported_all(store)
        rows = store.query(f"SELECT * FROM events WHERE {where} ORDER BY id", params)
        flagged = Facts(store).conflicts(r["id"] for r in rows if r["id"] in evidence)
        for r in rows:
            eid = r["id"]
            events.append(
                {
                    "id": eid,
                    "title": r["title"],
                    "description": r["description"],
                    "date": r["date_edtf"],
                    "precision": r["date_precision"],
                    "earliest": r["date_earliest"],
                    "latest": r["date_latest"],
                    "lane_id": r["lane_id"],
                    "lane": lanes.get(r["lane_id"]),
                    "importance": r["importance"],
                    "status": r["status"],
                    "version": r["version"],
                    "first_reported": reported.get(eid),
                    "date_conflict": flagged[eid].to_json() if eid in flagged else None,
                    "tags": tags.get(eid, []),
                    "people": [{"id": p, "name": people.get(p)} for p in who.get(eid, [])],
                    "provenance": _provenance(r["date_provenance"]),
                    "evidence": [
                        {**(cited(pid) or {}), "stance": stance}
                        for pid, stance in evidence.get(eid, [])
                    ],
                    "notes": item_notes.get(("event", eid), []),
                    "created_at": r["created_at"],
                    "updated_at": r["updated_at"],
                }
            )
    quotes: list[dict[str, Any]] = []
    if "quote" in selection.kinds:
        qtags = _grouped(
            execute(
                "SELECT x.quote_id, t.name FROM quote_tags x JOIN tags t ON t.id = x.tag_id "
                "ORDER BY t.name"
            )
        )
        for r in store.query(f"SELECT * FROM quotes WHERE {where} ORDER BY id", params):
            quotes.append(
                {
                    "id": r["id"],
                    "text": r["text"],
                    "speaker_id": r["speaker_id"],
                    "speaker": people.get(r["speaker_id"]),
                    "date": r["date_edtf"],
                    "precision": r["date_precision"],
                    "earliest": r["date_earliest"],
                    "latest": r["date_latest"],
                    "lane_id": r["lane_id"],
                    "lane": lanes.get(r["lane_id"]),
                    "passage_id": r["passage_id"],
                    "passage": cited(r["passage_id"]),
                    "verbatim": bool(r["verbatim"]),
                    "status": r["status"],
                    "version": r["version"],
                    "first_reported": (cited(r["passage_id"]) or {}).get("published"),
                    "tags": qtags.get(r["id"], []),
                    "notes": item_notes.get(("quote", r["id"]), []),
                    "created_at": r["created_at"],
                    "updated_at": r["updated_at"],
                }
            )
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"Citeline {__version__}",
        "exported_at": now_iso(),
        "selection": None if selection.whole else _describe(selection),
        "project": store.project_info(),
        "sources": [source_record(store, r) for r in store.rows("sources", order="id")],
        "passages": list(passages.values()),
        "lanes": store.rows("lanes", order="position, id"),
        "eras": [
            {
                "id": r["id"],
                "name": r["name"],
                "date": r["date_edtf"],
                "earliest": r["date_earliest"],
                "latest": r["date_latest"],
                "color": r["color"],
            }
            for r in store.rows("eras", order="id")
        ],
        "people": [
            {**r, "aliases": json.loads(r["aliases"] or "[]")}
            for r in store.rows("people", order="id")
        ],
        "events": events,
        "quotes": quotes,
        "notes": other_notes,
        "dismissed_suggestions": store.rows("dismissed_suggestions", order="source_id, start"),
        "dismissed_evidence": store.rows("dismissed_evidence"),
    }


def source_record(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """A source as Citeline JSON: its row, ``pages`` as a list, and its archived original
    (media type, SHA-256, size and the bytes in base64), or ``original: null``."""
    record = dict(row)
    record["pages"] = json.loads(row["pages"]) if row.get("pages") else None
    original = store.row("originals", row["id"])
    record["original"] = (
        {
            "media_type": original["media_type"],
            "sha256": original["sha256"],
            "size": original["size"],
            "base64": base64.b64encode(original["content"]).decode("ascii"),
        }
        if original
        else None
    )
    return record


def _describe(selection: Selection) -> dict[str, Any]:
    return {
        "start": selection.start,
        "end": selection.end,
        "lanes": list(selection.lanes) if selection.lanes is not None else None,
        "kinds": list(selection.kinds),
    }


def render_document(document: dict[str, Any]) -> str:
    """The JSON text of a document: header fields first, then one record per line."""
    lines = ["{"]
    keys = list(document)
    for n, key in enumerate(keys):
        value = document[key]
        comma = "," if n < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {_dump(key)}: [")
            last = len(value) - 1
            lines.extend(f"    {_dump(v)}{',' if i < last else ''}" for i, v in enumerate(value))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_dump(key)}: {_dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export_json(selection: Selection) -> str:
    """The selection as Citeline JSON text."""
    return render_document(project_document(selection))


def export_json_with_history(selection: Selection) -> str:
    """The selection as Citeline JSON text, with the project's whole history (every entry,
    its author, time, hash and changes) as ``history``: one entry per line."""
    from citeline.core.history import chain, read

    document = project_document(selection)
    document["history"] = [read.to_json(e) for e in chain.entries(selection.store.db.conn)]
    return render_document(document)
