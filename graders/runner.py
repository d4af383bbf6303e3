"""Start, limit, talk to and clean up the candidate's process (the parent's side of child.py)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sftkl.graders import child as wire
from sftkl.graders.catalog import Limits

CHILD_SCRIPT = str(Path(wire.__file__).resolve())


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


def _drain(stream, capture: Capture) -> None:
    fd = stream.fileno()
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            break
        if not data:
            break
        capture.feed(data)


def _limit_child(limits: Limits) -> None:
    """preexec_fn: resource limits for the candidate's process (Linux and macOS)."""
    import resource

    def setlim(which, value):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass

    setlim(resource.RLIMIT_CORE, 0)
    setlim(resource.RLIMIT_FSIZE, limits.file_mb * 1024 * 1024)
    if sys.platform.startswith("linux"):
        # Address space: the child gets MemoryError (or torch's allocator error) past it.
        setlim(resource.RLIMIT_AS, limits.memory_mb * 1024 * 1024)
    if hasattr(resource, "RLIMIT_NPROC") and os.getuid() != 0:
        # Counted per user, so only meaningful for an unprivileged user; see runner docs.
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        want = limits.processes + _user_process_count()
        if hard == resource.RLIM_INFINITY or want < hard:
            setlim(resource.RLIMIT_NPROC, want)


def _user_process_count() -> int:
    try:
        uid = os.getuid()
        return sum(1 for p in os.listdir("/proc") if p.isdigit() and os.stat(f"/proc/{p}").st_uid == uid)
    except OSError:
        return 256


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


@dataclass
class ChildOutput:
    stdout: Capture
    stderr: Capture


class Child:
    """One candidate process: started at construction, so its imports overlap the parent's work."""

    def __init__(self, track: str, limits: Limits, workdir: str, output: ChildOutput) -> None:
        self.track = track
        self.limits = limits
        self.output = output
        req_r, self._req_w = os.pipe()
        self._res_r, res_w = os.pipe()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": workdir,
            "TMPDIR": workdir,
            "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "2",
            "OPENBLAS_NUM_THREADS": "2",
            "MKL_NUM_THREADS": "2",
        }
        for keep in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT"):
            if keep in os.environ:
                env[keep] = os.environ[keep]
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-B", CHILD_SCRIPT, track, str(req_r), str(res_w)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(req_r, res_w),
            cwd=workdir,
            env=env,
            start_new_session=True,
            preexec_fn=(lambda: _limit_child(limits)) if os.name == "posix" else None,
        )
        os.close(req_r)
        os.close(res_w)
        self._threads = [
            threading.Thread(target=_drain, args=(self.proc.stdout, output.stdout), daemon=True),
            threading.Thread(target=_drain, args=(self.proc.stderr, output.stderr), daemon=True),
        ]
        for t in self._threads:
            t.start()
        self._ready = False
        self.used = False  # a file was loaded into it

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
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
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

    def start(self, path: str, functions, forbidden, timeout: float) -> dict | None:
        """Wait for the child's imports, then load the file. Returns a load error or None."""
        deadline = time.monotonic() + timeout
        self._recv(deadline)  # "ready": numpy/torch imported
        self._send({"path": path, "functions": list(functions), "forbidden": list(forbidden)})
        header, _ = self._recv(deadline)
        self._ready = True
        return header.get("error")

    def run(self, header: dict, arrays, wall_s: float, cpu_s: float):
        self._set_cpu_budget(cpu_s)
        self._send(header, arrays)
        return self._recv(time.monotonic() + wall_s)

    def _set_cpu_budget(self, cpu_s: float) -> None:
        import resource

        used = _cpu_seconds(self.proc.pid)
        if used is None or not hasattr(resource, "prlimit"):
            return
        soft = int(used + cpu_s) + 1
        try:
            resource.prlimit(self.proc.pid, resource.RLIMIT_CPU, (soft, soft + 2))
        except (OSError, ValueError):
            pass

    # -- teardown ---------------------------------------------------------
    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        if self.proc.poll() is None and self._ready:
            try:
                wire.send(self._req_w, {"stop": True})
            except OSError:
                pass
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        # A descendant may still hold the output pipes open; the drain threads
        # are daemons, so never wait on them for long.
        for t in self._threads:
            t.join(timeout=0.5)
        for fd in (self._req_w, self._res_r):
            try:
                os.close(fd)
            except OSError:
                pass


def scratch_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="sftkl-grade-")
