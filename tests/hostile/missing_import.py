# sftkl: problem=sft-loss track=numpy
# expect: load missing_module
"""Imports a package that is not installed."""
import jaxx

def sft_loss(logits, labels, ignore_index=-100):
    return 0.0
