"""A page's publication date: declared, real, and on the outlet's own calendar.

Pages declare their date in many places; they are read in this order: the meta tags
(``article:published_time``, ``article:published``, ``datePublished`` …), JSON-LD
``datePublished``, any element whose ``itemprop`` includes ``datePublished`` (also
``itemprop="datePublished dateCreated"``), ``<time pubdate>``, and last whatever
htmldate finds in the page (never its visible text at large, which is full of other
dates). A placeholder (year before 1990: ``0001-01-01``, ``1970-01-01``) or a date in
the future is no date.

The date is the calendar day the outlet printed. A timestamp with its own offset
(``2019-11-19T20:50:00-05:00``) gives its own day. A timestamp in UTC
(``2019-11-20T01:50:00Z``) may be the next day for an evening story in the Americas (or
the day before for a morning story in Asia), so it yields to a local timestamp elsewhere
in the page, or to a visible date in the page's byline or ``<time>`` that is that
neighbouring day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from citeline.core.sources.metadata import iso_date

_META_KEYS = (
    "article:published_time",
    "article:published",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
)
_FIRST_YEAR = 1990  # no web page was published before; earlier years are placeholders
_UTC = re.compile(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)$", re.I)
_DATE_LABELS = re.compile(r"date|time|byline|published|dateline|posted", re.I)
_ITEMPROP_PUBLISHED = (
    "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' datePublished ')]"
)


def _candidates(root: Any, tags: dict[str, str], ld_dates: Iterable[str]) -> Iterator[str]:
    for key in _META_KEYS:
        if tags.get(key):
            yield tags[key]
    yield from ld_dates
    for element in root.xpath(_ITEMPROP_PUBLISHED):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value:
            yield value
    for element in root.xpath("//time[@pubdate]"):
        value = element.get("datetime") or element.text_content()
        if value:
            yield value


def _plausible(iso: str | None, today: date) -> str | None:
    if iso is None:
        return None
    year, month, day = (int(p) for p in ([*iso.split("-"), "1"])[:3])
    if year < _FIRST_YEAR or date(year, month, day) > today + timedelta(days=2):
        return None
    return iso


def published_date(
    root: Any, tags: dict[str, str], ld_dates: Iterable[str], today: date | None = None
) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``) the page was published, or ``None``."""
    today = today or date.today()
    utc: tuple[str, str] | None = None
    for value in _candidates(root, tags, ld_dates):
        value = value.strip()
        found = _plausible(iso_date(value), today)
        if found is None:
            continue
        if not _UTC.search(value):
            return found
        utc = utc or (found, value)
    if utc is not None:
        return _local_day(root, *utc, today)
    return _htmldate(root, today)


def _local_day(root: Any, utc: str, stamp: str, today: date) -> str:
    """The UTC day, or the neighbouring day the outlet's clock was on, when the page shows
    that day as its date: the day before for a stamp in the UTC morning (an evening in the
    Americas), the day after for one in the UTC afternoon (the next morning in Asia)."""
    hour = re.search(r"T(\d{2})", stamp)
    if len(utc) != 10 or hour is None:
        return utc
    step = -1 if int(hour.group(1)) < 12 else 1
    neighbour = (date.fromisoformat(utc) + timedelta(days=step)).isoformat()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        label = f"{element.tag} {element.get('class') or ''} {element.get('id') or ''}"
        if element.tag != "time" and not _DATE_LABELS.search(label):
            continue
        text = " ".join(element.text_content().split())
        if len(text) > 120:
            continue
        text = re.sub(r"^(published|posted|updated|on)\b[:\s]*", "", text, flags=re.I)
        for piece in (text, *re.split(r"\s*[|·•]\s*|\s+at\s+", text)):
            if _plausible(iso_date(piece.strip(" ,")), today) == neighbour:
                return neighbour
    return utc


#: htmldate copies the whole tree it is given; it gets at most this many elements from
#: the top of the page (the head and the article's start, where dates are stated), so a
#: page of many megabytes costs it no more than a news article.
HTMLDATE_ELEMENTS = 20_000


def _bounded_copy(root: Any, budget: list[int]) -> Any:
    """A copy of ``root`` with at most ``budget[0]`` elements, in document order (without
    recursion: a hostile page may nest deeper than Python's stack)."""
    top = root.makeelement(root.tag, root.attrib)
    top.text = root.text
    left = budget[0] - 1
    stack = [(root, top, iter(root))]
    while stack and left > 0:
        _original, copy, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if not isinstance(child.tag, str):
            continue
        inner = child.makeelement(child.tag, child.attrib)
        inner.text, inner.tail = child.text, child.tail
        copy.append(inner)
        left -= 1
        stack.append((child, inner, iter(child)))
    budget[0] = left
    return top


def _htmldate(root: Any, today: date) -> str | None:
    """What htmldate finds in the page's markup (not its running text), if plausible."""
    from htmldate import find_date

    try:
        found = find_date(
            _bounded_copy(root, [HTMLDATE_ELEMENTS]),
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            min_date=f"{_FIRST_YEAR}-01-01",
            max_date=(today + timedelta(days=2)).isoformat(),
        )
    except (ValueError, TypeError):
        return None
    return _plausible(found, today) if isinstance(found, str) else None
