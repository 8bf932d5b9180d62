"""PDFs of one article as people make them, and how well each reader gets its sentences back.

The article (:data:`PARAGRAPHS`) is printed by every printer at hand: Chromium's
``--print-to-pdf`` with and without its date/title/address/page header and footer,
LibreOffice Writer (a word-processor document with a running head and page numbers), and
:mod:`tests.pdfmaker` (PDF written by hand). Each PDF is then read by Citeline, by
``pdftotext`` and by PDFium's own ``get_text_range()``, and scored: the sentences found
verbatim (whitespace runs taken as one space, so that the line-broken text of the other
two readers is judged fairly) and the running heads and feet left in the text.

``uv run python -m tests.pdfcorpus [DIR]`` prints the table; the tests use :func:`build`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from citeline.commands.bench_html import CHROMIUM, FLAGS

# Chromium's path and flags are the browser tests' (CITELINE_CHROMIUM overrides the path);
# this version hides its date/title/address header and footer with --no-pdf-header-footer
# (the older --print-to-pdf-no-header is ignored).
CHROMIUM_FLAGS = ["--headless", *FLAGS]
TITLE = "Allies sign troop cost deal after long talks"
KICKER = "DEFENCE AND DIPLOMACY"  # set letter-spaced above the title
PAGE_TITLE = "Troop cost deal | Harbour Street Ledger"  # the tab title a browser prints
PARAGRAPHS = [
    [
        "SEOUL, April 9, 2021 \u2014 Seoul and Washington signed a new cost-sharing agreement "
        "on Thursday, officials said.",
        "The deal was first agreed in principle on March 5, 2021, after more than a year of talks.",
    ],
    [
        "Under the six-year accord, South Korea raises its contribution by 13.9 percent this year.",
        "Later increases follow the growth of its defence budget.",
        "\u201cThis is a fair and balanced result,\u201d a foreign ministry spokesperson told "
        "reporters in the capital.",
    ],
    [
        "Negotiators had been stuck since the previous administration demanded a fivefold "
        "increase in 2019.",
        "That demand, which would have cost Seoul nearly $5 billion a year, was dropped within "
        "weeks of the inauguration.",
        "Officials on both sides described the new talks as quieter and more technical.",
    ],
    [
        "About 28,500 American troops are stationed in South Korea under a mutual defence treaty.",
        "Local employees of the bases were placed on unpaid leave in April 2020 when the "
        "previous agreement lapsed.",
        "Their pay was restored in June of that year under a stopgap arrangement.",
    ],
    [
        "The agreement still needs the approval of the National Assembly in Seoul.",
        "Lawmakers from the governing party said a vote could come before the summer recess.",
        "Opposition members asked for a hearing on the yearly increases first.",
    ],
    [
        "Analysts in both capitals welcomed the end of a dispute that had strained the alliance.",
        "\u201cThe money was never the real issue; trust was,\u201d said a researcher at a "
        "university institute in Seoul.",
        "She added that the next round of talks would begin in 2025 and test the accord again.",
    ],
    [
        "In Washington, the State Department called the deal a sign of renewed commitment to "
        "allies in the region.",
        "Its statement was issued on Wednesday evening, several hours before the signing ceremony.",
        "A similar agreement with Japan was concluded in February.",
    ],
    [
        "Defence ministers of the two countries met in Seoul on March 18, 2021, to review "
        "joint exercises.",
        "They agreed to keep the spring drills small because of the pandemic.",
        "Computer-simulated training replaced most of the field manoeuvres.",
    ],
    [
        "Critics said the six-year term ties the hands of future governments on both sides.",
        "Supporters answered that a long accord spares the bases another year of uncertainty.",
        "Both camps agreed that the workers\u2019 leave of 2020 must not happen again.",
    ],
    [
        "The signing took place at the foreign ministry in central Seoul.",
        "The chief negotiators exchanged the documents and shook hands for the cameras.",
        "Neither side took questions after the ceremony.",
    ],
    [
        "Public opinion polls in South Korea showed broad support for keeping the troops.",
        "A survey published in January found that seven in ten adults backed the alliance.",
        "Younger respondents were less certain than their parents.",
    ],
    [
        "Economists noted that the contribution pays mainly for local wages, construction and "
        "logistics.",
        "Most of the money therefore stays in the South Korean economy.",
        "That point was made repeatedly by the government during the talks.",
    ],
    [
        "The next test for the alliance is expected in the autumn, when both governments "
        "review the command structure.",
        "A transfer of wartime operational control has been discussed for more than a decade.",
        "No date for it has been set.",
    ],
    [
        "For now, officials on both sides say the relationship is back on a steady footing.",
        "The accord runs until the end of 2025.",
    ],
]
SENTENCES = [s for paragraph in PARAGRAPHS for s in paragraph]
WHOLE = [" ".join(p) for p in PARAGRAPHS]
PRINTED = [KICKER, TITLE, *SENTENCES]  # what a browser prints


@dataclass
class Printed:
    """One PDF of the corpus: how it was made, the sentences it holds, the heads and feet
    it carries (as patterns that match nothing in the article itself)."""

    printer: str
    path: Path
    sentences: list[str]
    heads: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def article_html(*, paragraphs: int | None = None, font_px: int = 15) -> str:
    """The article (or its first paragraphs) as a web page, as a browser would print it:
    justified, under a letter-spaced kicker."""
    body = "".join(f"<p>{escape(' '.join(p))}</p>\n" for p in PARAGRAPHS[:paragraphs])
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(PAGE_TITLE)}</title><style>"
        f"body{{font-family:'DejaVu Serif',serif;font-size:{font_px}px;max-width:38em;margin:auto;"
        "text-align:justify}h1{font-family:'DejaVu Sans',sans-serif}"
        ".kicker{letter-spacing:0.25em;font-size:12px}</style></head><body>"
        f'<p class="kicker">{KICKER}</p><h1>{escape(TITLE)}</h1>\n{body}</body></html>'
    )


def print_chromium(html: Path, out: Path, *, header_footer: bool) -> bool:
    """Print ``html`` to ``out`` with the system's Chromium; False without one."""
    if not CHROMIUM.exists():
        return False
    flags = [] if header_footer else ["--no-pdf-header-footer"]
    subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, *flags, f"--print-to-pdf={out}", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    return out.exists() and out.stat().st_size > 0


