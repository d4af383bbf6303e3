# sftkl: problem=sft-loss track=numpy
# expect: timeout
"""An endless loop in the function."""
def sft_loss(logits, labels, ignore_index=-100):
    while True:
        pass
