"""Stories: a source of another story counts less for an event, and the nearest sources
follow sources added and removed."""

from __future__ import annotations

from citeline.core import evidence_story
from citeline.core.evidence_finder import Finder
from citeline.core.evidence_index import SentenceIndex

ACEH = [
    "An earthquake struck Aceh province and rescuers dug through rubble in Banda Aceh. "
    "Governor Irwandi visited the mosque in Lhoknga where survivors sheltered.",
    "Survivors in Banda Aceh slept outside after the earthquake. Irwandi said the port "
    "of Lhoknga reopened and the mosque stood.",
    "Aid reached Lhoknga by road. Irwandi thanked volunteers in Banda Aceh for clearing "
    "rubble from the mosque after the earthquake.",
    "The earthquake near Banda Aceh damaged the Lhoknga cement plant, Irwandi said, and "
    "rescuers searched the rubble of the market.",
]
PADANG = [
    "An earthquake hit West Sumatra and hospitals in Padang overflowed. Mayor Fauzi "
    "inspected the Ambacang hotel where guests were trapped.",
    "Rescuers in Padang pulled guests from the Ambacang hotel after the earthquake. "
    "Fauzi said schools in Pariaman collapsed.",
    "Fauzi asked for tents for Pariaman and Padang. The Ambacang hotel ruins were "
    "searched by rescuers after the earthquake.",
    "The earthquake flattened schools in Pariaman. In Padang, Fauzi said the Ambacang "
    "hotel search would go on through the night.",
]


def build(texts: list[str]) -> Finder:
    index = SentenceIndex()
    for n, text in enumerate(texts, 1):
        index.add(n, text)
    return Finder(index)


def test_a_source_of_another_story_counts_less() -> None:
    finder = build(ACEH + PADANG)
    cited = frozenset({1})  # an event citing the first Aceh report
    same = [finder.stories.fit(s, cited, 0.2, 2.0) for s in (2, 3, 4)]
    other = [finder.stories.fit(s, cited, 0.2, 2.0) for s in (5, 6, 7, 8)]
    assert min(same) == 1.0
    assert max(other) < 0.5
    # the story is the cited source with its nearest sources: the other Aceh reports
    assert {s for _, s in finder.stories.neighbours(1)} <= {2, 3, 4, 5, 6, 7, 8}
    assert {s for _, s in finder.stories.neighbours(1)[:3]} == {2, 3, 4}


def test_a_project_too_small_to_tell_stories_apart_counts_every_source() -> None:
    finder = build(ACEH[:2])
    assert finder.stories.fit(2, frozenset({1}), 0.2, 2.0) == 1.0


def test_nearest_sources_follow_sources_added_and_removed() -> None:
    finder = build(ACEH[:2] + PADANG)
    before = finder.stories.neighbours(1)
    assert before[0][1] == 2
    finder.index.add(9, ACEH[2])  # a new Aceh report joins the first report's list
    finder.forget()
    kept = finder.stories.neighbours(1)
    assert {s for _, s in kept[:2]} == {2, 9}
    finder.index.remove(9)  # and leaves with its source
    finder.forget()
    assert 9 not in {s for _, s in finder.stories.neighbours(1)}


def test_a_project_past_the_size_limit_tells_no_stories(monkeypatch) -> None:
    finder = build(ACEH + PADANG)
    assert finder.stories.fit(5, frozenset({1}), 0.2, 2.0) < 0.5
    monkeypatch.setattr(evidence_story, "MAX_SOURCES", 7)
    finder.forget()
    assert finder.stories.fit(5, frozenset({1}), 0.2, 2.0) == 1.0
