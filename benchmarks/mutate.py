"""Break the grading code on purpose, one listed mutation at a time, and see whether the tests notice.

    python benchmarks/mutate.py                 # every mutation in benchmarks/mutations.py
    python benchmarks/mutate.py --only cpu grad # those whose id contains one of the words
    python benchmarks/mutate.py --list          # the mutations, without running anything
    python benchmarks/mutate.py --check         # only check that every mutation still applies

Each mutation (benchmarks/mutations.py) names a file, an exact piece of its text, what
to put instead, and the test files that should catch it. The harness never edits this
checkout: it copies the checkout's files (git's tracked and untracked, not ignored ones)
into a temporary directory, points `import sftkl` at the copy (PYTHONPATH, ahead of the
editable install; the candidate's process runs the copy's child.py), and mutates only
the copy, restoring each file after its run. An interrupt (Ctrl-C, SIGTERM) stops the
running tests and removes the copy.

A mutation is killed when its tests fail (pytest -x stops at the first failure, which is
printed), and survives when they pass. A mutation whose old text no longer occurs exactly
once is an error: the list must follow the code. The score is killed / (killed + survived);
a surviving mutation must say in the list why it is harmless, or get a test.
Exit status: 0 when nothing errs, every survivor has its reason and the score is >= 90%.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from mutations import MUTATIONS, Mutation  # noqa: E402

PACKAGES = ("cli", "graders", "sandbox", "practice", "classroom", "problems")
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
TARGET_SCORE = 0.90


def checkout_files(root: Path) -> list[str]:
    """The checkout's files as git sees them (tracked and untracked, ignored ones left out)."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f and (root / f).is_file()]


def make_copy(root: Path) -> tuple[Path, Path, dict]:
    """Copy the checkout to a temporary directory; return (copy, its dir, the env that imports it)."""
    tmp = Path(tempfile.mkdtemp(prefix="sftkl-mutate-"))
    repo = tmp / "repo"
    for f in checkout_files(root):
        dst = repo / f
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / f, dst)
    pkg = tmp / "pkg" / "sftkl"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""sftkl, from the mutation harness\'s copy."""\n')
    for top in PACKAGES:
        (pkg / top).symlink_to(repo / top, target_is_directory=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tmp / "pkg"), env.get("PYTHONPATH", "")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no bytecode of a mutant outlives its run
    return repo, tmp, env


def check_imports_copy(repo: Path, env: dict) -> None:
    code = ("import sftkl.graders.compare as c, sftkl.sandbox.launch as l;"
            "print(c.__file__); print(l.CHILD_SCRIPT)")
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, env=env, capture_output=True, text=True, check=True)
    paths = out.stdout.split()
    tmp = str(repo.parent)
    if len(paths) != 2 or not all(p.startswith(tmp) for p in paths):
        raise SystemExit(f"mutate: the copy is not what gets imported: {paths}")


