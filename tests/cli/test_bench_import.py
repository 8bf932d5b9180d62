"""``citeline bench --import-html``: a generated page imported in a fresh process."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.cli import main
from citeline.commands.bench_import import write_page


def test_the_page_is_plain_paragraphs_of_the_size_asked(tmp_path: Path) -> None:
    size = write_page(tmp_path / "p.html", 0.5)
    assert 0.5 * 1024 * 1024 <= size < 0.52 * 1024 * 1024
    text = (tmp_path / "p.html").read_text()
    assert text.count("<p>") > 500 and "<article>" in text


def test_bench_import_html_reports_time_cpu_and_memory(capsys) -> None:
    assert main(["bench", "--import-html", "0.3"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["page_mb"] == 0.3 and result["text_chars"] > 250_000
    assert result["cpu_s"] > 0 and 0 < result["peak_mb"] < 500
    per_mb = result["cpu_s"] / result["page_mb"]
    assert abs(result["cpu_s_per_mb"] - per_mb) < 0.05 * per_mb + 0.01
