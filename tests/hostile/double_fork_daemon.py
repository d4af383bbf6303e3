# sftkl: problem=sft-loss track=numpy
# expect: wrong
"""Double-forks a daemon (re-parented away from the candidate) and records its pid."""
import os
import time

def sft_loss(logits, labels, ignore_index=-100):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            with open("__PIDFILE__", "a") as f:
                f.write(f"{os.getpid()}\n")
            time.sleep(1000)
        os._exit(0)
    os.wait()
    time.sleep(0.05)
    return 0.5
