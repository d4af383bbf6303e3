"""Known-mistake diagnosis: behaviour, not source text.

Each known mistake of a pack has numpy models (`mistakes.py`; a list holds variants).
The rule, in the words the README and the statements use:

    A mistake is named only when its model reproduces the learner's outcome on every case:
    where the learner passed, the model passes; where the learner failed with a value,
    the model gives that value within tolerance; where the learner raised, the model
    raises with a message fragment that the learner's message contains.

A wrong name is worse than no name, so anything a model cannot speak to (a dtype,
a mutation, a time-out, a crash, a case never run) rules every mistake out. Models
give values only: a case whose value passed and whose gradient is wrong counts as
passed, so the model must pass it too.
Each model runs on the case's inputs in their memory layout, in the precision the
learner's result shows it computed in (the inputs' dtype, or float64 when it returned
float64 for float32 inputs, float32 for `.float()`). A model raises deliberately, with a specific fragment of the message the learner's
code would show ("view size is not compatible"); an exception type alone is never
evidence. A model may declare `fn.precision = "float16"` when it stands for code that
computes in that precision: its values are then known to that precision only, so it
must give the learner's value, at that precision's tolerance, on every case where the
learner returned one (passed or not); each pack with such a model has a case that
overflows in that precision, which no other code reproduces by chance.
A call that returns a tuple (the track's `returns`) has models that return tuples; a
model declares `fn.attached = (names...)` when the mistake leaves elements requiring
grad that must be detached, and that is compared like a value (on cases whose inputs
take a gradient).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sftkl.graders.catalog import Problem
from sftkl.graders.compare import Expected, case_dtype, case_scale, close, coarser
from sftkl.graders.model import Arr, Case, Diagnosis
from sftkl.sandbox.child import apply_layout

# the learner's failures a value- or exception-producing model can reproduce
FAILED_FOR_DIAGNOSIS = {"wrong", "nan", "shape", "error"}
# the value passed (only the gradient is wrong): a value model must pass it
VALUE_PASSED = {"pass", "grad"}


@dataclass(frozen=True)
class Observed:
    """What the learner did on a case: returned a value (float64, and its own dtype) or raised."""

    value: Any = None  # a tuple of them (None for an element that is no array) for a tuple result
    dtype: str | None = None
    raised: str | None = None  # the exception's message, lower case
    attached: frozenset[str] = frozenset()  # a tuple result's elements that must be detached and require grad


@dataclass(frozen=True)
class _Outcome:
    """What a model did on a case."""

    value: Any = None
    raised: str | None = None  # the model's message fragment, lower case
    types: tuple[str, ...] = ()  # the model exception's class names (for cases that expect a raise)
    attached: frozenset[str] = frozenset()  # the elements of a tuple the mistake leaves requiring grad


def _model_outcome(fn, case: Case, dtype: str | None = None) -> _Outcome:
    """The model on the case's inputs, in their layout and dtype, or in `dtype`: the precision
    the learner's result shows it computed in (float64 inside for float32 inputs, say)."""
    args = []
    for a in case.args:
        if isinstance(a, Arr):
            v = np.asarray(a.value)
            if dtype is not None and v.dtype.kind == "f" and a.dtype is None:
                v = v.astype(dtype)
            args.append(apply_layout(v, a.layout))
        else:
            args.append(a)
    try:
        with np.errstate(all="ignore"):
            value = fn(*args)
            if isinstance(value, tuple):  # a tuple result; `fn.attached` names the elements left requiring grad
                graph = any(isinstance(a, Arr) and a.grad for a in case.args)  # without one nothing requires grad
                return _Outcome(value=tuple(np.asarray(v, dtype=np.float64) for v in value),
                                attached=frozenset(getattr(fn, "attached", ()) if graph else ()))
            return _Outcome(value=np.asarray(value, dtype=np.float64))
    except Exception as e:  # noqa: BLE001 - a model raises what the mistake raises
        return _Outcome(raised=str(e).strip().lower(), types=tuple(k.__name__ for k in type(e).__mro__))


def _tolerance_dtype(case: Case, fn, observed: Observed | None = None) -> str:
    dtype = case_dtype(case)
    if observed is not None and observed.dtype:
        dtype = coarser(dtype, observed.dtype)
    return coarser(dtype, getattr(fn, "precision", dtype))


def _same_value(got: np.ndarray, want: np.ndarray, dtype: str, scale: float) -> bool:
    """Equal shapes, the same non-finite entries (NaN where NaN, +inf where +inf), close finite parts."""
    if got.shape != want.shape:
        return False
    for test in (np.isnan, np.isposinf, np.isneginf):
        if not np.array_equal(test(got), test(want)):
            return False
    fin = np.isfinite(got)
    return bool(np.all(close(got[fin], want[fin], dtype, scale)))


def _passes(out: _Outcome, exp: Expected, case: Case, fn, observed: Observed | None = None) -> bool:
    """Would the model's outcome pass this case (judged, like the learner's, at the tolerance
    of the dtype the learner returned)?"""
    if exp.raises:
        return out.raised is not None and exp.raises in out.types
    if out.raised is not None:
        return False
    if exp.outputs:  # a tuple: every element passes, and none that must be detached requires grad
        return (isinstance(out.value, tuple) and len(out.value) == len(exp.value) and not out.attached & exp.detached
                and all(_value_passes(v, w, case, fn, observed) for v, w in zip(out.value, exp.value)))
    return _value_passes(out.value, exp.value, case, fn, observed)


