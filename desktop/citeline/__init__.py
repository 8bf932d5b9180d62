"""Citeline: a desktop timeline and source viewer that shows its receipts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("citeline")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
