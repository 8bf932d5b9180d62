"""Reading article files of every kind into draft sources with clean, stable text."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

import pytest

from citeline.core.anchoring import normalize_text
from citeline.core.errors import CitelineError, ImportFailedError
from citeline.core.sources import SourceDraft, iso_date, read_source, read_source_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "dw-2024-03-14-sma.txt"


def paragraphs(draft: SourceDraft) -> list[str]:
    return draft.text.split("\n\n")


# --- the sample article -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> SourceDraft:
    return read_source(SAMPLE)


def test_sample_header_becomes_the_publication_date(sample: SourceDraft) -> None:
    assert sample.published == "2024-03-14"
    assert sample.format == "txt"
    assert sample.filename == "dw-2024-03-14-sma.txt"


def test_sample_text_starts_at_the_article_not_the_header(sample: SourceDraft) -> None:
    assert sample.text.startswith("Seoul and Washington have made initial progress")
    assert "date 2024-03-14" not in sample.text


def test_sample_text_is_the_file_body_unchanged(sample: SourceDraft) -> None:
    raw = SAMPLE.read_text(encoding="utf-8")
    body = raw[raw.index("Seoul and Washington") :].rstrip()
    assert sample.text == normalize_text(body)
    assert "“It's clear that [US President Joe] Biden" in sample.text


def test_sample_title_is_the_start_of_the_first_sentence(sample: SourceDraft) -> None:
    assert sample.title.startswith("Seoul and Washington have made initial progress")
    assert sample.title.endswith("…")
    assert len(sample.title) <= 80
    # Cut at a word boundary: the word before the ellipsis is a whole word of the text.
    assert sample.text.startswith(sample.title[:-1] + " ")


def test_sample_hash_is_of_the_stored_text(sample: SourceDraft) -> None:
    assert sample.sha256 == hashlib.sha256(sample.text.encode("utf-8")).hexdigest()


def test_reading_bytes_and_reading_the_file_agree(sample: SourceDraft) -> None:
    assert read_source_bytes(SAMPLE.read_bytes(), "dw-2024-03-14-sma.txt") == sample


# --- plain text ---------------------------------------------------------------------------


def test_plain_text_key_value_header() -> None:
    data = (
        b"Title: Talks on troop costs resume\n"
        b"Date: March 14, 2024\n"
        b"Author: Jane Doe\n"
        b"Source: Example Times\n"
        b"URL: https://example.org/troops\n"
        b"\n\n"
        b"Negotiators met in Honolulu.\r\n\r\nThey will meet again.\n\n"
    )
    draft = read_source_bytes(data, "talks.txt")
    assert (draft.title, draft.published, draft.author, draft.outlet, draft.url) == (
        "Talks on troop costs resume",
        "2024-03-14",
        "Jane Doe",
        "Example Times",
        "https://example.org/troops",
    )
    assert draft.text == "Negotiators met in Honolulu.\n\nThey will meet again."


def test_plain_text_headline_line_is_the_title_and_stays_in_the_text() -> None:
    data = b"\n\nAllies agree on cost sharing\n\nThe two governments said on Monday..."
    draft = read_source_bytes(data, "a.txt")
    assert draft.title == "Allies agree on cost sharing"
    assert draft.text.startswith("Allies agree on cost sharing\n\nThe two governments")
    assert draft.published is None


def test_plain_text_without_header_keeps_a_sentence_starting_like_a_key() -> None:
    data = b"Source of the dispute: money. The talks continue.\nDate palms grow here.\n"
    draft = read_source_bytes(data, "a.txt")
    assert draft.text == data.decode().rstrip()
    assert draft.title == "Source of the dispute: money"
    assert draft.published is None


def test_first_sentence_skips_abbreviations_and_initials() -> None:
    data = b"U.S. envoy John F. Kennedy Jr. met Dr. Ahn in Seoul. Nothing was agreed."
    assert read_source_bytes(data, "a.txt").title == (
        "U.S. envoy John F. Kennedy Jr. met Dr. Ahn in Seoul"
    )


def test_plain_text_only_header_has_no_text() -> None:
    with pytest.raises(ImportFailedError, match="no article text"):
        read_source_bytes(b"Title: Nothing here\nDate: 2024-01-02\n\n", "h.txt")


# --- encodings ----------------------------------------------------------------------------

CURLY = (
    "“It’s clear,” the minister said — the talks were “productive”. "
    "Café owners in Zürich and Málaga weren’t so sure… "
)


def test_cp1252_with_curly_quotes() -> None:
    text = "Minister’s remarks\n\n" + CURLY * 3
    draft = read_source_bytes(text.encode("cp1252"), "remarks.txt")
    assert draft.text == text.rstrip()
    assert draft.title == "Minister’s remarks"


def test_latin1_french() -> None:
    text = "Les élèves étaient à l'école, dit-il. Le café était fermé à Noël.\n"
    draft = read_source_bytes(text.encode("latin-1"), "fr.txt")
    assert draft.text == text.rstrip()


def test_euc_kr_korean() -> None:
    text = (
        "한미 방위비 협상 첫 진전\n\n"
        "서울과 워싱턴은 주한미군 방위비 분담금 협상에서 초기 진전을 이뤘다. "
        "양측은 미국 대선을 앞두고 협상을 서두르고 있다.\n"
    )
    draft = read_source_bytes(text.encode("euc-kr"), "ko.txt")
    assert draft.text == text.rstrip()
    assert draft.title == "한미 방위비 협상 첫 진전"


def test_shift_jis_japanese() -> None:
    text = "東京の天気は晴れです。今日は外務省で会議があります。記者会見は午後三時からです。\n"
    draft = read_source_bytes(text.encode("shift_jis"), "ja.txt")
    assert draft.text == text.rstrip()
    assert draft.title == "東京の天気は晴れです。"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_with_a_byte_order_mark(encoding: str) -> None:
    text = "Überschrift\n\n„Wir zahlen nicht“, sagte sie. 서울 — 東京.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    draft = read_source_bytes(data, "bom.txt")
    assert draft.text == text.rstrip()
    assert not draft.text.startswith("\ufeff")


def test_utf16_without_a_byte_order_mark() -> None:
    text = "Plain words saved by an old editor.\n"
    assert read_source_bytes(text.encode("utf-16-le"), "w.txt").text == text.rstrip()


def test_windows_line_ends_and_decomposed_accents_are_normalized() -> None:
    draft = read_source_bytes("Cafe\u0301 owners\r\nsaid no.\r\n".encode(), "n.txt")
    assert draft.text == "Caf\u00e9 owners\nsaid no."


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_a_png_is_not_a_text_document() -> None:
    with pytest.raises(ImportFailedError, match=r"is not a text document .*PNG"):
        read_source_bytes(png_bytes(), "photo.txt")


def test_binary_with_nul_bytes_is_not_a_text_document() -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(ImportFailedError, match=r"photo\.dat is not a text document"):
        read_source_bytes(data, "photo.dat")


def test_control_characters_without_nuls_are_not_text() -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 65, 66]) * 20
    with pytest.raises(ImportFailedError, match="not a text document"):
        read_source_bytes(data, "blob.txt")


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf\n\n"]
)
def test_an_empty_document_cannot_be_imported(data: bytes) -> None:
    with pytest.raises(ImportFailedError, match="empty"):
        read_source_bytes(data, "empty.txt")


def test_errors_are_one_line_citeline_errors(tmp_path: Path) -> None:
    for make in (
        lambda: read_source_bytes(b"", "e.txt"),
        lambda: read_source_bytes(png_bytes(), "p.png"),
        lambda: read_source(tmp_path / "missing.txt"),
        lambda: read_source(tmp_path),
    ):
        with pytest.raises(CitelineError) as caught:
            make()
        assert "\n" not in str(caught.value)


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailedError, match=r"missing\.txt does not exist"):
        read_source(tmp_path / "missing.txt")


# --- Markdown -----------------------------------------------------------------------------

MARKDOWN = """---
title: "Allies agree on troop costs"
date: 2024-03-14T08:00:00+09:00
author:
  - Jane Doe
  - Kim Min-ji
