"""The article in a web page, found by trafilatura and read back as paragraphs.

trafilatura (with its fallbacks) decides which parts of the page are the article: it
scores blocks by their text and link density instead of throwing away anything whose
class name merely contains a word like "ad" or "modal", reads text outside ``<p>``,
joins a body split over several blocks and drops "most read" lists and doubled
captions; short blocks that read like a subscription prompt, and a list of staff credits
closing the article, are dropped here. Its result
is an XML tree (``head``, ``p``, ``list``/``item``, ``quote``, ``table``/``row``/``cell``,
``lb``); each block becomes one paragraph of the source, so the reader keeps the
article's paragraphs.

It is only ever handed a tree Citeline parsed itself (no network, no entities, no
processing instructions): given a string that looks like an address, trafilatura and
its date helper would download it.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import etree

_COLLAPSIBLE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_INVISIBLE = re.compile("[\u00ad\u200b]")  # soft hyphens and zero-width spaces
_BREAK = "\x00"

#: Below this many characters trafilatura's statistics have little to go on and it falls
#: back to reading every block of the page; its own default threshold.
SHORT_PAGE = 250


def extract_blocks(root: Any) -> list[str]:
    """The article's paragraphs as trafilatura finds them in a parsed page (changed)."""
    document = trafilatura.bare_extraction(
        root,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(document, "body", None)  # a Document; a dict only when asked for one
    if body is None:
        return []
    return _blocks(body)


# Subscription prompts are formulaic; a short block that reads like one is not the article.
_PROMPT = re.compile(
    r"\b(?:already an? (?:subscriber|member)|free articles? (?:left|remaining|this month)"
    r"|of your \d+ free articles|subscribe (?:now|today) for|to continue reading"
    r"|create a free account to|sign up (?:now )?to (?:keep|continue) reading"
    r"|this (?:article|story) is for subscribers)\b",
    re.IGNORECASE,
)
_PROMPT_LENGTH = 300


# Advertising and promotion: an "ADVERTISEMENT" or "Sponsored" label (alone or leading a
# line), and short lines that sell the outlet's own products rather than report.
_AD_LABEL = re.compile(
    r"^(?:advertisement|advertising|advert|sponsored(?: content| post)?|paid (?:post|content)"
    r"|promoted(?: content)?|partner content|anzeige|publicité|publicidad)\b\W*",
    re.IGNORECASE,
)
_PROMOTION = re.compile(
    r"\b(?:try our (?:premium|free|new)|sign up (?:for|to) our|subscribe to our"
    r"|(?:get|download) our (?:free )?app|follow us on|get our (?:free )?newsletter"
    r"|(?:start|begin) your free trial|upgrade to premium|become a (?:member|subscriber) today"
    r"|support our journalism|donate (?:now|today) to)\b",
    re.IGNORECASE,
)
_PROMOTION_LENGTH = 160


def is_prompt(block: str) -> bool:
    """Whether a short block is a subscription prompt ("You have read 3 of your 5 free
    articles", "Already a subscriber? Log in"), an advertising label ("ADVERTISEMENT —
    Try our premium newsletter today!") or a promotion of the outlet's own products."""
    if len(block) >= _PROMPT_LENGTH:
        return False
    if _PROMPT.search(block) is not None:
        return True
    if _AD_LABEL.match(block) and (len(block) < _PROMOTION_LENGTH or "\n" not in block):
        return True
    return len(block) < _PROMOTION_LENGTH and _PROMOTION.search(block) is not None


def without_prompts(blocks: list[str]) -> list[str]:
    """``blocks`` without empty ones, prompts, advertising and promotion lines."""
    return [b for b in blocks if b and not is_prompt(b)]


# A staff or credits list: "Editor: Clara Nowak", "Photography: Jon Achebe".
_CREDIT = re.compile(r"^[A-Z][\w'’&/ -]{1,30}: [A-Z][\w.'’ -]{1,40}$")
_CREDITS_RUN = 3


def _without_credits(blocks: list[str]) -> list[str]:
    """``blocks`` without a run of staff credits at the end of the article (and the short
    heading over it): lines such as "Editor: Clara Nowak", at least three in a row."""
    end = len(blocks)
    start = end
    while start > 0 and _CREDIT.match(blocks[start - 1]):
        start -= 1
    if end - start < _CREDITS_RUN:
        return blocks
    heading = blocks[start - 1] if start else ""
    if heading and len(heading.split()) <= 4 and not heading.rstrip().endswith((".", "!", "?")):
        start -= 1
    return blocks[:start]


def _blocks(body: Any) -> list[str]:
    blocks: list[str] = []
    for element in body:
        _collect(element, blocks)
    return _without_credits(without_prompts(blocks))


def _collect(element: Any, blocks: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "list":
        for item in element:
            _collect(item, blocks)
    elif tag == "item":
        nested = [child for child in element if child.tag == "list"]
        blocks.append(_inline(element, skip=set(nested)))
        for child in nested:
            _collect(child, blocks)
    elif tag == "table":
        for row in element.iter("row"):
            cells = [_inline(cell) for cell in row if cell.tag == "cell"]
            line = " | ".join(c for c in cells if c)
            if line:
                blocks.append(line)
    elif tag in ("quote", "div") and any(child.tag in _BLOCKS for child in element):
        for child in element:
            _collect(child, blocks)
        if element.tail and element.tail.strip():
            blocks.append(_clean(element.tail))
    elif tag in ("code", "quote") and "\n" in (element.text or ""):
        code = _INVISIBLE.sub("", "".join(element.itertext())).strip("\n")
        if code.strip():
            blocks.append(code)
    else:
        blocks.append(_inline(element))


_BLOCKS = frozenset({"p", "head", "list", "quote", "table", "code", "div"})


def _inline(element: Any, skip: set[Any] | None = None) -> str:
    """One block's text with whitespace collapsed and ``<lb/>`` kept as a line break."""
    pieces: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if skip and node in skip:
                walker.skip_subtree()
                continue
            if node.tag == "lb":
                pieces.append(_BREAK)
            elif node.text:
                pieces.append(node.text)
        elif node is not element and node.tail and not (skip and node in skip):
            pieces.append(node.tail)
    return _clean("".join(pieces))


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", _COLLAPSIBLE.sub(" ", text))
    lines = (line.strip() for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)
