"""Data files of Python packages that the standalone Citeline leaves out.

Babel comes in as a dependency of the web page reader's address helper (courlan), which
uses it only to filter pages by language, something Citeline never asks for; its
locale data is 35 MB. Only the root and English locales stay, so that Babel still
imports and answers; asked for another locale it raises the error courlan catches.
"""

from __future__ import annotations

_BABEL_KEPT = ("babel/locale-data/root.dat", "babel/locale-data/en.dat")


def kept_data(dest: str) -> bool:
    """Whether a data file bound for ``dest`` in the bundle is kept."""
    dest = dest.replace("\\", "/")
    if dest.startswith("babel/locale-data/"):
        return dest in _BABEL_KEPT
    return True
