"""The stub header that names a file's problem and track (no numpy: the CLI start-up path reads it)."""

from __future__ import annotations

import re
from pathlib import Path

HEADER_RE = re.compile(r"#\s*sftkl:\s*problem=(\S+)\s+track=(\S+)")


def read_header(path: Path) -> tuple[str | None, str | None]:
    """The (problem, track) named by a stub's header comment, if any."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return None, None
    m = HEADER_RE.search(head)
    return (m.group(1), m.group(2)) if m else (None, None)
