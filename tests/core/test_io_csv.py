"""CSV: rows a spreadsheet cannot run, and an import that reports bad rows by line number."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeline.core import errors, items
from citeline.core.importing import read_file
from citeline.core.io import export
from citeline.core.io.csv_items import COLUMNS
from citeline.core.io.text import FORMULA_STARTS, neutralize_cell, restore_cell
from citeline.core.sample import build_sample
from citeline.core.schema import TABLES
from citeline.core.store import Store


def sample() -> Store:
    store = Store.memory()
    build_sample(store)
    return store


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_sample_exports_one_row_per_item_plus_further_evidence() -> None:
    store = sample()
    rows = rows_of(export(store, "csv"))
    assert list(rows[0]) == list(COLUMNS)
    kinds = [r["kind"] for r in rows]
    assert kinds.count("event") == store.count("events")
    assert kinds.count("quote") == store.count("quotes")
    assert kinds.count("evidence") == store.count("evidence") - store.count("events")
    text = store.rows("sources")[0]["text"]
    for r in rows:
        assert text[int(r["passage_start"]) : int(r["passage_end"])] == r["passage"]
    deal = next(r for r in rows if r["title"].startswith("Seoul and the Biden"))
    assert (deal["date"], deal["display_date"], deal["precision"]) == (
        "2021-03",
        "Mar 2021",
        "month",
    )
    assert (deal["earliest"], deal["latest"]) == ("2021-03-01", "2021-03-31")
    assert deal["lane"] == "Negotiations" and "SMA" in deal["tags"].split("; ")
    assert deal["source_title"] and deal["outlet"] == "DW" and deal["published"] == "2024-03-14"
    quote = next(r for r in rows if r["kind"] == "quote")
    assert quote["speaker"] and quote["passage"].find(quote["title"]) >= 0


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formula_cells_are_neutralized_reversibly(start: str) -> None:
    value = f"{start}cmd|' /C calc'!A0"
    cell = neutralize_cell(value)
    assert cell.startswith("'") and restore_cell(cell) == value


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab한\u202e"), max_size=8))
def test_neutralizing_is_reversible_for_any_text(value: str) -> None:
    cell = neutralize_cell(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert restore_cell(cell) == value


def test_export_then_import_gives_the_same_items(tmp_path: Path) -> None:
    original = sample()
    edit, _ = items.add_event(
        original,
        title='=HYPERLINK("http://x")',
        date="-0044-03-15",
        description="-5 degrees\n+ more",
        tags=["@home"],
    )
    original.apply(edit)
    path = tmp_path / "items.csv"
    export(original, "csv", path)
    copy = Store.memory()
    source = original.rows("sources")[0]
    copy.db["sources"].insert(source)  # the same article, so passages can be linked
    edit, summary = read_file(copy, path)
    copy.apply(edit)
    assert f"{original.count('events')} events" in summary
    assert f"{original.count('quotes')} quotes" in summary

    def content(store: Store) -> list[tuple[object, ...]]:
        return sorted(
            (
                r["kind"],
                r["title"],
                r["date"],
                r["lane"],
                r["tags"],
                r["people"],
                r["speaker"],
                r["passage"],
                r["passage_start"],
                r["stance"],
                r["description"],
                r["importance"],
            )
            for r in rows_of(export(store, "csv"))
        )

    assert content(copy) == content(original)
    odd = copy.rows("events", "title LIKE '=HYPERLINK%'")[0]
    assert odd["description"] == "-5 degrees\n+ more" and odd["date_edtf"] == "-0044-03-15"


HEADER = "title,date,description,lane,tags,people,importance,source_title,passage\n"


def test_import_of_a_hand_written_file(tmp_path: Path) -> None:
    store = sample()
    title = store.rows("sources")[0]["title"]
    path = tmp_path / "mine.csv"
    path.write_text(
        HEADER
        + "Talks open,March 2024,First round,Negotiations,SMA;talks,Lee Taw-woo;New Person,2,"
        + f'"{title}","Seoul named Lee Taw-woo"\n'
        + "\n"
        + 'Election,"Nov 3, 2020",,Brand new lane,,,,,\n',
        encoding="utf-8",
    )
    edit, summary = read_file(store, path)
    store.apply(edit)
    assert "2 events" in summary and "1 new lane" in summary and "1 new person" in summary
    talks = store.rows("events", "title = 'Talks open'")[0]
    assert talks["date_edtf"] == "2024-03" and talks["importance"] == 2
    cited = store.query(
        "SELECT p.exact FROM evidence e JOIN passages p ON p.id = e.passage_id "
        "WHERE e.event_id = ?",
        [talks["id"]],
    )
    assert [c["exact"] for c in cited] == ["Seoul named Lee Taw-woo"]
    election = store.rows("events", "title = 'Election'")[0]
    assert election["date_edtf"] == "2020-11-03"


def test_a_bad_date_is_reported_by_line_and_nothing_is_added(tmp_path: Path) -> None:
    store = sample()
    before = {t: store.count(t) for t in TABLES}
    path = tmp_path / "bad.csv"
    lines = [HEADER.strip()] + [f"Event {n},2021-0{n}" for n in range(1, 6)]
    lines.insert(3, '"Two-line\ntitle",2021-02')  # a quoted cell spanning lines 4 and 5
    lines.append("Broken,Marchtember 2021")  # on line 9 of the file, the 8th record
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(errors.ImportFailedError) as caught:
        read_file(store, path)
    message = str(caught.value)
    assert "line 9: could not understand" in message and "as a date" in message
    assert "\n" not in message
    assert {t: store.count(t) for t in TABLES} == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Only a title\n", "date"),
        ("x,2020,,,,,lots\n", "line 2: importance must be a whole number"),
        ("x,2020,,,,,,No such source,words\n", "line 2: there is no source titled"),
        ("x,2020,,,,,,,words that are nowhere\n", "line 2: the passage"),
    ],
)
def test_bad_rows_are_reported_with_their_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(errors.ImportFailedError, match=message):
        read_file(sample(), path)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("name,when\nx,2020\n", encoding="utf-8")
    with pytest.raises(errors.ImportFailedError, match="title and date are required"):
        read_file(Store.memory(), path)


def test_semicolon_separated_and_latin1_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "title;date;description\nCaf\u00e9 opens;2020-05;Cr\u00e8me\n".encode("cp1252")
    )
    store = Store.memory()
    edit, _ = read_file(store, path)
    store.apply(edit)
    (event,) = store.rows("events")
    assert (event["title"], event["description"]) == ("Caf\u00e9 opens", "Cr\u00e8me")


def test_reading_a_large_file_reports_its_progress(tmp_path) -> None:
    from citeline.core.io import csv_items
    from citeline.core.store import Store

    path = tmp_path / "many.csv"
    rows = "".join(
        f"Event {i},{2000 + i % 20}-03-0{1 + i % 9},Lane {i % 3}\n" for i in range(25_000)
    )
    path.write_text("title,date,lane\n" + rows)
    seen: list[float] = []
    store = Store.memory()
    edit, summary = csv_items.read_items(store, path, progress=seen.append)
    assert summary.startswith("CSV: 25,000 events")
    assert len(seen) == 3 and seen == sorted(seen) and seen[-1] == 1.0 and 0 < seen[0] < 0.5
    store.apply(edit)
    assert store.count("events") == 25_000 == store.count("timeline_spans")


def test_a_file_found_not_utf8_late_in_its_stream_is_read_again_whole(tmp_path) -> None:
    # The reader streams the file as UTF-8; a byte that is not UTF-8 far into it (past
    # what was read already) sends it back to reading the whole file in its encoding.
    path = tmp_path / "late.csv"
    rows = "".join(f"Event {i},2001-02-03\n" for i in range(3000))
    path.write_bytes(("title,date\n" + rows + "Caf\u00e9 closes,2002\n").encode("cp1252"))
    store = Store.memory()
    edit, summary = read_file(store, path)
    store.apply(edit)
    assert summary.startswith("CSV: 3,001 events")
    assert store.count("events") == 3001
    assert store.rows("events", "title LIKE 'Caf%'")[0]["title"] == "Caf\u00e9 closes"


def test_an_import_undoes_and_redoes_whole(tmp_path) -> None:
    # Imported events are kept for the undo as compact row images: undo removes every
    # one (and its search and timeline rows), redo brings every one back.
    path = tmp_path / "items.csv"
    rows = "".join(
        f"Budget vote {i},{1990 + i % 30}-01-02,Lane {i % 4},{i % 3}\n" for i in range(300)
    )
    path.write_text("title,date,lane,importance\n" + rows)
    store = Store.memory()
    edit, _ = read_file(store, path)
    store.apply(edit)
    first = store.rows("events", "id = 1")[0]
    assert (store.count("events"), store.count("timeline_spans")) == (300, 300)
    store.apply(edit.inverse())
    assert (store.count("events"), store.count("timeline_spans"), store.search("budget")) == (
        0,
        0,
        [],
    )
    store.apply(edit)
    assert store.rows("events", "id = 1")[0] == first
    assert len(store.search("budget")) == 200 and store.count("timeline_spans") == 300
