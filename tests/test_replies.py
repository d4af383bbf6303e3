"""Every message from the learner's process is checked before the grading process uses it
(sandbox/replies.py): what child.py sends passes, anything else is `Malformed`."""

from __future__ import annotations

import json
import os
import struct

import numpy as np
import pytest

from sftkl.sandbox import child as wire
from sftkl.sandbox.replies import Malformed, check_loaded, check_ready, check_result

REQUEST = {"id": "case-1", "call": "f", "cotangent": None,
           "args": [{"kind": "array", "index": 0, "grad": True}, {"kind": "array", "index": 1, "grad": False},
                    {"kind": "value", "value": -100}]}
F64 = np.zeros(3)


def returned(**over):
    header = {"id": "case-1", "outcome": "returned", "pytype": "ndarray", "time_s": 0.01, "mutated": [], "value": 0}
    header.update(over)
    return {k: v for k, v in header.items() if v is not DROP}


DROP = object()

GOOD = [
    (returned(), [F64]),
    (returned(dtype="bfloat16"), [np.zeros(3, np.float32)]),  # a bfloat16 tensor travels as float32, flagged
    (returned(value=DROP, pytype="none"), []),
    (returned(grads={"status": "ok", "items": {"0": 1}}), [F64, F64]),
    (returned(grads={"status": "ok", "items": {"0": None}}), [F64]),
    (returned(grads={"status": "no-graph"}), [F64]),
    (returned(grads={"status": "raised", "exception": {"type": "E", "mro": ["E"], "message": "m", "line": None}}), [F64]),
    ({"id": "case-1", "outcome": "raised", "mutated": [1],
      "exception": {"type": "ValueError", "mro": ["ValueError", "Exception"], "message": "x", "line": 3}}, []),
    ({"id": "case-1", "outcome": "forbidden", "name": "torch.softmax"}, []),
    ({"id": "case-1", "outcome": "memory"}, []),
    ({"id": "case-1", "outcome": "file_limit", "limit_mb": 16}, []),
]

BAD = {
    "not an object": ([1, 2], []),
    "unknown outcome": ({"id": "case-1", "outcome": "pass"}, []),
    "another case": (returned(id="case-2"), [F64]),
    "missing pytype": (returned(pytype=DROP), [F64]),
    "missing time": (returned(time_s=DROP), [F64]),
    "missing mutated": (returned(mutated=DROP), [F64]),
    "claims a verdict": (returned(status="pass"), [F64]),
    "pytype not a string": (returned(pytype=7), [F64]),
    "huge pytype": (returned(pytype="x" * 1000), [F64]),
    "value not an int": (returned(value="0"), [F64]),
    "value a bool": (returned(value=True), [F64]),
    "value out of range": (returned(value=1), [F64]),
    "negative value index": (returned(value=-1), [F64]),
    "value but no array": (returned(), []),
    "an array nobody uses": (returned(), [F64, F64]),
    "bfloat16 flag on a float64 array": (returned(dtype="bfloat16"), [F64]),
    "dtype flag other than bfloat16": (returned(dtype="float16"), [np.zeros(3, np.float32)]),
    "dtype flag without a value": (returned(value=DROP, pytype="none", dtype="bfloat16"), []),
    "nan time": (returned(time_s=float("nan")), [F64]),
    "negative time": (returned(time_s=-1.0), [F64]),
    "infinite time": (returned(time_s=float("inf")), [F64]),
    "string time": (returned(time_s="fast"), [F64]),
    "mutated not a list": (returned(mutated="none"), [F64]),
    "mutated out of range": (returned(mutated=[3]), [F64]),
    "mutated repeated": (returned(mutated=[0, 0]), [F64]),
    "mutated strings": (returned(mutated=["0"]), [F64]),
    "grads not an object": (returned(grads=[1]), [F64]),
    "grads unknown status": (returned(grads={"status": "fine"}), [F64]),
    "grads index out of range": (returned(grads={"status": "ok", "items": {"0": 4}}), [F64]),
    "grad for an argument without one": (returned(grads={"status": "ok", "items": {"1": 1}}), [F64, F64]),
    "grad for a bogus position": (returned(grads={"status": "ok", "items": {"x": None}}), [F64]),
    "grad for a non-ASCII digit": (returned(grads={"status": "ok", "items": {"²": None}}), [F64]),
    "grad shares the value's array": (returned(grads={"status": "ok", "items": {"0": 0}}), [F64]),
    "grad not floating": (returned(grads={"status": "ok", "items": {"0": 1}}), [F64, np.zeros(3, np.int64)]),
    "grads raised without exception": (returned(grads={"status": "raised"}), [F64]),
    "raised without exception": ({"id": "case-1", "outcome": "raised", "mutated": []}, []),
    "exception message not a string": ({"id": "case-1", "outcome": "raised", "mutated": [],
                                        "exception": {"type": "E", "mro": ["E"], "message": 5, "line": None}}, []),
    "exception line a string": ({"id": "case-1", "outcome": "raised", "mutated": [],
                                 "exception": {"type": "E", "mro": ["E"], "message": "m", "line": "3"}}, []),
    "exception mro not names": ({"id": "case-1", "outcome": "raised", "mutated": [],
                                 "exception": {"type": "E", "mro": "E", "message": "m", "line": None}}, []),
    "forbidden without name": ({"id": "case-1", "outcome": "forbidden"}, []),
    "memory with arrays": ({"id": "case-1", "outcome": "memory"}, [F64]),
    "file limit negative": ({"id": "case-1", "outcome": "file_limit", "limit_mb": -1}, []),
}


