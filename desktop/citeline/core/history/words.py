"""A history entry's changes in words a person reads:
"date: March 2021 → 8 April 2021 (set by hand)", "tags: + SMA, − deal", "created".

Values are shown as the app shows them (dates in words, lanes and people by name, a
status by its label); a date's provenance is said with the date when both changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from citeline.core.errors import DateError

if TYPE_CHECKING:
    from citeline.core.store import Store

Change = tuple[str, int, str, Any, Any]
#: ``names(kind, id)``: the name of a lane or person, or a passage's words (None when
#: unknown).
Names = Callable[[str, int], str | None]


def namer(store: Store) -> Names:
    """Names of lanes and people for a change's words, read once; a passage's words are
    read one at a time (a project may hold millions)."""
    lanes = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM lanes")}
    people = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM people")}

    def names(kind: str, item_id: int) -> str | None:
        if kind == "passage":
            row = store.row("passages", item_id)
            return str(row["exact"]) if row else None
        return (lanes if kind == "lane" else people).get(item_id)

    return names


#: Field names as a person says them.
FIELD_WORDS = {
    "date": "date",
    "date_provenance": "how the date was found",
    "lane": "lane",
    "speaker": "speaker",
    "passage": "passage",
    "text_sha256": "text",
    "importance": "importance",
    "original": "original",
    "dismissed": "dismissed suggestions",
    "dismissed_evidence": "dismissed evidence",
}
_STATUS_WORDS = {
    "unverified": "unverified",
    "confirmed": "confirmed",
    "disputed": "disputed",
    "needs-checking": "needs checking",
}


def short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def date_words(edtf: Any) -> str:
    """An EDTF date as the app writes it ("8 April 2021"), or the text as it is."""
    from citeline.core.dates.display import format_date

    try:
        return format_date(str(edtf), style="long")
    except (DateError, ValueError):
        return str(edtf)


def provenance_words(value: Any) -> str:
    """How a date was found, in a few words ("set by hand", "from “four months later”")."""
    if isinstance(value, dict):
        if value.get("set_by") == "hand":
            return "set by hand"
        expr = value.get("expression")
        if expr:
            return f"from \u201c{short(expr, 40)}\u201d"
    return "found in the source" if value else "none"


def value_words(name: str, value: Any, names: Names) -> str:
    """One field's value in words."""
    if value is None:
        return "none"
    if name == "date":
        return date_words(value)
    if name == "date_provenance":
        return provenance_words(value)
    if name == "status":
        return _STATUS_WORDS.get(str(value), str(value))
    if name in ("lane", "speaker") and isinstance(value, int):
        kind = "lane" if name == "lane" else "person"
        return names(kind, value) or f"{kind} {value}"
    if name == "people" and isinstance(value, list):
        return ", ".join(names("person", p) or f"person {p}" for p in value) or "none"
    if name == "verbatim":
        return "yes" if value else "no"
    if name in ("text_sha256", "original") and isinstance(value, str):
        return f"SHA-256 {value[:12]}\u2026"
    if isinstance(value, list):
        return ", ".join(_element(name, v, names) for v in value) or "none"
    if isinstance(value, str):
        return (
            f"\u201c{short(value)}\u201d"
            if name in ("title", "note", "text", "description")
            else short(value)
        )
    return short(str(value))


def _element(name: str, value: Any, names: Names) -> str:
    if name == "evidence" and isinstance(value, list) and len(value) == 2:
        words = names("passage", value[0])
        shown = f"\u201c{short(words, 40)}\u201d" if words else f"passage {value[0]}"
        return f"{shown} ({value[1]})"
    if name == "people" and isinstance(value, int):
        return names("person", value) or f"person {value}"
    if name == "dismissed" and isinstance(value, list) and len(value) == 2:
        return f"{value[0]}\u2013{value[1]}"
    if name == "dismissed_evidence" and isinstance(value, list) and len(value) == 3:
        return f"source {value[0]}, {value[1]}\u2013{value[2]}"
    return str(value)


