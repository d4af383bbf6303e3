# sftkl: problem=sft-loss track=numpy
# expect: wrong
"""Returns an ndarray subclass that claims to equal anything and lies through __array__ and __reduce__."""
import numpy as np

class Liar(np.ndarray):
    def __eq__(self, other):
        return True
    __ne__ = lambda self, other: False
    def __array__(self, *a, **k):
        return np.asarray(0.0)
    def __reduce__(self):
        return (eval, ("__import__(\x27os\x27).system(\x27touch /tmp/sftkl-pwned\x27)",))
    def __float__(self):
        return 0.0

def sft_loss(logits, labels, ignore_index=-100):
    return np.asarray(123.0).view(Liar)
