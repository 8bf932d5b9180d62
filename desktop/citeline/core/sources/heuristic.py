"""The lxml heuristics Citeline used before it read pages with trafilatura.

They still read short pages (a few sentences, where trafilatura's own statistics have
too little to go on) and serve as the baseline that ``citeline evaluate-extraction``
measures the reader against. Page furniture is dropped (scripts, styles, navigation, site
header and footer, asides, forms, embeds, hidden elements, and elements whose class or id
names boilerplate); the article is the ``articleBody``, else the ``<article>``, else
``<main>``, else the element with the most paragraph text, read as blocks.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

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

_BREAK = "\x00"  # stands for <br> while whitespace is collapsed; never in parsed text
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_INVISIBLE = re.compile("[\u00ad\u200b]")  # soft hyphens and zero-width spaces


def _text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def heuristic_blocks(root: Any) -> list[str]:
    """The article's paragraphs found by the heuristics; ``root`` is changed (pruned)."""
    _drop_furniture(root)
    return _html_blocks(_article_root(root))


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
