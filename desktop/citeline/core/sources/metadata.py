"""What a document says about itself, and the publication dates, URLs and language tags in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as date_parser


@dataclass
class _Meta:
    """Metadata found in a document; the first value found for a field wins."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None

    def offer(self, name: str, value: str | None) -> None:
        """Record ``value`` for field ``name`` unless the field already has one."""
        if value is None:
            return
        value = " ".join(value.split())
        if not value or getattr(self, name) is not None:
            return
        if name == "published":
            iso = iso_date(value)
            if iso is not None:
                self.published = iso
        elif name == "url":
            if _is_url(value):
                self.url = value
        elif name == "language":
            self.language = _language_tag(value)
        elif name == "author":
            self.author = re.sub(r"^by\s+", "", value, flags=re.IGNORECASE) or None
        else:
            setattr(self, name, value)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_CJK_DATE = re.compile(r"^(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月](?:\s*(\d{1,2})\s*[일日])?")


def _valid(year: int, month: int, day: int | None) -> str | None:
    try:
        datetime(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` for a publication date as pages write it, else ``None``.

    A timestamp keeps the calendar date it was written with (its own time zone), because
    that is the date the outlet printed. A date with neither day nor month, or one whose
    day and month could be swapped (``03/04/2024``), gives ``None`` rather than a guess.
    """
    value = value.strip()
    match = _ISO_DATE.match(value) or _CJK_DATE.match(value)
    if match:
        day = match.group(3)
        return _valid(int(match.group(1)), int(match.group(2)), int(day) if day else None)
    match = _NUMERIC_DATE.match(value)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return _valid(year, second, first)
        if second > 12 >= first or first == second:
            return _valid(year, first, second)
        return None
    if not re.search(r"[A-Za-z]{3}", value) or not re.search(r"\d{4}", value):
        return None  # no month name or no year: too little to go on
    try:
        one = date_parser.parse(value, default=datetime(2000, 1, 1))
        two = date_parser.parse(value, default=datetime(2000, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if one.month != two.month:
        return None
    return _valid(one.year, one.month, one.day if one.day == two.day else None)


def _is_url(value: str) -> bool:
    return re.match(r"^https?://[^\s/]+\.[^\s]*$", value, re.IGNORECASE) is not None


def _language_tag(value: str) -> str | None:
    """A language tag like ``en`` or ``pt-BR`` from ``lang``, ``og:locale`` and the like."""
    tag = value.strip().split(",")[0].split(";")[0].strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        return None
    head, *rest = tag.split("-")
    return "-".join([head.lower(), *[p.upper() if len(p) == 2 else p for p in rest]])
