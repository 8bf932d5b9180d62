"""``citeline edit`` and ``citeline history``: one edit one entry, authors, versions,
conflicts refused and not recorded, tampering found by ``check``, JSON with history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.clirun import run

from citeline.core.store import Store

DEAL = 7  # the sample's 2021 deal


@pytest.fixture
def sample(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.citeline"
    assert run(capsys, "sample", str(path))[0] == 0
    return path


def _count(path: Path) -> int:
    with Store.open(path, read_only=True) as store:
        return store.count("history_entries")


def test_edit_makes_one_entry_and_prints_the_new_version(sample: Path, capsys) -> None:
    with Store.open(sample, read_only=True) as store:
        version = store.version("event", DEAL)
        assert store.row("events", DEAL)["title"].endswith("cost-sharing deal")
    n = _count(sample)
    code, out, err = run(
        capsys, "edit", str(sample), "event", str(DEAL), "--date", "8 April 2021",
        "--add-tag", "signing", "--remove-tag", "SMA", "--status", "confirmed",
        "--lane", "Deals", "--note", "Signed in Seoul", "--author", "A. Reporter",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"{version + 1}\n"
    assert _count(sample) == n + 1
    code, out, _ = run(capsys, "history", str(sample), "--event", str(DEAL), "--format", "json")
    entry = json.loads(out)["entries"][-1]
    assert (entry["author"], entry["action"], entry["kind"]) == (
        "A. Reporter",
        "Edit event",
        "edit",
    )
    changed = {(c["kind"], c["field"]): (c["before"], c["after"]) for c in entry["changes"]}
    assert changed[("event", "date")] == ("2021-03", "2021-04-08")  # EDTF
    assert changed[("event", "status")] == ("unverified", "confirmed")
    assert changed[("event", "tags")] == (["SMA", "cost-sharing"], ["cost-sharing", "signing"])
    assert changed[("event", "note")][1] == "Signed in Seoul"
    assert changed[("lane", "name")] == (None, "Deals")  # the lane it made
    assert len(entry["hash"]) == 64
    code, out, _ = run(capsys, "history", str(sample), "--event", str(DEAL))
    assert "A. Reporter  Edit event" in out
    assert "date: March 2021 \u2192 8 April 2021 (set by hand)" in out


def test_a_stale_expected_version_is_refused_in_one_line_and_not_recorded(
    sample: Path, capsys
) -> None:
    code, out, _ = run(capsys, "--author", "B. Editor", "edit", str(sample), "event", str(DEAL),
                       "--title", "Deal signed")  # fmt: skip
    assert code == 0
    version = int(out)
    n = _count(sample)
    stale = ["--expect-version", str(version - 1), "--author", "A. Reporter"]
    code, out, err = run(
        capsys, "edit", str(sample), "event", str(DEAL), "--importance", "5", *stale
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(
        f"citeline: conflict: event {DEAL} is at version {version}, changed by B. Editor at 20"
    )
    assert _count(sample) == n
    with Store.open(sample, read_only=True) as store:
        assert store.row("events", DEAL)["importance"] == 3
    code, out, _ = run(capsys, "edit", str(sample), "event", str(DEAL), "--importance", "5",
                       "--expect-version", str(version))  # fmt: skip
    assert (code, out) == (0, f"{version + 1}\n")


def test_author_from_the_environment_and_filters(sample: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CITELINE_AUTHOR", "C. Checker")
    assert run(capsys, "edit", str(sample), "quote", "1", "--status", "disputed")[0] == 0
    code, out, _ = run(capsys, "history", str(sample), "--author", "C. Checker", "--format",
                       "json")  # fmt: skip
    [entry] = json.loads(out)["entries"]
    assert entry["action"] == "Mark as disputed"
    assert entry["changes"] == [
        {"kind": "quote", "item_id": 1, "field": "status", "before": "unverified",
         "after": "disputed"}
    ]  # fmt: skip
    code, out, _ = run(capsys, "history", str(sample), "--since", "2999-01-01", "--format", "json")
    assert json.loads(out) == {"entries": []}
    code, _, err = run(capsys, "history", str(sample), "--since", "last week")
    assert code == 1 and "2026-03-01" in err


def test_edit_refuses_bad_input_in_one_line(sample: Path, capsys) -> None:
    n = _count(sample)
    for args, words in (
        (["event", "999", "--title", "X"], "has no event 999"),
        (["event", str(DEAL), "--date", "the day after whenever"], "could not understand"),
        (["event", str(DEAL), "--status", "true-ish"], "status"),
        (["quote", "1", "--title", "X"], "a quote has no title"),
    ):
        code, _, err = run(capsys, "edit", str(sample), *args)
        assert code == 1 and err.count("\n") == 1 and words in err, err
    assert _count(sample) == n


def test_check_finds_an_entry_rewritten_behind_citelines_back(sample: Path, capsys) -> None:
    assert run(capsys, "edit", str(sample), "event", str(DEAL), "--title", "Deal",
               "--author", "A. Reporter")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "check", str(sample))
    assert code == 0 and "history: ok" in out
    conn = sqlite3.connect(sample)
    conn.execute("UPDATE history_entries SET author = 'Someone Else' WHERE author = 'A. Reporter'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "check", str(sample))
    assert code == 1
    assert "Someone Else" in err and "does not match its hash" in err
    lines = [ln for ln in err.splitlines() if "history entry" in ln]
    assert len(lines) == 1
    code, out, _ = run(capsys, "check", str(sample), "--format", "json")
    assert code == 1 and "does not match its hash" in json.loads(out)["history"]


def test_check_finds_a_value_rewritten(sample: Path, capsys) -> None:
    conn = sqlite3.connect(sample)
    conn.execute(
        "UPDATE history_changes SET after_value = '\"2021-05\"' "
        "WHERE kind = 'event' AND item_id = 7 AND field = 'date'"
    )
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "check", str(sample))
    assert code == 1 and "does not match its hash" in err


def test_json_export_carries_versions_and_with_history_the_entries(sample: Path, capsys) -> None:
    run(capsys, "edit", str(sample), "event", str(DEAL), "--title", "Deal", "--author", "A. R.")
    code, out, _ = run(capsys, "export", str(sample), "--format", "json")
    data = json.loads(out)
    assert "history" not in data
    deal = next(e for e in data["events"] if e["id"] == DEAL)
    with Store.open(sample, read_only=True) as store:
        assert deal["version"] == store.version("event", DEAL) > 1
    code, out, _ = run(capsys, "export", str(sample), "--format", "json", "--with-history")
    data = json.loads(out)
    assert data["history"][0]["kind"] == "start"
    assert data["history"][-1]["author"] == "A. R."
    code, _, err = run(capsys, "export", str(sample), "--format", "csv", "--with-history")
    assert code == 1 and "--with-history goes with --format json" in err


def test_imports_are_one_entry_each_naming_their_file(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.citeline"
    article = tmp_path / "article.txt"
    article.write_text("On 8 April 2021 the allies signed the deal.\n", encoding="utf-8")
    rows = tmp_path / "items.csv"
    lines = ["title,date"] + [f"Event {n},{2000 + n % 20}" for n in range(600)]
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, _ = run(capsys, "--author", "D. Desk", "import", str(project), str(article), str(rows))
    assert code == 0
    code, out, _ = run(capsys, "history", str(project), "--format", "json")
    start, source, items_ = json.loads(out)["entries"]
    assert start["kind"] == "start"
    assert (
        source["action"].startswith("Import \u201cOn 8 April 2021")
        and source["author"] == "D. Desk"
    )
    assert {(c["kind"], c["field"]) for c in source["changes"]} >= {
        ("source", "title"),
        ("source", "text_sha256"),
        ("source", "original"),
    }
    assert items_["changes"] == []  # 600 events: a summary, not a copy
    assert items_["summary"]["origin"] == "items.csv"
    assert items_["summary"]["tables"]["events"]["added"] == {"rows": 600, "ids": [[1, 600]]}
    code, out, _ = run(capsys, "history", str(project))
    assert "from items.csv: events: 600 added (ids 1\u2013600)" in out
