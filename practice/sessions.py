"""Mock interview sessions as the progress database stores them, and the versions kept of each file.

The low layer of the mock interview: records, lookups on an open connection, and the
copies of a learner's file taken before the deadline. `progress` (a grade inside a
mock's folder counts for the session), `hints` (a hint in a mock costs points) and
`mock` all use it; it imports none of them.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from sftkl.graders.errors import SftklError
from sftkl.graders.files import atomic_write

META = ".sftkl"


class MockError(SftklError):
    """A mock interview command cannot go on (none running, one already running, time is up...)."""


# ---------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Planned:
    problem: str
    track: str
    path: str  # absolute path of the learner's file


@dataclass(frozen=True)
class Session:
    id: str
    started: float
    deadline: float
    dir: str
    seed: int
    problems: tuple[Planned, ...]
    state: str  # "running" | "finished" (as stored)
    finished: float | None = None
    score: float | None = None

    @property
    def minutes(self) -> float:
        return (self.deadline - self.started) / 60.0

    def phase(self, now: float) -> str:
        """running | time-up (not graded yet) | finished."""
        if self.state == "finished":
            return "finished"
        return "time-up" if now >= self.deadline else "running"

    def remaining(self, now: float) -> float:
        return max(0.0, self.deadline - now) if self.state != "finished" else 0.0


# ---------------------------------------------------------------------------
# Finding sessions


def _session(row) -> Session:
    sid, started, deadline, d, seed, plan, state, finished, score = row
    return Session(sid, started, deadline, d, seed, tuple(Planned(**p) for p in json.loads(plan)), state, finished, score)


_COLUMNS = "id, started, deadline, dir, seed, plan, state, finished, score"


def _find(conn, session_id: str | None) -> Session:
    if session_id is None:
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM mock_sessions ORDER BY (state = 'running') DESC, started DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise MockError("err.mock_none")
        return _session(row)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM mock_sessions WHERE id = ? OR id LIKE ? ORDER BY started DESC",
        (session_id, session_id.replace("%", "").replace("_", "") + "%"),
    ).fetchall()
    exact = [r for r in rows if r[0] == session_id]
    if exact:
        return _session(exact[0])
    if len(rows) == 1:
        return _session(rows[0])
    if not rows:
        raise MockError("err.mock_unknown", session=session_id)
    raise MockError("err.mock_ambiguous", session=session_id, matches=", ".join(r[0] for r in rows[:5]))


def _running(conn, now: float) -> list[Session]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM mock_sessions WHERE state = 'running' AND deadline > ?", (now,)
    ).fetchall()
    return [_session(r) for r in rows]


def running_session_for(conn, problem: str, track: str | None = None) -> tuple[str, str] | None:
    """(session id, track) of a mock with time left that holds the problem (in that track, if given)."""
    for s in _running(conn, time.time()):
        for p in s.problems:
            if p.problem == problem and (track is None or p.track == track):
                return s.id, p.track
    return None


def session_of_file(conn, path: Path) -> str | None:
    """The running mock (with time left) whose folder holds this learner file, keeping a copy of it."""
    try:
        target = str(path.resolve())
    except OSError:
        return None
    for s in _running(conn, time.time()):
        for p in s.problems:
            if p.path == target:
                _keep_version(s, p)
                return s.id
    return None


# ---------------------------------------------------------------------------
# Versions of the learner's files kept before the deadline


def _meta(session: Session) -> Path:
    return Path(session.dir) / META


def _read_stable(path: Path) -> tuple[bytes, int] | None:
    """(content, mtime_ns) read so that the content belongs to that mtime; None if missing."""
    for _ in range(5):
        try:
            before = path.stat().st_mtime_ns
            data = path.read_bytes()
            after = path.stat().st_mtime_ns
        except OSError:
            return None
        if before == after:
            return data, after
    return data, after


def versions(session: Session, planned: Planned) -> list[tuple[int, int, Path]]:
    """The copies kept of one learner file: (seen_ns, mtime_ns, copy), oldest seen first.

    seen_ns is when sftkl read that content (its clock, not the file's mtime, which
    `touch -d` can set to anything); a copy named with one number (older sessions)
    was seen at its mtime."""
    name = Path(planned.path).name
    out = []
    folder = _meta(session) / "history"
    if folder.is_dir():
        for f in folder.iterdir():
            rest = f.name[len(name) + 1:] if f.name.startswith(name + ".") else ""
            parts = rest.split(".")
            if rest and all(x.isdigit() for x in parts) and len(parts) in (1, 2):
                mtime = int(parts[0])
                seen = int(parts[1]) if len(parts) == 2 else mtime
                out.append((seen, mtime, f))
    return sorted(out)


def _keep_version(session: Session, planned: Planned, now: float | None = None) -> None:
    """Copy the learner's file into history/ when its content is new, if read before the deadline.

    What counts at the deadline is judged by content and by when sftkl saw it, never by
    the file's mtime."""
    now = time.time() if now is None else now
    if now > session.deadline:
        return
    src = Path(planned.path)
    try:
        st = src.stat()
    except OSError:
        return
    kept = versions(session, planned)
    if kept and kept[-1][1] == st.st_mtime_ns:
        try:
            if kept[-1][2].stat().st_size == st.st_size:
                return  # unchanged since the last copy (a cheap look, a few times a second)
        except OSError:
            pass
    got = _read_stable(src)
    if got is None:
        return
    if kept:
        try:
            if kept[-1][2].read_bytes() == got[0]:
                return
        except OSError:
            pass
    try:
        atomic_write(_meta(session) / "history" / f"{src.name}.{got[1]}.{int(now * 1e9)}", got[0])
    except OSError:
        pass
