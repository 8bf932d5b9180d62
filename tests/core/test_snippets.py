"""Context snippets: a few sentences around a passage, cut only between words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citeline.core.io.snippets import context, from_quote

TEXT = (
    "Heading of the piece\n\n"
    "First sentence sets the scene. Trump was defeated in November 2020 and talks "
    "stalled. Four months later the deal was signed. Nobody confirmed the figure.\n\n"
    "Another paragraph entirely."
)


def test_the_passage_comes_with_a_sentence_either_side_within_its_paragraph() -> None:
    start = TEXT.index("defeated")
    end = TEXT.index(" and talks")
    s = context(TEXT, start, end)
    assert s.exact == "defeated in November 2020"
    assert s.before == "First sentence sets the scene. Trump was "
    assert s.after == " and talks stalled. Four months later the deal was signed."
    assert not s.cut_before and s.cut_after is False
    assert "Heading" not in s.before and "Another" not in s.after


def test_a_long_side_is_cut_at_a_space_and_marked() -> None:
    text = "word " * 100 + "PASSAGE" + " other" * 100
    start = text.index("PASSAGE")
    s = context(text, start, start + 7, limit=40)
    assert s.cut_before and s.cut_after
    assert s.before.split() == ["word"] * len(s.before.split())
    assert s.after.split() == ["other"] * len(s.after.split())
    assert len(s.before) <= 40 and len(s.after) <= 40


def test_a_stored_quote_loses_its_half_words() -> None:
    s = from_quote("erican units stay. Then ", "the deal", " was signed by Sou")
    assert (s.before, s.after) == ("units stay. Then ", " was signed by")
    assert s.cut_before and s.cut_after
    whole = from_quote(" units. ", "x", " was ")
    assert (whole.before, whole.after, whole.cut_before, whole.cut_after) == (
        " units. ",
        " was ",
        False,
        False,
    )


@given(
    st.lists(st.sampled_from(["alpha", "beta.", "gamma", "delta!", "\n"]), min_size=3),
    st.data(),
)
def test_no_snippet_starts_or_ends_inside_a_word(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    bounds = [i for i in range(len(text) + 1) if i in (0, len(text)) or text[i - 1] == " "]
    start = data.draw(st.sampled_from(bounds))
    end = data.draw(st.sampled_from([b for b in bounds if b >= start]))
    s = context(text, start, end, limit=12)
    assert s.exact == text[start:end]
    assert text[:start].endswith(s.before)
    assert text[end:].startswith(s.after)
    head = start - len(s.before)
    tail = end + len(s.after)
    assert head == 0 or not text[head - 1].isalnum() or not s.before[:1].isalnum()
    assert tail == len(text) or not text[tail].isalnum() or not s.after[-1:].isalnum()


def test_a_long_source_gives_the_same_snippet_as_its_neighbourhood() -> None:
    words = ("alpha beta gamma delta. " * 400).split(" ")
    text = " ".join(words)
    start = text.index("gamma", 5000)
    whole = context(text, start, start + 5, limit=60)
    assert whole.cut_before is False and whole.before.startswith("alpha")  # its sentence
    long_sentence = "word " * 3000 + "TARGET" + " word" * 3000
    s = context(long_sentence, 15000, 15006, limit=50)
    assert s.exact == "TARGET" and s.cut_before and s.cut_after
    assert 40 < len(s.before) <= 50 and 40 < len(s.after) <= 50