outlet: Example Times
url: https://example.org/troops
lang: en_GB
---

# Allies agree on *troop* costs

Seoul and Washington **reached** a deal on
the cost of [U.S. troops](https://example.org/usfk "USFK") in Korea.

![A soldier](soldier.jpg)

> "It is a fair deal," said a
> ministry official.

- first point
- second point with `code`

Escaped \\*stars\\* stay; snake_case_name stays.

[ref]: https://example.org/ref
"""


def test_markdown_front_matter() -> None:
    draft = read_source_bytes(MARKDOWN.encode(), "deal.md")
    assert draft.format == "md"
    assert (draft.title, draft.published, draft.author, draft.outlet, draft.url) == (
        "Allies agree on troop costs",
        "2024-03-14",
        "Jane Doe, Kim Min-ji",
        "Example Times",
        "https://example.org/troops",
    )
    assert draft.language == "en-GB"


def test_markdown_body_reads_like_the_article() -> None:
    draft = read_source_bytes(MARKDOWN.encode(), "deal.md")
    assert paragraphs(draft) == [
        "Allies agree on troop costs",
        "Seoul and Washington reached a deal on the cost of U.S. troops in Korea.",
        '"It is a fair deal," said a ministry official.',
        "first point",
        "second point with code",
        "Escaped *stars* stay; snake_case_name stays.",
    ]


def test_markdown_title_from_first_heading_without_front_matter() -> None:
    data = b"Intro line.\n\n## Section\n\nText.\n\nHeadline\n========\n"
    draft = read_source_bytes(data, "x.markdown")
    assert draft.title == "Headline"
    assert paragraphs(draft) == ["Intro line.", "Section", "Text.", "Headline"]


def test_markdown_with_a_plain_header_block_and_wrapped_numbers() -> None:
    data = (
        b"Title: Ten years on\nDate: 2024-03\n\n"
        b"The agreement was signed in\n2014. Ten years later it is back.\n\n"
        b"1. first\n2. second\n"
    )
    draft = read_source_bytes(data, "t.md")
    assert (draft.title, draft.published) == ("Ten years on", "2024-03")
    assert paragraphs(draft) == [
        "The agreement was signed in 2014. Ten years later it is back.",
        "first",
        "second",
    ]


def test_markdown_code_blocks_keep_their_lines() -> None:
    data = b"Before.\n\n```\nline one\n  line *two*\n```\n\nAfter.\n"
    assert paragraphs(read_source_bytes(data, "c.md")) == [
        "Before.",
        "line one\n  line *two*",
        "After.",
    ]


# --- HTML ---------------------------------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-us">
<head>
  <meta charset="utf-8">
  <title>Allies agree on troop costs | Example Times</title>
  <meta property="og:title" content="Allies agree on troop costs">
  <meta property="og:site_name" content="Example Times">
  <meta property="og:url" content="https://example.org/news/troops">
  <meta name="author" content="Jane Doe">
  <link rel="canonical" href="https://example.org/news/troops-canonical">
  <style>p { color: red }</style>
  <script>var tracking = "SCRIPT-IN-HEAD";</script>
  <script type="application/ld+json">
  {"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "name": "Example Times"},
    {"@type": "NewsArticle", "headline": "Allies agree",
     "datePublished": "2024-03-14T09:30:00+09:00",
     "author": [{"@type": "Person", "name": "Jane Doe"}]}
  ]}
  </script>
</head>
<body>
  <div id="cookie-banner">We use cookies. <button>Accept all</button></div>
  <header class="site-header"><a href="/">Example Times</a>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/asia">Asia</a></li></ul></nav>
  </header>
  <div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/asia">Asia</a></div>
  <main>
    <article>
      <h1>Allies agree on   troop costs</h1>
      <div class="share-buttons"><a href="#">Share on social</a><a href="#">Email</a></div>
      <p>Seoul and Washington have
         reached a <em>preliminary</em> deal &amp; more, officials said&nbsp;on Thursday.</p>
      <script>document.write("SCRIPT-IN-BODY")</script>
      <!-- a comment that must not appear -->
      <p>“It’s a fair deal,” said a ministry official.<br>He declined to elaborate.</p>
      <aside class="related-stories"><h3>Related</h3><p>Other story</p></aside>
      <div class="ad-slot"><p>Advertisement: buy now</p></div>
      <blockquote><p>We will not pay five billion dollars.</p></blockquote>
      <ul><li>First point</li><li>Second point</li></ul>
      <h2>Background</h2>
      <p>Talks began in 2023.<noscript>NOSCRIPT-TEXT</noscript></p>
      <pre>  table   row
  second  row</pre>
      <div class="newsletter-signup"><p>Subscribe to our newsletter!</p></div>
    </article>
    <section class="comments"><p>Reader comment: great article</p></section>
  </main>
  <footer><p>© Example Times. All rights reserved.</p></footer>
  <svg><text>SVG-TEXT</text></svg>
</body>
</html>
"""


@pytest.fixture(scope="module")
def article() -> SourceDraft:
    return read_source_bytes(ARTICLE_HTML.encode(), "troops.html")


def test_html_metadata(article: SourceDraft) -> None:
    assert article.format == "html"
    assert article.title == "Allies agree on troop costs"
    assert article.outlet == "Example Times"
    assert article.author == "Jane Doe"
    assert article.url == "https://example.org/news/troops"
    assert article.published == "2024-03-14"
    assert article.language == "en-US"


def test_html_main_text_is_the_article_only(article: SourceDraft) -> None:
    assert paragraphs(article) == [
        "Allies agree on troop costs",
        "Seoul and Washington have reached a preliminary deal & more, officials said on Thursday.",
        "“It’s a fair deal,” said a ministry official.\nHe declined to elaborate.",
        "We will not pay five billion dollars.",
        "First point",
        "Second point",
        "Background",
        "Talks began in 2023.",
        "  table   row\n  second  row",
    ]


@pytest.mark.parametrize(
    "furniture",
    ["SCRIPT", "NOSCRIPT", "SVG-TEXT", "cookies", "Share", "Related", "Advertisement",
     "Subscribe", "Reader comment", "All rights reserved", "World", "Home", "comment", "color"],
)  # fmt: skip
def test_html_furniture_never_reaches_the_text(article: SourceDraft, furniture: str) -> None:
    assert furniture not in article.text


def test_html_meta_charset_is_respected() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Новости</title></head><body><p>Москва и Сеул договорились.</p></body></html>"
    )
    draft = read_source_bytes(page.encode("cp1251"), "ru.htm")
    assert draft.title == "Новости"
    assert draft.text == "Москва и Сеул договорились."


