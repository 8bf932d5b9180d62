"""HTML: the page's metadata, and the article's text without the page furniture around it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from citeline.core.errors import ImportFailedError
from citeline.core.sources.metadata import _is_url, _Meta

# fmt: off
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "frame", "frameset", "svg", "math", "template", "button", "select", "textarea", "input",
    "object", "embed", "canvas", "dialog", "audio", "video", "map",
})
_BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "share", "sharing", "sharebar", "social", "related",
    "comment", "comments", "footer", "cookie", "cookies", "consent", "gdpr", "subscribe",
    "subscription", "advert", "advertisement", "advertising", "ad", "ads", "adslot", "promo",
    "promotion", "newsletter", "breadcrumb", "breadcrumbs", "sidebar", "popup", "modal",
    "overlay",
})
_BOILERPLATE_ROLES = frozenset({
    "navigation", "contentinfo", "complementary", "search", "banner", "dialog",
})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
})
# fmt: on

_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting")

_BREAK = "\x00"  # stands for <br> while whitespace is collapsed; never in parsed text
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_INVISIBLE = re.compile("[\u00ad\u200b]")  # soft hyphens and zero-width spaces


def _read_html(markup: str, name: str) -> tuple[_Meta, str]:
    # The text is already decoded, so it is handed over as UTF-8 with that encoding forced:
    # a stale <meta charset> in the page must not make the parser decode it again.
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ImportFailedError(f"{name} has no readable HTML content.") from e
    meta = _html_meta(root)
    _drop_furniture(root)
    article = _article_root(root)
    return meta, "\n\n".join(_html_blocks(article))


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

    for key in ("og:title", "twitter:title"):
        meta.offer("title", tags.get(key))
    meta.offer("title", _ld_text(ld.get("headline")))
    page_title = root.find(".//title")
    if page_title is not None:
        meta.offer("title", _without_site_name(_text_of(page_title), meta.outlet))
    first_h1 = root.find(".//h1")
    if first_h1 is not None:
        meta.offer("title", _text_of(first_h1))

    for key in ("author", "article:author", "byl", "dc.creator", "parsely-author"):
        value = tags.get(key)
        if value and not _is_url(value):
            meta.offer("author", value)
    meta.offer("author", _ld_name(ld.get("author")))

    for key in (
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "date",
    ):
        meta.offer("published", tags.get(key))
    meta.offer("published", _ld_text(ld.get("datePublished")))
    for element in root.xpath("//*[@itemprop='datePublished']"):
        meta.offer("published", element.get("content") or element.get("datetime"))

    meta.offer("url", tags.get("og:url"))
    for link in root.xpath("//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            meta.offer("url", link.get("href"))
    meta.offer("url", _ld_text(ld.get("url")))
    meta.offer("url", _ld_text(ld.get("mainEntityOfPage")))

    meta.offer(
        "language", root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    )
    meta.offer("language", tags.get("content-language"))
    meta.offer("language", tags.get("og:locale"))
    meta.offer("language", _ld_text(ld.get("inLanguage")))
    return meta


def _without_site_name(title: str, outlet: str | None) -> str:
    """A page title without a trailing ``| Outlet`` part."""
    if outlet:
        for separator in ("|", "-", "–", "—", ":", "·", "•"):
            suffix = f" {separator} {outlet}"
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)]
    return title


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_objects(value.get("@graph"))


def _json_ld_article(root: Any) -> dict[str, Any]:
    """The first article object in the page's JSON-LD blocks, or an empty dict."""
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
                return obj
    return {}


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


def _class_words(element: Any) -> set[str]:
    label = f"{element.get('class') or ''} {element.get('id') or ''}"
    label = re.sub(r"([a-z])([A-Z])", r"\1 \2", label).lower()
    return set(re.split(r"[^a-z0-9]+", label))


def _holds_article(element: Any) -> bool:
    if element.tag in ("html", "body", "main", "article"):
        return True
    return bool(element.xpath(".//article|.//main|.//*[@itemprop='articleBody']")) or (
        element.get("itemprop") == "articleBody"
    )


def _is_furniture(element: Any) -> bool:
    """Whether an element is page furniture rather than article content."""
    tag = element.tag
    if tag in _DROP_TAGS:
        # The <header> of an article holds its headline and byline, not the site's masthead.
        if tag == "header" and element.xpath("ancestor::article"):
            return False
        # Some site builders wrap the whole page in one <form>.
        keep_form = tag == "form" and (_holds_article(element) or _paragraph_length(element) > 500)
        return not keep_form
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    role = (element.get("role") or "").lower()
    if role in _BOILERPLATE_ROLES and not (role == "banner" and element.xpath("ancestor::article")):
        return not _holds_article(element)
    if _class_words(element) & _BOILERPLATE_WORDS:
        return not _holds_article(element)
    return False


def _drop_furniture(root: Any) -> None:
    furniture = [e for e in root.iter() if isinstance(e.tag, str) and _is_furniture(e)]
    for element in furniture:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _paragraph_length(element: Any) -> int:
    return sum(len(_text_of(p)) for p in element.iter("p"))


def _article_root(root: Any) -> Any:
    """The element that holds the article: marked up as such, or the densest in paragraphs."""
    body = root.find("body")
    if body is None:
        body = root
    total = _paragraph_length(body)
    for query in ("//*[@itemprop='articleBody']", "//article", "//main"):
        found = root.xpath(query)
        if found:
            best = max(found, key=_paragraph_length)
            # A teaser <article> in a list of links is not the article.
            if _paragraph_length(best) >= 0.3 * total:
                return best
    scores: dict[Any, float] = {}
    for p in body.iter("p"):
        length = len(_text_of(p))
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return body
    return max(scores, key=lambda e: scores[e])


def _html_blocks(article: Any) -> list[str]:
    """The paragraphs of an element, each as one line of collapsed text."""
    blocks: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = _INVISIBLE.sub("", _COLLAPSIBLE.sub(" ", "".join(pieces)))
        pieces.clear()
        lines = [line.strip() for line in text.split(_BREAK)]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            blocks.append(paragraph)

    walker = etree.iterwalk(article, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag == "pre":
                flush()
                code = _INVISIBLE.sub("", element.text_content()).strip("\n")
                if code.strip():
                    blocks.append(code)
                walker.skip_subtree()
            elif tag == "br":
                pieces.append(_BREAK)
            else:
                if tag in _BLOCK_TAGS:
                    flush()
                if tag is not None and element.text:
                    pieces.append(element.text)
        else:
            if tag in _BLOCK_TAGS or tag == "pre":
                flush()
            if element is not article and element.tail:
                pieces.append(element.tail)
    flush()
    return blocks
