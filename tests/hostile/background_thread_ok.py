# sftkl: problem=sft-loss track=numpy
# expect: pass
"""A non-daemon thread that never ends, started at import; the answers are right."""
import threading
import time
import numpy as np

threading.Thread(target=lambda: time.sleep(1000)).start()

def _good(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    x = x[keep]
    m = x.max(-1, keepdims=True)
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return -lp[np.arange(len(x)), y[keep]].mean()

sft_loss = _good
