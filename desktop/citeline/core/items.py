"""Edits that create, change and delete the items of a project.

Each function reads what it needs from the store and returns an
:class:`~citeline.core.edits.Edit` without applying it: the caller applies it (the app
pushes it on its undo stack, whose first redo applies it). New ids are allocated here so
that undo and redo restore the very same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from citeline.core import errors
from citeline.core.anchoring import make_selector
from citeline.core.edits import Edit, RowChange, delete, insert, update
from citeline.core.edtf import DateValue, parse_edtf
from citeline.core.model import STANCES, STATUSES
from citeline.core.queries import source_text
from citeline.core.store import Store, now_iso

if TYPE_CHECKING:
    from citeline.core.sources import SourceDraft


@dataclass(frozen=True)
class PassageRef:
    """A span of a source to cite: the source, the span, and the stance taken."""

    source_id: int
    start: int
    end: int
    stance: str = "supports"


def as_date(value: DateValue | str) -> DateValue:
    """A DateValue from a DateValue or an EDTF string."""
    return value if isinstance(value, DateValue) else parse_edtf(value)


def date_columns(value: DateValue | str) -> dict[str, Any]:
    """The four date columns of an item for ``value``."""
    d = as_date(value)
    return {
        "date_edtf": d.edtf,
        "date_precision": d.precision,
        "date_earliest": d.earliest,
        "date_latest": d.latest,
    }


class Ids:
    """Allocates ids for rows created within one edit."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self.next.get(table) or self.store.next_id(table)
        self.next[table] = value + 1
        return value


# ------------------------------------------------------------------- sources


def add_source(store: Store, draft: SourceDraft) -> tuple[Edit, int]:
    """An edit adding ``draft`` as a new source with its archived original.

    A source is already in the project when its original bytes are (and, for a page
    fetched by address, from the same address): that is refused. Two different files
    that read as the same text are both kept; :func:`source_warnings` says so.
    """
    duplicate = _same_original(store, draft)
    if duplicate is not None:
        raise errors.DuplicateSourceError(
            f"{draft.filename or draft.title} is already in the project as "
            f"\u201c{duplicate['title']}\u201d"
        )
    if not draft.text.strip():
        raise errors.ImportFailedError(f"{draft.filename or draft.title} has no text")
    source_id = store.next_id("sources")
    row = {
        "id": source_id,
        "title": draft.title,
        "outlet": draft.outlet,
        "author": draft.author,
        "url": draft.url,
        "published": draft.published,
        "language": draft.language,
        "text": draft.text,
        "sha256": draft.sha256,
        "format": draft.format,
        "filename": draft.filename,
        "imported_at": now_iso(),
        "final_url": draft.final_url,
        "fetched_at": draft.fetched_at,
        "pages": json.dumps(draft.pages) if draft.pages is not None else None,
        "original_sha256": draft.original_sha256 if draft.original else None,
    }
    changes = [insert("sources", row)]
    if draft.original:
        original = {
            "source_id": source_id,
            "media_type": draft.media_type,
            "sha256": draft.original_sha256,
            "size": len(draft.original),
            "content": draft.original,
        }
        changes.append(insert("originals", original))
    return Edit(f"Import \u201c{_short(draft.title)}\u201d", tuple(changes)), source_id


def _same_original(store: Store, draft: SourceDraft) -> dict[str, Any] | None:
    """The source already holding ``draft``'s original bytes (from the same address)."""
    if not draft.original:
        found = store.rows("sources", "sha256 = ? AND original_sha256 IS NULL", [draft.sha256])
        return found[0] if found else None
    for row in store.rows("sources", "original_sha256 = ?", [draft.original_sha256]):
        if draft.fetched_at is None or row["url"] == draft.url:
            return row
    return None


def source_warnings(store: Store, draft: SourceDraft) -> list[str]:
    """What to tell the user about adding ``draft``: guesses made reading it, and other
    sources in the project with the very same text."""
    warnings = list(draft.warnings)
    for row in store.rows("sources", "sha256 = ?", [draft.sha256]):
        warnings.append(
            f"{draft.filename or draft.title} has the same text as "
            f"\u201c{row['title']}\u201d (source {row['id']}), already in the project"
        )
    return warnings


