"""`sftkl grade --repro CASE`: the written script replays the case on the learner's function in
a fresh interpreter and under pdb, with the grader's dtypes, layouts and expected values."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT, write
from sftkl.cli.app import app

runner = CliRunner()
SHIFT_REVERSED = (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8")
NOT_DETACHED = (CORPUS / "mistakes/dpo-loss/torch/rewards-not-detached--vectorised.py").read_text("utf-8")


def solution(pack: str, track: str) -> str:
    return (ROOT / f"problems/{pack}/solution_{track}.py").read_text("utf-8")


def grade(*args) -> tuple[int, dict]:
    result = runner.invoke(app, ["grade", *[str(a) for a in args], "--json"])
    return result.exit_code, json.loads(result.stdout)


def replay(script: Path, *pre: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The script in a fresh interpreter, from another directory (it finds its files itself)."""
    return subprocess.run([sys.executable, *pre, str(script)], capture_output=True, text=True, timeout=120,
                          input=stdin, cwd=script.parent.parent)


def with_probe(source: str, function: str, probe: str) -> str:
    """The source with a print as the first statement of `function` (after its signature)."""
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"def {function}("))
    while not lines[at].rstrip().endswith(":"):
        at += 1
    return "\n".join(lines[: at + 1] + [f"    print({probe})"] + lines[at + 1:]) + "\n"


def numbers(message: str) -> tuple[float, float]:
    m = re.search(r"expected ([-0-9.e+]+), got ([-0-9.e+]+)", message)
    assert m, message
    return float(m.group(1)), float(m.group(2))


def test_a_failing_numpy_case_replays_with_its_layout_and_the_grades_numbers(tmp_path):
    sol = write(tmp_path / "sft_loss.py", with_probe(SHIFT_REVERSED, "sft_loss",
                                                     "'C-contiguous:', logits.flags.c_contiguous, labels.flags.c_contiguous"))
    code, report = grade(sol, "--seed", 3, "--repro", "noncontiguous")
    assert code == 1
    script, npz = Path(report["repro"]["script"]), Path(report["repro"]["inputs"])
    assert (script, npz) == (tmp_path / "repro_noncontiguous.py", tmp_path / "repro_noncontiguous.npz")
    assert script.read_text("utf-8").splitlines()[0].startswith("# sftkl-repro:")
    proc = replay(script)
    assert proc.returncode == 1, proc.stderr
    assert "C-contiguous: False False" in proc.stdout  # logits transposed, labels strided, as graded
    case = next(c for c in report["cases"] if c["id"] == "noncontiguous")
    want, got = numbers(case["message"])
    worst = re.search(r"worst: expected ([-0-9.e+]+), got ([-0-9.e+]+)", proc.stdout)
    assert worst, proc.stdout
    assert float(worst.group(1)) == pytest.approx(want, rel=1e-4) and float(worst.group(2)) == pytest.approx(got, rel=1e-4)
    assert "FAIL" in proc.stdout


