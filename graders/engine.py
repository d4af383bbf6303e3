"""grade(): build cases from a seed, run the candidate in a child process, judge, diagnose.

The grading process holds the cases, the float64 references and the mistake
models; the child holds only the candidate and the inputs of the case at hand.
"""

from __future__ import annotations

import secrets
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from sftkl.graders.catalog import Limits, Problem, Track, get_problem
from sftkl.graders.compare import Expected, case_dtype, case_scale, close, judge, same_outcome
from sftkl.graders.errors import SubmissionError, UsageError
from sftkl.graders.model import Arr, Case, CaseResult, Diagnosis, GradeReport, Msg, Timing
from sftkl.graders import runner
from sftkl.graders.runner import Child, ChildGone
from sftkl.graders.child import apply_layout
from sftkl.graders.header import read_header

MAX_RESTARTS = 3
# Efficiency note: the candidate is this many times slower than the reference
# on a large case, and slow enough in absolute terms to matter.
SLOW_FACTOR = 20.0
SLOW_FLOOR_S = 0.05


def new_seed() -> int:
    return secrets.randbelow(1_000_000)


def case_rng(problem: Problem, track: str, seed: int) -> np.random.Generator:
    """A generator that depends only on (problem, track, seed): cases are reproducible."""
    return np.random.default_rng([seed, zlib.crc32(f"{problem.id}/{track}".encode())])


def build_cases(problem: Problem, track: str, seed: int) -> list[Case]:
    return list(problem.module("cases").build_cases(track, case_rng(problem, track, seed)))


def arg_names(track: Track) -> list[str]:
    inside = track.signature[track.signature.index("(") + 1 : track.signature.rindex(")")]
    return [p.split("=")[0].strip() for p in inside.split(",") if p.strip()]


def _f64(a: Any) -> Any:
    if isinstance(a, Arr):
        v = np.asarray(a.value)
        return v.astype(np.float64) if v.dtype.kind == "f" else v.copy()
    return a


def expected_for(problem: Problem, track: str, case: Case) -> Expected:
    """The float64 reference outcome of a case."""
    if case.raises:
        return Expected(raises=case.raises)
    ref = problem.module("reference")
    args = [_f64(a) for a in case.args]
    value = np.asarray(ref.REFERENCE[track][case.call](*args), dtype=np.float64)
    grads = None
    grad_pos = [i for i, a in enumerate(case.args) if isinstance(a, Arr) and a.grad]
    if track == "torch" and grad_pos:
        cot = None if case.cotangent is None else np.asarray(case.cotangent, dtype=np.float64)
        grads = ref.GRADIENT[track][case.call](*args, cotangent=cot)
    return Expected(value=value, grads=grads)


def _reference_time(problem: Problem, track: str, case: Case, runs: int = 3) -> float:
    """Best-of-`runs` wall time of the reference on a case."""
    fn = problem.module("reference").REFERENCE[track][case.call]
    args = [_f64(a) for a in case.args]
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def _wire(case: Case) -> tuple[dict, list]:
    specs, arrays = [], []
    for a in case.args:
        if isinstance(a, Arr):
            specs.append({"kind": "array", "index": len(arrays), "layout": a.layout, "grad": a.grad})
            arrays.append(np.asarray(a.value))
        else:
            specs.append({"kind": "value", "value": a})
    header = {"id": case.id, "call": case.call, "args": specs, "cotangent": None}
    if case.cotangent is not None:
        header["cotangent"] = len(arrays)
        arrays.append(np.asarray(case.cotangent))
    return header, arrays


def resolve(path: str | Path, problem: str | None, track: str | None) -> tuple[Path, Problem, Track]:
    """Check the file and work out which problem and track it answers."""
    p = Path(path).expanduser()
    if not p.exists():
        raise SubmissionError("err.file_missing", path=str(path))
    if p.is_dir():
        raise SubmissionError("err.file_is_dir", path=str(path))
    hp, ht = read_header(p)
    pid = problem or hp
    if pid is None:
        raise SubmissionError("err.no_header", path=str(path))
    prob = get_problem(pid)
    trk = prob.track(track or (ht if ht in prob.tracks else None))
    return p.resolve(), prob, trk


