"""Fetch limits that hold before the work is done: a deadline over the whole exchange
(headers included), one content encoding at most, decompressed bytes counted as produced.
Against a server on 127.0.0.1 only."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from tests.localserver import serve

from citeline.core.errors import FetchError
from citeline.core.fetching import fetch

PAGE = (
    b"<html><body><article><p>"
    + b"Talks resumed in Honolulu. " * 20
    + b"</p></article></body></html>"
)
ZEROS = gzip.compress(b"\0" * (4 * 1024 * 1024), 9)  # 4 MB from about 4 KB


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def send(self, body: bytes, encoding: str | None, media_type: str = "text/html") -> None:
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/drip-headers":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: " + b"a" * 200
            for byte in head:  # one byte every 0.1 s: each read succeeds, none ends
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/gzip":
            self.send(gzip.compress(PAGE), "gzip")
        elif self.path == "/deflate":
            self.send(zlib.compress(PAGE), "deflate")
        elif self.path == "/raw-deflate":
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            self.send(packer.compress(PAGE) + packer.flush(), "deflate")
        elif self.path == "/bomb":
            self.send(ZEROS, "gzip", "text/plain")
        elif self.path == "/double":
            self.send(gzip.compress(ZEROS), "gzip, gzip", "text/plain")
        elif self.path == "/brotli":
            self.send(b"\x1b\x00", "br")
        elif self.path == "/damaged":
            self.send(gzip.compress(PAGE)[:20] + b"\xff" * 40, "gzip")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as address:
        yield address


def test_headers_sent_a_byte_at_a_time_end_at_the_deadline(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"took over 1\.5 seconds to download; try again"):
        fetch(f"{server}/drip-headers", timeout=5, total_timeout=1.5)
    assert time.monotonic() - start < 3.5


def test_one_content_encoding_is_undone(server: str) -> None:
    for path in ("/gzip", "/deflate", "/raw-deflate"):
        assert fetch(f"{server}{path}").data == PAGE, path


def test_decompressed_bytes_are_counted_as_they_are_produced(server: str) -> None:
    with pytest.raises(FetchError, match=r"over the 1\.0 MB limit for a source; save the part"):
        fetch(f"{server}/bomb", max_bytes=1024 * 1024)
    assert len(fetch(f"{server}/bomb", max_bytes=5 * 1024 * 1024).data) == 4 * 1024 * 1024


def test_stacked_encodings_and_unknown_ones_are_refused(server: str) -> None:
    with pytest.raises(FetchError, match=r"compressed 2 times over \(gzip, gzip\); Citeline"):
        fetch(f"{server}/double")
    with pytest.raises(FetchError, match="in the br encoding, which Citeline does not read"):
        fetch(f"{server}/brotli")
    with pytest.raises(
        FetchError, match=r"sent (damaged compressed data|compressed data that ends early)"
    ):
        fetch(f"{server}/damaged")


FULL_SCALE = """
import gzip, io, resource, sys
from http.server import BaseHTTPRequestHandler
from tests.localserver import serve
from citeline.core.errors import FetchError
from citeline.core.fetching import fetch

buf = io.BytesIO()
with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as g:
    block = bytes(1 << 20)
    for _ in range(1024):
        g.write(block)
ONE = buf.getvalue()
TWO = gzip.compress(ONE, 9)
del buf

class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        body, enc = (TWO, "gzip, gzip") if self.path == "/two" else (ONE, "gzip")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", enc)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with serve(H) as address:
    for path in ("/one", "/two"):
        try:
            fetch(address + path)
        except FetchError as e:
            print(path, e, file=sys.stderr)
        else:
            raise SystemExit(path + " was accepted")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""


@pytest.mark.slow
def test_gigabyte_bombs_stay_far_under_500_mb() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FULL_SCALE], capture_output=True, text=True, check=True
    )
    assert "compressed 2 times over" in done.stderr and "limit for a source" in done.stderr
    grown_mb = int(done.stdout.split()[-1]) / 1024
    assert grown_mb < 100, grown_mb
