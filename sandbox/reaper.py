"""Nothing outlives a grade: a pids cgroup per candidate where the machine allows one, else
this process as subreaper of the candidates' orphans; the sweep kills and reaps what is left.

The registries here (`_live`, `_running`) say which processes were started on purpose,
so that the sweep never touches a fork server, a prestarted spare or a test runner's child.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
import time

from sftkl.sandbox import child as wire
from sftkl.sandbox import launch
from sftkl.sandbox.limits import Limits

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


def _join_new_cgroup(limits: Limits, pids: list[int]) -> str | None:
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
        for pid in pids:
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
_running: set = set()  # process.Child objects not yet closed
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
