"""Evidence found for you: the sentences of other sources that report an event.

For an event, the finder compares its *query* (its title, description and the sentence
around each passage it cites) with every sentence of the sources it does not cite yet:

1. **Words** — BM25 over word stems, through the :class:`SentenceIndex`, normalised by
   what the query's own words could score, so scores compare across events.
2. **Same story** — the cosine of the candidate's whole source with the event's cited
   sources (their most frequent stems): a look-alike event (another earthquake, another
   rehab stay) is reported in articles about another story. A source far less alike to
   the story (the cited sources with their nearest sources, :mod:`evidence_story`) than
   those nearest sources are counts less.
3. **Names and numbers** — capitalised names and figures the query and the sentence
   share ("Lohan", "6.1") are reasons shown to the user and add to the score.
4. **Dates** — the date the sentence gives (the date finder, resolved against the
   source's publication date) is compared with the event's date: agreement adds, and a
   disagreement is shown ("gives 2008-04"), never hidden.

A sentence is proposed when its score clears a floor and comes close enough to the
event's best candidate; a sentence proposed for several events goes to those within
reach of its best one. Weights are in :class:`Weights`; their effect on the ECB+
development topics is in docs/evidence-found.md.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable

from citeline.core.evidence_index import SentenceIndex
from citeline.core.evidence_story import Stories
from citeline.core.evidence_text import name_forms, names, numbers, terms
from citeline.core.evidence_types import (
    DEFAULT,
    EventQuery,
    Proposal,
    SourceDates,
    Weights,
    date_given,
    published_gap,
)

__all__ = ["DEFAULT", "EventQuery", "Finder", "Proposal", "SourceDates", "Weights"]


_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied)|false(?:ly)?|not true|refut\w*|untrue|dismiss\w* (?:the )?reports?)\b",
    re.IGNORECASE,
)


class Finder:
    """Scores sentences of an index against events."""

    def __init__(self, index: SentenceIndex, weights: Weights = DEFAULT) -> None:
        self.index = index
        self.weights = weights
        self._doc_cache: dict[tuple[int, frozenset[int]], float] = {}
        self._candidates: dict[int, tuple[EventQuery, list[tuple[int, float]]]] = {}
        self._features: dict[int, tuple[str, set[str], set[str]]] = {}
        self._doc_vectors: dict[int, tuple[dict[str, float], float]] = {}
        self._idf: dict[str, float] = {}
        self._terms: dict[int, tuple[str, set[str], set[str]]] = {}
        self._sentences: dict[int, tuple[Counter[str], dict[str, str], set[str]]] = {}
        self._factor = array("d")  # per sentence: BM25's (k1 + 1) / (1 + k1 * length norm)
        self._compactions = index.compactions
        self.stories = Stories(index, self._doc_vector, weights.story_size)
        #: (source id, sentence start) -> the events citing a passage in that sentence.
        self.claimed: dict[tuple[int, int], set[int]] = {}
        #: How many events' queries hold each stem: what sets an event apart from others.
        self.event_df: Counter[str] = Counter()
        self.n_events = 0

    def forget(self) -> None:
        """Drop what depends on the project's sentences and events (their frequencies);
        an event's own words, names and numbers are kept (checked against its text)."""
        self._candidates.clear()
        self._doc_cache.clear()
        self._doc_vectors.clear()
        self._idf.clear()
        self._factor = array("d")
        self.stories.forget()
        if self._compactions != self.index.compactions:  # sentences were renumbered
            self._compactions = self.index.compactions
            self._sentences.clear()

    # ---------------------------------------------------------------- scoring

    def candidates(self, query: EventQuery) -> list[tuple[int, float]]:
        """(sentence number, normalised word score) of the best-matching sentences of
        the sources the event does not cite (kept per event while the index stands)."""
        cached = self._candidates.get(query.event_id)
        if cached is not None and cached[0] == query:
            return cached[1]
        acc, best = self._search(self.query_terms(query)[0])
        top = self._top(acc, query, best) if best else []
        self._candidates[query.event_id] = (query, top)
        return top

    def idf(self, term: str) -> float:
        """A stem's weight: rarer in the project's sentences and in fewer events' queries
        is heavier; 0 for a stem in no sentence or in too many to tell anything."""
        found = self._idf.get(term)
        if found is not None:
            return found
        ix, w = self.index, self.weights
        df = ix.df.get(term, 0)
        n_live = max(ix.live, 1)
        if not df or df > min(max(50, w.common * n_live), COMMON_CAP):
            idf = 0.0
        else:
            idf = math.log(1 + (n_live - df + 0.5) / (df + 0.5))
        if idf and self.n_events > 1:
            ef = min(max(self.event_df.get(term, 1), 1), self.n_events)
            idf *= 1 + w.specific * math.log(self.n_events / ef) / math.log(self.n_events)
        self._idf[term] = idf
        return idf

    def _factors(self) -> array[float]:
        """BM25's length factor of every sentence (each occurrence of a word counts
        once: a word repeated within one sentence is rare in news prose)."""
        ix, w = self.index, self.weights
        if len(self._factor) != len(ix.s_len):
            avg = ix.average_length
            self._factor = array(
                "d", ((w.k1 + 1) / (1 + w.k1 * (1 - w.b + w.b * n / avg)) for n in ix.s_len)
            )
        return self._factor

    def sentence(self, n: int) -> tuple[Counter[str], dict[str, str], set[str]]:
        """Sentence ``n``'s stems (counted), names (as written) and numbers, cached."""
        found = self._sentences.get(n)
        if found is None:
            if len(self._sentences) > SENTENCE_CACHE:
                self._sentences.clear()
            text = self.index.sentence_text(n)
            found = self._sentences[n] = (
                Counter(self.index.sentence_terms(n)),
                name_forms(text),
                numbers(text),
            )
        return found

    def _search(self, words: set[str], weight: float = 1.0) -> tuple[dict[int, float], float]:
        """BM25 of every sentence holding one of ``words``, and the most the words could
        score together (each once, in a sentence of average length)."""
        ix = self.index
        factor = self._factors()
        acc: dict[int, float] = {}
        get = acc.get
        best = 0.0
        for term in words:
            idf = weight * self.idf(term)
            if not idf:
                continue
            best += idf
            for n in ix.postings[term]:
                acc[n] = get(n, 0.0) + idf * factor[n]
        for n in ix.dead & acc.keys():
            del acc[n]
        return acc, best

    def lexical_for(self, query: EventQuery, numbers_: Iterable[int]) -> list[tuple[int, float]]:
        """The normalised word score of given sentences for an event (what
        :meth:`candidates` gives them), computed for those sentences alone."""
        ix, w = self.index, self.weights
        title, context = self.query_terms(query)
        best = sum(self.idf(t) for t in title)
        if not best:
            return []
        scale = best * (w.k1 + 1) / (1 + w.k1)
        factor = self._factors()
        out = []
        for n in numbers_:
            if ix.s_source[n] in query.cited_sources:
                continue
            total = 0.0
            for t, f in self.sentence(n)[0].items():
                weight = 1.0 if t in title else w.context if t in context else 0.0
                if weight:
                    total += weight * self.idf(t) * f * factor[n]
            if total:
                out.append((n, total / scale))
        return out

    def _top(
        self, acc: dict[int, float], query: EventQuery, best: float
    ) -> list[tuple[int, float]]:
        """The best candidates by title words, then by the query's other words too.

        Words of the description and the passages add to the best title matches' scores,
        not to what they are measured against: a long passage must not make every match
        weak (nor every sentence sharing one of its words a candidate)."""
        ix, w = self.index, self.weights
        cited = query.cited_sources
        ranked = heapq.nlargest(4 * w.candidates, acc.items(), key=_second)
        if len(ranked) < len(acc) and sum(ix.s_source[n] not in cited for n, _ in ranked) < (
            w.candidates
        ):
            ranked = sorted(acc.items(), key=_second, reverse=True)  # cited sources took many
        context = self.query_terms(query)[1]
        factor = self._factors()
        scored = []
        for n, score in ranked:
            if ix.s_source[n] in cited:
                continue
            if context:
                for t in ix.sentence_terms(n):
                    if t in context:
                        score += w.context * self.idf(t) * factor[n]
            scored.append((n, score))
        scored.sort(key=_second, reverse=True)
        scale = best * (w.k1 + 1) / (1 + w.k1)
        return [(n, s / scale) for n, s in scored[: w.candidates]]

    def doc_similarity(self, source_id: int, cited: frozenset[int]) -> float:
        """Cosine of a source's top stems with those of the cited sources (tf-idf)."""
        key = (source_id, cited)
        found = self._doc_cache.get(key)
        if found is not None:
            return found
        a, na = self._doc_vector(source_id)
        if len(cited) == 1:
            b, nb = self._doc_vector(next(iter(cited)))
        else:
            b = {}
            for s in cited:
                for t, v in self._doc_vector(s)[0].items():
                    b[t] = b.get(t, 0.0) + v
            nb = math.sqrt(sum(v * v for v in b.values()))
        if len(a) > len(b):
            a, b = b, a
        dot = sum(v * b.get(t, 0.0) for t, v in a.items())
        sim = dot / (na * nb) if na and nb else 0.0
        if len(self._doc_cache) > SENTENCE_CACHE:
            self._doc_cache.clear()
        self._doc_cache[key] = sim
        return sim

    def _doc_vector(self, source_id: int) -> tuple[dict[str, float], float]:
        found = self._doc_vectors.get(source_id)
        if found is None:
            ix = self.index
            entry = ix.sources.get(source_id)
            n_docs = max(len(ix.sources), 1)
            vector = {
                t: (1 + math.log(c)) * math.log((1 + n_docs) / (1 + ix.doc_df.get(t, 0)))
                for t, c in (entry.terms.items() if entry else ())
            }
            norm = math.sqrt(sum(v * v for v in vector.values()))
            found = self._doc_vectors[source_id] = (vector, norm)
        return found

    def propose(
        self,
        query: EventQuery,
        dates: dict[int, SourceDates] | None = None,
        among: list[tuple[int, float]] | None = None,
    ) -> list[Proposal]:
        """The event's proposals, best first, before competition between events: among
        its best candidates, or among the (sentence, word score) pairs given."""
        w = self.weights
        scored = []
        for n, lexical in self.candidates(query) if among is None else among:
            found = self.score(query, n, lexical, dates)
            if found is not None:
                scored.append(found)
        scored.sort(key=lambda p: (-p.score, p.source_id, p.start))
        if not scored or scored[0].score < w.gate:
            return []
        return [p for p in scored if p.score >= w.floor]

    def score(
        self, query: EventQuery, n: int, lexical: float, dates: dict[int, SourceDates] | None
    ) -> Proposal | None:
        """Sentence ``n`` scored for an event, with its reasons (None: already cited)."""
        ix, w = self.index, self.weights
        source_id, start, end = ix.sentence(n)
        if any(s == source_id and a < end and start < b for s, a, b in query.cited_spans):
            return None
        if self.claimed.get((source_id, start), set()) - {query.event_id}:
            # another event's own evidence: most likely that event's report
            lexical *= 1 - w.claimed
        _, forms, s_numbers = self.sentence(n)
        text = ix.sentence_text(n)
        cited = query.cited_sources
        # An event citing nothing yet has no story to compare with: count it half alike.
        doc = self.doc_similarity(source_id, cited) if cited else 0.5
        score = lexical * (1 - w.doc + w.doc * doc)
        q_names, q_numbers = self._query_features(query)
        shared_names = sorted(forms[k] for k in q_names & set(forms))
        shared_numbers = sorted(q_numbers & s_numbers)
        score += min(w.name_cap, w.name * len(shared_names)) * lexical
        score += w.number * min(2, len(shared_numbers))
        reasons: list[str] = []
        if shared_names:
            reasons.append("names: " + ", ".join(shared_names[:6]))
        if shared_numbers:
            reasons.append("numbers: " + ", ".join(shared_numbers[:6]))
        given = date_given(dates.get(source_id) if dates else None, start, end)
        agrees = None
        published = ix.sources[source_id].published
        if given is None and published and query.date is not None:
            against = published_gap(published, query.date)
            score -= w.date_disagree * against
            if against >= 1:
                reasons.append(f"published {published[:10]}, before the event")
            elif against >= 0.25:
                reasons.append(f"published {published[:10]}, long after the event")
        if given is not None and query.date is not None:
            gap = max(given.earliest - query.date.latest, query.date.earliest - given.latest)
            agrees = gap < 0
            # Reports of one event disagree by days or weeks; a date years away is most
            # likely another event of the same kind.
            score += w.date_agree if agrees else -w.date_disagree * min(1.0, gap / w.date_far)
            reasons.append(f"gives {given.edtf}" + ("" if agrees else ", outside the event's date"))
        elif given is not None:
            reasons.append(f"gives {given.edtf}")
        if cited and doc >= 0.2:
            reasons.append(f"same story ({doc:.0%} alike)")
        if cited and w.story and score >= w.floor:  # (it only ever lowers a score)
            # A source far less alike to the cited sources' story than its nearest
            # sources are most likely reports another story's look-alike event.
            score *= self.stories.fit(source_id, cited, w.story, w.story_power)
        return Proposal(
            query.event_id,
            source_id,
            start,
            end,
            text,
            score,
            tuple(reasons),
            given.edtf if given is not None else None,
            agrees,
            "contradicts" if _DENIAL.search(text) else "supports",
        )

    def query_terms(self, query: EventQuery) -> tuple[set[str], set[str]]:
        """An event's title stems, and the other stems of its query (cached)."""
        found = self._terms.get(query.event_id)
        if found is None or found[0] != query.text:
            title = set(terms(query.title or query.text))
            found = self._terms[query.event_id] = (
                query.text,
                title,
                set(terms(query.text)) - title,
            )
        return found[1], found[2]

    def _query_features(self, query: EventQuery) -> tuple[set[str], set[str]]:
        found = self._features.get(query.event_id)
        if found is None or found[0] != query.text:
            found = self._features[query.event_id] = (
                query.text,
                names(query.text),
                numbers(query.text),
            )
        return found[1], found[2]

    def compete(self, proposals: Iterable[Proposal]) -> list[Proposal]:
        """Proposals kept after each sentence goes to the events within reach of its best
        (one event per sentence, near-ties kept: a sentence may report two events)."""
        found = list(proposals)
        best: dict[tuple[int, int, int], float] = {}
        for p in found:
            key = (p.source_id, p.start, p.end)
            best[key] = max(best.get(key, 0.0), p.score)
        return [
            p
            for p in found
            if p.score >= self.weights.compete * best[(p.source_id, p.start, p.end)]
        ]


#: A stem in more sentences than this is not looked up, whatever the project's size.
COMMON_CAP = 2000
#: How many sentences' stems, names and numbers are kept worked out.
SENTENCE_CACHE = 20_000


def _second(pair: tuple[int, float]) -> float:
    return pair[1]
