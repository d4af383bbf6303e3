"""Where sftkl keeps its data, and the learner's working files: writing stubs, finding the file to grade.

Nothing the learner wrote is ever overwritten without --force; a forced
overwrite first keeps a backup beside the data directory.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from sftkl.graders.catalog import Problem, Track
from sftkl.graders.errors import SubmissionError, UsageError
from sftkl.graders.files import atomic_write


def data_home() -> Path:
    """SFTKL_HOME, else the platform's user data directory.

    A few lines instead of platformdirs: sftkl needs one directory, and one
    dependency fewer keeps the install small.
    """
    env = os.environ.get("SFTKL_HOME")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "sftkl"


def _state_path() -> Path:
    return data_home() / "workspaces.json"


def _read_state() -> dict:
    try:
        data = json.loads(_state_path().read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def remember_stub(directory: Path, file: Path) -> None:
    state = _read_state()
    last = state.setdefault("last", {})
    last[str(directory.resolve())] = str(file.resolve())
    try:
        atomic_write(_state_path(), json.dumps(state, indent=1, ensure_ascii=False))
    except OSError:
        pass  # remembering is a convenience; grading by path still works


def backup(file: Path) -> Path:
    """Copy a learner's file into the data directory before it is replaced."""
    dest = data_home() / "backups" / f"{time.strftime('%Y%m%d-%H%M%S')}-{file.name}"
    n = 1
    while dest.exists():
        dest = dest.with_name(f"{dest.stem}-{n}{dest.suffix}")
        n += 1
    atomic_write(dest, file.read_text("utf-8", errors="surrogateescape"))
    return dest


def write_stub(problem: Problem, track: Track, directory: Path, force: bool = False) -> tuple[Path, Path | None]:
    """Write the problem's stub into `directory`. Returns (path, backup of a replaced file or None)."""
    directory = directory.expanduser()
    if directory.exists() and not directory.is_dir():
        raise UsageError("err.dir_unwritable", dir=str(directory), detail="not a directory")
    target = directory / problem.file
    saved = None
    if target.exists():
        if not force:
            raise SubmissionError("err.file_exists", path=str(target))
        saved = backup(target)
    try:
        atomic_write(target, problem.stub(track.name))
    except OSError as e:
        raise UsageError("err.dir_unwritable", dir=str(directory), detail=e.strerror or str(e)) from None
    remember_stub(directory, target)
    return target, saved


def open_stub(problem: Problem, track: Track, directory: Path) -> tuple[Path, bool]:
    """The problem's file in `directory`: the stub is written if the file is missing, a file
    already there is kept as it is. Either way it becomes the file `grade` takes here.
    Returns (path, whether the stub was written)."""
    target = directory.expanduser() / problem.file
    if target.is_file():
        remember_stub(directory.expanduser(), target)
        return target, False
    return write_stub(problem, track, directory)[0], True


def default_submission(directory: Path) -> Path:
    """The stub `practice` last wrote in `directory`, else the only sftkl stub there."""
    directory = directory.resolve()
    last = _read_state().get("last", {}).get(str(directory))
    if last and Path(last).is_file():
        return Path(last)
    from sftkl.graders.catalog import catalog

    candidates = [directory / p.file for p in catalog().values() if (directory / p.file).is_file()]
    if len(candidates) == 1:
        return candidates[0]
    raise SubmissionError("err.no_default_file", dir=str(directory))
