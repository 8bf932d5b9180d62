"""Proleptic Gregorian calendar arithmetic for any year, as plain integers.

Python's ``datetime`` stops at years 1 and 9999; a timeline of history does not. Every
instant in Citeline is an integer count of seconds since 1970-01-01T00:00:00 UTC, and
years use astronomical numbering (year 0 is 1 BC, year -43 is 44 BC), as EDTF does.
"""

from __future__ import annotations

SECONDS_PER_DAY = 86_400


def is_leap(year: int) -> bool:
    """Whether ``year`` (astronomical numbering) is a Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year``."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a calendar date (exact for every year)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) of a day count since 1970-01-01."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (m <= 2), m, d)


def instant(
    year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0, second: int = 0
) -> int:
    """Seconds since 1970-01-01T00:00:00 UTC of a calendar date and time."""
    return days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second


def civil_from_instant(t: int | float) -> tuple[int, int, int, int, int, int]:
    """The (year, month, day, hour, minute, second) of an instant."""
    t = int(t // 1)
    days, rem = divmod(t, SECONDS_PER_DAY)
    y, m, d = civil_from_days(days)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    return (y, m, d, hh, mm, ss)


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) that lies ``months`` after ``year``-``month``."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1
