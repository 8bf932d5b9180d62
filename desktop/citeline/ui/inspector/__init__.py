"""The inspector: every field of the selected event, quote, source or person."""

from citeline.ui.inspector.inspector import Inspector

__all__ = ["Inspector"]
