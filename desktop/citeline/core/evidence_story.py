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

Each cited source's nearest sources are found through an inverted index of the sources'
top stems, and kept with the stories they make until a source is added, changed or
removed (then every stem's weight moved, and they are found again when next asked for).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

from citeline.core.evidence_index import SentenceIndex

#: A source's tf-idf vector over its top stems, and its norm.
Vector = tuple[dict[str, float], float]

#: How many of a source's heaviest stems tell its story (all of its 150 most frequent:
#: fewer make the likeness of other sources too low against the story's cohesion).
UNIT_TERMS = 150
#: Stories are told in projects of up to this many sources. The first suggestions after
#: opening a project find every cited source's nearest sources, which costs in proportion
#: to the project's sources twice over: past this, a new source's suggestions would take
#: more than a second (docs/evidence-found.md), and sources count as the source
#: similarity alone says.
MAX_SOURCES = 300
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
        self._unit: dict[int, dict[str, float]] = {}  # heaviest stems, unit length

    def forget(self) -> None:
        """Sources were added, changed or removed: every stem's weight moved, so the
        nearest sources and stories are found again when next asked for (in a project
        small enough to tell stories in, that costs a fraction of a second)."""
        self._neighbours.clear()
        self._stories.clear()
        self._unit.clear()

    @property
    def active(self) -> bool:
        """Whether the project is small enough to tell stories in."""
        return len(self.index.sources) <= MAX_SOURCES

    def fit(self, source_id: int, cited: frozenset[int], share: float, power: float) -> float:
        """How fully a source counts for an event citing ``cited`` (1: as alike to the
        story as ``share`` of its own nearest sources are, or more; less below that)."""
        story = self.story(cited) if self.active else None
        if story is None:
            return 1.0
        centroid, norm, cohesion = story
        sim = _dot(self.unit(source_id), centroid) / norm
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
                for t, v in self.unit(s).items():
                    centroid[t] = centroid.get(t, 0.0) + v
            norm = math.sqrt(sum(v * v for v in centroid.values()))
            if norm:
                cohesion = sum(_dot(self.unit(s), centroid) for s in members) / norm
                cohesion /= len(members)
                if cohesion > 0:
                    found = (centroid, norm, cohesion)
        if len(self._stories) > STORY_CACHE:
            self._stories.clear()
        self._stories[cited] = found
        return found

    def neighbours(self, source_id: int) -> list[tuple[float, int]]:
        """The sources most alike to one source (cosine, id), best first (kept)."""
        found = self._neighbours.get(source_id)
        if found is None:
            found = self._neighbours[source_id] = self._nearest(source_id)[: self.size]
        return found

    def unit(self, source_id: int) -> dict[str, float]:
        """A source's heaviest stems at unit length (what stories are told by)."""
        found = self._unit.get(source_id)
        if found is None:
            vector, _ = self.vector(source_id)
            heaviest = heapq.nlargest(UNIT_TERMS, vector.items(), key=_second)
            norm = math.sqrt(sum(v * v for _, v in heaviest))
            found = self._unit[source_id] = {t: v / norm for t, v in heaviest} if norm else {}
        return found

    def _nearest(self, source_id: int) -> list[tuple[float, int]]:
        """The sources sharing most of one source's heaviest stems, by cosine."""
        unit = self.unit(source_id)
        partial: dict[int, float] = {}
        for t, v in heapq.nlargest(SEARCH_TERMS, unit.items(), key=_second):
            for other in self.index.doc_postings.get(t, ()):
                partial[other] = partial.get(other, 0.0) + v
        partial.pop(source_id, None)
        closest = heapq.nlargest(3 * self.size, partial, key=partial.__getitem__)
        return sorted(((_dot(unit, self.unit(other)), other) for other in closest), reverse=True)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _second(pair: tuple[str, float]) -> float:
    return pair[1]
