"""Suggested evidence in the core: the finder tells the same event from a look-alike,
follows edits incrementally, and accepting or dismissing a proposal is one edit."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from citeline.core import evidence, items, queries
from citeline.core.errors import NotFoundError
from citeline.core.evidence_index import SentenceIndex
from citeline.core.evidence_text import names, numbers, sentences
from citeline.core.history import chain
from citeline.core.io.project_json import export_json
from citeline.core.io.selection import select
from citeline.core.sample import write_sample
from citeline.core.sources import SourceDraft, read_source
from citeline.core.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "second-article.txt"
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
SIGNED = "South Korea and the United States formally signed the new cost-sharing agreement"

QUAKE_A = (
    "A magnitude 6.1 earthquake struck Aceh province in Indonesia on Tuesday, killing 12 "
    "people in Banda Aceh. Rescuers searched collapsed homes in Banda Aceh through the night."
)
QUAKE_B = (
    "A strong earthquake of magnitude 7.6 hit West Sumatra in Indonesia, killing hundreds in "
    "Padang. Hospitals in Padang were overwhelmed after the earthquake."
)
REPORT_A = (
    "Officials in Banda Aceh said the 6.1 earthquake destroyed dozens of houses. "
    "The weather was mild."
)
REPORT_B = "The earthquake in Padang, West Sumatra, flattened schools and a hospital."


def draft(title: str, text: str, published: str | None = None) -> SourceDraft:
    return SourceDraft(
        title=title,
        text=text,
        outlet=None,
        author=None,
        url=None,
        published=published,
        language="en",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="text",
        filename=f"{title}.txt",
    )


def add_source(store: Store, title: str, text: str, published: str | None = None) -> int:
    edit, source_id = items.add_source(store, draft(title, text, published))
    store.apply(edit)
    return source_id


def add_event(store: Store, title: str, date: str, source_id: int, text: str, quote: str) -> int:
    start = text.index(quote)
    edit, event_id = items.add_event(
        store,
        title=title,
        date=date,
        passages=[items.PassageRef(source_id, start, start + len(quote))],
    )
    store.apply(edit)
    return event_id


@pytest.fixture
def quakes() -> Store:
    store = Store.memory()
    a = add_source(store, "Quake in Aceh", QUAKE_A, "2004-12-28")
    b = add_source(store, "Quake in Sumatra", QUAKE_B, "2009-10-01")
    add_event(store, "Earthquake kills 12 in Banda Aceh", "2004-12-28", a, QUAKE_A, "A magnitude")
    add_event(store, "Earthquake hits Padang", "2009-09-30", b, QUAKE_B, "A strong earthquake")
    add_source(store, "Aceh report", REPORT_A, "2004-12-29")
    add_source(store, "Padang report", REPORT_B, "2009-10-02")
    return store


def test_sentences_names_and_numbers() -> None:
    text = "Mr. Smith met Dr. Lee in St. Louis. They left at 5 p.m. Then it rained.\nA new line"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "Mr. Smith met Dr. Lee in St. Louis.",
        "They left at 5 p.m. Then it rained.",
        "A new line",
    ]
    assert names("The Lohan family met NBA officials in Padang.") == {"lohan", "nba", "padang"}
    assert numbers("A 6.1 quake, 21,000 homeless in 2009") == {"6.1", "21000", "2009"}


def test_each_report_goes_to_its_own_event_not_the_look_alike(quakes: Store) -> None:
    suggester = evidence.EvidenceSuggester(quakes)
    aceh, padang = (r["id"] for r in quakes.rows("events", order="id"))
    for_aceh = suggester.for_event(aceh)
    assert for_aceh and for_aceh[0].text.startswith("Officials in Banda Aceh said")
    assert all("Padang" not in p.text for p in for_aceh)
    assert "numbers: 6.1" in for_aceh[0].reasons
    assert any(r.startswith("names: ") and "Banda" in r for r in for_aceh[0].reasons)
    for_padang = suggester.for_event(padang)
    assert [p.text for p in for_padang][:1] == [REPORT_B]
    # the whole project, as the command line prints it, agrees
    everything = suggester.for_all()
    assert {(p.event_id, p.text) for p in everything} >= {
        (aceh, for_aceh[0].text),
        (padang, REPORT_B),
    }
    with pytest.raises(NotFoundError):
        suggester.for_event(999)


def test_a_new_source_and_a_new_event_are_taken_in_without_rebuilding(quakes: Store) -> None:
    suggester = evidence.EvidenceSuggester(quakes)
    index_before = suggester.index
    text = "Survivors in Banda Aceh described the 6.1 earthquake as the worst in memory."
    source_id = add_source(quakes, "Survivors", text, "2004-12-30")
    suggester.refresh([source_id])
    assert suggester.index is index_before  # indexed on its own, not rebuilt
    found = suggester.for_source(source_id)
    aceh = quakes.rows("events", order="id")[0]["id"]
    assert [(p.event_id, p.text) for p in found] == [(aceh, text)]

    # a new event is one query: its proposals appear once it is refreshed
    flood = "Floods swept through Jakarta after days of monsoon rain."
    flood_source = add_source(quakes, "Floods", flood, "2007-02-02")
    suggester.refresh([flood_source])
    later = "Monsoon floods in Jakarta forced thousands from their homes."
    other = add_source(quakes, "Jakarta", later, "2007-02-03")
    suggester.refresh([other])
    event = add_event(quakes, "Floods swamp Jakarta", "2007-02", flood_source, flood, "Floods")
    suggester.refresh_events([event])
    assert [p.text for p in suggester.for_event(event)] == [later]

    # a removed source takes its proposals with it
    quakes.apply(items.delete_source(quakes, other))
    suggester.refresh([other])
    assert suggester.for_event(event) == []


def test_sample_proposes_the_second_articles_signing_for_the_deal(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "p.citeline")
    with Store.open(path) as store:
        edit, second = items.add_source(store, read_source(FIXTURE))
        store.apply(edit)
        deal = store.rows("events", "title = ?", [DEAL])[0]["id"]
        suggester = evidence.EvidenceSuggester(store)
        found = suggester.for_event(deal)
        assert found[0].source_id == second and found[0].text.startswith(SIGNED)
        # the date it gives disagrees with the event's March 2021: still proposed, and said
        assert found[0].date == "2021-04-08" and found[0].date_agrees is False
        assert "gives 2021-04-08, outside the event's date" in found[0].reasons
        # offsets are the source's text as stored (and as the JSON export gives it)
        text = queries.source_text(store, second)
        assert text[found[0].start : found[0].end] == found[0].text
        # the new source's proposals: the signing sentence goes to the deal
        by_source = suggester.for_source(second)
        assert (deal, found[0].start) in {(p.event_id, p.start) for p in by_source}


def test_accept_cites_it_and_dismiss_hides_it_for_good(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "p.citeline")
    with Store.open(path) as store:
        edit, second = items.add_source(store, read_source(FIXTURE))
        store.apply(edit)
        deal = store.rows("events", "title = ?", [DEAL])[0]["id"]
        suggester = evidence.EvidenceSuggester(store)
        first, second_best, *_ = suggester.for_event(deal)

        accepted = store.apply(evidence.accept(store, first))
        assert accepted.label == "Accept suggested evidence"
        suggester.refresh_events([deal])
        cited = [(e.passage.source_id, e.passage.start) for e in queries.evidence(store, deal)]
        assert (second, first.start) in cited
        assert first.start not in {p.start for p in suggester.for_event(deal)}
        store.apply(accepted.inverse())  # undo: proposed again
        suggester.refresh_events([deal])
        assert suggester.for_event(deal)[0].start == first.start

        store.apply(evidence.dismiss(store, second_best))
        assert second_best.start not in {p.start for p in suggester.for_event(deal)}
        # the history records the dismissal as a change of the event
        last = list(chain.entries(store.db.conn))[-1]
        assert [(c[0], c[1], c[2], c[4]) for c in last.changes] == [
            ("event", deal, "dismissed_evidence", [[second, second_best.start, second_best.end]])
        ]
        assert not evidence.dismiss(store, second_best)  # dismissing twice changes nothing
    # remembered in the file, and carried by the JSON export
    with Store.open(path) as store:
        again = evidence.EvidenceSuggester(store)
        assert second_best.start not in {p.start for p in again.for_event(deal)}
        assert json.loads(export_json(select(store)))["dismissed_evidence"] == [
            {"event_id": deal, "source_id": second, "start": second_best.start,
             "end": second_best.end}
        ]  # fmt: skip
        # deleting the event deletes its dismissals in the same edit (so undo restores them)
        deleting = items.delete_event(store, deal)
        assert any(c.table == "dismissed_evidence" for c in deleting.changes)


def test_index_compacts_after_many_removals() -> None:
    index = SentenceIndex()
    for i in range(30):
        index.add(i, " ".join(f"Sentence {j} of source {i}." for j in range(60)))
    for i in range(25):
        index.remove(i)
    assert len(index.s_source) < 30 * 60  # compacted: removed sentences' slots are gone
    assert index.live == 5 * 60 and set(index.sources) == set(range(25, 30))
    assert index.sentence_text(index.sources[29].first) == "Sentence 0 of source 29."
