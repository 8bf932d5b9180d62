"""First drafts of items made from passages: titles, sentences and dates."""

from __future__ import annotations

import datetime

from citeline.core import items
from citeline.core.excerpts import date_for_excerpt, sentence_around, title_from
from citeline.core.sources import read_source_bytes
from citeline.core.store import Store


def test_title_is_the_first_sentence_shortened() -> None:
    assert title_from("  First sentence here. Second one.") == "First sentence here."
    assert title_from("\u201cQuoted words,\u201d") == "Quoted words,"
    long = "word " * 60
    assert len(title_from(long)) <= 90 and title_from(long).endswith("\u2026")
    assert title_from("   ") == "Untitled event"


def test_sentence_around() -> None:
    text = "One thing. Then in November 2020 it changed. After."
    start = text.index("November")
    a, b = sentence_around(text, start, start + 13)
    assert text[a:b] == "Then in November 2020 it changed."
    assert text[slice(*sentence_around(text, 0, 3))] == "One thing."


def _store_with(text: str, header: str) -> tuple[Store, int, str]:
    store = Store.memory()
    edit, source_id = items.add_source(store, read_source_bytes((header + text).encode(), "a.txt"))
    store.apply(edit)
    body = store.rows("sources")[0]["text"]
    return store, source_id, body


def test_date_from_inside_the_passage_else_the_source() -> None:
    store, sid, body = _store_with(
        "The deal was signed in March 2021. Talks went on.\n", "Date: 2024-03-14\n\n"
    )
    first = (0, body.index(".") + 1)
    assert date_for_excerpt(store, sid, body, first)[0] == "2021-03"
    second = (body.index("Talks"), len(body))
    date, provenance = date_for_excerpt(store, sid, body, second)
    assert date == "2024-03-14" and provenance is not None and "source" in provenance["expression"]


def test_no_date_anywhere_means_today() -> None:
    store, sid, body = _store_with("Nothing dated happens here.\n", "")
    date, _ = date_for_excerpt(store, sid, body, (0, len(body)))
    assert date == datetime.date.today().isoformat()
