# sftkl: problem=sft-loss track=numpy
# expect: crash
"""Exits the process with status 0 from inside the function: must never count as a pass."""
import os

def sft_loss(logits, labels, ignore_index=-100):
    os._exit(0)
