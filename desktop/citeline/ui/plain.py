"""Showing user text literally wherever Qt would guess it is rich text."""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly, even when it looks like HTML.

    Qt renders a tooltip as rich text when it merely *looks* like markup, so user text
    such as ``<b>x</b>`` is escaped and wrapped in a paragraph that keeps line breaks.
    """
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
