"""Reading Citeline JSON back into a project, as one edit, with nothing lost.

Into an empty project every id is kept, so the copy is the original row for row. Into
a project that already holds work, rows get new ids, and what is already there is
reused instead of duplicated: a source with the same text (sha256), its passages at the
same offsets, a lane, tag or person with the same name, an era with the same name and
date. Everything is checked before the edit is made; any problem refuses the whole file
with the JSON path of the value at fault.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from citeline.core import errors, items
from citeline.core.anchoring import normalize_text
from citeline.core.edits import Edit, RowChange, insert, update
from citeline.core.edtf import DateValue, parse_edtf
from citeline.core.io.jsonread import Invalid, at, field, records, strings
from citeline.core.io.project_json import FORMAT, VERSION
from citeline.core.io.text import count
from citeline.core.model import STANCES, STATUSES
from citeline.core.store import Store, now_iso

# Project details that describe the file rather than the work; an import keeps the
# receiving file's own.
_FILE_KEYS = frozenset({"created_at", "created_by", "last_written_by"})
_ITEM_TABLES = {
    "event": "events",
    "quote": "quotes",
    "source": "sources",
    "passage": "passages",
    "person": "people",
}
_CONTENT_TABLES = ("sources", "passages", "lanes", "eras", "people", "events", "quotes", "notes")


def is_project_json(data: Any) -> bool:
    """Whether parsed JSON carries Citeline's header."""
    return isinstance(data, dict) and data.get("format") == FORMAT


class _Ids:
    """Maps the file's ids to the project's, keeping them when the project is empty."""

    def __init__(self, store: Store, keep: bool) -> None:
        self.keep = keep
        self.fresh = items.Ids(store)
        self.maps: dict[str, dict[int, int]] = {}

    def new(self, table: str, old: int, path: str) -> int:
        mapping = self.maps.setdefault(table, {})
        if old in mapping:
            raise Invalid(f"{path}.id: {old} is used twice")
        mapping[old] = old if self.keep else self.fresh(table)
        return mapping[old]

    def reuse(self, table: str, old: int, existing: int) -> None:
        self.maps.setdefault(table, {})[old] = existing

    def of(self, table: str, old: Any, path: str) -> int:
        try:
            return self.maps[table][old]
        except (KeyError, TypeError):
            raise Invalid(f"{path}: there is no {table[:-1]} {old} in the file") from None


def _id(obj: dict[str, Any], path: str) -> int:
    value: int = field(obj, "id", path, int, required=True)
    if value < 1:
        raise Invalid(f"{path}.id: ids are positive whole numbers")
    return value


def _status(value: str, path: str) -> str:
    """A verification status read from ``path``, checked."""
    if value not in STATUSES:
        raise Invalid(f"{path}.status: {value!r} is not one of {', '.join(STATUSES)}")
    return value


def _version(obj: dict[str, Any], path: str) -> int:
    """An item's version as exported (1 for files written before items had one)."""
    value: int = field(obj, "version", path, int, default=1)
    if value < 1:
        raise Invalid(f"{path}.version: a version is a whole number from 1")
    return value


def _date(obj: dict[str, Any], path: str, key: str = "date") -> DateValue:
    text: str = field(obj, key, path, str, required=True)
    try:
        return parse_edtf(text)
    except errors.DateError as exc:
        raise Invalid(f"{at(path, key)}: {exc}") from None


def read_project(store: Store, data: dict[str, Any], name: str) -> tuple[Edit, str]:
    """The edit adding a parsed Citeline JSON document to ``store``, and its summary."""
    try:
        return _read(store, data, name)
    except Invalid as exc:
        raise errors.ImportFailedError(f"{name}: {exc}") from None


def _read(store: Store, data: dict[str, Any], name: str) -> tuple[Edit, str]:
    version = field(data, "version", "", int, required=True)
    if version > VERSION:
        raise errors.ImportFailedError(
            f"{name} was written by a newer Citeline (layout {version}; this one reads up "
            f"to {VERSION}): update Citeline to import it"
        )
    reader = _Reader(store)
    for table, read in (
        ("sources", reader.source),
        ("passages", reader.passage),
        ("lanes", reader.lane),
        ("eras", reader.era),
        ("people", reader.person),
        ("events", reader.event),
        ("quotes", reader.quote),
        ("notes", reader.note),
        ("dismissed_suggestions", reader.dismissed),
        ("dismissed_evidence", reader.dismissed_evidence),
    ):
        for path, record in records(data, table):
            read(path, record)
    if reader.ids.keep:
        project = field(data, "project", "", dict, default={})
        reader.changes.extend(_project_changes(store, project))
    return Edit(f"Import {name}", tuple(reader.changes)), reader.summary()


