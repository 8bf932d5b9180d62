"""Word lists and regular-expression fragments shared by the date finder's rules.

Everything here is data: month and weekday names, number words, units, and the
fragments the rules in ``rules_*.py`` are assembled from. Fragments are written for
``re.IGNORECASE | re.VERBOSE``; spaces inside them must therefore be ``\\s`` or ``[ ]``.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1,
    "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2,
    "a couple": 2, "couple of": 2, "a thousand": 1000, "one thousand": 1000, "thousand": 1000,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "last": -1, "final": -1,
}  # fmt: skip

# Vague quantities: "several years" is a duration of unknown length (PXY).
VAGUE = ("few", "a few", "several", "some", "many", "numerous", "a number of", "the")

# unit word -> (duration letter, multiplier, calendar granularity)
UNITS: dict[str, tuple[str, int, str]] = {
    "second": ("S", 1, "T"), "sec": ("S", 1, "T"), "minute": ("M", 1, "T"),
    "min": ("M", 1, "T"), "hour": ("H", 1, "T"), "hr": ("H", 1, "T"),
    "day": ("D", 1, "D"), "night": ("D", 1, "D"), "week": ("W", 1, "W"),
    "fortnight": ("W", 2, "W"), "month": ("M", 1, "M"), "quarter": ("Q", 1, "Q"),
    "year": ("Y", 1, "Y"), "decade": ("E", 1, "E"), "century": ("C", 1, "C"),
}  # fmt: skip
TIME_UNITS = frozenset({"S", "M_T", "H"})

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words after which a four-digit number is a count, not a year.
NOT_YEAR_AFTER = _words(
    """
    people persons men women children troops soldiers workers employees jobs shares
    barrels tons tonnes feet foot meters metres miles kilometers km yards acres pounds
    ounces dollars yen marks francs euros pesos rupees units cars homes houses points
    votes seats students cases deaths lives calories copies rooms beds seconds minutes
    hours days weeks months years decades
    """
)
# Words before a four-digit number that make it a count, a code or a name.
NOT_YEAR_BEFORE = _words(
    """
    no number flight route room rooms suite page pages vol volume chapter section article
    rule highway interstate model version about nearly some than almost over under
    approximately roughly around least exactly top dow index
    """
)

# Regex fragments ------------------------------------------------------------------


def alternation(words: list[str] | tuple[str, ...] | set[str] | dict[str, object]) -> str:
    """A regex alternation of ``words``, longest first so that prefixes never win."""
    items = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(w.replace(" ", r"\s+").replace(".", r"\.") for w in items) + ")"


_ABBR_MONTHS = [m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")]
_FULL_MONTHS = [m for m in MONTHS if m not in _ABBR_MONTHS]
# "Mar" and "May" are only months when capitalised; the rules check case where needed.
MONTH = rf"(?:{alternation(_FULL_MONTHS)}|{alternation(_ABBR_MONTHS)}\.?)(?![\w-])"
WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat)\.)(?![\w-])"
)
_NUM_WORDS = [w for w in NUMBERS if w not in ("a", "an")]
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_WORD = rf"(?:{_TENS}[\s-]{_ONES}|{alternation(_NUM_WORDS)})"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
FRACTION = r"(?:\d+\s+1/2|\d+\.5|(?:one|two|three|four|five|six|a)\s+and\s+a\s+half)"
NUMBER = rf"(?:{FRACTION}|{DIGITS}|{NUMBER_WORD}|a|an)"
UNIT_WORD = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?"
    r"|months?|quarters?|years?|decades?|century|centuries)"
)
ORDINAL = (
    rf"(?:{alternation([o for o in ORDINALS if o not in ('last', 'final')])}|\d+(?:st|nd|rd|th))"
)
DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)(?![\d,.]\d)"
SPOKEN_YEAR = (
    rf"(?:nineteen|two\s+thousand(?:\s+and)?)[\s-]+(?:{_TENS}(?:[\s-]{_ONES})?|"
    rf"{_ONES}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    rf"eighteen|nineteen|oh[\s-]{_ONES})"
)
# A word starts here, and is not part of a number, an amount or a hyphenated word
# (except after "mid-": "mid-1990s", "mid-November").
# A hyphen after a number may also precede ("7-9 March" is read at "9 March" too), and
# "pre-" and "post-" ("post-1959").
B = r"(?<![\w$£€.])(?<!(?<!\bmid)(?<!\bearly)(?<!\blate)(?<!\bpre)(?<!\bpost)(?<!\d)-)"
E = r"(?![\w])"  # a word ends here
