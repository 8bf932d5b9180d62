"""Scoring the date finder against a gold corpus with the TempEval-3 measures.

A corpus folder holds ``manifest.json`` (a list of {"name", "dct", "txt", "gold"}),
each document's text and its gold TIMEX3 as JSON Lines ({"start", "end", "type",
"value", ...}). Measures are micro-averaged over all documents:

- strict P/R/F1: a prediction matches a gold expression with the same span
  (one to one);
- relaxed P/R/F1: spans overlap, matched one to one so that the most pairs match,
  preferring exact spans and then larger overlaps;
- type and value accuracy over relaxed matches (type ignores case, value is an exact
  string); type F1 and value F1 are relaxed F1 times those accuracies.
"""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from citeline.core.errors import CitelineError


class CorpusError(CitelineError):
    """A gold corpus folder is missing or malformed."""


@dataclass(frozen=True)
class Span:
    """A predicted or gold expression as the scorer sees it."""

    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    """Totals over documents from which every measure is computed."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        """Add another document's counts to these."""
        for name in ("gold", "pred", "strict", "relaxed", "type_ok", "value_ok", "chars"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.errors.extend(other.errors)


def strict_pairs(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index) with identical spans."""
    free: dict[tuple[int, int], list[int]] = {}
    for j, p in enumerate(pred):
        free.setdefault((p.start, p.end), []).append(j)
    pairs = []
    for i, g in enumerate(gold):
        waiting = free.get((g.start, g.end))
        if waiting:
            pairs.append((i, waiting.pop(0)))
    return pairs


def _weight(g: Span, p: Span) -> int:
    """How good a relaxed pair is: 0 when the spans do not overlap."""
    lo, hi = max(g.start, p.start), min(g.end, p.end)
    if lo >= hi:
        return 0
    union = max(g.end, p.end) - min(g.start, p.start)
    exact = 2000 if (g.start, g.end) == (p.start, p.end) else 0
    return exact + 1000 * (hi - lo) // union + 1


def relaxed_pairs(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of overlapping spans, the heaviest among those.

    Min-cost flow from the gold side to the prediction side: each cheapest augmenting
    path (Bellman-Ford on the residual graph) adds one pair, so the matching is as
    large as possible and, among the largest, prefers exact and widely overlapping pairs.
    """
    n_gold = len(gold)
    source, sink = n_gold + len(pred), n_gold + len(pred) + 1
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    out: list[list[int]] = [[] for _ in range(sink + 1)]

    def link(u: int, v: int, cost: int) -> None:
        for a, b, c, cap in ((u, v, cost, 1), (v, u, -cost, 0)):
            out[a].append(len(heads))
            heads.append(b)
            caps.append(cap)
            costs.append(c)

    linked_pred: set[int] = set()
    for i, g in enumerate(gold):
        row = [(j, w) for j, p in enumerate(pred) if (w := _weight(g, p))]
        if row:
            link(source, i, 0)
        for j, w in row:
            link(i, n_gold + j, -w)
            linked_pred.add(j)
    for j in sorted(linked_pred):
        link(n_gold + j, sink, 0)
    while True:
        dist: dict[int, int] = {source: 0}
        via: dict[int, int] = {}
        for _ in range(sink + 1):
            changed = False
            for u, du in list(dist.items()):
                for e in out[u]:
                    if caps[e] and du + costs[e] < dist.get(heads[e], 1 << 60):
                        dist[heads[e]] = du + costs[e]
                        via[heads[e]] = e
                        changed = True
            if not changed:
                break
        if sink not in dist:
            break
        v = sink
        while v != source:
            e = via[v]
            caps[e] -= 1
            caps[e ^ 1] += 1
            v = heads[e ^ 1]
    pairs = []
    for i in range(n_gold):
        for e in out[i]:
            if e % 2 == 0 and caps[e] == 0 and n_gold <= heads[e] < source:
                pairs.append((i, heads[e] - n_gold))
    return pairs


def score_document(gold: Sequence[Span], pred: Sequence[Span]) -> Counts:
    """The counts of one document's predictions against its gold."""
    relaxed = relaxed_pairs(gold, pred)
    return Counts(
        gold=len(gold),
        pred=len(pred),
        strict=len(strict_pairs(gold, pred)),
        relaxed=len(relaxed),
        type_ok=sum(gold[i].type.upper() == pred[j].type.upper() for i, j in relaxed),
        value_ok=sum(gold[i].value.strip() == pred[j].value.strip() for i, j in relaxed),
    )


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def measures(c: Counts) -> dict[str, float]:
    """The TempEval-3 measures of ``c``, as percentages, plus throughput in MB/s."""
    sp, sr, sf = _prf(c.strict, c.pred, c.gold)
    rp, rr, rf = _prf(c.relaxed, c.pred, c.gold)
    type_acc = c.type_ok / c.relaxed if c.relaxed else 0.0
    value_acc = c.value_ok / c.relaxed if c.relaxed else 0.0
    out = {
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "type_accuracy": type_acc, "value_accuracy": value_acc,
        "type_f1": rf * type_acc, "value_f1": rf * value_acc,
    }  # fmt: skip
    result = {k: round(100 * v, 2) for k, v in out.items()}
    result["mb_per_s"] = round(c.chars / 1e6 / c.seconds, 2) if c.seconds else 0.0
    return result


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _spans(rows: Iterable[dict[str, object]]) -> list[Span]:
    return [Span(int(r["start"]), int(r["end"]), str(r["type"]), str(r["value"]))  # type: ignore[call-overload]
            for r in rows]  # fmt: skip


def load_corpus(folder: Path) -> list[tuple[str, datetime.date, str, list[Span], list[dict]]]:
    """The documents of a corpus folder: (name, document date, text, gold spans, gold rows)."""
    manifest = folder / "manifest.json"
    try:
        docs = json.loads(manifest.read_text(encoding="utf-8"))
        out = []
        for d in docs:
            with (folder / d["txt"]).open(encoding="utf-8", newline="") as f:
                text = f.read()
            rows = _read_jsonl(folder / d["gold"])
            out.append((d["name"], datetime.date.fromisoformat(d["dct"]), text, _spans(rows), rows))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"cannot read the corpus in {folder}: {exc}") from exc
    return out


