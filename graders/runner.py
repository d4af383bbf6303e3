"""Start, limit, talk to and clean up the candidate's process (the parent's side of child.py)."""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from sftkl.graders import child as wire
from sftkl.graders import launch
from sftkl.graders.catalog import Limits


class ChildGone(Exception):
    """The child process ended or broke the protocol; `status` says how to report it."""

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status  # timeout | memory | crash
        self.detail = detail


class Capture:
    """Bounded capture of a stream: keeps the first and last `limit` bytes, counts the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0
        self._lock = threading.Lock()

    def feed(self, data: bytes) -> None:
        with self._lock:
            self.total += len(data)
            room = self.limit - len(self.head)
            if room > 0:
                self.head += data[:room]
                data = data[room:]
            if data:
                self.tail += data
                if len(self.tail) > self.limit:
                    del self.tail[: len(self.tail) - self.limit]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head) + len(self.tail)

    def text(self) -> str:
        with self._lock:
            head = self.head.decode("utf-8", "replace")
            if not self.tail:
                return head
            skipped = self.total - len(self.head) - len(self.tail)
            mid = f"\n... [{skipped} bytes not shown] ...\n" if skipped else ""
            return head + mid + self.tail.decode("utf-8", "replace")


def _drain(fd: int, capture: Capture) -> None:
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            break
        if not data:
            break
        capture.feed(data)
    os.close(fd)


def _cpu_seconds(pid: int) -> float | None:
    fields = wire.proc_stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class ChildOutput:
    stdout: Capture
    stderr: Capture

    @staticmethod
    def new(limits: Limits) -> "ChildOutput":
        return ChildOutput(Capture(limits.output_kb * 1024), Capture(limits.output_kb * 1024))


def _limits_dict(limits: Limits) -> dict:
    return {"memory_mb": limits.memory_mb, "file_mb": limits.file_mb, "processes": limits.processes}


# -- process groups that hold: a pids cgroup per grade where the machine lets us make one

def _cgroup_root() -> str | None:
    """A writable pids-controller hierarchy (cgroup v1 `pids`, or v2 unified), else None."""
    if not sys.platform.startswith("linux"):
        return None
    candidates = ["/sys/fs/cgroup/pids"]
    try:
        with open("/proc/self/cgroup") as f:
            for line in f:
                if line.startswith("0::"):
                    candidates.append("/sys/fs/cgroup" + line.strip()[3:].rstrip("/"))
    except OSError:
        pass
    for root in candidates:
        probe = os.path.join(root, f"sftkl-probe-{os.getpid()}")
        try:
            os.mkdir(probe)
        except OSError:
            continue
        ok = os.path.exists(os.path.join(probe, "pids.max"))
        try:
            os.rmdir(probe)
        except OSError:
            pass
        if ok:
            _remove_stale_cgroups(root)
            return root
    return None


def _remove_stale_cgroups(root: str) -> None:
    """Remove the empty cgroups of grading processes that died without cleaning up."""
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "sftkl" and parts[1].isdigit() and not os.path.exists(f"/proc/{parts[1]}"):
            try:
                os.rmdir(os.path.join(root, name))
            except OSError:
                pass


_cgroup_counter = iter(range(1 << 62))


@functools.lru_cache(maxsize=1)
def cgroup_root() -> str | None:
    """Where this process makes its grades' cgroups (probed once, after the first spawn)."""
    return _cgroup_root()


def _join_new_cgroup(limits: Limits, pid: int) -> str | None:
    """Make a pids cgroup for one grade and move its process in.

    Done right after the spawn, while the child is still importing numpy: no candidate
    code runs before it is in, and the probing stays off the critical path.
    """
    root = cgroup_root()
    if root is None:
        return None
    path = os.path.join(root, f"sftkl-{os.getpid()}-{next(_cgroup_counter)}")
    try:
        os.mkdir(path)
        with open(os.path.join(path, "pids.max"), "w") as f:
            f.write(str(limits.processes))
        with open(os.path.join(path, "cgroup.procs"), "w") as f:
            f.write(str(pid))
        return path
    except OSError:
        try:
            os.rmdir(path)
        except OSError:
            pass
        return None