def _value_passes(value, want, case: Case, fn, observed: Observed | None) -> bool:
    want = np.asarray(want)
    if value.shape != want.shape or not np.all(np.isfinite(value)):
        return False
    return bool(np.all(close(value, want, _tolerance_dtype(case, fn, observed), case_scale(case))))


def _reproduces(out: _Outcome, observed: Observed | None, case: Case, fn) -> bool:
    """Does the model's outcome reproduce the learner's failure on this case?"""
    if observed is None:
        return False
    if observed.raised is not None:
        return bool(out.raised) and out.raised in observed.raised
    if out.raised is not None or observed.value is None:
        return False
    dtype, scale = _tolerance_dtype(case, fn, observed), case_scale(case)
    if isinstance(observed.value, tuple):  # every element, and which elements require grad
        return (isinstance(out.value, tuple) and len(out.value) == len(observed.value) and out.attached == observed.attached
                and all(g is not None and _same_value(g, v, dtype, scale) for g, v in zip(observed.value, out.value)))
    return not isinstance(out.value, tuple) and _same_value(observed.value, out.value, dtype, scale)


def _status(status: str, exp: Expected | None, observed: Observed | None) -> str:
    """The case's status as diagnosis sees it: a tuple element that should have been detached
    and requires grad (a `grad` status, the values being right) is a failure a model can
    reproduce (`fn.attached`), so it counts as `wrong`."""
    if status == "grad" and exp is not None and observed is not None and observed.attached & exp.detached:
        return "wrong"
    return status


def _profile(variant: dict, cases, expected, results, got) -> frozenset[str] | None:
    """The failing case ids one mistake variant reproduces; None if it contradicts a case
    the learner passed (or one it cannot speak to)."""
    reproduced = []
    for i, case in enumerate(cases):
        status = _status(results[i].status, expected[i], got[i])
        fn = variant.get(case.call)
        if fn is None:  # the mistake leaves this call alone: the learner's result must simply be right
            if status != "pass":
                return None
            continue
        seen = got[i].dtype if got[i] is not None and got[i].dtype in ("float32", "float64") else None
        out = _model_outcome(fn, case, seen)
        if getattr(fn, "precision", None) and got[i] is not None and got[i].value is not None:
            # known only to its precision: whether it "passes" at the case's tolerance is not
            # known either, so it must give the learner's value wherever the learner gave one
            if not _reproduces(out, got[i], case, fn):
                return None
            if status not in VALUE_PASSED:
                reproduced.append(case.id)
        elif status in VALUE_PASSED:
            if not _passes(out, expected[i], case, fn, got[i]):
                return None
        elif not _passes(out, expected[i], case, fn, got[i]) and _reproduces(out, got[i], case, fn):
            reproduced.append(case.id)
    return frozenset(reproduced)


def diagnose(prob: Problem, track: str, cases, expected, results, got) -> list[Diagnosis]:
    """Name the known mistakes whose models, together, reproduce the learner on every case.

    Nearly always that is one mistake. Two are named together only when no single one
    reproduces every failure, both pass every case the learner passed, together they
    reproduce every failure, each reproduces one the other does not, and no other pair
    does as well (an ambiguous pair names nothing).
    """
    failing = frozenset(r.id for r, e, g in zip(results, expected, got) if _status(r.status, e, g) in FAILED_FOR_DIAGNOSIS)
    if not failing or any(r.status not in VALUE_PASSED | FAILED_FOR_DIAGNOSIS for r in results):
        return []
    models = prob.module("mistakes").MODELS
    profiles: list[tuple[object, frozenset[str]]] = []  # (mistake, failures reproduced), valid variants only
    for m in prob.mistakes_for(track):
        fns = models.get(m.id, {}).get(track, {})
        width = max((len(f) for f in fns.values() if isinstance(f, list)), default=1)
        for k in range(width):
            variant = {call: (f[k] if isinstance(f, list) else f) for call, f in fns.items()
                       if not isinstance(f, list) or k < len(f)}
            reproduced = _profile(variant, cases, expected, results, got)
            if reproduced:
                profiles.append((m, reproduced))
    single = {m.id: m for m, r in profiles if r == failing}
    if single:
        return [_named(m, failing, results) for m in single.values()]
    pairs = {
        frozenset((a.id, b.id)): (a, ra, b, rb)
        for n, (a, ra) in enumerate(profiles) for b, rb in profiles[n + 1:]
        if a.id != b.id and ra | rb == failing and not ra <= rb and not rb <= ra
    }
    if len(pairs) != 1:
        return []
    a, ra, b, rb = next(iter(pairs.values()))
    return [_named(a, ra, results), _named(b, rb, results)]


def _named(m, reproduced: frozenset[str], results) -> Diagnosis:
    return Diagnosis(m.id, m.title, m.explanation, m.fix, tuple(r.id for r in results if r.id in reproduced), m.study)
