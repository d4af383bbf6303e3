# sftkl: problem=sft-loss track=numpy
# expect: timeout
"""Waits on a thread that never ends."""
import threading
import time

def sft_loss(logits, labels, ignore_index=-100):
    t = threading.Thread(target=lambda: time.sleep(1000))
    t.start()
    t.join()
