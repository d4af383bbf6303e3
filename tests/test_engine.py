"""The engine through its library API: load errors, statuses, diagnosis, isolation basics."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from conftest import write
from sftkl.sandbox.child import apply_layout
from sftkl.graders.engine import grade
from sftkl.graders.errors import ProblemNotFound, SubmissionError, TrackNotFound

NP_HEAD = "# sftkl: problem=sft-loss track=numpy\nimport numpy as np\n"
TORCH_HEAD = "# sftkl: problem=sft-loss track=torch\nimport torch\nimport torch.nn.functional as F\n"
GOOD_NP = NP_HEAD + """
def sft_loss(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    x = x[keep]
    m = x.max(-1, keepdims=True)
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return -lp[np.arange(len(x)), y[keep]].mean()
"""


def load_error(tmp_path, src, **kw):
    report = grade(write(tmp_path / "s.py", src), seed=1, **kw)
    assert report.verdict == "fail" and report.error is not None
    assert all(c.status == "not-run" for c in report.cases)
    return report.error.render("en")


def test_good_numpy_solution_passes(tmp_path):
    report = grade(write(tmp_path / "s.py", GOOD_NP), seed=3)
    assert report.verdict == "pass" and report.passed == report.total > 10


def test_syntax_error_names_the_line(tmp_path):
    assert load_error(tmp_path, NP_HEAD + "def sft_loss(logits, labels\n    return 0\n").startswith("syntax error on line 3: ")


def test_non_utf8_file_is_reported(tmp_path):
    p = tmp_path / "s.py"
    p.write_bytes(NP_HEAD.encode() + b"x = '\xff\xfe'\n")
    report = grade(p, seed=1)
    assert "not valid UTF-8 (line 3" in report.error.render("en")


def test_missing_import_is_named(tmp_path):
    assert "imports 'scipyy'" in load_error(tmp_path, NP_HEAD + "import scipyy\n")


def test_misspelled_function_is_named_with_a_suggestion(tmp_path):
    msg = load_error(tmp_path, NP_HEAD + "def sft_los(logits, labels, ignore_index=-100):\n    return 0.0\n")
    assert "no function 'sft_loss'" in msg and "did you mean 'sft_los'" in msg


def test_exception_at_import_is_reported_with_line(tmp_path):
    msg = load_error(tmp_path, NP_HEAD + "raise RuntimeError('boom')\n")
    assert msg == "your file raised RuntimeError when imported (line 3): boom"


def test_sys_exit_at_import_is_a_load_error(tmp_path):
    assert "sys.exit(3)" in load_error(tmp_path, NP_HEAD + "import sys\nsys.exit(3)\n")


def test_importing_the_grader_from_a_submission_fails(tmp_path):
    msg = load_error(tmp_path, NP_HEAD + "from sftkl.problems.sft_loss import reference\n")
    assert "cannot be imported from a submission" in msg


def test_wrong_return_type_gets_dtype(tmp_path):
    report = grade(write(tmp_path / "s.py", NP_HEAD + "def sft_loss(l, y, ignore_index=-100):\n    return 'zero'\n"), seed=1)
    assert {c.status for c in report.cases} == {"dtype"}
    assert "returned str" in report.cases[0].message.render("en")


def test_wrong_shape_gets_shape(tmp_path):
    src = GOOD_NP.replace("return -lp[np.arange(len(x)), y[keep]].mean()", "return -lp[np.arange(len(x)), y[keep]]")
    report = grade(write(tmp_path / "s.py", src), seed=1)
    assert "shape" in {c.status for c in report.cases}


def test_nan_output_gets_nan(tmp_path):
    report = grade(write(tmp_path / "s.py", NP_HEAD + "def sft_loss(l, y, ignore_index=-100):\n    return float('nan')\n"), seed=1)
    assert {c.status for c in report.cases} == {"nan"}


def test_mutating_inputs_gets_mutated_even_when_the_answer_is_right(tmp_path):
    src = GOOD_NP.replace("    x, y = logits[:-1], labels[1:]\n", "    x, y = logits[:-1], labels[1:]\n    logits[...] = logits\n    labels[0] = labels[0]\n    logits += 0.0\n    labels[:1] = ignore_index\n")
    report = grade(write(tmp_path / "s.py", src), seed=1)
    statuses = {c.id: c.status for c in report.cases}
    assert "mutated" in statuses.values()
    msg = next(c.message.render("en") for c in report.cases if c.status == "mutated")
    assert "labels" in msg


def test_candidate_output_is_captured_not_mixed_into_results(tmp_path):
    src = GOOD_NP.replace("    x, y = logits", "    print('hello from the candidate')\n    x, y = logits")
    report = grade(write(tmp_path / "s.py", src), seed=1)
    assert report.verdict == "pass"
    assert "hello from the candidate" in report.stdout


def test_header_can_be_overridden_or_supplied(tmp_path):
    body = GOOD_NP.replace(NP_HEAD, "import numpy as np\n")
    p = write(tmp_path / "s.py", body)
    with pytest.raises(SubmissionError):
        grade(p)
    assert grade(p, problem="sft-loss", track="numpy", seed=2).verdict == "pass"


def test_unknown_problem_and_track_are_usage_errors(tmp_path):
    p = write(tmp_path / "s.py", GOOD_NP)
    with pytest.raises(ProblemNotFound):
        grade(p, problem="sft-los")
    with pytest.raises(TrackNotFound):
        grade(p, track="jax")
    with pytest.raises(SubmissionError):
        grade(tmp_path / "missing.py")


def test_seed_is_reported_and_reproducible(tmp_path):
    p = write(tmp_path / "s.py", GOOD_NP)
    a, b = grade(p, seed=42), grade(p, seed=42)
    assert a.seed == b.seed == 42
    assert [c.id for c in a.cases] == [c.id for c in b.cases]
    assert isinstance(grade(p).seed, int)


def test_torch_missing_gradient_gets_grad(tmp_path):
    src = TORCH_HEAD + """
def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].reshape(-1, logits.size(-1))
    y = labels[:, 1:].reshape(-1)
    n = (y != ignore_index).sum()
    if n == 0:
        return torch.tensor(0.0, dtype=logits.dtype)
    return F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum").detach() / n