def delete_source(store: Store, source_id: int) -> Edit:
    """An edit deleting a source with its passages and their citations (items stay)."""
    source = require(store, "sources", source_id)
    changes: list[RowChange] = []
    passages = store.rows("passages", "source_id = ?", [source_id])
    for p in passages:
        for ev in store.rows("evidence", "passage_id = ?", [p["id"]]):
            changes.append(delete("evidence", ev))
        for q in store.rows("quotes", "passage_id = ?", [p["id"]]):
            changes.append(update("quotes", q, passage_id=None, updated_at=now_iso()))
    changes.extend(delete("passages", p) for p in passages)
    changes.extend(delete("notes", n) for n in notes_of(store, "source", source_id))
    for d in store.rows("dismissed_suggestions", "source_id = ?", [source_id]):
        changes.append(delete("dismissed_suggestions", d))
    for d in store.rows("dismissed_evidence", "source_id = ?", [source_id]):
        changes.append(delete("dismissed_evidence", d))
    changes.extend(
        delete("originals", o) for o in store.rows("originals", "source_id = ?", [source_id])
    )
    changes.append(delete("sources", source))
    return Edit(f"Delete source \u201c{_short(source['title'])}\u201d", tuple(changes))


SOURCE_FIELDS = ("title", "outlet", "author", "url", "published", "language")


def update_source(store: Store, source_id: int, **fields: Any) -> Edit:
    """An edit changing a source's metadata (its text never changes after import)."""
    before = require(store, "sources", source_id)
    for key in fields:
        if key not in SOURCE_FIELDS:
            raise TypeError(f"sources have no editable field {key!r}")
    if "title" in fields and not str(fields["title"]).strip():
        raise errors.CitelineError("a source needs a title")
    if fields.get("published"):
        fields["published"] = as_date(fields["published"]).edtf
    values = {
        k: (v.strip() or None) if isinstance(v, str) and k != "title" else v
        for k, v in fields.items()
    }
    if all(before.get(k) == v for k, v in values.items()):
        return Edit("Edit source")
    return Edit("Edit source", (update("sources", before, **values),))


def _passage(store: Store, ids: Ids, ref: PassageRef) -> tuple[list[RowChange], int]:
    """Changes creating the passage for ``ref`` (or none when it exists) and its id."""
    found = store.rows(
        "passages", 'source_id = ? AND start = ? AND "end" = ?', [ref.source_id, ref.start, ref.end]
    )
    if found:
        return [], int(found[0]["id"])
    text = source_text(store, ref.source_id)
    if not (0 <= ref.start < ref.end <= len(text)):
        raise errors.CitelineError("that passage lies outside its source's text")
    sel = make_selector(text, ref.start, ref.end)
    pid = ids("passages")
    row = {
        "id": pid,
        "source_id": ref.source_id,
        "start": sel.start,
        "end": sel.end,
        "exact": sel.exact,
        "prefix": sel.prefix,
        "suffix": sel.suffix,
        "created_at": now_iso(),
    }
    return [insert("passages", row)], pid


# ------------------------------------------------------------------- events


def event_row(
    event_id: int,
    *,
    title: str,
    date: DateValue | str,
    description: str = "",
    lane_id: int | None = None,
    provenance: dict[str, Any] | None = None,
    importance: int = 0,
    status: str = "unverified",
    stamp: str,
) -> dict[str, Any]:
    """The row of a new event (its title stripped; an empty one is refused)."""
    title = title.strip()
    check_status(status)
    if not title:
        raise errors.CitelineError("an event needs a title")
    return {
        "id": event_id,
        "title": title,
        "description": description,
        **date_columns(date),
        "date_provenance": json.dumps(provenance, ensure_ascii=False) if provenance else None,
        "lane_id": lane_id,
        "importance": importance,
        "status": status,
        "created_at": stamp,
        "updated_at": stamp,
    }


