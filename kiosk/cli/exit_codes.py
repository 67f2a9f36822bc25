"""The ``kiosk`` command's exit codes: one meaning each, the README's table lists them.

A script (or the desk's launcher) can tell "try again later" (3) from "no screen here" (4)
from "wrong input" (2) without reading the message.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a ``kiosk`` command's exit status means."""

    OK = 0
    """Done: everything asked for was done."""
    FAILED = 1
    """Failed (or some items failed): the store, a file, the printer or the forms refused."""
    USAGE = 2
    """Bad arguments or invalid input, or a missing setting; nothing was changed."""
    SPOOLED = 3
    """The database refused: ``kiosk submit``'s visit waits in the encrypted spool (id printed);
    ``kiosk sync``: visits still wait there; ``kiosk fleet``: no database to read."""
    NO_DISPLAY = 4
    """``kiosk run`` / ``kiosk desk``: no display to open a window on (the message says how to run it)."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C."""
    PIPE_CLOSED = 141
    """The reader of the output went away (``… | head``); output stopped quietly (128 + SIGPIPE)."""
