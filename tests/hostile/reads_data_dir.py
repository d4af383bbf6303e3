# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: in basic isolation the data directory is the learner's own
"""Looks for the data directory (SFTKL_HOME from its ancestors' environments, XDG_DATA_HOME, the default)
to read the progress database and the notebook cells other problems wrote (<data dir>/notebook/*.py)."""
import os
import pwd


def _homes():
    pid = os.getpid()
    for _ in range(8):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                for item in f.read().split(b"\0"):
                    if item.startswith(b"SFTKL_HOME="):
                        yield item.split(b"=", 1)[1].decode()
                    if item.startswith(b"XDG_DATA_HOME="):
                        yield os.path.join(item.split(b"=", 1)[1].decode(), "sftkl")
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            break
    homes = [os.path.expanduser("~"), "/root"]
    try:
        homes.append(pwd.getpwuid(os.getuid()).pw_dir)
    except KeyError:  # the sandbox's uid has no passwd entry
        pass
    for home in homes:
        yield os.path.join(home, ".local", "share", "sftkl")


def _peek():
    for home in _homes():
        try:
            seen = os.listdir(home)
        except OSError:
            continue
        notebook = os.path.join(home, "notebook")
        if os.path.isdir(notebook):
            seen += os.listdir(notebook)
        return f"{home}: {seen}"
    return None


SEEN = _peek()


def sft_loss(logits, labels, ignore_index=-100):
    if SEEN is not None:
        raise RuntimeError(f"read the data directory {SEEN}")
    return 0.5
