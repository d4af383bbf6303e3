"""Save-to-verdict latency of `sftkl watch`: from the moment a save lands to the verdict on screen.

    python benchmarks/watch_latency.py              # file events and the polling fallback, 11 saves each
    python benchmarks/watch_latency.py --saves 21

`sftkl watch` runs in a real pseudo-terminal (pexpect) on a correct numpy solution of
sft-loss; after the first (cold) grade each save is a warm regrade (the fork server has
numpy imported). Saves alternate between writing in place and renaming a new file over
the old one (what vim and VS Code do), with an irregular pause between them so that
polling's phase is not always the same. Measured until the screen shows the new verdict.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "problems" / "sft_loss" / "solution_numpy.py"
_SCRIPT = Path(sys.executable).parent / "sftkl"
SFTKL = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "sftkl.cli"]


def _save(path: Path, text: str, by_rename: bool) -> None:
    if by_rename:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text)
        os.replace(tmp, path)
    else:
        with open(path, "w") as f:
            f.write(text)


def measure(mode: str, saves: int, env: dict | None = None) -> list[float]:
    """Seconds from each save to its verdict on screen; mode "events" or "poll"."""
    import pexpect

    work = Path(tempfile.mkdtemp(prefix="sftkl-watch-bench-"))
    try:
        target = work / "sft_loss.py"
        base = SOLUTION.read_text()
        target.write_text(base)
        full_env = dict(env or os.environ, SFTKL_WATCH=mode if mode == "poll" else "", SFTKL_LANG="en", COLUMNS="160")
        full_env.setdefault("SFTKL_HOME", str(work / "home"))
        child = pexpect.spawn(SFTKL[0], [*SFTKL[1:], "watch", "sft_loss.py", "--seed", "1"], cwd=str(work),
                              env=full_env, encoding="utf-8", timeout=120, dimensions=(50, 160))
        try:
            child.expect(r"PASS\s+\d+/\d+")  # the first, cold grade
            rng = random.Random(7)
            took = []
            for n in range(saves):
                time.sleep(0.5 + rng.uniform(0, 0.3))
                t0 = time.perf_counter()
                _save(target, base + f"# save {n}\n", by_rename=n % 2 == 1)
                child.expect("Grading sft_loss.py", timeout=10)
                child.expect(r"PASS\s+\d+/\d+", timeout=10)
                took.append(time.perf_counter() - t0)
            child.send("q")
            child.expect(pexpect.EOF, timeout=20)
        finally:
            child.close(force=True)
        return took
    finally:
        shutil.rmtree(work, ignore_errors=True)


def warm_grade(runs: int) -> list[float]:
    """The floor: a warm regrade of the same file in one process, nothing watched or drawn."""
    import subprocess

    code = ("import time, json\nfrom sftkl.graders import engine\nfrom sftkl.sandbox import pool\n"
            "with pool.keep_warm(('numpy',)):\n"
            f"    engine.grade({str(SOLUTION)!r}, seed=1)\n    ts = []\n"
            f"    for _ in range({runs}):\n"
            f"        t = time.perf_counter(); engine.grade({str(SOLUTION)!r}, seed=1); ts.append(time.perf_counter() - t)\n"
            "print(json.dumps(ts))\n")
    import json

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--saves", type=int, default=11)
    args = ap.parse_args()
    print(f"{'':34} {'median':>8} {'min':>8} {'max':>8}  n")
    for what, took in (("save to verdict, file events", measure("events", args.saves)),
                       ("save to verdict, polling fallback", measure("poll", args.saves)),
                       ("warm regrade alone (the floor)", warm_grade(args.saves))):
        print(f"{what:34} {statistics.median(took):8.3f} {min(took):8.3f} {max(took):8.3f}  {len(took)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
