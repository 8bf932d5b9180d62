"""Every importer on mutated and truncated input: a refusal is a one-line CitelineError,
never another exception (which the command line reports as "internal error", exit 70).

The seeds are valid files of each format; each case flips, inserts, deletes or repeats
bytes, or cuts the file short, with a fixed random seed so a failure can be replayed.
The short run is part of every test run; ``-m slow`` runs the long one.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from citeline.core import errors
from citeline.core.importing import import_files
from citeline.core.io import export
from citeline.core.sample import build_sample
from citeline.core.store import Store
from tests import docxmaker as dm
from tests.pdfmaker import make_pdf

ARTICLE = (
    "Title: Allies sign troop cost deal\nDate: 2021-04-08\nAuthor: A. Reporter\n\n"
    "SEOUL, April 8, 2021 — Negotiators signed the deal on Thursday after 18 months.\n\n"
    "“We are pleased,” the minister said on March 5, 2021. Talks resume next week.\n"
)
PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Deal | Wire</title>"
    "<meta property='article:published_time' content='2021-04-08T09:00:00+09:00'>"
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Deal",'
    '"datePublished":"2021-04-08","author":{"name":"A. Reporter"}}</script></head>'
    "<body><nav><a href='/'>Home</a></nav><article><h1>Allies sign deal</h1>"
    + "".join(
        f"<p>Paragraph {i}: negotiators met on <time>April {i + 1}, 2021</time> to discuss "
        "the cost of the troops stationed on the peninsula, officials said.</p>"
        for i in range(5)
    )
    + "<ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
    "</article><footer>© Wire</footer></body></html>"
)
MARKDOWN = (
    "---\ntitle: Allies sign deal\ndate: 2021-04-08\n---\n\n# Allies sign deal\n\n"
    "Negotiators *signed* the [deal](http://example.org) on Thursday.\n\n> A quote.\n\n"
    "- one\n- two\n\n```\ncode\n```\n"
)


def _docx() -> bytes:
    paragraphs = "".join(
        dm.paragraph(f"Paragraph {i} of the minutes, 8 April 2021.") for i in range(5)
    )
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    return dm.package(dm.body(paragraphs + table))


def _items(fmt: str) -> bytes:
    store = Store.memory()
    build_sample(store)
    data = export(store, fmt)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def seeds() -> dict[str, bytes]:
    return {
        "article.txt": ARTICLE.encode(),
        "article.md": MARKDOWN.encode(),
        "article.html": PAGE.encode(),
        "minutes.docx": _docx(),
        "report.pdf": make_pdf([["Allies sign deal.", "On 8 April 2021."], ["Page two."]]),
        "items.csv": _items("csv"),
        "project.json": _items("json"),
        "timeline.json": _items("timelinejs"),
    }


def _mutations(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            break
        at = rng.randrange(len(out))
        op = rng.randrange(6)
        if op == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[at] = rng.choice(b"\x00\xff<>&\"'{}[],;\n\x80\xc3")
        elif op == 2:
            del out[at : at + rng.randint(1, 64)]
        elif op == 3:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 4:
            piece = out[at : at + rng.randint(1, 200)]
            out[at:at] = piece * rng.randint(2, 20)
        else:
            del out[at:]
    return bytes(out)


def _zip_mutations(data: bytes, rng: random.Random) -> bytes:
    """A .docx with one XML part mutated (and recompressed), so the XML parser is fuzzed,
    not only the zip reader."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    victim = rng.choice([n for n in source.namelist() if n.endswith((".xml", ".rels"))])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in source.namelist():
            part = source.read(name)
            z.writestr(name, _mutations(part, rng) if name == victim else part)
    return out.getvalue()


def _cases(name: str, data: bytes, count: int, seed: int) -> list[bytes]:
    rng = random.Random(f"{name}-{seed}")
    cases = [data[: len(data) * k // 8] for k in range(9)]  # cut short, empty to whole
    for n in range(count):
        if name.endswith(".docx") and n % 2:
            cases.append(_zip_mutations(data, rng))
        else:
            cases.append(_mutations(data, rng))
    return cases


def _run(tmp_path: Path, count: int, seed: int) -> None:
    store = Store.memory()
    build_sample(store)
    for name, data in seeds().items():
        outcomes = {"added": 0, "refused": 0}
        for n, case in enumerate(_cases(name, data, count, seed)):
            path = tmp_path / name
            path.write_bytes(case)
            try:
                report = import_files(store, [path], apply=False)
            except errors.CitelineError:
                outcomes["refused"] += 1
                continue  # a one-line refusal is fine
            except Exception as exc:  # what the command line would call an internal error
                raise AssertionError(f"{name} case {n} (seed {seed}): {exc!r}") from exc
            outcomes["added" if report.added else "refused"] += 1
            for _target, why in report.skipped + report.duplicates:
                assert "\n" not in why.strip(), why
                assert "Traceback" not in why and why.strip(), why
        # The cases reach both ends: some are read whole, some refused.
        assert outcomes["added"] and outcomes["refused"], (name, outcomes)


def test_every_importer_survives_mutated_and_truncated_input(tmp_path: Path) -> None:
    _run(tmp_path, count=25, seed=1)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(2, 6))
def test_every_importer_survives_a_long_fuzz_run(tmp_path: Path, seed: int) -> None:
    _run(tmp_path, count=300, seed=seed)


def test_the_seeds_themselves_import() -> None:
    """The fuzzing starts from files that import, so mutations reach deep into parsers."""
    import tempfile

    store = Store.memory()
    build_sample(store)
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in seeds().items():
            path = Path(tmp) / name
            path.write_bytes(data)
            report = import_files(store, [path], apply=False)
            ok = report.added or report.duplicates
            assert ok, (name, report.skipped)
