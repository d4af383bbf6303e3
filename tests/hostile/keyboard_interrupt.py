# sftkl: problem=sft-loss track=numpy
# expect: error
"""Raises KeyboardInterrupt from the function."""
def sft_loss(logits, labels, ignore_index=-100):
    raise KeyboardInterrupt
