"""JUnit XML and Gradescope results.json, from the library and from `sftkl grade --junit/--gradescope`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.graders.catalog import get_problem
from sftkl.graders.engine import grade
from sftkl.classroom.exports import Row, clean_text, gradescope_results, junit_xml, row_from_report

runner = CliRunner()
PROB = get_problem("sft-loss")
HEAD = "# sftkl: problem=sft-loss track=numpy\nimport numpy as np\n"
GOOD = (CORPUS / "correct/sft-loss/numpy/log_softmax_fancy_index.py").read_text("utf-8")
SHIFT = (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8")
GRADESCOPE_TEST_KEYS = {"name", "score", "max_score", "status", "output", "visibility", "tags"}


@pytest.fixture(scope="module")
def shift_row(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("s") / "sft_loss.py", SHIFT)
    report = grade(path, seed=7)
    return report, row_from_report(report, "ann", "sft_loss.py", "abc", "en")


def _junit(rows, batch=False):
    return ET.fromstring(junit_xml(rows, PROB, "numpy", "en", batch=batch).encode("utf-8"))


def test_row_carries_counts_score_and_per_case_diagnoses(shift_row):
    report, row = shift_row
    assert (row.verdict, row.passed, row.total) == ("fail", report.passed, report.total)
    assert (row.edge_passed, row.edge_total) == report.count("edge")
    assert row.diagnoses == ("shift-reversed",)
    explained = set(report.diagnoses[0].cases)
    assert {c.id for c in row.cases if c.diagnoses == ("shift-reversed",)} == explained
    ep, et = report.count("edge")
    rp, rt = report.count("random")
    assert row.score == round(100 * (2.0 * ep + rp) / (2.0 * et + rt), 2)  # sft-loss: edge_weight = 2
    assert Row.from_dict(json.loads(json.dumps(row.to_dict()))) == row


def test_junit_one_testcase_per_case_with_failure_messages(shift_row):
    report, row = shift_row
    root = _junit([row])
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [c.id for c in report.cases]
    assert {c.get("classname") for c in cases} == {"sft-loss.numpy.edge", "sft-loss.numpy.random"}
    failed = [c for c in report.cases if not c.passed]
    assert int(suite.get("tests")) == report.total and int(suite.get("failures")) == len(failed)
    assert suite.get("errors") == "0" and root.get("tests") == str(report.total)
    by = {c.get("name"): c for c in cases}
    for c in report.cases:
        fail = by[c.id].find("failure")
        if c.passed:
            assert fail is None and by[c.id].find("error") is None
            continue
        assert fail.get("type") == c.status and fail.get("message") == c.message.render("en")
        assert fail.text.splitlines()[:2] == [c.description["en"], c.message.render("en")]
        assert "Likely mistake: Your shift is reversed [shift-reversed]" in fail.text
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["seed"] == "7" and props["problem"] == "sft-loss" and props["verdict"] == "fail"


def test_junit_load_error_is_an_error_on_every_case(tmp_path):
    report = grade(write(tmp_path / "s.py", HEAD + "def sft_loss(:\n"), seed=1)
    row = row_from_report(report, "s", "s.py", "", "en")
    suite = _junit([row]).find("testsuite")
    errors = [c.find("error") for c in suite.findall("testcase")]
    assert len(errors) == report.total and all(e is not None and e.get("type") == "not-run" for e in errors)
    assert errors[0].text.splitlines()[-1].startswith("syntax error on line 3")
    assert suite.find("system-err").text.startswith("syntax error on line 3")
    assert suite.get("errors") == str(report.total) and suite.get("failures") == "0"


def test_exports_survive_hostile_characters_in_messages(tmp_path):
    src = HEAD + "def sft_loss(logits, labels, ignore_index=-100):\n    raise ValueError('bad \\x00\\x1b[31m \\ud800 <&> ]]>')\n"
    report = grade(write(tmp_path / "s.py", src), seed=1)
    row = row_from_report(report, "s", "s.py", "", "en")
    xml_text = junit_xml([row], PROB, "numpy", "en", batch=False)
    root = ET.fromstring(xml_text.encode("utf-8"))
    err = root.find("testsuite/testcase/error")
    assert "bad \ufffd\ufffd[31m \ufffd <&> ]]>" in err.get("message")
    doc = gradescope_results(row, PROB, "numpy", "en")
    json.dumps(doc, ensure_ascii=False).encode("utf-8")  # no lone surrogate left
    assert clean_text("a\x00b\ud800c\td") == "a\ufffdb\ufffdc\td"


def test_gradescope_weights_edge_cases_by_the_problem(shift_row):
    report, row = shift_row
    doc = gradescope_results(row, PROB, "numpy", "en")
    assert set(doc) >= {"score", "execution_time", "output", "tests"}
    assert len(doc["tests"]) == report.total
    explains = {cid: [d.id for d in report.diagnoses if cid in d.cases] for cid in (c.id for c in report.cases)}
    assert any(explains.values())
    for test, case in zip(doc["tests"], report.cases):
        assert set(test) == GRADESCOPE_TEST_KEYS
        assert test["tags"] == [case.kind, *explains[case.id]]  # edge | random, then the mistake that explains it
        assert test["max_score"] == (2.0 if case.kind == "edge" else 1.0)
        assert test["status"] == ("passed" if case.passed else "failed")
        assert test["score"] == (test["max_score"] if case.passed else 0.0)
        assert test["visibility"] == "visible"
        assert test["name"] == ("edge: " if case.kind == "edge" else "core: ") + case.id
    assert doc["score"] == sum(t["score"] for t in doc["tests"])
    assert doc["output"].splitlines() == [
        f"sft-loss (numpy), seed 7: {report.passed}/{report.total} cases passed "
        f"(edge cases {report.count('edge')[0]}/{report.count('edge')[1]})",
        "Likely mistake: Your shift is reversed [shift-reversed]",
        "Fix: Drop the last logits position and the first label: logits[..., :-1, :] with labels[..., 1:].",
        "Reproduce these cases locally: sftkl grade sft_loss.py --problem sft-loss --track numpy --seed 7",
    ]


def test_gradescope_in_chinese(shift_row):
    report, _ = shift_row
    row = row_from_report(report, "ann", "sft_loss.py", "", "zh")
    doc = gradescope_results(row, PROB, "numpy", "zh")
    assert doc["tests"][0]["name"].startswith("边界: ")
    assert "可能的错误:shift 方向反了 [shift-reversed]" in doc["output"]


def test_cli_grade_writes_junit_and_gradescope(tmp_path):
    path = write(tmp_path / "sft_loss.py", SHIFT)
    junit, gs = tmp_path / "out" / "j.xml", tmp_path / "gs.json"
    result = runner.invoke(app, ["grade", str(path), "--seed", "7", "--junit", str(junit), "--gradescope", str(gs), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # still exactly one JSON object on stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("name") == "sft-loss (numpy)" and int(suite.get("tests")) == data["total"]
    doc = json.loads(gs.read_text("utf-8"))
    assert len(doc["tests"]) == data["total"] and doc["score"] < sum(t["max_score"] for t in doc["tests"])
    good = write(tmp_path / "good.py", GOOD)
    ok = runner.invoke(app, ["grade", str(good), "--seed", "7", "--gradescope", str(gs)])
    assert ok.exit_code == 0
    doc = json.loads(gs.read_text("utf-8"))
    assert doc["score"] == sum(t["max_score"] for t in doc["tests"]) and "Reproduce" not in doc["output"]


def test_cli_grade_export_to_unwritable_place_is_exit_2(tmp_path):
    path = write(tmp_path / "sft_loss.py", GOOD)
    blocker = write(tmp_path / "file", "x")
    result = runner.invoke(app, ["grade", str(path), "--seed", "1", "--junit", str(blocker / "j.xml")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith(f"Error: cannot write to {blocker}: ")


def _pack_tracks():
    from sftkl.graders.catalog import catalog

    return [(p, tr) for p in catalog().values() for tr in p.tracks]


@pytest.mark.parametrize("prob, track", _pack_tracks(), ids=lambda v: getattr(v, "id", v))
def test_every_problem_exports_junit_and_gradescope(tmp_path, prob, track):
    """The exports work for every pack and track: the solution scores full marks, and a
    mistake's mutant is failed with its mistake id in the tests' tags and the JUnit messages."""
    from importlib import resources

    pack = resources.files(f"sftkl.problems.{prob.package}")
    mutant = sorted((m for m in pack.joinpath("mutants", track).iterdir() if m.name.endswith(".py")),
                    key=lambda m: m.name)[0]
    mistake = mutant.name[:-3]
    for name, source, code in (("solution", prob.text(f"solution_{track}.py"), 0), ("mutant", mutant.read_text("utf-8"), 1)):
        (tmp_path / name).mkdir()
        path = write(tmp_path / name / prob.file, source)
        junit, gs = tmp_path / f"{name}.xml", tmp_path / f"{name}.json"
        result = runner.invoke(app, ["grade", str(path), "--problem", prob.id, "--track", track, "--seed", "3",
                                     "--junit", str(junit), "--gradescope", str(gs), "--json"])
        assert result.exit_code == code, result.output
        data = json.loads(result.stdout)
        doc = json.loads(gs.read_text("utf-8"))
        suite = ET.parse(junit).getroot().find("testsuite")
        assert len(doc["tests"]) == int(suite.get("tests")) == data["total"] > 0
        full = sum(t["max_score"] for t in doc["tests"])
        if name == "solution":
            assert doc["score"] == full and suite.get("failures") == "0"
        else:
            assert doc["score"] < full and int(suite.get("failures")) + int(suite.get("errors")) > 0
            assert [d["id"] for d in data["diagnoses"]] == [mistake]
            assert any(mistake in t["tags"] for t in doc["tests"])
            assert mistake in ET.tostring(suite, encoding="unicode")