def run_tests(tests: list[str], repo: Path, env: dict, timeout: float) -> tuple[str, str, float]:
    """Run pytest on `tests` in the copy: ("pass" | "fail" | "timeout" | "error:RC", first failure, seconds)."""
    t0 = time.monotonic()
    proc = subprocess.Popen([*PYTEST, *tests], cwd=repo, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return "timeout", f"tests still running after {timeout:.0f} s", time.monotonic() - t0
    except BaseException:
        _kill(proc)
        raise
    took = time.monotonic() - t0
    first = next((m.group(1) for m in re.finditer(r"^(?:FAILED|ERROR) (.+?)(?: - |$)", out, re.M)), "")
    if proc.returncode == 0:
        return "pass", "", took
    if proc.returncode in (1, 2):  # failed, or collection / import errors
        return "fail", first or out.strip().splitlines()[-1][:120], took
    return f"error:{proc.returncode}", out.strip()[-400:], took


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


def apply(m: Mutation, text: str) -> str:
    """The mutated text; LookupError if the old text is not there exactly once, or the result does not compile
    (a mutant that fails to import is killed by any test, which says nothing about the tests)."""
    n = text.count(m.old)
    if n != 1:
        raise LookupError("old text not found" if n == 0 else f"old text found {n} times")
    out = text.replace(m.old, m.new)
    if m.file.endswith(".py"):
        try:
            compile(out, m.file, "exec")
        except SyntaxError as e:
            raise LookupError(f"the mutated file does not compile: {e}") from None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="+", metavar="WORD", help="mutations whose id contains one of these")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    ap.add_argument("--check", action="store_true", help="only check that each mutation applies")
    ap.add_argument("--no-baseline", action="store_true", help="skip the unmutated run of the tests")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per mutation's tests (default 900)")
    args = ap.parse_args(argv)

    ids = [m.id for m in MUTATIONS]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"mutate: duplicate ids {sorted(dupes)}")
    chosen = [m for m in MUTATIONS if not args.only or any(w in m.id for w in args.only)]
    if args.list:
        for m in chosen:
            print(f"{m.id:45} {m.file:32} {' '.join(m.tests)}")
        return 0

    errors = []
    for m in chosen:
        try:
            apply(m, (ROOT / m.file).read_text(encoding="utf-8"))
        except (LookupError, OSError) as e:
            errors.append((m, str(e)))
    if args.check:
        for m, why in errors:
            print(f"ERROR     {m.id}: {m.file}: {why}")
        print(f"{len(chosen) - len(errors)} of {len(chosen)} mutations apply")
        return 1 if errors else 0

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)  # kill PID: stop the tests and remove the copy, as Ctrl-C does
    repo, tmp, env = make_copy(ROOT)
    rows: list[tuple[Mutation, str, str, float]] = []
    started = time.monotonic()
    try:
        check_imports_copy(repo, env)
        if not args.no_baseline:
            tests = sorted({t for m in chosen for t in m.tests})
            status, detail, took = run_tests(tests, repo, env, args.timeout * 2)
            print(f"baseline  {took:6.1f}s  {status}  {detail}", flush=True)
            if status != "pass":
                print("mutate: the tests fail without any mutation; fix that first", file=sys.stderr)
                return 1
        for m in chosen:
            path = repo / m.file
            original = path.read_text(encoding="utf-8")
            try:
                mutated = apply(m, original)
            except LookupError as e:
                rows.append((m, "ERROR", str(e), 0.0))
                print(f"ERROR     {m.id}: {e}", flush=True)
                continue
            try:
                path.write_text(mutated, encoding="utf-8")
                status, detail, took = run_tests(list(m.tests), repo, env, args.timeout)
            finally:
                path.write_text(original, encoding="utf-8")
            result = {"fail": "KILLED", "timeout": "KILLED", "pass": "SURVIVED"}.get(status, "ERROR")
            if status == "timeout":
                detail = "(timeout) " + detail
            rows.append((m, result, detail, took))
            if result == "KILLED" and m.survives:
                detail += "  (listed as a survivor: its reason is stale)"
            print(f"{result:9} {took:6.1f}s  {m.id:45} {detail if result != 'SURVIVED' else m.survives or 'NO REASON GIVEN'}",
                  flush=True)
    except KeyboardInterrupt:
        print("\nmutate: interrupted; the checkout was never changed, the copy is removed", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    killed = [r for r in rows if r[1] == "KILLED"]
    survived = [r for r in rows if r[1] == "SURVIVED"]
    errored = [r for r in rows if r[1] == "ERROR"]
    print()
    by_file: dict[str, list[int]] = {}
    for m, result, _, _ in rows:
        k = by_file.setdefault(m.file, [0, 0, 0])
        k[{"KILLED": 0, "SURVIVED": 1, "ERROR": 2}[result]] += 1
    print(f"{'file':36} killed survived error")
    for f, (k, s, e) in sorted(by_file.items()):
        print(f"{f:36} {k:6} {s:8} {e:5}")
    judged = len(killed) + len(survived)
    score = len(killed) / judged if judged else 0.0
    print(f"\nmutation score: {len(killed)}/{judged} killed = {score:.1%}"
          f" ({len(errored)} errors, {time.monotonic() - started:.0f} s)")
    if survived:
        print("survivors:")
        for m, _, _, _ in survived:
            print(f"  {m.id}: {m.survives or 'NO REASON GIVEN: add a test that kills it, or say why it is harmless'}")
    stale = [r for r in killed if r[0].survives]
    if stale:
        print("killed, but listed with a reason to survive (remove the reason):")
        for m, _, _, _ in stale:
            print(f"  {m.id}")
    unexplained = [r for r in survived if not r[0].survives]
    return 0 if not errored and not unexplained and score >= TARGET_SCORE else 1


if __name__ == "__main__":
    sys.exit(main())
