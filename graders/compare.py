"""Judge one case in the grading process: the candidate's plain outputs against float64 expectations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sftkl.graders.model import Arr, Case, Msg

# (rtol, atol per unit of input scale). Generous on purpose: the references are
# float64, and a correct float32 implementation (any summation order, loops,
# logsumexp or log_softmax + gather) stays far inside these, while every known
# mistake is off by orders of magnitude more.
TOLERANCE = {
    "bfloat16": (4e-2, 4e-3),
    "float16": (1e-2, 1e-2),
    "float32": (2e-4, 2e-5),
    "float64": (1e-6, 1e-9),
}
GRAD_TOLERANCE = {
    "bfloat16": (4e-2, 2e-1),
    "float16": (1e-2, 1e-2),
    "float32": (1e-3, 1e-4),
    "float64": (1e-6, 1e-8),
}
# bfloat16 (8 significand bits, a rounding step of 2**-8): a few steps for values, and for
# gradients a fifth of the largest one, which natural bfloat16 code meets too: an autograd
# graph run in bfloat16 (`(x - x.logsumexp(-1, keepdim=True)).exp()`) was measured 17% off
# the largest gradient on the softmax case; float32-internal code stays within 1%. A wrong
# gradient (a missing term, a sign) is off by about 100%.
# Significand bits: which of two floating dtypes is the coarser. A result is judged at the
# tolerance of the coarser of its own dtype and its inputs'.
PRECISION = {"bfloat16": 8, "float16": 11, "float32": 24, "float64": 53}
# A gradient computed in a dtype carries that dtype's rounding of every input: an input of
# magnitude s is off by up to eps·s, and a softmax (so a loss's gradient) by that much,
# relatively. At logits of 7e4 in float32 that is 0.4%, more than GRAD_TOLERANCE allows.
EPS = {k: 2.0 ** -bits for k, bits in PRECISION.items()}
# What each track may return.
RETURN_KINDS = {
    "numpy": {"ndarray", "numpy-scalar", "float", "int"},
    "torch": {"tensor"},
}


@dataclass(frozen=True)
class Expected:
    """The reference's outcome for a case: a value (and gradients) or an exception."""

    value: Any = None  # float64 ndarray
    raises: str | None = None
    grads: dict[int, Any] | None = None  # arg position -> float64 ndarray
    # a call that returns a tuple: `value` is a tuple of float64 ndarrays, one per name in
    # `outputs` (the track's `returns`), and the elements named in `detached` must not require grad
    outputs: tuple[str, ...] = ()
    detached: frozenset[str] = frozenset()


def case_dtype(case: Case) -> str:
    """The floating dtype of the case's inputs (the first float array's, bfloat16 included)."""
    for a in case.args:
        if isinstance(a, Arr) and np.asarray(a.value).dtype.kind == "f":
            return a.dtype or str(np.asarray(a.value).dtype)
    return "float64"


def coarser(a: str, b: str) -> str:
    """The coarser of two floating dtypes: the one whose tolerance judges a result."""
    return a if PRECISION.get(a, 53) <= PRECISION.get(b, 53) else b


def result_dtype(result: dict, arrays: list) -> str | None:
    """The dtype the candidate returned (bfloat16 crosses the wire as float32, flagged)."""
    if "value" not in result:
        return None
    if result.get("dtype") == "bfloat16":
        return "bfloat16"
    return str(arrays[result["value"]].dtype)


def too_coarse(got: str, want: str) -> bool:
    """The dtype rule: a floating result fails only when it is coarser than both float32
    and the inputs (bfloat16 for float32 inputs, say). float32 for float64 inputs, the
    `logits.float()` idiom, passes, judged at float32's tolerance, with a note."""
    return PRECISION.get(got, 53) < PRECISION["float32"] and PRECISION.get(got, 53) < PRECISION.get(want, 53)


def dtype_note(case: Case, result: dict, arrays: list) -> Msg | None:
    """A note (never a failure) when an array result's floating dtype differs from the inputs'."""
    if result.get("outcome") == "returned" and "elements" in result:  # a tuple: the first element that has a note
        notes = (dtype_note(case, {"outcome": "returned", **e}, arrays) for e in result["elements"])
        return next((n for n in notes if n is not None), None)
    if result.get("outcome") != "returned" or result.get("pytype") in ("float", "int", "bool"):
        return None  # a Python number is the numpy track's plain scalar: it has no dtype to keep
    got, want = result_dtype(result, arrays), case_dtype(case)
    if got is None or got not in PRECISION or got == want or too_coarse(got, want):
        return None
    if PRECISION[got] < PRECISION.get(want, 53):
        return Msg.of("note.dtype_coarser", got=got, want=want)
    if want == "bfloat16":
        return None  # a float32 loss from bfloat16 logits is what training code does
    return Msg.of("note.dtype_finer", got=got, want=want)


