"""Dates as people type them, and how Citeline shows them.

``parse_date`` turns what a journalist types ("Nov 3, 2020", "early 2019", "c. 1850",
"44 BC", "March–May 2021") into a :class:`~citeline.core.edtf.DateValue` that keeps the
precision that was written: "November 2020" stays a month. It never guesses silently:
a date without a year, a two-digit year or an unknown word is an error that says what
was not understood.

``format_date`` shows a DateValue for reading, and what it writes reads back to the
same DateValue. ``describe`` gives a one-line explanation for instant feedback while a
date is being typed.

Reading conventions that are choices, not facts:

* "11/03/2020" is read month first (3 November) unless ``dayfirst=True``; a first number
  above 12 is always a day. ``describe`` shows the reading, so a wrong one is seen.
* "early", "mid" and "late" are approximate thirds: of a year January-April, May-August,
  September-December; of a month days 1-10, 11-20 and 21 to the end.
* "the 1990s" is a decade (``199X``); "the 1900s" could be a decade or a century, so it
  must be written "1900s (decade)" or "1900s (century)" (or "20th century").
* "19th century" is ``18XX`` (1800-1899) and "2nd millennium" is ``1XXX``, as EDTF's
  unspecified digits have it; "1st century BC" is ``-00XX`` (100 BC-1 BC).
* "3pm" is a time of minute precision (15:00): nobody means "some time in that hour".
* In a range, an end may borrow what it leaves out from the other end: "March–May 2021",
  "3–5 Mar 2021", "Nov 3, 2020 14:30–16:00". Qualifiers belong to the end they stand
  by: "c. 2017–2021" is approximate at the start only.
"""

from __future__ import annotations

from citeline.core.dates.display import MONTHS_LONG as MONTHS_LONG
from citeline.core.dates.display import MONTHS_SHORT as MONTHS_SHORT
from citeline.core.dates.display import describe, format_date, shown_date
from citeline.core.dates.parse import parse_date

__all__ = ["describe", "format_date", "parse_date", "shown_date"]
