"""Batch grading: a class of 100 mixed submissions, resuming, Ctrl-C, the CLI.

The class is built from the corpus (numpy track of sft-loss) plus hostile files:
an endless loop at import, a syntax error, a function that raises, one that
prints a lot, one that exits at import, and a student folder with nothing in it.
"""

from __future__ import annotations

import csv
import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.classroom import batch as batch_mod
from sftkl.classroom.batch import discover, run_batch, student_seed
from sftkl.graders.catalog import get_problem
from sftkl.sandbox.limits import Limits
from sftkl.graders.errors import UsageError

runner = CliRunner()
SEED = 4242
HEAD = "# sftkl: problem=sft-loss track=numpy\nimport numpy as np\n"
CORRECT = sorted(CORPUS.glob("correct/sft-loss/numpy/*.py"))
# one style of each of the 7 numpy sft-loss mistakes (the corpus may hold more styles of one)
_BY_ID: dict = {}
for _p in sorted(CORPUS.glob("mistakes/sft-loss/numpy/*.py")):
    _BY_ID.setdefault(_p.stem.split("--")[0], _p)
MISTAKES = sorted(_BY_ID.values())
GOOD = CORRECT[0].read_text("utf-8")
HANG = "def sft_loss(logits, labels, ignore_index=-100):\n    while True:\n        pass\n"
# Short limits so the endless import costs seconds, not a minute; generous enough for numpy's import under load.
LIMITS = Limits(import_wall_s=4.0, case_wall_s=5.0, case_cpu_s=5.0)

HOSTILE = {
    "h-import-loop": (HEAD + "while True:\n    pass\n", "importing your file took longer than 4.0 s"),
    "h-syntax": (HEAD + "def sft_loss(logits, labels:\n    return 0\n", "syntax error on line 3"),
    "h-exits": (HEAD + "import os\nos._exit(3)\n", "the process ended while importing your file (exit code 3)"),
}


def _variant(text: str, n: int) -> str:
    # Each copy differs by a comment, so every student's file has its own hash.
    return text + f"\n# student copy {n}\n"


def build_class(root: Path) -> dict[str, str]:
    """100 submissions; returns {student: expected outcome}: 'pass', a mistake id, or 'hostile:<name>'."""
    expected: dict[str, str] = {}
    n = 0
    for i in range(38):  # correct, in every corpus style; every other one as a student folder
        src = _variant(CORRECT[i % len(CORRECT)].read_text("utf-8"), i)
        name = f"c{i:02d}"
        if i % 2:
            (root / name).mkdir()
            write(root / name / "sft_loss.py", src)
        else:
            write(root / f"{name}.py", src)
        expected[name] = "pass"
        n += 1
    for i in range(56):  # each of the 14 mistake files four times (7 mistakes x 8 students)
        path = MISTAKES[i % len(MISTAKES)]
        name = f"m{i:02d}"
        write(root / f"{name}.py", _variant(path.read_text("utf-8"), i))
        expected[name] = path.stem.split("--")[0]
        n += 1
    for name, (src, _) in HOSTILE.items():
        write(root / f"{name}.py", src)
        expected[name] = f"hostile:{name}"
    write(root / "h-raises.py", HEAD + "def sft_loss(logits, labels, ignore_index=-100):\n    raise RuntimeError('nope')\n")
    expected["h-raises"] = "hostile:h-raises"
    # A correct solution that floods stdout: its row still passes, the batch is unharmed.
    write(root / "h-prints.py", "print('x' * 100_000)\n" + GOOD + (
        "\n_inner = sft_loss\n\n\ndef sft_loss(logits, labels, ignore_index=-100):\n"
        "    print('noise ' * 20_000)\n    return _inner(logits, labels, ignore_index)\n"))
    expected["h-prints"] = "pass"
    (root / "h-empty").mkdir()  # a folder with nothing to grade
    expected["h-empty"] = "hostile:h-empty"
    write(root / "notes.txt", "not a submission")
    (root / "__pycache__").mkdir()
    assert len(expected) == 100
    return expected


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs = root / "subs"
    subs.mkdir()
    expected = build_class(subs)
    events = {"start": [], "rows": []}
    t0 = time.monotonic()
    result = run_batch(
        subs, "sft-loss", "numpy", out=root / "out", jobs=4, seed=SEED, limits=LIMITS, junit=root / "junit.xml",
        on_start=lambda todo, skipped: events["start"].append((todo, skipped)), on_row=events["rows"].append,
    )
    elapsed = time.monotonic() - t0
    print(f"\n100 submissions graded in {elapsed:.1f} s")
    return root, subs, expected, result, events, elapsed