def _kill_cgroup(path: str, sessions: frozenset[int]) -> None:
    """Kill every process in the cgroup until it is empty, then remove it.

    `sessions`: the candidate's session (its zombies, once reaped, let the cgroup go)."""
    procs = os.path.join(path, "cgroup.procs")
    for attempt in range(400):
        try:
            with open(procs) as f:
                pids = [int(x) for x in f.read().split()]
        except OSError:
            return
        if not pids:
            break
        # members that left the candidate's session (setsid) leave zombies of their own session
        sessions = sessions | {sid for sid in map(_session_of, pids) if sid is not None}
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _reap_strays(sessions)
        if attempt:
            time.sleep(0.002)
    for attempt in range(400):
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:  # busy until the last zombie is reaped
            _reap_strays(sessions)
            time.sleep(0.002)


def _reap_strays(sessions: frozenset[int]) -> None:
    """Reap the zombies among our children that a candidate left (never a live process)."""
    for pid in wire._children_of(os.getpid()):
        with _live_lock:
            if pid in _live:
                continue
        if _ours(pid, sessions):
            try:
                os.waitpid(pid, os.WNOHANG)
            except (ChildProcessError, OSError):
                pass


# Processes this grading process started on purpose; anything else that becomes our
# child (an orphan of a killed submission, re-parented to us as subreaper) is swept.
_live_lock = threading.Lock()
_live: set[int] = set()
_running: set["Child"] = set()  # children not yet closed
_subreaper = False


def become_subreaper() -> bool:
    """Make this process the subreaper of its candidates' orphans (where no cgroup holds them)."""
    global _subreaper
    if not _subreaper:
        _subreaper = wire.set_subreaper()
    return _subreaper


def _is_grade_process(pid: int) -> bool:
    """Started by a candidate (it carries the grade environment's marker)?"""
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return b"SFTKL_CANDIDATE=1" in f.read().split(b"\0")
    except OSError:
        return False


def _session_of(pid: int) -> int | None:
    fields = wire.proc_stat(pid)
    return None if fields is None else int(fields[3])


def _ours(pid: int, sessions: frozenset[int]) -> bool:
    """A candidate's process: it carries the marker, or (a zombie has no environment left to
    read) it is in the session of a candidate being closed."""
    return _is_grade_process(pid) or _session_of(pid) in sessions


def sweep(sessions: frozenset[int] = frozenset()) -> int:
    """Kill and reap the orphans of candidates re-parented to this process. Returns how many.

    Only candidates' processes are touched (see `_ours`): the grading process may have
    children of its own (a test runner's, say). A killed process group leaves a zombie
    per member; `sessions` names the groups being closed so that those are reaped too.
    """
    if not _subreaper:
        return 0
    killed = 0
    for _ in range(50):
        with _live_lock:
            waiting = launch.waiting_pids()
            strays = [p for p in wire._children_of(os.getpid())
                      if p not in _live and p not in waiting and _ours(p, sessions)]
        if not strays:
            break
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except (ChildProcessError, OSError):
                pass
    return killed


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
        with _live_lock:
            _live.add(self.proc.pid)

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
        with _live_lock:
            _live.discard(self.proc.pid)


def _wait_exit(pid: int, timeout: float) -> bool:
    """Block until process `pid` exits (without reaping it) or `timeout` passes; False on timeout.

    `Popen.wait(timeout=...)` polls with growing sleeps, which costs ~3 ms after a
    SIGKILL on every grade; a pidfd wakes the moment the process is gone. Where
    pidfds are missing, say so and let `Popen.wait` do its polling.
    """
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return True
    try:
        r, _, _ = select.select([fd], [], [], timeout)
        return bool(r)
    finally:
        os.close(fd)


