"""PDF text as a reader sees it: running heads and feet gone, paragraphs kept, bounds held.

The PDFs are written by hand (tests/pdfmaker.py), so these run without any printer.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from tests.pdfmaker import make_pdf

from citeline.core.errors import ImportFailedError
from citeline.core.sources import pdf, pdfbounds
from citeline.core.sources.pdf import read_pdf

BODY = [
    [
        "The talks on the troop costs opened in Honolulu in late April.",
        "Both delegations said the first round was useful.",
        "",
        "A second round followed in Seoul in May, when the two sides",
        "exchanged their first written proposals.",
    ],
    [
        "By June the gap between the proposals had narrowed.",
        "Officials expected a draft before the autumn.",
        "",
        "The draft was ready in October.",
    ],
    [
        "It was signed the following spring.",
        "",
        "Both parliaments approved it within months.",
    ],
]


def _with_running_lines(pages: list[list[str]]) -> list[list[str]]:
    return [
        ["Cost-sharing talks: a report", "", *lines, "", "", f"Page {n} of {len(pages)}"]
        for n, lines in enumerate(pages, start=1)
    ]


def test_running_heads_and_page_numbers_leave_the_text_and_page_starts_stay_right() -> None:
    _meta, text, starts = read_pdf(make_pdf(_with_running_lines(BODY)), "report.pdf")
    assert "Cost-sharing talks" not in text and "Page " not in text
    assert text.split("\n\n") == [
        "The talks on the troop costs opened in Honolulu in late April. "
        "Both delegations said the first round was useful.",
        "A second round followed in Seoul in May, when the two sides "
        "exchanged their first written proposals.",
        "By June the gap between the proposals had narrowed. "
        "Officials expected a draft before the autumn.",
        "The draft was ready in October.",
        "It was signed the following spring.",
        "Both parliaments approved it within months.",
    ]
    assert len(starts) == 3
    assert text[starts[1] :].startswith("By June")
    assert text[starts[2] :].startswith("It was signed")


def test_a_line_seen_on_one_page_only_is_kept_even_at_the_top() -> None:
    pages = _with_running_lines(BODY)
    pages[1][0] = "Annex: figures"  # not repeated: page 2's own heading
    _meta, text, _starts = read_pdf(make_pdf(pages), "report.pdf")
    assert text.count("Annex: figures") == 1
    assert "Cost-sharing talks" not in text


def test_a_one_page_print_loses_its_browser_header_and_footer() -> None:
    lines = ["3/14/24, 9:30 AM                    Talks | The Ledger", "", ""]
    lines += BODY[0] + [""] * 44 + ["file:///home/reader/talks.html                   1/1"]
    _meta, text, _starts = read_pdf(make_pdf([lines]), "talks.pdf")
    assert text.startswith("The talks on the troop costs")
    assert text.endswith("exchanged their first written proposals.")


def test_a_lone_number_is_kept_inside_the_text() -> None:
    lines = ["The vote was", "", "2021", "", "and it passed.", "", "Closing line."]
    _meta, text, _starts = read_pdf(make_pdf([lines]), "x.pdf")
    assert "2021" in text


def test_columns_are_read_one_after_the_other() -> None:
    left = ["The left column starts", "and ends here."]
    right = ["The right column starts", "and ends there."]
    _meta, text, _starts = read_pdf(make_pdf([], columns=[[left, right]]), "cols.pdf")
    assert (
        text == "The left column starts and ends here.\n\nThe right column starts and ends there."
    )


# --- bounds -------------------------------------------------------------------------------


def test_a_content_stream_that_unpacks_past_the_limit_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(pdfbounds, "MAX_STREAM_BYTES", 1024 * 1024)
    for layers in (1, 2):
        data = make_pdf([["Hello."]], flate_layers=layers, padding=2 * 1024 * 1024)
        assert len(data) < 20_000
        with pytest.raises(ImportFailedError) as e:
            read_pdf(data, "bomb.pdf")
        message = str(e.value)
        assert "bomb.pdf" in message and "1 MB" in message and "\n" not in message
        assert "print the pages you need" in message


def test_all_streams_together_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(pdfbounds, "MAX_INFLATED_BYTES", 1024 * 1024)
    data = make_pdf([["Page."]] * 4, flate_layers=1, padding=400 * 1024)
    with pytest.raises(ImportFailedError, match=r"more than 1 MB"):
        read_pdf(data, "many.pdf")


def test_a_normal_compressed_pdf_reads(monkeypatch) -> None:
    monkeypatch.setattr(pdfbounds, "MAX_STREAM_BYTES", 1024 * 1024)
    data = make_pdf([["Hello there."]], flate_layers=2, padding=1000)
    assert read_pdf(data, "fine.pdf")[1] == "Hello there."


def test_pages_and_text_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    with pytest.raises(ImportFailedError, match=r"has 3 pages, more than the 2 .*split it"):
        read_pdf(make_pdf(BODY), "long.pdf")
    monkeypatch.setattr(pdf, "MAX_PAGES", 10)
    monkeypatch.setattr(pdf, "MAX_TEXT_CHARS", 250)
    with pytest.raises(ImportFailedError, match=r"more than 250 characters of text by page 2"):
        read_pdf(make_pdf(BODY), "long.pdf")


BOMB_SCRIPT = """
import resource, sys
from citeline.core.errors import ImportFailedError
from citeline.core.sources.pdf import read_pdf
data = open(sys.argv[1], 'rb').read()
try:
    read_pdf(data, 'bomb.pdf')
    print('read')
