"""Sources from PDF, Word and plain text with front matter or a legacy encoding."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from tests.pdfmaker import make_pdf

from citeline.core.errors import ImportFailedError
from citeline.core.pages import page_label, page_of
from citeline.core.sources import read_source_bytes

# --- PDF ------------------------------------------------------------------------------

REPORT_PAGES = [
    [
        "Talks on sharing the cost of the troops began in Honolulu in April, and negotia-",
        "tors met again in Seoul in May.",
        "",
        "The second paragraph starts here and",
        "ends on this line.",
    ],
    ["Page two holds one paragraph about the Seoul-", "Washington alliance."],
    [],  # a page with a drawing and no text
    ["The fourth page closes the report."],
]


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    info = {
        "Title": "Cost-sharing talks: a report",
        "Author": "Jane Doe",
        "CreationDate": "D:20240314093000+09'00'",
    }
    return make_pdf(REPORT_PAGES, info=info)


def test_pdf_text_is_read_in_order_with_hyphenation_joined(report_pdf: bytes) -> None:
    draft = read_source_bytes(report_pdf, "report.pdf")
    assert draft.format == "pdf"
    assert draft.text.split("\n\n") == [
        "Talks on sharing the cost of the troops began in Honolulu in April, and negotiators "
        "met again in Seoul in May.",
        "The second paragraph starts here and ends on this line.",
        "Page two holds one paragraph about the Seoul-Washington alliance.",
        "The fourth page closes the report.",
    ]


def test_pdf_page_starts_are_recorded(report_pdf: bytes) -> None:
    draft = read_source_bytes(report_pdf, "report.pdf")
    assert draft.pages is not None and len(draft.pages) == 4 and draft.pages[0] == 0
    second = draft.text.index("Page two")
    fourth = draft.text.index("The fourth page")
    assert draft.pages[1] == second
    assert draft.pages[2] == draft.pages[3] == fourth  # the empty page starts where the next does
    assert page_of(draft.pages, draft.text.index("negotiators")) == 1
    assert page_of(draft.pages, second + 5) == 2
    assert page_of(draft.pages, fourth) == 4
    assert page_label(draft.pages, second - 10, second + 4) == "pp. 1\u20132"
    assert page_label(None, 0) == ""


def test_pdf_metadata_comes_from_the_document_info(report_pdf: bytes) -> None:
    draft = read_source_bytes(report_pdf, "report.pdf")
    assert (draft.title, draft.author, draft.published) == (
        "Cost-sharing talks: a report",
        "Jane Doe",
        "2024-03-14",
    )
    assert draft.original == report_pdf and draft.media_type == "application/pdf"


def test_pdf_columns_are_read_one_after_the_other() -> None:
    data = make_pdf(
        [],
        columns=[[["Left column starts", "and goes on."], ["Right column starts", "and ends."]]],
    )
    text = read_source_bytes(data, "cols.pdf").text
    assert text.index("Left column starts and goes on.") < text.index("Right column starts")


def test_pdf_without_a_text_layer_says_so() -> None:
    with pytest.raises(ImportFailedError, match=r"scan\.pdf has no text layer") as caught:
        read_source_bytes(make_pdf([[], []]), "scan.pdf")
    assert "\n" not in str(caught.value)


def test_a_damaged_pdf_is_refused_in_one_line() -> None:
    with pytest.raises(ImportFailedError, match=r"broken\.pdf is not a readable PDF"):
        read_source_bytes(b"%PDF-1.4\nthis is not really a pdf", "broken.pdf")


# --- Word ------------------------------------------------------------------------------


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Minutes of the March meeting"
    document.core_properties.author = "Kim Min-jun"
    document.core_properties.created = datetime(2024, 3, 14, 9, 30)
    document.add_heading("Minutes", level=1)
    document.add_paragraph("The committee met on 12 March.")
    document.add_heading("Decisions", level=2)
    paragraph = document.add_paragraph("First line")
    paragraph.add_run().add_break()
    paragraph.add_run("second line")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("Item", "Vote"), ("Budget", "7-2"))):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Adjourned at noon.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_headings_tables_and_properties() -> None:
    draft = read_source_bytes(_docx(), "minutes.docx")
    assert draft.format == "docx"
    assert draft.text.split("\n\n") == [
        "Minutes",
        "The committee met on 12 March.",
        "Decisions",
        "First line\nsecond line",
        "Item | Vote",
        "Budget | 7-2",
        "Adjourned at noon.",
    ]
    assert (draft.title, draft.author, draft.published) == (
        "Minutes of the March meeting",
        "Kim Min-jun",
        "2024-03-14",
    )
    assert draft.pages is None


def test_a_docx_that_is_not_one_is_refused() -> None:
    with pytest.raises(ImportFailedError, match=r"fake\.docx is not a readable Word document"):
        read_source_bytes(b"PK\x03\x04 word/ nothing else", "fake.docx")


# --- plain text -----------------------------------------------------------------------


def test_txt_front_matter_is_metadata_like_markdown() -> None:
    text = (
        "---\nTITLE: Café society returns\nDATE: 2024-05-02\nAUTHOR: Léa Martin\n---\n\n"
        "The terraces fill again.\n"
    )
    as_txt = read_source_bytes(text.encode(), "cafe.txt")
    as_md = read_source_bytes(text.encode(), "cafe.md")
    assert as_txt.text == "The terraces fill again."
    assert (as_txt.title, as_txt.published, as_txt.author) == (
        "Café society returns",
        "2024-05-02",
        "Léa Martin",
    )
    assert (as_md.title, as_md.published, as_md.author) == (
        as_txt.title,
        as_txt.published,
        as_txt.author,
    )


def test_cp1252_text_decodes_and_says_the_encoding_was_guessed() -> None:
    sentence = "Café society returns to Besançon — …"
    body = f"{sentence}\n\nThe town’s brasseries reopen after “a long decade”, owners say.\n"
    draft = read_source_bytes(body.encode("cp1252"), "besancon.txt")
    assert draft.text.startswith(sentence)
    assert "“a long decade”" in draft.text
    assert draft.warnings == [
        "besancon.txt is not UTF-8; its encoding was taken to be Windows-1252 (Western European)"
    ]


def test_the_sentence_alone_in_cp1252_decodes_right() -> None:
    sentence = "Café society returns to Besançon — …"
    assert read_source_bytes(sentence.encode("cp1252"), "short.txt").text == sentence


def test_utf8_text_is_no_guess() -> None:
    draft = read_source_bytes("Café society returns to Besançon — …".encode(), "u.txt")
    assert draft.warnings == []
