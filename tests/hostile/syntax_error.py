# sftkl: problem=sft-loss track=numpy
# expect: load syntax
"""A syntax error."""
def sft_loss(logits, labels, ignore_index=-100)
    return 0.0
