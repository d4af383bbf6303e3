"""The import graph of sftkl's own modules, its cycles, and the imports that break the layout's rules.

    python benchmarks/imports.py            # every package's dependencies, then any violation
    python benchmarks/imports.py --modules  # module by module

Imports inside functions count too: a lazy import is still a dependency. The rules
(README, "Where things live") are checked by tests/test_layout.py with this module.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sandbox", "graders", "problems", "practice", "classroom", "cli", "notebook", "package")
# package/ installs as `sftkl` itself (its __init__ and __main__: `%load_ext sftkl`, `python -m sftkl`)
TOP_PACKAGE = "package"

# package -> the packages it may import (itself always allowed)
ALLOWED = {
    "sandbox": set(),
    "graders": {"sandbox"},
    "problems": {"graders"},  # and only graders.casekit / graders.model, see PACK_MAY_USE
    "practice": {"graders", "sandbox"},
    "classroom": {"graders", "sandbox"},
    "cli": {"graders", "sandbox", "practice", "classroom"},
    # a second front end beside the command line: it shows reports with the command line's renderer
    "notebook": {"graders", "sandbox", "practice", "cli"},
    "package": {"cli", "notebook"},
}
PACK_MAY_USE = {"sftkl.graders.casekit", "sftkl.graders.model", "sftkl.graders.aggregation"}
# cli: one module per command group; they share only these, and only app/entry know them all
CLI_SHARED = {"base", "common", "render", "screen", "texts"}
CLI_ROOTS = {"app", "entry", "__main__"}
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """sftkl module name -> file, for every module of the installed packages' source folders."""
    found = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if "mutants" in rel.parts or any(p.startswith("stub_") or p.startswith("solution_") for p in rel.parts):
                continue  # learner-facing files: loaded as submissions, never imported
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            if parts[0] == TOP_PACKAGE:
                parts.pop(0)
            found[".".join(["sftkl", *parts])] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The sftkl modules `name` imports, anywhere in the file (a package import counts as its __init__)."""
    tree = ast.parse(path.read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(pkg[: len(pkg) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name and t.startswith("sftkl."):
                out.add(t)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def package(module: str) -> str:
    parts = module.split(".")
    return TOP_PACKAGE if len(parts) == 1 or parts[1] == "__main__" else parts[1]


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def violations(g: dict[str, set[str]]) -> list[str]:
    """Every import that breaks the layout's rules, as one line each."""
    bad = []
    for src, targets in sorted(g.items()):
        sp = package(src)
        for dst in sorted(targets):
            dp = package(dst)
            if sp == "graders" and dst == "sftkl.problems":
                continue  # the catalog finds the packs' folder there, and loads their modules by name
            if dp != sp and dp not in ALLOWED[sp]:
                bad.append(f"{src} -> {dst}: {sp} may not import {dp}")
            elif sp == "problems" and dp == "graders" and dst not in PACK_MAY_USE:
                bad.append(f"{src} -> {dst}: a problem pack uses graders.casekit, graders.aggregation and graders.model only")
            elif sp == "problems" and dp == "problems" and src.split(".")[2] != dst.split(".")[2] and len(dst.split(".")) > 2:
                bad.append(f"{src} -> {dst}: a problem pack imports no other pack")
            elif sp == dp == "cli":
                s, d = src.split(".")[2] if src.count(".") > 1 else "", dst.split(".")[2] if dst.count(".") > 1 else ""
                if s not in CLI_ROOTS and d not in CLI_SHARED and d:
                    bad.append(f"{src} -> {dst}: a cli module imports the shared cli modules only ({', '.join(sorted(CLI_SHARED))})")
    return bad


def long_modules(limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """Modules over `limit` lines whose docstring does not say why they are one cohesive thing."""
    out = []
    for name, path in modules().items():
        text = path.read_text("utf-8")
        n = text.count("\n")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if n > limit and "one cohesive" not in doc.lower():
            out.append((name, n))
    return out


def main() -> int:
    g = graph()
    if "--modules" in sys.argv:
        for src, targets in sorted(g.items()):
            print(f"{src}: {', '.join(sorted(targets)) or '-'}")
    else:
        deps: dict[str, set[str]] = defaultdict(set)
        for src, targets in g.items():
            deps[package(src)] |= {package(t) for t in targets if package(t) != package(src)}
        for pkg in PACKAGES:
            print(f"{pkg:10} -> {', '.join(sorted(deps[pkg])) or '(nothing of sftkl)'}")
    problems = [f"cycle: {' <-> '.join(c)}" for c in cycles(g)] + violations(g)
    problems += [f"{name}: {n} lines, over {MAX_LINES} with no word on why it is one cohesive thing" for name, n in long_modules()]
    print("\n".join(problems) if problems else "no cycles, no import against the layout, no overlong module")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
