# sftkl: problem=sft-loss track=numpy
# expect: load missing_function
"""The function is misspelled."""
def sft_los(logits, labels, ignore_index=-100):
    return 0.0
