"""One candidate process, seen from the grading process: its pipes, limits, protocol and teardown.

One cohesive thing, a little over 400 lines: everything the grading process does with one
candidate's process, from its start to its kill, in one class.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import struct
import subprocess
import threading
import time

from sftkl.sandbox import child as wire
from sftkl.sandbox import bwrap_chain, jail
from sftkl.sandbox import launch
from sftkl.sandbox import reaper
from sftkl.sandbox import replies
from sftkl.sandbox.capture import ChildOutput, _drain
from sftkl.sandbox.limits import Limits


class ChildGone(Exception):
    """The child process ended or broke the protocol; `status` says how to report it."""

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status  # timeout | memory | crash
        self.detail = detail



def _cpu_seconds(pid: int) -> float | None:
    fields = wire.proc_stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")




_swept_stale = False


def _limits_dict(limits: Limits) -> dict:
    return {"memory_mb": limits.memory_mb, "file_mb": limits.file_mb, "processes": limits.processes,
            "cpu_s": limits.case_cpu_s}



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
        zygote=None,  # a pool.Zygote, which forks the process instead of spawning it
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
        self.on_close = None  # called once closed (a fork server goes back to the pool)
        self.uid: int | None = None  # leased for a spawned sandboxed child, released on close
        self.sandboxed = False  # spawned in bwrap: exit statuses come as 128 + signal
        self.cpu_pid: int | None = None  # the process that runs the learner's code, seen from here
        self.chain: tuple[int, ...] = ()  # sandboxed: bwrap's pid 1 and the child (each leads its session or is in bwrap's)
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
            self.uid = launched.uid
            self.sandboxed = launched.sandboxed
        with reaper._live_lock:
            reaper._live.add(self.pid)
            reaper._running.add(self)

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
        global _swept_stale
        if not _swept_stale:  # once per grading process, off the critical path
            _swept_stale = True
            launch.remove_stale_workdirs()
        pids = [self.pid]
        if self.sandboxed:  # bwrap -> its pid 1 -> the child: all go into the cgroup
            pids = bwrap_chain.chain(self.pid)
        self.chain = tuple(pids[1:])
        self.cpu_pid = pids[-1]
        self.cgroup = reaper._join_new_cgroup(self.limits, pids)

        if self.cgroup is None:  # no cgroup to find every descendant: adopt the orphans instead
            reaper.become_subreaper()

    # -- process status ---------------------------------------------------
    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        if self._popen is not None:
            self.returncode = launch.exit_code(self._popen.poll(), self.sandboxed)
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
                self.returncode = launch.exit_code(self._popen.wait(timeout=timeout), self.sandboxed)
            except subprocess.TimeoutExpired:
                return None
            return self.returncode
        r, _, _ = select.select([self._status_r], [], [], timeout)
        if r:
            self._read_status()
        return self.returncode

    # -- protocol ---------------------------------------------------------
    def _recv(self, deadline: float, check):
        """Read the next message and `check` it (sandbox/replies.py): what the check
        returns, or ChildGone. A message that is not what child.py sends (the candidate
        can write to its result pipe) ends the process as a crash: "protocol: why"."""
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
            header, arrays = wire.recv(self._res_r, read=read, max_bytes=self.limits.memory_mb << 20)
            return check(header, arrays)
        except TimeoutError:
            self.kill()
            raise ChildGone("timeout", "wall") from None
        except EOFError:
            raise self._death() from None
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError, struct.error) as e:
            # ValueError covers replies.Malformed, bad JSON and UnicodeDecodeError
            self.kill()
            raise ChildGone("crash", f"protocol: {str(e)[:200]}") from None

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

    def request_load(self, path: str, functions, forbidden, timeout: float, setup_timeout: float | None = None,
                     source: bytes | None = None) -> None:
        """Ask the child to load the file as soon as it is ready, without waiting for it.

        The request is written once the child is in its cgroup (and we its subreaper):
        no candidate code runs before. `load_result` collects the outcome; `setup_timeout`
        covers the child's imports of numpy/torch from now on, `timeout` the file's own
        loading from the moment they are done (a slow machine never counts against the file).
        """
        self._load_timeout = timeout
        self._load_requested = time.monotonic()
        self._load_deadline = self._load_requested + (timeout if setup_timeout is None else setup_timeout)
        request = {"path": path, "functions": list(functions), "forbidden": list(forbidden),
                   "limits": _limits_dict(self.limits)}
        sources = []
        if source is not None:  # the learner's file travels as bytes: a sandboxed child cannot see it
            import numpy as np

            sources.append(np.frombuffer(source, dtype=np.uint8))

        def write() -> None:
            self._contained.join()
            try:
                wire.send(self._req_w, request, sources)
            except OSError:
                pass  # the child is gone: load_result reports how

        self._loader = threading.Thread(target=write, daemon=True)
        self._loader.start()

    def load_result(self) -> dict | None:
        """Wait for the child's imports and its load of the file. Returns a load error or None.

        A time-out says which was slow: ChildGone("timeout", "setup") for numpy/torch,
        ChildGone("timeout", "load:S") for the file, S being the seconds the imports took."""
        try:
            self._recv(self._load_deadline, replies.check_ready)  # numpy/torch imported
        except ChildGone as gone:
            raise ChildGone("timeout", "setup") if gone.status == "timeout" else gone from None
        setup_s = time.monotonic() - self._load_requested
        try:
            return self._recv(time.monotonic() + self._load_timeout, replies.check_loaded)
        except ChildGone as gone:
            raise ChildGone("timeout", f"load:{setup_s:.1f}") if gone.status == "timeout" else gone from None

    def has_message(self) -> bool:
        """Has the child sent something not yet read (readiness, a result, or its end)?"""
        r, _, _ = select.select([self._res_r], [], [], 0)
        return bool(r)

    def send_cases(self, messages: list[tuple[dict, list]]) -> None:
        """Send every case's message at once, from a thread (session.Run sends them once the
        file has loaded): the grading process computes its references meanwhile (the child
        answers each case as it arrives, and a full pipe only holds up this thread; if the
        child dies, the next result read reports how)."""

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

    def next_result(self, wall_s: float, cpu_s: float, request: dict | None = None):
        """The next case's result, (header, arrays), checked against `request` (the case it
        must answer: its id, arguments and gradients); its CPU and wall-clock limits start now."""
        self._set_cpu_budget(cpu_s)
        return self._recv(time.monotonic() + wall_s,
                          lambda header, arrays: (replies.check_result(header, arrays, request), arrays))

    def _set_cpu_budget(self, cpu_s: float) -> None:
        import resource

        self._contained.join()
        pid = self.cpu_pid or self.pid
        used = _cpu_seconds(pid)
        if used is None or not hasattr(resource, "prlimit"):
            return
        soft = int(used + cpu_s) + 1
        # Only the soft limit moves: raising a hard limit needs CAP_SYS_RESOURCE (which root in
        # a container may lack), so a hard limit set for one case would freeze every later
        # case's budget. SIGXCPU at the soft limit ends the case; code that ignores it runs
        # into the wall-clock limit, which the grading process enforces by itself.
        try:
            resource.prlimit(pid, resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
        except (OSError, ValueError):
            try:
                hard = resource.prlimit(pid, resource.RLIMIT_CPU)[1]
                if hard == resource.RLIM_INFINITY or soft <= hard:
                    resource.prlimit(pid, resource.RLIMIT_CPU, (soft, hard))
            except (OSError, ValueError):
                pass

    # -- teardown ---------------------------------------------------------
    def send_kill(self) -> None:
        """SIGKILL the child's whole session without waiting (safe from another thread).

        Sandboxed, the pid 1 of its namespace goes first (the kernel then ends everything
        in it), then bwrap: killed first, bwrap could leave a pid 1 that had not yet armed
        its parent-death signal."""
        if self.sandboxed:
            for pid in reversed(bwrap_chain.descendants(self.pid, 2)):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
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
        with reaper._live_lock:
            reaper._live.discard(self.pid)
            reaper._running.discard(self)
        # it leads its own session (setsid); sandboxed, so may bwrap's pid 1 and the child, whose
        # zombies come to us when we are the subreaper and bwrap went first
        session = frozenset((self.pid, *self.chain))
        if self.cgroup:
            reaper._kill_cgroup(self.cgroup, session)
        reaper.sweep(session)
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
        from sftkl.sandbox import jail

        jail.release_uid(self.uid)
        if self.on_close is not None:
            self.on_close()
