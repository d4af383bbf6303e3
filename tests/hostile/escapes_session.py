# sftkl: problem=sft-loss track=numpy
# expect: wrong
"""Starts a process in a new session that would outlive grading, and records its pid."""
import subprocess

def sft_loss(logits, labels, ignore_index=-100):
    p = subprocess.Popen(["sleep", "1000"], start_new_session=True)
    with open("__PIDFILE__", "a") as f:
        f.write(f"{p.pid}\n")
    return 0.5