def test_html_labelled_latin1_is_read_as_windows_1252() -> None:
    page = '<meta charset="iso-8859-1"><p>“Quoted” – café</p>'
    draft = read_source_bytes(page.encode("cp1252"), "q.html")
    assert draft.text == "“Quoted” – café"


def test_html_with_a_wrong_charset_label_falls_back_to_the_content() -> None:
    page = '<meta charset="utf-8"><p>“Quoted” – café, naïve, Zürich and Málaga. It’s so.</p>'
    draft = read_source_bytes(page.encode("cp1252"), "wrong.html")
    assert draft.text == "“Quoted” – café, naïve, Zürich and Málaga. It’s so."


def test_html_json_ld_fills_what_meta_tags_lack() -> None:
    ld = {
        "@type": ["NewsArticle"],
        "headline": "Budget talks stall",
        "datePublished": "2024-05",
        "author": {"@type": "Person", "name": "Lee Ji-eun"},
        "publisher": {"@type": "Organization", "name": "Daily Example"},
        "mainEntityOfPage": {"@id": "https://example.com/budget"},
        "inLanguage": "ko-KR",
    }
    page = (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script>'
        '<script type="application/ld+json">{ not json</script></head>'
        "<body><p>Talks stalled again.</p></body></html>"
    )
    draft = read_source_bytes(page.encode(), "b.html")
    assert (
        draft.title,
        draft.published,
        draft.author,
        draft.outlet,
        draft.url,
        draft.language,
    ) == (
        "Budget talks stall",
        "2024-05",
        "Lee Ji-eun",
        "Daily Example",
        "https://example.com/budget",
        "ko-KR",
    )


