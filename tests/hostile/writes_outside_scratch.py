# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: basic isolation bounds each file, not the total
"""Writes 600 MB in 8 MB files wherever it can (the test checks nothing of it is left on the host)."""
import os
import pwd


def _places():
    yield "/tmp"
    yield "/var/tmp"
    yield "/dev/shm"
    yield os.environ.get("HOME", "/tmp")
    try:
        yield pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        pass
    yield os.getcwd()


def sft_loss(logits, labels, ignore_index=-100):
    block = b"x" * (8 << 20)
    written = 0
    for place in _places():
        d = os.path.join(place, "sftkl-bulk-__TOKEN__")
        try:
            os.makedirs(d, exist_ok=True)
        except OSError:
            continue
        for i in range(75):
            if written >= 600 << 20:
                return 0.5
            try:
                with open(os.path.join(d, f"{i}.bin"), "wb") as f:
                    f.write(block)
                written += len(block)
            except OSError:
                break
    return 0.5
