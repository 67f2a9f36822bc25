"""kiosk.ui.feature_scan: PySide6's import hook gets the same answers, and keeps no text."""

from __future__ import annotations

import inspect
import linecache
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kiosk.ui  # noqa: F401 - installs the lighter question
from kiosk.ui.feature_scan import lighten_feature_scan, mentions_pyside


def _hooks_own_answer(module: ModuleType) -> bool:
    """PySide6 6.x's ``shibokensupport.feature._mod_uses_pyside``, as published."""
    try:
        source = inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False
    return "PySide6" in source


def test_every_loaded_module_gets_the_answer_pysides_hook_would_give() -> None:
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    assert len(modules) > 300
    differ = [m.__name__ for m in modules if mentions_pyside(m) != _hooks_own_answer(m)]
    assert differ == []
    assert mentions_pyside(sys.modules["kiosk.ui.launch"] if "kiosk.ui.launch" in sys.modules else kiosk.ui)
    assert not mentions_pyside(inspect)


def test_the_hook_asks_our_question_and_imports_keep_no_source_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature, "_mod_uses_pyside") is mentions_pyside  # PySide6's internals as we know them
    assert lighten_feature_scan()  # again: nothing more to do, still in place
    (tmp_path / "screen_of_ours.py").write_text("from PySide6.QtWidgets import QLabel\n" + "X = 1\n" * 5000)
    (tmp_path / "model_of_ours.py").write_text("Y = 2\n" * 5000)
    monkeypatch.syspath_prepend(str(tmp_path))
    import model_of_ours  # noqa: F401
    import screen_of_ours  # noqa: F401

    assert not any(str(tmp_path) in name for name in linecache.cache)  # no text kept
    decided = getattr(feature, "pyside_feature_dict")
    assert decided["screen_of_ours"] == 0 and decided["model_of_ours"] == -1  # the hook's answers, as before
