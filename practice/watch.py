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
EVENT_TICK_S = 0.05  # the screen's key-read timeout with events but no wake-up pipe (Windows)
WAKE_TICK_S = 0.5  # with the pipe: a save wakes the screen at once, this only bounds the wait
STEP_MS = 10  # watchfiles yields once the directory was quiet this long after a change (a save is done)
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

    def fileno(self) -> None:
        return None  # nothing to wait on: the screen asks every interval

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
        # a pipe the thread writes to on each change (and on failure): the screen waits on it
        # beside the keyboard, so a save wakes it at once instead of at its next tick
        self._wake: tuple[int, int] | None = None
        if os.name != "nt":  # select() takes no pipes on Windows
            self._wake = os.pipe()
            os.set_blocking(self._wake[0], False)
        self.mode = WatchMode("events", EVENT_TICK_S if self._wake is None else WAKE_TICK_S)
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
                self._poke()
        except BaseException as e:  # noqa: BLE001 - reported through `failed`: `Watch` falls back to polling
            self.error = e
            self._poke()

    def _poke(self) -> None:
        if self._wake is not None:
            try:
                os.write(self._wake[1], b"!")
            except OSError:  # full (nobody reads) or closed: the flag is set anyway
                pass

    def fileno(self) -> int | None:
        """Readable when something happened (`changed()` or `failed` has news); None on Windows."""
        return None if self._wake is None else self._wake[0]

    @property
    def failed(self) -> bool:
        return self.error is not None

    def changed(self) -> bool:
        if self._wake is not None:
            try:
                os.read(self._wake[0], 4096)
            except OSError:  # nothing to drain (BlockingIOError) or closed
                pass
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
        self._thread.join(1.0)  # watchfiles sees the stop event within milliseconds
        if self._wake is not None and not self._thread.is_alive():  # never close a pipe it may still write to
            for fd in self._wake:
                os.close(fd)
            self._wake = None


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

    def fileno(self) -> int | None:
        return self.impl.fileno()

    def changed(self) -> bool:
        if isinstance(self.impl, EventWatcher) and self.impl.failed:
            err = self.impl.error
            self.impl.close()
            self.impl = Poller(self.path, f"{type(err).__name__}: {err}")
            return True  # a save may have happened while the events stopped: regrade once to be sure
        return self.impl.changed()

    def close(self) -> None:
        self.impl.close()
