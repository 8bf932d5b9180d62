"""Reading numbers written in words or digits, and spelling durations."""

from __future__ import annotations

import re

from citeline.core.timex.lexicon import NUMBERS, ORDINALS

_VAGUE = re.compile(r"^(?:a\s+)?(?:few|several|some|many|numerous|number\s+of|the)$")


def parse_number(text: str) -> float | None:
    """The number written in ``text`` ("17", "twenty-five", "2 1/2", "a couple of").

    None when the quantity is vague ("several", "a few") or unreadable.
    """
    t = re.sub(r"\s+", " ", text.strip().lower())
    if _VAGUE.match(t):
        return None
    half = 0.0
    m = re.match(r"^(.*?)(?: and a half| 1/2)$", t)
    if m:
        t, half = m.group(1), 0.5
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", "")) + half
    if t in NUMBERS:
        return NUMBERS[t] + half
    parts = re.split(r"[\s-]+", t)
    if all(p in NUMBERS for p in parts):
        total = 0
        for p in parts:
            total = (
                total * NUMBERS[p] if NUMBERS[p] in (100, 1000) and total else total + NUMBERS[p]
            )
        return total + half
    return None


def parse_ordinal(text: str) -> int | None:
    """The number of an ordinal ("third", "3rd", "21st"); -1 for "last"."""
    t = text.strip().lower()
    if t in ORDINALS:
        return ORDINALS[t]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    parts = re.split(r"[\s-]+", t)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in ORDINALS:
        return NUMBERS[parts[0]] + ORDINALS[parts[1]]
    return None


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def duration(n: float | None, letter: str) -> str:
    """A TIMEX3 duration: ``n`` units of ``letter`` (S, M_T, H, D, W, M, Q, Y, E, C).

    ``M_T`` is minutes (written after "T"). None gives the vague form "PXY".
    Fractions carry into the next smaller unit: 2.5 years is "P2Y6M".
    """
    time = letter in ("S", "M_T", "H")
    code = "M" if letter == "M_T" else letter
    if n is None:
        return f"PT X{code}".replace(" ", "") if time else f"PX{code}"
    if letter == "E":
        n, code = n * 10, "Y"
    elif letter == "C":
        n, code = n * 100, "Y"
    elif letter == "Q":
        n, code = n * 3, "M"
    whole = int(n)
    frac = n - whole
    smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
    if frac and code in smaller and not (code == "M" and time):
        sub, k = smaller[code]
        rest = _fmt(frac * k) + sub
        head = f"{whole}{code}" if whole else ""
        if code == "D":
            return f"P{head}T{rest}"
        if code == "H":
            return f"PT{head}{rest}"
        return f"P{head}{rest}"
    if frac and code == "M" and time:
        return f"PT{whole}M{_fmt(frac * 60)}S" if whole else f"PT{_fmt(frac * 60)}S"
    return f"PT{_fmt(n)}{code}" if time else f"P{_fmt(n)}{code}"
