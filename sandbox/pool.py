"""Where candidate processes come from: a prestarted spare, a warm fork server, or a fresh spawn."""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading

from sftkl.sandbox import jail
from sftkl.sandbox import launch
from sftkl.sandbox import reaper
from sftkl.sandbox.capture import ChildOutput
from sftkl.sandbox.limits import Limits
from sftkl.sandbox.process import Child


class Zygote:
    """A resident process with numpy/torch imported that forks a fresh, limited child per grade.

    Sandboxed, it runs inside its own bwrap (pid 1 of its pid namespace, its own uid
    when we are root, its own /tmp) and serves one grade at a time (`acquire` gives
    each concurrent grade a server of its own): while a grade runs, nothing else of a
    learner's is in its namespace, and after each grade the server kills whatever the
    grade left and empties /tmp.
    """

    def __init__(self, track: str) -> None:
        import socket

        self.track = track
        self._lock = threading.Lock()
        self.sandboxed = jail.enabled()
        self.hidden = frozenset(jail._also_hidden)  # what its view hides beyond the usual (jail.also_hide)
        self.uid = jail.lease_uid() if self.sandboxed else None
        # its own scratch directory as cwd (sandboxed, only bwrap's outer process sits in it),
        # so that what it started can be found by where it runs, and nothing of it in the caller's
        self.workdir = launch.new_workdir()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self._sock = ours
        if self.sandboxed:
            command = launch.sandboxed_command("--zygote", track, str(theirs.fileno()), uid=self.uid, as_pid_1=True)
            env = {**launch.child_env("/tmp", self.uid), "SFTKL_SANDBOXED": "1"}
        else:
            command = launch.child_command("--zygote", track, str(theirs.fileno()))
            env = launch.child_env(tempfile.gettempdir())
        try:
            # Spawned from one long-lived thread: bwrap's --die-with-parent (the kernel's
            # parent-death signal) fires when the *thread* that started it ends, and a
            # batch's worker threads end long before the server should.
            self.proc = _spawner().submit(
                subprocess.Popen,
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env=env,
                cwd=self.workdir,
                start_new_session=True,
            ).result()
        except BaseException:
            import shutil

            ours.close()
            shutil.rmtree(self.workdir, ignore_errors=True)
            jail.release_uid(self.uid)
            raise
        finally:
            theirs.close()
        with reaper._live_lock:
            reaper._live.add(self.proc.pid)

    def fork(self, workdir: str, fds: list[int]) -> int:
        """Fork a grade's process; its pid as this process sees it (the sender's credentials)."""
        import socket
        import struct

        body = json.dumps({"workdir": workdir}).encode()
        with self._lock:
            if self.proc.poll() is not None:
                raise OSError("fork server is gone")
            socket.send_fds(self._sock, [body], fds)
            self._sock.settimeout(60)
            try:
                reply, anc, _, _ = self._sock.recvmsg(4096, socket.CMSG_SPACE(12))
            except (socket.timeout, OSError):
                raise OSError("fork server does not answer") from None
            finally:
                self._sock.settimeout(None)
        if not reply:
            raise OSError("fork server is gone")
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS and len(data) >= 12:
                pid = struct.unpack("iII", data[:12])[0]
                if pid > 0:
                    return pid
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
        jail.release_uid(self.uid)
        import shutil

        shutil.rmtree(self.workdir, ignore_errors=True)


_spawn_executor = None


def _spawner():
    """The one thread that starts fork servers; it lives as long as this process."""
    global _spawn_executor
    if _spawn_executor is None:
        from concurrent.futures import ThreadPoolExecutor

        _spawn_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sftkl-spawn")
    return _spawn_executor


# Idle fork servers per track; a server serves one grade at a time (see Zygote).
_zygotes: dict[str, list[Zygote]] = {}
_all_zygotes: list[Zygote] = []
_warm_depth = 0
_pool_lock = threading.Lock()


def _take_zygote(track: str) -> Zygote:
    """An idle live server of `track` (a new one when all are busy). Under _pool_lock."""
    idle = _zygotes.setdefault(track, [])
    sandboxed = jail.enabled()
    for z in list(idle):
        if z.proc.poll() is not None:
            idle.remove(z)
            _forget(z)
        elif z.sandboxed == sandboxed and z.hidden >= frozenset(jail._also_hidden):
            idle.remove(z)
            return z
    z = Zygote(track)
    _all_zygotes.append(z)
    return z


def _forget(z: Zygote) -> None:
    if z in _all_zygotes:
        _all_zygotes.remove(z)
    z.close()


def _give_back(z: Zygote) -> None:
    with _pool_lock:
        if z in _all_zygotes and z.proc.poll() is None and _warm_depth:
            _zygotes.setdefault(z.track, []).append(z)
            return
    with _pool_lock:
        _forget(z)


def prestart(track: str) -> None:
    """Spawn a child now (e.g. before the CLI imports its UI) for the next grade of `track` to take."""
    with _pool_lock:
        launch.early(track)


def acquire(track: str, limits: Limits, output: ChildOutput | None = None) -> Child:
    with _pool_lock:
        # a spare started before jail.also_hide would not hide what it hides
        spare = launch.take(track) if output is None and not jail._also_hidden else None
        if spare is not None:
            return Child(track, limits, launched=spare)
        zygote = _take_zygote(track) if _warm_depth else None
    try:
        child = Child(track, limits, output=output, zygote=zygote)
    except OSError:
        if zygote is None:
            raise
        with _pool_lock:
            _forget(zygote)
        return Child(track, limits, output=output)
    if zygote is not None:
        child.on_close = lambda: _give_back(zygote)
    return child


class keep_warm:
    """Within this context, grades fork from resident servers with numpy/torch already imported.

    For repeated grading in one process: watch mode, the mock-interview screen,
    batch grading, the test suite. `tracks` start a server each right away.
    """

    def __init__(self, tracks: tuple[str, ...] = ()) -> None:
        self.tracks = tracks

    def __enter__(self) -> "keep_warm":
        global _warm_depth
        with _pool_lock:
            _warm_depth += 1
            for track in self.tracks:
                if not _zygotes.get(track):
                    z = Zygote(track)
                    _all_zygotes.append(z)
                    _zygotes.setdefault(track, []).append(z)
        return self

    def __exit__(self, *exc) -> None:
        global _warm_depth
        with _pool_lock:
            _warm_depth -= 1
            if _warm_depth:
                return
            zygotes = list(_all_zygotes)
            _all_zygotes.clear()
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
        zygotes = list(_all_zygotes)
        _all_zygotes.clear()
        _zygotes.clear()
    for z in zygotes:
        z.close()


import atexit  # noqa: E402 - registered next to what it cleans up

atexit.register(shutdown)
