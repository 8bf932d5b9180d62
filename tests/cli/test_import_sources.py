"""``citeline import`` with PDFs, Word files, legacy text and web addresses; ``original``."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from tests.clirun import run
from tests.localserver import serve
from tests.pdfmaker import make_pdf

from citeline.core.store import Store

PAGE = (
    b"<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
    + b"".join(
        b"<p>The harbour reopened to ships on Monday after repairs to the quay walls, "
        b"the port authority said in a statement.</p>"
        for _ in range(4)
    )
    + b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/news/port")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, kind = (PAGE, "text/html") if self.path == "/news/port" else (b"x", "video/mp4")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as address:
        yield address


def test_import_by_address_then_write_the_original(server: str, tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.citeline"
    code, out, err = run(capsys, "import", str(project), f"{server}/old")
    assert code == 0, err
    assert f"added {server}/old: source \u201cPort reopens\u201d" in out
    with Store.open(project, read_only=True) as store:
        source = store.rows("sources")[0]
    assert source["url"] == f"{server}/old" and source["final_url"] == f"{server}/news/port"
    out_file = tmp_path / "copy.html"
    code, out, _ = run(capsys, "original", str(project), str(source["id"]), "-o", str(out_file))
    assert code == 0 and out_file.read_bytes() == PAGE
    assert f"fetched {source['fetched_at']} from {server}/old" in out
    assert f"after redirects: {server}/news/port" in out
    code, out, _ = run(capsys, "import", str(project), f"{server}/old")
    assert code == 0 and "skipped" in out and "already in the project" in out


def test_an_address_of_the_wrong_type_is_one_line_and_adds_nothing(
    server: str, tmp_path: Path, capsys
) -> None:
    project = tmp_path / "p.citeline"
    code, _, err = run(capsys, "import", str(project), f"{server}/video")
    assert code == 1
    assert err.count("\n") == 1 and "video/mp4, not a web page" in err
    with Store.open(project, read_only=True) as store:
        assert store.count("sources") == 0


def test_a_file_address_is_refused(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "p.citeline"), "file:///etc/passwd")
    assert code == 1 and "only http:// and https://" in err and err.count("\n") == 1
    assert not (tmp_path / "p.citeline").exists()


def test_import_a_pdf_and_a_cp1252_text_with_its_warning(tmp_path: Path, capsys) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([["Page one of the report."], ["Page two of the report."]]))
    legacy = tmp_path / "cafe.txt"
    legacy.write_bytes("Café society returns to Besançon — …\n".encode("cp1252"))
    project = tmp_path / "p.citeline"
    code, out, err = run(capsys, "import", str(project), str(pdf), str(legacy))
    assert code == 0
    assert "added report.pdf: source" in out and "2 pages" in out
    assert "warning: cafe.txt is not UTF-8; its encoding was taken to be Windows-1252" in err
    with Store.open(project, read_only=True) as store:
        texts = {r["filename"]: r["text"] for r in store.rows("sources")}
    assert texts["cafe.txt"] == "Café society returns to Besançon — …"


def test_a_scanned_pdf_is_skipped_with_the_reason(tmp_path: Path, capsys) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[]]))
    code, _, err = run(capsys, "import", str(tmp_path / "p.citeline"), str(scan))
    assert code == 1 and "skipped: scan.pdf has no text layer" in err


def test_original_of_a_source_without_one(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.citeline"
    run(capsys, "sample", str(project))
    with Store.open(project) as store:
        sid = store.rows("sources")[0]["id"]
        store.db.execute("DELETE FROM originals")
        store.db.conn.commit()
    code, _, err = run(capsys, "original", str(project), str(sid), "-o", str(tmp_path / "x"))
    assert code == 1 and "has no archived original" in err
