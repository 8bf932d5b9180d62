"""Keep ``None`` alive under Qt bindings that drop a reference to it on every void call.

With the Qt 6.12 bindings on Python 3.11, each call of a method that returns nothing
(``QPainter.setPen``, ``drawRect``, ``fillRect``...) gives back ``None`` without taking
a reference to it, so ``None``'s count falls by one per call. It starts near a few
thousand, and the timeline paints thousands of such calls a frame: Python aborts with
"deallocating None" within seconds. Python 3.12 made ``None`` immortal, which hides the
bug there. On older Pythons we give ``None`` a count so large it cannot run out, which
is what 3.12 does; ``None`` is a static object that is never freed, so nothing else
changes.
"""

from __future__ import annotations

import ctypes
import sys

#: 2**60 references: at a million calls a second, enough for 36,000 years.
HUGE = 1 << 60


def make_none_immortal() -> bool:
    """Raise ``None``'s reference count out of reach (Python < 3.12 only); whether it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    # Only where the count is the object's first field, as in every release build;
    # sys.getrefcount reports one more than the field (its own argument).
    if abs(count.value - (sys.getrefcount(None) - 1)) > 64:
        return False
    if count.value < HUGE // 2:
        count.value = HUGE
    return True
