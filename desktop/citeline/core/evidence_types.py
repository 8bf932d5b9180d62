"""What the evidence finder works with: its weights, an event's query, a proposal, and
the dates that speak for or against a sentence reporting an event."""

from __future__ import annotations

from dataclasses import dataclass

from citeline.core.edtf import DateValue, parse_edtf
from citeline.core.errors import DateError


@dataclass(frozen=True)
class Weights:
    """The finder's tunable constants (measured on the ECB+ development topics)."""

    k1: float = 1.2
    b: float = 0.5
    doc: float = 0.6  # share of the word score that depends on the source's similarity
    name: float = 0.15  # per shared name, up to `name_cap`
    name_cap: float = 0.3
    number: float = 0.05
    date_agree: float = 0.05
    date_disagree: float = 0.3  # at `date_far` seconds or more apart; less when nearer
    date_far: float = 90 * 86400
    floor: float = 0.08  # the least score proposed
    gate: float = 0.2  # an event whose best candidate scores less gets no proposals
    compete: float = 0.0  # and within this share of the sentence's best event (0: off)
    candidates: int = 40  # sentences looked at closely per event
    claimed: float = 0.5  # share taken off a sentence another event cites
    common: float = 0.2  # stems in more than this share of sentences are not looked up
    context: float = 0.5  # weight of words of the description and passages, not the title
    specific: float = 2.0  # extra weight of a stem few other events' queries share
    story: float = 0.2  # share of its story's cohesion a source needs to count fully (0: off)
    story_power: float = 2.0  # how steeply a source less alike than that counts less
    story_size: int = 4  # nearest sources that make a story with the cited ones


DEFAULT = Weights()


@dataclass(frozen=True)
class EventQuery:
    """What an event is compared by: its words, names, numbers, date and cited sources."""

    event_id: int
    text: str  # the title, then the description and the sentences of its passages
    date: DateValue | None
    cited_sources: frozenset[int]
    cited_spans: frozenset[tuple[int, int, int]]  # (source id, start, end) already evidence
    title: str = ""  # what the score is measured against (the text when empty)


@dataclass(frozen=True)
class Proposal:
    """A sentence of a source proposed as evidence for an event, and why."""

    event_id: int
    source_id: int
    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]
    date: str | None = None  # the date the sentence gives (EDTF), if any
    date_agrees: bool | None = None  # None: no date given
    stance: str = "supports"

    def to_json(self) -> dict[str, object]:
        """The proposal as ``citeline suggest-evidence --format jsonl`` prints it."""
        return {
            "event_id": self.event_id,
            "source_id": self.source_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "date": self.date,
            "stance": self.stance,
        }


#: (start, end, EDTF) of the dates found in a source, as core.conflicts gives them.
SourceDates = tuple[tuple[int, int, str], ...]


_YEAR = 365 * 86400


def published_gap(published: str, date: DateValue) -> float:
    """How much a source's publication date speaks against it reporting an event: fully
    when it was published before the event began, half when a year or more after."""
    try:
        day = parse_edtf(published[:10])
    except DateError:
        return 0.0
    if day.latest <= date.earliest:
        return 1.0
    return 0.5 * min(1.0, max(0, day.earliest - date.latest) / _YEAR)


def date_given(found: SourceDates | None, start: int, end: int) -> DateValue | None:
    """The date a sentence gives (the hull of the dates in it), if any."""
    if not found:
        return None
    values = []
    for s0, s1, edtf in found:
        if start <= s0 and s1 <= end:
            try:
                values.append(parse_edtf(edtf))
            except DateError:
                continue
    if not values:
        return None
    first = min(values, key=lambda d: (d.earliest, d.latest))
    last = max(values, key=lambda d: (d.latest, d.earliest))
    if first.edtf == last.edtf:
        return first
    try:
        return parse_edtf(f"{first.edtf}/{last.edtf}")
    except DateError:
        return first
