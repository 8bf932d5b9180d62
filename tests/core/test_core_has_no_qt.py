"""The core stays plain Python: it must import and work without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import citeline.core

CORE = Path(citeline.core.__file__).parent


def test_no_core_module_imports_qt() -> None:
    offenders = [
        str(p.relative_to(CORE))
        for p in CORE.rglob("*.py")
        if any(
            line.lstrip().startswith(("import PySide6", "from PySide6", "import shiboken6"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, citeline.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'citeline.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import citeline.commands.extract\n"
        "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