def add_event(
    store: Store,
    *,
    title: str,
    date: DateValue | str,
    description: str = "",
    lane_id: int | None = None,
    tags: Sequence[str] = (),
    people: Sequence[int] = (),
    passages: Sequence[PassageRef] = (),
    provenance: dict[str, Any] | None = None,
    importance: int = 0,
    status: str = "unverified",
    ids: Ids | None = None,
) -> tuple[Edit, int]:
    """An edit creating an event with its evidence passages, tags and people."""
    ids = ids or Ids(store)
    event_id = ids("events")
    row = event_row(
        event_id,
        title=title,
        date=date,
        description=description,
        lane_id=lane_id,
        provenance=provenance,
        importance=importance,
        status=status,
        stamp=now_iso(),
    )
    title = row["title"]
    changes: list[RowChange] = [insert("events", row)]
    for ref in passages:
        if ref.stance not in STANCES:
            raise errors.CitelineError(f"unknown stance {ref.stance!r}")
        made, pid = _passage(store, ids, ref)
        changes.extend(made)
        changes.append(
            insert("evidence", {"event_id": event_id, "passage_id": pid, "stance": ref.stance})
        )
    changes.extend(_tag_changes(store, ids, "event", event_id, tags))
    changes.extend(
        insert("event_people", {"event_id": event_id, "person_id": p})
        for p in dict.fromkeys(people)
    )
    return Edit(f"Add event \u201c{_short(title)}\u201d", tuple(changes)), event_id


def set_by_hand() -> dict[str, str]:
    """The provenance of a date a user set by hand (typed, or dragged on the timeline)."""
    return {"set_by": "hand", "at": now_iso()}


def update_event(store: Store, event_id: int, **fields: Any) -> Edit:
    """An edit changing an event's fields: title, description, date, lane_id, importance,
    status, provenance, tags (a list of names) or people (a list of person ids)."""
    before = require(store, "events", event_id)
    values: dict[str, Any] = {}
    changes: list[RowChange] = []
    for key, value in fields.items():
        if key == "date":
            values.update(date_columns(value))
            if "provenance" not in fields and values["date_edtf"] != before["date_edtf"]:
                # A date changed by hand no longer comes from where it was found; the
                # old provenance stays in the row image, so undo brings it back.
                values["date_provenance"] = json.dumps(set_by_hand(), ensure_ascii=False)
        elif key == "title":
            if not str(value).strip():
                raise errors.CitelineError("an event needs a title")
            values["title"] = str(value).strip()
        elif key in ("description", "lane_id", "importance"):
            values[key] = value
        elif key == "status":
            values["status"] = check_status(value)
        elif key == "provenance":
            values["date_provenance"] = json.dumps(value, ensure_ascii=False) if value else None
        elif key == "tags":
            changes.extend(_retag(store, "event", event_id, value))
        elif key == "people":
            changes.extend(_repeople(store, event_id, value))
        else:
            raise TypeError(f"events have no field {key!r}")
    if any(before.get(k) != v for k, v in values.items()):
        values["updated_at"] = now_iso()
        changes.insert(0, update("events", before, **values))
    label = "Change date" if "date" in fields and len(fields) == 1 else "Edit event"
    if "status" in fields and len(fields) == 1:
        label = f"Mark as {fields['status']}"
    return Edit(label, tuple(changes))


def check_status(status: str) -> str:
    """``status`` when it is a verification status; a CitelineError naming them otherwise."""
    if status not in STATUSES:
        raise errors.CitelineError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    return status


def set_status(store: Store, kind: str, item_id: int, status: str) -> Edit:
    """An edit setting the verification status of an event or a quote."""
    if kind == "event":
        return update_event(store, item_id, status=status)
    if kind == "quote":
        return update_quote(store, item_id, status=status)
    raise errors.CitelineError(f"a {kind} has no verification status")


def delete_event(store: Store, event_id: int) -> Edit:
    """An edit deleting an event with its citations, tags, people links and notes."""
    row = require(store, "events", event_id)
    changes = [delete("evidence", r) for r in store.rows("evidence", "event_id = ?", [event_id])]
    changes += [
        delete("event_tags", r) for r in store.rows("event_tags", "event_id = ?", [event_id])
    ]
    changes += [
        delete("event_people", r) for r in store.rows("event_people", "event_id = ?", [event_id])
    ]
    changes += [delete("notes", n) for n in notes_of(store, "event", event_id)]
    changes += [
        delete("dismissed_evidence", r)
        for r in store.rows("dismissed_evidence", "event_id = ?", [event_id])
    ]
    changes.append(delete("events", row))
    return Edit(f"Delete event \u201c{_short(row['title'])}\u201d", tuple(changes))


