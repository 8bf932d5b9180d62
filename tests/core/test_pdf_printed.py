"""An article printed to PDF as people print it comes back verbatim.

Chromium (``/usr/bin/chromium``, installed by ``.ci/run``) prints the article of
:mod:`tests.pdfcorpus` once per session, with its date/title/address/page header and
footer; the imported text must hold every sentence verbatim, its paragraphs, none of the
header and footer, page starts on the right pages, and the dates the date finder knows.
LibreOffice (when installed) is checked in the slow run.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from tests import pdfcorpus

from citeline.core.sources import SourceDraft, read_source_bytes
from citeline.core.timex import extract

HEADS = [r"file://", r"\d{1,2}/\d{1,2}/\d{2,4},", r"\b\d+/\d+\b", re.escape(pdfcorpus.PAGE_TITLE)]


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, Path]:
    if not pdfcorpus.CHROMIUM.exists():
        pytest.skip(f"no Chromium at {pdfcorpus.CHROMIUM} (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("printed")
    out: dict[str, Path] = {}
    for name, paragraphs, size in (("long", None, 15), ("short", 2, 15), ("large", None, 23)):
        html = folder / f"{name}.html"
        html.write_text(pdfcorpus.article_html(paragraphs=paragraphs, font_px=size), "utf-8")
        out[name] = folder / f"{name}.pdf"
        assert pdfcorpus.print_chromium(html, out[name], header_footer=True), name
    return out


def _check_article(draft: SourceDraft, data: bytes, paragraphs: list[list[str]]) -> None:
    for sentence in (s for p in paragraphs for s in p):
        assert sentence in draft.text, sentence
    for paragraph in paragraphs:
        assert f"\n\n{' '.join(paragraph)}\n\n" in f"\n\n{draft.text}\n\n", paragraph[0]
    for head in HEADS:
        assert not re.search(head, draft.text), head
    # each page's text is on that page of the PDF
    document = pdfium.PdfDocument(data)
    assert draft.pages is not None and len(draft.pages) == len(document)
    ends = [*draft.pages[1:], len(draft.text)]
    for n, (start, end) in enumerate(zip(draft.pages, ends, strict=True)):
        on_page = "".join(document[n].get_textpage().get_text_range().split())
        first = "".join(draft.text[start:end].split())  # spaces aside: a kicker's differ
        assert first[:60] in on_page, (n, first[:60])
    document.close()


def test_a_chromium_printed_article_imports_verbatim(printed: dict[str, Path]) -> None:
    data = printed["long"].read_bytes()
    draft = read_source_bytes(data, "article.pdf")
    assert len(draft.pages or []) >= 2
    assert draft.text.startswith(f"{pdfcorpus.KICKER}\n\n{pdfcorpus.TITLE}\n\n")
    _check_article(draft, data, pdfcorpus.PARAGRAPHS)
    found = {m.edtf for m in extract(draft.text, datetime.date(2021, 4, 9))}
    assert {"2021-04-09", "2021-03-05", "2021-03-18", "2020-04"} <= found


def test_paragraphs_and_hyphenated_words_run_on_across_lines_and_pages(
    printed: dict[str, Path],
) -> None:
    """In large type the article's paragraphs run over page breaks and its compounds
    ("cost-sharing", "Computer-simulated") over line ends: each comes back whole."""
    data = printed["large"].read_bytes()
    draft = read_source_bytes(data, "large.pdf")
    assert len(draft.pages or []) >= 3
    _check_article(draft, data, pdfcorpus.PARAGRAPHS)
    cut = [s for s in (draft.pages or [])[1:] if draft.text[s - 2 : s] != "\n\n"]
    assert cut, "no paragraph ran on to the next page: the test no longer tests that"


def test_a_one_page_print_loses_its_header_and_footer_too(printed: dict[str, Path]) -> None:
    data = printed["short"].read_bytes()
    draft = read_source_bytes(data, "short.pdf")
    assert draft.pages == [0]
    assert draft.text.startswith(f"{pdfcorpus.KICKER}\n\n{pdfcorpus.TITLE}\n\n")
    _check_article(draft, data, pdfcorpus.PARAGRAPHS[:2])


@pytest.mark.slow
def test_every_printer_at_hand_gives_the_sentences_back(tmp_path: Path) -> None:
    corpus = pdfcorpus.build(tmp_path)
    if shutil.which("soffice") is None:
        pytest.skip("no LibreOffice (apt-get install libreoffice-writer-nogui)")
    reader = pdfcorpus.readers()["Citeline"]
    for printed_pdf in corpus:
        found, total, whole, paragraphs, heads = pdfcorpus.score(
            printed_pdf,
            reader(printed_pdf.path.read_bytes()),  # type: ignore[operator]
        )
        assert (found, whole, heads) == (total, paragraphs, 0), printed_pdf.printer
