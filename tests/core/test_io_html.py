"""The HTML page's cards: dates, status, first report, pages and retrieved copies."""

from __future__ import annotations

import hashlib
import re

from citeline.core import items
from citeline.core.io import export
from citeline.core.io.html_page import embed_snippet
from citeline.core.sources import SourceDraft
from citeline.core.store import Store

PAGE_ONE = "Cover page of the report.\n"
PAGE_TWO = "The ministry confirmed the deal on 3 March 2021. Officials said nothing more."


def pdf_like_project() -> Store:
    store = Store.memory()
    body = PAGE_ONE + PAGE_TWO
    draft = SourceDraft(
        title="Annual report",
        text=body,
        outlet="Ministry",
        author=None,
        url="https://example.org/report.pdf",
        published="2021-04-01",
        language="en",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        format="pdf",
        filename="report.pdf",
        pages=[0, len(PAGE_ONE)],
        fetched_at="2024-05-02T10:00:00Z",
    )
    edit, source_id = items.add_source(store, draft)
    store.apply(edit)
    start = body.index("The ministry confirmed")
    end = body.index(" Officials")
    edit, _ = items.add_event(
        store,
        title="Deal confirmed",
        date="2021-03-03",
        passages=[items.PassageRef(source_id, start, end)],
    )
    store.apply(edit)
    return store


def test_a_card_cites_the_page_and_the_retrieved_address() -> None:
    html = str(export(pdf_like_project(), "html"))
    article = re.search(r"<article.*?</article>", html, re.S)
    assert article is not None
    card = article.group(0)
    assert "p.\u00a02" in card  # the passage is on the second page
    assert '<a href="https://example.org/report.pdf"' in card and 'target="_blank"' in card
    assert "(retrieved 2024-05-02)" in card
    assert "<time>3 Mar 2021</time>" in card and "<code>2021-03-03</code>" in card
    assert "first reported 1 Apr 2021" in card and ">unverified<" in card
    assert "<mark>The ministry confirmed the deal on 3 March 2021.</mark>" in card
    assert 'data-tl="' in card and "Cover page" not in card  # context stays on its page


def test_the_embed_snippet_escapes_its_title_and_address() -> None:
    snippet = embed_snippet("https://example.org/t.html?a=1&b=2", 'Talks "2024" <draft>')
    assert 'src="https://example.org/t.html?a=1&amp;b=2"' in snippet
    assert 'title="Talks &quot;2024&quot; &lt;draft&gt;"' in snippet
