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


_migrated = False


def data_home() -> Path:
    """SFTKL_HOME, else the platform's user data directory (platformdirs: ~/.local/share/sftkl
    or $XDG_DATA_HOME/sftkl on Linux, ~/Library/Application Support/sftkl on macOS,
    %LOCALAPPDATA%\\sftkl on Windows).

    The first call in a process moves the directory an older sftkl computed by hand into
    the new place, when the two differ and only the old one exists (see `_migrate`).
    """
    env = os.environ.get("SFTKL_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    home = Path(platformdirs.user_data_dir("sftkl", appauthor=False))
    global _migrated
    if not _migrated:
        _migrated = True
        _migrate(legacy_home(), home)
    return home


def legacy_home() -> Path:
    """Where sftkl before platformdirs kept its data (computed by hand, as it was).

    On Linux and macOS this is where platformdirs puts it too; on Windows it was the
    roaming %APPDATA%, where platformdirs gives the local one."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "sftkl"


def _note(key: str, **params: str) -> None:
    from sftkl.graders.texts import resolve_lang, t

    lang = resolve_lang(None)
    sys.stderr.write(t("zh" if lang == "zh" else "en", key, **params) + "\n")


def _migrate(old: Path, new: Path) -> None:
    """Move the old data directory to `new`, once: a rename where both lie on one filesystem,
    else a copy beside `new` renamed into place, then the old one removed. When both exist,
    `new` is used and the old one is left alone (said once, remembered in `new`)."""
    try:
        if os.path.normcase(os.path.abspath(old)) == os.path.normcase(os.path.abspath(new)) or not old.is_dir():
            return
        if new.exists():
            marker = new / "legacy-home-noted"
            if not marker.exists():
                _note("note.data_home_both", old=str(old), new=str(new))
                try:
                    marker.write_text(str(old) + "\n", "utf-8")
                except OSError:
                    pass  # said again next time: nothing is lost
            return
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(old, new)
        except OSError as e:
            import errno
            import shutil

            if e.errno != errno.EXDEV:
                raise
            staging = new.with_name(f".{new.name}.migrating-{os.getpid()}")
            shutil.copytree(old, staging, symlinks=True)
            os.rename(staging, new)
            shutil.rmtree(old, ignore_errors=True)
        _note("note.data_home_moved", old=str(old), new=str(new))
    except OSError as e:
        # the data stays where it was, untouched; sftkl starts a fresh directory at `new`
        _note("note.data_home_not_moved", old=str(old), new=str(new), detail=e.strerror or str(e))


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
    atomic_write(dest, file.read_bytes())  # as it is: any encoding, CRLF line ends kept
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


def editor_command(path: Path) -> list[str]:
    """The command that opens `path` in the learner's editor: $VISUAL, else $EDITOR, split as
    a shell would (`code -w`, `emacsclient -t`), the file appended."""
    import shlex

    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            try:
                words = shlex.split(value, posix=os.name != "nt")
            except ValueError as e:
                raise UsageError("err.editor_unparsable", var=var, value=value, detail=str(e)) from None
            if words:
                return [*words, str(path)]
    raise UsageError("err.no_editor", path=str(path))


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
