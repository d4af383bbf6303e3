"""The CLI: every command, its exit codes, its exact one-line errors, JSON output, both languages."""

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
from sftkl.graders.catalog import catalog, get_problem

runner = CliRunner()
GOOD_NP = (CORPUS / "correct/sft-loss/numpy/log_softmax_fancy_index.py").read_text("utf-8")
SHIFT_REVERSED = (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8")


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


@pytest.mark.parametrize("command", ["list", "show", "practice", "grade"])
def test_commands_have_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output) > 200


def test_root_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("list", "show", "practice", "grade"):
        assert command in result.output


def test_list_shows_the_catalog():
    result = run("list")
    assert result.exit_code == 0
    for pid in ("softmax", "sft-loss", "kl-estimators", "kl-penalty"):
        assert pid in result.output


def test_list_json_marks_solved_after_a_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "sft_loss.py", GOOD_NP)
    assert run("grade", "sft_loss.py", "--seed", 1).exit_code == 0
    rows = {r["id"]: r for r in json.loads(run("list", "--json").output)["problems"]}
    assert rows["sft-loss"]["solved"] == ["numpy"]
    assert rows["softmax"]["solved"] == []


def test_list_groups_problems_by_topic_in_the_recommended_order():
    from sftkl.graders.catalog import TOPICS, catalog

    out = run("list").output
    data = json.loads(run("list", "--json").output)
    topics = [g["id"] for g in data["topics"]]
    # the known topics come in the recommended order, each holding exactly its packs' problems
    known = [tp for tp in topics if tp in TOPICS]
    assert known == sorted(known, key=TOPICS.index)
    assert {"foundations", "sft", "kl", "preference"} <= set(topics)
    assert [r["id"] for r in data["problems"]] == [pid for g in data["topics"] for pid in g["problems"]]
    for r in data["problems"]:
        assert r["topic"] == catalog()[r["id"]].topic
        assert {"id", "title", "tracks", "difficulty", "solved"} <= set(r)  # today's fields stay
    assert next(g for g in data["topics"] if g["id"] == "sft")["problems"][0] == "sft-loss"
    assert set(next(g for g in data["topics"] if g["id"] == "kl")["problems"]) >= {"kl-estimators", "kl-penalty"}
    # rendered as numbered group headings, in that order, each before its problems
    heads = [out.index(f"{n + 1}. {g['title']}") for n, g in enumerate(data["topics"])]
    assert heads == sorted(heads)
    assert heads[0] < out.index("softmax") < heads[1] < out.index("sft-loss") < heads[2] < out.index("kl-penalty")
    assert heads[3] < out.index("token-logprobs")
    zh = run("list", "--lang", "zh").output
    assert "1. 基础" in zh and "3. KL 散度" in zh


def test_topics_come_from_the_packs_not_from_a_list_of_ids():
    from dataclasses import replace

    from sftkl.graders.catalog import by_topic, catalog, topic_of

    assert topic_of({"topic": "Policy Gradient"}) == topic_of({"topic": "policy_gradient"}) == "policy-gradient"
    assert topic_of({"tags": ["dpo", "preference"]}) == "preference"  # no topic field: a tag that names one
    assert topic_of({"tags": ["misc"]}) == "other"
    p = catalog()
    probs = [replace(p["kl-penalty"], id="z-pg", topic="policy-gradient"), replace(p["softmax"], id="z-new", topic="rl-systems"),
             replace(p["sft-loss"], id="z-pref", topic="preference"), *p.values()]
    groups = [(tp, [x.id for x in ps]) for tp, ps in by_topic(probs)]
    names = [tp for tp, _ in groups]
    assert names.index("kl") < names.index("preference") < names.index("policy-gradient") < names.index("rl-systems")
    assert dict(groups)["policy-gradient"][0] == "z-pg" and dict(groups)["preference"][0] == "z-pref"


def test_list_in_chinese():
    result = run("list", "--lang", "zh")
    assert result.exit_code == 0 and "编号" in result.output


