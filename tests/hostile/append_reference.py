# sftkl: problem=sft-loss track=numpy
# expect: wrong
# sandbox-only: in basic isolation this would really change the checkout's reference.py
"""Appends a line to every installed reference.py it can find (the test checks they are unchanged)."""
import os
import re


def _targets():
    for d in os.environ.get("SFTKL_SITE_DIRS", "").split(os.pathsep):
        if not d or not os.path.isdir(d):
            continue
        yield os.path.join(d, "sftkl", "problems", "sft_loss", "reference.py")
        for name in os.listdir(d):
            if name.startswith("__editable__") and name.endswith("_finder.py"):
                with open(os.path.join(d, name)) as f:
                    for root in re.findall(r"""['"]sftkl\.problems['"]: ['"]([^'"]+)['"]""", f.read()):
                        yield os.path.join(root, "sft_loss", "reference.py")


for _path in _targets():
    try:
        with open(_path, "a") as _f:
            _f.write("\nREFERENCE['numpy']['sft_loss'] = lambda *a, **k: 0.0  # __TOKEN__\n")
    except OSError:
        pass


def sft_loss(logits, labels, ignore_index=-100):
    return 0.5
