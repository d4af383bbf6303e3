"""Frozen records shared by problem packs, the engine and the renderers.

Nothing here imports numpy at module load: the CLI's fast paths (list, show,
practice) import this module too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

# The fixed status vocabulary (JSON consumers rely on it). `not-run` marks cases
# the grader never reached because the submission's process could not go on.
STATUSES = (
    "pass",
    "wrong",
    "nan",
    "shape",
    "dtype",
    "grad",
    "mutated",
    "forbidden",
    "error",
    "timeout",
    "memory",
    "crash",
    "not-run",
)

LAYOUTS = ("contiguous", "transposed", "strided")


@dataclass(frozen=True)
class Arr:
    """One array argument of a case.

    `value` holds the logical values (any numpy array). `layout` says how the
    child lays them out in memory before the call: `transposed` stores the last
    two axes swapped (so `.view` on a slice fails), `strided` takes every other
    element of a larger buffer. `grad` marks a torch input whose gradient the
    grader checks. `dtype` names a torch dtype numpy lacks ("bfloat16"): `value`
    then holds its values exactly, as float32, and the child casts them.
    """

    value: Any
    layout: str = "contiguous"
    grad: bool = False
    dtype: str | None = None


@dataclass(frozen=True)
class Case:
    """One graded call: `call(*args)` on the candidate and on the reference."""

    id: str
    kind: str  # "edge" | "random"
    description: Mapping[str, str]  # {"en": ..., "zh": ...}
    call: str
    args: tuple[Any, ...]  # Arr or plain JSON values (int, float, str)
    raises: str | None = None  # expected exception class name
    cotangent: Any = None  # numpy array for non-scalar outputs (gradient checks)
    timed: bool = False  # large case used for efficiency feedback
    grad_output: int = 0  # a call that returns a tuple (the track's `returns`): the element whose gradient is checked


@dataclass(frozen=True)
class Msg:
    """A translatable message: a key into graders/texts.py and its parameters."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(key: str, **params: Any) -> "Msg":
        return Msg(key, tuple(sorted(params.items())))

    def render(self, lang: str) -> str:
        from sftkl.graders.texts import t

        # a parameter may itself be a message (one element of a tuple result, say)
        return t(lang, self.key, **{k: v.render(lang) if isinstance(v, Msg) else v for k, v in self.params})


@dataclass(frozen=True)
class Timing:
    candidate_s: float
    reference_s: float | None = None


@dataclass(frozen=True)
class CaseResult:
    id: str
    kind: str
    description: Mapping[str, str]
    status: str
    message: Msg | None = None
    time_s: float | None = None
    timing: Timing | None = None

    @property
    def passed(self) -> bool:
        return self.status == "pass"


@dataclass(frozen=True)
class Diagnosis:
    id: str
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    fix: Mapping[str, str]
    cases: tuple[str, ...]  # the failing case ids it explains
    study: str | None = None  # the problem where this mistake is best learned (the pack's `study`)


@dataclass(frozen=True)
class GradeReport:
    problem: str
    track: str
    seed: int
    file: str
    cases: tuple[CaseResult, ...] = ()
    diagnoses: tuple[Diagnosis, ...] = ()
    error: Msg | None = None  # why the file could not be graded at all
    stdout: str = ""
    stderr: str = ""
    output_truncated: bool = False
    duration_s: float = 0.0
    # Seconds from sending the cases (once the file had loaded) to the last answer, on the
    # grading process's clock: what the learner's code cannot shrink (the leaderboard's speed).
    # None when the file did not load or a crash needed a fresh process.
    cases_wall_s: float | None = None
    notes: tuple[Msg, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.cases if c.passed)

    @property
    def total(self) -> int:
        return len(self.cases)

    @property
    def verdict(self) -> str:
        ok = self.error is None and self.total > 0 and self.passed == self.total
        return "pass" if ok else "fail"

    @property
    def untouched_stub(self) -> bool:
        """Every case raised NotImplementedError, as every stub does (also where a case expects
        another exception): the file is not written yet, there is nothing to diagnose."""
        def not_written(c) -> bool:
            m = c.message
            return m is not None and (m.key == "case.not_implemented" or (
                m.key == "case.wrong_exception" and dict(m.params).get("type") == "NotImplementedError"))

        return bool(self.cases) and all(not_written(c) for c in self.cases)

    def count(self, kind: str) -> tuple[int, int]:
        """(passed, total) over the cases of one kind."""
        sel = [c for c in self.cases if c.kind == kind]
        return sum(1 for c in sel if c.passed), len(sel)