def test_show_prints_the_track_statement():
    result = run("show", "sft-loss", "--track", "torch")
    assert result.exit_code == 0
    assert "sft_loss(logits, labels, ignore_index=-100)" in result.output
    data = json.loads(run("show", "kl-penalty", "--json").output)
    assert data["track"] == "torch" and "mode" in data["statement"]
    related = get_problem("sft-loss").related  # other problems on the same ideas, read from the pack
    assert related and f"Related problems: {', '.join(related)} (e.g. `sftkl practice {related[0]}`)" in result.output
    assert data["related"] == list(get_problem("kl-penalty").related)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_renders_markdown_tables_as_tables(lang):
    statement = catalog()["kl-estimators"].statement(lang, "numpy")
    assert any(line.startswith("|---") for line in statement.splitlines())  # the statement has a table
    result = run("show", "kl-estimators", "--lang", lang)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert not any(line.lstrip().startswith("|") for line in lines), result.output
    header = next(line for line in lines if "estimator" in line and "k1" not in line) if lang == "en" else None
    assert header is None or ("┃" in header and "per-sample value" in header)
    row = next(line for line in lines if line.lstrip("│ ").startswith("k3"))
    assert "(r - 1) - log r" in row and "│" in row  # one row of the table, its cells side by side, code unquoted
    assert json.loads(run("show", "kl-estimators", "--json", "--lang", lang).output)["statement"] == statement


def test_paths_are_links_on_a_terminal_and_plain_in_a_pipe(tmp_path):
    env = {**os.environ, "FORCE_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "practice", "softmax"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env=env)
    assert proc.returncode == 0
    uri = (tmp_path / "softmax.py").resolve().as_uri()
    assert f"\x1b]8;id=" in proc.stdout and uri + "\x1b\\softmax.py" in proc.stdout.replace("\x1b[1;32m", "")
    env.pop("FORCE_COLOR")
    env["TERM"] = "dumb"
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "practice", "softmax", "--dir", "d"], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path, env=env)
    assert proc.returncode == 0 and "\x1b" not in proc.stdout and "Wrote d/softmax.py" in proc.stdout


def test_show_sources_prints_the_explanations_list():
    result = run("show", "kl-penalty", "--sources")
    assert result.exit_code == 0
    assert "Sources for kl-penalty" in result.output and "agg_loss" in result.output and "2506.09477" in result.output
    assert "Signature" not in result.output
    data = json.loads(run("show", "kl-penalty", "--sources", "--json", "--lang", "zh").output)
    assert data["id"] == "kl-penalty" and len(data["sources"]) >= 3
    assert any("agg_loss" in item for item in data["sources"]) and "来源" not in data["sources"][0]
    assert "的参考来源" in run("show", "softmax", "--sources", "--lang", "zh").output


def test_show_unknown_problem_is_one_line_exit_2():
    from sftkl.graders.catalog import catalog

    result = run("show", "sft-los")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: no problem 'sft-los' (did you mean 'sft-loss'?); run `sftkl list` to see the catalog "
        f"({', '.join(catalog())})"
    ]


def test_show_unknown_track_exit_2():
    result = run("show", "kl-penalty", "--track", "numpy")
    assert result.exit_code == 2
    assert result.output.strip() == "Error: problem 'kl-penalty' has no track 'numpy'; choose one of: torch"


def test_practice_writes_the_stub_and_refuses_to_overwrite(tmp_path):
    result = run("practice", "sft-loss", "--dir", tmp_path)
    assert result.exit_code == 0
    stub = tmp_path / "sft_loss.py"
    assert stub.read_text("utf-8").startswith("# sftkl: problem=sft-loss track=numpy")
    assert "sftkl grade" in result.output
    stub.write_text("my work", encoding="utf-8")
    again = run("practice", "sft-loss", "--dir", tmp_path)
    assert again.exit_code == 2
    assert again.output.strip() == (
        f"Error: {stub} already exists and was left untouched; pass --force to overwrite it or --dir DIR to write elsewhere"
    )
    assert stub.read_text("utf-8") == "my work"