def _pages(s: dict[str, Any], path: str, text: str) -> list[int] | None:
    """A source's page starts, checked: whole numbers rising from 0 within its text."""
    pages = field(s, "pages", path, list)
    if pages is None:
        return None
    ok = all(isinstance(p, int) and not isinstance(p, bool) for p in pages)
    if not ok or not pages or pages[0] != 0 or pages != sorted(pages) or pages[-1] > len(text):
        raise Invalid(f"{path}.pages: not rising character offsets from 0 within the text")
    return list(pages)


def _original(s: dict[str, Any], path: str) -> dict[str, Any] | None:
    """A source's archived original, its bytes checked against its SHA-256."""
    original = field(s, "original", path, dict)
    if original is None:
        return None
    where = f"{path}.original"
    encoded = field(original, "base64", where, str, required=True)
    try:
        content = base64.b64decode(encoded, validate=True)
    except ValueError as e:
        raise Invalid(f"{where}.base64: not base64") from e
    digest = hashlib.sha256(content).hexdigest()
    if field(original, "sha256", where, str, default=digest) != digest:
        raise Invalid(f"{where}.sha256: does not match the bytes")
    return {
        "media_type": field(original, "media_type", where, str, default="application/octet-stream"),
        "sha256": digest,
        "size": len(content),
        "content": content,
    }


