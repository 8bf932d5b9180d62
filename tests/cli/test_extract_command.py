"""``citeline extract`` and ``citeline evaluate-dates`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from citeline.commands.evaluate_dates import command as evaluate_command
from citeline.commands.extract import command, header_date


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.stdout, result.stderr if result.stderr_bytes else ""


def test_jsonl_offsets_index_the_file_as_read(tmp_path: Path) -> None:
    text = " date 2024-03-14 \r\n\r\nIn November 2020 he lost; four months later a deal.\r\n"
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("utf-8"))
    code, out, _ = run(str(f))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        assert set(r) == {
            "start",
            "end",
            "text",
            "type",
            "value",
            "mod",
            "edtf",
            "anchor",
            "interval",
        }
    by_text = {r["text"]: r for r in rows}
    assert by_text["four months later"]["value"] == "2021-03"


def test_header_date_and_date_option(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Date: March 14, 2024\n\nHe left last year.\n", encoding="utf-8")
    _, out, _ = run(str(f))
    assert json.loads(out.splitlines()[-1])["value"] == "2023"
    _, out, _ = run(str(f), "--date", "1999-01-01")
    assert json.loads(out.splitlines()[-1])["value"] == "1998"
    f.write_text("He left last year.\n", encoding="utf-8")
    _, out, _ = run(str(f))
    assert json.loads(out)["value"] == "XXXX"


def test_header_date_only_in_leading_lines() -> None:
    assert header_date("\n date 2024-03-14 \nText") is not None
    assert header_date("Text first.\ndate 2024-03-14\n") is None


def test_table_format(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("It lasted 17 months.", encoding="utf-8")
    code, out, _ = run(str(f), "--format", "table")
    assert code == 0 and "P17M" in out and "17 months" in out
    f.write_text("Talks ran from 2001 to 2009.", encoding="utf-8")
    code, out, _ = run(str(f), "--format", "table")
    assert code == 0 and out.count("(in 'from 2001 to 2009' = 2001/2009)") == 2


def test_bad_date_and_missing_file_are_one_line_errors(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(command, [str(f), "--date", "2024-13-40"])
    assert result.exit_code == 2 and "--date" in result.output
    from citeline.cli import main

    assert main(["extract", str(tmp_path / "missing.txt")]) == 1
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe bad")
    assert main(["extract", str(tmp_path / "b.txt")]) == 1


def test_importing_extract_loads_no_qt_and_no_finder() -> None:
    code = (
        "import sys, citeline.commands.extract as e; "
        "print(any(m.startswith(('PySide6', 'citeline.core.timex')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_evaluate_dates_on_a_small_corpus(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Sales fell last year.", encoding="utf-8")
    gold = {"start": 11, "end": 20, "type": "DATE", "value": "1997"}
    (tmp_path / "a.gold.jsonl").write_text(json.dumps(gold) + "\n")
    manifest = [{"name": "a", "dct": "1998-03-18", "txt": "a.txt", "gold": "a.gold.jsonl"}]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    result = CliRunner().invoke(evaluate_command, [str(tmp_path)])
    assert result.exit_code == 0
    assert "value     accuracy 100.00" in result.output
    assert "MB/s" in result.output
