"""The damage check on opening: whole for small files, header and samples for large ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citeline.core import catalog, damage, errors
from citeline.core.edits import Edit, insert
from citeline.core.store import Store, now_iso

PAGE = 4096


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project that opening treats as large: sampled, its events table above SMALL_ROWS."""
    monkeypatch.setattr(damage, "FULL_CHECK_BYTES", 0)
    monkeypatch.setattr(damage, "SMALL_ROWS", 500)
    path = tmp_path / "large.citeline"
    with Store.create(path) as store:
        store.apply(catalog.add_lane(store, "Lane")[0])
        stamp = now_iso()
        rows = [
            {"id": i, "title": f"Event {i} " + "x" * 300, "description": "", "date_edtf": "2020",
             "date_precision": "year", "date_earliest": 1_577_836_800 + i,
             "date_latest": 1_609_459_200 + i, "date_provenance": None, "lane_id": 1,
             "importance": 0, "created_at": stamp, "updated_at": stamp}
            for i in range(1, 3001)
        ]  # fmt: skip
        store.apply(Edit("fill", tuple(insert("events", r) for r in rows)))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _root(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(
            conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", [name]).fetchone()[0]
        )
    finally:
        conn.close()


def _scribble(path: Path, first_page: int, pages: int = 1) -> None:
    """Overwrite pages (numbered from 1) with a pattern no b-tree page has."""
    data = bytearray(path.read_bytes())
    for page in range(first_page, first_page + pages):
        start = (page - 1) * PAGE
        data[start : start + PAGE] = b"\xa5" * PAGE
    path.write_bytes(bytes(data))


def test_a_healthy_large_project_opens(large: Path) -> None:
    conn = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
    try:
        assert damage.check_on_open(conn, large) == "ok"
    finally:
        conn.close()
    Store.open(large).close()


def test_a_truncated_file_is_refused_by_its_header(large: Path) -> None:
    data = large.read_bytes()
    large.write_bytes(data[: len(data) - 3 * PAGE])
    with pytest.raises(errors.DamagedProjectError, match="damaged"):
        Store.open(large)


def test_a_damaged_root_of_a_large_table_is_refused(large: Path) -> None:
    _scribble(large, _root(large, "events"))
    with pytest.raises(errors.DamagedProjectError, match="damaged"):
        Store.open(large)


def test_damaged_leaves_of_a_large_table_are_met_by_the_samples(large: Path) -> None:
    # A run of pages in the middle of the events table: probes are spread over its keys.
    root = _root(large, "events")
    size = large.stat().st_size // PAGE
    _scribble(large, root + (size - root) // 3, 6)
    with pytest.raises(errors.DamagedProjectError, match="damaged"):
        Store.open(large)


def test_a_damaged_small_table_is_checked_whole(large: Path) -> None:
    _scribble(large, _root(large, "lanes"))
    with pytest.raises(errors.DamagedProjectError, match="damaged"):
        Store.open(large)
