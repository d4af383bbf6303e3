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
`final/`. A file saved after the deadline is replaced by its newest version
saved before it (a copy is kept at start, at every grade and at every look
the screen or `mock status` takes). Finishing later grades the frozen copies.

Nothing here imports numpy at module load; grading goes through
graders/attempts.py.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping

from sftkl.graders import progress
from sftkl.graders.catalog import catalog, get_problem
from sftkl.graders.errors import SftklError, UsageError
from sftkl.graders.model import Msg
from sftkl.graders.workspace import atomic_write

DEFAULT_MINUTES = 45.0
MAX_MINUTES = 24 * 60.0
DEFAULT_PROBLEMS = 2
HINT_COST = 10.0  # points (of 100 per problem) each hint costs in a mock
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
class ProblemResult:
    problem: str
    track: str
    file: str  # the frozen copy that was graded
    passed: int
    total: int
    core_passed: int
    core_total: int
    edge_passed: int
    edge_total: int
    case_score: float  # 0-100, edge cases weighted by the problem's edge_weight
    hints: int
    hint_penalty: float
    revealed: bool  # the solution was shown during the session: score 0
    score: float
    attempts: int  # grades during the session (the final grade not counted)
    first_pass_s: float | None  # seconds from the start to the first passing version
    diagnoses: tuple[str, ...]  # mistake ids named by the final grade
    earlier_mistakes: tuple[str, ...]  # mistake ids named by attempts during the session, since fixed
    failed_edge: tuple[str, ...]  # edge case ids failed in the final grade
    error: Msg | None  # the final version could not be loaded
    late_edit: bool  # the file was saved after the deadline; an earlier version was graded
    version_at: float | None  # mtime of the graded version


@dataclass(frozen=True)
class StudyItem:
    problem: str
    track: str
    mistake: str | None  # a mistake id; None: failed edge cases with no named mistake, or nothing passed
    cases: tuple[str, ...]  # the failed edge cases (mistake None); empty with mistake None: nothing passed
    fixed: bool  # made during the session but gone from the final version


@dataclass(frozen=True)
class MockReport:
    session: str
    started: float
    deadline: float
    finished: float
    ended_early: bool
    seed: int
    dir: str
    score: float  # mean of the problems' scores, 0-100
    problems: tuple[ProblemResult, ...]
    study: tuple[StudyItem, ...]

    @property
    def minutes(self) -> float:
        return (self.deadline - self.started) / 60.0


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


def load(session_id: str | None = None) -> Session:
    """A session by id (or unique prefix); with None, the running one, else the most recent."""
    with progress.database() as conn:
        return _find(conn, session_id)


def _running(now: float) -> list[Session]:
    if not progress.db_path().exists():
        return []
    with progress.connect() as conn:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM mock_sessions WHERE state = 'running' AND deadline > ?", (now,)
        ).fetchall()
    return [_session(r) for r in rows]


def running_session_for(problem: str, track: str | None = None) -> tuple[str, str] | None:
    """(session id, track) of a mock with time left that holds the problem (in that track, if given)."""
    for s in _running(time.time()):
        for p in s.problems:
            if p.problem == problem and (track is None or p.track == track):
                return s.id, p.track
    return None


def session_of_file(path: Path) -> str | None:
    """The running mock (with time left) whose folder holds this learner file, keeping a copy of it."""
    try:
        target = str(path.resolve())
    except OSError:
        return None
    for s in _running(time.time()):
        for p in s.problems:
            if p.path == target:
                _keep_version(s, p)
                return s.id
    return None


# ---------------------------------------------------------------------------
# Files: versions before the deadline, and the frozen finals


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


def _keep_version(session: Session, planned: Planned) -> None:
    """Copy the learner's file into history/ if this version is new and was saved before the deadline."""
    src = Path(planned.path)
    try:
        mtime = src.stat().st_mtime_ns
    except OSError:
        return
    if mtime > session.deadline * 1e9:
        return
    dest = _meta(session) / "history" / f"{src.name}.{mtime}"
    if dest.exists():
        return
    got = _read_stable(src)
    if got is None or got[1] > session.deadline * 1e9:
        return
    try:
        atomic_write(_meta(session) / "history" / f"{src.name}.{got[1]}", got[0])
    except OSError:
        pass


def _versions(session: Session, planned: Planned) -> list[tuple[int, Path]]:
    name = Path(planned.path).name
    out = []
    folder = _meta(session) / "history"
    if folder.is_dir():
        for f in folder.iterdir():
            stem, _, ns = f.name.rpartition(".")
            if stem == name and ns.isdigit():
                out.append((int(ns), f))
    return sorted(out)


def _frozen_path(session: Session) -> Path:
    return _meta(session) / "final" / "versions.json"


