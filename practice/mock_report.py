"""The end of a mock interview: grade every problem as it stood at the deadline, score, report.

`finish` grades the copies `mock.freeze` kept, stores the report in the progress
database (once: a second finish returns the stored report), and says what to study
next, each mistake mapped to the statement section that covers it, and to the problem
where it is best learned when its pack names one (`study` in problem.toml).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping

from sftkl.graders.catalog import get_problem
from sftkl.graders.model import Msg
from sftkl.practice import progress
from sftkl.practice.mock import HINT_COST, _attempt_rows, freeze, load
from sftkl.practice.sessions import MockError, _find, _meta


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
    study: str | None = None  # the problem where the mistake is best learned (its `study` in problem.toml)


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
    from sftkl.practice.attempts import grade_file

    now = time.time() if now is None else now
    session = load(session_id)
    if session.state == "finished":
        return stored_report(session.id)
    end = min(now, session.deadline)
    versions = freeze(session, end, now)
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
            study += [StudyItem(p.problem, p.track, m, (), False, study_problem(p.problem, m)) for m in final_ids]
            if not final_ids and passed == 0:
                study.append(StudyItem(p.problem, p.track, None, (), False))
            elif not final_ids and failed_edge:
                study.append(StudyItem(p.problem, p.track, None, failed_edge, False))
            study += [StudyItem(p.problem, p.track, m, (), True, study_problem(p.problem, m)) for m in earlier]
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
        # failed edge cases: the section listing the edge cases is the one right after the
        # examples, i.e. the first section without a code block after those with one
        # (signatures, examples); "How the grader judges" may stand before the pitfalls.
        fenced: dict[str, bool] = {}
        heading = None
        for line in lines:
            if line.startswith("## "):
                heading = line[3:].strip()
                fenced[heading] = False
            elif heading is not None and line.startswith("```"):
                fenced[heading] = True
        names = list(fenced)
        last_code = max((i for i, h in enumerate(names) if fenced[h]), default=None)
        if last_code is not None and last_code + 1 < len(names):
            return names[last_code + 1]
        return None
    if found is not None:
        return found
    return max(counts, key=counts.get) if counts and max(counts.values()) > 0 else None


def study_problem(problem: str, mistake: str) -> str | None:
    """The problem where a mistake is best learned, when its pack names one (`study`)."""
    for m in get_problem(problem).mistakes:
        if m.id == mistake:
            return m.study
    return None


def study_command(problem: str, track: str | None = None) -> str:
    """`sftkl practice <problem>`, on the learner's track when that problem has it."""
    prob = get_problem(problem)
    return f"sftkl practice {prob.id}" + (f" --track {track}" if track in prob.tracks and len(prob.tracks) > 1 else "")


def mistake_texts(problem: str, mistake: str) -> Mapping[str, Mapping[str, str]] | None:
    for m in get_problem(problem).mistakes:
        if m.id == mistake:
            return {"title": m.title, "fix": m.fix}
    return None
