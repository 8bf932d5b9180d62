"""Exports of a 100,000-event project complete in seconds (run with ``-m slow``)."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest

from citeline.core import items
from citeline.core.edits import Edit, RowChange, insert
from citeline.core.edtf import parse_edtf
from citeline.core.io import export
from citeline.core.sources import SourceDraft
from citeline.core.store import Store

N = 100_000


def large_project(n: int = N) -> Store:
    """A project of ``n`` events in four lanes, every tenth citing a passage, built as one edit."""
    store = Store.memory()
    text = " ".join(f"Sentence {i} of the article." for i in range(2000))
    import hashlib

    draft = SourceDraft(
        "Wire story",
        text,
        "Agency",
        None,
        "https://example.org/a",
        "2024-03-14",
        "en",
        hashlib.sha256(text.encode()).hexdigest(),
        "txt",
        "a.txt",
    )
    edit, source_id = items.add_source(store, draft)
    store.apply(edit)
    changes: list[RowChange] = []
    for lane in range(4):
        changes.append(
            insert(
                "lanes", {"id": lane + 1, "name": f"Lane {lane}", "color": None, "position": lane}
            )
        )
    changes.append(insert("tags", {"id": 1, "name": "wire"}))
    for p in range(200):
        start = text.index(f"Sentence {p} ")
        changes.append(
            insert(
                "passages",
                {
                    "id": p + 1,
                    "source_id": source_id,
                    "start": start,
                    "end": start + 12,
                    "exact": text[start : start + 12],
                    "prefix": text[max(0, start - 32) : start],
                    "suffix": text[start + 12 : start + 44],
                    "created_at": "2024-03-14T00:00:00Z",
                },
            )
        )
    dates = [
        parse_edtf(f"{1900 + d % 120}-{1 + d % 12:02d}" + ("" if d % 3 else "-15"))
        for d in range(720)
    ]
    for i in range(1, n + 1):
        d = dates[i % len(dates)]
        changes.append(
            insert(
                "events",
                {
                    "id": i,
                    "title": f"Event {i} <b>bold</b> =1+1",
                    "description": "Something happened.",
                    **items.date_columns(d),
                    "date_provenance": None,
                    "lane_id": 1 + i % 4,
                    "importance": i % 3,
                    "created_at": "2024-03-14T00:00:00Z",
                    "updated_at": "2024-03-14T00:00:00Z",
                },
            )
        )
    for i in range(10, n + 1, 10):
        changes.append(
            insert("evidence", {"event_id": i, "passage_id": 1 + i % 200, "stance": "supports"})
        )
        changes.append(insert("event_tags", {"event_id": i, "tag_id": 1}))
    store.apply(Edit("large", tuple(changes)))
    return store


@pytest.mark.slow
def test_exports_of_100k_events_complete() -> None:
    t0 = time.perf_counter()
    store = large_project()
    timings = {"build": time.perf_counter() - t0}
    outputs = {}
    for fmt in ("json", "csv", "markdown", "timelinejs", "html", "annotations"):
        t0 = time.perf_counter()
        outputs[fmt] = str(export(store, fmt))
        timings[fmt] = time.perf_counter() - t0
    print("\n" + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
    assert len(json.loads(outputs["json"])["events"]) == N
    assert len(json.loads(outputs["timelinejs"])["events"]) == N
    rows = list(csv.reader(io.StringIO(outputs["csv"], newline="")))
    assert len(rows) == N + 1
    assert outputs["markdown"].count("**Event ") == N
    for fmt in ("json", "csv", "markdown", "timelinejs"):
        assert timings[fmt] < 60, (fmt, timings[fmt])