except ImportFailedError as e:
    print(e)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.slow
def test_a_gigabyte_content_stream_is_refused_within_memory(tmp_path: Path) -> None:
    """The full-scale case: 1 GiB of content in about 1 MB, refused under 500 MB."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    packed = b"".join(packer.compress(chunk) for _ in range(1024)) + packer.flush()
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make_pdf([["Hello."]], flate_layers=1, packed=packed))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    start = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    done = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(bomb)],
        capture_output=True,
        text=True,
        env={**os.environ},
        check=True,
    )
    message, peak_mb = done.stdout.strip().splitlines()
    assert "unpacks to more than 64 MB" in message
    assert int(peak_mb) < 500, peak_mb
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - start < 30


def test_a_browser_print_does_not_take_its_print_date_as_published() -> None:
    made = {"Title": "Talks", "CreationDate": "D:20261207093000Z"}
    meta, _text, _starts = read_pdf(make_pdf([["Text."]], info=made), "report.pdf")
    assert meta.published == "2026-12-07"
    printed = {**made, "Creator": "Mozilla/5.0 HeadlessChrome/156", "Producer": "Skia/PDF m156"}
    meta, _text, _starts = read_pdf(make_pdf([["Text."]], info=printed), "printed.pdf")
    assert meta.title == "Talks" and not meta.published


def test_paragraphs_set_off_by_an_indent_alone_are_kept() -> None:
    lines = [
        "    The first paragraph starts with an indent and runs on",
        "to a second line that ends it here.",
        "    The second paragraph is also indented and it runs",
        "on for a while before it ends.",
        "This line is not indented and continues the paragraph.",
    ]
    _meta, text, _starts = read_pdf(make_pdf([lines]), "book.pdf")
    assert text == (
        "The first paragraph starts with an indent and runs on to a second line that ends "
        "it here.\n\nThe second paragraph is also indented and it runs on for a while before "
        "it ends. This line is not indented and continues the paragraph."
    )


def test_a_browser_print_gives_the_address_in_its_footer() -> None:
    printed = {"Creator": "Mozilla/5.0 HeadlessChrome/156", "Producer": "Skia/PDF m156"}
    address = "https://news.example.org/2021/04/09/allies-sign-deal"
    pages = [  # the footer at the same place on every page
        ["3/14/24, 9:30 AM    Deal", "", "", *lines, *[""] * (15 - len(lines)), f"{address}  {n}/3"]
        for n, lines in enumerate(BODY, start=1)
    ]
    meta, text, _starts = read_pdf(make_pdf(pages, info=printed), "deal.pdf")
    assert meta.url == address and "example.org" not in text and "3/14/24" not in text
    shortened = [[*p[:-1], p[-1].replace("allies-sign-deal", "allies\u2026")] for p in pages]
    meta, text, _starts = read_pdf(make_pdf(shortened, info=printed), "deal.pdf")
    assert meta.url is None and "example.org" not in text  # cut short: not an address
    meta, _text, _starts = read_pdf(make_pdf(pages), "not-printed.pdf")
    assert meta.url is None


def test_a_paragraph_running_on_to_the_next_page_stays_one() -> None:
    pages = [
        ["The talks went on for", "many months, and the negotia-"],
        ["tors met again in May,"],
        ["Then it ended."],
        ["A new paragraph starts this page."],
    ]
    _meta, text, starts = read_pdf(make_pdf(pages), "run-on.pdf")
    assert text == (
        "The talks went on for many months, and the negotiators met again in May, "
        "Then it ended.\n\nA new paragraph starts this page."
    )
    assert [text[s : s + 9] for s in starts] == ["The talks", "tors met ", "Then it e", "A new par"]


def test_a_word_broken_at_a_line_end_is_written_as_elsewhere_in_the_document() -> None:
    from citeline.core.sources.pdflines import BREAK, resolve_breaks

    text = (
        f"The cost{BREAK}sharing talks. The cost-sharing deal. "
        f"Negotia{BREAK}tors met the negotiators."
    )
    out, starts = resolve_breaks(text, [0, 20, 60], keep=True)
    assert out == "The cost-sharing talks. The cost-sharing deal. Negotiators met the negotiators."
    assert starts == [0, 20, 59]
    # seen nowhere else: a browser's line ends keep the hyphen, a typesetter's do not
    assert resolve_breaks(f"a six{BREAK}year deal", [0], keep=True)[0] == "a six-year deal"
    assert resolve_breaks(f"the negotia{BREAK}tions", [0], keep=False)[0] == "the negotiations"
