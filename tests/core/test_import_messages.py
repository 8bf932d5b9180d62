"""Import messages: a CSV row that cannot be applied names its line; every refusal names
its file or address once; unlabelled Western text is read as Windows-1252; advertising
lines are not article text."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeline.core import errors, items
from citeline.core.importing import import_files, kinds, named
from citeline.core.sources import read_source_bytes
from citeline.core.sources.article import is_prompt
from citeline.core.store import Store

SOURCE = "The deal was signed in Seoul in March 2021 after months of talks."


def _store_with_source() -> Store:
    store = Store.memory()
    draft = read_source_bytes(SOURCE.encode(), "deal.txt")
    edit, _ = items.add_source(store, draft)
    store.apply(edit)
    return store


def test_evidence_repeating_its_events_passage_names_both_lines(tmp_path: Path) -> None:
    store = _store_with_source()
    title = store.query("SELECT title FROM sources")[0]["title"]
    path = tmp_path / "items.csv"
    path.write_text(
        "kind,title,date,source_title,passage\n"
        "event,A first event,2020,,\n"
        f"event,Deal signed,2021-03,{title},deal was signed\n"
        f"evidence,,,{title},deal was signed\n"
    )
    report = import_files(store, [path])
    assert not report.added and store.count("events") == 0  # nothing of the file
    why = report.skipped[0][1]
    assert why == (
        "items.csv: line 4: this passage is already evidence for the event (line 3); "
        "remove this row or cite another passage"
    )


def test_messages_name_the_file_or_address_once() -> None:
    assert named("second.txt", "second.txt is already in the project") == (
        "second.txt is already in the project"
    )
    url = "http://127.0.0.1:1/missing.html"
    assert named(url, f"{url}: the server answered 404 Not Found").count(url) == 1
    assert named("a.csv", "line 3: bad") == "a.csv: line 3: bad"
    assert kinds([url]) == "address" and kinds([url, url]) == "addresses"
    assert kinds([Path("a.txt")]) == "file" and kinds([Path("a.txt"), url]) == (
        "files and addresses"
    )
    assert kinds([Path("a.txt")], plural=True) == "files"


def test_a_duplicate_is_named_once_on_the_command_line(tmp_path: Path, capsys) -> None:
    from citeline.cli import main

    (tmp_path / "second.txt").write_text(SOURCE)
    project = str(tmp_path / "p.citeline")
    assert main(["import", project, str(tmp_path / "second.txt")]) == 0
    capsys.readouterr()
    main(["import", project, str(tmp_path / "second.txt")])
    out, err = capsys.readouterr()
    assert (out + err).count("second.txt") == 1, out + err


@pytest.mark.parametrize(
    "text",
    [
        "Café owners in Besançon say “prices” rose to €3.",
        "A café in Besançon — “the best” — charges €1.",
        "Le café de Besançon rouvre. “Enfin”, dit un habitué. Un café coûte 2 €.",
    ],
)
def test_unlabelled_western_text_is_read_as_windows_1252(text: str) -> None:
    draft = read_source_bytes(text.encode("cp1252"), "cafe.txt")
    assert draft.text == text
    assert draft.warnings == [
        "cafe.txt is not UTF-8; its encoding was taken to be Windows-1252 (Western European)"
    ]


def test_other_scripts_keep_their_code_page() -> None:
    text = "Мэр города заявил, что новый мост откроется в марте следующего года."
    assert read_source_bytes(text.encode("cp1251"), "ru.txt").text == text


def test_advertising_and_promotion_lines_are_not_article_text() -> None:
    for line in (
        "ADVERTISEMENT — Try our premium newsletter today!",
        "Advertisement",
        "Sponsored content",
        "Sign up for our newsletter to get the latest news.",
        "Try our premium plan free for a month.",
    ):
        assert is_prompt(line), line
    for line in (
        "The advertisement ran in March, officials said.",
        "Regulators said the sponsored trips broke the rules.",
    ):
        assert not is_prompt(line), line
    page = (
        "<html><body><article><h1>Allies sign deal</h1>"
        + "".join(
            f"<p>Paragraph {i}: negotiators met again to discuss the cost of the troops "
            "stationed on the peninsula, officials said on Thursday.</p>"
            for i in range(4)
        )
        + "<p>ADVERTISEMENT — Try our premium newsletter today!</p>"
        + "<p>The deal still needs the approval of parliament.</p></article></body></html>"
    )
    draft = read_source_bytes(page.encode(), "deal.html")
    assert "ADVERTISEMENT" not in draft.text and "premium" not in draft.text
    assert "approval of parliament" in draft.text


def test_a_failure_is_a_citeline_error() -> None:
    assert issubclass(errors.FetchError, errors.ImportFailedError)
