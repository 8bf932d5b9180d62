"""The reader on a source with ranges: "Event from …" and an event made from the
selection (Ctrl+E) take the whole interval and record the whole expression."""

from __future__ import annotations

from citeline.core import items, queries
from citeline.core.sources import read_source_bytes
from citeline.ui.reader import SourceReader

TEXT = (
    "Date: 2018-03-05\n\nThe first round of consultations will be held in Honolulu, March 7-9."
    " The current SMA expires on December 31, 2018. A second round is expected in April.\n"
)


def _reader(qtbot, document) -> SourceReader:
    edit, source_id = items.add_source(
        document.store, read_source_bytes(TEXT.encode(), "honolulu.txt")
    )
    assert document.push(edit)
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.show_source(source_id)
    return reader


def test_event_from_a_range_suggestion(qtbot, document) -> None:
    reader = _reader(qtbot, document)
    found = {s.text: s for s in reader._suggestions}
    assert "current" not in found and "A second" not in found
    march = found["March 7-9"]
    assert "from 7 to 9 March 2018" in march.explanation
    event = queries.event(document.store, reader.suggestion_to_event(march))
    assert event.date_edtf == "2018-03-07/2018-03-09"
    assert "March 7-9" in (event.date_provenance or "")


def test_event_from_the_selection_takes_the_interval(qtbot, document) -> None:
    reader = _reader(qtbot, document)
    text = reader._text
    start = text.index("The first round")
    reader.select_span(start, text.index("7-9.") + 4)
    event = queries.event(document.store, reader.event_from_selection())
    assert event.date_edtf == "2018-03-07/2018-03-09"
    assert "March 7-9" in (event.date_provenance or "")
