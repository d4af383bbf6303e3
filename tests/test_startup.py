"""The light commands never import numpy or torch (start-up time is part of the product)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys, io, contextlib
from sftkl.cli.app import main  # entry.main ends with os._exit: no report after it
sys.argv = ["sftkl"] + json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in ("numpy", "torch", "pydantic") if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["list"], ["show", "sft-loss"], ["practice", "softmax", "--dir", "{tmp}"], ["hint", "softmax"], ["progress"],
     ["review"], ["review", "--next", "--dir", "{tmp}"]],
    ids=lambda a: a[0],
)
def test_light_command_imports_no_numpy_or_torch(argv, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
