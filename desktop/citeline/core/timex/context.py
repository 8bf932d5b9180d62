"""What a relative expression is resolved against: the document date, the last time
mentioned, and the tense of the sentence around it."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from citeline.core.timex.values import Point, first_day, from_date, from_days, shift, unknown

_FUTURE = re.compile(
    r"\b(?:will|won't|wo\s+n't|shall|'ll|going\s+to|plans?\s+to|planned|planning|scheduled"
    r"|expected|expects?|is\s+to|are\s+to|is\s+due|are\s+due|set\s+to|upcoming"
    r"|as\s+(?:soon|early)\s+as|postponed|delayed|payable|approach(?:es|ing)?|next(?!\s+to))\b",
    re.IGNORECASE,
)
# "until Tuesday", "by 9 a.m. Friday": a deadline lies ahead of the telling.
_DEADLINE = re.compile(r"\b(?:until|till|by)\s+(?:(?:on|at)\s+)?$", re.IGNORECASE)
_HAD = re.compile(r"\b(?:had|hadn't)\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|earlier|last|since|previous|(?-i:[a-z]\w{2,}(?<!e)(?<!hundr)ed)|said|told|became|began"
    r"|came|went|took|gave|made|found|left|saw|held|met|fell|rose|won|lost|led|shot|fought"
    r"|sent|ran|brought|bought|sold|paid|spent|struck|broke|wrote|spoke|knew|thought|felt"
    r"|kept|grew|drew|chose|fled|stood|sat)\b",
    re.IGNORECASE,
)
# With no tense to go by, a weekday is the past one unless the coming one is at most two
# days away: news mostly tells what has happened ("closed Thursday" in a Monday story is
# four days back), but "meet Monday" in a Saturday story is two days on.
_BACK = 4
# "would" looks ahead from the time of the telling: "said he would leave Friday".
_WOULD = re.compile(r"\b(?:would|'d)\b", re.IGNORECASE)
# A participle that plans ahead ("a service planned for Saturday") inside a clause whose
# own verb is past ("... was canceled"): the two cues disagree.
_PLANNED = re.compile(r"(?:planned|scheduled|expected|set|postponed|delayed)$", re.IGNORECASE)
_AUX_BE = re.compile(r"\b(?:be|being|been)\s+$", re.IGNORECASE)
_PAST_AUX = re.compile(r"^[^.;:!?]{0,40}?\b(?:was|were|had)\b", re.IGNORECASE)
# A sentence ends at a full stop before a capital, but not after an initial ("Daniel P.
# Davison") or a title or company abbreviation ("Mr. Schwarz", "Corp. said").
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Co|No))(?<!\bMrs)(?<!\b(?:Gen|Sen|Rep|Gov|Inc|Ltd|Col))"
    r"(?<!\bCorp)[.!?]\s+(?=[A-Z\"“])|\n\s*\n"
)


@dataclass
class Resolved:
    """The outcome of normalizing one expression."""

    type: str
    value: str = ""
    point: Point | None = None
    mod: str | None = None
    anchor: str | None = None  # "dct" or "ref": what the value was computed from
    approx: Point | None = None  # the date a duration reaches ("in less than a month")
    refers: bool = True  # whether later expressions may anchor on this one


@dataclass
class Context:
    """Document-wide state used while normalizing expressions in text order."""

    text: str
    document_date: datetime.date | None
    ref: Point | None = None
    ref_text: str = ""
    ref_end: int = -1
    used_ref: list[tuple[str, Point]] = field(default_factory=list)

    @property
    def dct(self) -> Point | None:
        """The document date as a day point, if known."""
        return None if self.document_date is None else from_date(self.document_date, "D")

    def today(self, gran: str = "D") -> Point:
        """The document date at granularity ``gran``; unknown when there is none."""
        if self.document_date is None:
            return unknown(gran)
        return from_date(self.document_date, gran)

    def relative(self, n: int, unit: str, gran: str) -> Point:
        """The point ``n`` units away from the document date, at granularity ``gran``."""
        if self.document_date is None:
            return unknown(gran)
        base = from_date(self.document_date, gran if gran != "T" else "D")
        return shift(base, n, unit, gran)

    def anchor_point(self) -> tuple[Point | None, str]:
        """The last time mentioned, else the document date, with which one it is."""
        if self.ref is not None and self.ref.year is not None:
            return self.ref, "ref"
        return self.dct, "dct"

    def sentence_before(self, start: int, width: int = 90) -> str:
        """The text of the sentence before ``start`` (at most ``width`` characters)."""
        chunk = self.text[max(0, start - width) : start]
        ends = list(_SENTENCE_END.finditer(chunk))
        return chunk[ends[-1].end() :] if ends else chunk

    def is_future(self, start: int, end: int) -> bool:
        """Whether the clause around ``start``..``end`` speaks of the future."""
        # Only the words before count: "said Friday it will" is about a past Friday.
        before = self.sentence_before(start, 70)
        if _FUTURE.search(before):
            return True
        # A deadline ("until Tuesday") looks ahead unless the clause is in the past
        # perfect ("had filed reports by Wednesday", "Until Thursday, they had not").
        return bool(
            _DEADLINE.search(before)
            and not _HAD.search(before)
            and not _HAD.search(self.text[end : end + 30])
        )

    def tense(self, start: int, end: int, possessive: bool = False) -> int:
        """Whether the clause around ``start``..``end`` looks ahead (1), back (-1) or
        gives no single answer (0).

        The cue nearest before the expression decides ("said Friday" after a quoted
        "will" is past; "said he would leave Friday" is ahead). A planning participle
        whose clause is then told in the past ("a service planned for Saturday was
        canceled") gives no answer. With no cue before it, the expression takes the
        tense of the first cue after it in its clause ("On Tuesday, the league plans
        to...", "Until Tuesday, they had not...").
        """
        before = self.sentence_before(start, 70)
        deadline = _DEADLINE.search(before) and not _HAD.search(before)
        if deadline and not _HAD.search(self.text[end : end + 30]):
            return 1
        best: tuple[int, int, str] | None = None
        # "would look for ways to get around Wednesday's ruling": a possessive weekday
        # names an event already known; "would" does not move it.
        patterns = (
            ((-1, _PAST), (1, _FUTURE)) if possessive else ((-1, _PAST), (1, _FUTURE), (1, _WOULD))
        )
        for kind, pattern in patterns:
            for m in pattern.finditer(before):
                if kind < 0 and _AUX_BE.search(before, 0, m.start()):
                    continue  # "will be held": a participle, the auxiliary before decides
                # At the same word ("planned") the forward reading wins.
                if best is None or (m.end(), kind) > (best[0], best[1]):
                    best = (m.end(), kind, m.group(0))
        if best is not None:
            if best[1] > 0 and _PLANNED.search(best[2]) and _PAST_AUX.search(self.text[end:]):
                return 0
            return best[1]
        after = re.split(r"[.;:!?]", self.text[end : end + 60], maxsplit=1)[0]
        fut, past = _FUTURE.search(after), _PAST.search(after)
        # "On Friday, the government planned to pay": "planned" is past here.
        if fut and (past is None or fut.start() < past.start()):
            return 1
        return -1 if past else 0

    def is_past(self, start: int) -> bool:
        """Whether the clause before ``start`` has a past-tense cue."""
        return bool(_PAST.search(self.sentence_before(start, 70)))


def nearest_weekday(ctx: Context, weekday: int, direction: int) -> Point:
    """The day with ISO ``weekday`` nearest the document date.

    ``direction`` -1 gives the latest one on or before it, +1 the first on or after it,
    -2 and +2 exclude the document date itself ("last Friday", "next Friday"), 0 the
    past one unless the coming one is at most two days away (no tense to go by).
    """
    dct = ctx.dct
    if dct is None:
        return unknown("D", weekday=weekday)
    days = first_day(dct)
    assert days is not None
    here = (days + 3) % 7 + 1
    if direction == 0:
        back = (here - weekday) % 7
        return from_days(days - back if back <= _BACK else days + 7 - back, "D")
    if direction < 0:
        back = (here - weekday) % 7
        if back == 0 and direction == -2:
            back = 7
        return from_days(days - back, "D")
    ahead = (weekday - here) % 7
    if ahead == 0 and direction == 2:
        ahead = 7
    return from_days(days + ahead, "D")


def month_year(ctx: Context, month: int, start: int, end: int) -> Point:
    """The month ``month`` nearest the document date, given the tense around it."""
    if ctx.document_date is None:
        return Point("M", None, month)
    year, here = ctx.document_date.year, ctx.document_date.month
    if abs(month - here) <= 2:
        return Point("M", year, month)  # a month this close is this year's
    # "would be paid ... in January" looks ahead as "will" does.
    if ctx.is_future(start, end) or _WOULD.search(ctx.sentence_before(start, 70)):
        return Point("M", year + (month < here), month)
    if ctx.is_past(start):
        return Point("M", year - (month > here), month)
    # No cue before it: the first cue after it in its clause ("before November will make
    # it harder" looks ahead).
    after = re.split(r"[.;:!?]", ctx.text[end : end + 60], maxsplit=1)[0]
    fut, past = _FUTURE.search(after), _PAST.search(after)
    if fut and (past is None or fut.start() < past.start()):
        return Point("M", year + (month < here), month)
    # No tense to go by: this year's, unless it is more than half a year ahead (then it is
    # last year's, as for days: news tells what has happened) or just across the turn of
    # the year.
    if month - here > 6:
        year -= 1
    elif here - month > 9:
        year += 1
    return Point("M", year, month)