def add_evidence(store: Store, event_id: int, ref: PassageRef) -> Edit:
    """An edit citing a passage as evidence for an event."""
    require(store, "events", event_id)
    if ref.stance not in STANCES:
        raise errors.CitelineError(f"unknown stance {ref.stance!r}")
    ids = Ids(store)
    made, pid = _passage(store, ids, ref)
    if store.row("evidence", (event_id, pid)):
        raise errors.CitelineError("that passage is already evidence for this event")
    changes = [
        *made,
        insert("evidence", {"event_id": event_id, "passage_id": pid, "stance": ref.stance}),
    ]
    return Edit("Add evidence", tuple(changes))


def set_stance(store: Store, event_id: int, passage_id: int, stance: str) -> Edit:
    """An edit changing the stance of one piece of evidence."""
    if stance not in STANCES:
        raise errors.CitelineError(f"unknown stance {stance!r}")
    row = store.row("evidence", (event_id, passage_id))
    if row is None:
        raise errors.NotFoundError("that evidence no longer exists")
    return Edit("Change stance", (update("evidence", row, stance=stance),))


def remove_evidence(store: Store, event_id: int, passage_id: int) -> Edit:
    """An edit removing one passage from an event's evidence."""
    row = store.row("evidence", (event_id, passage_id))
    if row is None:
        raise errors.NotFoundError("that evidence no longer exists")
    return Edit("Remove evidence", (delete("evidence", row),))


# ------------------------------------------------------------------- quotes


def add_quote(
    store: Store,
    *,
    passage: PassageRef,
    date: DateValue | str,
    speaker_id: int | None = None,
    text: str | None = None,
    lane_id: int | None = None,
    tags: Sequence[str] = (),
    status: str = "unverified",
    ids: Ids | None = None,
) -> tuple[Edit, int]:
    """An edit creating a quote from a passage (its text is the passage's unless given)."""
    check_status(status)
    ids = ids or Ids(store)
    made, pid = _passage(store, ids, passage)
    exact = source_text(store, passage.source_id)[passage.start : passage.end]
    quote_text = (text if text is not None else exact).strip()
    if not quote_text:
        raise errors.CitelineError("a quote needs words")
    quote_id = ids("quotes")
    stamp = now_iso()
    row = {
        "id": quote_id,
        "text": quote_text,
        "speaker_id": speaker_id,
        **date_columns(date),
        "passage_id": pid,
        "lane_id": lane_id,
        "verbatim": int(quote_text in exact),
        "status": status,
        "created_at": stamp,
        "updated_at": stamp,
    }
    changes = [*made, insert("quotes", row), *_tag_changes(store, ids, "quote", quote_id, tags)]
    return Edit(f"Add quote \u201c{_short(quote_text)}\u201d", tuple(changes)), quote_id


def update_quote(store: Store, quote_id: int, **fields: Any) -> Edit:
    """An edit changing a quote's text, speaker_id, date, lane_id, status or tags."""
    before = require(store, "quotes", quote_id)
    values: dict[str, Any] = {}
    changes: list[RowChange] = []
    for key, value in fields.items():
        if key == "date":
            values.update(date_columns(value))
        elif key == "text":
            values["text"] = str(value).strip()
            values["verbatim"] = int(_still_verbatim(store, before["passage_id"], values["text"]))
        elif key in ("speaker_id", "lane_id"):
            values[key] = value
        elif key == "status":
            values["status"] = check_status(value)
        elif key == "tags":
            changes.extend(_retag(store, "quote", quote_id, value))
        else:
            raise TypeError(f"quotes have no field {key!r}")
    if any(before.get(k) != v for k, v in values.items()):
        values["updated_at"] = now_iso()
        changes.insert(0, update("quotes", before, **values))
    label = f"Mark as {fields['status']}" if list(fields) == ["status"] else "Edit quote"
    return Edit(label, tuple(changes))