class _Reader:
    """Turns the records of a document into row inserts, table by table, parents first."""

    def __init__(self, store: Store) -> None:
        self.store = store
        empty = all(store.count(t) == 0 for t in (*_CONTENT_TABLES, "tags"))
        self.ids = _Ids(store, keep=empty)
        self.changes: list[RowChange] = []
        self.reused: list[str] = []
        self.stamp = now_iso()
        self.texts: dict[int, str] = {}
        self.by_sha = {r["sha256"]: r["id"] for r in store.query("SELECT id, sha256 FROM sources")}
        self.reused_sources: set[int] = set()
        self.lanes = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM lanes")}
        self.position = 1 + max((r["position"] for r in store.rows("lanes")), default=-1)
        self.eras = {(r["name"], r["date_edtf"]) for r in store.rows("eras")}
        self.people = {} if empty else {r["name"]: r["id"] for r in store.rows("people")}
        self.tags = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM tags")}
        self.dismissed_keys = {
            (r["source_id"], r["start"], r["end"]) for r in store.rows("dismissed_suggestions")
        }

    def stamps(self, obj: dict[str, Any], path: str, *keys: str) -> dict[str, str]:
        return {k: field(obj, k, path, str, default=self.stamp) for k in keys}

    def source(self, path: str, s: dict[str, Any]) -> None:
        old = _id(s, path)
        text: str = field(s, "text", path, str, required=True)
        if normalize_text(text) != text or not text.strip():
            raise Invalid(f"{path}.text: not a normalized, non-empty source text")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if field(s, "sha256", path, str, default=digest) != digest:
            raise Invalid(f"{path}.sha256: does not match the text (was the text edited?)")
        if digest in self.by_sha:
            existing = self.by_sha[digest]
            self.ids.reuse("sources", old, existing)
            self.reused_sources.add(existing)
            self.reused.append(f"source \u201c{field(s, 'title', path, str, default='')}\u201d")
            self.texts[existing] = text
            return
        pages = _pages(s, path, text)
        original = _original(s, path)
        new = self.ids.new("sources", old, path)
        self.by_sha[digest] = new
        self.texts[new] = text
        meta = (
            "outlet",
            "author",
            "url",
            "published",
            "language",
            "format",
            "filename",
            "final_url",
            "fetched_at",
        )
        row = {
            "id": new,
            "title": field(s, "title", path, str, required=True),
            **{k: field(s, k, path, str) for k in meta},
            "text": text,
            "sha256": digest,
            **self.stamps(s, path, "imported_at"),
            "pages": json.dumps(pages) if pages is not None else None,
            "original_sha256": original["sha256"] if original else None,
            "version": _version(s, path),
        }
        self.changes.append(insert("sources", row))
        if original:
            self.changes.append(insert("originals", {"source_id": new, **original}))

    def passage(self, path: str, p: dict[str, Any]) -> None:
        old = _id(p, path)
        source_id = self.ids.of("sources", p.get("source_id"), f"{path}.source_id")
        start: int = field(p, "start", path, int, required=True)
        end: int = field(p, "end", path, int, required=True)
        if not 0 <= start < end <= len(self.texts[source_id]):
            raise Invalid(f"{path}: {start}-{end} is not a span of its source's text")
        if source_id in self.reused_sources:
            found = self.store.rows(
                "passages", 'source_id = ? AND start = ? AND "end" = ?', [source_id, start, end]
            )
            if found:
                self.ids.reuse("passages", old, found[0]["id"])
                return
        row = {
            "id": self.ids.new("passages", old, path),
            "source_id": source_id,
            "start": start,
            "end": end,
            "exact": field(p, "exact", path, str, required=True),
            "prefix": field(p, "prefix", path, str, default=""),
            "suffix": field(p, "suffix", path, str, default=""),
            **self.stamps(p, path, "created_at"),
        }
        self.changes.append(insert("passages", row))

    def lane(self, path: str, lane: dict[str, Any]) -> None:
        old = _id(lane, path)
        name: str = field(lane, "name", path, str, required=True).strip()
        if not name:
            raise Invalid(f"{path}.name: a lane needs a name")
        if name in self.lanes:
            self.ids.reuse("lanes", old, self.lanes[name])
            return
        new = self.ids.new("lanes", old, path)
        self.lanes[name] = new
        # Into an empty project the order is the file's; otherwise new lanes go below.
        position = field(lane, "position", path, int, default=0) if self.ids.keep else None
        if position is None:
            position = self.position
            self.position += 1
        row = {"id": new, "name": name, "color": field(lane, "color", path, str)}
        self.changes.append(insert("lanes", {**row, "position": position}))

    def era(self, path: str, era: dict[str, Any]) -> None:
        old = _id(era, path)
        when = _date(era, path)
        name: str = field(era, "name", path, str, required=True)
        if (name, when.edtf) in self.eras:
            return
        self.eras.add((name, when.edtf))
        row = {
            "id": self.ids.new("eras", old, path),
            "name": name,
            "date_edtf": when.edtf,
            "date_earliest": when.earliest,
            "date_latest": when.latest,
            "color": field(era, "color", path, str),
        }
        self.changes.append(insert("eras", row))

    def person(self, path: str, person: dict[str, Any]) -> None:
        old = _id(person, path)
        name: str = field(person, "name", path, str, required=True)
        if name in self.people:
            self.ids.reuse("people", old, self.people[name])
            return
        row = {
            "id": self.ids.new("people", old, path),
            "name": name,
            "role": field(person, "role", path, str),
            "affiliation": field(person, "affiliation", path, str),
            "aliases": json.dumps(strings(person, "aliases", path), ensure_ascii=False),
            "version": _version(person, path),
        }
        self.changes.append(insert("people", row))

    def tag_ids(self, obj: dict[str, Any], path: str) -> list[int]:
        out = []
        for tag in dict.fromkeys(t.strip() for t in strings(obj, "tags", path) if t.strip()):
            if tag not in self.tags:
                self.tags[tag] = self.ids.fresh("tags")
                self.changes.append(insert("tags", {"id": self.tags[tag], "name": tag}))
            out.append(self.tags[tag])
        return out

    def lane_of(self, obj: dict[str, Any], path: str) -> int | None:
        old = obj.get("lane_id")
        return None if old is None else self.ids.of("lanes", old, f"{path}.lane_id")

    def event(self, path: str, ev: dict[str, Any]) -> None:
        old = _id(ev, path)
        title: str = field(ev, "title", path, str, required=True).strip()
        if not title:
            raise Invalid(f"{path}.title: an event needs a title")
        provenance = ev.get("provenance")
        if provenance is not None and not isinstance(provenance, str):
            provenance = json.dumps(provenance, ensure_ascii=False)
        eid = self.ids.new("events", old, path)
        row = {
            "id": eid,
            "title": title,
            "description": field(ev, "description", path, str, default=""),
            **items.date_columns(_date(ev, path)),
            "date_provenance": provenance,
            "lane_id": self.lane_of(ev, path),
            "importance": field(ev, "importance", path, int, default=0),
            "status": _status(field(ev, "status", path, str, default="unverified"), path),
            **self.stamps(ev, path, "created_at", "updated_at"),
            "version": _version(ev, path),
        }
        self.changes.append(insert("events", row))
        cited: set[int] = set()
        for epath, e in records(ev, "evidence", path):
            pid = self.ids.of("passages", e.get("passage_id"), f"{epath}.passage_id")
            if pid in cited:
                raise Invalid(f"{epath}.passage_id: the event cites this passage twice")
            cited.add(pid)
            stance = field(e, "stance", epath, str, default="supports")
            if stance not in STANCES:
                raise Invalid(f"{epath}.stance: {stance!r} is not one of {', '.join(STANCES)}")
            link = {"event_id": eid, "passage_id": pid, "stance": stance}
            self.changes.append(insert("evidence", link))
        linked: dict[int, None] = {}
        for n, who in enumerate(field(ev, "people", path, list, default=[])):
            ref = who.get("id") if isinstance(who, dict) else who
            linked[self.ids.of("people", ref, at(at(path, "people"), n))] = None
        for person_id in linked:
            self.changes.append(insert("event_people", {"event_id": eid, "person_id": person_id}))
        for tag_id in self.tag_ids(ev, path):
            self.changes.append(insert("event_tags", {"event_id": eid, "tag_id": tag_id}))
        for npath, note in records(ev, "notes", path):
            self.note(npath, {**note, "item_type": "event", "item_id": eid}, mapped=True)

    def quote(self, path: str, q: dict[str, Any]) -> None:
        old = _id(q, path)
        speaker, passage = q.get("speaker_id"), q.get("passage_id")
        qid = self.ids.new("quotes", old, path)
        row = {
            "id": qid,
            "text": field(q, "text", path, str, required=True),
            "speaker_id": None
            if speaker is None
            else self.ids.of("people", speaker, f"{path}.speaker_id"),
            **items.date_columns(_date(q, path)),
            "passage_id": None
            if passage is None
            else self.ids.of("passages", passage, f"{path}.passage_id"),
            "lane_id": self.lane_of(q, path),
            "verbatim": int(field(q, "verbatim", path, bool, default=True)),
            "status": _status(field(q, "status", path, str, default="unverified"), path),
            **self.stamps(q, path, "created_at", "updated_at"),
            "version": _version(q, path),
        }
        self.changes.append(insert("quotes", row))
        for tag_id in self.tag_ids(q, path):
            self.changes.append(insert("quote_tags", {"quote_id": qid, "tag_id": tag_id}))
        for npath, note in records(q, "notes", path):
            self.note(npath, {**note, "item_type": "quote", "item_id": qid}, mapped=True)

    def note(self, path: str, note: dict[str, Any], mapped: bool = False) -> None:
        """A note; ``mapped`` when it came inside its item, whose new id it already has."""
        old = _id(note, path)
        kind = field(note, "item_type", path, str, required=True)
        item_id = field(note, "item_id", path, int, required=True)
        if kind != "project" and not mapped:
            if kind not in _ITEM_TABLES:
                raise Invalid(f"{path}.item_type: {kind!r} is not a kind of item")
            item_id = self.ids.of(_ITEM_TABLES[kind], item_id, f"{path}.item_id")
        row = {
            "id": self.ids.new("notes", old, path),
            "item_type": kind,
            "item_id": item_id,
            "body": field(note, "body", path, str, default=""),
            **self.stamps(note, path, "created_at", "updated_at"),
        }
        self.changes.append(insert("notes", row))

    def dismissed(self, path: str, d: dict[str, Any]) -> None:
        key = (
            self.ids.of("sources", d.get("source_id"), f"{path}.source_id"),
            field(d, "start", path, int, required=True),
            field(d, "end", path, int, required=True),
        )
        if key not in self.dismissed_keys:
            self.dismissed_keys.add(key)
            row = {"source_id": key[0], "start": key[1], "end": key[2]}
            self.changes.append(insert("dismissed_suggestions", row))

    def dismissed_evidence(self, path: str, d: dict[str, Any]) -> None:
        row = {
            "event_id": self.ids.of("events", d.get("event_id"), f"{path}.event_id"),
            "source_id": self.ids.of("sources", d.get("source_id"), f"{path}.source_id"),
            "start": field(d, "start", path, int, required=True),
            "end": field(d, "end", path, int, required=True),
        }
        key = tuple(row.values())
        if key not in self.dismissed_keys:
            self.dismissed_keys.add(key)
            self.changes.append(insert("dismissed_evidence", row))

    def summary(self) -> str:
        made = {t: len(self.ids.maps.get(t, {})) for t in ("events", "quotes", "sources", "people")}
        text = (
            f"Citeline JSON: {count(made['events'], 'event')}, "
            f"{count(made['quotes'], 'quote')}, {count(made['sources'], 'source')}, "
            f"{count(made['people'], 'person', 'people')}"
        )
        if self.reused:
            text += f"; already in the project and reused: {', '.join(self.reused[:3])}"
            text += f" and {len(self.reused) - 3} more" if len(self.reused) > 3 else ""
        if not self.ids.keep:
            text += " (renumbered; project details kept)"
        return text


def _project_changes(store: Store, info: dict[str, Any]) -> list[RowChange]:
    changes: list[RowChange] = []
    for key, value in info.items():
        if key in _FILE_KEYS:
            continue
        if not isinstance(value, str):
            raise Invalid(f"project.{key}: expected text, found {type(value).__name__}")
        row = store.row("project", key)
        if row is None:
            changes.append(insert("project", {"key": key, "value": value}))
        elif row["value"] != value:
            changes.append(update("project", row, value=value))
    return changes
