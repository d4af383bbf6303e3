# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: in basic isolation the data directory is the learner's own
"""Finds SFTKL_HOME (its ancestors' environments, the default data directory) and writes into it."""
import os
import pwd


def _homes():
    pid = os.getppid()
    for _ in range(6):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                for item in f.read().split(b"\0"):
                    if item.startswith(b"SFTKL_HOME="):
                        yield item.split(b"=", 1)[1].decode()
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            break
    try:
        yield os.path.join(pwd.getpwuid(os.getuid()).pw_dir, ".local", "share", "sftkl")
    except KeyError:
        pass


def sft_loss(logits, labels, ignore_index=-100):
    for home in _homes():
        try:
            with open(os.path.join(home, "pwned-__TOKEN__"), "w") as f:
                f.write("pass")
        except OSError:
            pass
    return 0.5
