"""``citeline bench --suggest``: how fast suggested evidence is on a large project.

A synthetic project of 10,000 events and 1,000 sources of about 5,000 words (news-like
sentences over a Zipf-distributed vocabulary with names and figures; each event's title
paraphrases a sentence of the source it cites) is written, then measured in a fresh
process: building the sentence index, the proposals for one newly imported 5,000-word
source, one event's proposals, and the whole project as ``citeline suggest-evidence``
gives it, with CPU time (``time.process_time``) beside wall time, and peak memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click

SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "is", "ur", "dem", "pol")
FUNCTION = ("the", "a", "of", "in", "and", "to", "on", "for", "with", "at", "by", "said")


def _vocabulary(rng: random.Random, n: int, capital: bool = False) -> list[str]:
    words = set()
    while len(words) < n:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words.add(w.capitalize() if capital else w)
    return sorted(words)


def _text(rng: random.Random, vocab: list[str], names: list[str], words: int) -> str:
    """News-like sentences: function words, a Zipf draw of content words, names, figures."""
    out, count = [], 0
    weights = [1 / (i + 1) for i in range(len(vocab))]
    while count < words:
        n = rng.randint(12, 26)
        picks = rng.choices(vocab, weights, k=n)
        sentence = []
        for i, w in enumerate(picks):
            if i % 3 == 1:
                sentence.append(rng.choice(FUNCTION))
            r = rng.random()
            sentence.append(
                rng.choice(names) if r < 0.08 else str(rng.randint(2, 999)) if r < 0.1 else w
            )
        sentence[0] = sentence[0].capitalize()
        out.append(" ".join(sentence) + ".")
        count += len(sentence)
    return " ".join(out)


def generate(path: Path, n_events: int, n_sources: int, words: int, seed: int) -> str:
    """Write the project; return the text of one more source, imported while measuring
    (new sentences, and a few of the events' passages again, their words shuffled)."""
    from citeline.core.evidence_text import sentences
    from citeline.core.store import Store, now_iso

    rng = random.Random(seed)
    vocab = _vocabulary(rng, 6000)
    names = _vocabulary(rng, 2000, capital=True)
    texts = [_text(rng, vocab, names, words) for _ in range(n_sources)]
    stamp = now_iso()
    spans = [list(sentences(t)) for t in texts]
    passages, events, evidence = [], [], []
    for i in range(1, n_events + 1):
        src = rng.randrange(n_sources)
        start, end = rng.choice(spans[src])
        said = texts[src][start:end].rstrip(".").split()
        title = " ".join(rng.sample(said, min(len(said), 8)))
        year = 1990 + rng.randrange(30)
        passages.append((i, src + 1, start, end, texts[src][start:end], stamp))
        y = f"{year:04d}"
        events.append((i, title.capitalize(), "", y, "year", 0, 1, stamp, stamp))
        evidence.append((i, i, "supports"))
    store = Store.create(path)
    try:
        with store.db.atomic():
            run = store.db.conn.executemany
            run(
                "INSERT INTO sources (id, title, outlet, language, text, sha256, format, "
                "imported_at, published) VALUES (?, ?, 'Synthetic Wire', 'en', ?, ?, 'txt', ?, ?)",
                [
                    (s, f"Report {s}", t, hashlib.sha256(f"{seed}:{s}".encode()).hexdigest(),
                     stamp, f"{1990 + s % 30:04d}-06-01")
                    for s, t in enumerate(texts, 1)
                ],
            )  # fmt: skip
            run(
                'INSERT INTO passages (id, source_id, start, "end", exact, created_at) '
                "VALUES (?, ?, ?, ?, ?, ?)",
                passages,
            )
            run(
                "INSERT INTO events (id, title, description, date_edtf, date_precision, "
                "date_earliest, date_latest, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                events,
            )
            store.db.execute(
                "UPDATE events SET date_earliest = (CAST(date_edtf AS INTEGER) - 1970) "
                "* 31556952, date_latest = (CAST(date_edtf AS INTEGER) - 1969) * 31556952"
            )
            run("INSERT INTO evidence (event_id, passage_id, stance) VALUES (?, ?, ?)", evidence)
    finally:
        store.close()
    # The new source: fresh text, with a few events reported again in other words.
    sentences_ = _text(rng, vocab, names, words).split(". ")
    for _ in range(max(3, n_events // 500)):
        said = rng.choice(passages)[4].rstrip(".").split()
        rng.shuffle(said)
        sentences_.insert(rng.randrange(len(sentences_)), " ".join(said).capitalize())
    return ". ".join(sentences_)


def measure(path: Path, new_text: str) -> dict[str, Any]:
    """Index, one new source, one event, the whole project: seconds and peak memory."""
    import citeline.core.timex  # noqa: F401  (loaded in the app before any import: it underlines dates)
    from citeline.commands.bench import _peak_rss_mb
    from citeline.core.evidence import EvidenceSuggester
    from citeline.core.store import Store

    out: dict[str, Any] = {}
    with Store.open(path) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        suggester = EvidenceSuggester(store)
        out["index_build_s"] = round(time.perf_counter() - wall, 2)
        out["index_build_cpu_s"] = round(time.process_time() - cpu, 2)
        out["rss_after_index_mb"] = round(_peak_rss_mb(), 1)
        source_id = _add_text_source(store, "New report", new_text, "2005-06-02", "new.txt")
        wall, cpu = time.perf_counter(), time.process_time()
        suggester.refresh([source_id])
        found = suggester.for_source(source_id)
        out["new_source_words"] = len(new_text.split())
        out["new_source_s"] = round(time.perf_counter() - wall, 3)
        out["new_source_cpu_s"] = round(time.process_time() - cpu, 3)
        out["new_source_proposals"] = len(found)
        ids = [r[0] for r in store.db.execute("SELECT id FROM events ORDER BY id LIMIT 20")]
        wall, cpu = time.perf_counter(), time.process_time()
        for event_id in ids:
            suggester.for_event(event_id)
        out["one_event_ms"] = round((time.perf_counter() - wall) * 1000 / len(ids), 1)
        out["one_event_cpu_ms"] = round((time.process_time() - cpu) * 1000 / len(ids), 1)
        wall, cpu = time.perf_counter(), time.process_time()
        count = sum(1 for _ in suggester.iter_all())  # as suggest-evidence --format jsonl
        out["whole_project_s"] = round(time.perf_counter() - wall, 2)
        out["whole_project_cpu_s"] = round(time.process_time() - cpu, 2)
        out["whole_project_proposals"] = count
        # Another new source once the whole project was answered (a second import in a
        # session where suggestions were already shown): what the caches leave to redo.
        later = new_text.replace(". ", ". Later, ", 50)
        later_id = _add_text_source(store, "Later report", later, "2005-06-03", "later.txt")
        wall, cpu = time.perf_counter(), time.process_time()
        suggester.refresh([later_id])
        suggester.for_source(later_id)
        out["later_source_s"] = round(time.perf_counter() - wall, 3)
        out["later_source_cpu_s"] = round(time.process_time() - cpu, 3)
        out["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return out


def _add_text_source(store: Any, title: str, text: str, published: str, filename: str) -> int:
    """Import ``text`` into ``store`` as a plain-text source, as the app's import does;
    its id."""
    from citeline.core import items
    from citeline.core.sources import SourceDraft

    draft = SourceDraft(
        title=title, text=text, outlet=None, author=None, url=None, published=published,
        language="en", sha256=hashlib.sha256(text.encode()).hexdigest(), format="text",
        filename=filename,
    )  # fmt: skip
    edit, source_id = items.add_source(store, draft)
    store.apply(edit)
    return source_id


def bench_suggest(
    n_events: int, n_sources: int, words: int, seed: int, tmp: Path
) -> dict[str, Any]:
    """Generate, then measure in a fresh process (so the memory peak is the measuring's)."""
    path = tmp / "suggest.citeline"
    t = time.perf_counter()
    new_text = generate(path, n_events, n_sources, words, seed)
    result: dict[str, Any] = {
        "events": n_events,
        "sources": n_sources,
        "words_per_source": words,
        "generate_s": round(time.perf_counter() - t, 1),
    }
    (tmp / "new.txt").write_text(new_text, encoding="utf-8")
    cmd = [sys.executable, "-m", "citeline", "bench", "--suggest", "--project", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode != 0:
        raise click.ClickException(f"measuring failed: {done.stderr.strip()[-400:]}")
    result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return result


def measure_project(path: Path) -> dict[str, Any]:
    """Measure a project written by :func:`bench_suggest` (its new source beside it)."""
    return measure(path, (path.parent / "new.txt").read_text(encoding="utf-8"))