"""
    report = grade(write(tmp_path / "s.py", src), seed=1)
    assert {c.status for c in report.cases} == {"grad"}
    assert "carries no gradient" in report.cases[0].message.render("en")


def test_torch_item_returns_wrong_type(tmp_path):
    src = TORCH_HEAD + """
def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].reshape(-1, logits.size(-1))
    y = labels[:, 1:].reshape(-1)
    n = (y != ignore_index).sum()
    return (F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum") / n.clamp(min=1)).item()
"""
    report = grade(write(tmp_path / "s.py", src), seed=1)
    assert {c.status for c in report.cases} == {"dtype"}
    assert "returned float; return a torch tensor" in report.cases[0].message.render("en")


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "strided"])
def test_layouts_keep_values(layout):
    x = np.arange(24.0).reshape(2, 3, 4)
    y = apply_layout(x, layout)
    assert np.array_equal(x, y)
    assert y.flags.c_contiguous == (layout == "contiguous")


def test_two_mistakes_are_both_named(tmp_path):
    src = NP_HEAD + """
def sft_loss(logits, labels, ignore_index=-100):
    x, y = logits[1:], labels[:-1]
    keep = y != ignore_index
    x = x[keep]
    m = x.max(-1, keepdims=True) if len(x) else 0
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return -lp[np.arange(len(x)), y[keep]].sum() / keep.sum()
"""
    report = grade(write(tmp_path / "s.py", src), seed=4)
    assert {d.id for d in report.diagnoses} == {"shift-reversed", "nan-all-ignored"}


def test_efficiency_note_for_a_loop_over_tokens_not_for_vectorized():
    from conftest import CORPUS

    loop = grade(CORPUS / "correct/sft-loss/numpy/loop_stable_lse.py", seed=1)
    vec = grade(CORPUS / "correct/sft-loss/numpy/log_softmax_fancy_index.py", seed=1)
    assert loop.verdict == vec.verdict == "pass"
    assert [n.key for n in loop.notes] == ["note.slow"]
    assert "many-tokens" in loop.notes[0].render("en") and "向量化" in loop.notes[0].render("zh")
    assert vec.notes == ()
    timed = [c for c in vec.cases if c.timing is not None]
    assert {c.id for c in timed} == {"vocab-32k", "many-tokens"}
    assert all(c.timing.candidate_s > 0 and c.timing.reference_s > 0 for c in timed)


def test_closing_a_child_twice_never_touches_other_descriptors():
    from sftkl.sandbox import process
    from sftkl.sandbox.limits import Limits

    child = process.Child("numpy", Limits())
    child.close()
    r, w = os.pipe()  # likely to reuse the numbers the child's pipes had
    try:
        child.close()
        os.write(w, b"still open")
        assert os.read(r, 64) == b"still open"
    finally:
        os.close(r)
        os.close(w)


def test_a_prestarted_child_is_taken_by_the_next_grade_of_its_track():
    from sftkl.sandbox import launch, pool
    from sftkl.sandbox.limits import Limits

    pool.prestart("numpy")
    spare = launch._early["numpy"]
    assert spare.pid in launch.waiting_pids()
    child = pool.acquire("numpy", Limits())
    try:
        assert child.pid == spare.pid and not launch.waiting_pids()
    finally:
        child.close()
    assert not os.path.exists(spare.workdir)


def test_a_prestarted_child_that_died_is_replaced_not_used():
    import signal

    from sftkl.sandbox import launch, pool
    from sftkl.sandbox.limits import Limits

    pool.prestart("numpy")
    spare = launch._early["numpy"]
    os.killpg(spare.pid, signal.SIGKILL)
    spare.popen.wait()
    child = pool.acquire("numpy", Limits())
    try:
        assert child.pid != spare.pid
        assert not os.path.exists(spare.workdir)  # the dead one's scratch directory went with it
    finally:
        child.close()


def test_limits_arrive_with_the_file_and_hold_for_a_prestarted_child(tmp_path):
    from sftkl.sandbox import pool
    from sftkl.sandbox.limits import Limits

    hog = write(tmp_path / "hog.py", NP_HEAD + "big = bytearray(600 * 1024 * 1024)\n" + GOOD_NP.split("\n", 1)[1])
    pool.prestart("numpy")
    report = grade(hog, seed=1, limits=Limits(memory_mb=400))
    assert report.error is not None and report.error.key == "load.memory"


# -- a failing value's message shows where the two values differ, how far apart, and what is allowed


@pytest.mark.parametrize(
    "want, got, shown",
    [
        (-0.00217399, -0.002174, ("-0.00217399", "-0.00217400")),  # looked equal as "-0.00217399, got -0.002174"
        (1.0000001, 1.0000003, ("1.0000001", "1.0000003")),  # equal at 6 digits: as many as it takes
        (0.5, 0.5000001, ("0.5000000", "0.5000001")),
        (3.57962, 123.0, ("3.57962", "123")),  # other magnitudes: no padding needed
        (7189.09, 0.0, ("7189.09", "0")),
        (2.0, -2.0, ("2", "-2")),
        (1e-7, 1.2e-7, ("1.0e-07", "1.2e-07")),
    ],
)
def test_fmt_pair_shows_the_digits_where_values_differ(want, got, shown):
    from sftkl.graders.compare import fmt_pair

    assert fmt_pair(want, got) == shown
    a, b = fmt_pair(want, got)
    assert a != b


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("grad", [False, True])
def test_allowed_is_exactly_what_close_accepts(dtype, grad):
    from sftkl.graders.compare import allowed, close

    rng = np.random.default_rng(0)
    want = rng.normal(size=(50, 7)) * 10.0 ** rng.integers(-6, 4, size=(50, 7))
    tol = allowed(want, dtype, 3.0, grad=grad)
    for k in (0.5, 0.999, 1.001, 2.0):
        got = want + k * tol * rng.choice([-1.0, 1.0], size=want.shape)
        assert np.array_equal(close(got, want, dtype, 3.0, grad=grad), np.abs(got - want) <= tol)


def test_wrong_value_message_has_digits_relative_error_and_tolerance(tmp_path):
    src = GOOD_NP.replace("return -lp[np.arange(len(x)), y[keep]].mean()", "return -lp[np.arange(len(x)), y[keep]].mean() * (1 + 3e-6)")
    report = grade(write(tmp_path / "s.py", src), seed=3)
    wrong = [c for c in report.cases if c.status == "wrong"]
    assert wrong and report.verdict == "fail"
    en, zh = wrong[0].message.render("en"), wrong[0].message.render("zh")
    m = re.fullmatch(r"expected (\S+), got (\S+): off by (\S+) \(relative error (\S+)\), allowed (\S+)", en)
    assert m, en
    assert m.group(1) != m.group(2) and len(m.group(1)) == len(m.group(2))
    assert float(m.group(4)) == pytest.approx(3e-6, rel=0.05)
    assert float(m.group(3)) > float(m.group(5))  # off by more than allowed
    assert f"相对误差 {m.group(4)}" in zh and f"允许误差 {m.group(5)}" in zh


def test_wrong_array_and_gradient_messages_name_the_worst_element():
    from sftkl.graders.compare import Expected, _judge_grads, _worst, close

    want = np.array([[1.0, 2.0], [3.0, -0.00217399]])
    got = want.copy()
    got[1, 1] = -0.002174
    ok = close(got, want, "float64", 1.0)
    en = _worst(got, want, ok, "float64", 1.0).render("en")
    assert en == ("1 of 4 values wrong; worst at (1, 1): expected -0.00217399, got -0.00217400: "
                  "off by 1e-08 (relative error 4.6e-06), allowed 3.2e-09")
    status, msg = _judge_grads(Expected(grads={0: want}), {"grads": {"status": "ok", "items": {"0": 0}}},
                               [want * np.array([[1, 1], [1.01, 1]])], ["logits"], "float32")
    assert status == "grad"
    assert msg.render("en") == ("gradient of `logits` is wrong; worst at (1, 0): expected 3.00, got 3.03: "
                                "off by 0.03 (relative error 0.01), allowed 0.0033")
    assert msg.render("zh").startswith("`logits` 的梯度错误;最大误差在 (1, 0):期望 3.00,实际 3.03:相差 0.03(相对误差 0.01)")


@pytest.mark.parametrize("call", [
    "torch.softmax(x, dim)",
    "torch._C._VariableFunctions.softmax(x, dim)",
    "torch._C.TensorBase.softmax(x, dim)",
    "torch.ops.aten.softmax.int(x, dim)",
    "torch.ops.aten._softmax.default(x, dim, False)",
    "torch.exp(torch._C._VariableFunctions.log_softmax(x, dim))",
    "torch.exp(torch.ops.aten._log_softmax(x, dim, False))",
])
def test_builtin_softmax_is_forbidden_however_it_is_reached(call, tmp_path):
    """The softmax problem forbids the built-in: seen at the dispatcher (aten softmax ops),
    not only by name; the name check still gives its clear message for torch.softmax."""
    from sftkl.graders.engine import grade

    f = tmp_path / "softmax.py"
    f.write_text(f"# sftkl: problem=softmax track=torch\nimport torch\n\ndef softmax(x, dim=-1):\n    return {call}\n")
    report = grade(f, seed=3)
    assert report.verdict == "fail"
    assert {c.status for c in report.cases} == {"forbidden"}, [(c.id, c.status) for c in report.cases][:3]
    if call.startswith("torch.softmax"):
        assert "torch.softmax" in report.cases[0].message.render("en")


def _two_fault_models(monkeypatch, ids):
    """Stand-in mistakes for sft-loss (numpy): each id reproduces one of the two faults of
    TWO_FAULTS (`ignore-one`: +1 when ignore_index == -1; `all-ignored`: 0.5 when every
    label is ignored), by its name's prefix."""
    import types

    from sftkl.graders.catalog import Mistake, Problem
    from sftkl.problems.sft_loss.reference import sft_loss_1d

    def model(fault):
        def fn(logits, labels, ignore_index=-100):
            loss = sft_loss_1d(logits, labels, ignore_index)
            if fault == "ignore-one" and ignore_index == -1:
                return loss + 1.0
            if fault == "all-ignored" and labels.size > 1 and (labels == ignore_index).all():
                return 0.5
            return loss
        return fn

    text = {"en": "x", "zh": "x"}
    fakes = tuple(Mistake(i, ("numpy",), text, text, text) for i in ids)
    models = {i: {"numpy": {"sft_loss": model(i.rsplit("-", 1)[0])}} for i in ids}
    real_module = Problem.module
    monkeypatch.setattr(Problem, "mistakes_for", lambda self, track: fakes if self.id == "sft-loss" else ())
    monkeypatch.setattr(Problem, "module", lambda self, name: types.SimpleNamespace(MODELS=models)
                        if name == "mistakes" and self.id == "sft-loss" else real_module(self, name))


TWO_FAULTS = NP_HEAD + """
def sft_loss(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    x = x[keep]
    m = x.max(-1, keepdims=True) if len(x) else 0
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    loss = -lp[np.arange(len(x)), y[keep]].sum() / max(keep.sum(), 1)
    if ignore_index == -1:
        loss = loss + 1.0
    if labels.size > 1 and (labels == ignore_index).all():
        loss = 0.5
    return loss
"""


def test_a_pair_of_mistakes_is_named_when_it_alone_explains_the_failures(tmp_path, monkeypatch):
    _two_fault_models(monkeypatch, ["ignore-one-a", "all-ignored-a"])
    report = grade(write(tmp_path / "s.py", TWO_FAULTS), seed=1)
    assert report.verdict == "fail"
    assert {d.id for d in report.diagnoses} == {"ignore-one-a", "all-ignored-a"}


def test_an_ambiguous_pair_names_nothing(tmp_path, monkeypatch):
    """Two different pairs explain the failures equally well ({ignore-one-a, all-ignored-a} and
    {ignore-one-b, all-ignored-a}, ...): naming either would name a mistake the learner may
    not have made, so nothing is named."""
    _two_fault_models(monkeypatch, ["ignore-one-a", "ignore-one-b", "all-ignored-a"])
    report = grade(write(tmp_path / "s.py", TWO_FAULTS), seed=1)
    assert report.verdict == "fail"
    assert {c.status for c in report.cases} >= {"wrong", "pass"}
    assert report.diagnoses == ()
