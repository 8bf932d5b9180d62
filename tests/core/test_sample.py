"""The sample project stays true to its article."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeline.core import queries
from citeline.core.sample import build_sample, sample_data
from citeline.core.sources import read_source
from citeline.core.store import Store
from citeline.resources import resource


@pytest.fixture(scope="module")
def sample() -> Store:
    store = Store.memory()
    build_sample(store)
    return store


def article_text() -> str:
    return read_source(resource("sample", sample_data()["source"]["file"])).text


def test_every_passage_is_verbatim_in_the_article(sample: Store) -> None:
    text = article_text()
    passages = sample.rows("passages")
    assert len(passages) >= 20
    for p in passages:
        assert text[p["start"] : p["end"]] == p["exact"]
        assert queries.resolve_passage(sample, queries.passage(sample, p["id"])).status == "exact"
        # the stored context is the article's, so re-anchoring can use it
        assert text[: p["start"]].endswith(p["prefix"])
        assert text[p["end"] :].startswith(p["suffix"])


def test_every_event_and_quote_is_linked_to_a_passage(sample: Store) -> None:
    for row in sample.rows("events"):
        assert queries.evidence(sample, row["id"]), row["title"]
    for row in sample.rows("quotes"):
        assert row["passage_id"] is not None
        assert row["speaker_id"] is not None
        assert row["verbatim"] == 1
        assert row["text"] in queries.passage(sample, row["passage_id"]).exact


def test_the_article_is_the_shipped_seed_text() -> None:
    seed = Path(__file__).parents[2] / "resources" / "sample" / "dw-2024-03-14-sma.txt"
    raw = seed.read_text(encoding="utf-8")
    assert raw.lstrip().startswith("date 2024-03-14")
    assert article_text() in raw


def _event(store: Store, title_part: str) -> dict:
    found = [r for r in store.rows("events") if title_part in r["title"]]
    if len(found) > 1:
        found = [r for r in found if r["title"] == title_part]
    assert len(found) == 1, title_part
    return found[0]


def test_dates_are_honest(sample: Store) -> None:
    assert _event(sample, "loses the US presidential election")["date_edtf"] == "2020-11"
    deal = _event(sample, "sign a new cost-sharing deal")
    # "four months later" than November 2020: March 2021, kept at month precision
    assert (deal["date_edtf"], deal["date_precision"]) == ("2021-03", "month")
    assert "four months later" in deal["date_provenance"]
    demand = _event(sample, "$5 billion")
    assert demand["date_edtf"] == "2017-01-20/2021-01-20"  # "when he was president": a span
    assert _event(sample, "South Korea's general election")["date_edtf"] == "2024-04~"
    assert _event(sample, "US presidential election")["date_edtf"] == "2024-11"


def test_both_analysts_are_quoted_with_their_words(sample: Store) -> None:
    text = article_text()
    speakers = {queries.speaker_name(sample, r["speaker_id"]) for r in sample.rows("quotes")}
    assert speakers == {"Dan Pinkston", "Ahn Yinhay"}
    quotes = [r["text"] for r in sample.rows("quotes")]
    # every sentence the article puts in an analyst's mouth is among the quotes
    for phrase in (
        "I actually agree with that",
        "less costly for the United States",
        "diplomatic success story",
        "it would leave a void",
        "both parties agree",
    ):
        assert any(phrase in q for q in quotes), phrase
        assert phrase in text


def test_lanes_eras_and_people(sample: Store) -> None:
    assert [lane.name for lane in queries.lanes(sample)] == [
        "US politics",
        "Negotiations",
        "South Korea",
        "Analysis",
    ]
    assert [e.name for e in queries.eras(sample)] == [
        "Trump administration",
        "Biden administration",
    ]
    names = {p.name for p in queries.people(sample)}
    assert {"Lee Taw-woo", "Linda Specht", "Donald Trump", "Joe Biden"} <= names
    assert sample.project_info()["title"].startswith("US–South Korea")
