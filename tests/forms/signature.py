"""A real, tiny PNG signature as the kiosk's signature pad would submit it."""

from __future__ import annotations

import base64
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    """A black-on-white greyscale PNG of the given size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes((0 if (x + y) % 2 else 255) for x in range(width)) for y in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def signature_data_url() -> str:
    """``data:image/png;base64,...`` of a real PNG."""
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode("ascii")