def test_html_without_article_markup_uses_the_densest_block() -> None:
    story = "".join(
        f"<p>Paragraph {i} of the story, with enough words to count.</p>" for i in range(5)
    )
    page = (
        "<html><body><div class='top'><p><a href='/a'>Top link</a></p></div>"
        f"<div class='x1'><div class='x2'>{story}</div></div>"
        "<div class='bottom'><p><a href='/b'>Bottom link</a></p></div></body></html>"
    )
    draft = read_source_bytes(page.encode(), "dense.html")
    assert paragraphs(draft) == [
        f"Paragraph {i} of the story, with enough words to count." for i in range(5)
    ]
    assert draft.title.startswith("Paragraph 0 of the story")


def test_html_title_falls_back_to_the_page_title_without_the_site_name() -> None:
    page = (
        "<html><head><title>Rates rise again – Example Times</title>"
        '<meta property="og:site_name" content="Example Times"></head>'
        "<body><p>Rates rose.</p></body></html>"
    )
    assert read_source_bytes(page.encode(), "r.html").title == "Rates rise again"


def test_html_loads_nothing_external(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    page = (
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}">]>'
        f'<html><body><p>Before &leak; after</p><iframe src="file://{secret}"></iframe>'
        f'<img src="file://{secret}"></body></html>'
    )
    draft = read_source_bytes(page.encode(), "x.html")
    assert "TOP-SECRET" not in draft.text
    assert "Before &leak; after" in draft.text


