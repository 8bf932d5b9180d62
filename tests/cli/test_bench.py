"""``citeline bench``: one JSON object with sane measurements (not timing targets)."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.cli import main
from citeline.core import queries
from citeline.core.edtf import parse_edtf
from citeline.core.store import Store

KEYS = {
    "events",
    "open_s",
    "first_paint_ms",
    "frame_ms_p50",
    "frame_ms_p95",
    "frame_ms_max",
    "rss_mb",
    "open_cpu_s",
    "frame_cpu_ms_p50",
    "frame_cpu_ms_p95",
    "frame_cpu_ms_max",
    "items_drawn_max",
    "search_ms",
    "file_mb",
}


def test_bench_prints_one_json_object_with_sane_figures(tmp_path: Path, capsys) -> None:
    kept = tmp_path / "bench.citeline"
    code = main(["bench", "--events", "2000", "--seed", "3", "--keep", str(kept)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.count("\n") == 1
    result = json.loads(out)
    assert set(result) >= KEYS
    assert result["events"] == 2000
    assert result["frames"] >= 60
    assert 0 < result["frame_ms_p50"] <= result["frame_ms_p95"] <= result["frame_ms_max"]
    assert result["open_s"] > 0 and result["first_paint_ms"] > 0 and result["rss_mb"] > 10
    # The zoom script reaches days, where items are drawn one by one.
    assert result["items_drawn_max"] > 0
    assert result["search_ms"] > 0 and result["file_mb"] > 0

    # The kept project is a real one: items, dated honestly, searchable, with evidence.
    store = Store.open(kept, read_only=True)
    try:
        assert store.count("events") == 2000 and store.count("quotes") == result["quotes"]
        assert len(queries.lanes(store)) == result["lanes"]
        for row in store.rows("events", "id % 97 = 0"):
            date = parse_edtf(row["date_edtf"])
            assert (date.earliest, date.latest) == (row["date_earliest"], row["date_latest"])
            assert queries.evidence(store, row["id"])
        word = store.rows("events", "id = 1")[0]["title"].split()[0]
        assert any(hit["kind"] == "event" for hit in store.search(word))
    finally:
        store.close()


def test_bench_refuses_to_overwrite_a_kept_file(tmp_path: Path, capsys) -> None:
    kept = tmp_path / "precious.citeline"
    kept.write_text("precious")
    assert main(["bench", "--events", "10", "--keep", str(kept)]) != 0
    assert kept.read_text() == "precious"


def test_bench_measures_an_existing_project(tmp_path: Path, capsys) -> None:
    kept = tmp_path / "kept.citeline"
    assert main(["bench", "--events", "300", "--keep", str(kept)]) == 0
    capsys.readouterr()
    assert main(["bench", "--project", str(kept)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["events"] == 300
    assert result["frames"] >= 60 and 0 < result["file_mb"] < 5
