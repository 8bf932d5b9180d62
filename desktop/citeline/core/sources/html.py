"""HTML: the page's metadata, and the article's text without the page furniture around it.

The page is parsed once by Citeline with lxml, never touching the network: no DTD or
external entity is loaded, processing instructions and comments are dropped, and no
script runs (nothing here executes any). Hidden elements (``hidden``, ``aria-hidden``,
``display: none``) are removed, since a reader never sees them. Then:

- the metadata comes from meta tags, JSON-LD, ``<link rel=canonical>`` and ``lang``;
  titles lose the site name they often carry (:mod:`.titles`), publication dates are
  chosen as :mod:`.pagedates` explains;
- the article text comes from trafilatura (:mod:`.article`), or, on a short page where
  its statistics have too little to go on, from Citeline's own heuristics
  (:mod:`.heuristic`).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from citeline.core.errors import ImportFailedError
from citeline.core.sources.article import SHORT_PAGE, extract_blocks, without_prompts
from citeline.core.sources.heuristic import heuristic_blocks
from citeline.core.sources.metadata import _is_url, _Meta
from citeline.core.sources.pagedates import published_date
from citeline.core.sources.titles import clean_title, site_names

_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting")


#: The most tags (elements) a page may have: a 19 MB page of plain paragraphs has about
#: 150,000; half a million take some 200 MB and 7 s once parsed and read.
MAX_TAGS = 500_000

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def parse_html(markup: str, name: str) -> Any:
    """The lxml tree of a page's (already decoded) markup, parsed without the network."""
    # Handed over as UTF-8 with that encoding forced: a stale <meta charset> in the page
    # must not make the parser decode it again.
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,
    )
    tags = markup.count("<") - markup.count("</")
    if tags > MAX_TAGS:
        raise ImportFailedError(
            f"{name} holds over {MAX_TAGS:,} HTML tags, the limit for a web page (each costs "
            "memory once parsed); save the article's text as a file and import that"
        )
    # Characters XML cannot hold (C0 controls, U+FFFE/U+FFFF, lone surrogates) show as
    # nothing in a browser; lxml refuses them when the tree is changed later.
    markup = _NOT_XML.sub("", markup)
    try:
        return lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ImportFailedError(f"{name} has no readable HTML content.") from e


#: Pages with more markup than this (characters) are read by Citeline's own heuristics.
#: trafilatura's time grows faster than the page (one of its XPath tests over every
#: paragraph's text is quadratic in libxml2: 14 s for 19 MB of plain paragraphs) and its
#: copies of the tree take over 20 bytes of memory per byte of page; a page that large
#: is the article itself, its furniture small beside it.
LARGE_PAGE = 3 * 1024 * 1024


def _read_html(markup: str, name: str, extractor: str = "trafilatura") -> tuple[_Meta, str]:
    """The page's metadata and article text (paragraphs separated by blank lines)."""
    root = parse_html(markup, name)
    meta = _html_meta(root)
    if extractor == "trafilatura" and len(markup) > LARGE_PAGE:
        extractor = "large"
    return meta, "\n\n".join(article_blocks(root, extractor))


def article_blocks(root: Any, extractor: str = "trafilatura") -> list[str]:
    """The article's paragraphs in a parsed page; ``extractor`` ``"heuristic"`` forces the
    heuristics alone (as ``citeline evaluate-extraction`` compares them), ``"large"`` reads
    a large page with them and drops prompts and advertising as trafilatura's reading
    does. ``root`` is changed."""
    _drop_hidden(root)
    if extractor == "heuristic":
        return heuristic_blocks(root)
    if extractor == "large":
        return without_prompts(heuristic_blocks(root))
    spare = _copy(root)
    _leaf_blocks_as_paragraphs(root)
    blocks = extract_blocks(root)
    if sum(len(b) for b in blocks) < SHORT_PAGE:
        return without_prompts(heuristic_blocks(spare))
    return blocks


