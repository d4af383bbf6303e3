# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: basic isolation lets this through (README, "Isolation model")
"""Drops the grader's import hook, re-installs the editable finder from SFTKL_SITE_DIRS and imports the reference."""
import importlib
import os
import sys


def _steal():
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_BlockSftkl"]
    for d in os.environ.get("SFTKL_SITE_DIRS", "").split(os.pathsep):
        if d and os.path.isdir(d):
            sys.path.append(d)
            for name in os.listdir(d):
                if name.startswith("__editable__") and name.endswith("_finder.py"):
                    importlib.import_module(name[:-3]).install()
    from sftkl.problems.sft_loss.reference import sft_loss_1d
    return sft_loss_1d


try:
    _reference = _steal()
except BaseException:  # noqa: BLE001 - the sandbox hides it: fall back to a wrong answer
    _reference = None


def sft_loss(logits, labels, ignore_index=-100):
    if _reference is None:
        return 0.5
    return _reference(logits, labels, ignore_index)
