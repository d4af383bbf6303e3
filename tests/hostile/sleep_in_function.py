# sftkl: problem=sft-loss track=numpy
# expect: timeout
"""A long sleep."""
import time

def sft_loss(logits, labels, ignore_index=-100):
    time.sleep(1000)