def _copy(root: Any) -> Any:
    return copy.deepcopy(root)


# fmt: off
_BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
})
# fmt: on


def _leaf_blocks_as_paragraphs(root: Any) -> None:
    """Make a ``<div>`` or ``<section>`` that holds running text and no other block a
    ``<p>``: pages that set their paragraphs that way would otherwise lose them, or have
    them run together into one."""
    for element in root.iter("div", "section"):
        if not (element.text or "").strip():
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_LEVEL for c in element):
            continue
        element.tag = "p"


def _drop_hidden(root: Any) -> None:
    """Remove what a browser never shows: hidden elements, scripts, styles, templates."""
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "style", "template", "noscript"):
            doomed.append(element)
            continue
        if element.get("hidden") is not None or element.get("aria-hidden") == "true":
            doomed.append(element)
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def _html_meta(root: Any) -> _Meta:
    """The metadata a page declares in meta tags, JSON-LD, links and ``lang``."""
    tags: dict[str, str] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        key = key or element.get("http-equiv") or ""
        content = element.get("content")
        if key and content and key.strip().lower() not in tags:
            tags[key.strip().lower()] = content
    ld = _json_ld_article(root)

    meta = _Meta()
    meta.offer("outlet", tags.get("og:site_name"))
    meta.offer("outlet", _ld_name(ld.get("publisher")))
    meta.offer("outlet", tags.get("application-name"))

    sites = site_names(meta.outlet, tags.get("og:url"), _canonical(root), _ld_text(ld.get("url")))
    page_title = root.find(".//title")
    first_h1 = root.find(".//h1")
    for title in (
        tags.get("og:title"),
        tags.get("twitter:title"),
        _ld_text(ld.get("headline")),
        _text_of(page_title) if page_title is not None else None,
        _text_of(first_h1) if first_h1 is not None else None,
    ):
        if title:
            meta.offer("title", clean_title(title, sites))

    for key in ("author", "article:author", "byl", "dc.creator", "parsely-author"):
        value = tags.get(key)
        if value and not _is_url(value):
            meta.offer("author", value)
    meta.offer("author", _ld_name(ld.get("author")))

    meta.offer("published", published_date(root, tags, _ld_dates(root)))

    meta.offer("url", tags.get("og:url"))
    meta.offer("url", _canonical(root))
    meta.offer("url", _ld_text(ld.get("url")))
    meta.offer("url", _ld_text(ld.get("mainEntityOfPage")))

    meta.offer(
        "language", root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    )
    meta.offer("language", tags.get("content-language"))
    meta.offer("language", tags.get("og:locale"))
    meta.offer("language", _ld_text(ld.get("inLanguage")))
    return meta


def _canonical(root: Any) -> str | None:
    for link in root.xpath("//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href: str = link.get("href")
            return href
    return None


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_objects(value.get("@graph"))


def _json_ld_article(root: Any) -> dict[str, Any]:
    """The first article object in the page's JSON-LD blocks, or an empty dict."""
    return next(_json_ld_articles(root), {})


def _ld_dates(root: Any) -> list[str]:
    """The ``datePublished`` of every article object in the page's JSON-LD."""
    dates = (_ld_text(obj.get("datePublished")) for obj in _json_ld_articles(root))
    return [d for d in dates if d]


def _json_ld_articles(root: Any) -> Iterator[dict[str, Any]]:
    for script in root.xpath("//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        source = (script.text or "").strip()
        source = source.removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(source, strict=False)
        except ValueError:
            continue
        for obj in _json_objects(data):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds):
                yield obj


def _ld_text(value: Any) -> str | None:
    """A JSON-LD value that should be a string (or an object with an ``@id``)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return value if isinstance(value, str) else None


def _ld_name(value: Any) -> str | None:
    """The name, or the names joined with commas, of JSON-LD people or organizations."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not _is_url(name.strip()):
            names.append(name.strip())
    return ", ".join(names) or None
