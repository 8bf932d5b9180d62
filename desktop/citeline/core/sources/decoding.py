"""From a file's bytes to its characters: the format, the encoding, and refusing binary files."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from citeline.core.errors import ImportFailedError

_EXTENSIONS = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "mdown": "md",
    "mkd": "md",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "shtml": "html",
    "pdf": "pdf",
    "docx": "docx",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF; give it the .pdf suffix"),
    (b"PK\x03\x04", "a ZIP archive or an office document; Word documents need .docx"),
    (b"\xd0\xcf\x11\xe0", "an old office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a compressed file"),
    (b"RIFF", "a media file"),
    (b"\x7fELF", "a program"),
)

# Labels that browsers read as a different encoding than their name says: pages labelled
# Latin-1 are written in Windows-1252 (curly quotes in 0x80-0x9f), and so on.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
}

_CHARSET_IN_HTML = re.compile(
    r"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    r"""|<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def _format_of(name: str, data: bytes) -> str:
    """``"txt"``, ``"md"``, ``"html"``, ``"pdf"`` or ``"docx"`` from the file name, or from
    a look at the bytes."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return "docx"
    head = data[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def blank(text: str | bytes) -> bool:
    """Whether ``text`` is empty or only whitespace, without copying a large text."""
    return not text or text.isspace()


def _not_text(name: str, kind: str | None = None) -> ImportFailedError:
    if kind:
        return ImportFailedError(f"{name} is not a text document (it looks like {kind}).")
    return ImportFailedError(f"{name} is not a text document.")


def _decode(data: bytes, name: str, fmt: str) -> str:
    """The characters of a text file, whatever its encoding; refuses binary files."""
    return decode_text(data, name, fmt)[0]


def decode_text(data: bytes, name: str, fmt: str) -> tuple[str, str | None]:
    """The characters of a text file, and the encoding's name when it had to be guessed.

    A byte order mark, a charset an HTML page declares (and that reads it) or valid UTF-8
    are not guesses; anything else is detected from the bytes, and the caller says so.
    """
    if blank(data):
        raise ImportFailedError(f"{name} is empty.")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), None
            except UnicodeDecodeError as e:
                raise _not_text(name) from e
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _not_text(name, kind)
    if b"\x00" in data:
        return _checked(_decode_utf16_without_bom(data, name), name), "UTF-16"
    if fmt == "html":
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return _checked(data.decode(declared), name), None
            except UnicodeDecodeError:
                pass  # a wrong label is common; the content decides below
    try:
        return _checked(data.decode("utf-8"), name), None
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_legacy(data, name)
    return _checked(text, name), encoding_label(encoding)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _checked(text: str, name: str) -> str:
    """``text``, unless control characters show it was decoded from a binary file."""
    if "\x00" in text:
        raise _not_text(name)
    allowed = len(text) / 100
    for n, _control in enumerate(_CONTROL.finditer(text)):  # counted, not collected
        if n >= allowed:
            raise _not_text(name)
    if blank(text):
        raise ImportFailedError(f"{name} is empty.")
    return text


def _decode_utf16_without_bom(data: bytes, name: str) -> str:
    """Text saved as UTF-16 without a byte order mark, told apart from binary by its NULs."""
    # Mostly-Latin UTF-16 has a NUL in every other byte, all on the same side.
    half = max(1, len(data) // 2)
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(data) % 2 == 0 and nuls > half * 0.3 and others < half * 0.02:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    raise _not_text(name)


def _declared_charset(data: bytes) -> str | None:
    """The Python codec an HTML page declares for itself in its first bytes, if usable."""
    found = _CHARSET_IN_HTML.search(data[:4096].decode("latin-1"))
    if not found:
        return None
    label = (found.group(1) or found.group(2)).lower()
    if label.startswith("utf-16") or label.startswith("utf-32"):
        # The label was readable as ASCII, so the bytes cannot be UTF-16 or UTF-32.
        return "utf-8"
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


#: Detection looks at most at this many bytes of a file (at its start); the whole file is
#: then decoded with the encoding found. The detector keeps several decoded copies of
#: what it is given, which for a file of many megabytes would cost far more memory than
#: the text itself, and a few megabytes decide an encoding as well as the whole.
DETECTION_BYTES = 2 * 1024 * 1024


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Text in a pre-Unicode encoding, detected from the bytes themselves."""
    if len(data) > DETECTION_BYTES:
        sample = data[:DETECTION_BYTES]
        guess = _detect(sample, name)[1]
        try:
            return data.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass  # the start was not the whole story: detect on everything
    return _detect(data, name)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and its encoding, as detection finds them."""
    best = from_bytes(data).best()
    if best is None:
        raise _not_text(name)
    text = str(best)
    encoding = str(best.encoding)
    # Detection often cannot tell the Western single-byte code pages apart on a short
    # article and may pick a rarer one (a few accents and curly quotes read as Baltic
    # cp775). Windows-1252 is by far the most common, and what browsers assume for an
    # unlabelled page, so it wins whenever it decodes every byte and reads cleanly: no
    # more garbled than the detector's choice, or under WESTERN_MESS outright (text of
    # another script read as Windows-1252 is a run of stray accented letters, far above).
    # A single-byte code page is one whose result has as many characters as bytes.
    if best.encoding != "cp1252" and len(text) == len(data):
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return text, encoding
        if _mess(western) <= max(best.chaos, WESTERN_MESS):
            return western, "cp1252"
    return text, encoding


#: How garbled (on the detector's scale) Windows-1252 may read and still be preferred.
WESTERN_MESS = 0.1


_LABELS = {
    "cp1252": "Windows-1252 (Western European)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "latin_1": "ISO-8859-1 (Western European)",
    "iso8859_15": "ISO-8859-15 (Western European)",
    "mac_roman": "Mac Roman",
    "cp932": "Shift JIS (Japanese)",
    "shift_jis": "Shift JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "cp949": "EUC-KR (Korean)",
    "euc_kr": "EUC-KR (Korean)",
    "gb18030": "GB18030 (Chinese)",
    "gb2312": "GB2312 (Chinese)",
    "big5": "Big5 (Chinese)",
    "koi8_r": "KOI8-R (Cyrillic)",
}


def encoding_label(encoding: str) -> str:
    """A name for an encoding that people recognize (``Windows-1252``, not ``cp1252``)."""
    return _LABELS.get(encoding.lower().replace("-", "_"), encoding)


def _mess(text: str) -> float:
    """How garbled ``text`` looks, on the scale the encoding detector uses."""
    return float(mess_ratio(text, maximum_threshold=1.0))