def test_the_script_imports_nothing_of_sftkl(tmp_path):
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    code, report = grade(sol, "--seed", 2, "--repro", "one-kept")
    script = report["repro"]["script"]
    probe = ("import runpy, sys\n"
             f"try:\n    runpy.run_path({script!r}, run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print('SFTKL', sorted(m for m in sys.modules if m.startswith('sftkl')))\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert "SFTKL []" in proc.stdout, proc.stdout + proc.stderr
    assert "WRONG" in proc.stdout


def test_the_script_runs_under_pdb_and_stops_in_the_learners_function(tmp_path):
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    grade(sol, "--seed", 3, "--repro", "noncontiguous")
    script = tmp_path / "repro_noncontiguous.py"
    proc = replay(script, "-m", "pdb", stdin="c\nq\n")
    assert "FAIL: this case differs" in proc.stdout and "The program exited via sys.exit()" in proc.stdout, proc.stdout
    line = next(i for i, text in enumerate(SHIFT_REVERSED.splitlines(), 1) if text.startswith("def sft_loss("))
    body = next(i for i, text in enumerate(SHIFT_REVERSED.splitlines(), 1)
                if i > line and text.strip() and not text.strip().startswith(("#", '"""')) and text.startswith("    "))
    proc = replay(script, "-m", "pdb", stdin=f"b {sol}:{body}\nc\np 'AT', logits.shape, logits.flags.c_contiguous\nq\n")
    assert "('AT', (" in proc.stdout and "False)" in proc.stdout, proc.stdout


def test_a_torch_bfloat16_case_gets_bfloat16_inputs_that_require_grad_and_checks_the_gradient(tmp_path):
    src = with_probe(solution("kl_penalty", "torch"), "kl_penalty",
                     "'INPUT', log_probs.dtype, log_probs.requires_grad, ref_log_probs.requires_grad")
    sol = write(tmp_path / "kl_penalty.py", src)
    code, report = grade(sol, "--seed", 5, "--repro", "bfloat16")
    assert code == 0, report
    proc = replay(Path(report["repro"]["script"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "INPUT torch.bfloat16 True False" in proc.stdout
    assert "got bfloat16 ()" in proc.stdout and "gradient of log_probs:" in proc.stdout
    assert "PASS: this case matches" in proc.stdout
    # a wrong gradient (the value detached and rebuilt) is named by the script too
    broken = src.replace("def kl_penalty(", "def _kl(", 1) + (
        "\n\ndef kl_penalty(log_probs, ref_log_probs, mode='k3', mask=None, agg='token-mean'):\n"
        "    out = _kl(log_probs, ref_log_probs, mode, mask, agg)\n"
        "    return out.detach() + 0 * log_probs.sum()\n")
    write(sol, broken)
    proc = replay(Path(report["repro"]["script"]))
    assert proc.returncode == 1 and "gradient of log_probs" in proc.stdout and "WRONG" in proc.stdout, proc.stdout


@pytest.mark.parametrize("case, dtype", [("bfloat16", "bfloat16"), ("mode-k1", "float32")])
def test_the_gradient_header_names_the_dtype_the_learners_gradient_has(tmp_path, case, dtype):
    """The grader compares the learner's gradient as autograd gave it (the input's dtype), at
    the case's tolerance: the script says that dtype, not the float64 it converts it to."""
    src = with_probe(solution("kl_penalty", "torch"), "kl_penalty", "'INPUT', log_probs.dtype")
    sol = write(tmp_path / "kl_penalty.py", src)
    code, report = grade(sol, "--seed", 5, "--repro", case)
    assert code == 0, report
    proc = replay(Path(report["repro"]["script"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"INPUT torch.{dtype}" in proc.stdout
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("gradient of log_probs:"))
    assert lines[at] == f"gradient of log_probs: expected float64 (3, 8), got {dtype} (3, 8)", proc.stdout
    ok = next(line for line in lines[at:] if line.startswith("  ok:"))
    assert ok.endswith(f", {dtype})"), ok  # judged at the tolerance the grader applies


def test_a_tuple_problem_checks_each_element_and_the_detached_ones(tmp_path):
    sol = write(tmp_path / "dpo_loss.py", NOT_DETACHED)
    code, report = grade(sol, "--seed", 5, "--repro", "strided")
    assert code == 1
    proc = replay(Path(report["repro"]["script"]))
    assert proc.returncode == 1
    assert "chosen_rewards requires grad; it must be detached" in proc.stdout, proc.stdout
    write(sol, solution("dpo_loss", "torch"))
    code, report = grade(sol, "--seed", 5, "--repro", "strided")
    assert code == 0
    proc = replay(Path(report["repro"]["script"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("loss:", "chosen_rewards:", "rejected_rewards:", "gradient of policy_chosen_logps:"):
        assert name in proc.stdout


def test_a_case_that_expects_an_exception_replays_it(tmp_path):
    sol = write(tmp_path / "kl_penalty.py", solution("kl_penalty", "torch"))
    code, report = grade(sol, "--seed", 1, "--repro", "unknown-mode-k4")
    proc = replay(Path(report["repro"]["script"]))
    assert proc.returncode == 0 and "raised ValueError" in proc.stdout and "(as expected)" in proc.stdout, proc.stdout


def test_without_seed_the_repro_replays_the_latest_grades_cases(tmp_path):
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    _, first = grade(sol, "--seed", 4321)
    _, again = grade(sol, "--repro", "random-2")
    assert again["seed"] == 4321
    assert [c["message"] for c in again["cases"]] == [c["message"] for c in first["cases"]]


def test_an_unknown_case_is_one_line_exit_2_and_writes_nothing(tmp_path):
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", str(sol), "--repro", "nope", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    error = json.loads(proc.stdout)["error"]
    assert error.startswith("no case 'nope' in sft-loss (numpy)") and "one-kept" in error and "random-1" in error
    assert proc.stderr.strip().splitlines() == ["Error: " + error]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sft_loss.py"]


def test_a_learners_file_of_that_name_is_never_replaced(tmp_path):
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    mine = write(tmp_path / "repro_one-kept.py", "print('my own notes')\n")
    result = runner.invoke(app, ["grade", str(sol), "--seed", 1, "--repro", "one-kept"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"Error: {mine} already exists and was not written by sftkl; it was left "
                                                  "untouched: rename or move it, then run --repro again"]
    assert mine.read_text() == "print('my own notes')\n" and not (tmp_path / "repro_one-kept.npz").exists()
    mine.unlink()
    write(tmp_path / "repro_one-kept.npz", "not an npz of sftkl's")
    assert runner.invoke(app, ["grade", str(sol), "--seed", 1, "--repro", "one-kept"]).exit_code == 2
    assert (tmp_path / "repro_one-kept.npz").read_text() == "not an npz of sftkl's"
    (tmp_path / "repro_one-kept.npz").unlink()
    # sftkl's own files are rewritten (a later seed replaces the earlier one)
    assert runner.invoke(app, ["grade", str(sol), "--seed", 1, "--repro", "one-kept"]).exit_code == 1
    assert runner.invoke(app, ["grade", str(sol), "--seed", 2, "--repro", "one-kept"]).exit_code == 1
    assert "seed 2" in (tmp_path / "repro_one-kept.py").read_text()


def test_a_symlink_planted_at_a_repro_path_is_never_written_through(tmp_path):
    """repro_<case>.py or .npz as a symbolic link (to ~/.bashrc, to sftkl's own files elsewhere,
    to nothing): refused before grading, the link and its target left as they were."""
    from sftkl.practice.repro import MARKER

    work = tmp_path / "work"
    work.mkdir()
    sol = write(work / "sft_loss.py", SHIFT_REVERSED)
    bashrc = write(tmp_path / "bashrc", MARKER + "\nexport PATH=/usr/bin\n")  # even with sftkl's first line
    for target in (bashrc, tmp_path / "nowhere"):
        link = work / "repro_one-kept.py"
        link.symlink_to(target)
        result = runner.invoke(app, ["grade", str(sol), "--seed", 1, "--repro", "one-kept"])
        assert result.exit_code == 2 and "was not written by sftkl" in result.stderr, result.stderr
        assert link.is_symlink() and os.readlink(link) == str(target) and not (work / "repro_one-kept.npz").exists()
        link.unlink()
    assert bashrc.read_text() == MARKER + "\nexport PATH=/usr/bin\n" and not (tmp_path / "nowhere").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = write(elsewhere / "sft_loss.py", SHIFT_REVERSED)
    assert runner.invoke(app, ["grade", str(other), "--seed", 1, "--repro", "one-kept"]).exit_code == 1
    theirs = (elsewhere / "repro_one-kept.npz").read_bytes()
    (work / "repro_one-kept.npz").symlink_to(elsewhere / "repro_one-kept.npz")  # a real npz of sftkl's, linked
    assert runner.invoke(app, ["grade", str(sol), "--seed", 2, "--repro", "one-kept"]).exit_code == 2
    assert (elsewhere / "repro_one-kept.npz").read_bytes() == theirs and (work / "repro_one-kept.npz").is_symlink()


@pytest.mark.parametrize("lang, words, verdict", [
    ("en", "Debug it: python -m pdb repro_one-kept.py", "FAIL: this case differs (see above)"),
    ("zh", "调试:python -m pdb repro_one-kept.py", "未通过:该用例结果不一致(见上)"),
])
def test_the_report_and_the_script_speak_the_chosen_language(tmp_path, monkeypatch, lang, words, verdict):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    result = runner.invoke(app, ["grade", "sft_loss.py", "--seed", 1, "--repro", "one-kept", "--lang", lang])
    assert result.exit_code == 1
    assert words in result.stdout and "repro_one-kept.npz" in result.stdout
    proc = replay(tmp_path / "repro_one-kept.py")
    assert proc.returncode == 1 and proc.stdout.strip().splitlines()[-1] == verdict, proc.stdout


def test_a_file_without_the_function_or_gone_is_one_line_not_a_traceback(tmp_path):
    """The script replays on whatever the file holds when it runs: a file whose function was renamed,
    or a file moved away, is a FAIL line saying so (exit 1), not an AttributeError traceback."""
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    code, report = grade(sol, "--seed", 1, "--repro", "one-kept")
    script = Path(report["repro"]["script"])
    write(sol, "import numpy as np\n\ndef sft_loss_v2(logits, labels, ignore_index=-100):\n    return 0.0\n")
    proc = replay(script)
    assert (proc.returncode, proc.stderr) == (1, ""), proc.stderr
    assert proc.stdout.strip() == "FAIL: sft_loss.py defines no function 'sft_loss'; keep the stub's function name"
    sol.unlink()
    proc = replay(script)
    assert (proc.returncode, proc.stderr) == (1, ""), proc.stderr
    assert proc.stdout.startswith(f"FAIL: {sol} is gone;")


@pytest.mark.parametrize("track", ["numpy", "torch"])
def test_a_case_of_the_second_function_of_a_track_gets_its_own_argument_names(tmp_path, track):
    """token-logprobs grades two functions; a sequence_logprob case passes `average` fourth. The script
    named it after the signature's first function list (`labels = True`, overwriting the labels)."""
    sol = write(tmp_path / "token_logprobs.py", solution("token_logprobs", track))
    code, report = grade(sol, "--seed", 1, "--repro", "seq-average-custom-ignore")
    assert code == 0, report
    script = Path(report["repro"]["script"])
    assert "    average = True" in script.read_text("utf-8")
    proc = replay(script)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "PASS: this case matches"


def test_the_commands_to_run_the_script_are_each_on_one_line(tmp_path, monkeypatch):
    """At 80 columns `python -m pdb <path>` is not broken across two lines (a copy would lose half)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "work").mkdir()
    write(tmp_path / "work" / "sft_loss.py", SHIFT_REVERSED)
    result = runner.invoke(app, ["grade", "work/sft_loss.py", "--seed", 1, "--repro", "one-kept", "--lang", "en"])
    assert result.exit_code == 1
    text = result.stdout
    for command in ("python work/repro_one-kept.py", "python -m pdb work/repro_one-kept.py"):
        assert any(command in line for line in text.splitlines()), text


def test_repro_files_that_cannot_be_written_never_hide_the_report(tmp_path, monkeypatch):
    """A folder the script cannot go in (read-only, full): the grade is shown all the same, the error
    line follows (exit 2); under --json the report carries `repro_error`."""
    from sftkl.practice import repro

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(repro, "atomic_write", refuse)
    sol = write(tmp_path / "sft_loss.py", SHIFT_REVERSED)
    result = runner.invoke(app, ["grade", str(sol), "--seed", 1, "--repro", "one-kept", "--lang", "en"])
    assert result.exit_code == 2
    assert "FAIL" in result.stdout and "one-kept" in result.stdout
    assert result.stderr.strip().splitlines() == [f"Error: cannot write to {tmp_path}: Permission denied"]
    code, report = grade(sol, "--seed", 1, "--repro", "one-kept")
    assert code == 2 and report["verdict"] == "fail" and "repro" not in report
    assert report["repro_error"] == f"cannot write to {tmp_path}: Permission denied"
    jsonschema = pytest.importorskip("jsonschema")
    from sftkl.graders.contract import schema

    jsonschema.Draft202012Validator(schema("grade")).validate(report)


def _pack_tracks():
    from sftkl.graders.catalog import catalog

    return [(p.id, tr) for p in catalog().values() for tr in p.tracks]


@pytest.mark.parametrize("pack, track", _pack_tracks())
def test_every_function_of_every_pack_replays_a_pass_on_its_solution(tmp_path, pack, track):
    """One case per graded function of each pack and track (the one passing most arguments), written as
    the script and replayed on the pack's solution: it must say PASS. Catches a script that
    builds its inputs wrong for one problem's signature."""
    from sftkl.graders.catalog import get_problem
    from sftkl.graders.engine import build_cases
    from sftkl.practice import repro

    prob = get_problem(pack)
    sol = write(tmp_path / prob.file, solution(pack.replace("-", "_"), track))
    firsts: dict[str, object] = {}
    for case in build_cases(prob, track, 1):  # the case passing the most arguments, for each function
        if case.raises is None and len(case.args) > len(getattr(firsts.get(case.call), "args", ())):
            firsts[case.call] = case
    assert set(firsts) == set(prob.tracks[track].functions)
    for case in firsts.values():
        script, _ = repro.write(prob, track, case, sol, 1, "en")
        proc = replay(script)
        assert (proc.returncode, proc.stderr) == (0, ""), f"{case.id}: {proc.stdout}{proc.stderr}"
        assert proc.stdout.strip().splitlines()[-1] == "PASS: this case matches", proc.stdout
