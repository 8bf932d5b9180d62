"""Picture exports hold every item: all titles, no "more" badge, numbered citations."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeline.cli import cli
from citeline.core import queries
from citeline.core.store import Store
from citeline.ui.app import build_window

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed"
)


def words(text: str) -> str:
    return " ".join(text.split())


def expected(store: Store) -> tuple[list[str], list[str]]:
    """The sample's event titles (whole) and its quotes' first words with their speakers."""
    titles = [r["title"] for r in store.rows("events")]
    quotes = []
    for r in store.rows("quotes"):
        who = queries.speaker_name(store, r["speaker_id"])
        quotes.append(f"{who}: \u201c{words(r['text'])[:20]}")
    return titles, quotes


def svg_text(path: Path) -> str:
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    return words(" ".join(t for el in root.iter() for t in (el.text, el.tail) if t))


def pdf_text(path: Path) -> str:
    assert PDFTOTEXT is not None
    out = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True)
    return words(out.stdout.replace("\ufb01", "fi").replace("\ufb00", "ff"))


def check_holds_everything(text: str, store: Store, pdf: bool) -> None:
    titles, quotes = expected(store)
    assert len(titles) + len(quotes) == 25
    for title in titles:
        assert words(title) in text, title
    for start in quotes:
        assert start in text, start
    assert not re.search(r"\+\d+ more", text)
    # Every item carries a citation number: 1 to 25 are all printed.
    numbers = {int(n) for n in re.findall(r"\b(\d{1,2})\b", text)}
    assert set(range(1, 26)) <= numbers
    if pdf:
        # The numbered citations close the document, with their receipts.
        tail = text[text.index("Citations") :]
        for n in (1, 13, 25):
            assert f"{n}. " in tail
        assert "DW, 2024-03-14" in tail


@pytest.fixture
def sample(sample_path: Path) -> Store:
    store = Store.open(sample_path, read_only=True)
    yield store
    store.close()


def test_the_cli_svg_of_the_sample_holds_all_25_titles(qapp, sample_path, sample, tmp_path) -> None:
    out = tmp_path / "t.svg"
    result = CliRunner().invoke(
        cli, ["export", str(sample_path), "--format", "svg", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    check_holds_everything(svg_text(out), sample, pdf=False)


@needs_pdftotext
def test_the_cli_pdf_of_the_sample_holds_all_25_titles_and_citations(
    qapp, sample_path, sample, tmp_path
) -> None:
    out = tmp_path / "t.pdf"
    result = CliRunner().invoke(
        cli, ["export", str(sample_path), "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    check_holds_everything(pdf_text(out), sample, pdf=True)


@needs_pdftotext
def test_a_pdf_split_in_parts_still_holds_every_title_once(qapp, sample, tmp_path) -> None:
    from citeline.core.io import Selection
    from citeline.ui import render

    out = tmp_path / "t.pdf"
    render.export_pdf(Selection(sample), out, pages=3)
    text = pdf_text(out)
    check_holds_everything(text, sample, pdf=True)
    drawing = text[: text.index("Citations")]
    titles = [words(t) for t in expected(sample)[0]]
    for title in titles:
        inside = sum(title in other for other in titles if other != title)
        assert drawing.count(title) == 1 + inside, title
    assert "part 3 of 3" in drawing


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_file_export_from_the_window_holds_all_25_titles(
    qtbot, sample_path, sample, tmp_path, fmt
) -> None:
    if fmt == "pdf" and PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    win = build_window(sample_path)
    qtbot.addWidget(win)
    out = tmp_path / f"t.{fmt}"
    win.files.export_to(fmt, out)
    qtbot.waitUntil(out.exists, timeout=20000)
    text = svg_text(out) if fmt == "svg" else pdf_text(out)
    check_holds_everything(text, sample, pdf=fmt == "pdf")
    win.close()


def test_the_heading_states_the_range_drawn(qapp, sample) -> None:
    from citeline.core.io import Selection
    from citeline.ui import render
    from citeline.ui.timeline.tooltips import day_text

    ex = render._prepare(Selection(sample))
    render._widen(ex, 1000)
    ex.numbers = render._numbers(ex)
    frame = render._fitted(ex, ex.start, ex.end, 1200.0)
    heading = render._subtitle(frame, len(frame.drawn))
    assert heading.startswith(f"{day_text(frame.scale.start)} – {day_text(frame.scale.end - 1)}")
    first = min(r["date_earliest"] for r in sample.rows("events"))
    assert frame.scale.start <= first
