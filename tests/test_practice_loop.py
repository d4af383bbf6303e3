"""The live screens (mock session, watch) and the reset prompt, driven through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.practice import mock

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

runner = CliRunner()
GOOD_SOFTMAX = CORPUS / "correct/softmax/numpy/max_subtract_keepdims.py"
OVERFLOW_SOFTMAX = CORPUS / "mistakes/softmax/numpy/softmax-overflow--row-loop.py"


def spawn(*args, cwd=None, env=None, timeout=20):
    child = pexpect.spawn(
        sys.executable, ["-m", "sftkl.cli", *map(str, args)], cwd=cwd, env=dict(os.environ, **(env or {})),
        encoding="utf-8", timeout=timeout, dimensions=(40, 140),
    )
    return child


def finish(child, timeout=20) -> int:
    child.expect(pexpect.EOF, timeout=timeout)
    child.close()
    return child.exitstatus


def test_mock_screen_grades_gives_a_hint_and_reports_when_time_is_up(tmp_path):
    child = spawn("mock", "--minutes", "0.1", "--problem", "softmax", "--track", "numpy", "--dir", tmp_path / "m",
                  "--seed", 1)
    child.expect("Time left 00:0")
    child.expect("g grade")
    shutil.copy(OVERFLOW_SOFTMAX, tmp_path / "m" / "softmax.py")
    child.send("g")
    child.expect(r"FAIL\s+16/19")
    child.expect(r"exp overflows: subtract the max first \[softmax-overflow\]")
    shutil.copy(GOOD_SOFTMAX, tmp_path / "m" / "softmax.py")
    child.send("g")
    child.expect(r"PASS\s+19/19")
    child.send("h")
    child.expect("Hint 1/4")
    child.expect("Time is up")
    child.expect(r"score 90/100")  # 100 for the cases, minus 10 for the hint
    child.expect("What to study next")  # the overflow made on the way
    child.expect("made and fixed during the session")
    assert finish(child) == 0
    (row,) = mock.history()
    assert row.phase == "finished" and row.score == 90


def test_mock_resume_after_leaving_and_finish_from_the_screen(tmp_path):
    start = json.loads(runner.invoke(app, ["mock", "start", "--problem", "kl-estimators", "--dir", str(tmp_path),
                                           "--json"]).output)
    child = spawn("mock", "resume")
    child.expect(f"Mock interview {start['session']}")
    child.expect("Time left 4")
    child.send("q")
    child.expect("Left mock interview")
    child.expect("the clock keeps running")
    assert finish(child) == 0
    assert mock.load().phase(time.time()) == "running"

    shutil.copy(CORPUS / "correct/kl-estimators/numpy/straightforward.py", start["problems"][0]["path"])
    child = spawn("mock", "resume", start["session"][:12])
    child.expect("Time left")
    child.send("f")
    child.expect("Finish now")
    child.send("y")
    child.expect(r"score 100/100")
    assert finish(child) == 0
    assert mock.load(start["session"]).state == "finished"


@pytest.mark.parametrize("watch_env, notice", [
    ("", "Change detection: file events (watchfiles)"),
    ("poll", "Change detection: polling every 0.3 s (SFTKL_WATCH=poll)"),
], ids=["events", "polling"])
def test_watch_regrades_on_save_shows_a_hint_and_quits(tmp_path, watch_env, notice):
    assert runner.invoke(app, ["practice", "softmax", "--dir", str(tmp_path)]).exit_code == 0
    child = spawn("watch", "softmax.py", "--seed", "2", cwd=tmp_path, env={"SFTKL_WATCH": watch_env})
    child.expect_exact(notice)
    child.expect(r"FAIL\s+0/19")
    shutil.copy(GOOD_SOFTMAX, tmp_path / "softmax.py")
    child.expect(r"PASS\s+19/19")
    child.send("h")
    child.expect("Hint 1/4")
    child.send("q")
    child.expect("Stopped watching.")
    assert finish(child) == 0
    rows = {(r["problem"], r["track"]): r for r in json.loads(runner.invoke(app, ["progress", "--json"]).output)["problems"]}
    assert rows[("softmax", "numpy")]["attempts"] == 2 and rows[("softmax", "numpy")]["hints"] == 1


def _processes_in(folder: Path) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):
                found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_watch_ctrl_c_during_a_grade_leaves_no_process_behind(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    write(tmp_path / "softmax.py", "# sftkl: problem=softmax track=numpy\nimport time\n\n\n"
          "def softmax(x, axis=-1):\n    time.sleep(60)\n")
    child = spawn("watch", "softmax.py", cwd=tmp_path, env={"TMPDIR": str(scratch)})
    child.expect("Grading softmax.py")
    deadline = time.monotonic() + 15
    while not _processes_in(scratch) and time.monotonic() < deadline:  # the grader's child is running the case
        time.sleep(0.1)
    assert _processes_in(scratch)
    child.sendintr()
    child.expect("Stopped watching.", timeout=15)
    finish(child, timeout=15)
    deadline = time.monotonic() + 5
    while _processes_in(scratch) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_in(scratch) == []


def test_reset_asks_before_replacing_a_file(tmp_path):
    f = write(tmp_path / "softmax.py", "# sftkl: problem=softmax track=numpy\nmine\n")
    child = spawn("reset", "softmax", cwd=tmp_path)
    child.expect(r"Replace .*softmax.py with the softmax \(numpy\) stub\? Your file is backed up first.")
    child.sendline("n")
    child.expect("Left .* untouched.")
    assert finish(child) == 0
    assert f.read_text("utf-8").endswith("mine\n")
    child = spawn("reset", "softmax", cwd=tmp_path)
    child.expect(r"\[y/N\]")
    child.sendline("y")
    child.expect("Your previous file is kept at")
    assert finish(child) == 0
    assert "raise NotImplementedError" in f.read_text("utf-8")