def case_scale(case: Case) -> float:
    """The magnitude of the float inputs: absolute errors grow with it (e.g. logits of 1e4)."""
    scale = 1.0
    for a in case.args:
        if isinstance(a, Arr):
            v = np.asarray(a.value)
            if v.dtype.kind == "f" and v.size:
                fin = v[np.isfinite(v)]
                if fin.size:
                    scale = max(scale, float(np.max(np.abs(fin))))
    return scale


def close(got: np.ndarray, want: np.ndarray, dtype: str, scale: float, grad: bool = False) -> np.ndarray:
    return np.abs(got.astype(np.float64) - want) <= allowed(want, dtype, scale, grad)


def fmt(x: float) -> str:
    if not np.isfinite(x):
        return str(float(x))
    if x == 0:
        return "0"
    a = abs(x)
    return f"{x:.6g}" if 1e-4 <= a < 1e6 else f"{x:.4e}"


def _strip_zeros(s: str) -> str:
    """'123.000' -> '123', '1.50000e-05' -> '1.5e-05'."""
    mantissa, e, exponent = s.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return mantissa + e + exponent


def _digits(s: str) -> int:
    """Significant digits shown in a formatted number."""
    return max(1, len(s.partition("e")[0].lstrip("-").replace(".", "").lstrip("0")))


def fmt_pair(want: float, got: float) -> tuple[str, str]:
    """Both values with as many significant digits as it takes to see where they differ
    (at least 6, at most 17). Where they agree in sign and order of magnitude, both show
    the same number of digits, trailing zeros included, so that -0.00217399 and
    -0.00217400 never read as one number."""
    want, got = float(want), float(got)
    if not (np.isfinite(want) and np.isfinite(got)) or want == 0 or got == 0 or want == got:
        return fmt(want), fmt(got)
    for digits in range(6, 18):
        a, b = _strip_zeros(f"{want:.{digits}g}"), _strip_zeros(f"{got:.{digits}g}")
        if a != b:
            break
    else:
        return fmt(want), fmt(got)
    if (want < 0) != (got < 0) or np.floor(np.log10(abs(want))) != np.floor(np.log10(abs(got))):
        return a, b
    shown = max(_digits(a), _digits(b))
    return tuple(_strip_dot(f"{x:#.{shown}g}") for x in (want, got))  # type: ignore[return-value]


def _strip_dot(s: str) -> str:
    mantissa, e, exponent = s.partition("e")
    return mantissa.rstrip(".") + e + exponent


def _small(x: float) -> str:
    """An error or a tolerance: two significant digits (whole numbers up to 1e5 as they are)."""
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "∞"
    return f"{x:.0f}" if 10 <= x < 1e5 else f"{x:.2g}"


def allowed(want: np.ndarray, dtype: str, scale: float, grad: bool = False) -> np.ndarray:
    """The largest |got - want| that `close` accepts at each element: atol + rtol·|want|.

    Values: atol grows with the inputs' magnitude `scale`. Gradients: rtol grows with
    eps·scale (the judged dtype's rounding of every input), and atol is relative to the
    largest gradient, with a floor: when a softmax is nearly one-hot every gradient is
    ~1e-8 and float32 rounding alone exceeds a purely relative bound."""
    want = np.asarray(want, dtype=np.float64)
    rtol, atol = (GRAD_TOLERANCE if grad else TOLERANCE).get(dtype, TOLERANCE["float64"])
    if grad:
        rtol += EPS.get(dtype, EPS["float64"]) * scale
        atol = atol * max(1e-2, float(np.max(np.abs(want))) if want.size else 1.0)
    else:
        atol = atol * scale
    return atol + rtol * np.abs(want)


