"""How well the HTML reader finds the article: word 4-gram overlap with a gold text.

A corpus folder holds ``NAME.html`` (a page) and ``NAME.txt`` (the article body as a
person would copy it: paragraphs, no headline, byline or page furniture), and may hold
``expected.json`` (``{"NAME": {"title": …, "published": …}}``) to score titles and
dates too. For each page the extracted text and the gold text are cut into lowercase
word 4-grams (as multisets); precision is the share of extracted 4-grams found in the
gold, recall the share of gold 4-grams extracted, both averaged over pages (macro), F1
from those averages. A page "lost its article" when recall is below 0.5. The share of
gold paragraphs that come out as one paragraph each says whether the reader will show the
article's paragraphs as paragraphs.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from citeline.core.anchoring import normalize_text
from citeline.core.errors import CitelineError
from citeline.core.sources.decoding import _decode
from citeline.core.sources.html import _html_meta, article_blocks, parse_html

EXTRACTORS = ("heuristic", "trafilatura")
LOST_BELOW = 0.5


def ngrams(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of lowercase word n-grams of ``text``."""
    words = re.findall(r"\w+", text.lower())
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass
class PageScore:
    """One page's scores."""

    name: str
    precision: float
    recall: float
    seconds: float
    paragraphs: float
    """The share of gold paragraphs that are a paragraph of their own in the extraction."""
    title_ok: bool | None = None
    date_ok: bool | None = None

    @property
    def lost(self) -> bool:
        return self.recall < LOST_BELOW


@dataclass
class Scores:
    """A corpus's scores for one extractor."""

    extractor: str
    pages: list[PageScore] = field(default_factory=list)

    def mean(self, attribute: str) -> float:
        values = [getattr(p, attribute) for p in self.pages]
        return sum(values) / len(values) if values else 0.0

    @property
    def f1(self) -> float:
        p, r = self.mean("precision"), self.mean("recall")
        return 2 * p * r / (p + r) if p + r else 0.0

    def count(self, attribute: str) -> tuple[int, int]:
        """How many pages have ``attribute`` true, out of those that were checked."""
        checked = [getattr(p, attribute) for p in self.pages if getattr(p, attribute) is not None]
        return sum(1 for v in checked if v), len(checked)


def overlap(extracted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of ``extracted`` against ``gold`` in word 4-grams."""
    got, want = ngrams(extracted), ngrams(gold)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 1.0
    return precision, recall


def kept_paragraphs(extracted: str, gold: str) -> float:
    """The share of ``gold``'s paragraphs found whole, as one paragraph, in ``extracted``."""

    def split(text: str) -> list[str]:
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]

    want, got = split(gold), set(split(extracted))
    return sum(1 for p in want if p in got) / len(want) if want else 1.0


def evaluate(corpus: Path, extractor: str) -> Scores:
    """Score ``extractor`` (``"heuristic"`` or ``"trafilatura"``) on a corpus folder."""
    if extractor not in EXTRACTORS:
        raise CitelineError(f"unknown extractor {extractor!r}: use one of {', '.join(EXTRACTORS)}")
    pages = sorted(corpus.glob("*.html"))
    if not pages:
        raise CitelineError(f"{corpus} holds no .html pages")
    expected_file = corpus / "expected.json"
    expected = json.loads(expected_file.read_text("utf-8")) if expected_file.exists() else {}
    scores = Scores(extractor)
    for page in pages:
        gold_file = page.with_suffix(".txt")
        if not gold_file.exists():
            raise CitelineError(f"{page.name} has no gold text {gold_file.name}")
        gold = gold_file.read_text("utf-8")
        markup = normalize_text(_decode(page.read_bytes(), page.name, "html"))
        started = time.perf_counter()
        root = parse_html(markup, page.name)
        meta = _html_meta(root)
        text = "\n\n".join(article_blocks(root, extractor))
        seconds = time.perf_counter() - started
        precision, recall = overlap(text, gold)
        score = PageScore(page.stem, precision, recall, seconds, kept_paragraphs(text, gold))
        want = expected.get(page.stem, {})
        if "title" in want:
            score.title_ok = meta.title == want["title"]
        if "published" in want:
            score.date_ok = meta.published == want["published"]
        scores.pages.append(score)
    return scores
