"""Hints (gentle to specific, revealed one at a time) and the solution gate.

A hint or a solution reveal is recorded in the progress database in the same
transaction that decides which one to show, so two terminals never reveal the
same level twice. During a running mock interview that includes the problem,
hints are counted against that session (they cost points there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from sftkl.practice import progress
from sftkl.graders.catalog import get_problem
from sftkl.graders.errors import SftklError

# The solution unlocks after a pass, or after this many failed grades.
SOLUTION_AFTER_FAILS = 3


class SolutionLocked(SftklError):
    """The solution is not unlocked yet for this problem and track."""


@dataclass(frozen=True)
class HintReveal:
    problem: str
    track: str
    hints: tuple[Mapping[str, str], ...]  # every hint revealed so far, in order; the last is the newest
    total: int  # hints the problem has
    new: bool  # False when every hint was already revealed (nothing new to show)
    session: str | None  # the mock interview it was counted against

    @property
    def level(self) -> int:
        return len(self.hints)


@dataclass(frozen=True)
class Solution:
    problem: str
    track: str
    code: str
    explanation: Mapping[str, str]  # {"en": markdown, "zh": markdown}
    reason: str  # "passed" | "attempts" | "forced"
    session: str | None  # a running mock whose score this reveal zeroes


def _mock_claim(conn, prob, track: str | None):
    """(session, Track) of a running mock interview that holds the problem, else None.

    With no --track, the mock's own track. The sessions module is imported only while
    a mock runs: every `hint` would pay for it otherwise."""
    if not progress.mock_running(conn):
        return None
    from sftkl.practice import sessions

    running = sessions.running_session_for(conn, prob.id, track)
    return None if running is None else (running[0], prob.track(running[1]))


def next_hint(problem_id: str, track: str | None = None, session: str | None = None) -> HintReveal:
    """Reveal (and record) the next hint of a problem.

    With no session given, a running mock interview holding the problem claims it.
    """
    prob = get_problem(problem_id)
    trk = prob.track(track)
    with progress.database() as conn:
        if session is None:
            session, trk = _mock_claim(conn, prob, track) or (None, trk)
        with progress.transaction(conn):
            taken = progress.hints_taken(conn, prob.id, trk.name, session)
            new = taken < len(prob.hints)
            if new:
                progress.record_hint(conn, prob.id, trk.name, taken + 1, progress.HINT, session)
                taken += 1
    return HintReveal(prob.id, trk.name, tuple(prob.hints[:taken]), len(prob.hints), new, session)


def solution(problem_id: str, track: str | None = None, force: bool = False) -> Solution:
    """The learner-facing solution and explanation, once earned (or with force, recorded as a reveal).

    Only `solution_<track>.py` and `explanation.<lang>.md` are read: the
    reference, cases and mutants stay private.
    """
    prob = get_problem(problem_id)
    trk = prob.track(track)
    with progress.database() as conn:
        session, trk = _mock_claim(conn, prob, track) or (None, trk)
        with progress.transaction(conn):
            st = progress.standing(conn, prob.id, trk.name)
            shown = progress.solution_shown(conn, prob.id, trk.name, session)  # once shown, it stays shown
            if session is not None and not force and shown is None:
                raise SolutionLocked("err.solution_in_mock", problem=prob.id, session=session)
            if session is None and st.passed:
                reason = "passed"
            elif session is None and st.failed_attempts >= SOLUTION_AFTER_FAILS:
                reason = "attempts"
            elif force or shown is not None:
                reason = "forced"
            else:
                raise SolutionLocked(
                    "err.solution_locked",
                    problem=prob.id,
                    track=trk.name,
                    needed=SOLUTION_AFTER_FAILS,
                    failed=st.failed_attempts,
                )
            if shown is None:  # recorded once, however often it is shown again
                kind = progress.REVEAL if reason == "forced" else progress.SOLUTION
                progress.record_hint(conn, prob.id, trk.name, 0, kind, session)
    return Solution(
        problem=prob.id,
        track=trk.name,
        code=prob.text(f"solution_{trk.name}.py"),
        explanation={lang: prob.text(f"explanation.{lang}.md") for lang in ("en", "zh")},
        reason=reason,
        session=session,
    )
