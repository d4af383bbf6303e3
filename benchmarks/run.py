"""Feedback-speed benchmarks: each figure beside its baseline, as a ratio against its target.

    python benchmarks/run.py            # every target, median of 5 runs each
    python benchmarks/run.py --runs 3   # quicker
    python benchmarks/run.py --suite    # also time the project's own test suite

The watch rows come from benchmarks/watch_latency.py (which also runs alone).

Exits 1 when a target is missed. Baselines are measured in the same run, on the
same machine, so the ratios compare like with like. Timings of a 2-core machine
are noisy: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# the console script the README installs (what learners run), else the module
_SCRIPT = Path(PY).parent / "sftkl"
SFTKL = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "sftkl.cli"]
TORCH_SOLUTION = ROOT / "problems" / "sft_loss" / "solution_torch.py"
NUMPY_SOLUTION = ROOT / "problems" / "sft_loss" / "solution_numpy.py"


def _once(cmd: list[str], cwd: str | None, env: dict | None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def wall(cmd: list[str], runs: int, cwd: str | None = None, env: dict | None = None) -> float:
    """Median wall time of a command (one untimed warm-up run first: file caches)."""
    _once(cmd, cwd, env)
    return statistics.median(_once(cmd, cwd, env) for _ in range(runs))


def paired(cmd: list[str], base: list[str], runs: int, cwd: str | None = None, env: dict | None = None) -> tuple[float, float]:
    """Medians of a command and its baseline, run alternately so both see the same machine."""
    _once(cmd, cwd, env)
    _once(base, cwd, env)
    a, b = [], []
    for _ in range(runs):
        a.append(_once(cmd, cwd, env))
        b.append(_once(base, cwd, env))
    return statistics.median(a), statistics.median(b)


def _paired_envs(cmd: list[str], env_a: dict, env_b: dict, runs: int, cwd: str | None = None) -> tuple[float, float]:
    """Medians of one command under two environments, run alternately."""
    _once(cmd, cwd, env_a)
    _once(cmd, cwd, env_b)
    a, b = [], []
    for _ in range(runs):
        a.append(_once(cmd, cwd, env_a))
        b.append(_once(cmd, cwd, env_b))
    return statistics.median(a), statistics.median(b)


def in_process(code: str) -> str:
    return subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def notebook_recheck(work: Path, runs: int, env: dict) -> float | None:
    """Median wall time of re-running a `%%sftkl` cell (numpy track) in one Jupyter kernel, as
    the notebook client sees it (request sent to reply received), after one warm-up run.
    None where jupyter_client and ipykernel (the test extras) are not installed."""
    try:
        import json

        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager
    except ImportError:
        return None
    spec = work / "kernels" / "sftkl-bench"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [PY, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                                  "display_name": "sftkl bench", "language": "python"}))
    km = KernelManager(kernel_name="sftkl-bench", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(work / "kernels")]))
    km.start_kernel(env=env, cwd=str(work))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        # sftkl.notebook is the same extension as `sftkl` (which an editable install beside a stray
        # sftkl/ folder on sys.path cannot offer: README, Notebooks)
        kc.execute_interactive("%load_ext sftkl.notebook", timeout=120, output_hook=lambda msg: None)
        cell = "%%sftkl sft-loss --track numpy --seed 1\n" + NUMPY_SOLUTION.read_text("utf-8")
        times = []
        for i in range(runs + 1):  # the first run starts the kernel's fork server: not counted
            t0 = time.perf_counter()
            reply = kc.execute_interactive(cell, timeout=120, output_hook=lambda msg: None)
            if i:
                times.append(time.perf_counter() - t0)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the notebook cell failed: {reply['content']}")
        return statistics.median(times)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--suite", action="store_true", help="also time `python -m pytest -q`")
    ap.add_argument("--batch", type=int, default=40, help="submissions in the batch benchmark")
    args = ap.parse_args()
    n = args.runs
    work = Path(tempfile.mkdtemp(prefix="sftkl-bench-"))
    env = dict(os.environ, SFTKL_HOME=str(work / "home"), SFTKL_LANG="en")
    rows: list[tuple[str, float, str, float, float]] = []  # what, value, baseline name, baseline, target ratio

    try:
        for command in (["--help"], ["list"], ["show", "sft-loss"], ["practice", "softmax", "--dir", str(work / "p"), "--force"],
                        ["hint", "softmax"], ["progress"]):
            value, ui = paired(SFTKL + command, [PY, "-c", "import typer, rich.console"], n, env=env)
            rows.append((f"sftkl {' '.join(command[:2])}", value, "import typer, rich.console", ui, 1.5))

        shutil.copy(NUMPY_SOLUTION, work / "sn.py")
        shutil.copy(TORCH_SOLUTION, work / "st.py")
        cold_np, np_floor = paired(SFTKL + ["grade", "sn.py", "--seed", "1"], [PY, "-c", "import numpy"], n,
                                   cwd=str(work), env=env)
        cold_torch, torch_floor = paired(SFTKL + ["grade", "st.py", "--seed", "1"], [PY, "-c", "import torch"], n,
                                         cwd=str(work), env=env)
        rows.append(("cold grade, numpy track", cold_np, "import numpy", np_floor, 2.5))
        basic_env = dict(env, SFTKL_SANDBOX="off")
        sandboxed = in_process("from sftkl.sandbox import jail; print(jail.status()[0])") == "sandbox"
        if sandboxed:  # what the bubblewrap sandbox costs a cold grade
            sb, no_sb = _paired_envs(SFTKL + ["grade", "sn.py", "--seed", "1"], env, basic_env, n, cwd=str(work))
            rows.append(("cold grade, numpy, sandbox", sb, "the same, basic isolation", no_sb, 1.15))
        rows.append(("cold grade, torch track", cold_torch, "import torch", torch_floor, 1.25))

        warm = float(in_process(
            "import time, statistics\n"
            "from sftkl.graders import engine\nfrom sftkl.sandbox import pool as runner\n"
            "with runner.keep_warm(('torch',)):\n"
            f"    engine.grade({str(work / 'st.py')!r}, seed=1)\n"
            "    ts = []\n"
            f"    for i in range({n}):\n"
            "        t = time.perf_counter()\n"
            f"        engine.grade({str(work / 'st.py')!r}, seed=1)\n"
            "        ts.append(time.perf_counter() - t)\n"
            "print(statistics.median(ts))\n"
        ))
        rows.append(("warm regrade, torch track", warm, "cold grade, torch track", cold_torch, 0.15))

        recheck = notebook_recheck(work, n, env)
        if recheck is not None:
            rows.append(("notebook re-check, numpy (warm kernel)", recheck, "target (s)", 0.3, 1.0))

        subs = work / "class"
        subs.mkdir()
        for i in range(args.batch):
            shutil.copy(TORCH_SOLUTION, subs / f"student{i:03d}.py")
        t0 = time.perf_counter()
        for i in range(args.batch):
            subprocess.run(SFTKL + ["grade", str(subs / f"student{i:03d}.py"), "--seed", "1", "--json"],
                           env=env, stdout=subprocess.DEVNULL, check=False)
        serial = time.perf_counter() - t0
        t0 = time.perf_counter()
        batch = subprocess.run(SFTKL + ["batch", str(subs), "--problem", "sft-loss", "--track", "torch", "--seed", "1",
                                        "--out", str(work / "results"), "--allow-unsandboxed"], env=env, capture_output=True, check=False)
        batch_s = time.perf_counter() - t0
        if batch.returncode == 2:  # no batch command: grade in one process with warm servers
            batch_s = float(in_process(
                "import time\nfrom pathlib import Path\nfrom sftkl.graders import engine\nfrom sftkl.sandbox import pool as runner\n"
                "t = time.perf_counter()\n"
                "with runner.keep_warm(('torch',)):\n"
                f"    for p in sorted(Path({str(subs)!r}).glob('*.py')):\n"
                "        engine.grade(p, seed=1)\n"
                "print(time.perf_counter() - t)\n"
            ))
        rows.append((f"batch of {args.batch}, torch track", batch_s, f"{args.batch} cold grades in a row", serial, 0.25))

        try:
            import watch_latency  # beside this file (benchmarks/ is on sys.path when run as a script)
        except ImportError as e:  # pexpect is a test dependency
            print(f"skipped the watch latency: {e}", file=sys.stderr)
        else:
            saves = 2 * n + 1
            events = statistics.median(watch_latency.measure("events", saves, env=env))
            polling = statistics.median(watch_latency.measure("poll", saves, env=env))
            rows.append(("watch: save to verdict, numpy (events)", events, "target (s)", 0.150, 1.0))
            rows.append(("watch: save to verdict, numpy (events)", events, "the same, polling fallback", polling, 0.5))

        peak_kb = int(in_process(
            "import resource, sys, io, contextlib\n"
            "from sftkl.cli.app import main\n"
            f"sys.argv = ['sftkl', 'grade', {str(work / 'sn.py')!r}, '--seed', '1']\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    try:\n        main()\n    except SystemExit:\n        pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        ).splitlines()[-1])
        rows.append(("peak RSS of the grading process, numpy (MB)", peak_kb / 1024, "target (MB)", 120.0, 1.0))

        if args.suite:
            t0 = time.perf_counter()
            subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
            rows.append(("test suite", time.perf_counter() - t0, "target (s)", 300.0, 1.0))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    missed = 0
    print(f"{'what':44} {'value':>9} {'baseline':>9}  {'ratio':>6}  {'target':>6}  baseline is")
    for what, value, base_name, base, target in rows:
        ratio = value / base if base else float("inf")
        ok = ratio <= target
        missed += not ok
        print(f"{what:44} {value:9.3f} {base:9.3f}  {ratio:6.2f}  {target:6.2f}  {base_name}{'' if ok else '   <-- MISSED'}")
    print(f"\n{len(rows) - missed} of {len(rows)} targets met (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
