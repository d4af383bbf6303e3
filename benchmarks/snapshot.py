"""Grade every corpus and pack file at one seed and write each grade's JSON, for before/after diffs.

    python benchmarks/snapshot.py OUT_DIR [--seed 1]
    diff -r BEFORE_DIR AFTER_DIR

A refactor that must not change behaviour (a module move, a faster path) is checked
by taking a snapshot before and after it and diffing the two folders. Timings
(`duration_s`, the efficiency timings and the slow-code notes) are dropped: they
differ between any two runs. Everything else, English and Chinese, must be equal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def files() -> list[Path]:
    found = sorted((ROOT / "tests" / "corpus").glob("*/*/*/*.py"))
    found += sorted((ROOT / "problems").glob("*/solution_*.py"))
    found += sorted((ROOT / "problems").glob("*/stub_*.py"))
    found += sorted((ROOT / "problems").glob("*/mutants/*/*.py"))
    return found


def _stable(doc: dict) -> dict:
    doc.pop("duration_s", None)
    doc["notes"] = [n for n in doc.get("notes", []) if "x the reference's" not in n and "倍:" not in n]
    for case in doc.get("cases", []):
        case.pop("timing", None)
    return doc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from sftkl.cli.render import report_dict
    from sftkl.graders.engine import grade

    try:
        from sftkl.sandbox.pool import keep_warm
    except ImportError:  # before the sandbox had its own package
        from sftkl.graders.runner import keep_warm

    args.out.mkdir(parents=True, exist_ok=True)
    with keep_warm(("numpy", "torch")):
        for path in files():
            rel = path.relative_to(ROOT)
            track = None
            if path.parent.parent.name == "mutants":
                track = path.parent.name
            problem = None
            if rel.parts[0] == "problems":
                problem = path.parent.name if track is None else path.parent.parent.parent.name
                problem = problem.replace("_", "-")
                if track is None:
                    track = path.stem.split("_", 1)[1]
            report = grade(path, problem=problem, track=track, seed=args.seed)
            docs = {lang: _stable(report_dict(report, lang)) for lang in ("en", "zh")}
            name = "__".join(rel.parts) + ".json"
            (args.out / name).write_text(json.dumps(docs, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    print(f"{len(files())} grades written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
