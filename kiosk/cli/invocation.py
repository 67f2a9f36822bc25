"""How to run ``kiosk`` again from where the user stands, for hints such as ``xvfb-run -a …``.

A newcomer who typed ``.venv/bin/kiosk run`` was told to run ``xvfb-run -a kiosk run``,
which failed: ``kiosk`` was not on their PATH. Hints name the command the way this
process was started instead.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys


def kiosk_command(argv0: str | None = None, executable: str | None = None) -> str:
    """A shell command that runs ``kiosk`` from the current folder, as this process was started.

    ``kiosk`` when that name on PATH is this very script; the script's path (relative to
    the current folder when inside it) when it was started by path; ``PYTHON -m kiosk``
    under ``python -m kiosk``.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    if not argv0 or argv0 == "-c" or os.path.basename(argv0) in {"__main__.py", "__main__"}:
        return f"{_shown(executable or sys.executable)} -m kiosk"
    name = os.path.basename(argv0)
    on_path = shutil.which(name)
    if on_path and os.path.exists(argv0) and os.path.samefile(on_path, argv0):
        return name
    return _shown(argv0)


def _shown(path: str) -> str:
    """``path`` as the user can type it here: relative below the current folder, else absolute.

    Never resolves symlinks: a virtualenv's ``bin/python`` is a symlink to a Python that
    lacks the packages.
    """
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    text = absolute if relative.startswith("..") else relative
    if os.sep not in text:
        text = os.path.join(".", text)  # a bare name would be looked up on PATH
    return shlex.quote(text)
