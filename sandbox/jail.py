"""The namespace sandbox around the learner's process: bubblewrap (`bwrap`), where the machine has it.

Light imports only (os, sys, shutil): `launch` uses this on the start-up fast path.

What the learner's process gets (see `wrap`):
- new pid, net, ipc, uts and cgroup namespaces, `--die-with-parent`, `--new-session`;
  run by an unprivileged user it gets a new user namespace too (and may make no more);
- a read-only view of /usr, /etc, the /bin- and /lib-style entries and the Python
  installation (prefixes and site directories), with sftkl's own package hidden by an
  empty read-only tmpfs where it lies inside one of those;
- nothing else of the machine: no home, no data directory, no batch folder, no output folder,
  no other student's file. The learner's source travels over the request pipe;
  child.py (and its cached bytecode) is bound read-only at /run/sftkl/;
- a private tmpfs /tmp with a size cap, which is its working directory and $HOME.

When the grading process runs as root, bwrap runs privileged (no user namespace: one
made by root maps the sandbox's user to real root) and the child drops to a dedicated
unprivileged uid/gid (`lease_uid`) before it imports anything of the learner's: each
concurrent process of a batch gets its own.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading

INSIDE_DIR = "/run/sftkl"
INSIDE_CHILD = INSIDE_DIR + "/child.py"
SANDBOX_ENV = "SFTKL_SANDBOX"  # "off" forces basic isolation (tests of that path, a machine where bwrap misbehaves)
UID_BASE = 61000
SCRATCH_MB = 256  # the tmpfs /tmp of one candidate process (or one fork server)

_SANDBOX_DIR = os.path.dirname(os.path.abspath(__file__))
PACKAGE_DIR = os.path.dirname(_SANDBOX_DIR)
CHILD_SCRIPT = os.path.join(_SANDBOX_DIR, "child.py")
SITE_PATHS = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]  # launch sends them too

_status: tuple[str, str] | None = None
_status_lock = threading.Lock()


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _namespace_flags(as_root: bool) -> list[str]:
    flags = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
             "--die-with-parent", "--new-session"]
    if not as_root:
        flags[:0] = ["--unshare-user"]
        flags += ["--disable-userns"]
    return flags


def _userns_disabled() -> bool:
    for path, off in (("/proc/sys/user/max_user_namespaces", "0"), ("/proc/sys/kernel/unprivileged_userns_clone", "0"),
                      ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1")):
        try:
            with open(path) as f:
                if f.read().strip() == off:
                    return True
        except OSError:
            pass
    return False


def _probe_key(bwrap: str) -> str:
    try:
        st = os.stat(bwrap)
        release = os.uname().release
    except OSError:
        return ""
    return f"{bwrap}:{st.st_mtime_ns}:{st.st_size}:{release}:{_is_root()}:2\n"


def _probe_cache() -> str:
    """Where a working probe is remembered (~/.cache/sftkl): a cold grade then spends no
    time on it. Trusted only if ours and writable by no one else."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sftkl", f"sandbox-probe-{os.getuid()}")