def delete_quote(store: Store, quote_id: int) -> Edit:
    """An edit deleting a quote with its tags and notes."""
    row = require(store, "quotes", quote_id)
    changes = [
        delete("quote_tags", r) for r in store.rows("quote_tags", "quote_id = ?", [quote_id])
    ]
    changes += [delete("notes", n) for n in notes_of(store, "quote", quote_id)]
    changes.append(delete("quotes", row))
    return Edit("Delete quote", tuple(changes))


def _still_verbatim(store: Store, passage_id: int | None, text: str) -> bool:
    if passage_id is None:
        return False
    p = store.row("passages", passage_id)
    return bool(p) and text in p["exact"]  # type: ignore[index]


# ------------------------------------------------------------------- people, lanes, eras


# ------------------------------------------------------------------- notes


def set_note(store: Store, item_type: str, item_id: int, body: str) -> Edit:
    """An edit setting the (first) note of an item; an empty body deletes it."""
    existing = notes_of(store, item_type, item_id)
    stamp = now_iso()
    if existing:
        note = existing[0]
        if not body.strip():
            return Edit("Delete note", (delete("notes", note),))
        if note["body"] == body:
            return Edit("Edit note")
        return Edit("Edit note", (update("notes", note, body=body, updated_at=stamp),))
    if not body.strip():
        return Edit("Edit note")
    row = {
        "id": store.next_id("notes"),
        "item_type": item_type,
        "item_id": item_id,
        "body": body,
        "created_at": stamp,
        "updated_at": stamp,
    }
    return Edit("Add note", (insert("notes", row),))


def dismiss_suggestion(store: Store, source_id: int, start: int, end: int) -> Edit:
    """An edit hiding a suggested date of a source."""
    row = {"source_id": source_id, "start": start, "end": end}
    return Edit("Dismiss suggestion", (insert("dismissed_suggestions", row),))


# ------------------------------------------------------------------- helpers


def require(store: Store, table: str, key: Any) -> dict[str, Any]:
    row = store.row(table, key)
    if row is None:
        raise errors.NotFoundError(f"that item ({table[:-1]} {key}) no longer exists")
    return row


def notes_of(store: Store, item_type: str, item_id: int) -> list[dict[str, Any]]:
    return store.rows("notes", "item_type = ? AND item_id = ?", [item_type, item_id], order="id")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _tag_ids(store: Store, ids: Ids, names: Iterable[str]) -> tuple[list[RowChange], list[int]]:
    changes: list[RowChange] = []
    out: list[int] = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        found = store.rows("tags", "name = ?", [name])
        if found:
            out.append(int(found[0]["id"]))
        else:
            tid = ids("tags")
            changes.append(insert("tags", {"id": tid, "name": name}))
            out.append(tid)
    return changes, out


def _tag_changes(
    store: Store, ids: Ids, kind: str, item_id: int, names: Iterable[str]
) -> list[RowChange]:
    changes, tag_ids = _tag_ids(store, ids, names)
    table, col = ("event_tags", "event_id") if kind == "event" else ("quote_tags", "quote_id")
    changes.extend(insert(table, {col: item_id, "tag_id": t}) for t in tag_ids)
    return changes


def _retag(store: Store, kind: str, item_id: int, names: Iterable[str]) -> list[RowChange]:
    table, col = ("event_tags", "event_id") if kind == "event" else ("quote_tags", "quote_id")
    current = store.rows(table, f"{col} = ?", [item_id])
    ids = Ids(store)
    made, wanted = _tag_ids(store, ids, names)
    have = {r["tag_id"] for r in current}
    changes = made + [delete(table, r) for r in current if r["tag_id"] not in wanted]
    changes += [insert(table, {col: item_id, "tag_id": t}) for t in wanted if t not in have]
    return changes


def _repeople(store: Store, event_id: int, people: Iterable[int]) -> list[RowChange]:
    current = store.rows("event_people", "event_id = ?", [event_id])
    wanted = list(dict.fromkeys(people))
    have = {r["person_id"] for r in current}
    changes = [delete("event_people", r) for r in current if r["person_id"] not in wanted]
    changes += [
        insert("event_people", {"event_id": event_id, "person_id": p})
        for p in wanted
        if p not in have
    ]
    return changes
