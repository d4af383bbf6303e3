# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: in basic isolation this kills every candidate process of the user (root: of the machine)
"""On its first call, for a second and a half, SIGKILLs every other process whose environment has SFTKL_CANDIDATE=1."""
import os
import signal
import time


_calls = []


def sft_loss(logits, labels, ignore_index=-100):
    _calls.append(1)
    end = time.monotonic() + (1.5 if len(_calls) == 1 else 0)
    while time.monotonic() < end:
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) == os.getpid():
                continue
            try:
                with open(f"/proc/{name}/environ", "rb") as f:
                    if b"SFTKL_CANDIDATE=1" in f.read().split(b"\0"):
                        os.kill(int(name), signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)
    return 0.5
