"""File › Export as a web page: the same interactive page as ``citeline export``."""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_window import DEAL

from citeline.core.io.html_page import assets


def test_file_export_writes_the_interactive_page(qtbot, window, tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    assert window.files.export_to("html", out) is not None
    qtbot.waitUntil(out.exists, timeout=10000)
    page = out.read_text(encoding="utf-8")
    script, _ = assets()
    assert f"<script>{script}</script>" in page and page.count("<script") == 1
    assert DEAL in page and 'id="timeline"' in page and 'data-tl="' in page
