# sftkl: problem=sft-loss track=numpy
# expect: dtype
"""Returns a string."""
def sft_loss(logits, labels, ignore_index=-100):
    return "0.0"
