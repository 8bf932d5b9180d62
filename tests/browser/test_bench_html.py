"""``citeline bench --html``: the page of a synthetic project measured in Chromium."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from citeline.cli import main
from tests.browser.conftest import CHROMIUM


@pytest.mark.slow
def test_bench_html_prints_the_pages_size_and_speed(capsys: pytest.CaptureFixture[str]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    assert main(["bench", "--html", "--events", "40", "--seed", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["events"] == 40 and 0.01 < result["file_mb"] < 1.0
    assert 0 < result["interactive_ms"] <= result["interactive_ms_max"]
    assert result["zoom_steps"] == 60
    assert 0 < result["zoom_frame_ms_p50"] <= result["zoom_frame_ms_p95"]
    assert result["zoom_frame_ms_p95"] <= result["zoom_input_ms_p95"] + 0.1
    assert 0 < result["zoom_cpu_ms_p50"] <= result["zoom_cpu_ms_p95"]
    assert result["pan_steps"] == 60 and 0 < result["pan_cpu_ms_p50"] <= result["pan_cpu_ms_p95"]
    assert result["interactive_cpu_ms"] > 0
    assert result["items_drawn_at_fit"] > 0 and result["chromium"]


def test_bench_html_without_a_browser_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from citeline.commands import bench_html

    monkeypatch.setattr(bench_html, "CHROMIUM", tmp_path / "no-such-chromium")
    assert main(["bench", "--html", "--events", "5"]) != 0
    err = capsys.readouterr().err
    assert "no Chromium at" in err and err.count("\n") == 1


def test_one_quick_measurement_of_a_small_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The short version of the above: one load, six zoom steps, four pan steps."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from citeline.commands import bench, bench_html

    monkeypatch.setattr(bench_html, "ZOOM_STEPS", 6)
    monkeypatch.setattr(bench_html, "PAN_STEPS", 4)
    project = tmp_path / "small.citeline"
    bench.generate(project, 30, seed=4)
    # In a thread of its own: Playwright's sync API refuses a thread where another test's
    # browser already runs an event loop.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(bench_html.measure_html, project, tmp_path, 1).result()
    assert result["zoom_steps"] == 6 and result["items_drawn_at_fit"] > 0
    assert result["interactive_ms"] > 0 and result["zoom_cpu_ms_p95"] > 0
    assert result["pan_steps"] == 4 and 0 < result["pan_cpu_ms_p50"] <= result["pan_cpu_ms_p95"]
    assert result["rest_cpu_ms"] > 0  # the buttons follow once the zooming stops
