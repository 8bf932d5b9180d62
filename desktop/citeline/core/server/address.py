"""Server project addresses: libpq connection URLs, shown without their password."""

from __future__ import annotations

import re
from pathlib import Path

_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD = re.compile(r"^(postgres(?:ql)?://[^:@/?#]*):[^@/?#]*@")


def is_server_address(value: object) -> bool:
    """Whether ``value`` (a path or text) is a libpq URL rather than a project file."""
    return isinstance(value, str) and not isinstance(value, Path) and value.startswith(_SCHEMES)


def display_address(url: str) -> str:
    """``url`` with any password taken out (for titles, messages and recent lists)."""
    return _PASSWORD.sub(r"\1@", url)
