"""Finding a class's submissions in a folder, and why a file found there cannot be graded."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sftkl.graders.catalog import Problem
from sftkl.graders.errors import UsageError


@dataclass(frozen=True)
class Submission:
    student: str
    rel: str  # the path shown in results, relative to DIR
    path: Path | None  # None: the student's folder holds nothing to grade
    problem: str = ""  # why the file cannot be graded: "loop", "dangling", "outside", "unreadable", "not-regular"



def _skip_name(name: str) -> bool:
    return name.startswith((".", "_"))  # .git, __pycache__, __MACOSX, editor files


def discover(directory: Path, problem: Problem, exclude: Path | None = None) -> list[Submission]:
    """The submissions in DIR, in name order; a student folder without a file gives a row that says so."""
    found: dict[str, Submission] = {}
    excluded = exclude.resolve() if exclude is not None else None
    root = Path(os.path.realpath(directory))
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as e:
        raise UsageError("err.batch_no_dir", dir=str(directory)) from e
    for entry in entries:
        try:
            same = excluded is not None and entry.resolve() == excluded
        except (OSError, RuntimeError):  # a symlink loop
            same = False
        if _skip_name(entry.name) or same:
            continue
        if entry.is_dir():
            target = entry / problem.file
            try:
                if not target.is_file() and not target.is_symlink():
                    others = sorted(p for p in entry.glob("*.py") if not _skip_name(p.name))
                    target = others[0] if len(others) == 1 else None
            except OSError:
                found[entry.name] = Submission(entry.name, f"{entry.name}/", None, "unreadable")
                continue
            rel = f"{entry.name}/{target.name}" if target else f"{entry.name}/"
            found[entry.name] = Submission(entry.name, rel, target, _file_problem(target, entry) if target else "")
        elif entry.suffix == ".py" and (entry.is_file() or entry.is_symlink() or entry.exists()):
            # names sort `alice` before `alice.py`: a folder `alice/` keeps the plain name
            student = entry.stem if entry.stem not in found else entry.name
            found[student] = Submission(student, entry.name, entry, _file_problem(entry, root / entry.name))
    return sorted(found.values(), key=lambda s: s.student)


def outside(path: Path, own: Path) -> bool:
    """Whether `path` is, or links to, a file outside `own`: the student's folder (followed
    where it is itself a link, which the instructor made) or the file's own place in DIR.

    The grading process reads the file outside any sandbox, and git clones and unpacked
    uploads keep symbolic links: a link to sftkl's installed solution would pass, one to a
    classmate's file would copy it, one to a private file would show it in the messages."""
    real = os.path.realpath(path)
    # a folder is followed; a file's own place is not (it is the link being judged)
    base = os.path.realpath(own) if os.path.isdir(own) else os.path.join(os.path.realpath(own.parent), own.name)
    return not (real == base or real.startswith(base.rstrip(os.sep) + os.sep))


def _file_problem(path: Path, own: Path) -> str:
    """Why `path` cannot be graded ("" if it can): a symlink loop, a dangling symlink, a link
    out of `own` (see `outside`), not a regular file (a FIFO would block the reader), or unreadable."""
    import errno
    import stat

    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "loop"
        if e.errno == errno.ENOENT:
            return "dangling"
        return "unreadable"
    if outside(path, own):
        return "outside"
    if not stat.S_ISREG(st.st_mode):
        return "not-regular"
    if not os.access(path, os.R_OK):
        return "unreadable"
    return ""
