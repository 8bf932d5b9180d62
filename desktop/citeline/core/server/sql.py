"""The core modules' SQL, written for SQLite, as PostgreSQL runs it.

The core query modules write SQL with ``?`` placeholders and a few SQLite words. A
server project's connection passes every statement through :func:`translate` once
(the result is cached by statement text), so the modules keep one text of each query:

- ``?`` becomes ``%s``, ``?3`` becomes ``%(_3)s`` (the parameters are then passed by
  number), ``:name`` becomes ``%(name)s``, and a literal ``%`` becomes ``%%``
  (psycopg's placeholders); ``INDEXED BY`` is left to the planner;
- ``IS ?`` / ``IS NOT ?`` (SQLite's null-safe comparison) become ``IS NOT DISTINCT FROM``
  / ``IS DISTINCT FROM``;
- comparisons used as numbers (a sum of ``(d >= 2)``, a selected ``(x IS NOT NULL)``,
  ``n + (kind = 'quote')``)
  are cast to ``int``;
- ``X COLLATE NOCASE`` becomes ``lower(X)``; ``GROUP_CONCAT(x, sep)`` becomes
  ``string_agg(x::text, sep)``; ``char(n)`` becomes ``chr(n)``; ``WHERE 0``/``1`` and
  ``AND 0``/``1`` become ``false``/``true``; ``INSERT OR IGNORE`` becomes
  ``ON CONFLICT DO NOTHING`` and ``INSERT OR REPLACE INTO project`` an upsert of the key.

Quoted text and quoted names are never rewritten. Statements whose meaning truly
differs (full-text search, PRAGMAs, the summaries' upsert) are written per engine by
the Store and :mod:`citeline.core.server.store` instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NOCASE = re.compile(r"((?:\w+\.)?\"?\w+\"?)\s+COLLATE\s+NOCASE", re.I)
_GROUP_CONCAT = re.compile(r"\bGROUP_CONCAT\s*\(", re.I)
_CHAR = re.compile(r"\bchar\s*\(", re.I)
_IS_NOT = re.compile(r"\bIS\s+NOT\s+\?", re.I)
_IS = re.compile(r"\bIS\s+\?", re.I)
_CONSTANT = re.compile(r"\b(WHERE|AND|OR)\s+([01])\b(?!\s*[-+*/%=<>!.])", re.I)
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO", re.I)
_OR_REPLACE_PROJECT = re.compile(r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+project\b", re.I)
# ``((a = ? AND b = ?) OR (a = ? AND b = ?) …)``: the same test of several columns
# against many values, as the timeline reads the cells of its count pyramid.
_OR_OF_TUPLES = re.compile(r"\(\(((?:\w+ = \? AND )+\w+ = \?)\)((?: OR \(\1\))+)\)")


def _tuples_in(m: re.Match[str]) -> str:
    """An OR of equal column tests as ``(a, b) IN (VALUES (?, ?), …)``: PostgreSQL plans
    one hashed list instead of an index scan per term (SQLite prefers the OR)."""
    columns = [part.split(" = ")[0] for part in m.group(1).split(" AND ")]
    n = 1 + m.group(2).count(" OR ")
    row = "(" + ", ".join("?" for _ in columns) + ")"
    return f"(({', '.join(columns)}) IN (VALUES {', '.join([row] * n)}))"


def _split(sql: str) -> list[tuple[bool, str]]:
    """``sql`` as (is_code, text) pieces: quoted strings and names are not code."""
    out: list[tuple[bool, str]] = []
    i, start, n = 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            if i > start:
                out.append((True, sql[start:i]))
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            out.append((False, sql[i : j + 1]))
            i = start = j + 1
            continue
        i += 1
    if start < n:
        out.append((True, sql[start:]))
    return out


def _group_concat(code: str) -> str:
    """``GROUP_CONCAT(x, sep)`` → ``string_agg((x)::text, sep)`` (``,`` when no sep)."""
    while True:
        m = _GROUP_CONCAT.search(code)
        if not m:
            return code
        depth, i, comma = 1, m.end(), -1
        while i < len(code) and depth:
            if code[i] == "(":
                depth += 1
            elif code[i] == ")":
                depth -= 1
            elif code[i] == "," and depth == 1 and comma < 0:
                comma = i
            i += 1
        close = i - 1
        if comma < 0:
            arg, sep = code[m.end() : close], "','"
        else:
            arg, sep = code[m.end() : comma], code[comma + 1 : close].strip()
        code = f"{code[: m.start()]}string_agg(({arg})::text, {sep}){code[close + 1 :]}"


# SQLite's comparisons are numbers (summed for a bit length, selected as a count);
# PostgreSQL's are booleans, cast here where the core modules use them as numbers.
_SUMMED_TEST = re.compile(r"\(([\w.]+ - [\w.]+ >= \d+)\)")
_ADDED_TEST = re.compile(r"\+\s*\((\w+) = ('[^']*')\)")
_SELECTED_TEST = re.compile(r",\s*\(([\w.]+ IS NOT NULL)\)")
_NUMBERED = re.compile(r"\?(\d+)")
_INDEXED_BY = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.I)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_FROM_SUB = re.compile(r"\bFROM\s*\(", re.I)
_AFTER_SUB = re.compile(r"\s*($|\)|GROUP\b|ORDER\b|WHERE\b|LIMIT\b|UNION\b)", re.I)
_CONFLICT_UPDATE = re.compile(
    r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?.*?\bON\s+CONFLICT\s+DO\s+UPDATE", re.I | re.S
)
#: The conflict targets of the upserts the core modules write without one.
CONFLICT_TARGETS = {"timeline_counts": "(kind, lane_key, level, bucket)", "project": "(key)"}


def _alias_subqueries(sql: str) -> str:
    """PostgreSQL 15 wants a name for every subquery in FROM: ``FROM (…) AS sub1``."""
    n = 0
    pos = 0
    while True:
        m = _FROM_SUB.search(sql, pos)
        if not m:
            return sql
        depth, i = 1, m.end()
        while i < len(sql) and depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        pos = i
        if _AFTER_SUB.match(sql, i):
            n += 1
            sql = f"{sql[:i]} AS sub{n}{sql[i:]}"


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """``sql`` (SQLite dialect, ``?`` placeholders) as psycopg runs it on PostgreSQL;
    "" for a statement with no meaning there (a PRAGMA)."""
    if sql.lstrip()[:6].upper() == "PRAGMA":
        return ""
    upsert = _CONFLICT_UPDATE.match(sql)
    if upsert and upsert.group(1) in CONFLICT_TARGETS:
        # ``SET n = n + excluded.n``: PostgreSQL wants the table's own ``n`` named.
        sql = re.sub(r"\b(\w+) = \1 \+ excluded\.", rf"\1 = {upsert.group(1)}.\1 + excluded.", sql)
        sql = re.sub(
            r"ON\s+CONFLICT\s+DO\s+UPDATE",
            f"ON CONFLICT {CONFLICT_TARGETS[upsert.group(1)]} DO UPDATE",
            sql,
            count=1,
            flags=re.I,
        )
    upsert_project = bool(_OR_REPLACE_PROJECT.match(sql))
    ignore = bool(_OR_IGNORE.match(sql))
    if upsert_project:
        sql = _OR_REPLACE_PROJECT.sub("INSERT INTO project", sql, count=1)
    if ignore:
        sql = _OR_IGNORE.sub("INSERT INTO", sql, count=1)
    sql = _OR_OF_TUPLES.sub(_tuples_in, sql)
    sql = _alias_subqueries(_group_concat(sql))
    sql = _ADDED_TEST.sub(r"+ ((\1 = \2)::int)", sql)
    pieces = []
    for is_code, text in _split(sql):
        if is_code:
            text = text.replace("%", "%%")
            text = _IS_NOT.sub("IS DISTINCT FROM ?", text)
            text = _IS.sub("IS NOT DISTINCT FROM ?", text)
            text = _NOCASE.sub(r"lower(\1)", text)
            text = _CHAR.sub("chr(", text)
            text = _CONSTANT.sub(lambda m: f"{m[1]} {'true' if m[2] == '1' else 'false'}", text)
            text = _SUMMED_TEST.sub(r"((\1)::int)", text)
            text = _SELECTED_TEST.sub(r", ((\1)::int)", text)
            text = _INDEXED_BY.sub("", text)
            text = _NUMBERED.sub(r"%(_\1)s", text)
            text = text.replace("?", "%s")
            text = _NAMED.sub(r"%(\1)s", text)
        else:
            text = text.replace("%", "%%")
        pieces.append(text)
    out = "".join(pieces).rstrip().rstrip(";")
    if upsert_project:
        out += " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
    if ignore:
        out += " ON CONFLICT DO NOTHING"
    return out
