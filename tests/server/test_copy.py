"""``citeline copy``: a whole project between a file and a server, either way, verified
by counts; file → server → file gives the same JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeline.core.store import Store
from tests.clirun import run


@pytest.fixture
def sample(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.citeline"
    assert run(capsys, "sample", str(path))[0] == 0
    return path


def _export(capsys, project: str) -> str:
    """The JSON export with history, byte for byte but for the time it was made."""
    code, out, err = run(capsys, "export", project, "--format", "json", "--with-history")
    assert (code, err) == (0, "")
    assert json.loads(out)["exported_at"]
    return "\n".join(ln for ln in out.splitlines() if '"exported_at"' not in ln)


def test_file_to_server_to_file_gives_the_same_export(sample, pg_url, tmp_path, capsys):
    before = _export(capsys, str(sample))
    code, out, err = run(capsys, "copy", str(sample), pg_url)
    assert (code, err) == (0, ""), err
    assert "events" in out
    assert _export(capsys, pg_url) == before
    back = tmp_path / "back.citeline"
    assert run(capsys, "copy", pg_url, str(back))[0] == 0
    assert _export(capsys, str(back)) == before
    with Store.open(back, read_only=True) as store:
        assert store.verify_history() == "ok"
        originals = store.count("originals")
    assert originals > 0
    assert '"history": [' in before and '"base64": "' in before


def test_copy_refuses_a_database_that_is_not_empty(sample, pg_url, capsys):
    assert run(capsys, "copy", str(sample), pg_url)[0] == 0
    code, _out, err = run(capsys, "copy", str(sample), pg_url)
    assert code == 1
    assert err.count("\n") == 1 and "already holds a Citeline project" in err


def test_server_search_finds_words_and_prefixes(sample, pg_url, capsys):
    assert run(capsys, "copy", str(sample), pg_url)[0] == 0
    with Store.open(sample, read_only=True) as file_store, Store.open(pg_url) as server:
        for text in ("cost-sharing", "negotia", "Seoul"):
            ours = {(r["kind"], r["item_id"]) for r in server.search(text)}
            theirs = {(r["kind"], r["item_id"]) for r in file_store.search(text)}
            assert ours, text
            assert ours == theirs, text
        hit = server.search("negotia")[0]
        assert "\u27e6" in hit["snippet"]
        assert server.search("") == []
        assert server.search("zzzqqq") == []


def test_server_search_keeps_accents_as_documented(sample, pg_url, capsys):
    """docs/server-projects.md: a server's search does not fold accents; a file's does."""
    from citeline.core import items

    assert run(capsys, "copy", str(sample), pg_url)[0] == 0
    with Store.open(sample) as file_store, Store.open(pg_url) as server:
        for store in (file_store, server):
            edit, _ = items.add_event(store, title="Envoys land in Séoul", date="2021-03-03")
            store.apply(edit)
        file_titles = [r["title"] for r in file_store.search("séoul")]
        assert "Envoys land in Séoul" in file_titles and len(file_titles) > 1  # Seoul too
        assert [r["title"] for r in server.search("séoul")] == ["Envoys land in Séoul"]
        assert [r["title"] for r in server.search("SÉOUL")] == ["Envoys land in Séoul"]
        assert "Envoys land in Séoul" in [r["title"] for r in file_store.search("envoys seoul")]
        assert "Envoys land in Séoul" not in [r["title"] for r in server.search("envoys seoul")]


def test_a_copy_that_fails_leaves_the_database_empty(sample, pg_url, capsys, monkeypatch):
    from citeline.core.server import copy as copying

    def broken(*args, **kwargs):
        raise copying.errors.ProjectError("the copy broke halfway")

    monkeypatch.setattr(copying, "_verify", broken)
    code, _out, err = run(capsys, "copy", str(sample), pg_url)
    assert code == 1 and "broke halfway" in err
    monkeypatch.undo()
    assert run(capsys, "copy", str(sample), pg_url)[0] == 0  # the database was left empty


def test_file_to_file_copy(sample, tmp_path, capsys):
    dest = tmp_path / "copy.citeline"
    before = _export(capsys, str(sample))
    assert run(capsys, "copy", str(sample), str(dest))[0] == 0
    assert _export(capsys, str(dest)) == before
    code, _out, err = run(capsys, "copy", str(sample), str(dest))
    assert code == 1 and "already exists" in err
