"""What the timeline keeps of a project between edits, and its windowed item queries.

Nothing is read per item when a project opens: counts and density come from the
summaries kept in the file, through a :class:`~citeline.core.windows.WindowIndex`
(events and quotes under one key space: ``id * 2`` for an event, ``id * 2 + 1`` for a
quote). Items themselves are only read from the store for the lanes a frame draws one
by one, for the visible window, and kept for the next frames while the user pans and
zooms nearby.

Up to 25,000 items the time index is read into memory as the project opens, and the
rank index on a worker thread once it is open; up to 200,000, both on the worker;
beyond, only the running totals of the counts (see :mod:`citeline.core.kept`). Frames
answer from them once they are in. Every answer is the file's, in memory or not.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from citeline.core import filters, queries
from citeline.core.derived import Facts
from citeline.core.filters import ItemFilter
from citeline.core.kept import KEEP_ITEMS, IndexReader, KeptIndex
from citeline.core.layout import TimeIndex
from citeline.core.layout.index import ItemIndex
from citeline.core.layout.ranks import RankIndex
from citeline.core.prefetch import RankPrefetcher, SliceKey, slices_around
from citeline.core.prefix import CountPrefix
from citeline.core.queries import TimelineItem
from citeline.core.store import Store
from citeline.core.summaries import NO_LANE
from citeline.core.windows import Restricted, WindowIndex, item_key

__all__ = ["NO_LANE", "EraInfo", "LaneInfo", "TimelineData", "item_key"]


#: (id, earliest, latest, lane key) of an item that passes the filter.
MatchRow = tuple[int, int, int, int]


@dataclass(frozen=True)
class LaneInfo:
    """A lane as the timeline shows it (``key`` is its id, or NO_LANE)."""

    key: int
    name: str
    color: str | None
    position: int


@dataclass(frozen=True)
class EraInfo:
    """An era band."""

    name: str
    date_edtf: str
    earliest: int
    latest: int
    color: str | None


@dataclass(frozen=True)
class _Rule:
    """What a filter by lanes and dates passes: items of ``kinds`` in ``lanes`` (any lane
    when None) with latest >= ``lo`` and earliest <= ``hi`` (see
    :func:`citeline.core.filters.span_bounds`)."""

    lanes: frozenset[int] | None
    lo: float
    hi: float
    kinds: frozenset[str]

    def passes(self, kind: str, lane: int, earliest: float, latest: float) -> bool:
        return (
            kind in self.kinds
            and (self.lanes is None or lane in self.lanes)
            and latest >= self.lo
            and earliest <= self.hi
        )


@dataclass
class _Fetched:
    t0: float
    t1: float
    items: list[TimelineItem]


class TimelineData:
    """Lanes, eras, extent and the time index of a project, plus cached window queries."""

    #: A fetch is widened by this many window widths on each side when that stays small,
    #: so that the next pan or zoom-in is answered without a query.
    FETCH_MARGIN = 0.5
    FETCH_MAX = 600

    def __init__(
        self,
        store: Store,
        *,
        index: ItemIndex | None = None,
        kinds: tuple[str, ...] = ("event", "quote"),
        defer_flags: bool = False,
        facts: Facts | None = None,
        prefetch: bool = False,
    ) -> None:
        self.store = store
        #: With ``prefetch`` the rank slices the next zoom or pan step will likely ask
        #: for are read ahead on a worker thread (see :mod:`citeline.core.prefetch`):
        #: ranked from the rank index once it is in memory, with their items' rows. Not
        #: for a small project (its ranks come from memory soon after it opens): there
        #: the worker costs its frames more than it saves them (zoom p95 at 10,000
        #: events 13.8 ms with it, 10.3-10.7 without).
        self.prefetcher: RankPrefetcher | None = None
        self._ahead: tuple[list[SliceKey], list[SliceKey]] = ([], [])
        #: the slices the last frame would have read ahead
        self._wanted: list[SliceKey] = []
        self._last_span: float | None = None
        #: the project's derived facts (the Document's, in the app): flags are read there
        self.facts = facts if facts is not None else Facts(store)
        self.kinds = kinds
        #: Whether frames leave unknown flags to be found later (``learn_pending_flags``,
        #: which the app runs when idle) instead of finding them before they return.
        self.defer_flags = defer_flags
        #: events whose flags a frame wanted but are not known yet (deferred flags)
        self.pending_flags: set[int] = set()
        self.generation = 0
        self._given_index = index
        #: Reads a large project's indexes into memory meanwhile (see core.kept); only
        #: for the app's view (``prefetch``): a picture is drawn once.
        self.reader: IndexReader | None = None
        self._read_behind = prefetch
        self.reload()
        if prefetch and isinstance(self.index, WindowIndex):
            self.prefetcher = RankPrefetcher.for_store(store, kinds)

    def reload(self) -> None:
        """Re-read everything from the store (after an edit or on opening)."""
        store = self.store
        if self._given_index is not None:
            self.index: ItemIndex = self._given_index
            self._small = False
        else:
            self.index, self._small = _index(store, self.kinds)
        #: The rank index once read into memory (see _read_indexes): crowded lanes'
        #: slices are then ranked by bisections instead of a few statements each.
        self._rank_index: RankIndex | None = None
        self._read_indexes()
        #: items read so far, by (kind, id), until the next edit: a rank answer names
        #: them, and a slice seen again at another zoom level needs no read
        self._rows: dict[tuple[str, int], TimelineItem] = {}
        self.lanes = [
            LaneInfo(la.id, la.name, la.color, i) for i, la in enumerate(queries.lanes(store))
        ]
        if NO_LANE in self.index.lanes or not self.lanes:
            self.lanes.append(LaneInfo(NO_LANE, "No lane", None, len(self.lanes)))
        self.eras = [
            EraInfo(e.name, e.date_edtf, e.date_earliest, e.date_latest, e.color)
            for e in queries.eras(store)
        ]
        self.extent = queries.extent(store)
        self.title = store.project_info().get("title", "")
        self._fetched: dict[int, _Fetched] = {}
        #: sources whose dates are not read yet, so their events' flags are not known
        self.pending_sources: set[int] = set()
        self.pending_flags = set()
        self._speakers: dict[int, str | None] = {}
        self._evidence: dict[int, int] = {}
        self._ranked: dict[tuple[int, float, float, int], list[TimelineItem]] = {}
        self._rank_plans: dict[tuple[str, int], queries.RankPlan] = {}
        self._forget_ahead()
        self._filtered: TimeIndex | Restricted | None = None
        self._matches: tuple[set[int], set[int]] | None = None
        self._rule: _Rule | None = None
        self.generation += 1

    def close(self) -> None:
        """Stop reading ahead (the view is done with this project's data)."""
        if self.prefetcher is not None:
            self.prefetcher.close()
        if self.reader is not None:
            self.reader.cancel()

    def _read_indexes(self) -> None:
        """Have the indexes this project keeps in memory read on a worker thread (what
        was read before is dropped: the project changed): a small project's rank index
        (its time index is read as it opens), a large one's time and rank indexes, and
        for one too large to hold them, the running totals of its counts."""
        if self.reader is not None:
            self.reader.cancel()
            self.reader = None
        if self._rank_index is not None and self.prefetcher is not None:
            self.prefetcher.use_ranks(None)
        self._rank_index = None
        index = self.index
        if isinstance(index, KeptIndex):
            index = self.index = index.window  # until the new reading is in
        if not self._read_behind:
            return  # a picture, drawn once: its few slices are cheaper from the file
        if self._small:
            self.reader = IndexReader.for_store(self.store, self.kinds, what="ranks")
        elif isinstance(index, WindowIndex):
            if len(index) <= KEEP_ITEMS:
                self.reader = IndexReader.for_store(self.store, self.kinds, what="indexes")
            elif index.prefix is None:
                self.reader = IndexReader.for_store(self.store, self.kinds, what="counts")

    def wait_for_indexes(self, since: float, timeout: float = 30.0) -> float | None:
        """Wait until the indexes read into memory are in and answer from them (as the
        app does once they are, at its next frame); seconds from ``since`` (a
        ``time.perf_counter``) until they were in, or None when none are read."""
        if self.reader is None:
            return None
        self.reader.wait(timeout)
        done = time.perf_counter() - since
        return done if self.adopt_read_indexes() else None

    def adopt_read_indexes(self) -> bool:
        """Answer from the indexes read into memory if they are in (between frames);
        whether they were adopted now."""
        got = self.reader.result() if self.reader is not None else None
        if got is None:
            return False
        self.reader = None
        if isinstance(got, CountPrefix):
            if isinstance(self.index, WindowIndex):
                self.index.prefix = got
            return True
        if isinstance(got, RankIndex):
            self._rank_index = got
        else:
            times, self._rank_index = got
            if isinstance(self.index, WindowIndex):
                self.index = KeptIndex(self.index, times)
        if self.prefetcher is not None:
            self.prefetcher.use_ranks(self._rank_index)  # (what it read is dropped)
            # What the last frame would read ahead, read now from the ranks in memory.
            self.prefetcher.ask([key for key in self._wanted if key not in self._ranked])
        return True

    def refresh_flags(self) -> None:
        """Fetch again, so the next frame asks for the flags still unknown (the events
        still waiting for theirs keep waiting)."""
        self._fetched = {}
        self._ranked = {}
        self._forget_ahead()

    def facts_changed(self, event_ids: frozenset[int] | None) -> None:
        """Some events' derived facts changed (their flags are forgotten in ``facts``):
        learn the flags of a few at once, so the next frame draws them; more are asked
        for as frames need them. Their evidence counts (which rank them) are read again."""
        self._rank_plans = {}  # an evidence count may open a rank tier the plans lack
        big = isinstance(self.index, WindowIndex) and self.index.prefix is not None
        if not big:  # and moves items between ranks: read them again (meanwhile the
            self._read_indexes()  # file's answer; a count's running totals stay)
        self._forget_ahead()
        if event_ids is None or len(event_ids) > FLAG_NOW:
            self._evidence = {}
            self.refresh_flags()
            return
        for i in event_ids:
            self._evidence.pop(item_key("event", i), None)
        self._ranked = {}
        self.pending_flags -= event_ids
        self.facts.conflicts(event_ids)

    # ------------------------------------------------------------------ flags

    def _want_flags(self, rows: list[TimelineItem]) -> None:
        """Find (or, deferring, ask for) the flags of fetched items not known yet."""
        known = self.facts.is_known
        events = [i.id for i in rows if i.kind == "event" and not known(i.id)]
        if not events or len(events) > FLAG_LIMIT:
            return
        if self.defer_flags:
            self.pending_flags.update(events)
        else:
            self._learn_flags(events)

    def _learn_flags(self, events: list[int]) -> set[int]:
        """Find the flags of ``events``; the ones left unknown because a source they cite
        is not read yet (it goes to ``pending_sources``)."""
        waiting: set[int] = set()
        # Not deferring (a picture), the sources are read now: no one would later.
        self.facts.conflicts(events, waiting if self.defer_flags else None)
        self.pending_sources |= waiting
        known = self.facts.is_known
        return {e for e in events if not known(e)}

    def learn_pending_flags(self, n: int = 200) -> None:
        """Find the flags of up to ``n`` events that frames asked for (idle work)."""
        chunk = [self.pending_flags.pop() for _ in range(min(n, len(self.pending_flags)))]
        self.pending_flags.update(self._learn_flags(chunk))

    def _flag(self, rows: list[TimelineItem]) -> list[TimelineItem]:
        """``rows`` with the events known to be flagged marked ``flagged``."""
        flagged = self.facts.flagged
        if not flagged:
            return rows
        return [
            replace(i, flagged=True) if i.kind == "event" and i.id in flagged else i for i in rows
        ]

    # ------------------------------------------------------------------ filter

    def apply_filter(self, f: ItemFilter | None) -> None:
        """Find what passes ``f`` (None: everything). A filter by lanes and dates alone
        reads no item that passes: each is dimmed by its own lane and dates, and the
        overview counts from the index's own counts, restricted; other filters read the
        passing items' ids and times."""
        if f is None or f.empty:
            self.set_matching_rows(None)
            return
        limits = filters.restriction(f)
        if limits is None:
            self.set_matching_rows(filters.matching_rows(self.store, f, self.kinds))
            return
        # What passes is told by each item's own lane and dates: the ids that pass are
        # not read (at a million items, a lane's third of them took 90 ms).
        self._matches = None
        self._rule = _Rule(limits[0], *filters.span_bounds(f), frozenset(self.kinds))
        lanes, start, end = limits
        edges = [
            (item_key(kind, r[0]), r[1], r[2], r[3])
            for at in {start, end} - {None}
            for kind, rows in zip(
                ("event", "quote"),
                filters.matching_rows(
                    self.store, ItemFilter(lane_ids=f.lane_ids, start=at, end=at), self.kinds
                )
                or ([], []),
                strict=True,
            )
            for r in rows
        ]
        unique = list({r[0]: r for r in edges}.values())
        self._filtered = Restricted(
            self.index,
            lanes,
            start,
            end,
            TimeIndex(*(list(c) for c in zip(*unique, strict=True))) if unique else None,
        )

    def set_matching_rows(self, rows: tuple[list[MatchRow], list[MatchRow]] | None) -> None:
        """Remember the events and quotes that pass the filter, given as (id, earliest,
        latest, lane key) of each (None: all of them pass)."""
        self._filtered = None
        self._rule = None
        if rows is None:
            self._matches = None
            return
        self._matches = ({r[0] for r in rows[0]}, {r[0] for r in rows[1]})
        keyed = [
            (item_key(kind, r[0]), r[1], r[2], r[3])
            for kind, some in zip(("event", "quote"), rows, strict=True)
            if kind in self.kinds
            for r in some
        ]
        self._filtered = TimeIndex(
            [r[0] for r in keyed],
            [r[1] for r in keyed],
            [r[2] for r in keyed],
            [r[3] for r in keyed],
        )

    @property
    def filtered_index(self) -> TimeIndex | Restricted | None:
        """The index of only the items that pass the filter (None without a filter)."""
        return self._filtered

    def passes(self, kind: str, item_id: int) -> bool:
        """Whether an item passes the current filter."""
        if self._rule is not None:
            key = item_key(kind, item_id)
            if key not in self.index:
                return False
            earliest, latest, lane = self.index.get(key)
            return self._rule.passes(kind, lane, earliest, latest)
        if self._matches is None:
            return True
        return item_id in self._matches[0 if kind == "event" else 1]

    def passes_item(self, it: TimelineItem) -> bool:
        """:meth:`passes` for an item at hand (its lane and dates are its own)."""
        rule = self._rule
        if rule is None:
            return self.passes(it.kind, it.id)
        lane = NO_LANE if it.lane_id is None else it.lane_id
        return rule.passes(it.kind, lane, it.earliest, it.latest)

    # ------------------------------------------------------------------ items

    def items(self, lane: int, t0: float, t1: float) -> list[TimelineItem]:
        """The events and quotes of ``lane`` overlapping t0..t1, earliest first."""
        got = self._fetched.get(lane)
        if got is None or t0 < got.t0 or t1 > got.t1:
            span = t1 - t0
            f0, f1 = t0 - span * self.FETCH_MARGIN, t1 + span * self.FETCH_MARGIN
            if self.index.count(f0, f1, lane) > self.FETCH_MAX:
                f0, f1 = t0, t1
            rows = self._items_in(lane, f0, f1)
            self._want_flags(rows)
            got = self._fetched[lane] = _Fetched(f0, f1, rows)
            self._learn_speakers(i.id for i in rows if i.kind == "quote")
        if got.t0 == t0 and got.t1 == t1:
            return self._flag(got.items)
        return self._flag([i for i in got.items if i.latest > t0 and i.earliest <= t1])

    def item(self, kind: str, item_id: int) -> TimelineItem | None:
        """One event or quote (None when it is not in the project)."""
        for got in self._fetched.values():
            for it in got.items:
                if it.id == item_id and it.kind == kind:
                    return it
        return queries.timeline_item(self.store, kind, item_id)

    def ranked(self, lane: int, t0: float, t1: float, limit: int) -> list[TimelineItem]:
        """The ``limit`` most important items of ``lane`` overlapping t0..t1.

        The contract the level of detail relies on: items overlapping the window (as
        :meth:`items` finds them), most important first: importance (higher first),
        then the number of evidence passages (more first), then date order (earliest,
        kind, id); at most ``limit`` of them. Answers are kept until the next reload,
        so callers should ask for windows on a fixed grid.
        """
        key = (lane, t0, t1, limit)
        got = self._ranked.get(key) or self._from_halves(lane, t0, t1, limit)
        if got is None:
            keys = self._rank_keys(lane, t0, t1, limit)
            got = self._keep_ranked(key, self._with_rows(keys))
        return self._flag(got)

    def ranked_many(
        self, lane: int, windows: list[tuple[float, float]], limit: int
    ) -> list[list[TimelineItem]]:
        """:meth:`ranked` for each of ``windows``; the items of the answers not kept yet
        are read together (one statement per kind instead of one per window).

        Answers read ahead by the prefetcher are taken first, and the slices around
        these (the next zoom level's halves, and the same level either side) are noted
        for :meth:`read_ahead`."""
        if self.prefetcher is not None and windows:
            for t0, t1 in windows:
                key = (lane, t0, t1, limit)
                if key not in self._ranked:
                    ahead = self.prefetcher.take(key)
                    if ahead is not None:
                        self._keep_ranked(key, ahead)
            finer, sides = slices_around(lane, windows, limit)
            self._ahead[0].extend(finer)
            self._ahead[1].extend(sides)
        missing = [
            (t0, t1)
            for t0, t1 in windows
            if (lane, t0, t1, limit) not in self._ranked
            and self._from_halves(lane, t0, t1, limit) is None
        ]
        if missing:
            found = {w: self._rank_keys(lane, w[0], w[1], limit) for w in missing}
            # The items not read yet are read together, one statement per kind.
            self._with_rows([key for keys in found.values() for key in keys])
            for (t0, t1), keys in found.items():
                self._keep_ranked((lane, t0, t1, limit), self._with_rows(keys))
        return [self.ranked(lane, t0, t1, limit) for t0, t1 in windows]

    def _ranks(self) -> RankIndex | None:
        """The rank index in memory (None while the project's is read from the file)."""
        return self._rank_index

    def _items_in(self, lane: int, t0: float, t1: float) -> list[TimelineItem]:
        """The items of ``lane`` overlapping [t0, t1), earliest first (then kind, id)."""
        ranks = self._ranks()
        if ranks is None:
            return queries.items_in(
                self.store,
                t0,
                t1,
                kinds=self.kinds,
                lane_id=None if lane == NO_LANE else lane,
                plans=self._rank_plans,
            )
        found = ranks.overlapping(lane, t0, t1, self.kinds)
        keys = [(kind, i, n) for _, kind, i, n in found]
        for kind, i, n in keys:
            self._evidence[item_key(kind, i)] = n
        rows = self._read(keys)
        return [rows[(kind, i)] for kind, i, _ in keys if (kind, i) in rows]

    def _rank_keys(self, lane: int, t0: float, t1: float, limit: int) -> list[tuple[str, int, int]]:
        """(kind, id, evidence count) of the ``limit`` most important items of ``lane``
        overlapping t0..t1: from the rank index in memory when the project keeps one,
        else from the file's."""
        ranks = self._ranks()
        if ranks is not None:
            return ranks.keys(lane, t0, t1, limit, self.kinds)
        return queries.ranked_keys(
            self.store,
            t0,
            t1,
            limit=limit,
            kinds=self.kinds,
            lane_id=None if lane == NO_LANE else lane,
            plans=self._rank_plans,
        )

    def _read(self, keys: list[tuple[str, int, int]]) -> dict[tuple[str, int], TimelineItem]:
        """The rows of (kind, id, evidence count) keys by (kind, id): those not read yet
        are read, one statement per kind, and kept until the next edit."""
        rows = self._rows
        wanted = [key for key in keys if (key[0], key[1]) not in rows]
        if wanted:
            if len(rows) + len(wanted) > ROWS_KEPT:
                rows.clear()
                wanted = list(keys)
            for it, _ in queries.with_rows(self.store, wanted):
                rows[(it.kind, it.id)] = it
        return rows

    def _with_rows(self, keys: list[tuple[str, int, int]]) -> list[tuple[TimelineItem, int]]:
        """The items of (kind, id, evidence count) keys with their counts, most important
        first (those gone from the project left out)."""
        rows = self._read(keys)
        pairs = [(rows[(k, i)], n) for k, i, n in keys if (k, i) in rows]
        pairs.sort(key=lambda pair: queries.rank_key(*pair))
        return pairs

    def read_ahead(self, span: float | None = None) -> None:
        """Have the prefetcher read the slices noted by this frame's rank questions that
        are not kept yet (a frame calls this once it is composed, with its window's span).

        The gesture goes on as it went: after a zoom in only the next level's halves
        are read, after a pan or a zoom out only the slices either side (a zoom out's
        double slices are made of them); both when it is not known yet. Reading less
        keeps the worker from competing with the frames for the processor.
        """
        self.adopt_read_indexes()
        finer, sides = self._ahead
        self._ahead = ([], [])
        last, self._last_span = self._last_span, span
        if self.prefetcher is None or not (finer or sides):
            return
        if span is not None and last is not None:
            if span < last:
                sides = []
            else:
                finer = []
        wanted = [key for key in (*finer, *sides) if key not in self._ranked]
        self._wanted = list(dict.fromkeys(wanted))
        self.prefetcher.ask(self._wanted)

    def _forget_ahead(self) -> None:
        self._ahead = ([], [])
        self._wanted = []
        if self.prefetcher is not None:
            self.prefetcher.forget()

    def _keep_ranked(
        self, key: tuple[int, float, float, int], pairs: list[tuple[TimelineItem, int]]
    ) -> list[TimelineItem]:
        """Keep a rank answer (items with their evidence counts) and learn what the frames
        will ask of its items."""
        if len(self._ranked) > 4096:
            self._ranked.clear()
        for item, n in pairs:
            self._evidence[item_key(item.kind, item.id)] = n
        got = self._ranked[key] = [item for item, _ in pairs]
        self._want_flags(got)
        self._learn_speakers(i.id for i in got if i.kind == "quote")
        return got

    def _from_halves(
        self, lane: int, t0: float, t1: float, limit: int
    ) -> list[TimelineItem] | None:
        """The answer for t0..t1 from the answers kept for its two halves, if both are.

        Zooming out doubles the slices of a grid: the most important items of a slice
        are the most important of its halves' (an item in both counts once), so they
        need no query. Items of [t0, t1) are exactly those of [t0, mid) and [mid, t1).
        """
        mid = (t0 + t1) / 2
        first = self._ranked.get((lane, t0, mid, limit))
        second = self._ranked.get((lane, mid, t1, limit))
        if first is None or second is None:
            return None
        both = {(i.kind, i.id): i for i in (*first, *second)}
        ranked = sorted(both.values(), key=lambda i: queries.rank_key(i, self.evidence(i)))[:limit]
        self._ranked[(lane, t0, t1, limit)] = ranked
        return ranked

    def evidence(self, item: TimelineItem) -> int:
        """How many passages back an item (an event's evidence; a quote's own passage)."""
        key = item_key(item.kind, item.id)
        if key not in self._evidence:
            self.learn_evidence([item])
        return self._evidence.get(key, 0)

    def learn_evidence(self, found: Iterable[TimelineItem]) -> None:
        """Read the evidence counts of many items at once (for ranking them)."""
        found = list(found)
        events = [
            i.id
            for i in found
            if i.kind == "event" and item_key("event", i.id) not in self._evidence
        ]
        quotes = [
            i.id
            for i in found
            if i.kind == "quote" and item_key("quote", i.id) not in self._evidence
        ]
        counts = queries.evidence_counts(self.store, events)
        for i in events:
            self._evidence[item_key("event", i)] = counts.get(i, 0)
        for start in range(0, len(quotes), 500):
            chunk = quotes[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.store.db.execute(
                f"SELECT id, passage_id IS NOT NULL FROM quotes WHERE id IN ({marks})", chunk
            )
            for qid, has in rows:
                self._evidence[item_key("quote", qid)] = int(has)

    def speaker(self, quote_id: int) -> str | None:
        """The name of a quote's speaker (None when unknown)."""
        if quote_id not in self._speakers:
            self._learn_speakers([quote_id])
        return self._speakers.get(quote_id)

    def _learn_speakers(self, quote_ids: Iterable[int]) -> None:
        wanted = [q for q in quote_ids if q not in self._speakers]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.store.db.execute(
                "SELECT q.id, p.name FROM quotes q LEFT JOIN people p ON p.id = q.speaker_id "
                f"WHERE q.id IN ({marks})",
                chunk,
            )
            for qid, name in rows:
                self._speakers[qid] = name

    def neighbour(
        self, kind: str | None, item_id: int | None, after: float, step: int
    ) -> tuple[str, int] | None:
        """The next (step 1) or previous (-1) item in time order that passes the filter.

        Time order is (earliest, kind, id); with no current item, the first item from
        instant ``after`` on (or the last one before it, going back).
        """
        if kind is not None and item_id is not None and item_key(kind, item_id) in self.index:
            here: tuple[float, str, int] = (
                self.index.get(item_key(kind, item_id))[0],
                kind,
                item_id,
            )
        else:
            here = (after, "", -1) if step > 0 else (after, "~", 1 << 62)
        for _ in range(1000):
            found = [c for c in (self._step_in(k, here, step) for k in ("event", "quote")) if c]
            if not found:
                return None
            best = min(found) if step > 0 else max(found)
            if self.passes(best[1], best[2]):
                return best[1], best[2]
            here = best
        return None

    def _step_in(
        self, kind: str, here: tuple[float, str, int], step: int
    ) -> tuple[float, str, int] | None:
        """The neighbour of ``here`` among one kind of item, by (earliest, kind, id)."""
        e, k, i = here
        table = "events" if kind == "event" else "quotes"
        # The kind is constant per table, so the tuple comparison becomes a plain range
        # on date_earliest (which its index answers) plus a tie rule.
        if step > 0:
            same = "1" if kind > k else "id > ?" if kind == k else "0"
            where = f"date_earliest >= ? AND (date_earliest > ? OR {same})"
            order = "date_earliest, id"
        else:
            same = "1" if kind < k else "id < ?" if kind == k else "0"
            where = f"date_earliest <= ? AND (date_earliest < ? OR {same})"
            order = "date_earliest DESC, id DESC"
        params: list[object] = [e, e] + ([i] if kind == k else [])
        row = self.store.db.execute(
            f"SELECT date_earliest, id FROM {table} WHERE {where} ORDER BY {order} LIMIT 1", params
        ).fetchone()
        return None if row is None else (float(row[0]), kind, int(row[1]))


#: Up to this many items a project's time index is held in memory: reading it takes a
#: few milliseconds and each count is then a bisection, not a query. Beyond, counts come
#: from the summaries in the file, so opening does not grow with the project.
IN_MEMORY_ITEMS = 25_000


def _index(store: Store, kinds: tuple[str, ...]) -> tuple[ItemIndex, bool]:
    """The time index of a project: the file's summaries, or a copy in memory if small
    (or the one the store keeps itself); and whether it is a copy of the file's."""
    kept = store.timeline_index(kinds)
    if kept is not None:
        return kept, False
    window = WindowIndex(store, kinds)
    if len(window) > IN_MEMORY_ITEMS:
        return window, False
    rows = [
        (item_key(kind, i), e, late, NO_LANE if lane is None else lane)
        for kind in kinds
        for i, e, late, lane in queries.timeline_rows(store, kind)
    ]
    return TimeIndex(
        [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]
    ), True


#: At most this many items' rows are kept between frames (about 3 MB of titles).
ROWS_KEPT = 10_000
#: Above this many events in one fetch the timeline draws density, not flags.
FLAG_LIMIT = 2000
#: Up to this many events whose facts an edit changed have their flags found at once.
FLAG_NOW = 200
