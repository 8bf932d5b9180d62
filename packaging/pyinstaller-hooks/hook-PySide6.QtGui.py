# Citeline's QtGui hook: PyInstaller's own, minus the Qt plugins the bundle leaves out,
# dropped here so that the libraries only those plugins need are never collected.
import sys
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from qt_plugins import wanted

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if wanted(f"{dest}/{Path(src).name}")]
datas = [(src, dest) for src, dest in datas if wanted(f"{dest}/{Path(src).name}")]
