# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: basic isolation bounds each file, not the total
"""On its first call, writes 600 MB in 8 MB files wherever it can (the test checks nothing of it is left on the host)."""
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


_calls = []


def sft_loss(logits, labels, ignore_index=-100):
    _calls.append(1)
    if len(_calls) > 1:
        return 0.5
    block = b"x" * (8 << 20)
    written = 0
    seen = set()
    for place in _places():
        if os.path.realpath(place) in seen:
            continue
        seen.add(os.path.realpath(place))
        d = os.path.join(place, "sftkl-bulk-__TOKEN__")
        try:
            os.makedirs(d, exist_ok=True)
        except OSError:
            continue
        for i in range(75):
            if written >= 600 << 20:
                break
            try:
                with open(os.path.join(d, f"{len(seen)}-{i}.bin"), "wb") as f:
                    f.write(block)
                written += len(block)
            except OSError:
                break
    print(f"wrote {written >> 20} MB", flush=True)
    return 0.5
