"""Reading untrusted JSON field by field, so a problem is reported with its JSON path.

Importers read a document through :func:`field` and friends; a wrong or missing value
raises :class:`Invalid` with a path such as ``events[3].start_date.month``, which the
importer turns into one line for the user.
"""

from __future__ import annotations

from typing import Any


class Invalid(Exception):
    """A value in the document is missing or wrong; the message starts with its path."""


_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


def kind_of(value: Any) -> str:
    """A user's word for a JSON value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def at(path: str, key: str | int) -> str:
    """The JSON path of ``key`` inside ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def field(
    obj: dict[str, Any],
    key: str,
    path: str,
    expected: type,
    *,
    required: bool = False,
    default: Any = None,
) -> Any:
    """``obj[key]`` checked to be of type ``expected`` (null or absent gives ``default``)."""
    value = obj.get(key)
    if value is None:
        if required:
            raise Invalid(f"{at(path, key)}: missing")
        return default
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        raise Invalid(
            f"{at(path, key)}: expected {_NAMES.get(expected, expected.__name__)}, "
            f"found {kind_of(value)}"
        )
    return value


def records(obj: dict[str, Any], key: str, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The objects of the list ``obj[key]`` with their paths (an absent list is empty)."""
    values = field(obj, key, path, list, default=[])
    out = []
    for n, value in enumerate(values):
        where = at(at(path, key), n)
        if not isinstance(value, dict):
            raise Invalid(f"{where}: expected an object, found {kind_of(value)}")
        out.append((where, value))
    return out


def strings(obj: dict[str, Any], key: str, path: str) -> list[str]:
    """The list of strings ``obj[key]`` (absent: empty)."""
    values = field(obj, key, path, list, default=[])
    for n, value in enumerate(values):
        if not isinstance(value, str):
            raise Invalid(f"{at(at(path, key), n)}: expected text, found {kind_of(value)}")
    return list(values)
