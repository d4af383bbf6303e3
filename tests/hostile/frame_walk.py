# sftkl: problem=sft-loss track=numpy
# expect: wrong
"""Looks for the answer in the caller frames and the garbage collector; the child never holds it."""
import gc
import sys
import numpy as np

def sft_loss(logits, labels, ignore_index=-100):
    seen = []
    f = sys._getframe(1)
    while f is not None:
        seen.extend(v for v in f.f_locals.values() if isinstance(v, float))
        f = f.f_back
    seen.extend(o for o in gc.get_objects() if isinstance(o, dict) and "expected" in o)
    return float(len(seen)) + 1e6