Tagger = Callable[[str, datetime.date], list[Span]]


def evaluate(folder: Path, tagger: Tagger, errors: bool = False) -> Counts:
    """Run ``tagger`` over every document of the corpus in ``folder`` and count."""
    total = Counts()
    for name, dct, text, gold, _ in load_corpus(folder):
        t0 = time.perf_counter()
        pred = tagger(text, dct)
        elapsed = time.perf_counter() - t0
        c = score_document(gold, pred)
        c.chars, c.seconds = len(text.encode("utf-8")), elapsed
        if errors:
            c.errors = list(describe_errors(name, text, gold, pred))
        total.add(c)
    return total


def describe_errors(
    name: str, text: str, gold: Sequence[Span], pred: Sequence[Span]
) -> Iterable[str]:
    """One line per miss, spurious prediction, wrong value or span of a document."""
    pairs = dict(relaxed_pairs(gold, pred))
    matched = set(pairs.values())
    for i, g in enumerate(gold):
        gt = text[g.start : g.end]
        if i not in pairs:
            yield f"{name}\tMISS\t{gt!r}\t{g.type}\t{g.value}"
            continue
        p = pred[pairs[i]]
        pt = text[p.start : p.end]
        if p.value != g.value or p.type.upper() != g.type.upper():
            yield f"{name}\tWRONG\t{gt!r} {g.type} {g.value}\t<- {pt!r} {p.type} {p.value}"
        elif (p.start, p.end) != (g.start, g.end):
            yield f"{name}\tSPAN\t{gt!r}\t<- {pt!r}"
    for j, p in enumerate(pred):
        if j not in matched:
            yield f"{name}\tSPURIOUS\t{text[p.start : p.end]!r}\t{p.type}\t{p.value}"


def citeline_tagger(text: str, document_date: datetime.date) -> list[Span]:
    """The project's own date finder, as a scorer tagger."""
    from citeline.core.timex import extract

    return [Span(m.start, m.end, m.type, m.value) for m in extract(text, document_date)]
