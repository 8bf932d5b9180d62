"""Fetching sources by address, against a server on 127.0.0.1 only."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from tests.localserver import serve
from tests.pdfmaker import make_pdf

from citeline.core import items
from citeline.core.errors import DuplicateSourceError, FetchError
from citeline.core.fetching import check_address, fetch, looks_like_address
from citeline.core.importing import import_files
from citeline.core.sources import read_address
from citeline.core.store import Store

PAGE = (
    "<html lang='en'><head><title>Talks resume | Example Wire</title>"
    "<meta property='og:site_name' content='Example Wire'>"
    "<meta property='article:published_time' content='2024-03-14T09:00:00+09:00'></head>"
    "<body><article><h1>Talks resume</h1>"
    + "".join(
        f"<p>Paragraph {i}: negotiators from both sides met again in Honolulu to "
        "discuss the cost of the troops stationed on the peninsula.</p>"
        for i in range(4)
    )
    + "</article></body></html>"
).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def send(self, status: int, body: bytes, media_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/page":
            self.send(200, PAGE, "text/html; charset=utf-8")
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[-1])
            target = "/page" if n == 0 else f"/hop/{n - 1}"
            self.send(302, b"", "text/html", Location=target)
        elif path == "/to-file":
            self.send(302, b"", "text/html", Location="file:///etc/passwd")
        elif path == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif path == "/big":
            self.send(200, b"<p>" + b"x" * 5000 + b"</p>", "text/html")
        elif path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the limit must hold while reading
            for _ in range(10):
                self.wfile.write(b"y" * 1000)
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, PAGE, "text/html")
        elif path == "/missing":
            self.send(404, b"not here", "text/plain")
        elif path == "/report.pdf":
            self.send(200, make_pdf([["Page one."], ["Page two."]]), "application/pdf")
        elif path == "/notes.txt":
            self.send(200, "Café society returns.\n".encode(), "text/plain; charset=utf-8")
        else:
            self.send(404, b"", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as address:
        yield address


def test_a_page_is_fetched_and_read_like_a_saved_file(server: str) -> None:
    draft = read_address(f"{server}/page")
    assert draft.title == "Talks resume" and draft.outlet == "Example Wire"
    assert draft.published == "2024-03-14"
    assert draft.url == f"{server}/page" and draft.final_url == f"{server}/page"
    assert draft.fetched_at and draft.fetched_at.endswith("Z")
    assert draft.original == PAGE and draft.format == "html"


def test_redirects_are_followed_and_the_final_address_kept(server: str) -> None:
    draft = read_address(f"{server}/hop/4")  # five redirects: the most followed
    assert draft.url == f"{server}/hop/4"
    assert draft.final_url == f"{server}/page"


def test_more_than_five_redirects_are_refused(server: str) -> None:
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch(f"{server}/hop/5")


def test_a_redirect_away_from_http_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="not http or https"):
        fetch(f"{server}/to-file")


def test_the_wrong_type_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="is image/png, not a web page, a PDF or plain text"):
        fetch(f"{server}/image")


def test_oversize_is_refused_by_its_length_and_while_reading(server: str) -> None:
    with pytest.raises(FetchError, match="over the 4,096 bytes limit"):
        fetch(f"{server}/big", max_bytes=4096)
    with pytest.raises(FetchError, match="is over the 4,096 bytes limit"):
        fetch(f"{server}/big-unannounced", max_bytes=4096)


def test_a_slow_server_times_out(server: str) -> None:
    with pytest.raises(FetchError, match=r"did not answer within 0\.3 seconds"):
        fetch(f"{server}/slow", timeout=0.3)


def test_an_error_status_is_reported(server: str) -> None:
    with pytest.raises(FetchError, match="the server answered 404"):
        fetch(f"{server}/missing")


def test_nothing_listening_is_a_one_line_error() -> None:
    with pytest.raises(FetchError, match="cannot connect") as caught:
        fetch("http://127.0.0.1:9/none")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "address", ["file:///etc/passwd", "ftp://example.com/a", "javascript:alert(1)", "http://"]
)
def test_only_http_and_https_addresses(address: str) -> None:
    with pytest.raises(FetchError):
        check_address(address)


def test_what_looks_like_an_address() -> None:
    assert looks_like_address("https://example.com/a")
    assert not looks_like_address("notes/https.txt")
    assert not looks_like_address("C:\\articles\\a.html")


def test_a_pdf_and_a_text_by_address(server: str) -> None:
    pdf = read_address(f"{server}/report.pdf")
    assert pdf.format == "pdf" and pdf.pages == [0, pdf.text.index("Page two.")]
    assert pdf.filename == "report.pdf"
    text = read_address(f"{server}/notes.txt")
    assert text.text == "Café society returns."


def test_importing_an_address_keeps_the_original_and_refuses_it_twice(server: str) -> None:
    store = Store.memory()
    report = import_files(store, [f"{server}/page"])
    assert not report.skipped and len(report.added) == 1
    source = store.rows("sources")[0]
    assert source["url"] == f"{server}/page" and source["fetched_at"]
    original = store.row("originals", source["id"])
    assert original is not None and original["content"] == PAGE
    assert original["media_type"] == "text/html"
    again = import_files(store, [f"{server}/page"])
    assert again.duplicates and not again.added
    # the same bytes from another address are another fetch: kept, with a warning
    other = import_files(store, [f"{server}/hop/1"])
    assert len(other.added) == 1
    assert any("same text" in w for _, w in other.warnings)
    with pytest.raises(DuplicateSourceError):
        items.add_source(store, read_address(f"{server}/page"))
