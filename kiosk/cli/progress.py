"""A progress bar with an estimate for long commands, shown only to a person at a terminal.

``kiosk key rotate`` over many rows or ``kiosk export --date`` on a busy day ran silently
for minutes. The bar is tqdm's: one small pure-Python package with no dependencies of its
own, a rate and time-left estimate built in, and lines printed "above" the bar. It is
imported only when a bar is really shown, so the fast paths (and every run whose output
is piped or redirected, where a bar would only be noise) never pay for the import.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def on_terminal() -> bool:
    """Whether a person is watching: both output streams are a terminal (nothing piped)."""
    return sys.stdout.isatty() and sys.stderr.isatty()


class Progress:
    """How far a long command has got; draws a bar only when it was given one."""

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar

    def done(self, count: int) -> None:
        """``count`` items are finished so far."""
        if self._bar is not None:
            self._bar.update(max(0, min(count, self._bar.total) - self._bar.n))
            self._bar.refresh()  # batches are seconds apart: show each one, estimate included

    def say(self, line: str) -> None:
        """Print one line of the command's output (above the bar, when one is drawn)."""
        if self._bar is None:
            print(line)
        else:
            self._bar.write(line, file=sys.stdout)


@contextmanager
def progress(total: int, description: str, unit: str) -> Iterator[Progress]:
    """A Progress that draws a tqdm bar on stderr for ``total`` items, or nothing off a terminal."""
    if total <= 1 or not on_terminal():
        yield Progress()
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=description, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True) as bar:
        yield Progress(bar)
