"""Dragging dates: whole units of their precision, precision and qualifiers kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeline.core.edtf import parse_edtf
from citeline.core.moving import moved

DAY = 86_400
MONTH = 30.44 * DAY
YEAR = 365.25 * DAY


@pytest.mark.parametrize(
    ("edtf", "seconds", "expected"),
    [
        ("2021-03", 2 * MONTH, "2021-05"),
        ("2021-03", -3 * MONTH, "2020-12"),
        ("2021-03~", 11 * MONTH, "2022-02~"),
        ("2020-11-03", 3 * DAY, "2020-11-06"),
        ("2020-02-29", YEAR, "2021-02-28"),
        ("2021-01-31", MONTH, "2021-03-02"),  # a day steps by days: 30 of them
        ("2020", -2 * YEAR, "2018"),
        ("2024-04?", MONTH, "2024-05?"),
        ("-0043", -YEAR, "-0044"),
        ("2017-01-20/2021-01-20", YEAR, "2018-01-20/2022-01-20"),
        ("2024-03/2024-11", -MONTH, "2024-02/2024-10"),
        ("2017-01-20/2020-11", 2 * MONTH, "2017-03-20/2021-01"),
        ("2021-03", 0.2 * MONTH, None),  # less than half a unit: no move
        ("19XX", 10 * YEAR, None),
        ("2021-21", YEAR, None),
        ("2019/..", YEAR, None),
    ],
)
def test_moved(edtf: str, seconds: float, expected: str | None) -> None:
    assert moved(edtf, seconds) == expected


@given(
    year=st.integers(-2000, 3000),
    month=st.integers(1, 12),
    steps=st.integers(-500, 500).filter(bool),
)
def test_month_moves_keep_precision_and_invert(year: int, month: int, steps: int) -> None:
    start = parse_edtf(f"{year:04d}-{month:02d}" if year >= 0 else f"-{-year:04d}-{month:02d}")
    there = moved(start.edtf, steps * MONTH)
    assert there is not None
    value = parse_edtf(there)
    assert value.precision == "month"
    assert moved(there, -steps * MONTH) == start.edtf
