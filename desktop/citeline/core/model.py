"""The items a project holds, as plain dataclasses read from the store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from citeline.core.schema import STATUSES as STATUSES  # what an item's status can be

STANCES = ("supports", "contradicts", "mentions")


@dataclass(frozen=True)
class Source:
    """An imported document: its metadata and its normalized full text."""

    id: int
    title: str
    outlet: str | None
    author: str | None
    url: str | None
    published: str | None
    language: str | None
    sha256: str
    format: str | None
    filename: str | None
    imported_at: str
    final_url: str | None = None
    """For a source fetched by address: where it came from after redirects."""
    fetched_at: str | None = None
    """For a source fetched by address: when."""
    pages: tuple[int, ...] | None = None
    """Where each page starts in the text (the first is 0); None for a source without pages."""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Source:
        values = {k: row.get(k) for k in cls.__dataclass_fields__}
        pages = values.get("pages")
        values["pages"] = tuple(json.loads(pages)) if isinstance(pages, str) else pages
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Passage:
    """A span of a source's text, kept as a position and as a quote with its context."""

    id: int
    source_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Passage:
        return cls(
            row["id"],
            row["source_id"],
            row["start"],
            row["end"],
            row["exact"],
            row["prefix"],
            row["suffix"],
        )


@dataclass(frozen=True)
class Lane:
    """A labelled row of the timeline."""

    id: int
    name: str
    color: str | None
    position: int


@dataclass(frozen=True)
class Era:
    """A named span drawn as a background band."""

    id: int
    name: str
    date_edtf: str
    date_earliest: int
    date_latest: int
    color: str | None


@dataclass(frozen=True)
class Person:
    """Someone who speaks or acts in the sources."""

    id: int
    name: str
    role: str | None
    affiliation: str | None
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Person:
        return cls(
            row["id"],
            row["name"],
            row.get("role"),
            row.get("affiliation"),
            tuple(json.loads(row.get("aliases") or "[]")),
        )


@dataclass(frozen=True)
class Event:
    """Something that happened, with an honest date and the passages that show it."""

    id: int
    title: str
    description: str
    date_edtf: str
    date_precision: str
    date_earliest: int
    date_latest: int
    date_provenance: str | None
    lane_id: int | None
    importance: int
    tags: tuple[str, ...] = field(default=())
    status: str = "unverified"

    @classmethod
    def from_row(cls, row: dict[str, Any], tags: tuple[str, ...] = ()) -> Event:
        return cls(
            row["id"],
            row["title"],
            row["description"],
            row["date_edtf"],
            row["date_precision"],
            row["date_earliest"],
            row["date_latest"],
            row.get("date_provenance"),
            row.get("lane_id"),
            row.get("importance") or 0,
            tags,
            row.get("status") or "unverified",
        )


@dataclass(frozen=True)
class Quote:
    """Words someone said, verbatim from a passage of a source."""

    id: int
    text: str
    speaker_id: int | None
    date_edtf: str
    date_precision: str
    date_earliest: int
    date_latest: int
    passage_id: int | None
    lane_id: int | None
    verbatim: bool
    status: str = "unverified"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Quote:
        return cls(
            row["id"],
            row["text"],
            row.get("speaker_id"),
            row["date_edtf"],
            row["date_precision"],
            row["date_earliest"],
            row["date_latest"],
            row.get("passage_id"),
            row.get("lane_id"),
            bool(row.get("verbatim", 1)),
            row.get("status") or "unverified",
        )


@dataclass(frozen=True)
class Evidence:
    """A passage cited by an event, with its stance."""

    event_id: int
    passage: Passage
    stance: str


@dataclass(frozen=True)
class Note:
    """A markdown annotation on any item."""

    id: int
    item_type: str
    item_id: int
    body: str
    created_at: str
    updated_at: str
