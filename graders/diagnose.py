"""Known-mistake diagnosis: behaviour, not source text.

Each known mistake of a pack has numpy models (`mistakes.py`). A mistake is named when
one of its models reproduces the candidate's outcome where it failed and agrees with
the reference where it passed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sftkl.graders.catalog import Problem
from sftkl.graders.compare import Expected, case_dtype, case_scale, close, same_outcome
from sftkl.graders.model import Arr, Case, Diagnosis
from sftkl.sandbox.child import apply_layout


def _model_outcome(fn, case: Case) -> Any:
    args = []
    for a in case.args:
        if isinstance(a, Arr):
            args.append(apply_layout(np.asarray(a.value), a.layout))
        else:
            args.append(a)
    try:
        with np.errstate(all="ignore"):
            return np.asarray(fn(*args), dtype=np.float64)
    except Exception as e:  # noqa: BLE001 - a model may raise what the mistake raises
        return ("raises", type(e).__name__, str(e).lower())


def _matches(observed: Any, model: Any, case: Case) -> bool:
    if observed is None:
        return False
    if isinstance(model, tuple):
        # "AnyError": the mistake raises, with a type that depends on how it was written
        # and a message that contains the model's message.
        if not isinstance(observed, tuple):
            return False
        if model[1] == "AnyError":
            return model[2] in observed[2]
        return model[1] in observed[1]
    if isinstance(observed, tuple):
        return False
    return same_outcome(observed, model, case_dtype(case), case_scale(case))


def _differs(model: Any, exp: Expected, case: Case) -> bool:
    if exp.raises:
        return not (isinstance(model, tuple) and model[1] == exp.raises)
    if isinstance(model, tuple):
        return True
    want = np.asarray(exp.value)
    if model.shape != want.shape or not np.all(np.isfinite(model)):
        return True
    return not bool(np.all(close(model, want, case_dtype(case), case_scale(case))))


FAILED_FOR_DIAGNOSIS = {"wrong", "nan", "shape", "error"}


def _explains(variant: dict, cases, expected, results, got) -> tuple[tuple[str, ...], int]:
    """(failing case ids one mistake variant reproduces, how many failures it predicts wrongly).

    Returns ((), 0) if the variant contradicts a case the candidate passed.
    """
    explained, misses = [], 0
    for i, case in enumerate(cases):
        fn = variant.get(case.call)
        status = results[i].status
        if fn is None or (status != "pass" and status not in FAILED_FOR_DIAGNOSIS):
            continue
        out = _model_outcome(fn, case)
        differs = _differs(out, expected[i], case)
        if status == "pass":
            if differs:
                return (), 0
        elif differs and _matches(got[i], out, case):
            explained.append(case.id)
        elif differs:
            misses += 1
    return tuple(explained), misses


def diagnose(prob: Problem, track: str, cases, expected, results, got) -> list[Diagnosis]:
    """Name each known mistake a variant of which reproduces the candidate's failures and agrees where it passed."""
    if not any(r.status in FAILED_FOR_DIAGNOSIS for r in results):
        return []
    models = prob.module("mistakes").MODELS
    found: list[tuple[Diagnosis, int]] = []
    for m in prob.mistakes_for(track):
        fns = models.get(m.id, {}).get(track, {})
        width = max((len(f) for f in fns.values() if isinstance(f, list)), default=1)
        best: tuple[tuple[str, ...], int] = ((), 0)
        for k in range(width):
            variant = {call: (f[k] if isinstance(f, list) else f) for call, f in fns.items() if not isinstance(f, list) or k < len(f)}
            explained, misses = _explains(variant, cases, expected, results, got)
            if (len(explained), -misses) > (len(best[0]), -best[1]):
                best = (explained, misses)
        if best[0]:
            found.append((Diagnosis(m.id, m.title, m.explanation, m.fix, best[0]), best[1]))

    # Occam: drop a mistake whose explained failures another named mistake also
    # explains, when the other explains more, or as much with fewer wrong predictions.
    def dominated(d: Diagnosis, misses: int) -> bool:
        mine = set(d.cases)
        return any(
            mine < set(o.cases) or (mine == set(o.cases) and om < misses) for o, om in found if o is not d
        )

    return [d for d, misses in found if not dominated(d, misses)]
