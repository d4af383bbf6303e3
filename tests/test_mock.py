"""The timed mock interview: the core (freeze at the deadline, scoring, study map) and the scriptable commands."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.practice import mock, mock_report, progress, sessions
from sftkl.graders.catalog import catalog, get_problem

runner = CliRunner()
GOOD_SOFTMAX = (CORPUS / "correct/softmax/numpy/max_subtract_keepdims.py").read_text("utf-8")
OVERFLOW_SOFTMAX = (CORPUS / "mistakes/softmax/numpy/softmax-overflow--row-loop.py").read_text("utf-8")
SHIFT_REVERSED = (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8")
GOOD_KL = (CORPUS / "correct/kl-estimators/numpy/straightforward.py").read_text("utf-8")


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def save(path: str | Path, text: str, mtime: float) -> None:
    Path(path).write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_mock_start_json_writes_the_stubs_and_status_counts_down(tmp_path):
    result = run("mock", "start", "--problem", "softmax", "--problem", "kl-estimators", "--track", "numpy",
                 "--minutes", 45, "--dir", tmp_path / "m", "--seed", 3, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [(p["problem"], p["track"]) for p in data["problems"]] == [("softmax", "numpy"), ("kl-estimators", "numpy")]
    for p in data["problems"]:
        assert Path(p["path"]).read_text("utf-8") == get_problem(p["problem"]).stub("numpy")
    assert data["minutes"] == 45 and data["seed"] == 3 and data["dir"] == str((tmp_path / "m").resolve())
    st = json.loads(run("mock", "status", "--json").output)
    assert st["session"] == data["session"] and st["phase"] == "running"
    assert 44 * 60 < st["remaining_s"] <= 45 * 60
    assert [p["attempts"] for p in st["problems"]] == [0, 0] and st["problems"][0]["best"] is None
    assert "Time left 4" in run("mock", "status", data["session"][:15]).output  # a unique prefix works too


def test_mock_picks_problems_by_count_track_and_difficulty(tmp_path):
    s = mock.start(minutes=5, count=2, track="torch", seed=11, directory=tmp_path / "a")
    assert len(s.problems) == 2 and {p.track for p in s.problems} == {"torch"}
    assert len({p.problem for p in s.problems}) == 2
    mock_report.finish(s.id, now=s.started)  # nothing written: every stub fails, fast
    easy = mock.start(minutes=5, count=1, difficulty="easy", seed=1, directory=tmp_path / "b")
    assert [get_problem(p.problem).difficulty for p in easy.problems] == ["easy"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--minutes", "0"], "Error: --minutes must be more than 0 and at most 1440, got 0.0"),
        (["--problems", "99"], f"Error: --problems 99 is out of range: {len(catalog())} problems match the options"),
        (["--problem", "softmax", "--problems", "1"], "Error: use either --problem ID (repeatable) or --problems N, not both"),
        (["--difficulty", "extreme"], "Error: unknown difficulty 'extreme'; use easy, medium or hard"),
        (["--problem", "kl-penalty", "--track", "numpy"], "Error: problem 'kl-penalty' has no track 'numpy'; choose one of: torch"),
    ],
)
def test_mock_start_bad_options_are_one_line_exit_2(args, message, tmp_path):
    result = run("mock", "start", "--dir", tmp_path, *args)
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert not list(tmp_path.iterdir())  # nothing written


def test_mock_refuses_a_second_session_and_never_overwrites(tmp_path):
    s = mock.start(minutes=5, problems=["softmax"], directory=tmp_path / "m")
    again = run("mock", "start", "--problem", "softmax", "--dir", tmp_path / "n")
    assert again.exit_code == 2
    assert again.output.strip() == (
        f"Error: mock interview {s.id} is still running; `sftkl mock resume` returns to it, `sftkl mock finish` ends it"
    )
    mock_report.finish(s.id, now=s.started + 1)
    mine = tmp_path / "m" / "softmax.py"
    write(mine, "my work")
    clash = run("mock", "start", "--problem", "softmax", "--dir", tmp_path / "m")
    assert clash.exit_code == 2 and clash.output.startswith(f"Error: {mine} already exists and was left untouched")
    assert mine.read_text("utf-8") == "my work"


def test_mock_commands_without_a_session_say_how_to_start():
    message = "no mock interview yet; start one with `sftkl mock` (or `sftkl mock start --json`)"
    for cmd in (["mock", "status"], ["mock", "finish", "--json"]):
        result = run(*cmd)
        assert result.exit_code == 2
        assert result.stderr.strip() == "Error: " + message
        # under --json the error is also the one object on stdout (the JSON contract)
        assert result.stdout == ("" if "--json" not in cmd else json.dumps({"schema_version": 1, "error": message, "exit_code": 2}) + "\n")
    unknown = run("mock", "finish", "nope")
    assert unknown.output.strip() == "Error: no mock interview 'nope'; `sftkl mock history` lists them"


def test_mock_options_before_a_subcommand_are_refused():
    result = run("mock", "--minutes", "5", "status")
    assert result.exit_code == 2
    assert result.output.strip() == "Error: options like --minutes belong after the subcommand: `sftkl mock status ...`"


def test_mock_finish_grades_each_file_as_it_stood_at_the_deadline(tmp_path):
    s = mock.start(minutes=10, problems=["softmax", "kl-estimators"], track="numpy", seed=5, directory=tmp_path)
    soft, kl = (p.path for p in s.problems)
    save(soft, GOOD_SOFTMAX, s.started + 60)
    save(kl, GOOD_KL, s.started + 120)
    mock.status(s.id, now=s.started + 130)  # a look during the session keeps these versions
    save(soft, OVERFLOW_SOFTMAX, s.deadline + 5)  # saved after time ran out: must not count
    st = mock.status(s.id, now=s.deadline + 10)  # the first look after the deadline freezes the files
    assert st.phase == "time-up"
    save(kl, "# sftkl: problem=kl-estimators track=numpy\nbroken(\n", s.deadline + 20)
    assert run("mock", "status", "--json").exit_code == 0
    report = mock_report.finish(s.id, now=s.deadline + 30)
    by = {p.problem: p for p in report.problems}
    assert by["softmax"].passed == by["softmax"].total and by["softmax"].late_edit
    assert by["kl-estimators"].passed == by["kl-estimators"].total and not by["kl-estimators"].late_edit
    assert by["softmax"].first_pass_s == pytest.approx(60, abs=1)
    assert report.score == 100 and not report.ended_early and report.study == ()
    assert Path(by["softmax"].file).read_text("utf-8") == GOOD_SOFTMAX
    assert mock_report.finish(s.id) == report  # finishing again returns the stored report


def test_mock_edit_after_deadline_without_any_look_falls_back_to_the_stub(tmp_path):
    s = mock.start(minutes=10, problems=["softmax"], track="numpy", directory=tmp_path)
    save(s.problems[0].path, GOOD_SOFTMAX, s.deadline + 1)
    report = mock_report.finish(s.id, now=s.deadline + 2)
    p = report.problems[0]
    assert p.late_edit and p.passed == 0 and p.score == 0


def test_mock_scriptable_round_with_hint_attempts_and_study_report(tmp_path):
    start = json.loads(run("mock", "start", "--problem", "softmax", "--problem", "sft-loss", "--track", "numpy",
                           "--dir", tmp_path, "--seed", 7, "--json").output)
    soft, sft = (p["path"] for p in start["problems"])
    write(Path(sft), SHIFT_REVERSED)
    assert run("grade", sft, "--seed", 1).exit_code == 1  # another terminal's grade counts as an attempt
    write(Path(soft), GOOD_SOFTMAX)
    hint = json.loads(run("hint", "softmax", "--json").output)
    assert hint["session"] == start["session"] and hint["cost"] == mock.HINT_COST and hint["level"] == 1
    st = json.loads(run("mock", "status", "--json").output)
    assert [(p["attempts"], p["hints"]) for p in st["problems"]] == [(0, 1), (1, 0)]
    assert st["problems"][1]["last_verdict"] == "fail"
    locked = run("solution", "softmax")
    assert locked.exit_code == 2 and locked.output.strip() == (
        f"Error: softmax is part of the running mock interview {start['session']}; its solution stays hidden "
        "until the session ends (--force shows it and scores the problem 0)"
    )

    result = run("mock", "finish", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["session"] == start["session"] and report["ended_early"]
    soft_r, sft_r = report["problems"]
    assert (soft_r["problem"], soft_r["passed"], soft_r["total"], soft_r["hints"]) == ("softmax", 19, 19, 1)
    assert soft_r["case_score"] == 100 and soft_r["score"] == 90 and soft_r["attempts"] == 0
    assert soft_r["edge"] == {"passed": 13, "total": 13} and soft_r["core"] == {"passed": 6, "total": 6}
    assert sft_r["attempts"] == 1 and [d["id"] for d in sft_r["diagnoses"]] == ["shift-reversed"]
    assert sft_r["diagnoses"][0]["section"] == "Common pitfalls" and sft_r["first_pass_s"] is None
    assert 0 < sft_r["score"] < 50
    assert report["score"] == round((soft_r["score"] + sft_r["score"]) / 2, 1)
    assert report["study"] == [{
        "problem": "sft-loss", "track": "numpy", "mistake": "shift-reversed", "cases": [], "fixed": False,
        "title": "Your shift is reversed", "section": "Common pitfalls",
        "fix": "Drop the last logits position and the first label: logits[..., :-1, :] with labels[..., 1:].",
        "study": None,  # sft-loss is where the shift is taught
    }]

    text = run("mock", "finish").output
    assert f"Mock interview {start['session']} · 45 min · score {report['score']:g}/100" in text
    assert "What to study next" in text and "Read “Common pitfalls” in `sftkl show sft-loss --track numpy`" in " ".join(text.split())
    zh = run("mock", "finish", "--lang", "zh").output
    assert "接下来该复习什么" in zh and "常见错误" in zh
    hist = json.loads(run("mock", "history", "--json").output)["sessions"]
    assert [(h["session"], h["phase"], h["score"]) for h in hist] == [(start["session"], "finished", report["score"])]
    prog = json.loads(run("progress", "--json").output)
    assert prog["mocks"] == {"sessions": 1, "best_score": report["score"], "running": None}
    assert "solved" in prog["problems"][0] and prog["problems"][0]["solved"]  # the final grade is recorded
    with sqlite3.connect(progress.db_path()) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts WHERE source = 'mock'").fetchone()[0] == 2


def test_mock_forced_solution_scores_the_problem_zero(tmp_path):
    s = mock.start(minutes=10, problems=["softmax"], track="numpy", directory=tmp_path)
    write(Path(s.problems[0].path), GOOD_SOFTMAX)
    shown = run("solution", "softmax", "--force")
    assert shown.exit_code == 0 and f"Shown during mock interview {s.id}: softmax scores 0 in that session." in shown.output
    p = mock_report.finish(s.id).problems[0]
    assert p.passed == p.total and p.revealed and p.score == 0


def test_mock_hint_outside_the_session_track_is_practice(tmp_path):
    s = mock.start(minutes=10, problems=["softmax"], track="torch", directory=tmp_path)
    assert hints_session("softmax", None) == s.id  # no --track: the mock's track
    assert hints_session("softmax", "numpy") is None
    mock_report.finish(s.id, now=s.started)


def hints_session(problem, track):
    from sftkl.practice.hints import next_hint

    return next_hint(problem, track).session


def test_mock_time_up_refuses_more_grades_and_hints(tmp_path):
    s = mock.start(minutes=0.01, problems=["softmax"], track="numpy", directory=tmp_path)
    time.sleep(max(0.0, s.deadline - time.time()) + 0.05)
    with pytest.raises(sessions.MockError) as err:
        mock.hint(s.id, 0)
    assert err.value.render("en") == (
        f"time is up for mock interview {s.id}; `sftkl mock finish` grades it as it stood at the deadline"
    )
    start_again = run("mock", "start", "--problem", "softmax", "--dir", tmp_path / "x")
    assert start_again.output.strip() == (
        f"Error: mock interview {s.id} ran out of time but has no report yet; run `sftkl mock finish` first"
    )


@pytest.mark.parametrize(
    "problem, track, mistake, lang, section",
    [
        ("sft-loss", "numpy", "shift-reversed", "en", "Common pitfalls"),
        ("sft-loss", "numpy", "shift-reversed", "zh", "常见错误"),
        ("sft-loss", "torch", "view-noncontiguous", "en", "Common pitfalls"),
        ("sft-loss", "numpy", "softmax-overflow", "en", "Common pitfalls"),  # not named there: the pitfalls section
        ("softmax", "numpy", None, "en", "Edge cases the grader checks"),
        ("kl-penalty", "torch", "k3-ratio-inverted", "en", "Common pitfalls"),
    ],
)
def test_statement_section_maps_mistakes_to_the_statement(problem, track, mistake, lang, section):
    assert mock_report.statement_section(problem, track, mistake, lang) == section


def test_mock_finish_always_finishes_when_the_files_forge_their_results(tmp_path):
    """Forged messages on the result pipe are a crash of that case, never a traceback: the
    session finishes, its report is stored, and finishing again returns it."""
    hostile = Path(__file__).resolve().parent / "hostile"
    s = mock.start(minutes=10, problems=["sft-loss", "softmax"], track="numpy", seed=2, directory=tmp_path)
    sft, soft = (p.path for p in s.problems)
    save(sft, (hostile / "forges_wrong_types.py").read_text("utf-8"), s.started + 60)
    forged = (hostile / "forges_out_of_range.py").read_text("utf-8").replace("problem=sft-loss", "problem=softmax")
    save(soft, forged.replace("def sft_loss(logits, labels, ignore_index=-100):", "def softmax(x, axis=-1):"), s.started + 60)
    result = run("mock", "finish", s.id, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["session"] == s.id and data["score"] == 0
    report = mock_report.finish(s.id)
    assert [p.passed for p in report.problems] == [0, 0]
    assert mock.status(s.id).phase == "finished"


def test_an_edit_after_the_deadline_back_dated_with_touch_does_not_count(tmp_path, monkeypatch):
    """Judged by content and by when sftkl saw it, not by mtime: the background snapshot
    taken at the deadline keeps what stood then; a later edit `touch -d`'d into the
    session is late."""
    import time

    monkeypatch.setenv("SFTKL_MOCK_SNAPSHOT", "1")
    s = mock.start(minutes=0.1, problems=["softmax"], track="numpy", seed=5, directory=tmp_path)  # 6 s
    path = s.problems[0].path
    time.sleep(0.3)
    Path(path).write_text(GOOD_SOFTMAX, encoding="utf-8")  # saved in time; no sftkl command looks at it
    while time.time() < s.deadline + 0.5:
        time.sleep(0.1)
    save(path, OVERFLOW_SOFTMAX, s.started + 1.0)  # edited after the deadline, back-dated into the session
    report = mock_report.finish(s.id)
    p = report.problems[0]
    assert p.late_edit and p.passed == p.total
    assert Path(p.file).read_text("utf-8") == GOOD_SOFTMAX


def test_a_back_dated_edit_never_replaces_what_was_seen_in_time(tmp_path):
    s = mock.start(minutes=10, problems=["softmax"], track="numpy", seed=5, directory=tmp_path)
    path = s.problems[0].path
    save(path, GOOD_SOFTMAX, s.started + 60)
    mock.status(s.id, now=s.started + 61)
    save(path, OVERFLOW_SOFTMAX, s.started + 62)  # really saved after the deadline (see below), mtime in the session
    report = mock_report.finish(s.id, now=s.deadline + 30)
    p = report.problems[0]
    assert p.late_edit and p.passed == p.total


def test_every_catalog_problem_can_be_drawn_with_each_filter():
    """`--problems N` draws from the whole catalog, read from the packs (no list of ids here):
    over many seeds every problem comes up, with no filter, with each track it has (torch-only
    packs included) and with its difficulty; the order of a draw is the course order."""
    import random

    probs = list(catalog().values())
    filters = [(None, None)] + [(tr, None) for tr in ("numpy", "torch")] + [(None, d) for d in {p.difficulty for p in probs}]
    for track, difficulty in filters:
        eligible = {p.id for p in probs if (track is None or track in p.tracks) and (difficulty is None or p.difficulty == difficulty)}
        n = min(3, len(eligible))
        seen = set()
        for seed in range(300):
            picked = mock._pick([], n, track, difficulty, random.Random(seed))
            assert len(picked) == n and {p.id for p, _ in picked} <= eligible
            assert all(trk in p.tracks and (track is None or trk == track) for p, trk in picked)
            assert [p.order for p, _ in picked] == sorted(p.order for p, _ in picked)
            seen |= {p.id for p, _ in picked}
        assert seen == eligible, (track, difficulty, sorted(eligible - seen))


def test_mock_start_with_every_problem_writes_every_stub(tmp_path):
    """`sftkl mock start --problems <all>`: the whole catalog in one session, torch-only packs
    on their only track; with --track torch, every problem that has it."""
    everything = catalog()
    data = json.loads(run("mock", "start", "--problems", len(everything), "--dir", tmp_path / "all", "--json").output)
    assert [p["problem"] for p in data["problems"]] == list(everything)
    for p in data["problems"]:
        assert p["track"] in everything[p["problem"]].tracks
        assert Path(p["path"]).read_text("utf-8") == get_problem(p["problem"]).stub(p["track"])
    mock_report.finish(data["session"], now=time.time())
    torch_ids = [pid for pid, p in everything.items() if "torch" in p.tracks]
    data = json.loads(run("mock", "start", "--problems", len(torch_ids), "--track", "torch", "--dir", tmp_path / "t",
                          "--json").output)
    assert [(p["problem"], p["track"]) for p in data["problems"]] == [(pid, "torch") for pid in torch_ids]


def test_mock_study_names_the_problem_where_the_mistake_is_taught(tmp_path):
    """A real session through the CLI: the submission reverses the shift in token-logprobs, a
    mistake its pack says is learned in another problem (`study`). The report's what-to-study
    names that problem and the command to practise it, in text (en, zh) and in JSON; the
    grade's diagnosis says it in one line. A mistake learned where it was made has no pointer."""
    from sftkl.graders.contract import schema
    import jsonschema

    mistakes = {m.id: m for m in get_problem("token-logprobs").mistakes}
    target = mistakes["shift-reversed"].study
    assert target is not None and target in catalog() and target != "token-logprobs"
    assert mistakes["mean-over-all-positions"].study is None
    start = json.loads(run("mock", "start", "-p", "token-logprobs", "-p", "softmax", "-t", "numpy",
                           "--dir", tmp_path, "--seed", 4, "--json").output)
    tok, soft = (Path(p["path"]) for p in start["problems"])
    write(tok, (CORPUS / "mistakes/token-logprobs/numpy/shift-reversed--loop.py").read_text("utf-8"))
    write(soft, OVERFLOW_SOFTMAX)

    graded = run("grade", tok, "--seed", 1)
    assert graded.exit_code == 1
    flat = " ".join(graded.output.split())
    assert f"learn it in {target}: `sftkl practice {target}`" in flat
    data = json.loads(run("grade", tok, "--seed", 1, "--json").output)
    assert [(d["id"], d["study"]) for d in data["diagnoses"]] == [("shift-reversed", target)]
    jsonschema.Draft202012Validator(schema("grade")).validate(data)
    plain = json.loads(run("grade", soft, "--seed", 1, "--json").output)
    assert [(d["id"], d["study"]) for d in plain["diagnoses"]] == [("softmax-overflow", None)]

    result = run("mock", "finish", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    jsonschema.Draft202012Validator(schema("mock")).validate(report)
    by = {(s["problem"], s["mistake"]): s for s in report["study"]}
    assert by[("token-logprobs", "shift-reversed")]["study"] == {
        "problem": target, "title": get_problem(target).title["en"], "command": f"sftkl practice {target} --track numpy"}
    assert by[("softmax", "softmax-overflow")]["study"] is None

    text = " ".join(run("mock", "finish").output.split())
    assert (f"study {target}: {get_problem(target).title['en']}, where this mistake is taught. "
            f"Run `sftkl practice {target} --track numpy`.") in text
    assert text.count("where this mistake is taught") == 1  # softmax-overflow is learned in softmax itself
    zh = " ".join(run("mock", "finish", "--lang", "zh").output.split())
    assert f"去练习 {target}:{get_problem(target).title['zh']}" in zh and f"`sftkl practice {target} --track numpy`" in zh
    again = mock_report.finish(start["session"])  # the stored report keeps the pointer
    assert [s.study for s in again.study if s.mistake == "shift-reversed"] == [target]
