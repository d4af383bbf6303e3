"""Spawn a candidate's process: light imports only, so `sftkl grade` can do it first thing.

The candidate's process needs ~60 ms to import numpy (seconds for torch); every
millisecond it starts earlier comes off a cold grade. This module imports no
numpy, dataclasses or TOML, so the console script can spawn the process before
anything else loads (`early`), and `runner` adopts it when the grade begins
(`take`). Limits, the cgroup and the output capture are applied by `runner` and
`child` before any of the candidate's code runs; until then the process only
imports numpy and waits.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile

from sftkl.sandbox import jail

GRADERS_DIR = os.path.dirname(os.path.abspath(__file__))
CHILD_SCRIPT = os.path.join(GRADERS_DIR, "child.py")
# Isolated (-I: no user site, no PYTHON* variables, no script dir on sys.path), no site
# module (-S: .pth files cost ~15 ms of start-up; the child adds the site-packages
# directories itself, see child._import_track), no bytecode writes (-B).
CHILD_FLAGS = ("-I", "-S", "-B")
# child.py is run from its cached bytecode where the install compiled it (pip does):
# a script named on the command line is compiled afresh each time (~5 ms), an
# imported module is not. It is imported under a name no learner's module has.
_BOOT = (
    "import sys,importlib.util as u;"
    "s=u.spec_from_file_location('_sftkl_child',sys.argv[1]);m=u.module_from_spec(s);"
    "sys.modules[s.name]=m;s.loader.exec_module(m);sys.exit(m.main(sys.argv[2:]))"
)
SITE_DIRS = os.pathsep.join(jail.SITE_PATHS)


def child_command(*args: str, sandboxed: bool = False) -> list[str]:
    """The command line that runs child.py's main(args) in a fresh interpreter."""
    return [sys.executable, *CHILD_FLAGS, "-c", _BOOT, jail.INSIDE_CHILD if sandboxed else CHILD_SCRIPT, *args]


def sandboxed_command(*args: str, uid: int | None, as_pid_1: bool = False) -> list[str]:
    """child.py's main(args) inside the bubblewrap sandbox (see jail.wrap)."""
    return jail.wrap(child_command(*args, sandboxed=True), uid=uid, as_pid_1=as_pid_1)


def exit_code(code: int | None, sandboxed: bool) -> int | None:
    """bwrap reports a command killed by signal N as exit status 128 + N: undo that."""
    if sandboxed and code is not None and 128 < code < 128 + 65:
        return -(code - 128)
    return code


def child_env(workdir: str, uid: int | None = None) -> dict:
    """The candidate's environment: nothing of ours but what the child needs.

    Sandboxed, `workdir` is "/tmp" (the sandbox's private tmpfs) and `uid` the
    unprivileged user the child becomes first thing when we are root."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "SFTKL_CANDIDATE": "1",
        "SFTKL_SITE_DIRS": SITE_DIRS,
    }
    for keep in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT"):
        if keep in os.environ:
            env[keep] = os.environ[keep]
    if uid is not None:
        env["SFTKL_RUN_AS"] = str(uid)
    return env


def widen(fd: int, size: int = 1 << 20) -> None:
    """Linux: grow a pipe's buffer (F_SETPIPE_SZ), up to what the system allows."""
    import fcntl

    if hasattr(fcntl, "F_SETPIPE_SZ"):
        try:
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
        except OSError:
            pass


def new_workdir() -> str:
    return tempfile.mkdtemp(prefix=f"sftkl-grade-{os.getpid()}-")


def remove_stale_workdirs() -> int:
    """Remove the scratch directories of grading processes that died without cleaning up
    (SIGKILL): named sftkl-grade-PID-*, with no process PID left. Returns how many."""
    root = tempfile.gettempdir()
    removed = 0
    try:
        names = os.listdir(root)
    except OSError:
        return 0
    for name in names:
        parts = name.split("-")
        if len(parts) >= 4 and parts[0] == "sftkl" and parts[1] == "grade" and parts[2].isdigit():
            if not os.path.exists(f"/proc/{parts[2]}") and int(parts[2]) != os.getpid():
                path = os.path.join(root, name)
                try:
                    if os.lstat(path).st_uid == os.getuid():
                        shutil.rmtree(path, ignore_errors=True)
                        removed += 1
                except OSError:
                    pass
    return removed


def open_pipes() -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]]:
    """The pipes of one candidate's process: ((request w, result r, stdout r, stderr r),
    (request r, result w, stdout w, stderr w)), ours first, the child's second."""
    req_r, req_w = os.pipe()
    widen(req_w)  # megabytes of inputs: fewer round trips through a 64 KiB pipe
    res_r, res_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    return (req_w, res_r, out_r, err_r), (req_r, res_w, out_w, err_w)


class Launched:
    """A spawned child.py process and the grading process's ends of its pipes.

    Spawned in its own session and scratch directory, with stdin closed. `process.Child`
    takes it over; until then `discard` is the only way it ends.
    """

    def __init__(self, track: str) -> None:
        self.track = track
        self.sandboxed = jail.enabled()
        self.uid = jail.lease_uid() if self.sandboxed else None
        self.workdir = new_workdir()
        (self.req_w, self.res_r, self.out_r, self.err_r), (req_r, res_w, out_w, err_w) = open_pipes()
        if self.sandboxed:
            command = sandboxed_command(track, str(req_r), str(res_w), uid=self.uid)
            env = child_env("/tmp", self.uid)
        else:
            command = child_command(track, str(req_r), str(res_w))
            env = child_env(self.workdir)
        try:
            self.popen = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=err_w,
                pass_fds=(req_r, res_w),
                cwd=self.workdir,
                env=env,
                start_new_session=True,
            )
        except BaseException:
            for fd in (self.req_w, self.res_r, self.out_r, self.err_r):
                os.close(fd)
            shutil.rmtree(self.workdir, ignore_errors=True)
            jail.release_uid(self.uid)
            raise
        finally:
            for fd in (req_r, res_w, out_w, err_w):
                os.close(fd)
        self.pid = self.popen.pid

    def discard(self) -> None:
        """Kill it unused and remove its scratch directory."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.popen.wait()
        for fd in (self.req_w, self.res_r, self.out_r, self.err_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)
        jail.release_uid(self.uid)


_early: dict[str, Launched] = {}


def early(track: str) -> None:
    """Spawn a child for the next grade of `track` now, unless one is waiting already."""
    if track not in _early:
        _early[track] = Launched(track)


def take(track: str) -> Launched | None:
    """The waiting child of `track`, if it is still alive (a dead one is discarded)."""
    launched = _early.pop(track, None)
    if launched is not None and launched.popen.poll() is not None:
        launched.discard()
        return None
    return launched


def waiting_pids() -> set[int]:
    """Spawned and not yet taken: the orphan sweep leaves these alone."""
    return {launched.pid for launched in list(_early.values())}


def discard_all() -> None:
    while _early:
        _early.popitem()[1].discard()


import atexit  # noqa: E402 - registered next to what it cleans up

atexit.register(discard_all)
