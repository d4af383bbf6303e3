"""Where candidate processes come from: a prestarted spare, a warm fork server, or a fresh spawn."""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading

from sftkl.sandbox import launch
from sftkl.sandbox import reaper
from sftkl.sandbox.capture import ChildOutput
from sftkl.sandbox.limits import Limits
from sftkl.sandbox.process import Child


class Zygote:
    """A resident process with numpy/torch imported that forks a fresh, limited child per grade."""

    def __init__(self, track: str) -> None:
        import socket

        self.track = track
        self._lock = threading.Lock()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock = ours
        self.proc = subprocess.Popen(
            launch.child_command("--zygote", track, str(theirs.fileno())),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),),
            env=launch.child_env(tempfile.gettempdir()),
            start_new_session=True,
        )
        theirs.close()
        with reaper._live_lock:
            reaper._live.add(self.proc.pid)

    def fork(self, workdir: str, fds: list[int]) -> int:
        import socket

        body = json.dumps({"workdir": workdir}).encode()
        with self._lock:
            if self.proc.poll() is not None:
                raise OSError("fork server is gone")
            socket.send_fds(self._sock, [body], fds)
            reply = self._sock.recv(4096)
        if not reply:
            raise OSError("fork server is gone")
        return int(json.loads(reply)["pid"])

    def close(self) -> None:
        try:
            self._sock.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with reaper._live_lock:
            reaper._live.discard(self.proc.pid)



_zygotes: dict[str, Zygote] = {}
_warm_depth = 0
_pool_lock = threading.Lock()


def prestart(track: str) -> None:
    """Spawn a child now (e.g. before the CLI imports its UI) for the next grade of `track` to take."""
    with _pool_lock:
        launch.early(track)


def acquire(track: str, limits: Limits, output: ChildOutput | None = None) -> Child:
    with _pool_lock:
        spare = launch.take(track) if output is None else None
        if spare is not None:
            return Child(track, limits, launched=spare)
        zygote = None
        if _warm_depth:
            zygote = _zygotes.get(track)
            if zygote is None or zygote.proc.poll() is not None:
                zygote = _zygotes[track] = Zygote(track)
    try:
        return Child(track, limits, output=output, zygote=zygote)
    except OSError:
        if zygote is None:
            raise
        with _pool_lock:
            _zygotes.pop(track, None)
        zygote.close()
        return Child(track, limits, output=output)


class keep_warm:
    """Within this context, grades fork from resident servers with numpy/torch already imported.

    For repeated grading in one process: watch mode, the mock-interview screen,
    batch grading, the test suite. `tracks` start their servers right away.
    """

    def __init__(self, tracks: tuple[str, ...] = ()) -> None:
        self.tracks = tracks

    def __enter__(self) -> "keep_warm":
        global _warm_depth
        with _pool_lock:
            _warm_depth += 1
            for track in self.tracks:
                if track not in _zygotes:
                    _zygotes[track] = Zygote(track)
        return self

    def __exit__(self, *exc) -> None:
        global _warm_depth
        with _pool_lock:
            _warm_depth -= 1
            if _warm_depth:
                return
            zygotes = list(_zygotes.values())
            _zygotes.clear()
        for z in zygotes:
            z.close()


def kill_running() -> int:
    """Kill the candidate process of every grade in flight in this process (for Ctrl-C in a batch).

    Each grade then returns at once with its case marked crashed; fork servers and idle
    spares are left alone. Returns how many processes were signalled.
    """
    with reaper._live_lock:
        running = [c for c in reaper._running if c.returncode is None]
    for c in running:
        c.send_kill()
    return len(running)


def shutdown() -> None:
    """Discard prestarted spares and close fork servers (registered at exit)."""
    with _pool_lock:
        launch.discard_all()
        zygotes = list(_zygotes.values())
        _zygotes.clear()
    for z in zygotes:
        z.close()


import atexit  # noqa: E402 - registered next to what it cleans up

atexit.register(shutdown)
