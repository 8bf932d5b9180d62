"""Hostile text stays inert and intact in every export format."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser

import pytest

from citeline.core import catalog, items
from citeline.core.io import EXPORTERS, export
from citeline.core.io.html_page import assets, csp_hash
from citeline.core.sources import SourceDraft
from citeline.core.store import Store

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
JS_URL = "javascript:alert(1)"
RTL = "\u202eevil\u202c"
KOREAN = "한국어"
HOSTILE = (SCRIPT, FORMULA, RTL, KOREAN)
TEXT_FORMATS = [name for name, e in EXPORTERS.items() if not e.target.startswith("citeline.ui")]


def hostile_project() -> Store:
    """A project whose every user-typed field holds hostile text."""
    store = Store.memory()
    body = f"Preface. {SCRIPT} said {FORMULA} and {RTL} {KOREAN} [link](javascript:x). End."
    draft = SourceDraft(
        title=f"{SCRIPT} {KOREAN}",
        text=body,
        outlet=FORMULA,
        author=RTL,
        url=JS_URL,
        published="2024-03-14",
        language="ko",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        format="txt",
        filename="x.txt",
    )
    edit, source_id = items.add_source(store, draft)
    store.apply(edit)
    edit, lane_id = catalog.add_lane(store, f"{SCRIPT} lane")
    store.apply(edit)
    edit, person_id = catalog.add_person(store, f"{FORMULA} {RTL} {KOREAN}")
    store.apply(edit)
    start = body.index(SCRIPT)
    edit, event_id = items.add_event(
        store,
        title=f"{SCRIPT} {RTL}",
        date="2024-03",
        description=f"{FORMULA}\n# not a heading\n{KOREAN} <img src=x onerror=alert(1)>",
        lane_id=lane_id,
        tags=[SCRIPT, KOREAN],
        people=[person_id],
        passages=[items.PassageRef(source_id, start, len(body) - 5)],
    )
    store.apply(edit)
    quote_start = body.index(FORMULA)
    edit, _ = items.add_quote(
        store,
        passage=items.PassageRef(source_id, quote_start, quote_start + len(FORMULA)),
        date="2024-03-14~",
        speaker_id=person_id,
        lane_id=lane_id,
    )
    store.apply(edit)
    store.apply(items.set_note(store, "event", event_id, f"{SCRIPT} {FORMULA} {RTL}"))
    store.apply(catalog.set_project_info(store, title=f"{SCRIPT} {KOREAN}", description=FORMULA))
    return store


class _Page(HTMLParser):
    """Collects what a browser would act on: elements, attributes, and the text shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def md_unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("&lt;", "<")


@pytest.fixture(scope="module")
def exports() -> dict[str, str]:
    store = hostile_project()
    return {fmt: str(export(store, fmt)) for fmt in TEXT_FORMATS}


def test_json_keeps_everything_intact(exports: dict[str, str]) -> None:
    doc = json.loads(exports["json"])
    event = doc["events"][0]
    assert event["title"] == f"{SCRIPT} {RTL}"
    assert event["description"].startswith(FORMULA)
    assert doc["sources"][0]["url"] == JS_URL
    assert event["notes"][0]["body"] == f"{SCRIPT} {FORMULA} {RTL}"
    assert doc["people"][0]["name"] == f"{FORMULA} {RTL} {KOREAN}"


def test_csv_cannot_run_formulas_and_restores_the_text(exports: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(exports["csv"], newline="")))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    cells = [c for row in rows for c in row]
    assert "'" + FORMULA + "\n# not a heading\n" + f"{KOREAN} <img src=x onerror=alert(1)>" in cells
    assert f"{SCRIPT} {RTL}" in cells and "'" + FORMULA in cells
    assert f"'{FORMULA} {RTL} {KOREAN}" in cells  # the person, as speaker and in people


