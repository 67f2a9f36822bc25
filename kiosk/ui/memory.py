"""Giving memory back after a visit: the next patient needs none of this one's objects.

After the wipe the visit's session, screens' texts and inputs are garbage; collecting the
cycles among them and asking glibc to return its free pages to the system took the kiosk's
resident memory after a visit down by about 3 MB of 150 (bench/ui_bench.py, 2026-12-01).
"""

from __future__ import annotations

import ctypes
import gc
from functools import cache


@cache
def _malloc_trim() -> object:
    """glibc's ``malloc_trim``, or None elsewhere (musl, macOS: nothing to call)."""
    try:
        return getattr(ctypes.CDLL("libc.so.6"), "malloc_trim", None)  # not find_library: it runs ldconfig
    except OSError:
        return None


def release_memory() -> None:
    """Collect garbage, then hand free heap pages back to the system where glibc allows."""
    gc.collect()
    trim = _malloc_trim()
    if callable(trim):
        trim(0)
