# sftkl: problem=sft-loss track=numpy
# expect: crash
"""Forges a result whose fields have the wrong types, then exits."""
import json
import os
import struct
import sys


def _pipe_and_case():
    """The result pipe and the case id, from the grader's frames (as a forger would find them)."""
    f, wfd, case = sys._getframe(1), None, None
    while f is not None:
        if case is None and isinstance(f.f_locals.get("req"), dict):
            case = f.f_locals["req"].get("id")
        if wfd is None and isinstance(f.f_locals.get("wfd"), int):
            wfd = f.f_locals["wfd"]
        f = f.f_back
    return wfd, case


def _forge(wfd, head: bytes, body: bytes = b"", length=None):
    try:
        os.write(wfd, struct.pack("<Q", len(head) if length is None else length) + head + body)
    except OSError:
        pass


def sft_loss(logits, labels, ignore_index=-100):
    wfd, case = _pipe_and_case()
    head = {"id": case, "outcome": "returned", "pytype": 7, "time_s": "fast", "mutated": "none", "value": "0",
            "_arrays": [{"dtype": "float64", "shape": []}]}
    _forge(wfd, json.dumps(head).encode(), struct.pack("<d", 0.0))
    os._exit(0)
