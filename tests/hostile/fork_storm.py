# sftkl: problem=sft-loss track=numpy
# expect: any
"""Forks as fast as it can (each child forks too), recording pids; bounded so a broken sandbox cannot take the machine."""
import os
import time

def sft_loss(logits, labels, ignore_index=-100):
    for _ in range(300):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            with open("__PIDFILE__", "a") as f:
                f.write(f"{os.getpid()}\n")
            time.sleep(1000)
            os._exit(0)
    return 0.5