def test_html_boilerplate_words_never_remove_the_article_itself() -> None:
    page = (
        "<html><body class='has-sidebar cookie-consent-shown'>"
        "<form id='aspnetForm'><div class='layout-with-sidebar'>"
        "<article class='story comments-enabled'>"
        "<header><h1>Headline kept</h1><div class='social-share'>Tweet</div></header>"
        "<p>The story text.</p></article>"
        "<div class='sidebar'><p>Most read</p></div>"
        "</div></form></body></html>"
    )
    assert paragraphs(read_source_bytes(page.encode(), "s.html")) == [
        "Headline kept",
        "The story text.",
    ]


def test_html_hidden_elements_are_dropped() -> None:
    page = (
        "<article><p>Shown.</p><p hidden>Hidden one.</p>"
        "<div style='display: none'><p>Hidden two.</p></div></article>"
    )
    assert read_source_bytes(page.encode(), "h.html").text == "Shown."


def test_html_text_outside_paragraphs_is_kept_as_its_own_paragraph() -> None:
    page = "<article><div>Loose line one<br>line two</div><p>Para <b>bold</b> end.</p></article>"
    assert paragraphs(read_source_bytes(page.encode(), "l.html")) == [
        "Loose line one\nline two",
        "Para bold end.",
    ]


def test_html_with_no_text_cannot_be_imported() -> None:
    page = b"<html><head><script>var a = 1;</script></head><body><nav>Menu</nav></body></html>"
    with pytest.raises(ImportFailedError, match="no article text"):
        read_source_bytes(page, "empty.html")


def test_unknown_extension_is_sniffed_as_html() -> None:
    draft = read_source_bytes(b"<!doctype html><html><body><p>Hello.</p></body></html>", "page")
    assert (draft.format, draft.text) == ("html", "Hello.")


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14", "2024-03-14"),
        ("2024-03-14T23:30:00-05:00", "2024-03-14"),
        ("2024-03", "2024-03"),
        ("March 14, 2024", "2024-03-14"),
        ("14 March 2024", "2024-03-14"),
        ("Thu, 14 Mar 2024 09:00:00 GMT", "2024-03-14"),
        ("March 2024", "2024-03"),
        ("14.03.2024", "2024-03-14"),
        ("03/14/2024", "2024-03-14"),
        ("2024년 3월 14일", "2024-03-14"),
        ("2024年3月", "2024-03"),
        ("03/04/2024", None),
        ("2024", None),
        ("2024-02-30", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected
