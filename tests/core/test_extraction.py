"""Reading web pages: each class of extraction failure, dates, titles, and no network."""

from __future__ import annotations

import json
import socket
from datetime import date
from pathlib import Path

import pytest

from citeline.core import items
from citeline.core.sources import read_source_bytes
from citeline.core.sources.article import is_prompt
from citeline.core.sources.evaluate import evaluate, overlap
from citeline.core.sources.html import parse_html
from citeline.core.sources.pagedates import published_date
from citeline.core.sources.titles import clean_title, site_names
from citeline.core.store import Store

CORPUS = Path(__file__).parent.parent / "data" / "extraction"
EXPECTED = json.loads((CORPUS / "expected.json").read_text("utf-8"))
PAGES = sorted(EXPECTED)


def read_page(name: str):
    return read_source_bytes((CORPUS / f"{name}.html").read_bytes(), f"{name}.html")


@pytest.mark.parametrize("name", PAGES)
def test_each_page_keeps_its_whole_article(name: str) -> None:
    draft = read_page(name)
    gold = (CORPUS / f"{name}.txt").read_text("utf-8")
    precision, recall = overlap(draft.text, gold)
    assert recall >= 0.98, name
    assert precision >= 0.8, name
    # paragraphs stay paragraphs: each gold paragraph is one paragraph of the text
    paragraphs = set(draft.text.split("\n\n"))
    assert all(p in paragraphs for p in gold.strip().split("\n\n")), name


@pytest.mark.parametrize("name", PAGES)
def test_each_page_title_and_date(name: str) -> None:
    draft = read_page(name)
    assert (draft.title, draft.published) == (
        EXPECTED[name]["title"],
        EXPECTED[name]["published"],
    )


@pytest.mark.parametrize(
    ("name", "furniture"),
    [
        ("ad-class-names", "Buy a sofa today"),
        ("ad-class-names", "More from the Gazette"),
        ("most-read", "Storm warning for the coast tonight"),
        ("most-read", "Most read"),
        ("paywall", "free articles"),
        ("paywall", "Already a subscriber"),
        ("split-body", "Central bank holds rates"),
        ("same-outlet-a", "Corrections and clarifications"),
        ("staff-list", "Deputy editor: Samuel Ortiz"),
        ("staff-list", "Our team"),
    ],
)
def test_page_furniture_is_left_out(name: str, furniture: str) -> None:
    assert furniture not in read_page(name).text


def test_a_doubled_caption_appears_at_most_once() -> None:
    text = read_page("doubled-captions").text
    assert text.count("Firefighters on the road above the northern village") <= 1
    assert text.count("The area burned, in red.") <= 1


def test_two_articles_of_one_outlet_import_as_two_sources() -> None:
    store = Store.memory()
    for name in ("same-outlet-a", "same-outlet-b"):
        edit, _ = items.add_source(store, read_page(name))
        store.apply(edit)
    texts = [r["text"] for r in store.rows("sources")]
    assert len(texts) == 2 and texts[0] != texts[1]
    assert "medical school" in texts[0] and "electric" in texts[1]


def test_the_corpus_scores_the_new_reader_above_the_old_one() -> None:
    new, old = evaluate(CORPUS, "trafilatura"), evaluate(CORPUS, "heuristic")
    assert new.f1 >= 0.95 and not any(p.lost for p in new.pages)
    assert old.f1 < new.f1 and any(p.lost for p in old.pages)


def test_only_a_closing_run_of_credits_is_dropped() -> None:
    from citeline.core.sources.article import _without_credits

    story = ["The council voted on Tuesday.", "Work begins in March."]
    credits = ["Editor: Clara Nowak", "Design: Mei Tanaka", "Web: Ravi Patel"]
    assert _without_credits([*story, "Our team", *credits]) == story
    assert _without_credits([*story, *credits[:2]]) == [*story, *credits[:2]]  # two: kept
    assert _without_credits([*credits, *story]) == [*credits, *story]  # not at the end


def test_subscription_prompts() -> None:
    assert is_prompt("You have read 3 of your 5 free articles this month.")
    assert is_prompt("Subscribe now for full access. Already a subscriber? Log in.")
    assert not is_prompt("The union said members would subscribe to the new pension plan.")


