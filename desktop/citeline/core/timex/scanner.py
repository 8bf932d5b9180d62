"""Finding time expressions in text and turning them into mentions.

The scan visits only words that can begin a time expression (month and weekday names,
numbers, "last", "the"...). At each, every rule is tried as an anchored regular
expression, with and without a leading modifier ("early", "the end of", "about",
"more than"), and the longest reading that normalizes wins. Expressions are
normalized in text order so that "four months later" can lean on the time mentioned
before it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from citeline.core.timex.context import Context, Resolved
from citeline.core.timex.holidays import RULES as HOLIDAY_RULES
from citeline.core.timex.lexicon import MONTHS, NUMBERS, ORDINALS, WEEKDAYS
from citeline.core.timex.numbers import parse_number
from citeline.core.timex.rules_dates import FLAGS
from citeline.core.timex.rules_dates import RULES as DATE_RULES
from citeline.core.timex.rules_relative import RULES as RELATIVE_RULES
from citeline.core.timex.values import Point, edtf, finer, shift, value


def _words(text: str) -> set[str]:
    return set(text.split())


Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str], Context], Resolved | None]]
RULES: list[Rule] = [
    (n, re.compile(p, FLAGS), h) for n, p, h in DATE_RULES + RELATIVE_RULES + HOLIDAY_RULES
]

# The words each rule can begin with ("#" stands for any number written in digits), so
# that at a candidate only the rules that can start there are tried.
_MON, _WD = set(MONTHS), set(WEEKDAYS)
_ORD_W = set(ORDINALS) | {"twenty", "thirty"}
_NUM_W = {k.split()[0] for k in NUMBERS} | {"#", "few", "several", "some", "many"}
_SEASON_W = {"spring", "summer", "fall", "autumn", "winter"}
_REL_W = _words(
    "this last next past coming previous following current present that same prior preceding latest"
)
_DREL_W = _words(
    "past last next coming previous following first final latest remaining preceding "
    "initial recent other additional further same prior ensuing succeeding intervening"
)
_DET_W = _words("the its their his her these those our my your")
_STARTS: dict[str, set[str]] = {
    "part_of_day": _words("the morning afternoon evening"),
    "season": _SEASON_W,
    "this_moment": {"this", "moment"},
    "era_year": {"#", "ad"},
    "long": _words(
        "second seconds minute minutes hour hours day days night nights week weeks month "
        "months year years decade decades century centuries"
    ),
    "month_day": _WD | _MON | _words("last next this"),
    "day_month": _WD | _ORD_W | {"the", "#"},
    "month_year": _MON,
    "week_of": {"the"},
    "month": _MON | _words("last next this past coming"),
    "year": _words("fiscal fy the year calendar model # nineteen two"),
    "decade": _words("the # ' twenties thirties forties fifties sixties seventies eighties")
    | {"nineties"},
    "century": _ORD_W | {"the", "#"},
    "numeric": {"#"},
    "numeric_us": {"#"},
    "quarter": _words(
        "the its their a an this current latest same comparable year fiscal flat calendar "
        "# last next first second third fourth final"
    ),
    "weekday": _WD | _words("last next this past coming the"),
    "time": _words("# noon midnight midday one two three four five six seven eight nine ten")
    | {"eleven", "twelve"},
    "year_end": {"#", "year"},
    "season_year": _SEASON_W | {"the"},
    "ref": _words(
        "right now nowadays these currently current at the more recently recent lately soon as a"
    ),
    "day": _words("today yesterday tomorrow tonight this last"),
    "this_last_next": _REL_W | {"the"},
    "the_unit": _words("the that this its"),
    "year_ago": {"the", "year"},
    "ago": _NUM_W,
    "duration": _NUM_W | _DREL_W | _DET_W,
    "vague_plural": _words(
        "the past last next coming recent previous following first final early initial "
        "ensuing future few several many seconds minutes hours days weeks months quarters "
        "years decades centuries"
    ),
    "set": _words(
        "daily weekly monthly annually yearly quarterly hourly nightly biweekly semi "
        "semiannually biannually every each per"
    ),
    "plural_weekday": {d + "s" for d in WEEKDAYS if d.endswith("day")},
    "holiday": _words(
        "last next this christmas new valentine independence fourth july halloween veterans "
        "thanksgiving labor memorial election easter good"
    ),
}
_BY_FIRST: dict[str, list[Rule]] = {}
for _rule in RULES:
    for _w in _STARTS[_rule[0]]:
        _BY_FIRST.setdefault(_w, []).append(_rule)
_FIRST = re.compile(r"[A-Za-z]+|\d|'")
# Words a modifier ("early", "the end of", "about", "more than") can begin with.
_MOD_FIRST = _words(
    """
    the very early late mid middle end beginning start close dawn earlier later about
    around approximately roughly some almost nearly more less fewer over under at up no
    upwards well just as a only
    """
)


_DATE_MOD = re.compile(
    r"""(?:the\s+)?(?:(?:very\s+)?(?P<em>early|late|mid|middle)(?:\s+|-(?=\w))
    |(?P<of>end|beginning|start|middle|close|dawn)\s+of\s+
    |(?P<el>earlier|later)\s+(?=(?:this|that|last|next|today|tonight|yesterday|tomorrow|on)\b)
    )(?:in\s+|on\s+)?""",
    FLAGS,
)
_QUANT_MOD = re.compile(
    r"""(?P<qm>about|around|approximately|roughly|some|almost|nearly|more\s+than|less\s+than
    |fewer\s+than|over|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than
    |upwards\s+of|well\s+over|well\s+under|just\s+over|just\s+under|as\s+many\s+as
    |as\s+much\s+as|as\s+long\s+as|as\s+little\s+as|a\s+little\s+over|a\s+little\s+more\s+than
    |the\s+better\s+part\s+of|only)\s+""",
    FLAGS,
)
_QUANT_MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "almost": "LESS_THAN", "nearly": "LESS_THAN", "more than": "MORE_THAN",
    "less than": "LESS_THAN", "fewer than": "LESS_THAN", "over": "MORE_THAN",
    "under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
    "upwards of": "MORE_THAN", "well over": "MORE_THAN", "well under": "LESS_THAN",
    "just over": "MORE_THAN", "just under": "LESS_THAN", "as many as": "EQUAL_OR_LESS",
    "as much as": "EQUAL_OR_LESS", "as long as": "EQUAL_OR_LESS",
    "as little as": "EQUAL_OR_MORE", "a little over": "MORE_THAN",
    "a little more than": "MORE_THAN", "the better part of": "LESS_THAN", "only": "",
}  # fmt: skip


_TRIGGER_WORDS = (
    set(MONTHS) | set(WEEKDAYS) | set(NUMBERS) | set(ORDINALS)
    | {w + "s" for w in WEEKDAYS if len(w) > 4}
    | _words(
        """
        the a an this that last next past coming previous following current present same
        prior preceding latest its their his her these those our my your few several some
        many today yesterday tomorrow tonight now nowadays currently at recently lately more
        soon early late mid middle end beginning start close dawn earlier later about around
        approximately roughly almost nearly less fewer over under up no upwards well just as
        only daily weekly monthly annually yearly quarterly hourly nightly biweekly
        semiannually semi biannually every each per noon midnight midday fiscal fy calendar
        model year years month months week weeks day days decade decades century centuries
        quarter quarters hour hours minute minutes seconds recent first final remaining initial
        other
        additional further prior ensuing succeeding intervening twenties thirties forties
        fifties sixties seventies eighties nineties spring summer fall autumn winter weekend
        christmas new valentine's independence ad
        fourth halloween veterans thanksgiving labor memorial election easter good future
        moment term near short long distant morning afternoon evening night than couple
        dozen full
        """
    )
)  # fmt: skip
_TOKEN = re.compile(r"[A-Za-z]+|\d+|'\d")


def _first(text: str, pos: int) -> str:
    """The index key of the word at ``pos``: lower-case letters, "#" for digits, or "'"."""
    m = _FIRST.match(text, pos)
    if m is None:
        return ""
    w = m.group()
    return "#" if w[0].isdigit() else w.lower()


def _rules_at(text: str, pos: int) -> list[Rule]:
    return _BY_FIRST.get(_first(text, pos), RULES)


def _best(text: str, pos: int, ctx: Context) -> tuple[int, Resolved] | None:
    """The longest normalizable expression starting at ``pos``: (end, result)."""
    tried: list[tuple[int, int, Rule, re.Match[str], str]] = []
    for rule in _rules_at(text, pos):
        m = rule[1].match(text, pos)
        if m and m.end() > pos:
            tried.append((m.end(), 0, rule, m, ""))
    if _first(text, pos) in _MOD_FIRST:
        for mod_re, kind in ((_DATE_MOD, "date"), (_QUANT_MOD, "quant")):
            pm = mod_re.match(text, pos)
            if not pm:
                continue
            at = pm.end()
            for rule in _rules_at(text, at):
                m = rule[1].match(text, at)
                if m and m.end() > at:
                    tried.append((m.end(), 1, rule, m, kind + ":" + pm.group(0)))
    if len(tried) > 1:
        tried.sort(key=lambda t: (-t[0], t[1]))
    for end, _, rule, m, prefix in tried:
        res = rule[2](m, ctx)
        if res is None:
            continue
        if prefix:
            res = _apply_mod(res, prefix, m, ctx)
            if res is None:
                continue
        return end, res
    return None


def _apply_mod(res: Resolved, prefix: str, m: re.Match[str], ctx: Context) -> Resolved | None:
    kind, _, words = prefix.partition(":")
    words = " ".join(words.lower().split())
    if kind == "date":
        if res.type == "DURATION" and re.fullmatch(r"the\s+(?:year|month|week|day)", m.group(0)):
            # "the end of the year" is a date: the year in question.
            gran = {"year": "Y", "month": "M", "week": "W", "day": "D"}[m.group(0).split()[-1]]
            anchor = "dct" if ctx.document_date else None
            res = Resolved("DATE", point=ctx.today(gran), anchor=anchor)
        if res.type not in ("DATE", "TIME") or res.point is None:
            return None
        first = words.removeprefix("the ").removeprefix("very ").replace("-", " ").split()[0]
        if first in ("mid", "middle"):
            res.mod = "MID"
        elif first in ("early", "beginning", "start", "earlier", "dawn"):
            res.mod = "START"
        else:
            res.mod = "END"
        return res
    word = words.rstrip()
    mod = _QUANT_MODS.get(word)
    if mod is None:
        return None
    core = m.group(0).lower()
    if core.startswith(("the ", "this ", "that ", "last ", "next ", "its ")):
        return None
    if word in ("some", "only", "over", "under") and res.type != "DURATION":
        return None
    numeric = re.match(r"[\d']|[A-Z][a-z]+\.? \d", m.group(0))
    if res.type == "DATE" and not numeric and not re.search(r"\b(?:ago|earlier|later)$", core):
        return None  # "get around Wednesday's ruling": only numbers and dates are approximated
    if word == "only":
        return None
    res.mod = mod or None
    return res


# Words that begin a time expression only when another such word follows ("the past",
# "about two weeks"); skipping them otherwise keeps the scan fast.
_WEAK = _words(
    """
    the a an its their his her these those our my your at as no up over under well just
    only more less fewer some that this last next past coming previous following same prior
    preceding latest early late mid middle end beginning start close dawn about around
    approximately roughly almost nearly upwards every each per first final remaining
    initial other additional further ensuing succeeding intervening new good fiscal
    calendar model current present recent than near short long distant
    """
)


def _candidates(text: str) -> list[int]:
    """Positions of words that may begin a time expression.

    Every number counts, and every trigger word not glued to the word before it
    ("1990s" is tried at "1990" only); a weak word counts only when the next word is a
    number or a trigger word. One pass over the words; a weak word waits for the next.
    """
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lowered
        low = text
    lowered = low is not text
    out: list[int] = []
    append = out.append
    weak = -1
    prev_end = -1
    for m in _TOKEN.finditer(low):
        s, e = m.span()
        if low[s].isalpha():
            glued = s == prev_end
            prev_end = e
            if glued:
                continue
            w = m.group() if lowered else m.group().lower()
            if weak >= 0:
                if w in _TRIGGER_WORDS:
                    append(weak)
                weak = -1
            if w in _STRONG:
                append(s)
            elif w in _WEAK_ONLY:
                weak = s
        else:
            prev_end = e
            if weak >= 0 and low[s] != "'":
                append(weak)
            weak = -1
            append(s)
    return out


# Weak words that are a time expression on their own ("current", "recent" before a noun).
_REFS_ALONE = frozenset({"current", "recent"})
_WEAK_ONLY = frozenset(_WEAK - _REFS_ALONE)
_STRONG = frozenset(_TRIGGER_WORDS - _WEAK_ONLY)


def scan(
    text: str, document_date: datetime.date | None
) -> list[tuple[int, int, Resolved, Context]]:
    """Every expression found, in text order, normalized: (start, end, result, context)."""
    ctx = Context(text, document_date)
    found: list[tuple[int, int, Resolved, Context]] = []
    done = 0
    for pos in _candidates(text):
        if pos < done:
            continue
        best = _best(text, pos, ctx)
        if best is None:
            continue
        end, res = best
        # A trailing period belongs to the sentence unless it ends an abbreviation.
        if text[end - 1] == "." and not re.search(r"(?:\b[a-zA-Z]\.[a-zA-Z]|\b[A-Z][a-z]{1,3})\.$",
                                                   text[max(0, end - 6) : end]):  # fmt: skip
            end -= 1
        before = _BEFORE_DATE.search(text, max(0, pos - 40), pos)
        if before and (
            not found or found[-1][1] <= before.start() or found[-1][0] >= before.start()
        ):
            shifted = _counted_from(res, before)
            if shifted is not None:
                if found and found[-1][0] >= before.start():
                    found.pop()  # "two weeks after" read alone, from the last time mentioned
                    ctx.used_ref.pop()
                pos, res = before.start(), shifted
        found.append((pos, end, res, ctx))
        if res.anchor == "ref":
            ctx.used_ref.append((ctx.ref_text, ctx.ref))  # type: ignore[arg-type]
        else:
            ctx.used_ref.append(("", Point("Y", None)))
        if res.point is not None and res.point.year is not None and res.refers:
            ctx.ref, ctx.ref_text, ctx.ref_end = res.point, text[pos:end], end
        done = end
    return found


# "the day before last Tuesday", "two weeks after Oct. 3": a date counted from a date.
_BEFORE_DATE = re.compile(
    r"\b(?:(?:the|a)\s+|(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+)"
    r"(?P<unit>day|week|month|year)s?\s+(?P<dir>before|after)\s+$",
    re.IGNORECASE,
)


def _counted_from(res: Resolved, m: re.Match[str]) -> Resolved | None:
    """``res`` moved by the count of days, weeks... that ``m`` puts before it."""
    p = res.point
    if res.type != "DATE" or p is None or p.year is None:
        return None
    unit = m.group("unit")[0].upper()
    if finer(unit, p.gran) or (unit == "W" and p.gran != "D"):
        return None
    n = parse_number(m.group("n")) if m.group("n") else 1
    if n is None:
        return None
    sign = -1 if m.group("dir").lower() == "before" else 1
    return Resolved("DATE", point=shift(p, sign * int(n), unit), anchor=res.anchor)


def point_value(res: Resolved) -> str:
    """The TIMEX3 value of a normalized expression."""
    return value(res.point) if res.point is not None else res.value


def point_edtf(res: Resolved) -> str | None:
    """The EDTF of a normalized date or time, or of the date a duration reaches."""
    if res.point is not None:
        return edtf(res.point, approximate=res.mod == "APPROX")
    if res.approx is not None:
        return edtf(res.approx, approximate=True)
    return None
