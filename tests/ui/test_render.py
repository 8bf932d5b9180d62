"""Image exports drawn by the timeline's painter: SVG, PNG and PDF, whole or in part."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

from citeline.core import catalog, items
from citeline.core.calendar import instant
from citeline.core.errors import ExportError
from citeline.core.io import Selection, export
from citeline.core.sample import build_sample
from citeline.core.store import Store
from citeline.ui import render

LANES = ("US politics", "Negotiations", "South Korea", "Analysis")
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store.memory()
    build_sample(s)
    return s


def svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join(t for el in root.iter() for t in (el.text, el.tail) if t and t.strip())


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == len(re.findall(rb"/MediaBox", data))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


def test_svg_is_well_formed_with_lanes_items_eras_and_legend(qapp, store) -> None:
    text = svg_text(render.export_svg(Selection(store)))
    for name in LANES:
        assert text.count(name) >= 2  # the lane column and the legend
    assert DEAL in text
    assert "Trump administration" in text
    assert "Month or interval" in text and "Uncertain (?)" in text


def test_a_date_window_draws_that_window_only(qapp, store) -> None:
    window = Selection(store, start=instant(2024, 1, 1), end=instant(2025, 1, 1))
    text = svg_text(render.export_svg(window))
    assert "US presidential election" in text
    assert DEAL not in text  # March 2021
    assert "1 Jan 2024 – 31 Dec 2024" in text


def test_a_lane_selection_draws_those_lanes_only(qapp, store) -> None:
    text = svg_text(render.export_svg(Selection(store, lanes=("Analysis",))))
    assert "Analysis" in text and "Negotiations" not in text
    assert "Dan Pinkston" in text and DEAL not in text


def test_png_matches_the_requested_width_and_scale(qapp, store, tmp_path: Path) -> None:
    one = render.export_png(Selection(store), scale=1.0, width=1000)
    w1, h1 = png_size(one)
    assert w1 == 1000 and h1 > 200
    path = tmp_path / "t.png"
    two = render.export_png(Selection(store), path, scale=2.0, width=1000)
    assert path.read_bytes() == two
    w2, h2 = png_size(two)
    assert w2 == 2000 and abs(h2 - 2 * h1) <= 2


def test_an_absurdly_large_png_is_refused_before_anything_is_drawn(qapp, store) -> None:
    with pytest.raises(ExportError, match="too large"):
        render.export_png(Selection(store), scale=16.0, width=20_000)
    with pytest.raises(ExportError, match="scale"):
        render.export_png(Selection(store), scale=0.0)


@pytest.mark.parametrize(("page", "size"), [("A4", (842, 595)), ("Letter", (792, 612))])
def test_pdf_pages_are_landscape_and_split_the_time_range(qapp, store, page, size) -> None:
    # The timeline on one page, then its numbered citations.
    pages = pdf_pages(render.export_pdf(Selection(store), page=page))
    assert len(pages) >= 2
    assert all(p == pytest.approx(size, abs=1) for p in pages)
    three = pdf_pages(render.export_pdf(Selection(store), page=page, pages=3))
    assert len(three) == len(pages) + 2 and all(p == pytest.approx(size, abs=1) for p in three)


def test_a_crowded_project_gets_more_pages(qapp) -> None:
    s = Store.memory()
    edit, lane = catalog.add_lane(s, "Wire")
    s.apply(edit)
    for n in range(120):
        month, day = divmod(n, 28)
        date = f"2020-{month + 1:02d}-{day + 1:02d}"
        s.apply(items.add_event(s, title=f"Report {n}", date=date, lane_id=lane)[0])
    assert len(pdf_pages(render.export_pdf(Selection(s)))) >= 3


def test_korean_names_are_printed_with_an_embedded_cjk_font(qapp, store) -> None:
    if "Noto Sans CJK KR" not in QFontDatabase.families():
        pytest.skip("no CJK font installed")
    s = Store.memory()
    edit, lane = catalog.add_lane(s, "한국 정치")
    s.apply(edit)
    s.apply(items.add_event(s, title="총선", date="2024-04-10", lane_id=lane)[0])
    data = render.export_pdf(Selection(s))
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+NotoSansCJK", data)
    assert "한국 정치" in svg_text(render.export_svg(Selection(s)))


def test_the_export_registry_writes_images_through_these_functions(qapp, store, tmp_path) -> None:
    out = tmp_path / "timeline.png"
    export(store, "png", out)
    assert png_size(out.read_bytes())[0] == render.EXPORT_WIDTH * 2
    assert export(store, "svg").startswith("<?xml")


def test_an_empty_project_is_refused_with_a_clear_message(qapp) -> None:
    with pytest.raises(ExportError, match="nothing to draw"):
        render.export_svg(Selection(Store.memory()))
