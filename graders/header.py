"""The stub header that names a file's problem and track (no numpy: the CLI start-up path reads it)."""

from __future__ import annotations

import re
from pathlib import Path

HEADER_RE = re.compile(r"#\s*sftkl:\s*problem=(\S+)\s+track=(\S+)")


def read_header(path: Path) -> tuple[str | None, str | None]:
    """The (problem, track) named by a stub's header comment, if any."""
    import os
    import stat

    try:  # never block on a FIFO or read a device: only a regular file has a header
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None, None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, None
        head = os.read(fd, 4096).decode("utf-8", "replace")
    except OSError:
        return None, None
    finally:
        os.close(fd)
    m = HEADER_RE.search(head)
    return (m.group(1), m.group(2)) if m else (None, None)
