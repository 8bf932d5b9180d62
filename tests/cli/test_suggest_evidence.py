"""``citeline suggest-evidence``: what the app proposes, as lines or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.cli import main
from citeline.core import evidence, items
from citeline.core.io.project_json import export_json
from citeline.core.io.selection import select
from citeline.core.sample import write_sample
from citeline.core.sources import read_source
from citeline.core.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "second-article.txt"
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
SIGNED = "South Korea and the United States formally signed the new cost-sharing agreement"


def project(tmp_path: Path) -> tuple[Path, int, int]:
    path = write_sample(tmp_path / "p.citeline")
    with Store.open(path) as store:
        edit, second = items.add_source(store, read_source(FIXTURE))
        store.apply(edit)
        deal = store.rows("events", "title = ?", [DEAL])[0]["id"]
    return path, second, deal


def jsonl(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_jsonl_offsets_are_the_exported_text(tmp_path: Path, capsys) -> None:
    path, second, deal = project(tmp_path)
    assert main(["suggest-evidence", str(path), "--format", "jsonl"]) == 0
    rows = jsonl(capsys)
    assert rows and set(rows[0]) >= {"event_id", "source_id", "start", "end", "text", "score",
                                     "reasons"}  # fmt: skip
    with Store.open(path, read_only=True) as store:
        exported = json.loads(export_json(select(store)))
    texts = {s["id"]: s["text"] for s in exported["sources"]}
    for r in rows:
        assert texts[r["source_id"]][r["start"] : r["end"]] == r["text"]
    for_deal = [r for r in rows if r["event_id"] == deal]
    assert for_deal[0]["text"].startswith(SIGNED) and for_deal[0]["source_id"] == second
    scores = [r["score"] for r in for_deal]
    assert scores == sorted(scores, reverse=True)  # best first per event


def test_event_and_source_filters_and_plain_text(tmp_path: Path, capsys) -> None:
    path, _, deal = project(tmp_path)
    assert main(["suggest-evidence", str(path), "--event", str(deal), "--format", "jsonl"]) == 0
    rows = jsonl(capsys)
    assert rows and {r["event_id"] for r in rows} == {deal}
    assert main(["suggest-evidence", str(path), "--source", "1", "--format", "jsonl"]) == 0
    assert all(r["source_id"] == 1 for r in jsonl(capsys))
    assert main(["suggest-evidence", str(path), "--event", str(deal)]) == 0
    out = capsys.readouterr().out
    assert f"event {deal} \u201c{DEAL}\u201d" in out and SIGNED in out and "gives 2021-04-08" in out


def test_dismissed_and_cited_passages_are_not_printed(tmp_path: Path, capsys) -> None:
    path, _, deal = project(tmp_path)
    with Store.open(path) as store:
        first, second_best, *_ = evidence.EvidenceSuggester(store).for_event(deal)
        store.apply(evidence.accept(store, first))
        store.apply(evidence.dismiss(store, second_best))
    assert main(["suggest-evidence", str(path), "--event", str(deal), "--format", "jsonl"]) == 0
    starts = {r["start"] for r in jsonl(capsys)}
    assert first.start not in starts and second_best.start not in starts


def test_unknown_ids_are_refused_in_one_line(tmp_path: Path, capsys) -> None:
    path, _, _ = project(tmp_path)
    assert main(["suggest-evidence", str(path), "--event", "999"]) == 1
    err = capsys.readouterr().err
    assert "there is no event 999" in err and len(err.strip().splitlines()) == 1
    assert main(["suggest-evidence", str(path), "--source", "999"]) == 1
    assert "there is no source 999" in capsys.readouterr().err
