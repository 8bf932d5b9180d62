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
#: The tail of the frames, for zoom steps and pan steps apart, wall and CPU time.
TAIL = {
    f"{kind}_{clock}_{figure}"
    for kind in ("zoom", "pan")
    for clock in ("ms", "cpu_ms")
    for figure in ("p50", "p95", "p99", "max", "over_8_3", "over_16_7")
}


def test_bench_prints_one_json_object_with_sane_figures(tmp_path: Path, capsys) -> None:
    kept = tmp_path / "bench.citeline"
    code = main(["bench", "--events", "2000", "--seed", "3", "--keep", str(kept)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.count("\n") == 1
    result = json.loads(out)
    assert set(result) >= KEYS | TAIL
    assert "profile" not in result  # only asked for with --profile
    assert result["events"] == 2000
    for kind in ("zoom", "pan"):
        for clock in ("ms", "cpu_ms"):
            p = f"{kind}_{clock}"
            assert 0 < result[f"{p}_p50"] <= result[f"{p}_p95"] <= result[f"{p}_p99"]
            assert result[f"{p}_p99"] <= result[f"{p}_max"]
            assert 0 <= result[f"{p}_over_16_7"] <= result[f"{p}_over_8_3"] <= 1
    # The all-frames figures cover both: their max is the larger of the two.
    assert result["frame_ms_max"] == max(result["zoom_ms_max"], result["pan_ms_max"])
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


def test_bench_profile_breaks_frames_down_by_phase(tmp_path: Path, capsys) -> None:
    from citeline.commands.bench_profile import PHASES

    kept = tmp_path / "kept.citeline"
    assert main(["bench", "--events", "1500", "--keep", str(kept)]) == 0
    capsys.readouterr()
    assert main(["bench", "--project", str(kept), "--profile"]) == 0
    result = json.loads(capsys.readouterr().out)
    profile = result["profile"]
    for kind in ("zoom", "pan", "all"):
        assert set(profile[kind]) == set(PHASES)
        for figures in profile[kind].values():
            assert 0 <= figures["cpu_p50"] <= figures["cpu_p95"] <= figures["cpu_max"]
    # Frames spend time composing and painting; the overview strip is painted too.
    every = profile["all"]
    assert every["paint static"]["cpu_max"] > 0 and every["overview"]["cpu_max"] > 0
    assert every["queries"]["cpu_max"] > 0 and every["text"]["cpu_max"] > 0
    groups = profile["slow_vs_fast"]
    assert groups["slow"]["frames"] + groups["fast"]["frames"] == result["frames"]
    for frame in profile["slow_frames"]:
        assert frame["cpu_ms"] > 8.3 and frame["kind"] in ("zoom", "pan")
        assert {phase for phase, _ in frame["top"]} <= set(PHASES)
    # The script drawn again, everything kept: its own tail, zoom and pan apart.
    # And once more without pixels to fill (a 2×2 image).
    for kind in ("zoom", "pan"):
        for what in ("steady", "unpainted"):
            got = [profile[f"{what}_{kind}_cpu_ms_{q}"] for q in ("p50", "p95", "p99", "max")]
            assert 0 < got[0] <= got[1] <= got[2] <= got[3]
            assert 0 <= profile[f"{what}_{kind}_cpu_ms_over_8_3"] <= 1


def test_phases_add_up_to_the_time_measured(monkeypatch) -> None:
    # Each moment goes to exactly one phase, the innermost running (on a scripted
    # clock, so a loaded machine cannot blur the figures).
    from citeline.commands import bench_profile
    from citeline.commands.bench_profile import PhaseClock

    now = [100.0]
    monkeypatch.setattr(bench_profile.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(bench_profile.time, "thread_time", lambda: now[0] / 2)
    clock = PhaseClock()
    clock.start("compose")
    now[0] += 0.005
    clock.enter("queries")
    now[0] += 0.020
    clock.enter("text")
    now[0] += 0.010
    clock.leave()
    now[0] += 0.003
    clock.leave()
    now[0] += 0.002
    wall, cpu = clock.stop()
    assert round(wall["queries"], 6) == 23.0 and round(wall["text"], 6) == 10.0
    assert round(wall["compose"], 6) == 7.0
    assert round(sum(wall.values()), 6) == 40.0
    assert round(cpu["text"], 6) == 5.0