def test_batch_grades_every_submission_with_the_right_row(graded_class):
    root, subs, expected, result, events, elapsed = graded_class
    assert not result.interrupted and result.graded == 100 and result.skipped == 0
    assert events["start"] == [(100, 0)] and len(events["rows"]) == 100
    rows = {r.student: r for r in result.rows}
    assert set(rows) == set(expected)
    for student, want in expected.items():
        row = rows[student]
        assert row.seed == SEED
        if want == "pass":
            assert (row.verdict, row.passed, row.error) == ("pass", row.total, None), student
            assert row.score == 100.0 and row.edge_passed == row.edge_total > 0
        elif not want.startswith("hostile:"):
            assert row.verdict == "fail" and row.error is None, student
            assert row.diagnoses == (want,), (student, row.diagnoses)
            assert 0 < row.total and row.passed < row.total
    for name, (_, message) in HOSTILE.items():
        assert rows[name].verdict == "fail" and rows[name].passed == 0
        assert rows[name].error.startswith(message), rows[name].error
        assert {c.status for c in rows[name].cases} == {"not-run"}
    raised = rows["h-raises"]
    assert raised.error is None and {c.status for c in raised.cases} == {"error"}
    assert raised.cases[0].message.startswith("raised RuntimeError on line 4: nope")
    assert rows["h-empty"].status == "no-file" and rows["h-empty"].file == "h-empty/"
    assert rows["h-empty"].error == "no sft_loss.py in h-empty/: the student submitted nothing sftkl can grade"
    assert rows["c01"].file == "c01/sft_loss.py" and rows["c00"].file == "c00.py"
    assert elapsed < 60


def test_batch_summary_is_the_teaching_signal(graded_class):
    _, _, _, result, _, _ = graded_class
    s = result.summary
    assert (s.total, s.passed, s.failed) == (100, 39, 61)
    assert s.pass_rate == pytest.approx(0.39)
    assert dict(s.diagnoses) == {m: 8 for m in ("ignore-index-missing", "log-softmax-underflow", "nan-all-ignored",
                                                "no-shift", "shift-reversed", "softmax-overflow", "sum-not-mean")}
    assert (s.undiagnosed, s.load_errors, s.not_graded) == (1, 3, 1)  # h-raises; import loop, syntax, exit; h-empty
    assert s.slowest[0][0] == "h-import-loop" and len(s.slowest) == 5
    assert [d for _, d in s.slowest] == sorted((d for _, d in s.slowest), reverse=True)


