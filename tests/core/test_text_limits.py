"""Limits on text, Markdown and web page sources, checked before the work is done."""

from __future__ import annotations

import pytest

import citeline.core.sources as sources
from citeline.core.errors import ImportFailedError
from citeline.core.sources import decoding, html, read_source_bytes


def test_a_text_source_over_its_limit_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sources, "MAX_TEXT_BYTES", 1024 * 1024)
    big = ("The council met on Tuesday 😀.\n" * 40_000).encode()
    with pytest.raises(ImportFailedError, match=r"big\.txt is 1\.3 MB, over the 1 MB limit for a"):
        read_source_bytes(big, "big.txt")
    assert read_source_bytes(big[: 1000 * 33], "small.txt").text.startswith("The council")


def test_a_page_with_too_many_tags_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(html, "MAX_TAGS", 1000)
    page = "<html><body><article><p>" + "<i>x</i>" * 1200 + "</p></article></body></html>"
    with pytest.raises(ImportFailedError, match=r"tags\.html holds over 1,000 HTML tags"):
        read_source_bytes(page.encode(), "tags.html")


def test_a_large_page_is_read_by_the_heuristics_without_its_prompts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(html, "LARGE_PAGE", 2000)
    body = "".join(
        f"<p>Paragraph {i}: the committee met again to discuss the cost of the bridge.</p>"
        for i in range(60)
    )
    page = (
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        + body
        + "<p>ADVERTISEMENT — Try our premium newsletter today!</p></article></body></html>"
    )
    text = read_source_bytes(page.encode(), "large.html").text
    assert text.count("Paragraph") == 60 and "premium" not in text and "Home" not in text


def test_legacy_detection_reads_a_sample_then_decodes_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(decoding, "DETECTION_BYTES", 4096)
    line = "Le café de Besançon rouvre ses portes. “Enfin”, dit un habitué. 2 €.\n"
    text = line * 2000
    draft = read_source_bytes(text.encode("cp1252"), "cafe.txt")
    assert draft.text == text.rstrip()
    assert "Windows-1252" in draft.warnings[0]


def test_control_characters_still_mark_a_binary_file() -> None:
    with pytest.raises(ImportFailedError, match="is not a text document"):
        read_source_bytes(bytes(range(1, 32)) * 100, "binary.txt")


def test_a_title_comes_from_the_start_of_a_long_first_paragraph() -> None:
    text = "The deal was signed in Seoul on Thursday. " + "More words follow here. " * 5000
    assert read_source_bytes(text.encode(), "deal.txt").title == (
        "The deal was signed in Seoul on Thursday"
    )
    with pytest.raises(ImportFailedError, match=r"blank\.txt is empty"):
        read_source_bytes(b"\n\n   \n", "blank.txt")
