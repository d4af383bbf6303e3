"""The review queue (`sftkl review`, practice/review.py): real grades through the CLI, a clock moved with SFTKL_NOW."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.graders.catalog import get_problem
from sftkl.graders.contract import schema
from sftkl.practice import progress

runner = CliRunner()
MISTAKE = CORPUS / "mistakes/softmax/numpy/softmax-overflow--row-loop.py"
GOOD = CORPUS / "correct/softmax/numpy/max_subtract_keepdims.py"
DAY0 = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Local time is UTC unless a test says otherwise (the queue's days are local days)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at(monkeypatch, when: datetime) -> datetime:
    monkeypatch.setenv("SFTKL_NOW", when.isoformat())
    return when


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def review_json(*extra) -> dict:
    result = run("review", "--json", *extra)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema("review")).validate(data)
    return data


def grade(path, expect: int) -> None:
    result = run("grade", path, "--seed", 1, "--json")
    assert result.exit_code == expect, result.output


def due_of(data: dict, problem="softmax", track="numpy") -> datetime:
    (item,) = [i for i in data["due"] + data["upcoming"] if (i["problem"], i["track"]) == (problem, track)]
    return datetime.fromisoformat(item["due"])


def test_a_named_mistake_schedules_a_redrill_and_says_why(monkeypatch):
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    today = review_json()
    assert today["due"] == [] and today["not_yet_due"] == 1  # intervals are whole days: it comes back tomorrow
    (item,) = today["upcoming"]
    assert item["why"] == {"reason": "mistake", "mistakes": ["softmax-overflow"], "hints": 0, "at": "2026-11-29T10:00:00+00:00"}
    assert item["rating"] == "again" and item["reviews"] == 1
    assert today["next_due"] == item["due"] and due_of(today) == DAY0 + timedelta(days=1)
    text = run("review").stdout
    assert "Nothing is due for review" in text and "Not yet due: 1; the next one on 2026-11-30" in text

    at(monkeypatch, DAY0 + timedelta(hours=20))  # early the next day: due from the start of its day
    tomorrow = review_json()
    assert [(i["problem"], i["track"]) for i in tomorrow["due"]] == [("softmax", "numpy")]
    assert tomorrow["due"][0]["message"] == "you made `softmax-overflow` on 2026-11-29"
    text = run("review").stdout
    assert "Due for review" in text and "you made `softmax-overflow` on 2026-11-29" in text and "2026-11-30" in text
    zh = run("review", "--lang", "zh").stdout
    assert "待复习" in zh and "你在 2026-11-29 犯了 `softmax-overflow`" in zh


def test_a_clean_pass_pushes_the_next_review_out(monkeypatch):
    at(monkeypatch, DAY0)
    grade(GOOD, 0)
    first = review_json()
    assert first["upcoming"][0]["rating"] == "good" and first["upcoming"][0]["why"]["reason"] == "clean"
    due1 = due_of(first)
    assert due1 > DAY0 + timedelta(days=1)
    at(monkeypatch, due1)  # recalled cleanly when due: the next interval is longer than the first
    grade(GOOD, 0)
    second = review_json()
    assert due_of(second) - due1 > due1 - DAY0
    assert second["upcoming"][0]["reviews"] == 2


def test_a_pass_after_a_hint_comes_back_sooner_than_a_clean_pass(monkeypatch, tmp_path):
    at(monkeypatch, DAY0)
    grade(GOOD, 0)
    clean = due_of(review_json())
    monkeypatch.setenv("SFTKL_HOME", str(tmp_path / "other-learner"))
    at(monkeypatch, DAY0 - timedelta(minutes=5))
    assert run("hint", "softmax").exit_code == 0
    at(monkeypatch, DAY0)
    grade(GOOD, 0)
    data = review_json()
    assert due_of(data) < clean
    assert data["upcoming"][0]["rating"] == "hard" and data["upcoming"][0]["why"]["reason"] == "hint"
    assert data["upcoming"][0]["message"] == "solved after 1 hint(s) on 2026-11-29"


def test_a_pass_after_a_reveal_is_a_lapse(monkeypatch):
    at(monkeypatch, DAY0 - timedelta(minutes=5))
    assert run("solution", "softmax", "--force").exit_code == 0
    at(monkeypatch, DAY0)
    grade(GOOD, 0)
    (item,) = review_json()["upcoming"]
    assert item["rating"] == "again" and item["why"]["reason"] == "reveal"
    assert item["message"] == "solved after seeing the solution on 2026-11-29"
    assert datetime.fromisoformat(item["due"]) == DAY0 + timedelta(days=1)


def test_mistakes_of_one_drill_are_one_lapse_and_fixing_them_is_not_a_clean_pass(monkeypatch):
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    at(monkeypatch, DAY0 + timedelta(minutes=2))
    grade(CORPUS / "mistakes/softmax/numpy/softmax-wrong-axis--global.py", 1)  # watch regrades on every save
    data = review_json()
    (item,) = data["upcoming"]
    assert item["reviews"] == 1 and item["why"]["mistakes"] == ["softmax-overflow", "softmax-wrong-axis"]
    assert item["message"] == "you made `softmax-overflow`, `softmax-wrong-axis` on 2026-11-29"
    at(monkeypatch, DAY0 + timedelta(minutes=10))
    grade(GOOD, 0)
    (item,) = review_json()["upcoming"]
    assert item["rating"] == "hard" and item["why"]["reason"] == "mistake" and item["reviews"] == 2
    assert item["why"]["mistakes"] == ["softmax-overflow", "softmax-wrong-axis"]
    assert datetime.fromisoformat(item["due"]) == DAY0 + timedelta(minutes=10, days=1)  # still tomorrow


def test_a_mistake_fixed_days_later_still_names_the_day_it_was_made(monkeypatch):
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    at(monkeypatch, DAY0 + timedelta(days=3))
    grade(GOOD, 0)
    (item,) = review_json()["upcoming"]
    assert item["rating"] == "hard" and item["last_review"] == "2026-12-02T10:00:00+00:00"
    assert item["message"] == "you made `softmax-overflow` on 2026-11-29"


def test_a_failure_no_mistake_explains_schedules_nothing(monkeypatch, tmp_path):
    at(monkeypatch, DAY0)
    grade(write(tmp_path / "softmax.py", "# sftkl: problem=softmax track=numpy\ndef softmax(:\n"), 1)
    data = review_json()
    assert data["due"] == [] and data["upcoming"] == []
    assert run("review").stdout.strip() == (
        "Nothing to review yet: named mistakes, hints and reveals schedule re-drills here.")


def test_next_opens_the_most_overdue_item_without_touching_a_learner_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    at(monkeypatch, DAY0 + timedelta(days=3))
    result = run("review", "--next")
    assert result.exit_code == 0, result.output
    stub = tmp_path / "softmax.py"
    assert stub.read_text("utf-8") == get_problem("softmax").stub("numpy")
    assert "Wrote softmax.py (softmax, numpy track)." in result.stdout
    assert "Re-drill softmax (numpy): you made `softmax-overflow` on 2026-11-29." in result.stdout
    mine = write(stub, stub.read_text("utf-8") + "# my work\n").read_text("utf-8")
    data = review_json("--next")
    assert data["opened"] == {"problem": "softmax", "track": "numpy", "path": "softmax.py", "written": False,
                              "file_track": "numpy"}
    assert stub.read_text("utf-8") == mine
    assert "kept as it is" in run("review", "--next").stdout and stub.read_text("utf-8") == mine
    # the file it opened is the one `grade` takes with no argument
    result = run("grade", "--seed", 1, "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["problem"] == "softmax"
    with sqlite3.connect(progress.db_path()) as conn:
        graded = conn.execute("SELECT file_sha256 FROM attempts ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert graded == progress.file_hash(stub)
    other = tmp_path / "elsewhere"
    data = review_json("--next", "--dir", other)
    assert data["opened"]["written"] is True and (other / "softmax.py").is_file()


def test_next_says_when_the_file_there_holds_the_other_track(monkeypatch, tmp_path):
    """numpy is due, but softmax.py here is the learner's torch work: it is kept, and --next says so
    and where to re-drill numpy instead of announcing the torch file as the numpy re-drill."""
    monkeypatch.chdir(tmp_path)
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    at(monkeypatch, DAY0 + timedelta(days=3))
    torch_work = "# sftkl: problem=softmax track=torch\nimport torch\n# my torch work\n"
    stub = write(tmp_path / "softmax.py", torch_work)
    data = review_json("--next")
    assert data["opened"]["written"] is False and data["opened"]["track"] == "numpy"
    assert data["opened"]["file_track"] == "torch"
    text = run("review", "--next").stdout
    assert "kept as it is" not in text.split("Re-drill")[0]  # not announced as the numpy file
    assert "holds the torch track" in " ".join(text.split()) and "sftkl review --next --dir numpy" in text
    assert "Next: implement softmax in softmax.py" not in text
    assert "保持不变" in run("review", "--next", "--lang", "zh").stdout
    assert stub.read_text("utf-8") == torch_work
    data = review_json("--next", "--dir", "numpy")
    assert data["opened"]["written"] is True and data["opened"]["file_track"] == "numpy"


def test_next_with_nothing_due_says_so_in_both_languages(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    at(monkeypatch, DAY0)
    assert run("review", "--next").stdout.strip() == (
        "Nothing to review yet: named mistakes, hints and reveals schedule re-drills here.")
    grade(GOOD, 0)
    result = run("review", "--next", "--lang", "zh")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "目前没有到期的复习。做得好。"
    assert review_json("--next")["opened"] is None
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_progress_shows_the_next_review(monkeypatch):
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    due = review_json()["upcoming"][0]["due"]
    result = run("progress", "--json")
    rows = {(r["problem"], r["track"]): r for r in json.loads(result.stdout)["problems"]}
    assert rows[("softmax", "numpy")]["next_review"] == due == "2026-11-30T10:00:00+00:00"
    assert rows[("softmax", "torch")]["next_review"] is None
    text = run("progress").stdout
    assert text.splitlines()[1].split()[-1] == "review"
    # this year's dates without the year, so that the table fits 80 columns with nothing cut
    assert next(line for line in text.splitlines() if line.startswith("softmax ") and "numpy" in line).rstrip().endswith(" 11-30")
    zh = run("progress", "--lang", "zh").stdout
    assert "下次复习" in zh
    for out in (text, zh):
        assert "…" not in out and all(_cells(line) <= 80 for line in out.splitlines())


def _cells(line):
    from rich.cells import cell_len

    return cell_len(line)


def test_dates_render_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    at(monkeypatch, datetime(2026, 11, 29, 20, 0, tzinfo=timezone.utc))  # 04:00 on the 30th in Shanghai
    grade(MISTAKE, 1)
    data = review_json()
    item = data["upcoming"][0]
    assert item["why"]["at"] == "2026-11-30T04:00:00+08:00" and item["due"] == "2026-12-01T04:00:00+08:00"
    assert item["message"] == "you made `softmax-overflow` on 2026-11-30"
    with sqlite3.connect(progress.db_path()) as conn:  # stored as UTC seconds
        assert conn.execute("SELECT last_review FROM review_cards").fetchone()[0] == datetime(2026, 11, 29, 20, tzinfo=timezone.utc).timestamp()


V2_SCHEMA = """
CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, problem TEXT NOT NULL, track TEXT NOT NULL,
  at REAL NOT NULL, verdict TEXT NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL, diagnoses TEXT NOT NULL,
  seed INTEGER NOT NULL, duration_s REAL NOT NULL, file_sha256 TEXT NOT NULL, source TEXT NOT NULL DEFAULT 'grade',
  session TEXT);