def test_batch_writes_csv_and_json_rows(graded_class):
    root, _, expected, result, _, _ = graded_class
    with open(root / "out" / "results.csv", newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert [r["student"] for r in table] == sorted(expected)
    by = {r["student"]: r for r in table}
    assert by["m00"]["diagnoses"] == expected["m00"] and by["m00"]["seed"] == str(SEED)
    assert by["c00"]["verdict"] == "pass" and by["c00"]["passed"] == by["c00"]["total"]
    assert set(by["c00"]) >= {"student", "verdict", "passed", "total", "edge_passed", "edge_total", "diagnoses",
                              "duration_s", "seed", "error", "sha256", "score"}
    doc = json.loads((root / "out" / "results.json").read_text("utf-8"))
    assert (doc["problem"], doc["track"], doc["seed"], doc["format_version"]) == ("sft-loss", "numpy", SEED, 1)
    assert len(doc["rows"]) == 100 and doc["summary"]["passed"] == 39
    assert doc["summary"]["diagnoses"]["shift-reversed"] == 8
    assert all(len(r["sha256"]) == 64 for r in doc["rows"] if r["status"] == "graded")


def test_batch_junit_is_valid_with_one_suite_per_student(graded_class):
    root, _, _, result, _, _ = graded_class
    suites = ET.parse(root / "junit.xml").getroot()
    assert suites.tag == "testsuites" and len(suites) == 100
    by = {s.get("name"): s for s in suites}
    total = 0
    for row in result.rows:
        suite = by[row.student]
        cases = suite.findall("testcase")
        failing = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
        assert int(suite.get("tests")) == len(cases) == max(1, row.total)
        assert int(suite.get("failures")) + int(suite.get("errors")) == len(failing) == max(1, row.total) - row.passed
        total += len(cases)
    assert int(suites.get("tests")) == total
    shifted = by["m" + next(r.student[1:] for r in result.rows if r.diagnoses == ("shift-reversed",))]
    failure = next(c.find("failure") for c in shifted.findall("testcase") if c.find("failure") is not None)
    assert "Likely mistake: Your shift is reversed [shift-reversed]" in failure.text
    assert failure.get("type") == "wrong" and failure.get("message").startswith("expected ")
    empty = by["h-empty"].find("testcase").find("error")
    assert empty.get("message").startswith("no sft_loss.py in h-empty/")


def test_batch_rerun_skips_what_is_graded_and_regrades_changed_files(graded_class, tmp_path):
    root, subs, expected, first, _, _ = graded_class
    out = tmp_path / "out"
    # Resume from a copy of the first run's results, so the other tests keep theirs.
    out.mkdir()
    for name in ("results.json", "results.csv"):
        (out / name).write_bytes((root / "out" / name).read_bytes())
    t0 = time.monotonic()
    again = run_batch(subs, "sft-loss", "numpy", out=out, jobs=2, limits=LIMITS)
    assert (again.graded, again.skipped, again.seed) == (0, 100, SEED)  # the seed of the run it resumes
    assert again.rows == first.rows
    assert time.monotonic() - t0 < 5
    fixed = next(s for s, w in expected.items() if w == "shift-reversed")
    original = (subs / f"{fixed}.py").read_text("utf-8")
    try:
        write(subs / f"{fixed}.py", GOOD)
        third = run_batch(subs, "sft-loss", "numpy", out=out, jobs=2, limits=LIMITS)
    finally:
        write(subs / f"{fixed}.py", original)
    assert (third.graded, third.skipped) == (1, 99)
    assert {r.student: r for r in third.rows}[fixed].verdict == "pass"
    assert third.summary.passed == 40


def test_batch_seed_per_student_is_recorded_and_reproducible(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("ann", "ben"):
        write(subs / f"{name}.py", GOOD)
    result = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", seed=7, seed_per_student=True, jobs=2)
    seeds = {r.student: r.seed for r in result.rows}
    assert seeds == {"ann": student_seed(7, "ann"), "ben": student_seed(7, "ben")} and seeds["ann"] != seeds["ben"]
    assert all(r.verdict == "pass" for r in result.rows)
    again = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", seed_per_student=True)
    assert (again.graded, again.skipped) == (0, 2)


def _running_candidates() -> list[int]:
    """Candidate processes of this test process still alive (fork servers and spares are idle, not counted)."""
    from sftkl.sandbox import launch, pool, reaper

    with reaper._live_lock:
        live = set(reaper._live)
    idle = {z.proc.pid for z in pool._all_zygotes} | launch.waiting_pids()
    return [p for p in live - idle if reaper._is_grade_process(p)]


class _NoForkServer:
    def __init__(self, tracks=()):
        pass

    def __enter__(self):
        raise OSError("no fork server here")


@pytest.mark.parametrize("mode", ["warm", "cold"])
def test_ctrl_c_stops_at_once_and_keeps_what_is_done(tmp_path, monkeypatch, mode):
    from sftkl.sandbox import pool

    if mode == "cold":  # no fork server: each grade spawns its own process
        monkeypatch.setattr(pool, "_warm_depth", 0)
        monkeypatch.setattr(pool, "keep_warm", _NoForkServer)
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("a1", "a2"):
        write(subs / f"{name}.py", GOOD)
    for name in ("z1", "z2", "z3"):
        write(subs / f"{name}.py", HEAD + HANG)  # each case would run into the 10 s wall limit
    seen = []

    def ctrl_c_after_two(row):
        seen.append(row.student)
        if len(seen) == 2:
            raise KeyboardInterrupt

    t0 = time.monotonic()
    result = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", jobs=5, seed=1, on_row=ctrl_c_after_two)
    assert time.monotonic() - t0 < 8
    assert result.interrupted
    assert [r.student for r in result.rows] == ["a1", "a2"]  # the killed ones are not recorded as graded
    assert _running_candidates() == []
    saved = json.loads((tmp_path / "out" / "results.json").read_text("utf-8"))
    assert [r["student"] for r in saved["rows"]] == ["a1", "a2"]
    for name in ("z1", "z2", "z3"):
        write(subs / f"{name}.py", GOOD)
    resumed = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", jobs=3)
    assert (resumed.graded, resumed.skipped, resumed.seed) == (3, 2, 1)


def test_grader_failure_is_a_row_and_is_retried(tmp_path, monkeypatch):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("ok", "boom"):
        write(subs / f"{name}.py", GOOD)
    real = batch_mod.grade_submission

    def flaky(path, problem, track, seed, limits=None):
        if Path(path).stem == "boom":
            raise OSError("too many open files")
        return real(path, problem, track, seed, limits)

    monkeypatch.setattr(batch_mod, "grade_submission", flaky)
    first = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", seed=3)
    rows = {r.student: r for r in first.rows}
    assert rows["ok"].verdict == "pass"
    assert rows["boom"].status == "grader-error"
    assert rows["boom"].error == (
        "sftkl could not grade this submission (OSError: too many open files); it is graded again on the next run"
    )
    monkeypatch.setattr(batch_mod, "grade_submission", real)
    second = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out")
    assert (second.graded, second.skipped) == (1, 1)
    assert all(r.verdict == "pass" for r in second.rows)


def test_discover_layouts(tmp_path):
    prob = get_problem("sft-loss")
    write(tmp_path / "alice.py", GOOD)
    (tmp_path / "alice").mkdir()
    write(tmp_path / "alice" / "sft_loss.py", GOOD)
    (tmp_path / "bob").mkdir()
    write(tmp_path / "bob" / "my_answer.py", GOOD)  # the only .py in the folder: graded
    (tmp_path / "carl").mkdir()
    write(tmp_path / "carl" / "a.py", GOOD)
    write(tmp_path / "carl" / "b.py", GOOD)  # two candidates and none named sft_loss.py: nothing to grade
    (tmp_path / ".git").mkdir()
    (tmp_path / "results").mkdir()
    subs = discover(tmp_path, prob, exclude=tmp_path / "results")
    assert [(s.student, s.rel, s.path is not None) for s in subs] == [
        ("alice", "alice/sft_loss.py", True),
        ("alice.py", "alice.py", True),
        ("bob", "bob/my_answer.py", True),
        ("carl", "carl/", False),
    ]


def test_batch_usage_errors(tmp_path):
    with pytest.raises(UsageError) as e:
        run_batch(tmp_path / "nope", "sft-loss", "numpy", out=tmp_path / "out")
    assert e.value.render("en") == (
        f"{tmp_path / 'nope'} is not a folder; pass the folder that holds the submissions (one file or one folder per student)"
    )
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError) as e:
        run_batch(tmp_path / "empty", "sft-loss", "numpy", out=tmp_path / "out")
    assert e.value.render("en") == (
        f"no submissions in {tmp_path / 'empty'}: put one .py file per student there, or one folder per student holding sft_loss.py"
    )


# ---------------------------------------------------------------------------
# CLI

def _small_class(root: Path) -> Path:
    subs = root / "subs"
    subs.mkdir()
    write(subs / "ann.py", GOOD)
    write(subs / "ben.py", (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8"))
    write(subs / "cat.py", HEAD + "def sft_loss(:\n")
    return subs


def test_cli_batch_prints_progress_summary_and_writes_files(tmp_path):
    subs = _small_class(tmp_path)
    out, junit = tmp_path / "out", tmp_path / "j.xml"
    result = runner.invoke(app, ["batch", str(subs), "--problem", "sft-loss", "--track", "numpy", "--out", str(out),
                                 "--junit", str(junit), "--seed", "11", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "Grading" in result.stderr and "3/3" in result.stderr and "1 passed" in result.stderr and "2 failed" in result.stderr
    assert "sft-loss · numpy · seed 11" in result.stdout
    assert "1/3 submissions passed (33.3%), 2 failed; graded now: 3, kept from the last run: 0" in result.stdout
    assert "Most common mistakes" in result.stdout and "Your shift is reversed" in result.stdout
    assert "Failed without a known mistake: 0; could not be loaded: 1; not graded: 0" in result.stdout
    assert f"Results: {out / 'results.json'}, {out / 'results.csv'}, {junit}" in result.stdout.replace("\n", "")
    ET.parse(junit)
    again = runner.invoke(app, ["batch", str(subs), "-p", "sft-loss", "-t", "numpy", "--out", str(out), "--json"])
    assert again.exit_code == 0
    data = json.loads(again.stdout)
    assert (data["graded"], data["skipped"], data["seed"]) == (0, 3, 11)
    assert data["summary"]["diagnoses"] == {"shift-reversed": 1}
    assert [r["student"] for r in data["rows"]] == ["ann", "ben", "cat"] and "cases" not in data["rows"][0]
    assert "Resuming: 3 already graded (same file, same seed), 0 to grade." in again.stderr


def test_cli_batch_in_chinese(tmp_path):
    subs = _small_class(tmp_path)
    result = runner.invoke(app, ["batch", str(subs), "-p", "sft-loss", "--out", str(tmp_path / "o"), "--lang", "zh", "--seed", "2"])
    assert result.exit_code == 0
    assert "3 份提交中 1 份通过(33.3%)" in result.stdout and "最常见的错误" in result.stdout


def test_cli_batch_errors_are_one_line_exit_2(tmp_path):
    result = runner.invoke(app, ["batch", str(tmp_path / "none"), "--problem", "sft-loss"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {tmp_path / 'none'} is not a folder; pass the folder that holds the submissions (one file or one folder per student)"
    )
    subs = _small_class(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["batch", str(subs), "-p", "sft-loss", "--out", str(out)]).exit_code == 0
    other = runner.invoke(app, ["batch", str(subs), "-p", "softmax", "--out", str(out)])
    assert other.exit_code == 2
    assert other.output.strip() == (
        f"Error: {out} holds results for sft-loss (numpy); pass another --out, or delete {out} to start over"
    )
    bad = runner.invoke(app, ["batch", str(subs), "-p", "sft-loss", "--out", str(out), "--jobs", "0"])
    assert bad.exit_code == 2 and bad.output.strip() == "Error: --jobs must be 1 or more, got 0"


@pytest.mark.parametrize("command", [["batch"], ["autograder"], ["autograder", "gradescope"], ["autograder", "github"],
                                     ["autograder", "run"]])
def test_instructor_commands_have_help(command):
    result = runner.invoke(app, command + ["--help"])
    assert result.exit_code == 0 and "Usage" in result.output and len(result.output) > 200


def test_unusable_files_get_a_row_saying_why_and_the_batch_goes_on(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs / "good.py", GOOD)
    os.symlink("loop.py", subs / "loop.py")  # a symlink to itself
    os.symlink(subs / "nowhere.py", subs / "dangling.py")
    os.mkfifo(subs / "fifo.py")  # reading it would block the batch forever
    (subs / "folder").mkdir()
    os.symlink("sft_loss.py", subs / "folder" / "sft_loss.py")
    result = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", jobs=2, limits=LIMITS)
    rows = {r.student: r for r in result.rows}
    assert rows["good"].verdict == "pass"
    assert "symbolic link loop" in rows["loop"].error
    assert "symbolic link to nothing" in rows["dangling"].error
    assert "not a regular file" in rows["fifo"].error
    assert "symbolic link loop" in rows["folder"].error
    assert all(rows[s].verdict == "fail" and rows[s].status == "no-file" for s in ("loop", "dangling", "fifo", "folder"))


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"format_version": 1, "rows": [1]}', '{"rows": {}}', "folder"])
def test_a_results_json_of_the_wrong_shape_is_a_one_line_error(content, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs / "good.py", GOOD)
    out = tmp_path / "out"
    out.mkdir()
    if content == "folder":
        (out / "results.json").mkdir()
    else:
        (out / "results.json").write_text(content)
    with pytest.raises(UsageError):
        run_batch(subs, "sft-loss", "numpy", out=out)
    result = runner.invoke(app, ["batch", str(subs), "--problem", "sft-loss", "--track", "numpy", "--out", str(out)])
    assert result.exit_code == 2 and "results.json" in result.output


def test_every_failed_csv_row_says_why(tmp_path):
    """The CSV's `error` column is not blank for any failed row: a time-out, a crash, memory,
    an exception, an input changed in place, a NaN, an import error, a wrong answer, no file.
    Where a case failed, it names the case and carries its message from results.json,
    a failure of the program (time-out, crash, memory) before a wrong answer."""
    hostile = Path(__file__).parent / "hostile"
    wrong = CORPUS / "wrong" / "sft-loss" / "numpy"
    files = {"timeout": hostile / "loop_in_function.py", "memory": hostile / "memory_bomb.py",
             "crash": hostile / "os_exit_in_function.py", "error": wrong / "raises_runtime_error.py",
             "mutated": hostile / "mutates_inputs.py", "nan": hostile / "returns_nan.py",
             "load": hostile / "missing_import.py", "wrong": wrong / "returns_constant_42.py", "pass": CORRECT[0]}
    subs = tmp_path / "subs"
    subs.mkdir()
    for name, src in files.items():
        write(subs / f"{name}.py", src.read_text("utf-8"))
    (subs / "nofile").mkdir()
    limits = Limits(case_wall_s=2.0, case_cpu_s=2.0, import_wall_s=4.0, memory_mb=3072, file_mb=16)
    run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", seed=7, jobs=2, limits=limits)
    with open(tmp_path / "out" / "results.csv", newline="", encoding="utf-8") as f:
        table = {r["student"]: r for r in csv.DictReader(f)}
    rows = {r["student"]: r for r in json.loads((tmp_path / "out" / "results.json").read_text("utf-8"))["rows"]}
    assert set(table) == set(files) | {"nofile"}
    assert (table["pass"]["verdict"], table["pass"]["error"]) == ("pass", "")
    for name in ("timeout", "memory", "crash", "error", "mutated", "nan", "wrong"):
        row, reason = rows[name], table[name]["error"]
        assert row["error"] is None and table[name]["verdict"] == "fail", name
        case = next(c for c in row["cases"] if c["status"] == name)
        failed = sum(c["status"] != "pass" for c in row["cases"])
        assert reason == f"{failed} of {len(row['cases'])} cases failed; {case['id']}: {case['message']}", (name, reason)
    assert "exceeded 2.0 s of wall time" in table["timeout"]["error"]
    assert "ran out of memory" in table["memory"]["error"]
    assert table["load"]["error"] == rows["load"]["error"] == "your file imports 'jaxx', which is not installed here; use numpy / torch only"
    assert table["nofile"]["error"] == "no sft_loss.py in nofile/: the student submitted nothing sftkl can grade"
