"""A date being read: the fields found so far, and the error saying why text is not a date.

Also the patterns that more than one part of the reader uses.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from citeline.core.edtf import DateValue, parse_edtf, qualifier_edtf, year_edtf
from citeline.core.errors import DateError

_I = re.IGNORECASE
_ERA = r"B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?"


class _NotUnderstood(Exception):
    """Why a piece of text is not a date; parse_date turns it into DateError."""


@dataclass
class _Partial:
    """A date read from text that may still lack fields another range end can supply."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz: str | None = None
    approximate: bool = False
    uncertain: bool = False
    bare_number: str | None = None
    """The text when it was only a short number: a day in a range, never a year."""

    def value(self) -> DateValue:
        """The complete DateValue; _NotUnderstood when a field it needs is missing."""
        if self.year is None and self.bare_number is not None:
            n = int(self.bare_number)
            raise _NotUnderstood(
                f"{self.bare_number} is too short for a year: "
                f"write it in full, or as AD {n} or {n} BC"
            )
        if self.year is None:
            if self.month is None and self.day is None and self.hour is not None:
                raise _NotUnderstood("it has a time but no date")
            raise _NotUnderstood("it has no year")
        if self.day is not None and self.month is None:
            raise _NotUnderstood("it has a day but no month")
        if self.hour is not None and self.day is None:
            raise _NotUnderstood("it has a time but no day")
        if self.month is not None and not -9999 <= self.year <= 9999:
            raise _NotUnderstood("months and days are kept only for years 10000 BC to AD 9999")
        text = year_edtf(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute or 0:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += self.tz or ""
        text += qualifier_edtf(self.approximate, self.uncertain)
        return _edtf(text)


@dataclass
class _Context:
    reference: _dt.date
    dayfirst: bool


_Side = DateValue | _Partial


def _edtf(text: str) -> DateValue:
    """parse_edtf for EDTF the reader built; its errors become _NotUnderstood."""
    try:
        return parse_edtf(text)
    except DateError as error:
        raise _NotUnderstood(str(error).partition("as an EDTF date: ")[2]) from None


def _complete(side: _Side) -> DateValue:
    return side.value() if isinstance(side, _Partial) else side
