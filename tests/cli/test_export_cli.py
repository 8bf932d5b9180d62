"""``citeline export``: text to standard output or a file, one-line errors, project untouched."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeline.cli import cli, main
from citeline.core.sample import write_sample


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("cli") / "sample.citeline")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_formats_go_to_stdout(project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(project), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == "citeline-project" and len(doc["events"]) == 14
    result = runner.invoke(cli, ["export", str(project), "--format", "markdown"])
    assert result.exit_code == 0 and result.stdout.startswith("# ")


def test_output_file_and_format_from_its_suffix(project: Path, tmp_path: Path) -> None:
    before = digest(project)
    out = tmp_path / "chronology.csv"
    result = CliRunner().invoke(cli, ["export", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert {r["kind"] for r in rows} == {"event", "quote", "evidence"}
    assert digest(project) == before  # exporting never changes the project


def test_filters_narrow_the_export(project: Path) -> None:
    runner = CliRunner()
    args = ["export", str(project), "-f", "timelinejs", "--from", "March 2024", "--to", "2024"]
    result = runner.invoke(cli, [*args, "--lanes", "Analysis"])
    assert result.exit_code == 0, result.output
    slides = json.loads(result.stdout)["events"]
    assert slides and {s["group"] for s in slides} == {"Analysis"}
    assert all(s["start_date"]["year"] == 2024 for s in slides)
    everything = json.loads(runner.invoke(cli, ["export", str(project), "-f", "timelinejs"]).stdout)
    assert len(everything["events"]) > len(slides)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "unknown export format"),
        (["--format", "csv", "--lanes", "Nope"], "no lane named \u201cNope\u201d"),
        (["--format", "csv", "--from", "Marchtember"], 'could not understand "Marchtember"'),
        (["--format", "png"], "binary format"),
        ([], "give a format"),
    ],
)
def test_errors_are_one_line_with_a_failing_exit_code(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main(["export", str(project), *args])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_project_is_an_error_and_no_file_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.md"
    code = main(["export", str(tmp_path / "none.citeline"), "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 1 and "does not exist" in err and not out.exists()
    assert not (tmp_path / "none.citeline").exists()


def test_embed_prints_a_titled_sandboxed_iframe_for_the_page(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(project), "-o", str(out), "--embed"])
    assert result.exit_code == 0, result.output
    snippet = result.stdout.strip()
    assert snippet.startswith('<iframe src="timeline.html" title="Timeline: US')
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in snippet
    assert "allow-same-origin" not in snippet and out.read_text().startswith("<!DOCTYPE html>")
    url = "https://news.example/graphics/sma.html"
    result = runner.invoke(cli, ["export", str(project), "-o", str(out), "--embed-url", url])
    assert result.exit_code == 0 and f'src="{url}"' in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "--embed"], "--embed goes with --format html"),
        (["--format", "html", "--embed"], "--embed goes with --format html"),
        (["-o", "x.html", "--embed-url", "javascript:alert(1)"], "not an address"),
        (["-o", "x.html", "--embed-url", "data:text/html,hi"], "not an address"),
    ],
)
def test_embed_refusals_are_one_line_and_write_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a == "x.html" else a for a in args]
    code = main(["export", str(project), *args])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()
