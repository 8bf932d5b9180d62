"""The commands on a server project: init, import, history, check, export by address;
the SQL translation the server's connection applies."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.cli import main
from citeline.core.server.address import display_address, is_server_address
from citeline.core.server.sql import translate
from citeline.core.store import Store
from tests.clirun import run


def test_init_then_import_edit_history_and_check_by_address(pg_url, tmp_path: Path, capsys):
    code, out, err = run(capsys, "server", "init", pg_url)
    assert (code, err) == (0, ""), err
    assert "created an empty project" in out
    article = tmp_path / "talks.txt"
    article.write_text(
        "Talks resume\n\nNegotiators met in Seoul on 3 March 2021 and agreed on a deal.\n",
        encoding="utf-8",
    )
    rows = tmp_path / "items.csv"
    rows.write_text("title,date\nTalks resume,3 March 2021\nDeal signed,8 April 2021\n")
    code, out, err = run(capsys, "--author", "Maria", "import", pg_url, str(article), str(rows))
    assert (code, err) == (0, ""), err
    code, out, err = run(capsys, "edit", pg_url, "event", "1", "--status", "confirmed")
    assert (code, err) == (0, ""), err
    assert out == "2\n"
    code, out, err = run(capsys, "history", pg_url, "--format", "json")
    assert code == 0
    entries = json.loads(out)["entries"]
    assert entries[0]["kind"] == "start"
    assert any(e["author"] == "Maria" for e in entries)
    code, out, err = run(capsys, "check", pg_url, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["history"] == "ok" and report["counts"]["events"] == 2
    with Store.open(pg_url, read_only=True) as store:
        assert store.search("negotiators")[0]["kind"] == "source"
        assert store.row("events", 1)["status"] == "confirmed"


def test_a_server_that_cannot_be_reached_is_one_line(tmp_path, capsys):
    url = f"postgresql://nobody@/none?host={tmp_path}&port=1"
    code, out, err = run(capsys, "export", url, "--format", "json")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "was not opened" in err


def test_a_database_without_a_project_is_refused(pg_url, capsys):
    code, _out, err = run(capsys, "export", pg_url, "--format", "json")
    assert code == 1
    assert "holds no Citeline project" in err and "citeline server init" in err


def test_addresses_are_shown_without_their_password():
    assert is_server_address("postgresql://a@/db?host=/run/postgresql")
    assert not is_server_address(Path("postgresql:/a@/db"))
    assert display_address("postgresql://maria:s3cret@db.example:5432/deal") == (
        "postgresql://maria@db.example:5432/deal"
    )


def test_the_translation_keeps_quoted_text_and_rewrites_sqlite_words():
    assert translate("SELECT 'a?b' FROM t WHERE x = ? AND y IS ?") == (
        "SELECT 'a?b' FROM t WHERE x = %s AND y IS NOT DISTINCT FROM %s"
    )
    assert translate("SELECT group_concat(t.name, ', ') FROM t WHERE 0") == (
        "SELECT string_agg((t.name)::text, ', ') FROM t WHERE false"
    )
    assert translate("SELECT MIN(a) FROM (SELECT 1 AS a UNION ALL SELECT 2)") == (
        "SELECT MIN(a) FROM (SELECT 1 AS a UNION ALL SELECT 2) AS sub1"
    )
    assert translate("SELECT x FROM t INDEXED BY i WHERE a = ?1 AND b = ?1 % 8") == (
        "SELECT x FROM t WHERE a = %(_1)s AND b = %(_1)s %% 8"
    )
    assert translate("PRAGMA optimize") == ""
    assert translate("SELECT * FROM people ORDER BY name COLLATE NOCASE").endswith(
        "ORDER BY lower(name)"
    )


def test_a_lost_connection_is_one_line_and_no_edit_is_called_saved(pg_url, pg_cluster):
    import pytest

    from citeline.core import errors, items

    assert main(["server", "init", pg_url]) == 0
    with Store.open(pg_url) as store:
        edit, _ = items.add_event(store, title="Before", date="2021-03-03")
        store.apply(edit)
        pg_cluster.restart()
        with pytest.raises(errors.ProjectError) as lost:
            store.apply(items.update_event(store, 1, title="After"))
        assert "\n" not in str(lost.value) and "not saved" in str(lost.value)
    with Store.open(pg_url) as store:
        assert store.row("events", 1)["title"] == "Before"