CREATE INDEX attempts_problem ON attempts(problem, track);
CREATE TABLE hints (id INTEGER PRIMARY KEY AUTOINCREMENT, problem TEXT NOT NULL, track TEXT NOT NULL, at REAL NOT NULL,
  level INTEGER NOT NULL, kind TEXT NOT NULL DEFAULT 'hint', session TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE mock_sessions (id TEXT PRIMARY KEY, started REAL NOT NULL, deadline REAL NOT NULL, dir TEXT NOT NULL,
  seed INTEGER NOT NULL, plan TEXT NOT NULL, state TEXT NOT NULL, finished REAL, score REAL, report TEXT);
CREATE INDEX attempts_session ON attempts(session);
INSERT INTO meta VALUES ('schema_version', '2');
PRAGMA user_version = 2;
"""


def test_a_version_2_database_is_upgraded_in_place_and_its_history_rated(monkeypatch):
    path = progress.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = DAY0.timestamp()
    with sqlite3.connect(path) as conn:
        conn.executescript(V2_SCHEMA)
        rows = [("softmax", "numpy", t0, "fail", 16, 19, '["softmax-overflow"]'),
                ("sft-loss", "numpy", t0, "pass", 19, 19, "[]"),
                ("kl-estimators", "numpy", t0, "fail", 0, 0, "[]")]
        conn.executemany("INSERT INTO attempts(problem, track, at, verdict, passed, total, diagnoses, seed, duration_s,"
                         " file_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0.1, '')", rows)
        conn.execute("INSERT INTO hints(problem, track, at, level, kind) VALUES ('softmax', 'numpy', ?, 1, 'hint')", (t0,))
    at(monkeypatch, DAY0 + timedelta(days=1))
    data = review_json()
    assert [(i["problem"], i["why"]["mistakes"]) for i in data["due"]] == [("softmax", ["softmax-overflow"])]
    assert [(i["problem"], i["rating"]) for i in data["upcoming"]] == [("sft-loss", "good")]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == progress.SCHEMA_VERSION == 3
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM hints").fetchone()[0] == 1
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "3"
    rows = {(r["problem"], r["track"]): r for r in json.loads(run("progress", "--json").stdout)["problems"]}
    assert rows[("softmax", "numpy")]["attempts"] == 1 and rows[("softmax", "numpy")]["hints"] == 1
    assert rows[("sft-loss", "numpy")]["solved"] and rows[("sft-loss", "numpy")]["next_review"] is not None


def test_the_console_script_lists_the_queue(monkeypatch, tmp_path):
    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    env = {**__import__("os").environ, "SFTKL_NOW": (DAY0 + timedelta(days=2)).isoformat()}
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "review"], capture_output=True, text=True, timeout=60,
                          env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "you made `softmax-overflow` on 2026-11-29" in proc.stdout and "Traceback" not in proc.stderr


def test_review_next_imports_no_numpy_or_torch(monkeypatch, tmp_path):
    from test_startup import PROBE

    at(monkeypatch, DAY0)
    grade(MISTAKE, 1)
    env = {**__import__("os").environ, "SFTKL_NOW": (DAY0 + timedelta(days=2)).isoformat()}
    for argv in (["review"], ["review", "--next", "--dir", str(tmp_path)], ["progress"]):
        out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True, timeout=60,
                             env=env)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout.strip().splitlines()[-1]) == [], argv
    assert (tmp_path / "softmax.py").is_file()  # the --next run did open it


def test_without_fsrs_a_grade_is_still_recorded(monkeypatch):
    code = ("import sys; sys.modules['fsrs'] = None\n"  # as if fsrs were not installed
            "from sftkl.cli.app import main\n"
            f"sys.argv = ['sftkl', 'grade', {str(MISTAKE)!r}, '--seed', '1']\nmain()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    with sqlite3.connect(progress.db_path()) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM review_cards").fetchone()[0] == 0
