"""The timed mock interview: pick problems, write their stubs, keep time, grade at the end, report.

State lives in two places, both crash-safe:
- the progress database (`mock_sessions`, plus `attempts` and `hints` rows tagged
  with the session id), written one transaction at a time;
- the session folder: the learner's stubs, and `.sftkl/` with the versions of
  each file seen before the deadline (`history/`) and the versions graded at
  the end (`final/`).

"When time runs out, every problem is graded as it stands; later edits do not
count": the first sftkl command that sees the deadline passed (the session
screen, `mock status`, `mock finish`, ...) freezes a copy of each file into
`final/`. What counts is judged by content and by when sftkl read it, never by
mtime (`touch -d` sets that to anything): a file read after the deadline counts
as the newest copy sftkl saw before it (a copy is kept at start, at every grade,
at every look the screen or `mock status` takes, and by a small background
process at the deadline). Finishing later grades the frozen copies.

Nothing here imports numpy at module load; grading goes through
practice/attempts.py. The end of a session (grading the frozen files, the
score, the report) is in mock_report.py.
"""

from __future__ import annotations

import json
import random
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sftkl.practice import progress
from sftkl.graders.catalog import DIFFICULTIES, TRACKS, catalog, get_problem
from sftkl.graders.errors import UsageError
from sftkl.graders.files import atomic_write
from sftkl.practice.sessions import MockError, Planned, Session, _COLUMNS, _find, _keep_version, _meta, _read_stable, _session, versions

DEFAULT_MINUTES = 45.0
MAX_MINUTES = 24 * 60.0
DEFAULT_PROBLEMS = 2
HINT_COST = 10.0  # points (of 100 per problem) each hint costs in a mock



@dataclass(frozen=True)
class ProblemStatus:
    problem: str
    track: str
    path: str
    attempts: int
    hints: int
    best_passed: int | None
    best_total: int | None
    last_verdict: str | None
    solved: bool


@dataclass(frozen=True)
class MockStatus:
    session: Session
    phase: str
    remaining_s: float
    problems: tuple[ProblemStatus, ...]


@dataclass(frozen=True)
class HistoryRow:
    id: str
    started: float
    minutes: float
    phase: str
    score: float | None
    problems: tuple[str, ...]  # "softmax/numpy"
    dir: str


# ---------------------------------------------------------------------------
# Loading and finding sessions


def load(session_id: str | None = None) -> Session:
    """A session by id (or unique prefix); with None, the running one, else the most recent."""
    with progress.database() as conn:
        return _find(conn, session_id)


# ---------------------------------------------------------------------------
# Files: versions before the deadline, and the frozen finals


def _frozen_path(session: Session) -> Path:
    return _meta(session) / "final" / "versions.json"