class _Scripts(HTMLParser):
    """The text inside each <script> and <style> element of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inside: str | None = None
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.bodies:
            self.inside = tag
            self.bodies[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.bodies[self.inside][-1] += data


def test_html_has_no_user_script_handlers_or_unsafe_links(exports: dict[str, str]) -> None:
    page = _Page()
    page.feed(exports["html"])
    page.close()
    names = [t for t, _ in page.tags]
    assert "img" not in names and "iframe" not in names and "object" not in names
    for tag, attrs in page.tags:
        assert not any(a.lower().startswith("on") for a in attrs), (tag, attrs)
        assert "style" not in attrs, (tag, attrs)  # the policy would refuse it anyway
        for key in ("href", "src", "action", "formaction", "xlink:href"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
            if key != "href":
                assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
            elif value:
                assert value.startswith(("#", "http://", "https://")), (tag, attrs)
    assert "link" not in names  # no stylesheet or font fetched from anywhere
    shown = "".join(page.text)
    for text in (SCRIPT, FORMULA, RTL, KOREAN, JS_URL):
        assert text in shown  # shown literally, as text
    assert f"{KOREAN} <img src=x onerror=alert(1)>" in shown


def test_html_runs_only_its_own_script_allowed_by_hash(exports: dict[str, str]) -> None:
    html = exports["html"]
    parts = _Scripts()
    parts.feed(html)
    script, style = assets()
    # One script, byte for byte the shipped file: no user text can be inside it.
    assert parts.bodies["script"] == [script]
    assert parts.bodies["style"] == [style]
    for hostile in (SCRIPT, FORMULA, RTL, KOREAN, "alert("):
        assert hostile not in script
    page = _Page()
    page.feed(html)
    policy = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv"))["content"]
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'none'"
    assert rules["script-src"] == csp_hash(script)  # nothing inline, no eval, no host
    assert rules["style-src"] == csp_hash(style)
    assert "unsafe" not in policy and "http" not in policy and "*" not in policy
    # The data the script reads travels in escaped attributes of the articles.
    assert SCRIPT not in html and html.count("<script") == 1  # user text only escaped
    labels = [a["data-label"] for t, a in page.tags if t == "article" and "data-label" in a]
    assert labels == [f"{FORMULA} {RTL} {KOREAN}: \u201c{FORMULA}\u201d"]


def test_markdown_escapes_user_text(exports: dict[str, str]) -> None:
    md = exports["markdown"]
    assert "<script>" not in md and "<img" not in md
    assert "\n# not a heading" not in md  # user text cannot make a heading
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no live link to a script URL
    assert "<javascript:" not in md
    plain = md_unescape(md)
    for text in (SCRIPT, FORMULA, RTL, KOREAN, JS_URL):
        assert text in plain


def test_timelinejs_text_is_escaped_html(exports: dict[str, str]) -> None:
    doc = json.loads(exports["timelinejs"])
    slides = doc["events"]
    as_text = json.dumps(doc, ensure_ascii=False)
    assert "<script>" not in as_text and "<img" not in as_text
    assert 'href="javascript' not in as_text
    assert slides[0]["text"]["headline"] == f"&lt;script&gt;alert(1)&lt;/script&gt; {RTL}"
    quote = next(s for s in slides if "media" in s)
    assert quote["media"]["url"].startswith("<blockquote>") and KOREAN in quote["media"]["credit"]


def test_annotations_are_json_and_never_target_a_script_url(exports: dict[str, str]) -> None:
    doc = json.loads(exports["annotations"])
    annotations = doc["first"]["items"]
    assert len(annotations) == 2
    for a in annotations:
        assert a["target"]["source"].startswith("urn:citeline:source:")
        quote = a["target"]["selector"][0]
        assert quote["type"] == "TextQuoteSelector"
    values = [b["value"] for a in annotations for b in a["body"]]
    assert f"{SCRIPT} {RTL}" in values and KOREAN in values