def _difference(want: float, got: float, tol: float) -> dict[str, str]:
    """The parameters every wrong-value message shares: both values, and how far apart."""
    expected, shown = fmt_pair(want, got)
    diff = abs(float(got) - float(want))
    rel = diff / abs(float(want)) if want != 0 else float("inf") if diff else 0.0
    return {"expected": expected, "got": shown, "diff": _small(diff), "rel": _small(rel), "tol": _small(tol)}


def _worst_index(got: np.ndarray, want: np.ndarray, ok: np.ndarray) -> tuple[int, ...]:
    err = np.where(ok, 0.0, np.abs(got.astype(np.float64) - want))
    err = np.nan_to_num(err, nan=np.inf)
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))


def _worst(got: np.ndarray, want: np.ndarray, ok: np.ndarray, dtype: str = "float64", scale: float = 1.0) -> Msg:
    tol = allowed(want, dtype, scale)
    if want.ndim == 0:
        return Msg.of("case.wrong_scalar", **_difference(float(want), float(got), float(tol)))
    idx = _worst_index(got, want, ok)
    return Msg.of(
        "case.wrong_array",
        count=int((~ok).sum()),
        size=int(ok.size),
        index=str(idx),
        **_difference(float(want[idx]), float(got[idx]), float(tol[idx])),
    )


def judge(case: Case, track: str, arg_names: list[str], expected: Expected, result: dict, arrays: list) -> tuple[str, Msg | None]:
    """Return (status, message) for one case."""
    outcome = result.get("outcome")
    if outcome == "forbidden":
        return "forbidden", Msg.of("case.forbidden", name=result.get("name", "?"))
    if outcome == "memory":
        return "memory", Msg.of("case.memory")
    if outcome == "file_limit":
        return "error", Msg.of("case.file_limit", limit=int(result.get("limit_mb", 0)))
    mutated = [arg_names[i] if i < len(arg_names) else f"#{i}" for i in result.get("mutated", [])]
    if outcome == "raised":
        exc = result["exception"]
        if expected.raises and expected.raises in exc.get("mro", [exc["type"]]):
            return "pass", None
        if expected.raises:
            return "error", Msg.of("case.wrong_exception", want=expected.raises, type=exc["type"], detail=exc["message"])
        if exc["type"] == "NotImplementedError":
            return "error", Msg.of("case.not_implemented")
        if mutated:
            return "mutated", Msg.of("case.mutated", names=", ".join(mutated))
        line = exc.get("line")
        key = "case.raised_line" if line else "case.raised"
        return "error", Msg.of(key, type=exc["type"], detail=exc["message"], line=line)
    if mutated:
        return "mutated", Msg.of("case.mutated", names=", ".join(mutated))
    if expected.raises:
        return "wrong", Msg.of("case.no_exception", want=expected.raises)
    if expected.outputs:
        return _judge_tuple(case, track, arg_names, expected, result, arrays)

    kind = result.get("pytype", "?")
    if kind.startswith("dtype:") and "value" not in result:  # a dtype that cannot be compared (child._plain)
        return "dtype", Msg.of("case.dtype_unsupported", got=kind.removeprefix("dtype:"), want=case_dtype(case))
    if kind not in RETURN_KINDS[track] or "value" not in result:
        key = "case.return_type_torch" if track == "torch" else "case.return_type_numpy"
        return "dtype", Msg.of(key, kind=kind.removeprefix("other:"))
    got = arrays[result["value"]]
    want = np.asarray(expected.value)
    if got.shape != want.shape:
        return "shape", Msg.of("case.shape", expected=str(tuple(want.shape)), got=str(tuple(got.shape)))
    dtype = case_dtype(case)
    if got.dtype.kind not in "f":
        if want.ndim > 0 or track == "torch":
            return "dtype", Msg.of("case.dtype_int", got=str(got.dtype), want=dtype)
    else:
        returned = result_dtype(result, arrays)
        if too_coarse(returned, dtype):
            return "dtype", Msg.of("case.dtype_precision", got=returned, want=dtype)
        dtype = coarser(dtype, returned)
    finite_want = np.isfinite(want)
    gotf = got.astype(np.float64)
    if np.any(~np.isfinite(gotf) & finite_want):
        bad = int(np.sum(~np.isfinite(gotf) & finite_want))
        return "nan", Msg.of("case.nonfinite", count=bad, size=int(want.size))
    ok = close(gotf, want, dtype, case_scale(case))
    if not np.all(ok):
        return "wrong", _worst(gotf, want, ok, dtype, case_scale(case))
    if expected.grads:
        return _judge_grads(expected, result, arrays, arg_names, dtype, case_scale(case))
    return "pass", None


