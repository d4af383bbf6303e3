"""Tests that guard the verdict: each way the judge or the sandbox could pass a wrong
submission, or misreport a right one, is caught here.

Each test grades a small submission end to end (through the warm fork servers) and
asserts what a learner would see: the status of each case, what its message names,
the diagnosis. `benchmarks/mutate.py` breaks the grading code on purpose, one line at a
time, and checks that these tests notice (see the README, "Tests that guard the verdict").
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from conftest import write
from sftkl.graders.compare import PRECISION, case_dtype
from sftkl.graders.engine import build_cases, grade
from sftkl.graders.catalog import get_problem
from sftkl.sandbox.limits import Limits

SEED = 7

# -- small submissions -----------------------------------------------------------

SM_NP = "# sftkl: problem=softmax track=numpy\nimport numpy as np\n"
SM_TORCH = "# sftkl: problem=softmax track=torch\nimport torch\n"
SFT_NP = "# sftkl: problem=sft-loss track=numpy\nimport numpy as np\n"
SFT_TORCH = "# sftkl: problem=sft-loss track=torch\nimport torch\nimport torch.nn.functional as F\n"
KLP_TORCH = "# sftkl: problem=kl-penalty track=torch\nimport torch\n"

STABLE_NP = """
def _stable(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
"""
STABLE_TORCH = """
def _stable(x, dim):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True).detach())
    return e / e.sum(dim=dim, keepdim=True)
"""
SFT_GOOD_NP = """
def _loss(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    x = x[keep]
    m = x.max(-1, keepdims=True)
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return -lp[np.arange(len(x)), y[keep]].mean()
"""
SFT_GOOD_TORCH = """
def _loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].reshape(-1, logits.size(-1))
    y = labels[:, 1:].reshape(-1)
    n = (y != ignore_index).sum()
    if n == 0:
        return logits.sum() * 0.0
    return F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum") / n
"""
KLP_GOOD = """
_MODES = {"k1": "k1", "biased": "k1", "k2": "k2", "k3": "k3", "unbiased": "k3"}
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")