def _list_change(name: str, before: Any, after: Any, names: Names) -> str | None:
    old = before if isinstance(before, list) else []
    new = after if isinstance(after, list) else []
    key = repr
    added = [v for v in new if key(v) not in {key(o) for o in old}]
    removed = [v for v in old if key(v) not in {key(n) for n in new}]
    parts = [f"+ {_element(name, v, names)}" for v in added]
    parts += [f"\u2212 {_element(name, v, names)}" for v in removed]
    return ", ".join(parts) if parts else None


#: Fields every item of a kind has: their coming or going is the item's.
_REQUIRED = ("title", "name", "text", "exact", "date", "text_sha256")


def item_lines(changes: Iterable[Change], names: Names) -> list[str]:
    """The changes of one item, a line per field (a date and its provenance in one)."""
    by_field = {c[2]: c for c in changes}
    main = next((by_field[f] for f in _REQUIRED if f in by_field), None)
    if main is not None and all(c[3] is None for c in by_field.values()):
        return ["created" + (f": \u201c{short(main[4])}\u201d" if main[2] != "date" else "")]
    if main is not None and all(c[4] is None for c in by_field.values()):
        return ["deleted" + (f": \u201c{short(main[3])}\u201d" if main[2] != "date" else "")]
    lines: list[str] = []
    for name, (_k, _i, _f, before, after) in sorted(by_field.items()):
        if name == "date_provenance" and "date" in by_field:
            continue
        words = FIELD_WORDS.get(name, name.replace("_", " "))
        if name in ("tags", "people", "evidence", "dismissed", "dismissed_evidence"):
            listed = _list_change(name, before, after, names)
            if listed:
                lines.append(f"{words}: {listed}")
            continue
        line = (
            f"{words}: {value_words(name, before, names)} \u2192 {value_words(name, after, names)}"
        )
        if name == "date" and "date_provenance" in by_field:
            line += f" ({provenance_words(by_field['date_provenance'][4])})"
        lines.append(line)
    return lines


def entry_lines(changes: Iterable[Change], names: Names) -> list[tuple[str, int, str]]:
    """(kind, item_id, line) for every change of an entry, grouped by item."""
    grouped: dict[tuple[str, int], list[Change]] = {}
    for change in changes:
        grouped.setdefault((change[0], change[1]), []).append(change)
    order = sorted(grouped, key=lambda item: (_ORDER.get(item[0], len(_ORDER)), item[1]))
    return [(kind, item_id, line) for kind, item_id in order
            for line in item_lines(grouped[(kind, item_id)], names)]  # fmt: skip


#: Items in an entry are told in this order: what the user acted on first.
_ORDER = {k: n for n, k in enumerate(("event", "quote", "source", "person", "lane", "era"))}


def item_name(kind: str, item_id: int) -> str:
    """How a change names its item ("event 7", "project")."""
    return kind if kind == "project" else f"{kind} {item_id}"


def summary_words(summary: dict[str, Any]) -> str:
    """A large edit's summary in one line ("events: 1,000,000 added (ids 1–1,000,000)")."""
    parts: list[str] = []
    for table, kinds in sorted(summary.get("tables", {}).items()):
        for what, detail in sorted(kinds.items()):
            text = f"{table}: {detail['rows']:,} {what}"
            ids = detail.get("ids") or []
            if ids:
                shown = ", ".join(f"{a:,}" if a == b else f"{a:,}\u2013{b:,}" for a, b in ids[:3])
                more = len(ids) - 3 + int(detail.get("more_ranges", 0))
                text += f" (ids {shown}{f' and {more} more ranges' if more > 0 else ''})"
            parts.append(text)
    origin = summary.get("origin")
    return (f"from {origin}: " if origin else "") + "; ".join(parts)