class Child:
    """One candidate process, started at construction so its imports overlap the parent's work.

    It is either spawned (`launch.Launched`, possibly ahead of time by `prestart`) or
    forked from a Zygote, which skips the imports. Either way it runs in its own
    session and scratch directory, under resource limits from before the file loads.
    """

    def __init__(
        self,
        track: str,
        limits: Limits,
        output: ChildOutput | None = None,
        zygote: Zygote | None = None,
        launched: launch.Launched | None = None,
    ) -> None:
        self.track = track
        self.limits = limits
        self.output = output or ChildOutput.new(limits)
        self.cgroup: str | None = None
        self._popen: subprocess.Popen | None = None
        self._status_r: int | None = None
        self.returncode: int | None = None
        self._closed = False
        self._close_lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self._loader: threading.Thread | None = None
        self._load_deadline = 0.0
        if zygote is not None and launched is None:
            self.workdir = launch.new_workdir()
            (self._req_w, self._res_r, out_r, err_r), theirs = launch.open_pipes()
            self._status_r, status_w = os.pipe()
            try:
                self.pid = zygote.fork(self.workdir, [*theirs, status_w])
            except BaseException:
                for fd in (self._req_w, self._res_r, out_r, err_r, self._status_r):
                    os.close(fd)
                shutil.rmtree(self.workdir, ignore_errors=True)
                raise
            finally:
                for fd in (*theirs, status_w):
                    os.close(fd)
        else:
            launched = launched or launch.Launched(track)
            self.workdir = launched.workdir
            self._req_w, self._res_r, out_r, err_r = launched.req_w, launched.res_r, launched.out_r, launched.err_r
            self._popen = launched.popen
            self.pid = launched.pid
        with _live_lock:
            _live.add(self.pid)
            _running.add(self)

        self._threads = [
            threading.Thread(target=_drain, args=(out_r, self.output.stdout), daemon=True),
            threading.Thread(target=_drain, args=(err_r, self.output.stderr), daemon=True),
        ]
        for t in self._threads:
            t.start()
        self.used = False  # a file was loaded into it
        # Moving a process into a cgroup takes the kernel ~15 ms: do it beside the
        # grading process's own start-up; start() waits for it before any candidate code.
        self._contained = threading.Thread(target=self._contain, daemon=True)
        self._contained.start()

    def _contain(self) -> None:
        self.cgroup = _join_new_cgroup(self.limits, self.pid)
        if self.cgroup is None:  # no cgroup to find every descendant: adopt the orphans instead
            become_subreaper()

    # -- process status ---------------------------------------------------
    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        if self._popen is not None:
            self.returncode = self._popen.poll()
        else:
            r, _, _ = select.select([self._status_r], [], [], 0)
            if r:
                self._read_status()
        return self.returncode

    def _read_status(self) -> None:
        data = b""
        try:
            data = os.read(self._status_r, 4096)
        except OSError:
            pass
        try:
            self.returncode = os.waitstatus_to_exitcode(int(json.loads(data)["status"]))
        except (ValueError, KeyError, TypeError):
            self.returncode = -signal.SIGKILL

    def wait(self, timeout: float) -> int | None:
        if self.returncode is not None:
            return self.returncode
        if self._popen is not None:
            if not _wait_exit(self._popen.pid, timeout):
                return None
            try:
                self.returncode = self._popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return None
            return self.returncode
        r, _, _ = select.select([self._status_r], [], [], timeout)
        if r:
            self._read_status()
        return self.returncode

    # -- protocol ---------------------------------------------------------
    def _recv(self, deadline: float):
        def read(fd: int, n: int) -> bytes:
            chunks = []
            while n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                r, _, _ = select.select([fd], [], [], min(left, 0.5))
                if not r:
                    continue
                b = os.read(fd, min(n, 1 << 20))
                if not b:
                    raise EOFError
                chunks.append(b)
                n -= len(b)
            return b"".join(chunks)

        try:
            return wire.recv(self._res_r, read=read)
        except TimeoutError:
            self.kill()
            raise ChildGone("timeout", "wall") from None
        except EOFError:
            raise self._death() from None
        except (ValueError, KeyError, UnicodeDecodeError) as e:
            self.kill()
            raise ChildGone("crash", f"protocol: {e}") from None

    def _death(self) -> ChildGone:
        code = self.wait(5)
        if code is None:
            self.kill()
            code = self.returncode
        if code is not None and code < 0:
            sig = -code
            if sig == signal.SIGXCPU:
                return ChildGone("timeout", "cpu")
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            if sig == signal.SIGXFSZ:
                return ChildGone("crash", "SIGXFSZ")
            return ChildGone("crash", name)
        return ChildGone("crash", f"exit:{code}")

    def _send(self, header: dict, arrays=()) -> None:
        try:
            wire.send(self._req_w, header, list(arrays))
        except (BrokenPipeError, OSError):
            raise self._death() from None

    def request_load(self, path: str, functions, forbidden, timeout: float) -> None:
        """Ask the child to load the file as soon as it is ready, without waiting for it.

        The request is written once the child is in its cgroup (and we its subreaper):
        no candidate code runs before. `load_result` collects the outcome; `timeout`
        covers the imports and the load from now on.
        """
        self._load_deadline = time.monotonic() + timeout
        request = {"path": path, "functions": list(functions), "forbidden": list(forbidden),
                   "limits": _limits_dict(self.limits)}

        def write() -> None:
            self._contained.join()
            try:
                wire.send(self._req_w, request)
            except OSError:
                pass  # the child is gone: load_result reports how

        self._loader = threading.Thread(target=write, daemon=True)
        self._loader.start()

    def load_result(self) -> dict | None:
        """Wait for the child's imports and its load of the file. Returns a load error or None."""
        self._recv(self._load_deadline)  # "ready": numpy/torch imported
        header, _ = self._recv(self._load_deadline)
        return header.get("error")

    def has_message(self) -> bool:
        """Has the child sent something not yet read (readiness, a result, or its end)?"""
        r, _, _ = select.select([self._res_r], [], [], 0)
        return bool(r)

    def send_cases(self, messages: list[tuple[dict, list]]) -> None:
        """Send every case's message at once, from a thread, behind the load request: the
        grading process computes its references meanwhile (the child answers each case as
        it arrives, and a full pipe only holds up this thread; if the child dies, the next
        result read reports how)."""

        def write() -> None:
            if self._loader is not None:
                self._loader.join()
            try:
                for header, arrays in messages:
                    wire.send(self._req_w, header, list(arrays))
            except OSError:
                pass

        self._writer = threading.Thread(target=write, daemon=True)
        self._writer.start()

    def next_result(self, wall_s: float, cpu_s: float):
        """The next case's result; its CPU and wall-clock limits start now."""
        self._set_cpu_budget(cpu_s)
        return self._recv(time.monotonic() + wall_s)

    def _set_cpu_budget(self, cpu_s: float) -> None:
        import resource

        used = _cpu_seconds(self.pid)
        if used is None or not hasattr(resource, "prlimit"):
            return
        soft = int(used + cpu_s) + 1
        try:
            resource.prlimit(self.pid, resource.RLIMIT_CPU, (soft, soft + 2))
        except (OSError, ValueError):
            pass

    # -- teardown ---------------------------------------------------------
    def send_kill(self) -> None:
        """SIGKILL the child's whole session without waiting (safe from another thread)."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass

    def kill(self) -> None:
        """Kill the child's whole session (it has nothing to flush), then reap it."""
        if self.poll() is None:
            self.send_kill()
        self.wait(5)

    def close(self) -> None:
        """Kill the child, everything it started, and its scratch directory. Idempotent:
        a second close must never close file descriptor numbers that now belong to others."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._contained.join()
        self.kill()
        for writer in (self._loader, self._writer):
            if writer is not None:
                writer.join(timeout=1)  # the child is dead: its write fails at once
        with _live_lock:
            _live.discard(self.pid)
            _running.discard(self)
        session = frozenset((self.pid,))  # it leads its own session (setsid)
        if self.cgroup:
            _kill_cgroup(self.cgroup, session)
        sweep(session)
        # A descendant that escaped the session may still hold the output pipes open
        # until the sweep kills it; the drain threads are daemons, so wait only briefly.
        for t in self._threads:
            t.join(timeout=0.5)
        for fd in (self._req_w, self._res_r, self._status_r):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._req_w = self._res_r = self._status_r = None
        shutil.rmtree(self.workdir, ignore_errors=True)


# ---------------------------------------------------------------------------
# Where children come from: a prestarted spare, a warm fork server, or a fresh spawn.

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
    with _live_lock:
        running = [c for c in _running if c.returncode is None]
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