def _judge_grads(expected: Expected, result: dict, arrays: list, arg_names: list[str], dtype: str, scale: float = 1.0):
    g = result.get("grads") or {"status": "no-graph"}
    status = g.get("status")
    first = min(expected.grads)  # the differentiable argument the advice names (logits, x, log_probs)
    first_name = arg_names[first] if first < len(arg_names) else f"#{first}"
    if status not in ("ok", "forbidden", "raised"):  # no-graph, skipped
        # the `.sum() * 0.0` advice only where the answer is zero (an empty batch, nothing kept)
        values = expected.value if isinstance(expected.value, (tuple, list)) else (expected.value,)
        zero = expected.value is not None and not any(np.any(np.asarray(v)) for v in values)
        return "grad", Msg.of("case.grad_no_graph_zero" if zero else "case.grad_no_graph", name=first_name)
    if status == "forbidden":
        return "forbidden", Msg.of("case.forbidden", name=g.get("name", "?"))
    if status == "raised":
        exc = g["exception"]
        return "grad", Msg.of("case.grad_raised", type=exc["type"], detail=exc["message"])
    for pos, want in expected.grads.items():
        name = arg_names[pos] if pos < len(arg_names) else f"#{pos}"
        idx = g["items"].get(str(pos))
        if idx is None:
            # The graph never reaches this input: torch.zeros((), requires_grad=True) or
            # torch.tensor(loss.item(), requires_grad=True). backward() works, but under DDP the
            # input's parameters get no gradient, so even where the right gradient is zero (nothing
            # kept) it fails; `logits.sum() * 0.0` reaches the input and gives that zero.
            reached_other = any(i is not None for i in g["items"].values())
            if reached_other and np.any(want):
                return "grad", Msg.of("case.grad_missing", name=name)
            return "grad", Msg.of("case.grad_unconnected", name=name)
        got = arrays[idx]
        if got.shape != want.shape:
            return "grad", Msg.of("case.grad_shape", name=name, expected=str(want.shape), got=str(got.shape))
        if not np.all(np.isfinite(got)):
            return "grad", Msg.of("case.grad_nonfinite", name=name)
        ok = close(got, want, dtype, scale, grad=True)
        if not np.all(ok):
            i = _worst_index(got, want, ok)
            tol = allowed(want, dtype, scale, grad=True)
            return "grad", Msg.of("case.grad_wrong", name=name, index=str(i), **_difference(float(want[i]), float(got[i]), float(tol[i])))
    return "pass", None


def _judge_tuple(case: Case, track: str, arg_names: list[str], expected: Expected, result: dict, arrays: list):
    """A call that returns a tuple (`expected.outputs` names its elements): each element is
    judged as a single result would be, and a failure names the element; then the elements
    that must be detached; then the gradient of the element the case checks (`grad_output`)."""
    names = expected.outputs
    shape = "(" + ", ".join(names) + ")"
    if "elements" not in result:
        return "dtype", Msg.of("case.return_tuple", count=len(names), names=shape, kind=result.get("pytype", "?").removeprefix("other:"))
    if result["length"] != len(names):
        return "shape", Msg.of("case.tuple_length", count=len(names), names=shape, got=result["length"])
    for name, el, want in zip(names, result["elements"], expected.value):
        single = {"outcome": "returned", "mutated": [], **el}
        status, msg = judge(case, track, arg_names, Expected(value=want), single, arrays)
        if status != "pass":
            return status, Msg.of("case.element", name=name, detail=msg)
    for name, el in zip(names, result["elements"]):
        if name in expected.detached and el["requires_grad"]:
            return "grad", Msg.of("case.not_detached", name=name)
    if expected.grads and 0 <= case.grad_output < len(names):
        # judged at the tolerance of the coarser of the inputs and the element differentiated
        el = result["elements"][case.grad_output]
        dtype = case_dtype(case)
        if arrays[el["value"]].dtype.kind == "f":
            dtype = coarser(dtype, result_dtype(el, arrays))
        status, msg = _judge_grads(expected, result, arrays, arg_names, dtype, case_scale(case))
        if status != "pass":
            return status, Msg.of("case.element", name=names[case.grad_output], detail=msg)
    return "pass", None
