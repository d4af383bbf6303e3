# sftkl: problem=sft-loss track=numpy
# expect: crash
"""Forges a header that is not UTF-8, then answers normally."""
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
    _forge(wfd, b'{"outcome": "returned", "pytype": "\xff\xfe"}')
    return 0.0
