"""The JSON contract: every `--json` command prints exactly one object on stdout carrying
`schema_version`, usage errors included, and the shipped JSON Schemas (graders/schemas/)
describe what the commands really print."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.graders.catalog import catalog
from sftkl.graders.contract import SCHEMA_VERSION, SCHEMAS, schema
from sftkl.graders.catalog import catalog

runner = CliRunner()
GOOD_NP = (CORPUS / "correct/sft-loss/numpy/log_softmax_fancy_index.py").read_text("utf-8")
SHIFT_REVERSED = (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8")
GOOD_SOFTMAX = (CORPUS / "correct/softmax/numpy/max_subtract_keepdims.py").read_text("utf-8")


def one_object(text: str) -> dict:
    """stdout holds exactly one JSON object (and nothing else)."""
    data, end = json.JSONDecoder().raw_decode(text)
    assert text[end:].strip() == "", text
    assert isinstance(data, dict) and data["schema_version"] == SCHEMA_VERSION
    return data


def valid(name: str, data: dict) -> dict:
    jsonschema.Draft202012Validator(schema(name)).validate(data)
    return data


def cli(*args) -> tuple[int, dict, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, one_object(result.stdout), result.stderr


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_ship_in_the_package_and_are_valid(name):
    doc = schema(name)
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_grade_reports_match_the_grade_schema(tmp_path):
    code, data, _ = cli("grade", write(tmp_path / "good.py", GOOD_NP), "--json", "--seed", 2)
    assert code == 0 and valid("grade", data)["verdict"] == "pass"
    code, data, _ = cli("grade", write(tmp_path / "bad.py", SHIFT_REVERSED), "--json", "--seed", 2, "--lang", "zh")
    assert code == 1 and valid("grade", data)["diagnoses"][0]["id"] == "shift-reversed"
    assert any(c["status"] == "wrong" and "相对误差" in c["message"] for c in data["cases"])
    code, data, _ = cli("grade", write(tmp_path / "broken.py", "# sftkl: problem=sft-loss track=numpy\ndef sft_loss(:\n"), "--json")
    assert code == 1 and valid("grade", data)["error"].startswith("syntax error")
    crash = (CORPUS.parent / "hostile/forges_wrong_types.py").read_text("utf-8")
    code, data, _ = cli("grade", write(tmp_path / "forged.py", crash), "--json", "--seed", 1)
    assert code == 1 and valid("grade", data)["cases"][0]["status"] == "crash"


def test_a_grade_with_repro_matches_the_grade_schema(tmp_path):
    code, data, _ = cli("grade", write(tmp_path / "bad.py", SHIFT_REVERSED), "--json", "--seed", 2, "--repro", "random-1")
    assert code == 1 and valid("grade", data)["repro"] == {
        "case": "random-1", "script": str(tmp_path / "repro_random-1.py"), "inputs": str(tmp_path / "repro_random-1.npz")}
    code, data, _ = cli("grade", tmp_path / "bad.py", "--json", "--repro", "no-such-case")
    assert code == 2 and valid("error", data)["exit_code"] == 2


def test_batch_report_matches_the_batch_schema(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs / "ann.py", GOOD_NP)
    write(subs / "ben.py", SHIFT_REVERSED)
    write(subs / "cat.py", "# sftkl: problem=sft-loss track=numpy\ndef sft_loss(:\n")
    (subs / "dan").mkdir()
    code, data, _ = cli("batch", subs, "-p", "sft-loss", "-t", "numpy", "--out", tmp_path / "out", "--seed", 4, "--json")
    assert code == 0
    assert valid("batch", data)["summary"]["total"] == 4
    assert {r["status"] for r in data["rows"]} == {"graded", "no-file"}


def test_mock_report_matches_the_mock_schema(tmp_path):
    code, started, _ = cli("mock", "start", "-p", "softmax", "-p", "sft-loss", "-t", "numpy", "--dir", tmp_path / "m",
                           "--seed", 3, "--json")
    assert code == 0 and started["session"]
    write(tmp_path / "m" / "softmax.py", GOOD_SOFTMAX)
    write(tmp_path / "m" / "sft_loss.py", SHIFT_REVERSED)
    code, status, _ = cli("mock", "status", "--json")
    assert code == 0 and status["session"] == started["session"]
    code, data, _ = cli("mock", "finish", "--json")
    assert code == 0
    report = valid("mock", data)
    assert [p["problem"] for p in report["problems"]] == ["softmax", "sft-loss"]
    assert report["problems"][1]["diagnoses"][0]["id"] == "shift-reversed" and report["study"]
    code, history, _ = cli("mock", "history", "--json")
    assert code == 0 and history["sessions"][0]["session"] == started["session"]


def test_review_queue_matches_the_review_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, data, _ = cli("review", "--next", "--json")
    assert code == 0 and valid("review", data)["due"] == [] and data["opened"] is None
    assert cli("grade", write(tmp_path / "bad.py", SHIFT_REVERSED), "--json", "--seed", 2)[0] == 1
    monkeypatch.setenv("SFTKL_NOW", str(__import__("time").time() + 3 * 86400))  # three days on
    code, data, _ = cli("review", "--next", "--json", "--lang", "zh")
    assert code == 0 and valid("review", data)["due"][0]["why"]["mistakes"] == ["shift-reversed"]
    assert data["opened"]["problem"] == "sft-loss" and data["opened"]["written"] is True


def test_every_json_command_carries_the_schema_version(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    forms = [
        ["list", "--json"],
        ["show", "softmax", "--json"],
        ["practice", "softmax", "--json"],
        ["progress", "--json"],
        ["review", "--json"],
        ["hint", "softmax", "--json"],
        ["solution", "softmax", "--force", "--json"],
        ["reset", "softmax", "--json"],
        ["autograder", "gradescope", "-p", "softmax", "--out", tmp_path / "ag.zip", "--pip", "sftkl", "--json"],
    ]
    for argv in forms:
        code, data, _ = cli(*argv)
        assert code == 0, argv
        assert list(data)[0] == "schema_version"


ERRORS = [
    (["grade", "{tmp}/nope.py", "--json"], "file not found: {tmp}/nope.py; run `sftkl practice ID` to create a stub, or pass the path of your solution"),
    (["mock", "start", "-n", "99", "--json"], f"--problems 99 is out of range: {len(catalog())} problems match the options"),
    (["solution", "softmax", "--json"], "the solution of softmax (numpy) unlocks once you pass, or after 3 failed grades (you have 0); "
                                        "try `sftkl hint softmax`, or pass --force to see it now (recorded as a reveal)"),
    (["show", "sft-los", "--json"], "no problem 'sft-los' (did you mean 'sft-loss'?); run `sftkl list` to see the catalog "
                                    f"({', '.join(catalog())})"),
    (["list", "--json", "--lang", "fr"], "unknown language 'fr'; use en or zh"),
    (["mock", "--json", "status"], "options like --minutes belong after the subcommand: `sftkl mock status ...`"),
    # typer's own usage errors (cli/app.py main): --json anywhere in argv
    (["grade", "--bogus", "--json"], "No such option: --bogus"),
    (["--json", "show"], None),
    (["show", "--json"], "Missing argument 'problem'."),
    (["nope", "--json"], "No such command 'nope'."),
    (["grade", "x.py", "--seed", "abc", "--json"], "Invalid value for '--seed': 'abc' is not a valid int."),
]


@pytest.mark.parametrize("argv, message", ERRORS, ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_console_script_errors_under_json_are_one_error_object(argv, message, tmp_path):
    argv = [a.format(tmp=tmp_path) for a in argv]
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", *argv], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    data = valid("error", one_object(proc.stdout))
    assert data["exit_code"] == 2
    if message is not None:
        assert data["error"] == message.format(tmp=tmp_path)
        assert proc.stderr.strip().splitlines()[-1] == "Error: " + data["error"]  # stderr still carries the line
    assert "Traceback" not in proc.stderr


def test_error_object_is_in_the_chosen_language():
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "show", "--json", "--lang", "zh"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and one_object(proc.stdout)["error"] == "缺少参数 'problem'。"
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", "nope.py", "--json"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "SFTKL_LANG": "zh"})
    assert proc.returncode == 2 and one_object(proc.stdout)["error"].startswith("找不到文件:nope.py")


def test_without_json_errors_print_nothing_on_stdout(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", str(tmp_path / "nope.py")], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", "--bogus"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