def grade(
    path: str | Path,
    problem: str | None = None,
    track: str | None = None,
    seed: int | None = None,
    limits: Limits | None = None,
) -> GradeReport:
    """Grade one submission file. Raises SftklError only for usage problems."""
    started = time.monotonic()
    file, prob, trk = resolve(path, problem, track)
    if seed is None:
        seed = new_seed()
    if not 0 <= seed < 2**63:
        raise UsageError("err.bad_seed", seed=seed)
    lim = limits or prob.limits
    names = arg_names(trk)
    children = [runner.acquire(trk.name, lim)]  # started first: its imports overlap ours
    output = children[0].output
    try:
        _begin(children, trk, file, lim)  # it loads the file while the cases are built
        cases = build_cases(prob, trk.name, seed)
        expected: list[Expected | None] = [None] * len(cases)
        ref_times: list[float | None] = [None] * len(cases)

        def reference(i: int) -> None:
            if expected[i] is None:
                t0 = time.perf_counter()
                expected[i] = expected_for(prob, trk.name, cases[i])
                ref_times[i] = time.perf_counter() - t0  # a first figure, taken beside the child

        results, got, error = _run_cases(children, trk, file, lim, cases, expected, reference, names)
    finally:
        for c in children:
            c.close()
    # Where an efficiency note may follow, the reference is timed again once the
    # candidate's process is gone, so that the two timings never share the cores.
    results = [
        replace(r, timing=Timing(r.time_s, _reference_time(prob, trk.name, case) if r.time_s > SLOW_FLOOR_S else rt))
        if case.timed and r.passed and r.time_s is not None and rt is not None else r
        for r, case, rt in zip(results, cases, ref_times)
    ]
    diagnoses = diagnose(prob, trk.name, cases, expected, results, got) if error is None else ()
    notes = tuple(_efficiency_notes(cases, results))
    return GradeReport(
        problem=prob.id,
        track=trk.name,
        seed=seed,
        file=str(file),
        cases=tuple(results),
        diagnoses=tuple(diagnoses),
        error=error,
        stdout=output.stdout.text(),
        stderr=output.stderr.text(),
        output_truncated=output.stdout.truncated or output.stderr.truncated,
        duration_s=time.monotonic() - started,
        notes=notes,
    )


def _gone_message(case_id: str, gone: ChildGone, lim: Limits) -> tuple[str, Msg]:
    if gone.status == "timeout":
        if gone.detail == "cpu":
            return "timeout", Msg.of("case.timeout_cpu", case=case_id, limit=lim.case_cpu_s)
        return "timeout", Msg.of("case.timeout_wall", case=case_id, limit=lim.case_wall_s)
    if gone.status == "memory":
        return "memory", Msg.of("case.memory")
    if gone.detail.startswith("exit:"):
        return "crash", Msg.of("case.crash_exit", case=case_id, code=gone.detail[5:])
    if gone.detail == "SIGXFSZ":
        return "crash", Msg.of("case.crash_file", case=case_id, limit=lim.file_mb)
    if gone.detail.startswith("protocol"):
        return "crash", Msg.of("case.crash_protocol", case=case_id)
    return "crash", Msg.of("case.crash_signal", case=case_id, signal=gone.detail)


def _begin(children: list[Child], trk: Track, file: Path, lim: Limits) -> Child:
    """Ask the newest child (a new one if the last has died or was used) to load the file; no waiting."""
    child = children[-1]
    if child.poll() is not None or child.used:
        child = runner.acquire(trk.name, lim, output=children[0].output)
        children.append(child)
    child.used = True
    child.request_load(str(file), trk.functions, trk.forbidden, lim.import_wall_s)
    return child


def _load_error(child: Child, lim: Limits) -> Msg | None:
    """Wait for the child to have loaded the file; the load error, if any."""
    try:
        err = child.load_result()
    except ChildGone as gone:
        if gone.status == "timeout":
            return Msg.of("load.timeout", limit=lim.import_wall_s)
        if gone.detail.startswith("exit:"):
            return Msg.of("load.exit_process", code=gone.detail[5:])
        return Msg.of("load.crash", signal=gone.detail)
    if err is not None:
        key = err.pop("key")
        return Msg.of(key, **err)
    return None


