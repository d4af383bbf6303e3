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

from sftkl.graders.catalog import Problem, Track, get_problem
from sftkl.graders.compare import Expected, dtype_note, judge, result_dtype
from sftkl.graders.diagnose import Observed, diagnose
from sftkl.graders.errors import SubmissionError, UsageError
from sftkl.graders.files import printable
from sftkl.graders.header import read_header
from sftkl.graders.model import Arr, Case, CaseResult, GradeReport, Msg, Timing
from sftkl.sandbox.limits import Limits
from sftkl.sandbox.session import ChildGone, Run
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


def arg_names(track: Track, call: str | None = None) -> list[str]:
    """The parameter names of `call` (default: the first function) in the track's signature, which
    may list several functions: "token_logprobs(logits, ...); sequence_logprob(logits, ..., average=False)"."""
    import re

    sig = track.signature
    at = re.search(rf"\b{re.escape(call)}\(", sig) if call else None
    start = sig.index("(") if at is None else at.end() - 1
    depth, end = 0, len(sig)
    for i in range(start, len(sig)):  # to the parenthesis that closes this function's
        depth += {"(": 1, ")": -1}.get(sig[i], 0)
        if depth == 0:
            end = i
            break
    inside = sig[start + 1 : end]
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
    value = ref.REFERENCE[track][case.call](*args)
    returns = problem.tracks[track].returns
    if returns:  # a tuple, judged element by element (the reference returns one value per name)
        value = tuple(np.asarray(v, dtype=np.float64) for v in value)
    else:
        value = np.asarray(value, dtype=np.float64)
    grads = None
    grad_pos = [i for i, a in enumerate(case.args) if isinstance(a, Arr) and a.grad]
    if track == "torch" and grad_pos:
        cot = None if case.cotangent is None else np.asarray(case.cotangent, dtype=np.float64)
        grads = ref.GRADIENT[track][case.call](*args, cotangent=cot)
    if returns:
        return Expected(value=value, grads=grads, outputs=returns, detached=frozenset(problem.tracks[track].detached))
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


def _wire(case: Case, outputs: int = 0) -> tuple[dict, list]:
    specs, arrays = [], []
    for a in case.args:
        if isinstance(a, Arr):
            spec = {"kind": "array", "index": len(arrays), "layout": a.layout, "grad": a.grad}
            if a.dtype is not None:
                spec["dtype"] = a.dtype
            specs.append(spec)
            arrays.append(np.asarray(a.value))
        else:
            specs.append({"kind": "value", "value": a})
    header = {"id": case.id, "call": case.call, "args": specs, "cotangent": None}
    if outputs:  # the call returns a tuple of this many values; the gradient is of one of them
        header.update(outputs=outputs, grad_output=case.grad_output)
    if case.cotangent is not None:
        header["cotangent"] = len(arrays)
        arrays.append(np.asarray(case.cotangent))
    return header, arrays


MAX_SOURCE_BYTES = 1 << 20


