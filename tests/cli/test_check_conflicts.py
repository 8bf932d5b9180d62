"""``citeline check``: date conflicts between sources, plain and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.cli import main
from citeline.core import items, queries
from citeline.core.sample import write_sample
from citeline.core.sources import read_source
from citeline.core.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "second-article.txt"
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
SIGNED = "formally signed the new cost-sharing agreement on April 8, 2021"


def flagged_project(tmp_path: Path) -> Path:
    path = write_sample(tmp_path / "p.citeline")
    with Store.open(path) as store:
        edit, source_id = items.add_source(store, read_source(FIXTURE))
        store.apply(edit)
        text = queries.source_text(store, source_id)
        start = text.index(SIGNED)
        deal = store.rows("events", "title = ?", [DEAL])[0]["id"]
        ref = items.PassageRef(source_id, start, start + len(SIGNED))
        store.apply(items.add_evidence(store, deal, ref))
    return path


def test_check_json_lists_the_conflict_with_both_readings(tmp_path: Path, capsys) -> None:
    path = flagged_project(tmp_path)
    code = main(["check", str(path), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0  # a warning, not damage
    report = json.loads(out)
    (conflict,) = report["date_conflicts"]
    assert conflict["title"] == DEAL and conflict["date"] == "2021-03"
    assert isinstance(conflict["event_id"], int)
    with Store.open(path, read_only=True) as store:
        sample_title = queries.source(store, 1).title
    readings = {(r["source_title"], r["date"]) for r in conflict["readings"] if r["date"]}
    assert readings == {
        ("Allies sign six-year troop cost deal", "2021-04-08"),
        (sample_title, "2021-03"),
    }
    assert all(isinstance(r["passage_id"], int) and r["text"] for r in conflict["readings"])
    assert report["integrity"] == "ok" and report["ok"] is True


def test_check_plain_says_the_same_in_lines(tmp_path: Path, capsys) -> None:
    path = flagged_project(tmp_path)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"\u201c{DEAL}\u201d (2021-03) is flagged" in out
    assert "2021-04-08 \u2014 Allies sign six-year troop cost deal" in out
    assert out.rstrip().endswith("ok")


def test_check_json_of_the_sample_has_no_conflicts(tmp_path: Path, capsys) -> None:
    path = write_sample(tmp_path / "s.citeline")
    assert main(["check", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["date_conflicts"] == []
