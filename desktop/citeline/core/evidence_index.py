"""The sentences of every source, indexed for the evidence finder, kept up to date.

One :class:`SentenceIndex` holds, for each source, its sentences (offsets into its text)
and an inverted index from word stems to the sentences that hold them, with sentence
and document frequencies. Adding or removing one source touches that source's rows only,
so importing an article costs what reading that article costs, never the project's size.
Postings are compact arrays of sentence numbers (a stem repeated in a sentence is
repeated in its posting list), about 4 bytes a word of text.
"""

from __future__ import annotations

import bisect
from array import array
from collections import Counter
from dataclasses import dataclass, field

from citeline.core.evidence_text import names, numbers, sentences, terms

#: How many of a source's most frequent stems are kept to compare whole documents.
DOC_TERMS = 150


@dataclass
class SourceEntry:
    """One indexed source: its text, its sentences' numbers, its top stems, its names."""

    source_id: int
    text: str
    published: str | None
    first: int  # number of its first sentence
    count: int  # how many sentences
    terms: dict[str, int] = field(default_factory=dict)  # its DOC_TERMS most frequent stems
    names: frozenset[str] = frozenset()


class SentenceIndex:
    """Every source's sentences, their stems, and frequencies, changed one source at a time."""

    def __init__(self) -> None:
        self.sources: dict[int, SourceEntry] = {}
        self.s_source = array("i")
        self.s_start = array("i")
        self.s_end = array("i")
        self.s_len = array("H")
        self.s_word0 = array("q")  # where each sentence's stems start in `words`
        self.words = array("i")  # every sentence's stems, as numbers into `vocabulary`
        self.vocabulary: list[str] = []
        self._numbers: dict[str, int] = {}
        self.postings: dict[str, array[int]] = {}
        self.df: Counter[str] = Counter()  # live sentences holding the stem
        self.doc_df: Counter[str] = Counter()  # sources whose top stems hold it
        self.doc_postings: dict[str, set[int]] = {}  # those sources, by stem
        self.dead: set[int] = set()
        self.live = 0
        self.total_len = 0
        self.compactions = 0  # how many times sentences were renumbered

    # ---------------------------------------------------------------- changes

    def add(self, source_id: int, text: str, published: str | None = None) -> None:
        """Index a source's sentences (replacing what was indexed for it)."""
        if source_id in self.sources:
            self.remove(source_id)
        first = len(self.s_source)
        all_stems: Counter[str] = Counter()
        for start, end in sentences(text):
            words = terms(text[start:end])
            n = len(self.s_source)
            self.s_source.append(source_id)
            self.s_start.append(start)
            self.s_end.append(end)
            self.s_len.append(min(len(words), 65535))
            self.s_word0.append(len(self.words))
            for w in words[:65535]:
                number = self._numbers.get(w)
                if number is None:
                    number = self._numbers[w] = len(self.vocabulary)
                    self.vocabulary.append(w)
                self.words.append(number)
            self.total_len += len(words)
            self.live += 1
            for w in words:
                posting = self.postings.get(w)
                if posting is None:
                    posting = self.postings[w] = array("i")
                posting.append(n)
            for w in set(words):
                self.df[w] += 1
            all_stems.update(words)
        top = dict(all_stems.most_common(DOC_TERMS))
        for w in top:
            self.doc_df[w] += 1
            self.doc_postings.setdefault(w, set()).add(source_id)
        self.sources[source_id] = SourceEntry(
            source_id,
            text,
            published,
            first,
            len(self.s_source) - first,
            top,
            frozenset(names(text)),
        )

    def remove(self, source_id: int) -> None:
        """Forget a source's sentences (their slots are reused only after a compaction)."""
        entry = self.sources.pop(source_id, None)
        if entry is None:
            return
        for n in range(entry.first, entry.first + entry.count):
            for w in set(self.sentence_terms(n)):
                self.df[w] -= 1
                if self.df[w] <= 0:
                    del self.df[w]
            self.total_len -= self.s_len[n]
            self.live -= 1
            self.dead.add(n)
        for w in entry.terms:
            self.doc_df[w] -= 1
            if self.doc_df[w] <= 0:
                del self.doc_df[w]
            holders = self.doc_postings.get(w)
            if holders is not None:
                holders.discard(source_id)
                if not holders:
                    del self.doc_postings[w]
        if len(self.dead) > max(1000, len(self.s_source) // 4):
            self._compact()

    def _compact(self) -> None:
        """Rebuild the arrays without removed sentences."""
        keep = [(e.source_id, e.text, e.published) for e in self.sources.values()]
        compactions = self.compactions + 1
        self.__init__()  # type: ignore[misc]
        self.compactions = compactions
        for source_id, text, published in keep:
            self.add(source_id, text, published)

    # ---------------------------------------------------------------- reading

    @property
    def average_length(self) -> float:
        return self.total_len / self.live if self.live else 1.0

    def sentence(self, n: int) -> tuple[int, int, int]:
        """(source id, start, end) of sentence number ``n``."""
        return self.s_source[n], self.s_start[n], self.s_end[n]

    def sentence_terms(self, n: int) -> list[str]:
        """The stems of sentence ``n``, as indexed."""
        first = self.s_word0[n]
        vocabulary = self.vocabulary
        return [vocabulary[i] for i in self.words[first : first + self.s_len[n]]]

    def sentence_text(self, n: int) -> str:
        entry = self.sources[self.s_source[n]]
        return entry.text[self.s_start[n] : self.s_end[n]]

    def sentence_at(self, source_id: int, start: int, end: int) -> tuple[int, int] | None:
        """The span of the sentence(s) of a source covering [start, end), or None."""
        entry = self.sources.get(source_id)
        if entry is None or not entry.count:
            return None
        last = entry.first + entry.count
        # the last sentence starting at or before `start`, then on while they overlap
        n = max(entry.first, bisect.bisect_right(self.s_start, start, entry.first, last) - 1)
        lo = hi = None
        while n < last and self.s_start[n] < end:
            if self.s_end[n] > start:
                lo = self.s_start[n] if lo is None else lo
                hi = self.s_end[n]
            n += 1
        if lo is None or hi is None:
            return None
        return lo, hi

    def features(self, n: int) -> tuple[set[str], set[str]]:
        """The names and numbers of sentence ``n``."""
        text = self.sentence_text(n)
        return names(text), numbers(text)
