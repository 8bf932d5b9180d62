"""Page titles without the site name pages append or prepend to them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»]|::)\s+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|ca|co\.uk|co|uk|au|de|fr|in|io|news|tv)\b", re.I)
# The second-level labels of addresses that say nothing about the outlet.
_GENERIC_HOSTS = frozenset({"www", "m", "amp", "edition", "news", "mobile"})


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def site_names(outlet: str | None, *urls: str | None) -> list[str]:
    """The outlet's name and its addresses' host names, squashed for comparison."""
    names = [_squash(outlet)] if outlet else []
    for url in urls:
        if not url:
            continue
        host = urlsplit(url).hostname or ""
        labels = [p for p in host.split(".") if p and p not in _GENERIC_HOSTS]
        if len(labels) < 2:
            continue
        # "bbc.co.uk": the name is before a two-part ending
        short_ending = len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3
        names.append(_squash(labels[-3] if short_ending else labels[-2]))
    return [n for n in names if len(n) >= 3]


def _names_the_site(part: str, sites: list[str]) -> bool:
    if _DOMAIN.search(part):
        return True
    squashed = _squash(part)
    if len(squashed) < 3:
        return False
    return any(
        squashed == site or squashed.startswith(site) or site.startswith(squashed) for site in sites
    )


def clean_title(title: str, sites: list[str]) -> str:
    """``title`` without leading or trailing parts that name the site (``| Outlet``)."""
    title = " ".join(title.split())
    parts = _SEPARATOR.split(title)
    separators = _SEPARATOR.findall(title)
    if len(parts) < 2:
        return title
    while len(parts) > 1 and _names_the_site(parts[-1], sites):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and _names_the_site(parts[0], sites):
        parts.pop(0)
        separators.pop(0)
    out = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        out += separator + part
    return out