def _kl(log_probs, ref_log_probs, kind, mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if kind == "k1":
        x = -log_r
    elif kind == "k2":
        x = 0.5 * log_r**2
    else:
        x = torch.expm1(log_r) - log_r
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    x = torch.where(m != 0, x, torch.zeros_like(x)) * m
    B, T = m.shape
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        count = m.sum(-1)
        rows = (count > 0).to(x.dtype)
        return (x.sum(-1) / count.clamp(min=1) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum() / B
    return x.sum() / (B * T)
"""
# The right value with a wrong backward: identity forward, gradient times K[dtype]
# (or a backward that raises, when K says so).
GRAD_SCALED = """
class _Scaled(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y):
        return y.clone()

    @staticmethod
    def backward(ctx, g):
        k = K[str(g.dtype)]
        if k == "raise":
            raise RuntimeError("backward exploded")
        return g * k
"""


def graded(tmp_path, src: str, seed: int = SEED, **kw):
    return grade(write(tmp_path / "s.py", src), seed=seed, **kw)


def statuses(report) -> dict[str, str]:
    return {c.id: c.status for c in report.cases}


def message(report, case_id: str) -> str:
    case = next(c for c in report.cases if c.id == case_id)
    return case.message.render("en") if case.message else ""


def grad_checked(problem: str, track: str, seed: int = SEED) -> set[str]:
    """Ids of the cases whose gradient the grader checks."""
    return {c.id for c in build_cases(get_problem(problem), track, seed) if any(getattr(a, "grad", False) for a in c.args)}


# -- gradients -------------------------------------------------------------------


def _scaled_softmax(k32, k64, kbf16) -> str:
    def lit(k):
        return "float('nan')" if k != k else repr(k)

    return SM_TORCH + (f"K = {{'torch.float32': {lit(k32)}, 'torch.float64': {lit(k64)}, "
                       f"'torch.bfloat16': {lit(kbf16)}}}\n") + STABLE_TORCH + GRAD_SCALED + """
def softmax(x, dim=-1):
    return _Scaled.apply(_stable(x, dim))
"""


@pytest.mark.parametrize("k32,k64,kbf16,fragment", [
    (0.5, 0.5, 0.5, "gradient of `x` is wrong"),
    # just outside the tolerance (float32: rtol 1e-3 + 1e-4 of the largest gradient;
    # float64: rtol 1e-6 + 1e-8, both plus eps·scale): a tolerance 100x looser would pass these.
    # bfloat16 (the softmax `bfloat16` case, logits up to ~10): rtol 4e-2 + 2**-8·scale and a fifth
    # of the largest gradient, ~28% of the largest: 50% is outside it.
    (1.005, 1 + 1.5e-6, 1.5, "gradient of `x` is wrong"),
    (float("nan"), float("nan"), float("nan"), "gradient of `x` contains NaN or inf"),
    ("raise", "raise", "raise", "backward failed: RuntimeError: backward exploded"),
])
def test_right_value_with_a_wrong_gradient_fails_grad(tmp_path, k32, k64, kbf16, fragment):
    report = graded(tmp_path, _scaled_softmax(k32, k64, kbf16))
    checked = grad_checked("softmax", "torch")
    assert len(checked) >= 15
    got = statuses(report)
    assert {i for i, s in got.items() if s == "grad"} == checked, got
    assert {got[i] for i in got if i not in checked} == {"pass"}  # the value itself is right
    assert all(fragment in message(report, i) for i in checked)
    assert report.verdict == "fail"


def test_gradient_just_inside_the_tolerance_passes(tmp_path):
    # bfloat16: 5% on a tolerance of ~28% of the largest gradient (the bfloat16 graph's own rounding included)
    report = graded(tmp_path, _scaled_softmax(1.0002, 1 + 2e-7, 1.05))
    assert report.verdict == "pass", [(c.id, c.status, message(report, c.id)) for c in report.cases if not c.passed]


def test_gradient_absolute_tolerance_grows_with_the_largest_gradient(tmp_path):
    # float32 rounding of a gradient is relative to its largest entry, not to each entry: an
    # offset of half the absolute tolerance (1e-4 of the largest) on every entry must pass
    src = SM_TORCH + STABLE_TORCH + """
class _Offset(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y):
        return y.clone()

    @staticmethod
    def backward(ctx, g):
        return g + 5e-5 * g.abs().max() if g.dtype == torch.float32 else g


def softmax(x, dim=-1):
    return _stable(_Offset.apply(x), dim)
"""
    report = graded(tmp_path, src)
    assert report.verdict == "pass", [(c.id, c.status, message(report, c.id)) for c in report.cases if not c.passed]


def test_a_wrong_gradients_message_shows_the_tolerance_applied():
    from sftkl.graders.compare import Expected, _small, allowed, judge
    from sftkl.graders.model import Arr, Case

    x = np.array([[10.0, 1.0, -3.0, 2.0]], dtype=np.float32)  # bfloat16 values (exact), scale 10
    case = Case("c", "edge", {"en": "", "zh": ""}, "softmax", (Arr(x, grad=True, dtype="bfloat16"),))
    want = np.array([[0.5, -0.1, -0.2, -0.2]])
    value = np.zeros((1, 4), np.float32)
    result = {"outcome": "returned", "pytype": "tensor", "value": 0, "mutated": [],
              "grads": {"status": "ok", "items": {"0": 1}}}
    status, msg = judge(case, "torch", ["x"], Expected(value=value.astype(np.float64), grads={0: want}), result,
                        [value, (want * 1.5).astype(np.float32)])
    assert status == "grad"
    applied = allowed(want, "bfloat16", 10.0, grad=True)[0, 0]
    assert f"allowed {_small(applied)}" in msg.render("en"), msg.render("en")


def test_a_gradient_that_never_reaches_the_input_fails_grad(tmp_path):
    # the result requires grad (through an unrelated leaf), but x gets no gradient at all:
    # the result is not connected to x (issue 17), whatever its value
    src = SM_TORCH + STABLE_TORCH + """
def softmax(x, dim=-1):
    return _stable(x.detach(), dim) + torch.zeros((), dtype=x.dtype, requires_grad=True)
"""
    report = graded(tmp_path, src)
    checked = grad_checked("softmax", "torch")
    assert {i for i, s in statuses(report).items() if s == "grad"} == checked
    assert all("the result is not connected to `x`" in message(report, i) for i in checked)


def test_a_result_without_a_graph_fails_grad(tmp_path):
    src = SM_TORCH + STABLE_TORCH + """
def softmax(x, dim=-1):
    return _stable(x, dim).detach()
"""
    report = graded(tmp_path, src)
    assert {i for i, s in statuses(report).items() if s == "grad"} == grad_checked("softmax", "torch")
    assert "carries no gradient" in message(report, "axis-0")


def test_wrong_kl_penalty_gradient_with_the_right_value_fails_grad(tmp_path):
    # k3's value, but the gradient of k3 with the ratio inverted (1 - exp(lp - ref) instead of 1 - exp(ref - lp))
    src = KLP_TORCH + KLP_GOOD + """
def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _MODES or agg not in _AGGS:
        raise ValueError(mode)
    kind = _MODES[mode]
    if kind != "k3":
        return _kl(log_probs, ref_log_probs, kind, mask, agg)
    value = _kl(log_probs.detach(), ref_log_probs, "k3", mask, agg)
    wrong = _kl(ref_log_probs.detach(), log_probs, "k3", mask, agg)  # the ratio inverted
    return value + (wrong - wrong.detach())
"""
    report = graded(tmp_path, src)
    got = statuses(report)
    for cid in ("mode-k3", "mode-unbiased", "mode-default", "large-ratio-k3", "float64", "noncontiguous-default",
                "agg-seq-mean-token-mean", "mask-default-agg", "mask-padding-large-ratio"):
        assert got[cid] == "grad", (cid, got[cid], message(report, cid))
        assert "gradient of `log_probs` is wrong" in message(report, cid)
    for cid in ("mode-k1", "mode-k2", "mode-biased", "equal-k3", "unknown-mode-k4", "mask-holes-k2", "all-masked-token-mean"):
        assert got[cid] == "pass", (cid, got[cid])  # at log_probs == ref both gradients are 0


# -- dtypes ----------------------------------------------------------------------


@pytest.mark.parametrize("cast,name", [(".half()", "float16"), (".long()", "int64"), (".int()", "int32"), (".bool()", "bool")])
def test_coarse_or_non_floating_torch_result_is_dtype_naming_it(tmp_path, cast, name):
    src = SM_TORCH + STABLE_TORCH + f"""
def softmax(x, dim=-1):
    return _stable(x, dim){cast}
"""
    report = graded(tmp_path, src)
    # float16 is coarser than float32 and float64, so every case with such inputs fails; it is
    # finer than bfloat16, so the `bfloat16` case keeps the inputs' precision and passes.
    # An integer result is never floating: every case fails.
    inputs = {c.id: case_dtype(c) for c in build_cases(get_problem("softmax"), "torch", SEED)}
    assert {"float32", "float64", "bfloat16"} <= set(inputs.values())
    floating = name.startswith("float")
    want = {i: "pass" if floating and PRECISION[name] >= PRECISION[d] else "dtype" for i, d in inputs.items()}
    got = statuses(report)
    assert got == want
    assert all(name in message(report, i) for i in got if want[i] == "dtype")


def test_float32_result_for_float64_inputs_passes_at_float32_tolerance(tmp_path):
    # transformers' ForCausalLMLoss idiom, `logits.float()`: float32 is float32 precision or
    # better, so it passes for float64 and bfloat16 inputs alike; on `beyond-half-range`
    # (float64 logits beyond 65504) float32 rounding is ~4e-3 of the loss's inputs, far outside
    # float64's tolerance: it passes only because it is judged at float32's
    src = SFT_TORCH + SFT_GOOD_TORCH + """
def sft_loss(logits, labels, ignore_index=-100):
    return _loss(logits.float(), labels, ignore_index)
"""
    report = graded(tmp_path, src)
    inputs = {c.id: case_dtype(c) for c in build_cases(get_problem("sft-loss"), "torch", SEED)}
    assert inputs["beyond-half-range"] == "float64" and inputs["bfloat16"] == "bfloat16"
    assert report.verdict == "pass", [(c.id, c.status, message(report, c.id)) for c in report.cases if not c.passed]


def test_bfloat16_torch_result_is_dtype_naming_it(tmp_path):
    src = SM_TORCH + STABLE_TORCH + """
def softmax(x, dim=-1):
    return _stable(x, dim).to(torch.bfloat16)
"""
    report = graded(tmp_path, src)
    got = statuses(report)
    # bfloat16 for bfloat16 inputs keeps the inputs' precision: that one case passes
    assert got.pop("bfloat16") == "pass"
    assert set(got.values()) == {"dtype"}, got
    assert all("bfloat16" in message(report, i) for i in got)


@pytest.mark.parametrize("cast,name", [(".astype(np.float16)", "float16"), (".astype(np.int64)", "int64")])
def test_coarse_or_non_floating_numpy_array_is_dtype_naming_it(tmp_path, cast, name):
    src = SM_NP + STABLE_NP + f"""
def softmax(x, axis=-1):
    return _stable(x, axis){cast}
"""
    report = graded(tmp_path, src)
    got = statuses(report)
    # float16 is coarser than float32 and float64; an integer array is never floating
    assert set(got.values()) == {"dtype"}, got
    assert all(name in message(report, i) for i in got)


def test_integer_torch_scalar_is_dtype(tmp_path):
    src = SFT_TORCH + """
def sft_loss(logits, labels, ignore_index=-100):
    return (labels[:, 1:] != ignore_index).sum()
"""
    report = graded(tmp_path, src)
    assert set(statuses(report).values()) == {"dtype"}
    assert "int64" in message(report, "float64")


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "int64", "bool", "uint8"])
def test_torch_result_keeps_its_dtype_across_the_sandbox(tmp_path, dtype):
    """What the judge receives is the candidate's own dtype, never a converted one."""
    from sftkl.sandbox.session import Run

    f = write(tmp_path / "f.py", f"import torch\ndef f(x):\n    return (x * 3).to(torch.{dtype})\n")
    run = Run("torch", str(f), ["f"], [], Limits())
    try:
        spec = {"kind": "array", "index": 0, "layout": "contiguous", "grad": False}
        msg = ({"batch": [{"id": "a", "call": "f", "args": [spec], "cotangent": None}]}, [np.ones((2, 3), np.float32)])
        (reply,) = list(run.replies([msg]))
    finally:
        run.close()
    assert reply.result["outcome"] == "returned" and reply.result["pytype"] == "tensor"
    value = reply.arrays[reply.result["value"]]
    assert value.dtype == np.dtype(dtype) and value.shape == (2, 3)
    assert np.array_equal(value, np.full((2, 3), 3).astype(dtype))


# -- value tolerance -------------------------------------------------------------


@pytest.mark.parametrize("f32,f64,passes", [
    # float32 rtol 2e-4, float64 rtol 1e-6: outside fails; a 100x looser tolerance would pass
    (1 + 2e-3, 1 + 2e-5, False),
    (1 + 2e-5, 1 + 2e-7, True),
])
def test_value_tolerance_is_tight_enough_and_loose_enough(tmp_path, f32, f64, passes):
    src = SFT_NP + SFT_GOOD_NP + f"""
def sft_loss(logits, labels, ignore_index=-100):
    f = {f32!r} if logits.dtype == np.float32 else {f64!r}
    return np.asarray(_loss(logits, labels, ignore_index)) * f
"""
    report = graded(tmp_path, src)
    got = statuses(report)
    if passes:
        assert report.verdict == "pass", got
        return
    # every case whose loss is not 0 is wrong, float32 and float64 alike
    zero = {"all-ignored", "t-equals-1"}
    assert {i for i, s in got.items() if s == "wrong"} == set(got) - zero, got
    assert {got[i] for i in zero} == {"pass"}


def test_value_absolute_tolerance_grows_with_the_inputs_magnitude(tmp_path):
    # float32 rounding grows with the inputs (logits of 1e4): an error of half the absolute
    # tolerance (2e-5 times the largest input) on every entry must pass
    src = SM_NP + STABLE_NP + """
def softmax(x, axis=-1):
    y = _stable(x, axis)
    return y + np.float32(1e-5) * np.abs(x).max() if x.dtype == np.float32 else y
"""
    report = graded(tmp_path, src)
    assert report.verdict == "pass", [(c.id, c.status, message(report, c.id)) for c in report.cases if not c.passed]


# -- mutated inputs --------------------------------------------------------------


def test_in_place_add_under_no_grad_is_mutated(tmp_path):
    # softmax is shift-invariant: value and gradient stay right, only the caller's tensor changed
    src = SFT_TORCH + SFT_GOOD_TORCH + """
def sft_loss(logits, labels, ignore_index=-100):
    with torch.no_grad():
        logits.add_(1)
    return _loss(logits, labels, ignore_index)
"""
    report = graded(tmp_path, src)
    assert set(statuses(report).values()) == {"mutated"}
    assert all("logits" in message(report, c.id) for c in report.cases)


def test_torch_labels_changed_after_the_answer_is_mutated(tmp_path):
    src = SFT_TORCH + SFT_GOOD_TORCH + """
def sft_loss(logits, labels, ignore_index=-100):
    out = _loss(logits, labels, ignore_index)
    labels.fill_(ignore_index)
    return out
"""
    report = graded(tmp_path, src)
    got = statuses(report)
    assert got["all-ignored"] == "pass"  # filled with what it already held
    assert {s for i, s in got.items() if i != "all-ignored"} == {"mutated"}
    assert "labels" in message(report, "one-kept") and "logits" not in message(report, "one-kept")


def test_numpy_input_changed_then_raising_is_mutated(tmp_path):
    src = SFT_NP + """
def sft_loss(logits, labels, ignore_index=-100):
    logits *= 2.0
    raise ValueError("gave up")
"""
    report = graded(tmp_path, src)
    assert set(statuses(report).values()) == {"mutated"}
    assert "logits" in message(report, "float64")


# -- forbidden calls -------------------------------------------------------------


@pytest.mark.parametrize("call,catch", [
    ("torch.softmax(x, dim)", "Exception"),
    ("torch.nn.functional.softmax(x, dim=dim)", "Exception"),
    ("x.softmax(dim)", "Exception"),
    ("torch.log_softmax(x, dim).exp()", "BaseException"),  # catches the tripwire itself
])
def test_a_forbidden_builtin_is_forbidden_even_inside_try(tmp_path, call, catch):
    src = SM_TORCH + STABLE_TORCH + f"""
def softmax(x, dim=-1):
    try:
        return {call}
    except {catch}:
        return _stable(x, dim)
"""
    report = graded(tmp_path, src)
    assert set(statuses(report).values()) == {"forbidden"}
    assert "which this problem forbids" in message(report, "axis-0")


# -- expected exceptions ---------------------------------------------------------

KLP_DISPATCH = KLP_TORCH + KLP_GOOD + """
def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
{check}
    if agg not in _AGGS:
        raise ValueError(agg)
    return _kl(log_probs, ref_log_probs, _MODES.get(mode, "k3"), mask, agg)
"""


@pytest.mark.parametrize("check,expect", [
    ("    pass", {"unknown-mode-k4": "wrong", "unknown-mode-upper-k3": "wrong"}),
    ("    mode = mode.lower()\n    if mode not in _MODES:\n        raise ValueError(mode)", {"unknown-mode-upper-k3": "wrong"}),
    ("    if mode not in _MODES:\n        raise KeyError(mode)", {"unknown-mode-k4": "error", "unknown-mode-upper-k3": "error"}),
    ("    class ModeError(ValueError):\n        pass\n    if mode not in _MODES:\n        raise ModeError(mode)", {}),
])
def test_unknown_modes_must_raise_value_error(tmp_path, check, expect):
    report = graded(tmp_path, KLP_DISPATCH.replace("{check}", check))
    failing = {i: s for i, s in statuses(report).items() if s != "pass"}
    assert failing == expect
    for cid, status in expect.items():
        want = "but the function returned" if status == "wrong" else "expected ValueError to be raised, got KeyError"
        assert want in message(report, cid)


# -- diagnosis -------------------------------------------------------------------


def _raising_sft(text: str) -> str:
    return SFT_TORCH + SFT_GOOD_TORCH + f"""
def sft_loss(logits, labels, ignore_index=-100):
    if (labels[:, 1:] == ignore_index).any():
        raise IndexError({text!r})
    return _loss(logits, labels, ignore_index)
"""


def test_a_raising_mistake_is_named_when_its_message_matches(tmp_path):
    report = graded(tmp_path, _raising_sft("index -100 is out of bounds for dimension 1 with size 11"))
    assert "error" in statuses(report).values()
    assert [d.id for d in report.diagnoses] == ["ignore-index-missing"]


def test_a_raising_mistake_is_not_named_for_another_message(tmp_path):
    report = graded(tmp_path, _raising_sft("no such token"))
    assert "error" in statuses(report).values()
    assert report.diagnoses == ()


def test_a_typed_raising_mistake_is_not_named_for_another_exception(tmp_path):
    # fails exactly where `.view` on a non-contiguous slice fails, but with another exception
    src = SFT_TORCH + SFT_GOOD_TORCH + """
def sft_loss(logits, labels, ignore_index=-100):
    try:
        logits[:, :-1].view(-1, logits.size(-1))
    except RuntimeError:
        raise ValueError("cannot flatten these logits") from None
    return _loss(logits, labels, ignore_index)
"""
    report = graded(tmp_path, src)
    assert statuses(report)["noncontiguous"] == "error"
    assert report.diagnoses == ()


def test_nan_never_matches_a_finite_mistake(tmp_path):
    # NaN exactly where softmax-wrong-axis's model is wrong, right everywhere else
    src = SM_NP + STABLE_NP + """
def softmax(x, axis=-1):
    if axis % x.ndim != x.ndim - 1:
        return np.full(x.shape, np.nan)
    return _stable(x, axis)
"""
    report = graded(tmp_path, src)
    assert statuses(report)["axis-0"] == "nan"
    assert report.diagnoses == ()


def test_a_mistake_whose_model_contradicts_a_passed_case_is_not_named(tmp_path):
    # the shift is reversed on float64 inputs only: shift-reversed's model is wrong on the
    # float32 cases this submission passes, so it is not what the learner did
    src = SFT_NP + SFT_GOOD_NP + """
def sft_loss(logits, labels, ignore_index=-100):
    if logits.dtype == np.float64:
        logits, labels = logits[::-1], labels[::-1]
    return _loss(logits, labels, ignore_index)
"""
    report = graded(tmp_path, src)
    got = statuses(report)
    assert got["float64"] == "wrong" and got["overflow-1e4"] == "pass"
    assert report.diagnoses == ()


def _sum_not_mean_sft(crash: bool) -> str:
    # the sum over kept tokens instead of their mean (sft-loss's sum-not-mean), and optionally
    # a crash on `t-equals-1`, where the sum and the mean are both 0
    return SFT_NP + SFT_GOOD_NP + f"""
import os, signal

def sft_loss(logits, labels, ignore_index=-100):
    if {crash!r} and logits.shape[0] == 1:
        os.kill(os.getpid(), signal.SIGSEGV)
    return _loss(logits, labels, ignore_index) * max(1, int((labels[1:] != ignore_index).sum()))
"""


def test_a_case_no_model_can_speak_to_rules_every_mistake_out(tmp_path):
    # without the crash the mistake is named; a crash says nothing a model can reproduce, so with
    # it nothing is named, though the model still matches every other case
    assert [d.id for d in graded(tmp_path, _sum_not_mean_sft(False)).diagnoses] == ["sum-not-mean"]
    report = graded(tmp_path, _sum_not_mean_sft(True))
    got = statuses(report)
    assert got["t-equals-1"] == "crash" and "wrong" in got.values()
    assert report.diagnoses == ()


# -- crashes, restarts and limits ------------------------------------------------

# numpy sft-loss: the third case is `t-equals-1`, the only one with T == 1
CRASH_ON_T1 = SFT_NP + SFT_GOOD_NP + """
import os, signal

def sft_loss(logits, labels, ignore_index=-100):
    if logits.shape[0] == 1:
        os.kill(os.getpid(), signal.SIGSEGV)
    return _loss(logits, labels, ignore_index)
"""


def test_a_crash_costs_one_case_and_the_next_cases_run(tmp_path):
    report = graded(tmp_path, CRASH_ON_T1)
    assert report.cases[2].id == "t-equals-1"
    got = [c.status for c in report.cases]
    assert got[2] == "crash" and got[:2] + got[3:] == ["pass"] * (len(got) - 1), got
    assert "SIGSEGV" in message(report, "t-equals-1")


def test_crashing_on_every_case_stops_after_three_restarts(tmp_path):
    src = SFT_NP + "import os\n\ndef sft_loss(logits, labels, ignore_index=-100):\n    os._exit(3)\n"
    report = graded(tmp_path, src)
    got = [c.status for c in report.cases]
    assert got == ["crash"] * 4 + ["not-run"] * (len(got) - 4), got
    assert "exited (code 3)" in report.cases[0].message.render("en")
    assert "died too many times" in report.cases[4].message.render("en")


def test_a_restart_that_no_longer_loads_leaves_the_rest_not_run(tmp_path, basic_isolation):
    # basic isolation: the file keeps state across its processes in a host file, which the
    # sandbox (rightly) never lets it see
    marker = tmp_path / "loaded-once"
    src = SFT_NP + SFT_GOOD_NP + f"""
import os, pathlib
_m = pathlib.Path({str(marker)!r})
if _m.exists():
    raise RuntimeError("second load")
_m.write_text("x")

def sft_loss(logits, labels, ignore_index=-100):
    if logits.shape[0] == 1:
        os._exit(1)
    return _loss(logits, labels, ignore_index)
"""
    report = graded(tmp_path, src)
    got = [c.status for c in report.cases]
    assert report.error is None and len(got) == len(build_cases(get_problem("sft-loss"), "numpy", SEED))
    assert got[:3] == ["pass", "pass", "crash"] and set(got[3:]) == {"not-run"}, got
    assert "died too many times" in report.cases[3].message.render("en")


def test_a_tight_cpu_loop_is_stopped_by_the_cpu_limit_and_is_a_timeout(tmp_path):
    src = SFT_NP + "def sft_loss(logits, labels, ignore_index=-100):\n    while True:\n        pass\n"
    report = graded(tmp_path, src, limits=Limits(case_wall_s=20.0, case_cpu_s=1.0, import_wall_s=30.0))
    got = [c.status for c in report.cases]
    assert got == ["timeout"] + ["not-run"] * (len(got) - 1), got
    assert "of CPU time" in report.cases[0].message.render("en")  # SIGXCPU, long before the 20 s wall limit


def test_the_cpu_budget_is_per_case(tmp_path):
    # four cases of ~0.7 s CPU each under a 1 s per-case CPU limit: each is within its own budget
    src = SFT_NP + SFT_GOOD_NP + """
import time
_calls = [0]

def sft_loss(logits, labels, ignore_index=-100):
    _calls[0] += 1
    if _calls[0] <= 4:
        t = time.process_time()
        while time.process_time() - t < 0.7:
            pass
    return _loss(logits, labels, ignore_index)
"""
    report = graded(tmp_path, src, limits=Limits(case_wall_s=30.0, case_cpu_s=1.0, import_wall_s=30.0))
    assert report.verdict == "pass", [(c.id, c.status, message(report, c.id)) for c in report.cases if not c.passed]


def test_a_sleep_is_stopped_by_the_wall_clock_limit(tmp_path):
    src = SFT_NP + "import time\n\ndef sft_loss(logits, labels, ignore_index=-100):\n    time.sleep(10)\n"
    t0 = time.monotonic()
    report = graded(tmp_path, src, limits=Limits(case_wall_s=1.0, case_cpu_s=1.0, import_wall_s=30.0))
    got = [c.status for c in report.cases]
    assert got == ["timeout"] + ["not-run"] * (len(got) - 1), got
    assert "of wall time" in report.cases[0].message.render("en")
    assert "timed out first" in report.cases[1].message.render("en")
    assert time.monotonic() - t0 < 9.5  # stopped at the limit, not after the 10 s sleep