def _look_ahead(child: Child, first: int, end: int, reference) -> None:
    """Compute references from `first` on for as long as the child has nothing for us."""
    for j in range(first, end):
        if child.has_message():
            return
        reference(j)


def _wire_cases(cases: list[Case]) -> list[tuple[dict, list]]:
    """One message per case, all sent at once: the child answers each as soon as it has
    arrived, with no round trip between cases and no wait for the large ones behind it."""
    messages = []
    for case in cases:
        header, arrays = _wire(case)
        messages.append(({"batch": [header]}, arrays))
    return messages


def _run_cases(children, trk, file, lim, cases, expected, reference, names):
    """Run every case in the newest child (already asked to load the file); `reference(i)`
    fills expected[i] while the child computes."""
    results: list[CaseResult] = []
    got: list[Any] = []

    def not_run(first: int, msg: Msg) -> None:
        for rest in cases[first:]:
            results.append(CaseResult(rest.id, rest.kind, rest.description, "not-run", msg))
            got.append(None)

    child: Child | None = children[-1]
    restarts, start = 0, 0
    while start < len(cases):
        if child is None:
            not_run(start, Msg.of("case.not_run_restarts"))
            break
        child.send_cases(_wire_cases(cases[start:]))  # queued behind the load request
        _look_ahead(child, start, len(cases), reference)
        error = _load_error(child, lim)
        if error is not None:
            if start == 0:
                not_run(0, Msg.of("case.not_run_load"))
                return results, got, error
            child = None  # a restart that no longer loads: give up on the rest
            continue
        i = start
        try:
            for i in range(start, len(cases)):
                reference(i)
                _look_ahead(child, i + 1, len(cases), reference)
                res, out_arrays = child.next_result(lim.case_wall_s, lim.case_cpu_s)
                status, msg = judge(cases[i], trk.name, names, expected[i], res, out_arrays)
                results.append(CaseResult(cases[i].id, cases[i].kind, cases[i].description, status, msg,
                                          time_s=res.get("time_s")))
                got.append(_observed(res, out_arrays))
            start = len(cases)
        except ChildGone as gone:
            case = cases[i]
            status, msg = _gone_message(case.id, gone, lim)
            results.append(CaseResult(case.id, case.kind, case.description, status, msg))
            got.append(None)
            child.close()
            child = None
            start = i + 1
            if status == "timeout":
                # one time-out already cost a full limit: report the rest as not run
                # (never as passed) rather than wait out the limit again and again
                not_run(start, Msg.of("case.not_run_timeout", case=case.id))
                break
            if restarts < MAX_RESTARTS and start < len(cases):
                restarts += 1
                child = _begin(children, trk, file, lim)
    return results, got, None


def _observed(res: dict, arrays: list) -> Any:
    """What the candidate did on a case, in the form diagnosis compares: array, ('raises', mro) or None."""
    if res.get("outcome") == "raised":
        exc = res["exception"]
        return ("raises", tuple(exc.get("mro", ())), str(exc.get("message", "")).lower())
    if res.get("outcome") == "returned" and "value" in res:
        return arrays[res["value"]].astype(np.float64)
    return None


# ---------------------------------------------------------------------------
# Known-mistake diagnosis: behaviour, not source text.

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


def _efficiency_notes(cases, results):
    for case, r in zip(cases, results):
        t = r.timing
        if not case.timed or t is None or t.reference_s is None or r.status != "pass":
            continue
        if t.candidate_s > SLOW_FLOOR_S and t.candidate_s > SLOW_FACTOR * max(t.reference_s, 1e-6):
            yield Msg.of(
                "note.slow",
                case=case.id,
                got=f"{t.candidate_s:.3f}",
                ref=f"{t.reference_s:.3f}",
                factor=f"{t.candidate_s / max(t.reference_s, 1e-6):.0f}",
            )