def check_regular(p: Path, shown: str | Path) -> int:
    """A usage error unless `p` is a regular file of at most MAX_SOURCE_BYTES (checked
    before anything reads it: a FIFO would block the read, /dev/zero never end it).
    Returns its size."""
    import stat

    try:
        st = p.stat()
    except FileNotFoundError:
        raise SubmissionError("err.file_missing", path=printable(shown)) from None
    except OSError as e:
        raise SubmissionError("err.file_unreadable", path=printable(shown), detail=e.strerror or str(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise SubmissionError("err.file_is_dir", path=printable(shown))
    if not stat.S_ISREG(st.st_mode):
        raise SubmissionError("err.file_not_regular", path=printable(shown))
    if st.st_size > MAX_SOURCE_BYTES:
        raise SubmissionError("err.file_too_large", path=printable(shown), size=st.st_size, limit=MAX_SOURCE_BYTES)
    return st.st_size


def read_source(p: Path) -> bytes:
    """The file's bytes, read without following it past MAX_SOURCE_BYTES and only if regular."""
    import os
    import stat

    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise SubmissionError("err.file_unreadable", path=printable(p), detail=e.strerror or str(e)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SubmissionError("err.file_not_regular", path=printable(p))
        data = os.read(fd, MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            raise SubmissionError("err.file_too_large", path=printable(p), size=st.st_size, limit=MAX_SOURCE_BYTES)
        chunks = [data]
        while data:  # os.read may return less than asked on some filesystems
            data = os.read(fd, MAX_SOURCE_BYTES + 1 - sum(map(len, chunks)))
            chunks.append(data)
            if sum(map(len, chunks)) > MAX_SOURCE_BYTES:
                raise SubmissionError("err.file_too_large", path=printable(p), size=st.st_size, limit=MAX_SOURCE_BYTES)
        return b"".join(chunks)
    finally:
        os.close(fd)


def resolve(path: str | Path, problem: str | None, track: str | None) -> tuple[Path, Problem, Track]:
    """Check the file and work out which problem and track it answers."""
    p = Path(path).expanduser()
    check_regular(p, path)
    hp, ht = read_header(p)
    pid = problem or hp
    if pid is None:
        raise SubmissionError("err.no_header", path=printable(path))
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
    names = {call: arg_names(trk, call) for call in trk.functions}  # a track may grade several functions
    # started first, and loading the file while the cases are built: its imports overlap ours
    source = read_source(file)
    run = Run(trk.name, str(file), trk.functions, trk.forbidden, lim, source=source)
    output = run.output
    try:
        cases = build_cases(prob, trk.name, seed)
        expected: list[Expected | None] = [None] * len(cases)
        ref_times: list[float | None] = [None] * len(cases)

        def reference(i: int) -> None:
            if expected[i] is None:
                t0 = time.perf_counter()
                expected[i] = expected_for(prob, trk.name, cases[i])
                ref_times[i] = time.perf_counter() - t0  # a first figure, taken beside the child

        results, got, error, dtype_notes = _run_cases(run, trk, lim, cases, expected, reference, names)
    finally:
        run.close()
    # Where an efficiency note may follow, the reference is timed again once the
    # candidate's process is gone, so that the two timings never share the cores.
    results = [
        replace(r, timing=Timing(r.time_s, _reference_time(prob, trk.name, case) if r.time_s > SLOW_FLOOR_S else rt))
        if case.timed and r.passed and r.time_s is not None and rt is not None else r
        for r, case, rt in zip(results, cases, ref_times)
    ]
    diagnoses = diagnose(prob, trk.name, cases, expected, results, got) if error is None else ()
    notes = tuple(dtype_notes) + tuple(_efficiency_notes(cases, results))
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
        cases_wall_s=run.cases_wall_s,
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
        return "crash", Msg.of("case.malformed_result", case=case_id)
    return "crash", Msg.of("case.crash_signal", case=case_id, signal=gone.detail)


def _null_byte(file: str | None) -> Msg | None:
    """Where the first null byte of the file is (compile() refuses one without saying where)."""
    try:
        raw = Path(file).read_bytes() if file else b""
    except OSError:
        return None
    at = raw.find(b"\0")
    if at < 0:
        return None
    line_start = raw.rfind(b"\n", 0, at) + 1
    column = len(raw[line_start:at].decode("utf-8", "replace")) + 1
    return Msg.of("load.null_byte", line=raw.count(b"\n", 0, at) + 1, column=column, byte=at)


def _load_message(err: dict | ChildGone, lim: Limits, file: str | None = None, track: str = "numpy") -> Msg:
    """Why the file could not be loaded: the child's own account, or how its process ended."""
    if isinstance(err, ChildGone):
        if err.status == "timeout":
            modules = "numpy" if track == "numpy" else "numpy and torch"
            if err.detail == "setup":  # the machine, before any of the file ran
                return Msg.of("load.setup_timeout", modules=modules, limit=lim.setup_wall_s)
            return Msg.of("load.timeout", limit=lim.import_wall_s, modules=modules,
                          setup=err.detail.removeprefix("load:") if err.detail.startswith("load:") else "?")
        if err.detail.startswith("exit:"):
            return Msg.of("load.exit_process", code=err.detail[5:])
        if err.detail.startswith("protocol"):
            return Msg.of("load.malformed")
        return Msg.of("load.crash", signal=err.detail)
    params = dict(err)
    key = params.pop("key")
    if key == "load.syntax" and params.get("line") is None:
        located = _null_byte(file)
        if located is not None:
            return located
    return Msg.of(key, **params)


def _wire_cases(cases: list[Case], outputs: int = 0) -> list[tuple[dict, list]]:
    """One message per case, all sent at once: the child answers each as soon as it has
    arrived, with no round trip between cases and no wait for the large ones behind it."""
    messages = []
    for case in cases:
        header, arrays = _wire(case, outputs)
        messages.append(({"batch": [header]}, arrays))
    return messages


def _run_cases(run: Run, trk, lim, cases, expected, reference, names):
    """Judge every case's reply from the sandbox; `reference(i)` fills expected[i] while the
    candidate computes."""
    results: list[CaseResult] = []
    got: list[Any] = []
    dtype_notes: list[Msg] = []
    for i, reply in enumerate(run.replies(_wire_cases(cases, len(trk.returns)), prepare=reference)):
        case = cases[i]
        observed = None
        if reply.result is not None:
            status, msg = judge(case, trk.name, names.get(case.call) or arg_names(trk, case.call), expected[i],
                                reply.result, reply.arrays)
            if status == "pass":
                note = dtype_note(case, reply.result, reply.arrays)
                if note is not None and note not in dtype_notes:
                    dtype_notes.append(note)
            time_s = reply.result.get("time_s")
            observed = _observed(reply.result, reply.arrays, trk.returns, trk.detached)
        elif reply.gone is not None:
            status, msg = _gone_message(case.id, reply.gone, lim)
            time_s = None
        elif reply.not_run == "timeout":
            status, msg, time_s = "not-run", Msg.of("case.not_run_timeout", case=cases[reply.timed_out].id), None
        else:
            status, msg, time_s = "not-run", Msg.of("case.not_run_restarts"), None
        results.append(CaseResult(case.id, case.kind, case.description, status, msg, time_s=time_s))
        got.append(observed)
    if run.load_error is not None:
        for rest in cases:
            results.append(CaseResult(rest.id, rest.kind, rest.description, "not-run", Msg.of("case.not_run_load")))
            got.append(None)
        return results, got, _load_message(run.load_error, lim, run.file, trk.name), []
    return results, got, None, dtype_notes


def _observed(res: dict, arrays: list, returns: tuple[str, ...] = (), detached: tuple[str, ...] = ()) -> Observed | None:
    """What the candidate did on a case, in the form diagnosis compares."""
    if res.get("outcome") == "raised":
        exc = res["exception"]
        return Observed(raised=str(exc.get("message", "")).lower())
    if res.get("outcome") == "returned" and "elements" in res:
        # a tuple: one value per element (None where an element is no array), the dtype of
        # the first (the precision the learner computed in), and which of those that must be
        # detached require grad
        els = res["elements"]
        value = tuple(arrays[e["value"]].astype(np.float64) if "value" in e else None for e in els)
        dtype = result_dtype(els[0], arrays) if els else None
        attached = frozenset(returns[k] for k, e in enumerate(els)
                             if e["requires_grad"] and k < len(returns) and returns[k] in detached)
        return Observed(value=value, dtype=dtype, attached=attached)
    if res.get("outcome") == "returned" and "value" in res:
        # a Python number says nothing of the precision it was computed in: only arrays,
        # tensors and numpy scalars carry a dtype that diagnosis may follow
        plain = res.get("pytype") in ("float", "int", "bool")
        return Observed(value=arrays[res["value"]].astype(np.float64), dtype=None if plain else result_dtype(res, arrays))
    return None


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
