# sftkl: problem=sft-loss track=numpy
# expect: memory
"""Allocates without bound."""
def sft_loss(logits, labels, ignore_index=-100):
    hoard = []
    while True:
        hoard.append(bytes(1 << 29))
