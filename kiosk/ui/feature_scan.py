"""PySide6 reads the source of every module imported after it, and keeps it: not here.

PySide6's ``__feature__`` import hook (PYSIDE-2029; ``shibokensupport/feature.py``) asks of
each newly imported module whether its source mentions "PySide6", through
``inspect.getsource``: each module's whole text is read, split into lines and kept in
``linecache`` for good. In the kiosk that was about 530 files, 8 million characters and
20 MB resident (bench/ui_bench.py: 148 -> 128 MB after a visit), plus the reading and
splitting at every start. The same question is answered here from the file's bytes, and
nothing is kept. The hook is PySide6's internals: if they change, nothing is replaced and
the kiosk works as before; tests/ui/test_startup.py notices the memory coming back.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6 (the hook's question): False for
    modules without a ``.py`` file (built in, compiled, namespace), as the hook answers."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighten_feature_scan() -> bool:
    """Answer PySide6's per-import question with ``mentions_pyside``, and drop what its hook
    has kept so far; False when PySide6 has no such hook (then nothing is changed)."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    if getattr(feature, "_mod_uses_pyside") is not mentions_pyside:
        feature._mod_uses_pyside = mentions_pyside  # type: ignore[attr-defined]
        linecache.clearcache()  # the text of the modules imported with PySide6 itself
    return True
