"""A/B timing of whole commands: each run alternately, medians and ratios to the last one.

    python benchmarks/ab.py 21 "sftkl grade sol.py --seed 1" "python -c 'import numpy'"
    python benchmarks/ab.py 21 "env OPENBLAS_NUM_THREADS=4 sftkl grade sol.py --seed 1" "sftkl grade sol.py --seed 1"

For finding out what a change is worth on a noisy machine: commands measured in one
alternating loop see the same machine, while seconds from separate runs do not compare.
benchmarks/run.py is the one that holds the project's targets.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", type=int, help="runs of each command (one untimed warm-up run first)")
    ap.add_argument("commands", nargs="+", help="shell-quoted commands; ratios are to the last")
    args = ap.parse_args()
    commands = [shlex.split(c) for c in args.commands]

    def once(cmd: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - t0

    for cmd in commands:
        once(cmd)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(args.runs):
        for i, cmd in enumerate(commands):
            times[i].append(once(cmd))
    base = statistics.median(times[-1])
    for text, ts in zip(args.commands, times):
        m = statistics.median(ts)
        print(f"{m * 1000:8.1f} ms  (q1 {statistics.quantiles(ts, n=4)[0] * 1000:6.1f})  ratio {m / base:5.2f}  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
