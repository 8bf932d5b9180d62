"""Every export format from the sample project, through the one registry, checked by parsing."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from citeline.core import errors, queries
from citeline.core.dates import parse_date
from citeline.core.io import EXPORTERS, Selection, export, exporter, format_for_path, select
from citeline.core.io.selection import gather
from citeline.core.sample import build_sample
from citeline.core.store import Store

TEXT_FORMATS = ("json", "csv", "markdown", "html", "timelinejs", "annotations")


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store.memory()
    build_sample(s)
    return s


def test_registry_lists_every_format_with_suffix_and_stdout_rule() -> None:
    assert set(EXPORTERS) >= {*TEXT_FORMATS, "svg", "png", "pdf"}
    for name, spec in EXPORTERS.items():
        assert spec.name == name and spec.suffix.startswith(".")
        assert ":" in spec.target
    assert not EXPORTERS["png"].to_stdout and not EXPORTERS["pdf"].to_stdout
    assert all(EXPORTERS[f].to_stdout for f in TEXT_FORMATS)
    # The image formats are drawn by the app's painter, named but not imported by the core.
    assert EXPORTERS["svg"].target == "citeline.ui.render:export_svg"
    assert "citeline.ui.render" not in sys.modules or "PySide6" in sys.modules


def test_unknown_format_and_binary_to_stdout_are_errors(store: Store) -> None:
    with pytest.raises(errors.ExportError, match=r"unknown export format .*choose one of json"):
        export(store, "docx")
    with pytest.raises(errors.ExportError, match="binary format"):
        export(store, "png")
    assert exporter(" JSON ").name == "json"
    assert format_for_path(Path("x.md")) == "markdown"
    with pytest.raises(errors.ExportError, match="give --format"):
        format_for_path(Path("x.docx"))


def test_json_parses_and_holds_every_item(store: Store) -> None:
    doc = json.loads(export(store, "json"))
    assert len(doc["events"]) == store.count("events")
    assert len(doc["quotes"]) == store.count("quotes")


def test_csv_parses_with_one_row_per_item(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(str(export(store, "csv")), newline="")))
    items = [r for r in rows if r["kind"] in ("event", "quote")]
    assert len(items) == store.count("events") + store.count("quotes")


def test_markdown_has_a_heading_per_date_and_a_footnote_per_passage(store: Store) -> None:
    md = str(export(store, "markdown"))
    chronology = gather(Selection(store))
    assert md.startswith(f"# {chronology.title.split(' ')[0]}")
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert len(headings) == len(set(headings)) > 3
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    notes = set(re.findall(r"^\[\^(\d+)\]: ", md, re.M))
    assert refs == notes and len(notes) == store.count("passages")
    assert md.count("\n> \u2014 ") == store.count("quotes")  # each quote with its speaker
    assert "\u201cSeoul named Lee Taw-woo, a career diplomat" in md


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_mark = tag == "mark"
        if self._in_mark:
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def test_html_shows_each_passage_in_context_without_script(store: Store) -> None:
    page = _Collect()
    page.feed(str(export(store, "html")))
    names = [t for t, _ in page.tags]
    assert names.count("script") == 1 and "link" not in names
    assert names.count("article") == store.count("events") + store.count("quotes")
    exact = {p["exact"] for p in store.rows("passages")}
    assert set(page.marks) == exact
    assert names.count("mark") == store.count("evidence") + store.count("quotes")


def test_annotations_are_web_annotation_json_ld(store: Store) -> None:
    doc = json.loads(export(store, "annotations"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    annotations = doc["first"]["items"]
    assert doc["total"] == len(annotations) == store.count("evidence") + store.count("quotes")
    text = store.rows("sources")[0]["text"]
    for a in annotations:
        assert a["type"] == "Annotation"
        quote, position = a["target"]["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert a["body"][0]["purpose"] == "describing"
        assert a["body"][0]["id"].startswith(("urn:citeline:event:", "urn:citeline:quote:"))


def test_date_window_keeps_items_that_overlap_it(store: Store) -> None:
    selection = select(store, date_from="2021", date_to="2021")
    start, end = parse_date("2021").earliest, parse_date("2021").latest
    chosen = gather(selection).items
    assert chosen
    assert all(i.date.latest > start and i.date.earliest < end for i in chosen)
    everything = gather(Selection(store)).items
    outside = [i for i in everything if i not in chosen]
    assert outside and all(i.date.latest <= start or i.date.earliest >= end for i in outside)
    # The 2017-2021 presidency overlaps 2021, so it is in.
    assert any(i.date.interval and i.date.earliest < start for i in chosen)


def test_lane_filter_and_its_errors(store: Store) -> None:
    selection = select(store, lanes="Analysis, South Korea")
    lanes = {lane.id: lane.name for lane in queries.lanes(store)}
    chosen = gather(selection).items
    assert chosen and {lanes[i.lane_id] for i in chosen if i.lane_id} == {"Analysis", "South Korea"}
    with pytest.raises(errors.ExportError, match="no lane named \u201cNope\u201d"):
        select(store, lanes="Analysis,Nope")
    with pytest.raises(errors.ExportError, match="could not understand"):
        select(store, date_from="Marchtember")
    with pytest.raises(errors.ExportError, match="empty"):
        select(store, date_from="2022", date_to="2021")


def test_every_text_format_writes_a_file_atomically(store: Store, tmp_path: Path) -> None:
    for fmt in TEXT_FORMATS:
        out = tmp_path / f"out{EXPORTERS[fmt].suffix}"
        data = export(store, fmt, out)
        assert out.read_bytes() == str(data).encode("utf-8")
    assert not list(tmp_path.glob(".*exporting"))
    with pytest.raises(errors.ExportError, match="does not exist"):
        export(store, "csv", tmp_path / "missing" / "x.csv")