def test_practice_force_keeps_a_backup(tmp_path, _isolated_home):
    stub = write(tmp_path / "kl_penalty.py", "my work")
    result = run("practice", "kl-penalty", "--dir", tmp_path, "--force", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["track"] == "torch"
    assert open(data["backup"], encoding="utf-8").read() == "my work"
    assert "track=torch" in stub.read_text("utf-8")


def test_the_backup_is_the_learners_file_byte_for_byte(tmp_path, _isolated_home):
    """A file that is not UTF-8 (latin-1 from an old editor) or has CRLF line ends is backed up
    as it is before --force replaces it: no traceback, and not a single byte changed."""
    mine = b"# caf\xe9, na\xefve\r\nx = 1\r\n"
    stub = tmp_path / "softmax.py"
    stub.write_bytes(mine)
    result = run("practice", "softmax", "--dir", tmp_path, "--force", "--json")
    assert result.exit_code == 0, result.output
    assert Path(json.loads(result.output)["backup"]).read_bytes() == mine
    assert "track=numpy" in stub.read_text("utf-8")


def test_grade_without_file_grades_the_last_stub(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("practice", "sft-loss", "--track", "numpy").exit_code == 0
    result = run("grade", "--json", "--seed", 3)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["problem"] == "sft-loss" and data["track"] == "numpy" and data["seed"] == 3
    assert data["passed"] == 0 and data["verdict"] == "fail"
    write(tmp_path / "sft_loss.py", GOOD_NP)
    assert run("grade", "--seed", 3).exit_code == 0


def test_grade_with_nothing_to_grade_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("grade")
    assert result.exit_code == 2
    assert result.output.startswith("Error: no file to grade in")


def test_grade_missing_file_is_exit_2(tmp_path):
    result = run("grade", tmp_path / "nope.py")
    assert result.exit_code == 2
    assert "file not found" in result.output and len(result.output.strip().splitlines()) == 1


def test_grade_json_is_one_object_with_the_documented_fields(tmp_path):
    path = write(tmp_path / "s.py", SHIFT_REVERSED.replace("def sft_loss", "print('noise on stdout')\n\ndef sft_loss"))
    result = run("grade", path, "--json", "--seed", 7)
    assert result.exit_code == 1
    data = json.loads(result.output)  # exactly one JSON document, the candidate's print is not in it
    assert {"problem", "track", "seed", "verdict", "passed", "total", "cases", "diagnoses", "error"} <= set(data)
    assert data["seed"] == 7 and data["error"] is None
    assert [d["id"] for d in data["diagnoses"]] == ["shift-reversed"]
    assert all(set(c) >= {"id", "kind", "status", "message"} for c in data["cases"])
    assert {c["kind"] for c in data["cases"]} == {"edge", "random"}


def test_grade_human_report_names_the_mistake_in_both_languages(tmp_path):
    path = write(tmp_path / "s.py", SHIFT_REVERSED)
    en = run("grade", path, "--seed", 7)
    assert en.exit_code == 1
    assert "Likely mistake: Your shift is reversed [shift-reversed]" in en.output
    assert "seed 7" in en.output
    zh = run("grade", path, "--seed", 7, "--lang", "zh")
    assert "可能的错误:shift 方向反了 [shift-reversed]" in zh.output and "种子 7" in zh.output


def test_grade_load_error_is_exit_1_with_message(tmp_path):
    path = write(tmp_path / "s.py", "# sftkl: problem=sft-loss track=numpy\ndef sft_loss(:\n")
    result = run("grade", path, "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["error"].startswith("syntax error on line 2")


def test_bad_options_are_exit_2(tmp_path):
    path = write(tmp_path / "s.py", GOOD_NP)
    assert run("grade", path, "--track", "jax").exit_code == 2
    assert run("grade", path, "--seed", "-1").exit_code == 2
    assert run("grade", path, "--lang", "fr").exit_code == 2
    assert run("grade", path, "--seed", "abc").exit_code == 2


def test_console_script_errors_have_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "sftkl.cli", "grade", str(tmp_path / "missing.py")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.strip().startswith("Error: file not found")


def test_version():
    assert run("--version").output.startswith("sftkl ")


def test_console_script_flushes_json_and_exit_code_before_its_fast_exit(tmp_path):
    path = write(tmp_path / "sft_loss.py", GOOD_NP)
    proc = subprocess.run(
        [sys.executable, "-m", "sftkl.cli", "grade", str(path), "--json", "--seed", "2"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "pass"
    bad = write(tmp_path / "bad.py", SHIFT_REVERSED)
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", str(bad), "--seed", "2"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "shift-reversed" in proc.stdout


@pytest.mark.parametrize(
    "argv, en, zh",
    [
        (["grade", "--bogus"], "Error: No such option: --bogus", "错误:没有这个选项:--bogus"),
        (["show"], "Error: Missing argument 'problem'.", "错误:缺少参数 'problem'。"),
        (["nope"], "Error: No such command 'nope'.", "错误:没有这个命令 'nope'。"),
    ],
)
def test_usage_errors_are_exit_2_in_both_languages(argv, en, zh):
    for lang, want in (("en", en), ("zh", zh)):
        proc = subprocess.run([sys.executable, "-m", "sftkl.cli", *argv], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "SFTKL_LANG": lang})
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines()[-1] == want
        assert "Traceback" not in proc.stderr


def _processes_with_home_under(root) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/environ", "rb") as f:
                    env = f.read().split(b"\0")
            except OSError:
                continue
            if any(e.startswith(b"HOME=" + str(root).encode()) for e in env):
                found.append(int(name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_console_script_head_start_of_the_wrong_track_is_discarded(tmp_path):
    """The console script spawns the candidate's process from the header before it knows the
    problem's tracks; a header naming a track the problem lacks costs that spare, nothing more."""
    from conftest import ROOT

    src = (ROOT / "problems/kl_estimators/solution_numpy.py").read_text("utf-8")
    path = write(tmp_path / "kl.py", src.replace("track=numpy", "track=torch", 1))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", str(path), "--json", "--seed", "3"],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "TMPDIR": str(scratch)})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert (report["problem"], report["track"], report["verdict"]) == ("kl-estimators", "numpy", "pass")
    assert list(scratch.iterdir()) == []  # both scratch directories removed
    assert _processes_with_home_under(scratch) == []


TYPICAL_FAILURES = sorted(next(iter(sorted(d.iterdir()))) for d in (CORPUS / "mistakes").glob("*/*") if d.is_dir())


def _rows(output: str) -> set[str]:
    """The case ids that have a row in the grade's table."""
    return {m.group(1) for m in re.finditer(r"^│ ([a-z0-9]+(?:-[a-z0-9]+)*) +│ [a-z-]+ +│", output, re.M)}


@pytest.mark.parametrize("path", TYPICAL_FAILURES, ids=lambda p: f"{p.parent.parent.name}-{p.parent.name}")
def test_a_failing_grade_leads_with_the_diagnosis_in_a_100_column_terminal(path, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    sol = write(tmp_path / path.name, path.read_text("utf-8"))
    report = json.loads(run("grade", sol, "--seed", 3, "--json").stdout)
    assert report["verdict"] == "fail" and report["diagnoses"], report["cases"]
    result = run("grade", sol, "--seed", 3)
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and max(len(line) for line in lines) <= 100
    first_screen = "\n".join(lines[:30])
    for d in report["diagnoses"]:
        assert f"[{d['id']}]" in first_screen and "Fix:" in first_screen, result.stdout
    passed = [c["id"] for c in report["cases"] if c["status"] == "pass"]
    failed = [c["id"] for c in report["cases"] if c["status"] != "pass"]
    assert _rows(result.stdout) == set(failed)
    if passed:
        assert f"{len(passed)} passed cases hidden; --all shows them" in result.stdout
    every = run("grade", sol, "--seed", 3, "--all")
    assert every.exit_code == 1 and _rows(every.stdout) == set(passed) | set(failed)
    assert "hidden" not in every.stdout
    assert every.stdout.index(f"[{report['diagnoses'][0]['id']}]") < every.stdout.index("┏")  # still first


def test_the_hidden_count_and_the_repro_hint_in_chinese(tmp_path):
    sol = write(tmp_path / "bad.py", SHIFT_REVERSED)
    result = run("grade", sol, "--seed", 3, "--lang", "zh")
    assert result.exit_code == 1 and "已隐藏 2 个通过的用例;加 --all 显示全部" in result.stdout
    assert f"--seed 3 --repro one-kept" in result.stdout  # the first failing case, ready to paste
    assert "--repro" not in run("grade", write(tmp_path / "good.py", GOOD_NP), "--seed", 3).stdout


# -- the console script's fast path for `sftkl grade` (cli/entry.py) and typer agree

FAST_FORMS = [
    ["grade", "{good}", "--seed", "2", "--json"],
    ["grade", "--json", "-p", "sft-loss", "-t", "numpy", "--seed=5", "{good}"],
    ["grade", "{bad}", "--json", "--lang", "zh", "--seed", "3"],
    ["grade", "{good}", "--seed", "4"],
    ["grade", "{bad}", "--lang=zh", "--seed", "4"],
    ["grade", "{good}", "--seed", "1", "--junit", "{tmp}/j.xml", "--gradescope", "{tmp}/g.json", "--json"],
    ["grade", "{good}", "--lang", "fr"],
    ["grade", "{tmp}/missing.py", "--seed", "1"],
    ["grade", "{good}", "--track", "jax"],
    ["grade", "{good}", "-p", "nope", "--seed", "1"],
    # under --json an error is one object on stdout (cli/base.py), on both paths alike
    ["grade", "{tmp}/missing.py", "--json"],
    ["grade", "{good}", "--track", "jax", "--json"],
    ["grade", "{good}", "--lang", "fr", "--json"],
    ["grade", "--json", "{good}", "-p", "nope", "--lang", "zh"],
    ["grade", "{tmp}", "--json", "--seed", "1"],
    ["grade", "{bad}", "--seed", "3", "--all"],
    ["grade", "{bad}", "--seed", "3", "--repro", "one-kept"],
    ["grade", "{bad}", "--seed", "3", "--repro", "nope", "--json"],
]
TYPER_FORMS = [
    ["grade", "--help"],
    ["grade", "{good}", "--seed", "-1"],
    ["grade", "{good}", "--seed", "abc"],
    ["grade", "{good}", "--seed", "1", "--seed", "2"],
    ["grade", "{good}", "--bogus"],
    ["grade", "{good}", "{bad}"],
    ["grade", "{good}", "-p"],
    ["grade", "{good}", "--json=1"],
    ["grade", "--", "{good}"],
    ["grade", "{good}", "-p=sft-loss"],
    ["list"],
]


def _form(argv, tmp_path):
    good = write(tmp_path / "good.py", GOOD_NP)
    bad = write(tmp_path / "bad.py", SHIFT_REVERSED)
    return [a.format(good=good, bad=bad, tmp=tmp_path) for a in argv]


def _comparable(text: str) -> str:
    """Output with the durations taken out (the only thing two runs of one grade may differ in)."""
    import re

    text = re.sub(r'"(duration_s|candidate_s|reference_s)": [0-9.e-]+', r'"\1": 0', text)
    return re.sub(r"\d+\.\d+ (s\b|秒)", "X s", text)


@pytest.mark.parametrize("argv", TYPER_FORMS, ids=lambda a: " ".join(a[1:]) or a[0])
def test_unusual_grade_forms_are_left_to_typer(argv, tmp_path):
    from sftkl.cli.entry import fast_grade_args

    assert fast_grade_args(_form(argv, tmp_path)) is None


@pytest.mark.parametrize("argv", FAST_FORMS, ids=lambda a: " ".join(a[1:]))
def test_fast_path_and_typer_give_the_same_output_and_exit_code(argv, tmp_path, capsys, monkeypatch):
    from sftkl.cli.entry import fast_grade_args
    from sftkl.cli.grade import run as run_grade

    monkeypatch.setenv("COLUMNS", "100")
    argv = _form(argv, tmp_path)
    args = fast_grade_args(argv)
    assert args is not None
    code = run_grade(**args)
    fast = capsys.readouterr()
    exports = {p.name: p.read_text() for p in tmp_path.glob("[jg].*")}
    for p in tmp_path.glob("[jg].*"):
        p.unlink()
    slow = runner.invoke(app, argv)
    assert code == slow.exit_code, (fast.err, slow.output)
    assert _comparable(fast.out) == _comparable(slow.stdout)
    assert fast.err == slow.stderr
    if "--json" in argv:
        data = json.loads(fast.out)  # exactly one object, whatever happened
        assert data["schema_version"] >= 1 and ("verdict" in data or data["exit_code"] == code == 2)
    assert {p.name: p.read_text() for p in tmp_path.glob("[jg].*")}.keys() == exports.keys()


def test_console_script_grades_without_importing_typer_or_blas_threads(tmp_path):
    path = write(tmp_path / "sft_loss.py", GOOD_NP)
    probe = tmp_path / "modules.json"
    code = (
        "import atexit, json, sys\n"
        "import os\n"
        f"atexit.register(lambda: open({str(probe)!r}, 'w').write(json.dumps([sorted(sys.modules), os.environ.get('OPENBLAS_NUM_THREADS')])))\n"
        "from sftkl.cli.entry import main\n"
        f"sys.argv = ['sftkl', 'grade', {str(path)!r}, '--seed', '1']\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "PASS" in proc.stdout
    modules, blas_threads = json.loads(probe.read_text())
    assert "sftkl.graders.engine" in modules and "typer" not in modules
    assert blas_threads == "1"  # sftkl's own numpy needs no BLAS thread pool


@pytest.mark.parametrize("module", ["practice", "mock"])
def test_practice_loop_names_every_command_it_registers(module):
    """The console script registers only the practice and mock modules for these names: a
    command missing from COMMANDS would be reported as unknown by `sftkl <it>`."""
    import importlib

    import typer

    practice_loop = importlib.import_module(f"sftkl.cli.{module}")
    app2 = typer.Typer()
    practice_loop.register(app2)
    names = {c.name for c in app2.registered_commands} | {g.name for g in app2.registered_groups}
    assert names == set(practice_loop.COMMANDS)


@pytest.mark.parametrize(
    "argv",
    [["grade", "{tmp}/missing.py", "--json"], ["grade", "{good}", "--seed", "abc", "--json"], ["grade", "{good}", "--bogus", "--json"],
     ["grade", "{good}", "{bad}", "--json"], ["grade", "{good}", "--json", "--seed", "-1"]],
    ids=lambda a: " ".join(a[2:]),
)
def test_console_script_prints_one_error_object_on_either_path(argv, tmp_path):
    """The fast path (`fast_grade_args` takes the form) and typer (it does not) both answer a
    usage error under --json with the one error object, exit code 2."""
    argv = _form(argv, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", *argv], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"schema_version", "error", "exit_code"} and data["exit_code"] == 2
    assert proc.stderr.strip().splitlines()[-1] == "Error: " + data["error"]


def test_doctor_says_which_isolation_applies_and_why(monkeypatch):
    from sftkl.sandbox import jail

    result = runner.invoke(app, ["doctor", "--json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["isolation"] in ("sandbox", "basic") and facts["reason"]
    assert {"python", "numpy", "torch", "data_dir", "language"} <= set(facts)
    monkeypatch.setenv("SFTKL_SANDBOX", "off")
    jail.reset()
    try:
        result = runner.invoke(app, ["doctor", "--lang", "zh"])
        assert result.exit_code == 0 and "隔离:基本" in result.stdout and "SFTKL_SANDBOX=off" in result.stdout
    finally:
        jail.reset()


def test_basic_isolation_is_one_line_on_stderr_never_in_json(tmp_path, basic_isolation):
    sol = tmp_path / "sft_loss.py"
    sol.write_text("# sftkl: problem=sft-loss track=numpy\n" + (ROOT / "problems/sft_loss/solution_numpy.py").read_text())
    env = {**os.environ, "SFTKL_SANDBOX": "off"}
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", str(sol), "--json"], capture_output=True, text=True, env=env)
    assert json.loads(proc.stdout)["isolation"] == "basic"
    assert proc.stderr.strip().splitlines() == ["isolation: basic (install bubblewrap for the sandbox)"]
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "batch", str(tmp_path), "--problem", "sft-loss",
                           "--track", "numpy", "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "--allow-unsandboxed" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "batch", str(tmp_path), "--problem", "sft-loss",
                           "--track", "numpy", "--out", str(tmp_path / "out"), "--allow-unsandboxed"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "autograder", "run", "--problem", "sft-loss", "--track",
                           "numpy", "--submission", str(tmp_path), "--results", str(tmp_path / "r.json")],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "--allow-unsandboxed" in proc.stderr


def test_sandboxed_grade_json_says_so(tmp_path):
    from conftest import needs_sandbox

    needs_sandbox()
    sol = tmp_path / "sft_loss.py"
    sol.write_text("# sftkl: problem=sft-loss track=numpy\n" + (ROOT / "problems/sft_loss/solution_numpy.py").read_text())
    proc = subprocess.run([sys.executable, "-m", "sftkl.cli", "grade", str(sol), "--json"], capture_output=True, text=True)
    assert json.loads(proc.stdout)["isolation"] == "sandbox" and proc.stderr == ""


def _sftkl(*args, timeout=60, **kw):
    return subprocess.run([sys.executable, "-m", "sftkl.cli", *args], capture_output=True, text=True, timeout=timeout, **kw)


@pytest.mark.parametrize("kind", ["fifo", "device", "too-large"])
def test_a_non_regular_or_huge_submission_is_a_usage_error_before_any_read(kind, tmp_path):
    if kind == "fifo":
        target = tmp_path / "sft_loss.py"
        os.mkfifo(target)  # reading it would block forever
    elif kind == "device":
        target = Path("/dev/zero")  # reading it would never end
    else:
        target = tmp_path / "sft_loss.py"
        target.write_text("# sftkl: problem=sft-loss track=numpy\n" + "#" * (2 << 20))
    for argv in (["grade", str(target), "--problem", "sft-loss", "--track", "numpy"],
                 ["grade", str(target)]):
        proc = _sftkl(*argv, timeout=30)
        assert proc.returncode == 2, (argv, proc.stdout, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


def test_control_characters_in_a_file_name_are_printed_escaped(tmp_path):
    target = tmp_path / "evil\x1b[2J\nname.py"
    target.write_text("def sft_loss(*a):\n    return 0\n")
    proc = _sftkl("grade", str(target))
    assert proc.returncode == 2
    assert "\x1b" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "\\x1b[2J\\nname.py" in proc.stderr


def test_autograder_out_to_a_bad_path_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (blocker / "sub" / "a.zip", tmp_path / "dir.zip"):
        if out.name == "dir.zip":
            out.mkdir()
        proc = _sftkl("autograder", "gradescope", "--problem", "sft-loss", "--track", "numpy", "--out", str(out),
                      "--pip", "sftkl")
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_stale_scratch_of_a_killed_grader_is_removed_by_the_next_run(tmp_path):
    import tempfile

    stale = Path(tempfile.gettempdir()) / "sftkl-grade-4194999-abc"  # above any pid_max: no such process
    stale.mkdir(exist_ok=True)
    (stale / "junk").write_text("x")
    sol = tmp_path / "sft_loss.py"
    sol.write_text("# sftkl: problem=sft-loss track=numpy\n" + (ROOT / "problems/sft_loss/solution_numpy.py").read_text())
    proc = _sftkl("grade", str(sol))
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists()


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_clean_up_like_ctrl_c(sig, tmp_path):
    import signal
    import time

    from test_hostile import _processes_with, _token

    token = _token()
    sol = tmp_path / "sft_loss.py"
    sol.write_text("# sftkl: problem=sft-loss track=numpy\nimport subprocess\n\ndef sft_loss(*a, **k):\n"
                   f"    subprocess.Popen(['sleep', '{token}'], start_new_session=True)\n    while True:\n        pass\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    for argv in (["grade", str(sol)], ["batch", str(tmp_path), "--problem", "sft-loss", "--track", "numpy",
                                        "--out", str(tmp_path / "out"), "--allow-unsandboxed"]):
        p = subprocess.Popen([sys.executable, "-m", "sftkl.cli", *argv], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not _processes_with(token) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_with(token), "the submission started"
        p.send_signal(getattr(signal, sig))
        p.communicate(timeout=30)
        assert p.returncode in (130, 0), argv
        time.sleep(0.2)
        assert not _processes_with(token), argv
        assert not [d for d in scratch.iterdir() if d.name.startswith("sftkl-grade-")], argv
    _reap_orphans_of_killed_graders()


def test_a_sigkilled_grader_takes_the_sandbox_with_it(tmp_path):
    """--die-with-parent: SIGKILL of `sftkl grade` (no clean-up runs) still ends every learner process."""
    import signal
    import time

    from conftest import needs_sandbox
    from test_hostile import _processes_with, _token

    needs_sandbox()
    token = _token()
    sol = tmp_path / "sft_loss.py"
    sol.write_text("# sftkl: problem=sft-loss track=numpy\nimport subprocess\n\ndef sft_loss(*a, **k):\n"
                   f"    subprocess.Popen(['sleep', '{token}'], start_new_session=True)\n    while True:\n        pass\n")
    p = subprocess.Popen([sys.executable, "-m", "sftkl.cli", "grade", str(sol)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not _processes_with(token) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_with(token)
    p.send_signal(signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 5
    while _processes_with(token) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _processes_with(token)
    _reap_orphans_of_killed_graders()


def _reap_orphans_of_killed_graders() -> None:
    """Where this test process is a subreaper (grades here made it one when no cgroup could be
    had), the learner processes of a grader killed above are re-parented here once they die:
    reap their zombies, so that later tests that count this process's zombies start clean."""
    from sftkl.sandbox import reaper
    from sftkl.sandbox.child import _children_of, proc_stat

    for pid in _children_of(os.getpid()):
        fields = proc_stat(pid)
        with reaper._live_lock:
            live = pid in reaper._live
        if fields is not None and fields[0] == b"Z" and not live:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


@pytest.mark.parametrize("pid, track", [(p.id, tr) for p in catalog().values() for tr in p.tracks])
def test_the_untouched_stub_gets_one_line_that_says_what_to_do(tmp_path, monkeypatch, pid, track):
    """Every case of an untouched stub raises NotImplementedError (also where a case expects
    ValueError, as ppo-policy-loss's dual_clip <= 1): one panel says so and names the function;
    no table of identical rows, no 'no known mistake', no repro hint. --all shows the cases."""
    monkeypatch.chdir(tmp_path)
    prob = get_problem(pid)
    write(tmp_path / prob.file, prob.stub(track))
    for lang, said in (("en", "Not written yet"), ("zh", "尚未实现")):
        result = run("grade", prob.file, "--seed", 1, "--lang", lang, env={"COLUMNS": "200"})
        assert result.exit_code == 1, result.output
        assert said in result.output and all(f in result.output for f in prob.track(track).functions)
        assert "random-1" not in result.output and "--repro" not in result.output
        assert t_no_diag(lang) not in result.output
    shown = run("grade", prob.file, "--seed", 1, "--all", env={"COLUMNS": "200"})
    assert "Not written yet" not in shown.output and "random-1" in shown.output


def t_no_diag(lang):
    from sftkl.graders.texts import t

    return t(lang, "ui.no_diagnosis")


def test_list_fits_80_columns_and_marks_the_solved_track(tmp_path, monkeypatch):
    """The tracks column says which tracks you solved (✓ after the track), so the titles keep
    their room: at 80 columns every id is whole on its line and no cell is cut with '…'."""
    from rich.cells import cell_len

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "sft_loss.py", GOOD_NP)
    assert run("grade", "sft_loss.py", "--seed", 1).exit_code == 0
    for lang in ("en", "zh"):
        out = run("list", "--lang", lang, env={"COLUMNS": "80"}).output
        lines = out.splitlines()
        assert "…" not in out and all(cell_len(line) <= 80 for line in lines)
        row = next(line for line in lines if line.split("│")[1:2] and line.split("│")[1].strip() == "sft-loss")
        assert "numpy ✓ torch" in row and "torch ✓" not in row
        for p in catalog().values():
            assert any(line.split("│")[1:2] and line.split("│")[1].strip() == p.id for line in lines), p.id