def frozen(session: Session) -> dict[str, Any] | None:
    try:
        return json.loads(_frozen_path(session).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def freeze(session: Session, at: float, now: float | None = None) -> dict[str, Any]:
    """Copy each file as it stood at `at` into final/ (once). Returns {file name: {"mtime", "late", "missing"}}.

    Read at or before `at` (finishing early), a file counts as it is. Read later, it
    counts as the newest copy sftkl saw before `at` (history/, kept at start, at every
    grade and look, and by the snapshot taken at the deadline): an edit after the
    deadline does not count, whatever its mtime says. "late" marks a file whose content
    differs from what counts."""
    done = frozen(session)
    if done is not None:
        return done
    now = time.time() if now is None else now
    limit_ns = int(at * 1e9)
    result: dict[str, Any] = {}
    for p in session.problems:
        src = Path(p.path)
        current = _read_stable(src)
        if now <= at and current is not None:
            content, when = current[0], min(current[1], int(now * 1e9))
            late = False
        else:
            earlier = [(seen, mtime, f) for seen, mtime, f in versions(session, p) if seen <= limit_ns]
            if not earlier:
                result[src.name] = {"mtime": None, "late": current is not None, "missing": True}
                continue
            seen, mtime, copy = earlier[-1]
            content, when = copy.read_bytes(), min(seen, mtime)
            late = current is not None and current[0] != content
        atomic_write(_meta(session) / "final" / src.name, content)
        result[src.name] = {"mtime": max(when / 1e9, session.started), "late": late, "missing": False}
    if frozen(session) is None:  # another process may have frozen meanwhile: the first one wins
        atomic_write(_frozen_path(session), json.dumps(result).encode("utf-8"))
    return frozen(session) or result


def snapshot_at_deadline(session_id: str, lead_s: float = 0.2) -> None:
    """Sleep until just before the session's deadline, then keep a copy of every file as it stands.

    Run in the background from `start` (see `_spawn_deadline_snapshot`), so that the last
    version before the deadline counts even when no sftkl command looked at it in time."""
    session = load(session_id)
    delay = session.deadline - lead_s - time.time()
    if delay > 0:
        time.sleep(delay)
    session = load(session_id)
    if session.state != "running":
        return
    now = time.time()
    for p in session.problems:
        _keep_version(session, p, now)


def _spawn_deadline_snapshot(session: Session) -> None:
    """A small detached process that runs `snapshot_at_deadline` (off with SFTKL_MOCK_SNAPSHOT=0)."""
    import os
    import subprocess
    import sys

    if os.environ.get("SFTKL_MOCK_SNAPSHOT", "1") == "0":
        return
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import sys; from sftkl.practice.mock import snapshot_at_deadline as s; s(sys.argv[1])",
             session.id],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        pass


def tick(session: Session, now: float | None = None) -> None:
    """What the session screen does a few times a second: keep new versions, freeze at the deadline."""
    now = time.time() if now is None else now
    if session.state != "running":
        return
    if now < session.deadline:
        for p in session.problems:
            _keep_version(session, p, now)
    else:
        freeze(session, session.deadline, now)


# ---------------------------------------------------------------------------
# Start


def _pick(problems: list[str], count: int | None, track: str | None, difficulty: str | None,
          rng: random.Random) -> list[tuple[Any, str]]:
    if track is not None and track not in TRACKS:
        raise UsageError("err.mock_bad_track", track=track)
    if difficulty is not None and difficulty not in DIFFICULTIES:  # tests/test_packs.py holds every pack to these
        raise UsageError("err.mock_bad_difficulty", difficulty=difficulty)
    if problems:
        chosen = []
        for pid in problems:
            prob = get_problem(pid)
            if prob.id not in [c.id for c in chosen]:
                chosen.append(prob)
        return [(p, p.track(track).name) for p in chosen]
    n = DEFAULT_PROBLEMS if count is None else count
    eligible = [
        p for p in catalog().values()
        if (track is None or track in p.tracks) and (difficulty is None or p.difficulty == difficulty)
    ]
    if n < 1 or n > len(eligible):
        raise UsageError("err.mock_count", count=n, available=len(eligible))
    chosen = sorted(rng.sample(eligible, n), key=lambda p: (p.order, p.id))
    return [(p, p.track(track).name) for p in chosen]


def start(
    minutes: float = DEFAULT_MINUTES,
    problems: list[str] | None = None,
    count: int | None = None,
    track: str | None = None,
    difficulty: str | None = None,
    seed: int | None = None,
    directory: Path | None = None,
    now: float | None = None,
) -> Session:
    """Pick the problems, write their stubs into the session folder and start the clock."""
    from sftkl.practice.workspace import write_stub

    if not (minutes > 0 and minutes <= MAX_MINUTES):
        raise UsageError("err.mock_minutes", minutes=minutes, max=int(MAX_MINUTES))
    if problems and count is not None:
        raise UsageError("err.mock_problems_and_count")
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    if not 0 <= seed < 2**63:
        raise UsageError("err.bad_seed", seed=seed)
    picked = _pick(list(problems or ()), count, track, difficulty, random.Random(seed))
    now = time.time() if now is None else now
    sid = time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + "-" + secrets.token_hex(2)
    folder = (directory if directory is not None else Path.cwd() / f"mock-{sid}").expanduser().resolve()
    with progress.database() as conn, progress.transaction(conn):
        row = conn.execute(f"SELECT {_COLUMNS} FROM mock_sessions WHERE state = 'running' LIMIT 1").fetchone()
        if row is not None:
            other = _session(row)
            key = "err.mock_already_running" if other.phase(now) == "running" else "err.mock_unfinished"
            raise MockError(key, session=other.id)
        for prob, _ in picked:  # check every target first: never a half-written session
            if (folder / prob.file).exists():
                raise MockError("err.file_exists", path=str(folder / prob.file))
        plan = []
        for prob, trk in picked:
            path, _ = write_stub(prob, prob.track(trk), folder)
            plan.append(Planned(prob.id, trk, str(path.resolve())))
        session = Session(sid, now, now + minutes * 60.0, str(folder), seed, tuple(plan), "running")
        conn.execute(
            f"INSERT INTO mock_sessions({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            (sid, session.started, session.deadline, session.dir, seed, json.dumps([asdict(p) for p in plan]), "running"),
        )
    for p in plan:
        _keep_version(session, p, now)
    _spawn_deadline_snapshot(session)
    return session


