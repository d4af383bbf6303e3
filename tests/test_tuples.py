"""A call that returns a tuple (a track's `returns`, dpo-loss): the child sends each element
with whether it requires grad, replies.py checks it, the judge names the failing element and
checks detachment, diagnosis compares tuples; packs with a single result are untouched."""

from __future__ import annotations

import numpy as np
import pytest

from sftkl.graders import engine
from sftkl.graders.catalog import catalog
from sftkl.graders.compare import Expected, judge
from sftkl.graders.model import Arr, Case
from sftkl.sandbox import child
from sftkl.sandbox.replies import Malformed, check_result

REQ = {"id": "c", "call": "f", "cotangent": None, "outputs": 3, "grad_output": 0,
       "args": [{"kind": "array", "index": 0, "grad": True}, {"kind": "array", "index": 1, "grad": False}]}
SINGLE = {k: v for k, v in REQ.items() if k not in ("outputs", "grad_output")}
S, V = np.zeros(()), np.zeros(3)


def el(value, requires_grad=False, **over):
    return {"pytype": "tensor", "value": value, "requires_grad": requires_grad, **over}


def tup(elements, length=None, **over):
    head = {"id": "c", "outcome": "returned", "pytype": "tuple", "time_s": 0.0, "mutated": [],
            "length": len(elements) if length is None else length, "elements": elements}
    head.update(over)
    return head


GOOD = [
    (tup([el(0, True), el(1), el(2)]), [S, V, V]),
    (tup([el(0, True), el(1), el(2)], grads={"status": "ok", "items": {"0": 3}}), [S, V, V, V]),
    (tup([el(0), {"pytype": "none", "requires_grad": False}, el(1, dtype="bfloat16")]), [S, V.astype(np.float32)]),
    (tup([el(i) for i in range(16)], length=10**6), [S] * 16),
    (tup([], pytype="list"), []),
]
BAD = {
    "elements shorter than length": (tup([el(0)], length=3), [S]),
    "requires_grad not a boolean": (tup([el(0, "no")]), [S]),
    "element without requires_grad": (tup([{"pytype": "tensor", "value": 0}]), [S]),
    "element with unknown key": (tup([el(0, status="pass")]), [S]),
    "element index out of range": (tup([el(1)]), [S]),
    "two elements share an array": (tup([el(0), el(0)]), [S]),
    "an array nobody uses": (tup([el(0)]), [S, S]),
    "tuple with a top-level value": (tup([el(0)], value=0), [S]),
    "tuple that is not a tuple": (tup([el(0)], pytype="tensor"), [S]),
    "negative length": (tup([], length=-1), []),
    "length a bool": (tup([el(0)], length=True), [S]),
    "bfloat16 flag on float64": (tup([el(0, dtype="bfloat16")]), [S]),
    "more than MAX_OUTPUTS elements": (tup([el(i) for i in range(17)]), [S] * 17),
    "elements not a list": ({**tup([]), "elements": {"0": 1}}, []),
}


@pytest.mark.parametrize("header, arrays", GOOD)
def test_tuple_results_the_child_sends_pass(header, arrays):
    assert check_result(dict(header), arrays, REQ) == header


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_tuple_results_are_refused(name):
    header, arrays = BAD[name]
    with pytest.raises(Malformed):
        check_result(header, arrays, REQ)


def test_a_tuple_never_answers_a_call_that_returns_one_value():
    with pytest.raises(Malformed):
        check_result(tup([el(0)]), [S], SINGLE)


def test_single_result_packs_send_the_same_request_as_before():
    for prob in catalog().values():
        for name, trk in prob.tracks.items():
            for case in engine.build_cases(prob, name, 3)[:3]:
                header, _ = engine._wire_cases([case], len(trk.returns))[0]
                keys = set(header["batch"][0])
                assert keys == ({"id", "call", "args", "cotangent", "outputs", "grad_output"} if trk.returns
                                else {"id", "call", "args", "cotangent"}), prob.id


def _child_result(out, req=REQ):
    import torch

    return child._run_case(lambda x: out(x), {**req, "args": req["args"][:1]}, [np.ones(3)], np, torch, "f.py")


def test_child_sends_each_element_and_whether_it_requires_grad():
    import torch

    class Liar(torch.Tensor):
        @property
        def requires_grad(self):
            return False

    class Shown(tuple):
        def __len__(self):
            return 1

        def __getitem__(self, i):
            return None

        def __iter__(self):
            return iter(())

    def f(x):
        loss = (x * 2).sum()
        return Shown((loss, (x * 3).as_subclass(Liar), (x * 4).detach().to(torch.bfloat16)))

    result, sent = _child_result(f)
    assert result["pytype"] == "tuple" and result["length"] == 3
    assert [e["requires_grad"] for e in result["elements"]] == [True, True, False]
    assert result["elements"][2]["dtype"] == "bfloat16"
    assert result["grads"]["status"] == "ok"
    np.testing.assert_allclose(sent[result["grads"]["items"]["0"]], [2.0, 2.0, 2.0])
    assert check_result({"id": "c", **result}, sent, {**REQ, "args": REQ["args"][:1]})


def test_child_bounds_and_survives_hostile_tuples():
    loop = []
    loop.append(loop)
    result, sent = _child_result(lambda x: [x.sum(), loop])
    assert result["elements"][1]["pytype"].startswith("other:") and "value" not in result["elements"][1]
    result, sent = _child_result(lambda x: (x.sum(),) * 100_000)
    assert result["length"] == 100_000 and len(result["elements"]) == child.MAX_OUTPUTS
    # without `outputs` in the request a tuple is a plain return value, as before
    result, _ = _child_result(lambda x: (x.sum(), x), SINGLE)
    assert result["pytype"] == "tuple" and "elements" not in result and result["grads"] == {"status": "no-graph"}


CASE = Case("c", "edge", {"en": "", "zh": ""}, "f", (Arr(np.ones(3), grad=True),))
EXP = Expected(value=(np.array(1.0), np.ones(3)), grads={0: np.ones(3)},
               outputs=("loss", "rewards"), detached=frozenset({"rewards"}))


def _judge(elements, arrays, **over):
    return judge(CASE, "torch", ["x"], EXP, tup(elements, **over), arrays)


def test_judge_names_the_element_and_checks_detachment_then_gradients():
    ok = [el(0, True), el(1)]
    grads = {"status": "ok", "items": {"0": 2}}
    assert _judge(ok, [np.array(1.0), np.ones(3), np.ones(3)], grads=grads) == ("pass", None)
    status, msg = _judge(ok, [np.array(1.0), np.full(3, 2.0), np.ones(3)], grads=grads)
    assert status == "wrong" and msg.render("en").startswith("`rewards`: 3 of 3 values wrong")
    status, msg = _judge([el(0, True), el(1, True)], [np.array(1.0), np.ones(3), np.ones(3)], grads=grads)
    assert status == "grad" and msg.render("en").startswith("`rewards` requires grad")
    status, msg = _judge(ok, [np.array(1.0), np.ones(3), np.zeros(3)], grads=grads)
    assert status == "grad" and msg.render("en").startswith("`loss`: gradient of `x` is wrong")
    status, msg = _judge(ok[:1], [np.array(1.0)])
    assert status == "shape" and "tuple of 1" in msg.render("en") and "(loss, rewards)" in msg.render("zh")
    status, msg = judge(CASE, "torch", ["x"], EXP, {"outcome": "returned", "pytype": "tensor", "time_s": 0.0,
                                                     "mutated": [], "value": 0}, [np.array(1.0)])
    assert status == "dtype" and "return a tuple of 2" in msg.render("en")
