"""Fetching a source by its address: the bytes, where they finally came from, and when.

Only ``http`` and ``https`` addresses are fetched, with httpx: at most
:data:`MAX_REDIRECTS` redirects (each to http or https), a time limit for connecting, for
each read and for the whole download, and at most :data:`MAX_FETCH_BYTES` bytes. Only a
web page, a PDF or plain text is accepted (by the ``Content-Type`` the server sends).
Every refusal is a :class:`~citeline.core.errors.FetchError` with a one-line message.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from citeline import __version__
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
    }
    deadline = time.monotonic() + total_timeout
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(timeout),
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
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
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url} is {_size(int(declared))}, over the {_size(max_bytes)} limit"
                )
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(f"{url} is over the {_size(max_bytes)} limit")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url} took over {total_timeout:g} seconds to download")
                chunks.append(chunk)
    except httpx.TooManyRedirects as e:
        raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times") from e
    except httpx.TimeoutException as e:
        raise FetchError(f"{url} did not answer within {timeout:g} seconds") from e
    except httpx.UnsupportedProtocol as e:
        raise FetchError(f"{url} redirects to an address that is not http or https") from e
    except httpx.InvalidURL as e:
        raise FetchError(f"{url} is not a valid web address ({e})") from e
    except httpx.ConnectError as e:
        raise FetchError(f"{url}: cannot connect ({_reason(e)})") from e
    except httpx.HTTPError as e:
        raise FetchError(f"{url} could not be fetched ({_reason(e)})") from e
    return Fetched(url, final, now_iso(), media_type, fmt, b"".join(chunks))


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:160] or type(error).__name__
