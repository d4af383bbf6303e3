# sftkl: problem=sft-loss track=numpy
# expect: nan
"""Returns NaN."""
def sft_loss(logits, labels, ignore_index=-100):
    return float("nan")