def test_reading_a_page_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)  # recorded: libraries may swallow the error raised below
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # An address as the page's only content is what makes the date helper download,
    # if it is ever handed text instead of a parsed tree.
    page = (
        "<html><head><link rel='canonical' href='https://example.com/2024/03/14/x'></head>"
        "<body><p>https://example.com/2024/03/14/story</p>"
        "<img src='https://example.com/pixel.gif'></body></html>"
    )
    draft = read_source_bytes(page.encode(), "address.html")
    assert "example.com" in draft.text
    assert read_page("plain-article").published == "2024-09-02"
    assert attempts == []


def test_the_network_guard_above_would_see_a_download(monkeypatch: pytest.MonkeyPatch) -> None:
    import htmldate

    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(ValueError):
        htmldate.find_date("https://example.com/2024/03/14/story")  # text, not a tree
    assert attempts


# --- dates ---------------------------------------------------------------------------


def _date(head: str, body: str = "", today: date = date(2025, 1, 1)) -> str | None:
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>", "d.html")
    tags = {
        (m.get("property") or m.get("name") or "").lower(): m.get("content")
        for m in root.iter("meta")
    }
    return published_date(root, tags, [], today=today)


def test_a_placeholder_date_is_no_date() -> None:
    assert _date('<meta property="article:published_time" content="0001-01-01T00:00:00Z">') is None
    assert _date('<meta name="date" content="1970-01-01">') is None


def test_a_date_in_the_future_is_no_date() -> None:
    assert _date('<meta name="date" content="2031-05-01">', today=date(2025, 1, 1)) is None


def test_a_utc_timestamp_alone_keeps_its_day() -> None:
    head = '<meta property="article:published_time" content="2019-11-20T01:50:00Z">'
    assert _date(head) == "2019-11-20"


def test_a_utc_timestamp_yields_to_a_local_one() -> None:
    head = (
        '<meta property="article:published_time" content="2019-11-20T01:50:00Z">'
        '<meta name="parsely-pub-date" content="2019-11-19T20:50:00-05:00">'
    )
    assert _date(head) == "2019-11-19"


def test_a_utc_timestamp_yields_to_the_visible_day_before() -> None:
    head = '<meta property="article:published_time" content="2019-11-20T01:50:00+00:00">'
    body = '<p class="byline">By A. Writer | <time>Nov. 19, 2019</time></p><p>Text.</p>'
    assert _date(head, body) == "2019-11-19"


def test_an_afternoon_utc_timestamp_yields_to_the_next_visible_day() -> None:
    head = '<meta property="article:published_time" content="2024-03-13T23:30:00Z">'
    body = '<p class="date">2024년 3월 14일</p><p>Text.</p>'  # 08:30 in Seoul
    assert _date(head, body) == "2024-03-14"
    # a date elsewhere in the page that is no neighbour of the stamp changes nothing
    body = '<p class="date">March 1, 2024</p><p>Text.</p>'
    assert _date(head, body) == "2024-03-13"


def test_multi_word_itemprop_and_article_published() -> None:
    assert _date("", '<span itemprop="dateCreated datePublished" content="2018-02-27"></span>') == (
        "2018-02-27"
    )
    assert _date('<meta property="article:published" content="2021-06-06">') == "2021-06-06"


# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "outlet", "url", "expected"),
    [
        ("Raptors rally past Celtics - Sportsnet.ca", None, None, "Raptors rally past Celtics"),
        (
            "Senate passes farm bill | National Review",
            None,
            "https://www.nationalreview.com/news/x/",
            "Senate passes farm bill",
        ),
        ("BBC News - Storm hits coast", None, "https://www.bbc.co.uk/news/1", "Storm hits coast"),
        ("Rates rise – Example Times", "Example Times", None, "Rates rise"),
        ("Left - right: a debate", "Example Times", None, "Left - right: a debate"),
        ("Example Times", "Example Times", None, "Example Times"),
    ],
)
def test_titles_lose_the_site_name(
    title: str, outlet: str | None, url: str | None, expected: str
) -> None:
    assert clean_title(title, site_names(outlet, url)) == expected
