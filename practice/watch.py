"""Notice when the learner saves a file: file events (watchfiles), stat polling as the fallback.

watchfiles (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows) tells
within milliseconds that the file changed; `sftkl watch` then regrades at once. It
watches the file's directory, not the file: editors save by writing a new file and
renaming it over the old one (vim, VS Code, JetBrains), which replaces the inode a
watch on the file itself would hold.

Polling (one `stat` every 0.3 s, a change reported once two polls agree) stays as the
fallback: where watchfiles is not installed or cannot start (no inotify watches left,
an unsupported platform), and where events never arrive (network drives, some container
bind mounts): `SFTKL_WATCH=poll` forces it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

POLL_S = 0.3
EVENT_TICK_S = 0.05  # the screen's key-read timeout while events are used (how soon a save is seen)
STEP_MS = 30  # watchfiles yields once the directory was quiet this long after a change (a save is done)
DEBOUNCE_MS = 300  # and at the latest this long after the first change of a burst
WATCH_ENV = "SFTKL_WATCH"  # "poll" forces polling


@dataclass(frozen=True)
class FileState:
    exists: bool
    mtime_ns: int = 0
    size: int = 0
    inode: int = 0


@dataclass(frozen=True)
class WatchMode:
    name: str  # "events" or "polling"
    interval_s: float  # how long the screen waits for a key before asking `changed()` again
    why: str = ""  # for polling: "forced", "missing" (no watchfiles) or the error watchfiles raised


def file_state(path: Path) -> FileState:
    try:
        st = os.stat(path)
    except OSError:
        return FileState(False)
    return FileState(True, st.st_mtime_ns, st.st_size, st.st_ino)


class Poller:
    """Call `changed()` every interval; it says True once per save, after the file has settled.

    An editor may write a file in steps (truncate, write, rename): a change is
    reported only when two polls in a row see the same new state, and never for
    a file that is momentarily missing.
    """

    def __init__(self, path: Path, why: str = "") -> None:
        self.path = Path(path)
        self.mode = WatchMode("polling", POLL_S, why)
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

    def close(self) -> None:
        pass


class EventWatcher:
    """watchfiles on the file's directory, in a thread; `changed()` says True once per save.

    watchfiles groups a save's events (write, rename, chmod) and yields them once the
    directory has been quiet for STEP_MS; a save is then reported when the file exists
    and its state (mtime, size, inode) differs from the last one reported.
    """

    def __init__(self, path: Path) -> None:
        import watchfiles  # noqa: F401 - fails here (ImportError) when not installed: `start` falls back

        self.path = Path(path).absolute()
        self.mode = WatchMode("events", EVENT_TICK_S)
        self._name = self.path.name
        self._seen = file_state(self.path)
        self._hit = threading.Event()
        self._stop = threading.Event()
        self.error: BaseException | None = None
        # not waited for: the first grade runs meanwhile; a failure to start shows in `failed`
        self._thread = threading.Thread(target=self._run, name="sftkl-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import watchfiles

        def ours(change, path: str) -> bool:
            return os.path.basename(path) == self._name

        try:
            for _changes in watchfiles.watch(self.path.parent, watch_filter=ours, debounce=DEBOUNCE_MS, step=STEP_MS,
                                             stop_event=self._stop, raise_interrupt=False, recursive=False,
                                             force_polling=False):
                self._hit.set()
        except BaseException as e:  # noqa: BLE001 - reported through `failed`: `Watch` falls back to polling
            self.error = e

    @property
    def failed(self) -> bool:
        return self.error is not None

    def changed(self) -> bool:
        if not self._hit.is_set():
            return False
        self._hit.clear()
        now = file_state(self.path)
        if not now.exists or now == self._seen:  # mid-rename, or a touch of another kind
            return False
        self._seen = now
        return True

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1.0)


def start(path: Path, force: str | None = None) -> Poller | EventWatcher:
    """The watcher for `path`: file events where watchfiles works, else polling (its mode says why).

    force: "poll" or "events"; default $SFTKL_WATCH, else events with polling as the fallback."""
    force = (force or os.environ.get(WATCH_ENV, "")).strip().lower()
    if force == "poll":
        return Poller(path, "forced")
    try:
        return EventWatcher(path)
    except ImportError:
        return Poller(path, "missing")
    except Exception as e:  # noqa: BLE001 - e.g. no inotify watches left: polling works everywhere
        return Poller(path, f"{type(e).__name__}: {e}".strip())


class Watch:
    """`start`'s watcher, which falls back to polling if the event thread fails (at start or later)."""

    def __init__(self, path: Path, force: str | None = None) -> None:
        self.path = Path(path)
        self.impl = start(self.path, force)

    @property
    def mode(self) -> WatchMode:
        return self.impl.mode

    def changed(self) -> bool:
        if isinstance(self.impl, EventWatcher) and self.impl.failed:
            err = self.impl.error
            self.impl = Poller(self.path, f"{type(err).__name__}: {err}")
            return True  # a save may have happened while the events stopped: regrade once to be sure
        return self.impl.changed()

    def close(self) -> None:
        self.impl.close()
