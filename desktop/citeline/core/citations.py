"""Numbered citations for a printed timeline: each item, and the passages that back it.

A picture of the timeline puts a small number by every item; the list made here says
what each number stands for (the item, its date and verification status, why its sources
disagree when they do, and for every passage the source's title, outlet and date with the
words quoted), so a printed timeline keeps its receipts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from citeline.core import queries
from citeline.core.derived import Facts
from citeline.core.errors import CitelineError
from citeline.core.pages import page_label
from citeline.core.store import Store


@dataclass(frozen=True)
class Receipt:
    """One passage backing an item: where it is from, and its words."""

    source: str
    outlet: str | None
    published: str | None
    quoted: str
    page: str = ""
    """Where the passage is in a source with pages ("p. 4"), else ""."""


@dataclass(frozen=True)
class Citation:
    """A numbered item with its date and its receipts."""

    number: int
    kind: str
    item_id: int
    text: str  # the event's title, or the speaker and the quote
    date_edtf: str
    receipts: tuple[Receipt, ...]
    status: str = "unverified"
    disagreement: tuple[str, ...] = ()
    """Why its sources disagree (an event's flag), with dates for reading; () if they agree."""


def citations(
    store: Store,
    numbers: dict[tuple[str, int], int],
    show: Callable[[str], str] = lambda edtf: edtf,
) -> list[Citation]:
    """The citation of every numbered item, in number order (``show`` writes the dates
    in the reasons of a flag)."""
    out = []
    facts = Facts(store)
    facts.conflicts(i for k, i in numbers if k == "event")
    sources: dict[int, tuple[str, str | None, str | None, tuple[int, ...] | None]] = {}

    def receipt(source_id: int, exact: str, start: int = 0, end: int = 0) -> Receipt:
        if source_id not in sources:
            try:
                s = queries.source(store, source_id)
                sources[source_id] = (s.title, s.outlet, s.published, s.pages)
            except CitelineError:
                sources[source_id] = ("(a deleted source)", None, None, None)
        title, outlet, published, pages = sources[source_id]
        page = page_label(pages, start, end)
        return Receipt(title, outlet, published, " ".join(exact.split()), page)

    for (kind, item_id), n in sorted(numbers.items(), key=lambda kv: kv[1]):
        if kind == "event":
            ev = queries.event(store, item_id)
            found = [
                receipt(e.passage.source_id, e.passage.exact, e.passage.start, e.passage.end)
                for e in queries.evidence(store, item_id)
            ]
            flag = facts.described(item_id, show)
            out.append(
                Citation(
                    n,
                    kind,
                    item_id,
                    ev.title,
                    ev.date_edtf,
                    tuple(found),
                    ev.status,
                    flag.reasons if flag else (),
                )
            )
        else:
            q = queries.quote(store, item_id)
            who = queries.speaker_name(store, q.speaker_id) if q.speaker_id else ""
            words = " ".join(q.text.split())
            text = f"{who}: \u201c{words}\u201d" if who else f"\u201c{words}\u201d"
            found = []
            if q.passage_id is not None:
                p = queries.passage(store, q.passage_id)
                r = receipt(p.source_id, p.exact, p.start, p.end)
                # A verbatim quote is its passage: say where it is from, not the words twice.
                found.append(
                    Receipt(r.source, r.outlet, r.published, "" if q.verbatim else r.quoted, r.page)
                )
            out.append(Citation(n, kind, item_id, text, q.date_edtf, tuple(found), q.status))
    return out


def receipt_text(r: Receipt) -> str:
    """A receipt as one line: “words” — Source, Outlet, date."""
    where = ", ".join(x for x in (r.source, r.outlet, r.published, r.page) if x)
    return f"\u201c{r.quoted}\u201d \u2014 {where}" if r.quoted else where
