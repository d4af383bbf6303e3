# sftkl: problem=sft-loss track=numpy
# expect: wrong
"""Popen(["sleep", ...], start_new_session=True): must not survive grading, as root or not."""
import subprocess


def sft_loss(logits, labels, ignore_index=-100):
    subprocess.Popen(["sleep", "__TOKEN__"], start_new_session=True)
    return 0.5
