"""The layout holds: one package per concern, imports in one direction, no cycles (benchmarks/imports.py)."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("sftkl_imports", ROOT / "benchmarks" / "imports.py")
imports = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(imports)


def test_the_graph_sees_every_package_and_the_lazy_imports():
    g = imports.graph()
    assert {imports.package(m) for m in g} == set(imports.PACKAGES)
    # a lazy import inside a function is an edge too
    assert "sftkl.practice.sessions" in g["sftkl.practice.progress"]
    assert "sftkl.sandbox.session" in g["sftkl.graders.engine"]


def test_no_import_cycles():
    assert imports.cycles(imports.graph()) == []


def test_imports_follow_the_layout():
    assert imports.violations(imports.graph()) == []


def test_the_checks_catch_what_they_guard():
    g = {"sftkl.sandbox.a": {"sftkl.graders.b"}, "sftkl.graders.b": {"sftkl.sandbox.a"},
         "sftkl.problems.p.cases": {"sftkl.graders.engine"}, "sftkl.cli.grade": {"sftkl.cli.practice"}}
    assert imports.cycles(g) == [["sftkl.graders.b", "sftkl.sandbox.a"]]
    bad = imports.violations(g)
    assert any("sandbox may not import graders" in b for b in bad)
    assert any("casekit, graders.aggregation and graders.model only" in b for b in bad)
    assert any("sftkl.cli.grade -> sftkl.cli.practice" in b for b in bad)


def test_the_sandbox_needs_nothing_else_of_sftkl():
    g = imports.graph()
    assert all(imports.package(t) == "sandbox" for m, ts in g.items() if imports.package(m) == "sandbox" for t in ts)


def test_no_overlong_module_without_a_reason():
    assert imports.long_modules() == []
