"""Grade notebook code as `sftkl grade` grades a file: the same engine, the same separate limited
process, the same progress record. Only the file is the notebook's: written to the data directory
(never over a file of the learner's), and named in the output.

The kernel keeps a fork server per track for as long as it runs (sandbox/pool.py's keep_warm,
entered once and left open; pool's exit handler closes it): the first check of a track pays
for a process that imports numpy (or torch), every later one forks from it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sftkl.graders.errors import SftklError, UsageError
from sftkl.notebook import texts as _texts  # noqa: F401 - registers the notebook's texts

_warm: dict[str, object] = {}
_recorder = None


def record(report) -> None:
    """Record the attempt as `sftkl grade` does, on a thread of its own: the SQLite write
    (~10-30 ms, its commit waits for the disk) then overlaps showing the result. The
    executor's worker is joined at interpreter exit, so a kernel that shuts down (or
    restarts) still writes every record; record_grade never raises. (It hashes the file as it
    starts, before the kernel can take the next cell, which rewrites the file.)"""
    global _recorder
    from sftkl.practice.progress import record_grade

    if _recorder is None:
        from concurrent.futures import ThreadPoolExecutor

        _recorder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sftkl-progress")
    _recorder.submit(record_grade, report, source="notebook")


def keep_warm(track: str) -> None:
    """A resident fork server for `track`, kept for the rest of this kernel's life."""
    if track not in _warm:
        from sftkl.sandbox import pool

        warm = pool.keep_warm((track,))
        warm.__enter__()  # never left: pool.shutdown (registered at exit) closes the servers
        _warm[track] = warm


def notebook_dir() -> Path:
    from sftkl.practice.workspace import data_home

    return data_home() / "notebook"


def submission_path(problem_file: str, track: str) -> Path:
    """Where the notebook's code for a problem and track is written (in the data directory:
    the learner's own files, e.g. the stub of `sftkl practice`, are never touched)."""
    return notebook_dir() / f"{Path(problem_file).stem}_{track}.py"


def grade_source(source: str, prob, trk, seed: int | None, lang: str, lead: list[str]):
    """Write `source` to the problem's notebook file, grade it, record the attempt: a Result."""
    from sftkl.graders.files import atomic_write
    from sftkl.graders.texts import t
    from sftkl.notebook.result import Result

    path = submission_path(prob.file, trk.name)
    try:
        atomic_write(path, source)
    except OSError as e:
        raise UsageError("err.dir_unwritable", dir=str(path.parent), detail=e.strerror or str(e)) from None
    keep_warm(trk.name)
    from sftkl.graders.engine import grade
    from sftkl.sandbox import jail

    report = grade(path, problem=prob.id, track=trk.name, seed=seed)
    record(report)
    lead = [line.format(path=path) for line in lead]
    if jail.status()[0] == "basic":
        lead.append(t(lang, "ui.isolation_basic"))
    return Result(report, lang, str(path), lead)


def in_ipython() -> bool:
    ipython = sys.modules.get("IPython")
    return ipython is not None and ipython.get_ipython() is not None


def fail(err: SftklError, lang: str) -> None:
    """sftkl's one-line error: in IPython as a UsageError (shown without a traceback), else on stderr."""
    from sftkl.graders.texts import t

    message = err.render(lang)
    if in_ipython():
        from IPython.core.error import UsageError as IPythonUsageError

        raise IPythonUsageError(message) from None
    sys.stderr.write(t(lang, "err.prefix") + message + "\n")
    return None
