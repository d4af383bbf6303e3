# sftkl: problem=sft-loss track=numpy
# expect: crash
"""Reads address 0 through ctypes."""
import ctypes

def sft_loss(logits, labels, ignore_index=-100):
    return ctypes.string_at(0)
