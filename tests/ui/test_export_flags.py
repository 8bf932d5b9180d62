"""Pictures of the timeline draw an event's flag on it, and the PDF's numbered citations
give every item's status and, for a flagged event, why its sources disagree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.core.test_conflicts import SIGNED, add_second_article, cite, deal_id, store  # noqa: F401

from citeline.core.io import Selection, export
from citeline.ui import render


def test_the_picture_draws_the_flag_on_the_item(qapp, store) -> None:  # noqa: F811
    deal = deal_id(store)
    ex = render._prepare(Selection(store))
    frame = render._fitted(ex, ex.start, ex.end, 1600.0)
    assert not frame.find("event", deal).item.flagged
    cite(store, deal, add_second_article(store), SIGNED)
    ex = render._prepare(Selection(store))  # a fresh process: no source read yet
    frame = render._fitted(ex, ex.start, ex.end, 1600.0)
    flagged = {d.item.id for d in frame.drawn if d.item.flagged}
    assert flagged == {deal}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_pdf_citations_give_status_and_reason(qapp, store, tmp_path: Path) -> None:  # noqa: F811
    deal = deal_id(store)
    cite(store, deal, add_second_article(store), SIGNED)
    out = tmp_path / "t.pdf"
    export(store, "pdf", out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert (
        "Seoul and the Biden administration sign a new cost-sharing deal (Mar 2021) · unverified"
        in flat.replace("\ufb01", "fi")
    )
    assert (
        "⚑ Sources disagree: a source gives 8 Apr 2021, outside the event's date Mar 2021" in flat
    )
    assert flat.count("Sources disagree:") == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdf_axis_ends_near_the_last_item(qapp, store, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "t.pdf"
    export(store, "pdf", out)
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True
    ).stdout
    # the sample's last item is the November 2024 election: the range drawn ends in the
    # months after it, not years later
    line = next(x for x in first.splitlines() if "events and quotes" in x)
    end = line.split("\u2013")[1].split("\u00b7")[0].split()
    assert int(end[-1]) <= 2025, line


def test_svg_and_png_end_with_the_numbered_citations(qapp, store) -> None:  # noqa: F811
    deal = deal_id(store)
    before = render.export_png(Selection(store))
    cite(store, deal, add_second_article(store), SIGNED)
    svg = export(store, "svg")
    assert isinstance(svg, str) and ">Citations<" in svg
    reason = "Sources disagree: a source gives 8 Apr 2021, outside the event's date Mar 2021"
    assert svg.count(reason) == 1
    assert svg.count("\u00b7 unverified") == 25  # every numbered item says its status
    # the PNG grows by the reason's line and the new passage
    after = render.export_png(Selection(store))
    assert _png_height(after) > _png_height(before)


def _png_height(data: bytes) -> int:
    return int.from_bytes(data[20:24], "big")