# ---------------------------------------------------------------------------
# Status, grading and hints during the session


def _attempt_rows(conn, session: Session, p: Planned) -> list[tuple]:
    return conn.execute(
        "SELECT verdict, at, passed, total, diagnoses FROM attempts"
        " WHERE session = ? AND problem = ? AND track = ? AND source = 'grade' AND at <= ? ORDER BY at",
        (session.id, p.problem, p.track, session.deadline),
    ).fetchall()


def status(session_id: str | None = None, now: float | None = None) -> MockStatus:
    """Where a session stands. Also keeps new file versions, and freezes the files once time is up."""
    now = time.time() if now is None else now
    with progress.database() as conn:
        session = _find(conn, session_id)
        tick(session, now)
        rows = []
        for p in session.problems:
            att = _attempt_rows(conn, session, p)
            best = max(att, key=lambda a: a[2] / max(a[3], 1), default=None)
            rows.append(
                ProblemStatus(
                    problem=p.problem,
                    track=p.track,
                    path=p.path,
                    attempts=len(att),
                    hints=progress.hints_taken(conn, p.problem, p.track, session.id),
                    best_passed=best[2] if best else None,
                    best_total=best[3] if best else None,
                    last_verdict=att[-1][0] if att else None,
                    solved=any(a[0] == "pass" for a in att),
                )
            )
    return MockStatus(session, session.phase(now), session.remaining(now), tuple(rows))


def _planned(session: Session, index: int) -> Planned:
    if not 0 <= index < len(session.problems):
        raise UsageError("err.mock_bad_index", index=index + 1, count=len(session.problems))
    return session.problems[index]


def grade_problem(session_id: str | None, index: int):
    """Grade one problem of a running session as it stands now (an attempt; the final grade comes at the end)."""
    from sftkl.practice.attempts import grade_file

    session = load(session_id)
    p = _planned(session, index)
    if session.phase(time.time()) != "running":
        raise MockError("err.mock_time_up", session=session.id)
    _keep_version(session, p)
    report = grade_file(p.path, problem=p.problem, track=p.track, seed=session.seed)
    progress.record_grade(report, source="grade", session=session.id)
    return report


def hint(session_id: str | None, index: int):
    """Reveal the next hint of one problem; it costs HINT_COST points in this session."""
    from sftkl.practice.hints import next_hint

    session = load(session_id)
    p = _planned(session, index)
    if session.phase(time.time()) != "running":
        raise MockError("err.mock_time_up", session=session.id)
    return next_hint(p.problem, p.track, session=session.id)


def history() -> tuple[HistoryRow, ...]:
    """Every mock session, newest first."""
    if not progress.db_path().exists():
        return ()
    now = time.time()
    with progress.database() as conn:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM mock_sessions ORDER BY started DESC").fetchall()
    out = []
    for r in rows:
        s = _session(r)
        out.append(HistoryRow(s.id, s.started, s.minutes, s.phase(now), s.score,
                              tuple(f"{p.problem}/{p.track}" for p in s.problems), s.dir))
    return tuple(out)
