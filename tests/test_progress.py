"""Progress: the SQLite store (kills, concurrent writers, migration), hints, solutions, reset, `sftkl progress`."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.practice import hints, progress
from sftkl.graders.catalog import catalog, get_problem
from sftkl.graders.model import CaseResult, GradeReport

runner = CliRunner()
GOOD_SOFTMAX = (CORPUS / "correct/softmax/numpy/max_subtract_keepdims.py").read_text("utf-8")
DESC = {"en": "d", "zh": "d"}


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def fake_report(path: Path, problem="softmax", track="numpy", passed=3, total=4) -> GradeReport:
    cases = tuple(CaseResult(f"c{i}", "edge" if i % 2 else "random", DESC, "pass" if i < passed else "wrong")
                  for i in range(total))
    return GradeReport(problem=problem, track=track, seed=1, file=str(path), cases=cases, duration_s=0.1)


WRITER = """
import sys, pathlib
from sftkl.graders.model import CaseResult, GradeReport
from sftkl.practice import progress
path = pathlib.Path(sys.argv[1]); n = int(sys.argv[2])
cases = (CaseResult("a", "edge", {"en": "", "zh": ""}, "pass"),)
i = 0
while n < 0 or i < n:
    progress.record_grade(GradeReport("softmax", "numpy", i, str(path), cases))
    with progress.connect() as conn, progress.transaction(conn):
        progress.record_hint(conn, "softmax", "numpy", i, "hint")
    i += 1
    if i == 5:
        print("writing", flush=True)
