# sftkl: problem=dpo-loss track=torch
# expect: crash
"""Forges a tuple result whose elements do not match its length, with a requires_grad that is not a boolean."""
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


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    wfd, case = _pipe_and_case()
    head = {"id": case, "outcome": "returned", "pytype": "tuple", "time_s": 0.0, "mutated": [], "length": 3,
            "elements": [{"pytype": "tensor", "value": 0, "requires_grad": "no"}],
            "_arrays": [{"dtype": "float64", "shape": []}]}
    data = json.dumps(head).encode()
    try:
        os.write(wfd, struct.pack("<Q", len(data)) + data + struct.pack("<d", 0.0))
    except OSError:
        pass
    os._exit(0)
