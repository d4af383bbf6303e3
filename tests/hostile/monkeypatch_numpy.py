# sftkl: problem=sft-loss track=numpy
# expect: wrong
"""Patches numpy so that every comparison looks equal, then answers wrongly."""
import builtins
import numpy as np

np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
builtins.abs = lambda x: 0

def sft_loss(logits, labels, ignore_index=-100):
    return 123.0