def _probe(bwrap: str) -> str | None:
    """Run a trivial sandbox once; None if it works, else bwrap's complaint. Cached by bwrap and kernel."""
    key = _probe_key(bwrap)
    cache = _probe_cache()
    try:
        st = os.lstat(cache)
        if st.st_uid == os.getuid() and not st.st_mode & 0o022 and os.path.isfile(cache):
            with open(cache) as f:
                if f.read() == key:
                    return None
    except OSError:
        pass
    import subprocess

    true = shutil.which("true") or "/bin/true"
    try:
        r = subprocess.run([bwrap, *_namespace_flags(_is_root()), "--ro-bind", "/", "/", "--proc", "/proc",
                            "--dev", "/dev", "--perms", "1777", "--size", str(1 << 20), "--tmpfs", "/tmp", true],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as e:
        return str(e)
    if r.returncode != 0:
        return (r.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {r.returncode}"])[0]
    try:
        os.makedirs(os.path.dirname(cache), mode=0o700, exist_ok=True)
        fd = os.open(cache + f".{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        os.replace(cache + f".{os.getpid()}", cache)
    except OSError:
        pass
    return None


def status() -> tuple[str, str]:
    """("sandbox" | "basic", why): which isolation a grade gets here, probed once per process.

    why: "bwrap" (the sandbox works), "off" (SFTKL_SANDBOX=off), "platform" (not Linux),
    "missing" (no bwrap on PATH), "userns" (user namespaces are disabled), or bwrap's
    own error message when it is there but fails.
    """
    global _status
    with _status_lock:
        if _status is None:
            _status = _decide()
        return _status


def _decide() -> tuple[str, str]:
    if os.environ.get(SANDBOX_ENV, "").lower() in ("off", "0", "no", "basic"):
        return "basic", "off"
    if not sys.platform.startswith("linux"):
        return "basic", "platform"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "basic", "missing"
    err = _probe(bwrap)
    if err is None:
        return "sandbox", "bwrap"
    if not _is_root() and _userns_disabled():
        return "basic", "userns"
    return "basic", err


def enabled() -> bool:
    return status()[0] == "sandbox"


def reset() -> None:
    """Forget the decision (tests that switch SFTKL_SANDBOX)."""
    global _status
    with _status_lock:
        _status = None


# -- uids for the learner when the grading process is root ------------------------

_uid_lock = threading.Lock()
_uids_taken: set[int] = set()


def lease_uid() -> int | None:
    """An unprivileged uid (= gid) for one candidate process or fork server; None unless root.

    Distinct among this process's live leases; offset by our pid so that two batches
    run as root at once rarely share one (they are in separate pid namespaces anyway)."""
    if not _is_root():
        return None
    base = int(os.environ.get("SFTKL_SANDBOX_UID_BASE", UID_BASE)) + (os.getpid() % 512) * 64
    with _uid_lock:
        k = 0
        while base + k in _uids_taken:
            k += 1
        _uids_taken.add(base + k)
        return base + k


def release_uid(uid: int | None) -> None:
    if uid is not None:
        with _uid_lock:
            _uids_taken.discard(uid)


# -- the command line ---------------------------------------------------------------

def _python_roots() -> list[str]:
    import sysconfig

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    for p in list(roots):
        roots.add(os.path.realpath(p))
    roots.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            roots.add(os.path.realpath(sysconfig.get_paths()[key]))
        except KeyError:
            pass
    for p in SITE_PATHS:
        roots.update((p, os.path.realpath(p)))
    return sorted(r for r in roots if r and os.path.isdir(r))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


_view_cache: list[str] | None = None
_roots: list[str] = []  # the Python installation's folders, bound (or below something bound)


def _view() -> list[str]:
    """bwrap arguments for the read-only view of the system and the Python installation."""
    global _view_cache
    if _view_cache is not None:
        return _view_cache
    args: list[str] = []
    bound: list[str] = []
    for top in ("/usr", "/etc"):
        if os.path.isdir(top):
            args += ["--ro-bind", top, top]
            bound.append(top)
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
            bound.append(top)
    global _roots
    _roots = _python_roots()
    for root in _roots:
        if root in ("/", "/root", "/home", "/tmp", "/var", "/run", "/proc", "/dev") or any(_under(root, b) for b in bound):
            continue
        args += ["--ro-bind", root, root]
        bound.append(root)
    # bwrap makes missing parent directories 0700 (root's, when privileged): make them
    # 0755 first, so that an unprivileged learner can walk to what is bound below them
    parents: set[str] = set()
    for path in [*bound, INSIDE_DIR + "/__pycache__"]:
        d = os.path.dirname(path)
        while d not in ("/", ""):
            parents.add(d)
            d = os.path.dirname(d)
    dirs: list[str] = []
    for d in sorted(parents, key=lambda d: d.count("/")):
        if d != "/tmp" and not any(_under(d, b) for b in bound):
            dirs += ["--perms", "0755", "--dir", d]
    _view_cache = dirs + args + ["\0bound", *bound]
    return _view_cache


def _site_dirs() -> list[str]:
    """Every site directory this interpreter can see, and the usual system ones beside it."""
    import glob
    import site

    dirs = list(SITE_PATHS)
    try:
        dirs += [*site.getsitepackages(), site.getusersitepackages()]
    except AttributeError:  # an old virtualenv's site module
        pass
    for root in {sys.prefix, sys.base_prefix, "/usr", "/usr/local"}:
        for kind in ("site-packages", "dist-packages"):
            dirs += glob.glob(os.path.join(root, "lib*", "python3*", kind))
        dirs += glob.glob(os.path.join(root, "lib", "python3", "dist-packages"))
    return [d for d in dict.fromkeys(dirs) if os.path.isdir(d)]


def _installed_copies() -> list[str]:
    """Every copy of sftkl a learner could read: this one, any other install in a visible
    site directory (a venv made with --system-site-packages sees the system's install too),
    and the source trees an editable install's finder maps `sftkl` to."""
    import re

    found = [PACKAGE_DIR]
    for d in _site_dirs():
        if os.path.isdir(os.path.join(d, "sftkl")):
            found.append(os.path.join(d, "sftkl"))
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for name in names:
            if name.startswith("__editable__") and "sftkl" in name and name.endswith("_finder.py"):
                try:
                    with open(os.path.join(d, name), encoding="utf-8") as f:
                        text = f.read()
                except OSError:
                    continue
                found += re.findall(r"""['"]sftkl(?:\.[\w.]+)?['"]:\s*['"]([^'"]+)['"]""", text)
    return list(dict.fromkeys(found))


_copies_cache: list[str] | None = None


def _data_dirs() -> list[str]:
    """SFTKL_HOME and the default data dirs, hidden even when SFTKL_HOME is set. Not platformdirs (~2.5 ms
    on a cold grade's path): on Linux, the sandbox's only platform, its user_data_dir is an absolute
    $XDG_DATA_HOME/sftkl, else ~/.local/share/sftkl (tests/test_data_home.py); old sftkl took any XDG_DATA_HOME."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    return [os.environ.get("SFTKL_HOME", ""), os.path.expanduser("~/.local/share/sftkl"), xdg and xdg + "/sftkl"]


_also_hidden: list[str] = []  # see `also_hide`


def also_hide(paths) -> list[str]:
    """Hide `paths` too from every sandbox started from now on (a batch: the class's folder and
    the output folder, which may lie inside the view, e.g. a Docker WORKDIR under /usr or a
    venv made in the course folder). Returns a token for `unhide`."""
    added = [os.path.realpath(p) for p in paths if p]
    _also_hidden.extend(added)
    return added


def unhide(token: list[str]) -> None:
    for p in token:
        try:
            _also_hidden.remove(p)
        except ValueError:
            pass


def _hide(bound: list[str], extra: tuple[str, ...]) -> list[str]:
    """Empty read-only tmpfs over whatever must not be seen but lies inside the view."""
    global _copies_cache
    if _copies_cache is None:
        _copies_cache = _installed_copies()
    hide = [*_copies_cache, *_data_dirs(), *_also_hidden, *extra]
    first: list[str] = []
    out: list[str] = []
    covered, rebound = [], {}  # hidden whole; hidden with the Python installation bound again inside
    # outer folders first, inner ones skipped: bwrap cannot make a folder in a read-only tmpfs
    for p in sorted(dict.fromkeys(os.path.realpath(p) for p in hide if p), key=lambda p: p.count("/")):
        if not os.path.isdir(p) or not any(_under(p, b) for b in bound):
            continue
        if any(_under(p, q) for q in covered) or any(
                _under(p, q) and not any(_under(p, r) for r in roots) for q, roots in rebound.items()):
            continue
        inner = [r for r in [*bound, *_roots] if _under(r, p)]
        if p in inner:
            continue  # the Python installation itself: never hidden
        if not inner:
            out += ["--tmpfs", p, "--remount-ro", p]
            covered.append(p)
            continue
        # It holds the Python installation (a checkout or a class folder under /usr with its
        # venv inside): the tmpfs hides the rest, the installation is bound again on top of it
        # (before the hiding of what lies inside that, below), then the tmpfs is made read-only.
        first += ["--tmpfs", p]
        outer = [r for r in inner if not any(o != r and _under(r, o) for o in inner)]
        dirs: set[str] = set()
        for r in outer:
            d = os.path.dirname(r)
            while d != p and _under(d, p):
                dirs.add(d)
                d = os.path.dirname(d)
        for d in sorted(dirs, key=lambda d: d.count("/")):
            first += ["--perms", "0755", "--dir", d]
        for r in sorted(dict.fromkeys(outer)):
            first += ["--ro-bind", r, r]
        first += ["--remount-ro", p]
        rebound[p] = outer
    return first + out


def wrap(command: list[str], *, uid: int | None, as_pid_1: bool = False, scratch_mb: int = SCRATCH_MB,
         hide: tuple[str, ...] = ()) -> list[str]:
    """`command` (whose script is INSIDE_CHILD) as a bwrap command line."""
    bwrap = shutil.which("bwrap") or "bwrap"
    view = _view()
    cut = view.index("\0bound")
    args = [bwrap, *_namespace_flags(uid is not None)]
    if as_pid_1:
        args.append("--as-pid-1")
    # /tmp first: a Python installation under /tmp (a venv made there) is bound on top of it
    args += ["--perms", "1777", "--size", str(scratch_mb << 20), "--tmpfs", "/tmp"]
    args += view[:cut]
    args += _hide(view[cut + 1:], hide)
    args += ["--proc", "/proc", "--dev", "/dev", "--ro-bind", CHILD_SCRIPT, INSIDE_CHILD]
    import importlib.util

    cached = importlib.util.cache_from_source(CHILD_SCRIPT)
    if os.path.isfile(cached):
        args += ["--ro-bind", cached, os.path.join(INSIDE_DIR, "__pycache__", os.path.basename(cached))]
    args += ["--remount-ro", "/dev", "--chdir", "/tmp", *command]
    return args


def describe() -> dict:
    """For `sftkl doctor`: which isolation applies, and why."""
    level, why = status()
    return {"isolation": level, "reason": why, "bwrap": shutil.which("bwrap"), "root": _is_root()}
