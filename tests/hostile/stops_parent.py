# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: in basic isolation the parent is the grading process itself
"""SIGSTOPs its parent (the grader, or the fork server) and then its whole parent chain it can see."""
import os
import signal


def sft_loss(logits, labels, ignore_index=-100):
    for pid in {os.getppid(), 1}:
        try:
            os.kill(pid, signal.SIGSTOP)
        except OSError:
            pass
    return 0.5
