"""Notice when the learner saves a file: stat polling, which works on every platform and filesystem.

No file-event library is a dependency of sftkl; polling one file's mtime and size
every 0.3 s costs nothing measurable and also works on network drives and inside
containers, where inotify events often never arrive.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

POLL_S = 0.3


@dataclass(frozen=True)
class FileState:
    exists: bool
    mtime_ns: int = 0
    size: int = 0


@dataclass(frozen=True)
class WatchMode:
    name: str  # "polling"
    interval_s: float


def mode() -> WatchMode:
    return WatchMode("polling", POLL_S)


def file_state(path: Path) -> FileState:
    try:
        st = os.stat(path)
    except OSError:
        return FileState(False)
    return FileState(True, st.st_mtime_ns, st.st_size)


class Poller:
    """Call `changed()` every interval; it says True once per save, after the file has settled.

    An editor may write a file in steps (truncate, write, rename): a change is
    reported only when two polls in a row see the same new state, and never for
    a file that is momentarily missing.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._seen = file_state(self.path)
        self._pending: FileState | None = None

    def changed(self) -> bool:
        now = file_state(self.path)
        if now == self._seen:
            self._pending = None
            return False
        if not now.exists:
            return False
        if now == self._pending:
            self._seen, self._pending = now, None
            return True
        self._pending = now
        return False
