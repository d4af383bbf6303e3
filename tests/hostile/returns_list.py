# sftkl: problem=sft-loss track=numpy
# expect: dtype
"""Returns a list of the wrong shape."""
def sft_loss(logits, labels, ignore_index=-100):
    return [1.0, 2.0]
