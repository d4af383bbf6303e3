# sftkl: problem=sft-loss track=numpy
# expect: error
"""Calls sys.exit() in the function."""
import sys

def sft_loss(logits, labels, ignore_index=-100):
    sys.exit(3)
