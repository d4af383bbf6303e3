# sftkl: problem=sft-loss track=numpy
# expect: error
"""Writes gigabytes to a file."""
def sft_loss(logits, labels, ignore_index=-100):
    with open("big.bin", "wb") as f:
        block = b"\0" * (1 << 24)
        for _ in range(1 << 10):
            f.write(block)
