"""Fetching a source by its address: the bytes, where they finally came from, and when.

Only ``http`` and ``https`` addresses are fetched, with httpx: at most
:data:`MAX_REDIRECTS` redirects (each to http or https), a time limit for connecting and
for each read, and :data:`TOTAL_TIMEOUT` over the whole exchange — every connection, the
headers and the body of every redirect (a server that sends its headers a byte at a time
is cut off at the deadline, see :mod:`.deadline`). At most one content encoding (gzip or
deflate) is accepted, and it is undone here, a piece at a time, so that
:data:`MAX_FETCH_BYTES` counts the bytes as they are produced: a compression bomb stops
at the limit instead of filling memory first. Only a web page, a PDF or plain text is
accepted (by the ``Content-Type`` the server sends). Every refusal is a
:class:`~citeline.core.errors.FetchError` with a one-line message.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from citeline import __version__
from citeline.core.deadline import DeadlinePassed, bind_deadline
from citeline.core.errors import FetchError
from citeline.core.store import now_iso

MAX_FETCH_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 20.0
"""Seconds allowed to connect and between two reads; the whole download gets
:data:`TOTAL_TIMEOUT`."""
TOTAL_TIMEOUT = 60.0

#: Media types Citeline reads, and the source format each is read as.
ACCEPTED = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "text/markdown": "md",
}


@dataclass(frozen=True)
class Fetched:
    """What an address gave."""

    url: str
    """The address asked for."""
    final_url: str
    """The address the bytes came from, after redirects."""
    fetched_at: str
    """When the download finished (UTC, ISO 8601, seconds)."""
    media_type: str
    format: str
    """The source format to read it as: ``html``, ``pdf``, ``txt`` or ``md``."""
    data: bytes

    @property
    def filename(self) -> str:
        """A file name for the download: the address's last path part, or its host."""
        parts = urlsplit(self.final_url)
        last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or (parts.hostname or "page")
        last = re.sub(r"[^\w.\-]+", "_", last)[:100] or "page"
        return last


def looks_like_address(text: str) -> bool:
    """Whether ``text`` is a web address rather than a file name."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text.strip()) is not None


def check_address(url: str) -> str:
    """``url`` stripped, or a FetchError saying why Citeline will not fetch it."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or url
        raise FetchError(
            f"{url}: Citeline fetches only http:// and https:// addresses, not {shown}"
        )
    if not parts.hostname:
        raise FetchError(f"{url} is not a complete web address")
    return url


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    max_bytes: int = MAX_FETCH_BYTES,
) -> Fetched:
    """Download ``url`` within the limits above, or raise a one-line FetchError."""
    import httpx

    url = check_address(url)
    headers = {
        "User-Agent": f"Citeline/{__version__} (source archiving)",
        "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    deadline = time.monotonic() + total_timeout
    too_slow = f"{url} took over {total_timeout:g} seconds to download; try again later"
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(timeout),
                headers=headers,
            ) as client,
            _bound(client, deadline).stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchError(f"{url}: the server answered {response.status_code} {reason}")
            final = str(response.url)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            fmt = ACCEPTED.get(media_type)
            if fmt is None:
                shown = media_type or "of no stated type"
                raise FetchError(
                    f"{url} is {shown}, not a web page, a PDF or plain text; "
                    "Citeline did not download it"
                )
            inflate = _decoder(url, response.headers.get("content-encoding", ""))
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url} is {_size(int(declared))}, over the {_size(max_bytes)} limit "
                    "for a source; save the part you need as a file and import that"
                )
            data = _read_body(url, response.iter_raw(), inflate, max_bytes, deadline, too_slow)
    except DeadlinePassed as e:
        raise FetchError(too_slow) from e
    except httpx.TooManyRedirects as e:
        raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times") from e
    except httpx.TimeoutException as e:
        if time.monotonic() >= deadline:
            raise FetchError(too_slow) from e
        raise FetchError(f"{url} did not answer within {timeout:g} seconds") from e
    except httpx.UnsupportedProtocol as e:
        raise FetchError(f"{url} redirects to an address that is not http or https") from e
    except httpx.InvalidURL as e:
        raise FetchError(f"{url} is not a valid web address ({e})") from e
    except httpx.ConnectError as e:
        raise FetchError(f"{url}: cannot connect ({_reason(e)})") from e
    except httpx.HTTPError as e:
        raise FetchError(f"{url} could not be fetched ({_reason(e)})") from e
    return Fetched(url, final, now_iso(), media_type, fmt, data)


def _bound(client: Any, deadline: float) -> Any:
    bind_deadline(client, deadline)
    return client


def _decoder(url: str, header: str) -> Any:
    """A zlib decompressor for the response's one content encoding, or None without one.

    Two or more encodings (``gzip, gzip``) are refused: no honest server stacks them, and
    each layer multiplies what a few bytes can expand to.
    """
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > 1:
        raise FetchError(
            f"{url} is compressed {len(codings)} times over ({', '.join(codings)}); Citeline "
            "accepts one content encoding: save the page with a browser and import the file"
        )
    if not codings:
        return None
    if codings[0] in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if codings[0] == "deflate":
        return _Deflate()
    raise FetchError(
        f"{url} is sent in the {codings[0]} encoding, which Citeline does not read; "
        "save the page with a browser and import the file"
    )


class _Deflate:
    """``deflate`` as servers send it: zlib-wrapped, or (wrongly, but often) raw."""

    def __init__(self) -> None:
        self._inner: Any = None
        self._head = b""

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        if self._inner is None:
            self._head += data
            if len(self._head) < 2:
                return b""
            wrapped = (self._head[0] & 0x0F) == 8 and int.from_bytes(self._head[:2]) % 31 == 0
            self._inner = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._head = self._head, b""
        return bytes(self._inner.decompress(data, max_length))

    @property
    def eof(self) -> bool:
        return self._inner is not None and bool(self._inner.eof)

    @property
    def unconsumed_tail(self) -> bytes:
        return b"" if self._inner is None else bytes(self._inner.unconsumed_tail)


def _read_body(
    url: str,
    raw: Iterator[bytes],
    inflate: Any,
    max_bytes: int,
    deadline: float,
    too_slow: str,
) -> bytes:
    """The body, decompressed a bounded piece at a time, counted as it is produced."""
    over = (
        f"{url} is over the {_size(max_bytes)} limit for a source; save the part you need "
        "as a file and import that"
    )
    chunks: list[bytes] = []
    received = 0
    for chunk in raw:
        if time.monotonic() > deadline:
            raise FetchError(too_slow)
        pending = chunk
        while pending:
            if inflate is None:
                piece, pending = pending, b""
            else:
                try:
                    piece = inflate.decompress(pending, max_bytes - received + 1)
                except zlib.error as e:
                    raise FetchError(
                        f"{url} sent damaged compressed data ({e}); try again later"
                    ) from e
                pending = inflate.unconsumed_tail
            received += len(piece)
            if received > max_bytes:
                raise FetchError(over)
            chunks.append(piece)
            if inflate is not None and not piece:
                break
    if inflate is not None and not inflate.eof:
        raise FetchError(f"{url} sent compressed data that ends early; try again later")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:160] or type(error).__name__
