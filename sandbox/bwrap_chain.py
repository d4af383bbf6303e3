"""The processes bwrap starts for one sandboxed child: bwrap, its pid 1, the child (sandbox/jail.py wraps it)."""

from __future__ import annotations

from sftkl.sandbox.jail import INSIDE_CHILD


def descendants(pid: int, depth: int) -> list[int]:
    """The first child of `pid`, its first child, ... `depth` levels down (bwrap's chain)."""
    out, cur = [], pid
    for _ in range(depth):
        try:
            with open(f"/proc/{cur}/task/{cur}/children") as f:
                kids = f.read().split()
        except OSError:
            from sftkl.sandbox.child import _children_of

            kids = [str(p) for p in _children_of(cur)]
        if not kids:
            break
        cur = int(kids[0])
        out.append(cur)
    return out


def chain(pid: int, timeout: float = 5.0) -> list[int]:
    """bwrap's pid, its pid 1 and the child it runs, once they exist (in that order).

    bwrap forks twice before the child runs; nothing of the learner's runs before
    the load request, which waits for this."""
    import time

    from sftkl.sandbox.child import proc_stat

    deadline = time.monotonic() + timeout
    while True:
        found = [pid, *descendants(pid, 2)]
        if len(found) == 3 and _is_child_py(found[-1]):
            return found
        fields = proc_stat(pid)
        if time.monotonic() > deadline or fields is None or fields[0] == b"Z":  # bwrap gave up
            return found
        time.sleep(0.001)


def _is_child_py(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return INSIDE_CHILD.encode() in f.read()
    except OSError:
        return False
