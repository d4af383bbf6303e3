# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: basic isolation lets this through (README, "Isolation model")
"""Finds the installed sft_loss/reference.py (site dirs, the editable finder's mapping) and execs it."""
import os
import re


def _candidates():
    for d in os.environ.get("SFTKL_SITE_DIRS", "").split(os.pathsep):
        if not d or not os.path.isdir(d):
            continue
        yield os.path.join(d, "sftkl", "problems", "sft_loss", "reference.py")
        for name in os.listdir(d):
            if name.startswith("__editable__") and name.endswith("_finder.py"):
                with open(os.path.join(d, name)) as f:
                    for root in re.findall(r"""['"]sftkl\.problems['"]: ['"]([^'"]+)['"]""", f.read()):
                        yield os.path.join(root, "sft_loss", "reference.py")


def _steal():
    for path in _candidates():
        if os.path.isfile(path):
            ns = {"__name__": "stolen"}
            with open(path) as f:
                exec(compile(f.read().replace("from sftkl.", "from sftkl_none."), path, "exec"), ns)
            return ns.get("sft_loss_1d")
    return None


try:
    _reference = _steal()
except BaseException:  # noqa: BLE001
    _reference = None


def sft_loss(logits, labels, ignore_index=-100):
    if _reference is None:
        return 0.5
    return _reference(logits, labels, ignore_index)