def print_libreoffice(folder: Path, out: Path) -> bool:
    """The article as a Writer document with a running head and page numbers, printed to
    ``out`` by LibreOffice; False without it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Harbour Street Ledger \u2014 Defence desk"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    footer._p.append(field_)
    document.add_heading(TITLE, level=1)
    for paragraph in PARAGRAPHS * 2:  # long enough for several pages
        document.add_paragraph(" ".join(paragraph))
    source = folder / "article.docx"
    document.save(str(source))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    made = folder / "article.pdf"
    if not made.exists():
        return False
    made.replace(out)
    return True


def print_pdfmaker(out: Path) -> None:
    """The article as lines of a hand-written PDF with a running head and page numbers."""
    from tests.pdfmaker import make_pdf

    words = " ".join(" ".join(p) for p in PARAGRAPHS).split()
    lines: list[str] = []
    line = ""
    for word in words:
        if len(line) + len(word) > 80:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    text = [ln.encode("cp1252", "replace").decode("cp1252") for ln in lines]
    pages = [
        ["Harbour Street Ledger - Defence desk", "", *text[i : i + 40], "", f"- {n + 1} -"]
        for n, i in enumerate(range(0, len(text), 40))
    ]
    out.write_bytes(make_pdf(pages))


def build(folder: Path) -> list[Printed]:
    """Print the corpus into ``folder``: every printer at hand."""
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "article.html"
    html.write_text(article_html(), encoding="utf-8")
    chromium_heads = [
        r"file://",
        r"\d{1,2}/\d{1,2}/\d{2,4},",
        r"\b\d+/\d+\b",
        re.escape(PAGE_TITLE),
    ]
    made: list[Printed] = []
    out = folder / "chromium-header-footer.pdf"
    if print_chromium(html, out, header_footer=True):
        made.append(Printed("Chromium, header and footer", out, PRINTED, chromium_heads, WHOLE))
    out = folder / "chromium-plain.pdf"
    if print_chromium(html, out, header_footer=False):
        made.append(Printed("Chromium, no header/footer", out, PRINTED, chromium_heads, WHOLE))
    large = folder / "large.html"
    large.write_text(article_html(font_px=23), encoding="utf-8")
    out = folder / "chromium-large.pdf"
    if print_chromium(large, out, header_footer=True):
        made.append(Printed("Chromium, large type", out, PRINTED, chromium_heads, WHOLE))
    short = folder / "short.html"
    short.write_text(article_html(paragraphs=2), encoding="utf-8")
    out = folder / "chromium-one-page.pdf"
    if print_chromium(short, out, header_footer=True):
        made.append(
            Printed(
                "Chromium, one page",
                out,
                [KICKER, TITLE, *SENTENCES[:5]],
                chromium_heads,
                WHOLE[:2],
            )
        )
    out = folder / "libreoffice.pdf"
    if print_libreoffice(folder, out):
        made.append(Printed("LibreOffice Writer", out, SENTENCES, [r"Ledger", r"Page \d"], WHOLE))
    out = folder / "pdfmaker.pdf"
    print_pdfmaker(out)
    ascii_sentences = [s.encode("cp1252", "replace").decode("cp1252") for s in SENTENCES]
    made.append(Printed("tests/pdfmaker.py", out, ascii_sentences, [r"Ledger", r"- \d+ -"]))
    return made


def _norm(text: str) -> str:
    return " ".join(text.split())


def readers() -> dict[str, object]:
    """Each reader as a function from a PDF's bytes to its text."""
    import pypdfium2 as pdfium

    from citeline.core.sources.pdf import read_pdf

    def citeline(data: bytes) -> str:
        return read_pdf(data, "corpus.pdf")[1]

    def pdfium_range(data: bytes) -> str:
        document = pdfium.PdfDocument(data)
        try:
            return "\n".join(
                document[i].get_textpage().get_text_range() for i in range(len(document))
            )
        finally:
            document.close()

    out: dict[str, object] = {"Citeline": citeline}
    before = _reader_on_main()
    if before is not None:
        out["Citeline (main)"] = before
    if shutil.which("pdftotext"):

        def pdftotext(data: bytes) -> str:
            done = subprocess.run(
                ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
            )
            return done.stdout.decode("utf-8")

        out["pdftotext"] = pdftotext
    out["get_text_range"] = pdfium_range
    return out