"""


def _rows(table: str) -> int:
    with sqlite3.connect(progress.db_path()) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_progress_rows_show_attempts_best_last_and_hints(tmp_path):
    f = write(tmp_path / "softmax.py", "x")
    progress.record_grade(fake_report(f, passed=1))
    progress.record_grade(fake_report(f, passed=3))
    progress.record_grade(fake_report(f, passed=2))
    hints.next_hint("softmax")
    rows = {(r.problem, r.track): r for r in progress.progress().rows}
    row = rows[("softmax", "numpy")]
    assert (row.attempts, row.best_passed, row.best_total, row.solved) == (3, 3, 4, False)
    assert row.last_verdict == "fail" and row.hints == 1 and row.hints_total == len(get_problem("softmax").hints)
    assert rows[("softmax", "torch")].attempts == 0 and rows[("softmax", "torch")].best_passed is None
    progress.record_grade(fake_report(f, passed=4))
    assert ("softmax", "numpy") in progress.solved()


def test_progress_survives_a_process_killed_mid_write(tmp_path):
    f = write(tmp_path / "softmax.py", "x")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(f), "-1"], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        time.sleep(0.3)  # keep writing for a while, then kill it in the middle of whatever it does
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    with sqlite3.connect(progress.db_path()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    attempts, hint_rows = _rows("attempts"), _rows("hints")
    assert attempts >= 5 and hint_rows >= 5 and abs(attempts - hint_rows) <= 1
    progress.record_grade(fake_report(f))  # and it is still writable
    assert _rows("attempts") == attempts + 1
    assert progress.progress().rows[0].attempts == attempts + 1


def test_progress_concurrent_writers_lose_nothing(tmp_path):
    f = write(tmp_path / "softmax.py", "x")
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(f), "40"]) for _ in range(4)]
    for p in procs:
        assert p.wait(timeout=120) == 0
    assert _rows("attempts") == 160 and _rows("hints") == 160
    with sqlite3.connect(progress.db_path()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_progress_migrates_a_version_1_database(tmp_path):
    path = progress.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:  # the schema of the first release
        conn.executescript("""
            CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, problem TEXT NOT NULL, track TEXT NOT NULL,
              at REAL NOT NULL, verdict TEXT NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL,
              diagnoses TEXT NOT NULL, seed INTEGER NOT NULL, duration_s REAL NOT NULL, file_sha256 TEXT NOT NULL,
              source TEXT NOT NULL DEFAULT 'grade');
            CREATE TABLE hints (id INTEGER PRIMARY KEY AUTOINCREMENT, problem TEXT NOT NULL, track TEXT NOT NULL,
              at REAL NOT NULL, level INTEGER NOT NULL, kind TEXT NOT NULL DEFAULT 'hint');
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema_version', '1');
            INSERT INTO attempts(problem, track, at, verdict, passed, total, diagnoses, seed, duration_s, file_sha256)
              VALUES ('softmax', 'numpy', 1.0, 'pass', 18, 18, '[]', 1, 0.1, '');
        """)
    row = next(r for r in progress.progress().rows if r.problem == "softmax" and r.track == "numpy")
    assert row.solved and row.attempts == 1
    assert hints.next_hint("softmax").level == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == progress.SCHEMA_VERSION
        assert "session" in {r[1] for r in conn.execute("PRAGMA table_info(attempts)")}


def test_hint_reveals_gentle_to_specific_then_stops():
    prob = get_problem("softmax")
    levels = [hints.next_hint("softmax").level for _ in prob.hints]
    assert levels == list(range(1, len(prob.hints) + 1))
    again = hints.next_hint("softmax")
    assert not again.new and again.level == len(prob.hints)
    assert hints.next_hint("softmax", "torch").level == 1  # counted per track
    assert _rows("hints") == len(prob.hints) + 1


def test_hint_cli_text_and_json():
    first = get_problem("kl-estimators").hints[0]
    result = run("hint", "kl-estimators")
    assert result.exit_code == 0
    assert f"Hint 1/4: {first['en']}"[:60] in " ".join(result.output.split())
    data = json.loads(run("hint", "kl-estimators", "--json", "--lang", "zh").output)
    assert data["level"] == 2 and data["new"] and data["hint"] == get_problem("kl-estimators").hints[1]["zh"]
    assert data["hints"][0] == first["zh"] and data["session"] is None and data["cost"] == 0


def test_hint_unknown_problem_is_one_line_exit_2():
    result = run("hint", "sofmax")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: no problem 'sofmax' (did you mean 'softmax'?); run `sftkl list` to see the catalog "
        f"({', '.join(catalog())})"
    )


def test_solution_locked_until_pass_or_failed_attempts(tmp_path):
    result = run("solution", "softmax")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: the solution of softmax (numpy) unlocks once you pass, or after 3 failed grades (you have 0); "
        "try `sftkl hint softmax`, or pass --force to see it now (recorded as a reveal)"
    )
    f = write(tmp_path / "softmax.py", "x")
    for _ in range(hints.SOLUTION_AFTER_FAILS):
        progress.record_grade(fake_report(f))
    data = json.loads(run("solution", "softmax", "--json").output)
    assert data["reason"] == "attempts" and data["solution"] == get_problem("softmax").text("solution_numpy.py")
    assert data["explanation"] == get_problem("softmax").text("explanation.en.md")
    progress.record_grade(fake_report(f, track="torch", passed=4))
    assert hints.solution("softmax", "torch").reason == "passed"


def test_solution_force_is_recorded_as_a_reveal():
    result = run("solution", "kl-penalty", "--force")
    assert result.exit_code == 0
    assert "shown early with --force" in result.output and "def kl_penalty" in result.output
    rows = {(r.problem, r.track): r for r in progress.progress().rows}
    assert rows[("kl-penalty", "torch")].solution_seen
    assert not rows[("softmax", "numpy")].solution_seen
    with sqlite3.connect(progress.db_path()) as conn:
        assert conn.execute("SELECT kind FROM hints").fetchall() == [("reveal",)]


def test_progress_cli_after_a_real_grade(tmp_path):
    f = write(tmp_path / "softmax.py", GOOD_SOFTMAX)
    assert run("grade", f, "--seed", 1).exit_code == 0
    data = json.loads(run("progress", "--json").output)
    row = next(r for r in data["problems"] if (r["problem"], r["track"]) == ("softmax", "numpy"))
    assert row["solved"] and row["attempts"] == 1 and row["best"]["passed"] == row["best"]["total"] == 19
    assert row["last_verdict"] == "pass" and row["last_attempt"]
    assert data["mocks"] == {"sessions": 0, "best_score": None, "running": None}
    text = run("progress").output
    assert "Your progress" in text and "19/19" in text
    assert "你的进度" in run("progress", "--lang", "zh").output


def test_progress_empty_invites_a_first_problem():
    result = run("progress")
    assert result.exit_code == 0
    assert "Nothing graded yet. Start with `sftkl practice softmax`, then `sftkl grade`." in result.output


def test_reset_restores_the_stub_and_keeps_a_backup(tmp_path):
    stub = get_problem("softmax").stub("torch")
    f = write(tmp_path / "softmax.py", "# sftkl: problem=softmax track=torch\nmy work\n")
    refused = run("reset", "softmax", "--dir", tmp_path)
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        f"Error: {f} would be replaced by the stub; pass --yes to confirm (your file is backed up first)"
    )
    data = json.loads(run("reset", "softmax", "--dir", tmp_path, "--yes", "--json").output)
    assert data["track"] == "torch" and data["changed"]  # the header's track
    assert f.read_text("utf-8") == stub
    assert Path(data["backup"]).read_text("utf-8") == "# sftkl: problem=softmax track=torch\nmy work\n"
    again = run("reset", "softmax", "--dir", tmp_path)
    assert again.exit_code == 0 and again.output.strip() == f"{f} is already the untouched stub."


def test_reset_writes_a_missing_stub_without_asking(tmp_path):
    result = run("reset", "sft-loss", "--dir", tmp_path)
    assert result.exit_code == 0
    assert result.output.strip() == f"Restored the sft-loss (numpy) stub in {tmp_path / 'sft_loss.py'}."


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["show", "softmax"], ["progress"], ["hint", "softmax"],
                                  ["mock", "history"], ["practice", "softmax", "--dir", "{tmp}"]])
def test_fast_commands_do_not_import_numpy(argv, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "sftkl.cli", *argv], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "numpy" not in imported and "torch" not in imported