@pytest.mark.parametrize("header, arrays", GOOD)
def test_what_the_child_sends_passes(header, arrays):
    assert check_result(dict(header), arrays, REQUEST) == header


@pytest.mark.parametrize("name", sorted(BAD))
def test_anything_else_is_malformed(name):
    header, arrays = BAD[name]
    with pytest.raises(Malformed):
        check_result(header, arrays, REQUEST)


def test_ready_and_load_replies():
    check_ready({"ready": True}, [])
    assert check_loaded({"loaded": True, "error": None}, []) is None
    err = {"key": "load.syntax", "line": 2, "detail": "invalid syntax"}
    assert check_loaded({"loaded": False, "error": err}, []) == err
    assert check_loaded({"loaded": False, "error": {"key": "load.memory"}}, []) == {"key": "load.memory"}
    for bad in ({"ready": 1}, {"ready": True, "x": 1}, {}, [True]):
        with pytest.raises(Malformed):
            check_ready(bad, [])
    for bad in (
        {"loaded": True},
        {"loaded": True, "error": {"key": "load.memory"}},
        {"loaded": False, "error": None},
        {"loaded": "yes", "error": None},
        {"loaded": False, "error": {"key": "err.internal"}},
        {"loaded": False, "error": {"key": "load.syntax", "line": "2", "detail": "x"}},
        {"loaded": False, "error": {"key": "load.syntax", "line": 2}},
        {"loaded": False, "error": {"key": "load.syntax", "line": 2, "detail": "x", "extra": 1}},
        {"loaded": False, "error": {"key": "load.not_utf8", "byte": -1, "line": 1}},
        {"loaded": False, "error": {"key": "load.exit", "code": "x" * 10000}},
    ):
        with pytest.raises(Malformed):
            check_loaded(bad, [])
    with pytest.raises(Malformed):
        check_loaded({"loaded": True, "error": None}, [F64])


def _recv(raw: bytes, **kw):
    r, w = os.pipe()
    try:
        os.write(w, raw)
        os.close(w)
        return wire.recv(r, **kw)
    finally:
        os.close(r)


@pytest.mark.parametrize(
    "arrays",
    [{"a": 1}, [1], [{"dtype": "object", "shape": []}], [{"dtype": "float64", "shape": [True]}],
     [{"dtype": "float64", "shape": [-1]}], [{"dtype": "float64", "shape": "3"}], [{"dtype": "float64"}] ,
     [{"dtype": "float64", "shape": [1] * 40}], [{"dtype": "float64", "shape": []}] * 100],
)
def test_wire_refuses_bad_array_descriptions(arrays):
    head = json.dumps({"outcome": "memory", "_arrays": arrays}).encode()
    with pytest.raises(ValueError):
        _recv(struct.pack("<Q", len(head)) + head + b"\0" * 64)


def test_wire_bounds_the_bytes_a_message_may_claim():
    head = json.dumps({"_arrays": [{"dtype": "float64", "shape": [1 << 20]}]}).encode()
    with pytest.raises(ValueError):
        _recv(struct.pack("<Q", len(head)) + head, max_bytes=1 << 20)
    with pytest.raises(ValueError):
        _recv(struct.pack("<Q", 1 << 63) + b"{}")
