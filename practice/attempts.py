"""The one place the practice loop grades a file (watch, mock screen, mock finish).

Keeping every such grade behind `grade_file` lets a faster warm-grade path be
swapped in here without touching the commands.
"""

from __future__ import annotations

from pathlib import Path

from sftkl.graders.model import GradeReport


def grade_file(path: str | Path, problem: str | None = None, track: str | None = None,
               seed: int | None = None) -> GradeReport:
    """Grade one file. numpy (and torch, in the child) are imported only when this runs."""
    from sftkl.graders.engine import grade

    return grade(path, problem=problem, track=track, seed=seed)
