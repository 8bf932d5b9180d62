"""``citeline bench --suggest``: one JSON object with sane figures (not timing targets)."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.cli import main
from citeline.commands import bench_suggest
from citeline.core.store import Store


def test_bench_suggest_prints_its_figures(capsys) -> None:
    code = main(["bench", "--suggest", "--events", "60", "--seed", "2"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["events"] == 60 and result["sources"] == 6
    keys = ("index_build_cpu_s", "new_source_cpu_s", "one_event_cpu_ms", "whole_project_cpu_s")
    for key in (*keys, "later_source_cpu_s"):
        assert 0 <= result[key] < 120, key
    assert result["new_source_words"] >= 5000
    assert result["whole_project_proposals"] > 0 and result["new_source_proposals"] > 0
    assert 0 < result["rss_after_index_mb"] <= result["peak_rss_mb"]


def test_the_synthetic_project_cites_a_sentence_per_event(tmp_path: Path) -> None:
    path = tmp_path / "p.citeline"
    new_text = bench_suggest.generate(path, 30, 3, 800, seed=5)
    assert len(new_text.split()) >= 800
    with Store.open(path, read_only=True) as store:
        assert store.count("events") == 30 and store.count("sources") == 3
        for row in store.query(
            'SELECT p.start, p."end", p.exact, s.text FROM passages p '
            "JOIN sources s ON s.id = p.source_id"
        ):
            assert row["text"][row["start"] : row["end"]] == row["exact"]
        assert store.integrity() == "ok"
