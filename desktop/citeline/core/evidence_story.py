"""Which sources tell the same story as the sources an event cites.

A look-alike event (another earthquake, another rehab stay, another firing of a coach of
the same name) is reported by articles about another story. One cited article is a thin
picture of its story; the article together with the few sources most alike to it is a
better one. :class:`Stories` compares a source with that *story* (the centroid of their
tf-idf vectors) and measures the likeness against the story's own cohesion (how alike
its nearest sources are to it): a source far less alike than those is most likely about
another story, and the finder weighs its sentences down.

Measuring against the cohesion keeps the test free of a fixed level of likeness, which
depends on the project (how many sources, how long, how varied): in a project of two or
three sources, where no stem tells sources apart, every source counts fully.

Each cited source's nearest sources are found once through an inverted index of the
sources' top stems and kept across edits: a new source is compared with the kept lists
(it may join them), a removed one takes the lists holding it along.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

from citeline.core.evidence_index import SentenceIndex, SourceEntry

#: A source's tf-idf vector over its top stems, and its norm.
Vector = tuple[dict[str, float], float]

#: How many of a source's heaviest stems are looked up to find the sources most alike.
SEARCH_TERMS = 40
#: A nearest source joins the story when at least this share as alike as the nearest one.
NEAR_SHARE = 0.3
#: How many stories (per set of cited sources) are kept worked out.
STORY_CACHE = 20_000


class Stories:
    """Each cited source's nearest sources, and the story they make with it."""

    def __init__(self, index: SentenceIndex, vector: Callable[[int], Vector], size: int) -> None:
        self.index = index
        self.vector = vector
        self.size = size
        self._neighbours: dict[int, list[tuple[float, int]]] = {}  # best first
        self._stories: dict[frozenset[int], tuple[dict[str, float], float, float] | None] = {}
        self._known: dict[int, SourceEntry] = dict(index.sources)

    def forget(self) -> None:
        """Follow the index after sources were added, changed or removed (stories are
        worked out again; the nearest sources' lists are updated, not rebuilt)."""
        self._stories.clear()
        current = self.index.sources
        gone = {s for s, e in self._known.items() if current.get(s) is not e}
        new = [s for s, e in current.items() if self._known.get(s) is not e]
        if gone:
            self._neighbours = {
                s: found
                for s, found in self._neighbours.items()
                if s not in gone and not any(o in gone for _, o in found)
            }
        for source_id in new:
            self._take_in(source_id)
        self._known = dict(current)

    def fit(self, source_id: int, cited: frozenset[int], share: float, power: float) -> float:
        """How fully a source counts for an event citing ``cited`` (1: as alike to the
        story as ``share`` of its own nearest sources are, or more; less below that)."""
        story = self.story(cited)
        if story is None:
            return 1.0
        centroid, norm, cohesion = story
        vector, n = self.vector(source_id)
        if not n:
            return 1.0
        sim = sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / (n * norm)
        return min(1.0, sim / (share * cohesion)) ** power

    def story(self, cited: frozenset[int]) -> tuple[dict[str, float], float, float] | None:
        """The centroid of the cited sources and their nearest sources, its norm, and
        how alike those nearest sources are to it (None: nothing to tell stories by)."""
        if cited in self._stories:
            return self._stories[cited]
        near: dict[int, float] = {}
        for s in cited:
            for sim, other in self.neighbours(s):
                if other not in cited and sim > near.get(other, 0.0):
                    near[other] = sim
        members = heapq.nlargest(self.size, near, key=near.__getitem__)
        # A story of fewer sources than that must not take in another story's nearest.
        members = [s for s in members if near[s] >= NEAR_SHARE * near[members[0]]]
        found = None
        if members:
            centroid: dict[str, float] = {}
            for s in (*cited, *members):
                vector, n = self.vector(s)
                for t, v in vector.items():
                    if n:
                        centroid[t] = centroid.get(t, 0.0) + v / n
            norm = math.sqrt(sum(v * v for v in centroid.values()))
            cohesion = 0.0
            for s in members:
                vector, n = self.vector(s)
                if n and norm:
                    cohesion += sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / (
                        n * norm
                    )
            cohesion /= len(members)
            if norm and cohesion > 0:
                found = (centroid, norm, cohesion)
        if len(self._stories) > STORY_CACHE:
            self._stories.clear()
        self._stories[cited] = found
        return found

    def neighbours(self, source_id: int) -> list[tuple[float, int]]:
        """The sources most alike to one source (cosine, id), best first (kept)."""
        found = self._neighbours.get(source_id)
        if found is not None:
            return found
        vector, n = self.vector(source_id)
        partial: dict[int, float] = {}
        if n:
            heaviest = heapq.nlargest(SEARCH_TERMS, vector.items(), key=lambda tv: tv[1])
            for t, v in heaviest:
                for other in self.index.doc_postings.get(t, ()):
                    if other != source_id:
                        partial[other] = partial.get(other, 0.0) + v
        closest = heapq.nlargest(3 * self.size, partial, key=partial.__getitem__)
        scored = [(self._cosine(source_id, other), other) for other in closest]
        found = self._neighbours[source_id] = heapq.nlargest(self.size, scored)
        return found

    def _take_in(self, source_id: int) -> None:
        """A new source joins the kept lists of the sources it is more alike to than
        their last entry."""
        for s, found in self._neighbours.items():
            if s == source_id:
                continue
            sim = self._cosine(s, source_id)
            if sim > 0 and (len(found) < self.size or sim > found[-1][0]):
                found.append((sim, source_id))
                found.sort(reverse=True)
                del found[self.size :]

    def _cosine(self, a: int, b: int) -> float:
        (va, na), (vb, nb) = self.vector(a), self.vector(b)
        if not na or not nb:
            return 0.0
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(v * vb.get(t, 0.0) for t, v in va.items()) / (na * nb)