def frozen(session: Session) -> dict[str, Any] | None:
    try:
        return json.loads(_frozen_path(session).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def freeze(session: Session, at: float) -> dict[str, Any]:
    """Copy each file as it stood at `at` into final/ (once). Returns {file name: {"mtime", "late", "missing"}}."""
    done = frozen(session)
    if done is not None:
        return done
    limit_ns = int(at * 1e9)
    versions: dict[str, Any] = {}
    for p in session.problems:
        src = Path(p.path)
        got = _read_stable(src)
        late = False
        if got is not None and got[1] > limit_ns:
            late = True
            earlier = [(ns, f) for ns, f in _versions(session, p) if ns <= limit_ns]
            got = (earlier[-1][1].read_bytes(), earlier[-1][0]) if earlier else None
        elif got is None:
            earlier = [(ns, f) for ns, f in _versions(session, p) if ns <= limit_ns]
            got = (earlier[-1][1].read_bytes(), earlier[-1][0]) if earlier else None
        if got is None:
            versions[src.name] = {"mtime": None, "late": late, "missing": True}
            continue
        atomic_write(_meta(session) / "final" / src.name, got[0])
        versions[src.name] = {"mtime": got[1] / 1e9, "late": late, "missing": False}
    if frozen(session) is None:  # another process may have frozen meanwhile: the first one wins
        atomic_write(_frozen_path(session), json.dumps(versions).encode("utf-8"))
    return frozen(session) or versions


def tick(session: Session, now: float | None = None) -> None:
    """What the session screen does a few times a second: keep new versions, freeze at the deadline."""
    now = time.time() if now is None else now
    if session.state != "running":
        return
    if now < session.deadline:
        for p in session.problems:
            _keep_version(session, p)
    else:
        freeze(session, session.deadline)


# ---------------------------------------------------------------------------
# Start


def _pick(problems: list[str], count: int | None, track: str | None, difficulty: str | None,
          rng: random.Random) -> list[tuple[Any, str]]:
    if track is not None and track not in ("numpy", "torch"):
        raise UsageError("err.mock_bad_track", track=track)
    if difficulty is not None and difficulty not in ("easy", "medium", "hard"):
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
    from sftkl.graders.workspace import write_stub

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
        _keep_version(session, p)
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
    from sftkl.graders.attempts import grade_file

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
    from sftkl.graders.hints import next_hint

    session = load(session_id)
    p = _planned(session, index)
    if session.phase(time.time()) != "running":
        raise MockError("err.mock_time_up", session=session.id)
    return next_hint(p.problem, p.track, session=session.id)


# ---------------------------------------------------------------------------
# Finish and report


def _score(prob, report) -> tuple[float, tuple[int, int], tuple[int, int]]:
    ep, et = report.count("edge")
    cp, ct = report.count("random")
    if report.error is not None or report.total == 0:
        return 0.0, (cp, ct), (ep, et)
    w = prob.edge_weight
    return 100.0 * (cp + w * ep) / max(ct + w * et, 1e-9), (cp, ct), (ep, et)


def finish(session_id: str | None = None, now: float | None = None) -> MockReport:
    """Grade every problem as it stood when time ran out (or now, if finished early) and store the report.

    Finishing a finished session returns its stored report.
    """
    from sftkl.graders.attempts import grade_file

    now = time.time() if now is None else now
    session = load(session_id)
    if session.state == "finished":
        return stored_report(session.id)
    end = min(now, session.deadline)
    versions = freeze(session, end)
    graded = []
    for p in session.problems:
        info = versions.get(Path(p.path).name, {"missing": True, "late": False, "mtime": None})
        final = _meta(session) / "final" / Path(p.path).name
        report = None if info.get("missing") else grade_file(final, problem=p.problem, track=p.track, seed=session.seed)
        graded.append((p, info, report))
    with progress.database() as conn, progress.transaction(conn):
        again = _find(conn, session.id)
        if again.state == "finished":  # another `finish` got there first
            return report_from_json(json.loads(conn.execute(
                "SELECT report FROM mock_sessions WHERE id = ?", (session.id,)).fetchone()[0]))
        results, study = [], []
        for p, info, report in graded:
            prob = get_problem(p.problem)
            att = _attempt_rows(conn, session, p)
            hints = progress.hints_taken(conn, p.problem, p.track, session.id)
            revealed = conn.execute(
                "SELECT COUNT(*) FROM hints WHERE session = ? AND problem = ? AND kind IN (?, ?)",
                (session.id, p.problem, progress.SOLUTION, progress.REVEAL),
            ).fetchone()[0] > 0
            firsts = [a[1] - session.started for a in att if a[0] == "pass"]
            if report is not None:
                _insert_attempt(conn, report, session.id)
                case_score, (cp, ct), (ep, et) = _score(prob, report)
                final_ids = tuple(d.id for d in report.diagnoses)
                failed_edge = tuple(c.id for c in report.cases if c.kind == "edge" and not c.passed)
                if report.verdict == "pass" and info.get("mtime") is not None:
                    firsts.append(max(0.0, info["mtime"] - session.started))
                error = report.error
                passed, total = report.passed, report.total
            else:
                case_score, cp, ct, ep, et, passed, total = 0.0, 0, 0, 0, 0, 0, 0
                final_ids, failed_edge = (), ()
                error = Msg.of("err.mock_file_missing", path=p.path)
            earlier = []
            for a in att:
                for mid in json.loads(a[4]):
                    if mid not in final_ids and mid not in earlier:
                        earlier.append(mid)
            penalty = HINT_COST * hints
            score = 0.0 if revealed else max(0.0, case_score - penalty)
            results.append(ProblemResult(
                problem=p.problem, track=p.track, file=str(_meta(session) / "final" / Path(p.path).name),
                passed=passed, total=total, core_passed=cp, core_total=ct, edge_passed=ep, edge_total=et,
                case_score=round(case_score, 1), hints=hints, hint_penalty=penalty, revealed=revealed,
                score=round(score, 1), attempts=len(att), first_pass_s=min(firsts) if firsts else None,
                diagnoses=final_ids, earlier_mistakes=tuple(earlier), failed_edge=failed_edge, error=error,
                late_edit=bool(info.get("late")), version_at=info.get("mtime"),
            ))
            study += [StudyItem(p.problem, p.track, m, (), False) for m in final_ids]
            if not final_ids and passed == 0:
                study.append(StudyItem(p.problem, p.track, None, (), False))
            elif not final_ids and failed_edge:
                study.append(StudyItem(p.problem, p.track, None, failed_edge, False))
            study += [StudyItem(p.problem, p.track, m, (), True) for m in earlier]
        total_score = round(sum(r.score for r in results) / max(len(results), 1), 1)
        out = MockReport(
            session=session.id, started=session.started, deadline=session.deadline, finished=now,
            ended_early=now < session.deadline, seed=session.seed, dir=session.dir, score=total_score,
            problems=tuple(results), study=tuple(study),
        )
        conn.execute(
            "UPDATE mock_sessions SET state = 'finished', finished = ?, score = ?, report = ? WHERE id = ?",
            (now, total_score, json.dumps(report_to_json(out)), session.id),
        )
    return out


def _insert_attempt(conn, report, session_id: str) -> None:
    conn.execute(
        "INSERT INTO attempts(problem, track, at, verdict, passed, total, diagnoses, seed, duration_s,"
        " file_sha256, source, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'mock', ?)",
        (report.problem, report.track, time.time(), report.verdict, report.passed, report.total,
         json.dumps([d.id for d in report.diagnoses]), report.seed, report.duration_s,
         progress.file_hash(Path(report.file)), session_id),
    )


def stored_report(session_id: str) -> MockReport:
    with progress.database() as conn:
        row = conn.execute("SELECT report FROM mock_sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None or row[0] is None:
        raise MockError("err.mock_unknown", session=session_id)
    return report_from_json(json.loads(row[0]))


def report_to_json(report: MockReport) -> dict[str, Any]:
    """Language-neutral form stored in the database (texts are looked up when shown)."""
    data = asdict(report)
    for p, r in zip(data["problems"], report.problems):
        p["error"] = None if r.error is None else {"key": r.error.key, "params": dict(r.error.params)}
    return data


def report_from_json(data: Mapping[str, Any]) -> MockReport:
    problems = []
    for p in data["problems"]:
        p = dict(p)
        err = p.get("error")
        p["error"] = None if err is None else Msg.of(err["key"], **err.get("params", {}))
        for k in ("diagnoses", "earlier_mistakes", "failed_edge"):
            p[k] = tuple(p[k])
        problems.append(ProblemResult(**p))
    study = tuple(StudyItem(**{**s, "cases": tuple(s["cases"])}) for s in data["study"])
    fields = {k: v for k, v in data.items() if k not in ("problems", "study")}
    return MockReport(**fields, problems=tuple(problems), study=study)


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


# ---------------------------------------------------------------------------
# What to study: each mistake mapped to the statement section that covers it


def statement_section(problem: str, track: str, mistake: str | None, lang: str) -> str | None:
    """The heading of the statement section that discusses a mistake (or, for None, the edge cases).

    The statements name each pitfall by its id in backticks (`shift-reversed`); a
    mistake the statement does not name maps to the section that names most of them.
    """
    prob = get_problem(problem)
    lines = prob.statement(lang, track).splitlines()
    heading, found, counts = None, None, {}
    ids = [f"`{m.id}`" for m in prob.mistakes]
    for line in lines:
        if line.startswith("## "):
            heading = line[3:].strip()
            continue
        if heading is None:
            continue
        if mistake is not None and f"`{mistake}`" in line and found is None:
            found = heading
        counts[heading] = counts.get(heading, 0) + sum(1 for i in ids if i in line)
    if mistake is None:
        # failed edge cases: the section listing the edge cases is the one after the examples,
        # i.e. the one just before the pitfalls section.
        headings = [line[3:].strip() for line in lines if line.startswith("## ")]
        pit = max(counts, key=counts.get) if counts else None
        if pit in headings and headings.index(pit) > 0:
            return headings[headings.index(pit) - 1]
        return None
    if found is not None:
        return found
    return max(counts, key=counts.get) if counts and max(counts.values()) > 0 else None


def mistake_texts(problem: str, mistake: str) -> Mapping[str, Mapping[str, str]] | None:
    for m in get_problem(problem).mistakes:
        if m.id == mistake:
            return {"title": m.title, "fix": m.fix}
    return None

