"""`sftkl reset`: put a problem's stub back, keeping a backup of what the learner wrote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sftkl.graders.catalog import get_problem
from sftkl.graders.header import read_header as _header


@dataclass(frozen=True)
class ResetPlan:
    problem: str
    track: str
    path: Path
    exists: bool  # there is a file to replace (it will be backed up)
    is_stub: bool  # it already is the untouched stub: nothing to do


@dataclass(frozen=True)
class ResetDone:
    problem: str
    track: str
    path: Path
    backup: Path | None


def plan(problem_id: str, track: str | None, directory: Path) -> ResetPlan:
    """What a reset would do; the track defaults to the one named in the file's header."""
    prob = get_problem(problem_id)
    path = directory.expanduser() / prob.file
    exists = path.is_file()
    if track is None and exists:
        hp, ht = _header(path)
        track = ht if hp == prob.id and ht in prob.tracks else None
    trk = prob.track(track)
    is_stub = exists and path.read_text("utf-8", errors="replace") == prob.stub(trk.name)
    return ResetPlan(prob.id, trk.name, path, exists, is_stub)


def apply(p: ResetPlan) -> ResetDone:
    from sftkl.practice.workspace import write_stub

    prob = get_problem(p.problem)
    path, backup = write_stub(prob, prob.track(p.track), p.path.parent, force=True)
    return ResetDone(p.problem, p.track, path, backup)