def _reader_on_main() -> object | None:
    """The PDF reader as the main branch has it, to compare (None outside a git tree)."""
    import importlib.util

    done = subprocess.run(
        ["git", "show", "main:desktop/citeline/core/sources/pdf.py"],
        capture_output=True,
        check=False,
        cwd=Path(__file__).parent,
    )
    if done.returncode:
        return None
    path = Path(tempfile.mkdtemp()) / "pdf_main.py"
    path.write_bytes(done.stdout)
    spec = importlib.util.spec_from_file_location("pdf_main", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return lambda data: module.read_pdf(data, "corpus.pdf")[1]


def score(printed: Printed, text: str) -> tuple[int, int, int, int, int]:
    """(sentences found verbatim, sentences, paragraphs found whole between blank lines,
    paragraphs, heads and feet left) for one reading."""
    flat = _norm(text)
    found = sum(_norm(s) in flat for s in printed.sentences)
    blocks = {_norm(b) for b in re.split(r"\n\s*\n", text)}
    whole = sum(_norm(p) in blocks for p in printed.paragraphs)
    heads = sum(len(re.findall(h, text)) for h in printed.heads)
    return found, len(printed.sentences), whole, len(printed.paragraphs), heads


def app_export(folder: Path) -> Printed | None:
    """The sample's timeline exported as PDF by Citeline itself: its event titles are the
    sentences, the title repeated on every page its running head."""
    from citeline.core.sample import write_sample
    from citeline.core.store import Store

    project = folder / "sample.citeline"
    for old in folder.glob("sample.citeline*"):
        old.unlink()
    write_sample(project)
    store = Store.open(project)
    try:
        titles = [str(r["title"]) for r in store.rows("events")]
    finally:
        store.close()
    out = folder / "app-export.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "citeline",
            "export",
            str(project),
            "--format",
            "pdf",
            "-o",
            str(out),
        ],
        capture_output=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    if done.returncode or not out.exists():
        return None
    return Printed("Citeline's own PDF export", out, titles)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    corpus = build(folder)
    exported = app_export(folder)
    if exported is not None:
        corpus.append(exported)
    reading = readers()
    print(f"{'printer':32}" + "".join(f"{name:>26}" for name in reading))
    for printed in corpus:
        data = printed.path.read_bytes()
        cells = []
        for read in reading.values():
            try:
                found, total, whole, paragraphs, heads = score(printed, read(data))  # type: ignore[operator]
                cells.append(f"{found}/{total} s, {whole}/{paragraphs} p, {heads} h/f")
            except Exception as e:  # a reader that fails is a result too
                cells.append(type(e).__name__)
        print(f"{printed.printer:32}" + "".join(f"{c:>26}" for c in cells))
    print("s: sentences verbatim; p: paragraphs whole between blank lines (one cut by a page")
    print("break counts as lost); h/f: running heads and feet left in the text")
    print(f"PDFs in {folder}")


if __name__ == "__main__":
    main()
