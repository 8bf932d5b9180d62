"""Passages stay anchored to the right words while a source's text is edited around them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citeline.core.anchoring import (
    Resolution,
    Selector,
    make_selector,
    normalize_text,
    reanchor,
    resolve,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "dw-2024-03-14-sma.txt"

QUOTE = "Trump has used similar tactics in negotiations with Japan"


@pytest.fixture(scope="module")
def article() -> str:
    return normalize_text(SAMPLE.read_text(encoding="utf-8"))


def select(text: str, quote: str, occurrence: int = 0) -> Selector:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_selector(text, start, start + len(quote))


def found(text: str, res: Resolution) -> str:
    assert res.start is not None and res.end is not None
    return text[res.start : res.end]


# --- normalize_text ---------------------------------------------------------------------


def test_normalize_unifies_line_ends_and_drops_the_bom() -> None:
    assert normalize_text("\ufeffone\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_normalize_composes_accents_and_keeps_spaces() -> None:
    decomposed = "  Cafe\u0301  au\tlait \n"
    assert normalize_text(decomposed) == "  Caf\u00e9  au\tlait \n"


def test_normalize_keeps_a_bom_that_is_not_leading() -> None:
    # Only a byte order mark is dropped; a zero-width no-break space inside the text is
    # content, and removing it would shift every later offset.
    assert normalize_text("a\ufeffb") == "a\ufeffb"


# --- make_selector ----------------------------------------------------------------------


def test_selector_records_quote_and_context() -> None:
    text = "x" * 40 + "QUOTE" + "y" * 40
    sel = make_selector(text, 40, 45)
    assert sel == Selector(40, 45, "QUOTE", "x" * 32, "y" * 32)


def test_selector_context_is_shorter_at_the_text_edges() -> None:
    sel = make_selector("ab QUOTE cd", 3, 8, context=5)
    assert (sel.prefix, sel.exact, sel.suffix) == ("ab ", "QUOTE", " cd")


@pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 2), (-1, 2), (0, 12)])
def test_selector_rejects_empty_or_outside_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        make_selector("hello world", start, end)


# --- resolve: exact and moved -------------------------------------------------------------


def test_unchanged_text_resolves_exactly(article: str) -> None:
    sel = select(article, QUOTE)
    assert resolve(article, sel) == Resolution("exact", sel.start, sel.end, 1.0)


def test_insertion_before_the_passage_moves_it(article: str) -> None:
    sel = select(article, QUOTE)
    edited = "Editor's note: updated with a statement from Tokyo.\n\n" + article
    res = resolve(edited, sel)
    assert res.status == "moved"
    assert res.start == sel.start + len("Editor's note: updated with a statement from Tokyo.\n\n")
    assert found(edited, res) == QUOTE


def test_deletion_before_the_passage_moves_it(article: str) -> None:
    sel = select(article, QUOTE)
    cut = "A bill of 5 billion dollars\n\n"
    edited = article.replace(cut, "", 1)
    res = resolve(edited, sel)
    assert res.status == "moved"
    assert res.start == sel.start - len(cut)
    assert found(edited, res) == QUOTE


def test_changed_words_elsewhere_keep_the_passage(article: str) -> None:
    sel = select(article, QUOTE)
    edited = article.replace("considerably accelerating", "rapidly stepping up", 1).replace(
        "far – Reach", "far-reaching", 1
    )
    res = resolve(edited, sel)
    assert res.status in ("exact", "moved")
    assert found(edited, res) == QUOTE
    assert res.start == edited.index(QUOTE)


def test_a_repeated_passage_is_told_apart_by_its_context() -> None:
    text = (
        "The ministry said the talks were productive. Analysts disagreed.\n\n"
        "Later, the embassy said the talks were productive. Nobody believed it.\n"
    )
    second = select(text, "the talks were productive", occurrence=1)
    edited = "UPDATE\n" + text
    res = resolve(edited, second)
    assert res.status == "moved"
    assert res.start == edited.index("embassy said the talks") + len("embassy said ")

    first = select(text, "the talks were productive", occurrence=0)
    res = resolve(edited, first)
    assert res.start == edited.index("ministry said the talks") + len("ministry said ")


def test_a_repeated_passage_without_context_takes_the_nearest() -> None:
    text = "aa QUOTE bb " * 3
    sel = Selector(start=15, end=20, exact="QUOTE", prefix="", suffix="")
    res = resolve("x" + text, sel)
    # Copies sit at 4, 16 and 28 now; 16 is nearest the old 15.
    assert (res.status, res.start) == ("moved", 16)


def test_a_copy_sliding_into_the_old_offsets_does_not_capture_the_passage() -> None:
    text = "Farm: cut. Army: cut."
    sel = select(text, "cut", occurrence=1)  # the army budget
    edited = "Navy: cut. " + text
    # The farm "cut" now sits at the old offsets, but its context is not the remembered one.
    assert edited[sel.start : sel.end] == "cut"
    res = resolve(edited, sel)
    assert (res.status, res.start) == ("moved", edited.index("Army: cut") + len("Army: "))


def test_the_old_offsets_win_when_no_copy_has_better_context() -> None:
    text = "one two one two one"
    sel = Selector(4, 7, "two", "zzz ", " zzz")
    assert resolve(text, sel).status == "exact"


# --- resolve: fuzzy ----------------------------------------------------------------------


def test_a_corrected_typo_reanchors_fuzzily(article: str) -> None:
    quote = "Trump suggested, it would withdraw American units from the country"
    sel = select(article, quote)
    edited = "Correction appended.\n\n" + article.replace(
        "Trump suggested, it would", "Trump suggested, he would"
    )
    res = resolve(edited, sel)
    assert res.status == "fuzzy"
    assert (
        found(edited, res) == "Trump suggested, he would withdraw American units from the country"
    )
    assert 0.9 < res.score < 1.0


def test_a_changed_word_in_a_long_quote_reanchors_fuzzily(article: str) -> None:
    quote = article[article.index("Seoul and Washington") :].split("\n")[0]
    sel = select(article, quote)
    edited = article.replace("initial progress", "early progress", 1)
    res = resolve(edited, sel)
    assert res.status == "fuzzy"
    assert found(edited, res) == quote.replace("initial progress", "early progress")


def test_changed_whitespace_and_punctuation_reanchor_fuzzily() -> None:
    text = 'She said: "We will not pay five billion dollars, not now, not ever." Then she left.'
    sel = select(text, '"We will not pay five billion dollars, not now, not ever."')
    edited = "She said: “We will not pay  five billion dollars – not now, not ever.” Then she left."
    res = resolve(edited, sel)
    assert res.status == "fuzzy"
    assert found(edited, res) == "“We will not pay  five billion dollars – not now, not ever.”"


def test_fuzzy_prefers_the_copy_with_matching_context() -> None:
    text = (
        "In March the minister said the deal was almost finished.\n"
        "In May the envoy said the deal was almost finished.\n"
    )
    sel = select(text, "said the deal was almost finished", occurrence=1)
    edited = text.replace("almost finished", "nearly finished")
    res = resolve(edited, sel)
    assert res.status == "fuzzy"
    assert res.start == edited.index("envoy said") + len("envoy ")


def test_deleting_the_passage_orphans_it(article: str) -> None:
    sel = select(article, QUOTE)
    sentence = article[sel.start : article.index("\n", sel.start)]
    edited = article.replace(sentence, "", 1)
    assert resolve(edited, sel) == Resolution("orphaned", None, None, 0.0)


def test_a_rewritten_passage_is_orphaned_not_matched_elsewhere(article: str) -> None:
    sel = select(article, QUOTE)
    edited = article.replace(QUOTE, "Japan saw similar pressure from the same White House", 1)
    assert resolve(edited, sel).status == "orphaned"


def test_short_quotes_need_their_context_to_match_fuzzily() -> None:
    text = "Prices rose by 12 percent in March, officials said."
    sel = select(text, "12 percent")
    corrected = text.replace("12", "13")
    res = resolve(corrected, sel)
    assert (res.status, found(corrected, res)) == ("fuzzy", "13 percent")
    unrelated = "Nothing here but 13 percent of a different story entirely, and more."
    assert resolve(unrelated, sel).status == "orphaned"


@pytest.mark.parametrize("text", ["", "completely different words"])
def test_nothing_to_find_is_orphaned_not_an_error(text: str) -> None:
    sel = Selector(0, 5, "quote", "", " here")
    assert resolve(text, sel).status == "orphaned"


def test_a_selector_past_the_end_of_a_shorter_text_is_still_found() -> None:
    sel = Selector(500, 505, "quote", "the ", " here")
    res = resolve("the quote here", sel)
    assert (res.status, res.start, res.end) == ("moved", 4, 9)


def test_fuzzy_search_in_a_long_text_is_fast_and_right() -> None:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(2000)
    ]
    text = " ".join(rng.choice(vocabulary) for _ in range(30_000))  # about 210 KB
    start = text.index(" ", len(text) // 2) + 1
    sel = make_selector(text, start, start + 1500)
    quote = list(sel.exact)
    for i in range(7, 1500, 100):
        quote[i] = "#"
    edited = "new opening paragraph\n\n" + text[: sel.start] + "".join(quote) + text[sel.end :]
    res = resolve(edited, sel)
    assert res.status == "fuzzy"
    assert (res.start, res.end) == (sel.start + 23, sel.end + 23)


# --- reanchor ----------------------------------------------------------------------------


def test_reanchor_builds_a_selector_in_the_new_text(article: str) -> None:
    sel = select(article, QUOTE)
    edited = "Updated.\n" + article.replace("Japan", "JAPAN")
    new = reanchor(article, edited, sel)
    assert new is not None
    assert new.exact == QUOTE.replace("Japan", "JAPAN")
    assert edited[new.start : new.end] == new.exact
    assert new == make_selector(edited, new.start, new.end)


def test_reanchor_refreshes_thin_context_from_the_old_text(article: str) -> None:
    full = select(article, QUOTE)
    thin = Selector(full.start, full.end, full.exact, "", "")
    new = reanchor(article, "Top.\n" + article, thin)
    assert new is not None
    assert (new.prefix, new.suffix) == (full.prefix, full.suffix)


def test_reanchor_gives_none_for_an_orphan(article: str) -> None:
    sel = select(article, QUOTE)
    assert reanchor(article, article.replace(QUOTE, ""), sel) is None


# --- properties --------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
EDIT = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=12),
    st.text(alphabet="abcdefghij .,\n", max_size=12),
)


def apply_outside(
    text: str, start: int, end: int, edit: tuple[str, float, int, str]
) -> tuple[str, int]:
    """``text`` edited before or after ``text[start:end]``, and the span's new start."""
    kind, where, length, insert = edit
    before = where < 0.5
    lo, hi = (0, start) if before else (end, len(text))
    at = lo + int((hi - lo) * (where * 2 % 1))
    cut = 0 if kind == "insert" else min(length, hi - at)
    new = "" if kind == "delete" else insert
    edited = text[:at] + new + text[at + cut :]
    return edited, (start + len(new) - cut if before else start)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(WORDS, min_size=3, max_size=60),
    span=st.tuples(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1)),
    edits=st.lists(EDIT, max_size=5),
)
def test_edits_outside_the_span_always_find_the_same_words(
    words: list[str], span: tuple[float, float], edits: list[tuple[str, float, int, str]]
) -> None:
    text = " ".join(words)
    a, b = sorted(int(f * len(text)) for f in span)
    b = max(b, a + 1)
    if b > len(text):
        a, b = len(text) - 1, len(text)
    sel = make_selector(text, a, b)
    edited, start = text, a
    for edit in edits:
        edited, start = apply_outside(edited, start, start + (b - a), edit)
    res = resolve(edited, sel)
    assert res.status in ("exact", "moved")
    assert found(edited, res) == sel.exact
    # Where the passage and its full context are unique, it must be the original copy.
    window = edited[max(0, start - 32) : start + len(sel.exact) + 32]
    if edited.count(sel.exact) == 1 or (
        window == sel.prefix + sel.exact + sel.suffix and edited.count(window) == 1
    ):
        assert res.start == start


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    quote_len=st.integers(min_value=30, max_value=300),
    typo_at=st.floats(min_value=0.1, max_value=0.9),
)
def test_one_typo_inside_a_quote_is_found_fuzzily(
    seed: int, quote_len: int, typo_at: float
) -> None:
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(2, 8)))
        for _ in range(300)
    ]
    text = " ".join(rng.choice(vocabulary) for _ in range(400))
    start = rng.randrange(0, len(text) - quote_len)
    sel = make_selector(text, start, start + quote_len)
    i = start + int(quote_len * typo_at)
    edited = text[:i] + "#" + text[i + 1 :]
    res = resolve(edited, sel)
    assert res.status == "fuzzy"
    assert (res.start, res.end) == (start, start + quote_len)
    assert res.score == pytest.approx(1 - 1 / quote_len)
