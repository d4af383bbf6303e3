"""The Gradescope bundle (run against a fake /autograder tree) and the GitHub Classroom workflow."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, write
from sftkl.cli.app import app
from sftkl.classroom.autograder import gradescope_bundle, run_gradescope
from sftkl.classroom.github import github_workflow
from sftkl.graders.errors import UsageError

runner = CliRunner()
GOOD = (CORPUS / "correct/sft-loss/numpy/take_along_axis.py").read_text("utf-8")
SHIFT = (CORPUS / "mistakes/sft-loss/numpy/shift-reversed--vectorized.py").read_text("utf-8")
TORCH_PIN = "torch>=2.2,<2.14"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, sftkl_wheel):
    """A bundle carrying a wheel of this checkout (as `--wheel` gives; the default builds one
    itself, which needs an editable install: see test_bundle_default_builds_from_the_checkout)."""
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    return gradescope_bundle("sft-loss", "numpy", out, wheel=sftkl_wheel), out


def _fake_autograder(tmp_path: Path, zip_path: Path) -> Path:
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)
    return root


def _run_autograder(root: Path, python: str = sys.executable) -> dict:
    env = {**os.environ, "SFTKL_AUTOGRADER_ROOT": str(root), "SFTKL_PYTHON": python}
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], cwd=root / "source", env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads((root / "results" / "results.json").read_text("utf-8"))


def test_bundle_holds_setup_run_readme_and_the_wheel(bundle):
    info, out = bundle
    assert info.install == "wheel" and Path(info.path) == out
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        wheel = next(n for n in names if n.endswith(".whl"))
        assert set(names) == {"setup.sh", "run_autograder", "README.md", wheel}
        assert wheel.startswith("sftkl-") and "sftkl/cli/app.py" in zipfile.ZipFile(z.open(wheel)).namelist()
        for name in ("setup.sh", "run_autograder"):
            assert stat.S_IMODE(z.getinfo(name).external_attr >> 16) == 0o755
        setup = z.read("setup.sh").decode()
        readme = z.read("README.md").decode()
    assert f"'{TORCH_PIN}'" in setup and "--index-url https://download.pytorch.org/whl/cpu" in setup
    assert f'"$HERE/{wheel}"' in setup and "python3.11-venv" in setup
    assert "offline" in readme.lower() and "--wheelhouse" in readme and "SFTKL_AUTOGRADER_ROOT" in readme


def test_bundle_scripts_are_valid_bash(bundle, tmp_path):
    _, out = bundle
    root = _fake_autograder(tmp_path, out)
    for name in ("setup.sh", "run_autograder"):
        proc = subprocess.run(["bash", "-n", str(root / "source" / name)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_run_autograder_grades_the_submission_into_results_json(bundle, tmp_path):
    _, out = bundle
    root = _fake_autograder(tmp_path, out)
    write(root / "submission" / "sft_loss.py", SHIFT)
    doc = _run_autograder(root)
    assert set(doc) >= {"score", "execution_time", "output", "tests"}
    assert len(doc["tests"]) > 10 and 0 < doc["score"] < sum(t["max_score"] for t in doc["tests"])
    for t in doc["tests"]:  # sft-loss weighs edge cases 2
        assert t["max_score"] == (2.0 if t["name"].startswith("edge: ") else 1.0)
    assert "Likely mistake: Your shift is reversed [shift-reversed]" in doc["output"]
    assert "--seed " in doc["output"]  # a new seed each submission, named so the student can reproduce it

    write(root / "submission" / "sft_loss.py", GOOD)
    doc = _run_autograder(root)
    assert doc["score"] == sum(t["max_score"] for t in doc["tests"]) > 10
    assert all(t["status"] == "passed" for t in doc["tests"])


def test_run_autograder_without_a_file_still_writes_a_result(bundle, tmp_path):
    _, out = bundle
    root = _fake_autograder(tmp_path, out)
    write(root / "submission" / "README.txt", "oops")
    doc = _run_autograder(root)
    assert doc["score"] == 0 and doc["tests"] == []
    assert doc["output"] == (
        f"no sft_loss.py in your submission ({root / 'submission'}); submit the file `sftkl practice` wrote, under that name"
    )


def test_run_autograder_finds_a_nested_or_renamed_file(tmp_path):
    sub = tmp_path / "submission"
    (sub / "hw1").mkdir(parents=True)
    write(sub / "hw1" / "answer.py", GOOD)
    doc = run_gradescope("sft-loss", "numpy", sub, tmp_path / "r.json", seed=5)
    assert doc["score"] == sum(t["max_score"] for t in doc["tests"]) > 10 and json.loads((tmp_path / "r.json").read_text("utf-8")) == doc


def test_run_autograder_when_sftkl_cannot_start(bundle, tmp_path):
    _, out = bundle
    root = _fake_autograder(tmp_path, out)
    write(root / "submission" / "sft_loss.py", GOOD)
    doc = _run_autograder(root, python="/bin/false")
    assert doc == {"score": 0, "output": "The autograder could not run sftkl; please tell your instructor."}


def test_bundle_with_pip_spec_or_given_wheel(tmp_path):
    info = gradescope_bundle("kl-penalty", None, tmp_path / "a.zip", pip_spec="git+https://example.org/sftkl.git@v0.1.0", seed=9)
    with zipfile.ZipFile(info.path) as z:
        assert sorted(z.namelist()) == ["README.md", "run_autograder", "setup.sh"]
        setup, run = z.read("setup.sh").decode(), z.read("run_autograder").decode()
    assert "pip install --disable-pip-version-check --no-cache-dir)" in setup
    assert '"${PIP[@]}" git+https://example.org/sftkl.git@v0.1.0' in setup and f"'{TORCH_PIN}'" in setup
    assert "--problem kl-penalty --track torch --lang en --seed 9" in run
    fake = write(tmp_path / "sftkl-0.1.0-py3-none-any.whl", "not really a wheel")
    info = gradescope_bundle("softmax", "torch", tmp_path / "b.zip", wheel=fake)
    assert info.install == "wheel" and "sftkl-0.1.0-py3-none-any.whl" in info.files


def test_bundle_usage_errors(tmp_path):
    cases = [
        (dict(out=tmp_path / "a.tar"), f"--out must name a .zip file, got {tmp_path / 'a.tar'}"),
        (dict(out=tmp_path / "a.zip", pip_spec="sftkl", wheel=tmp_path / "w.whl"), "pass at most one of --wheel, --pip and --wheelhouse"),
        (dict(out=tmp_path / "a.zip", wheelhouse=tmp_path),
         f"{tmp_path} must hold the wheels of sftkl and torch (and their dependencies) for an offline bundle"),
        (dict(out=tmp_path / "a.zip", wheel=tmp_path / "numpy.whl"),
         f"{tmp_path / 'numpy.whl'} is not an sftkl wheel or sdist (sftkl-*.whl, sftkl-*.tar.gz)"),
    ]
    for kwargs, message in cases:
        with pytest.raises(UsageError) as e:
            gradescope_bundle("sft-loss", "numpy", **kwargs)
        assert e.value.render("en") == message


def test_offline_bundle_installs_from_its_wheelhouse(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    for name in ("sftkl-0.1.0-py3-none-any.whl", "torch-2.13.0+cpu-cp311-cp311-linux_x86_64.whl", "numpy-2.4.0-cp311.whl"):
        write(house / name, "x")
    info = gradescope_bundle("sft-loss", "numpy", tmp_path / "a.zip", wheelhouse=house)
    with zipfile.ZipFile(info.path) as z:
        assert {n for n in z.namelist() if n.startswith("wheels/")} == {f"wheels/{p.name}" for p in house.iterdir()}
        setup = z.read("setup.sh").decode()
    assert f'--no-index --find-links "$HERE/wheels" \'{TORCH_PIN}\' sftkl' in setup
    pip_lines = [line for line in setup.splitlines() if line.startswith('"${PIP[@]}"')]
    assert len(pip_lines) == 1 and "https://" not in pip_lines[0]


def test_cli_autograder_gradescope_and_run(tmp_path):
    fake = write(tmp_path / "sftkl-0.1.0-py3-none-any.whl", "x")
    out = tmp_path / "ag.zip"
    result = runner.invoke(app, ["autograder", "gradescope", "--problem", "sft-loss", "--track", "numpy",
                                 "--out", str(out), "--wheel", str(fake)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out} (setup.sh, run_autograder, README.md, sftkl-0.1.0-py3-none-any.whl).")
    bad = runner.invoke(app, ["autograder", "gradescope", "-p", "sft-loss", "--out", str(tmp_path / "x.tgz"), "--wheel", str(fake)])
    assert bad.exit_code == 2 and bad.output.strip() == f"Error: --out must name a .zip file, got {tmp_path / 'x.tgz'}"
    sub = tmp_path / "sub"
    sub.mkdir()
    write(sub / "sft_loss.py", GOOD)
    ran = runner.invoke(app, ["autograder", "run", "-p", "sft-loss", "-t", "numpy", "--submission", str(sub),
                              "--results", str(tmp_path / "r" / "results.json"), "--seed", "3"])
    assert ran.exit_code == 0
    assert ran.output.strip() == f"score 26/26, written to {tmp_path / 'r' / 'results.json'}"


def test_github_workflow_installs_sftkl_and_grades_with_junit(tmp_path):
    text = github_workflow("sft-loss", "numpy", pip_spec="git+https://example.org/sftkl.git")
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load(text)
    steps = doc["jobs"]["run-autograding-tests"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install sftkl")["run"]
    assert f'"{TORCH_PIN}"' in install and "https://download.pytorch.org/whl/cpu" in install
    assert 'python -m pip install "git+https://example.org/sftkl.git"' in install
    grader = next(s for s in steps if s.get("id") == "sftkl")
    assert grader["uses"] == "classroom-resources/autograding-command-grader@v1"
    command = grader["with"]["command"]
    assert command == "sftkl grade sft_loss.py --problem sft-loss --track numpy --junit sftkl-junit.xml"
    assert grader["with"]["max-score"] == 10
    reporter = next(s for s in steps if s.get("uses", "").startswith("classroom-resources/autograding-grading-reporter"))
    assert reporter["with"]["runners"] == "sftkl" and "steps.sftkl.outputs.result" in reporter["env"]["SFTKL_RESULTS"]
    assert any(s.get("with", {}).get("report_paths") == "sftkl-junit.xml" for s in steps)
    # The grading command itself works in a student's repository.
    write(tmp_path / "sft_loss.py", GOOD)
    proc = subprocess.run(shlex.split(command), cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    import xml.etree.ElementTree as ET

    assert ET.parse(tmp_path / "sftkl-junit.xml").getroot().get("failures") == "0"


def test_cli_autograder_github_writes_the_workflow_and_the_wheel_it_installs(tmp_path):
    """The default needs no published sftkl: the workflow installs a wheel committed beside it."""
    import yaml

    repo = tmp_path / "assignment"
    wrote = runner.invoke(app, ["autograder", "github", "-p", "sft-loss", "--out", str(repo), "--points", "5"])
    assert wrote.exit_code == 0, wrote.output
    workflow = repo / ".github" / "workflows" / "classroom.yml"
    (wheel,) = (repo / ".sftkl").glob("sftkl-*.whl")
    assert " ".join(wrote.output.split()) == (
        f"Wrote {workflow} and {wheel}, which it installs; commit both to the assignment's template repository.")
    doc = yaml.safe_load(workflow.read_text("utf-8"))
    steps = doc["jobs"]["run-autograding-tests"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install sftkl")["run"]
    (line,) = [x for x in install.splitlines() if "sftkl" in x]
    target = shlex.split(line)[-1]  # relative to the repository, where actions/checkout leaves the job
    assert target.endswith(".whl") and (repo / target).resolve() == wheel.resolve()
    assert next(s for s in steps if s.get("id") == "sftkl")["with"]["max-score"] == 5
    with zipfile.ZipFile(wheel) as z:
        assert "sftkl/cli/app.py" in z.namelist() and "sftkl/problems/sft_loss/problem.toml" in z.namelist()

    # --pip: the workflow installs SPEC from an index, and no wheel is written
    other = tmp_path / "published"
    wrote = runner.invoke(app, ["autograder", "github", "-p", "sft-loss", "--out", str(other), "--pip", "sftkl==0.1.0"])
    assert wrote.exit_code == 0, wrote.output
    assert not (other / ".sftkl").exists()
    assert 'python -m pip install "sftkl==0.1.0"' in (other / ".github" / "workflows" / "classroom.yml").read_text("utf-8")
    printed = runner.invoke(app, ["autograder", "github", "--problem", "kl-penalty", "--pip", "sftkl==0.1.0"])
    assert printed.exit_code == 0
    assert "sftkl grade kl_penalty.py --problem kl-penalty --track torch --junit sftkl-junit.xml" in printed.stdout
    assert 'python -m pip install "sftkl==0.1.0"' in printed.stdout


def test_cli_autograder_github_usage_errors(tmp_path):
    cases = [
        ([], "Error: the workflow installs sftkl from a wheel committed beside it: pass --out DIR (the assignment "
             "repository) to write both, or --pip SPEC to print one that installs SPEC from an index"),
        (["--out", str(tmp_path / "classroom.yml")],
         f"Error: --out names the assignment repository's folder (the workflow goes to .github/workflows/classroom.yml "
         f"in it), got {tmp_path / 'classroom.yml'}"),
        (["--out", str(tmp_path / "r"), "--pip", "sftkl", "--wheel", str(tmp_path / "sftkl-0.1.0-py3-none-any.whl")],
         "Error: pass at most one of --wheel and --pip"),
        (["--out", str(tmp_path / "r"), "--wheel", str(tmp_path / "numpy.whl")],
         f"Error: {tmp_path / 'numpy.whl'} is not an sftkl wheel or sdist (sftkl-*.whl, sftkl-*.tar.gz)"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["autograder", "github", "-p", "sft-loss", *args])
        assert result.exit_code == 2 and " ".join(result.output.split()) == message, result.output
    assert not (tmp_path / "r").exists()
    zh = runner.invoke(app, ["autograder", "github", "-p", "sft-loss", "--lang", "zh"])
    assert zh.exit_code == 2 and "--out DIR" in zh.output and "工作流" in zh.output


@pytest.mark.skipif(not os.environ.get("SFTKL_TEST_WHEELHOUSE"), reason="set SFTKL_TEST_WHEELHOUSE to a folder of wheels "
                    "(sftkl, torch CPU and their dependencies) to run setup.sh for real, offline (about 40 s)")
def test_setup_sh_installs_offline_then_run_autograder_uses_that_install(tmp_path):
    info = gradescope_bundle("sft-loss", "numpy", tmp_path / "ag.zip", wheelhouse=os.environ["SFTKL_TEST_WHEELHOUSE"])
    root = _fake_autograder(tmp_path, Path(info.path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(SFTKL_AUTOGRADER_ROOT=str(root), PIP_CONFIG_FILE=os.devnull)
    proc = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert (root / "sftkl-venv" / "bin" / "python").exists()
    write(root / "submission" / "sft_loss.py", SHIFT)
    env.pop("SFTKL_PYTHON", None)
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=120)
    doc = json.loads((root / "results" / "results.json").read_text("utf-8"))
    assert "[shift-reversed]" in doc["output"] and len(doc["tests"]) > 10


def test_bundle_default_builds_from_the_checkout(tmp_path, monkeypatch):
    from conftest import ROOT
    from sftkl.classroom import wheel

    # an editable install's RECORD lists a path finder, not the package: the wheel is built
    # from the checkout. A regular install (CI's `pip install .`) has a RECORD that lists the
    # package and no checkout; it is made to look editable here, to test the checkout path.
    editable = Path(wheel.__file__).resolve().parent.parent == ROOT
    if editable:
        assert wheel._installed_distribution() is None and wheel._source_tree() == ROOT
    else:
        assert wheel._installed_distribution() is not None and wheel._source_tree() is None
        monkeypatch.setattr(wheel, "_installed_distribution", lambda: None)
        monkeypatch.setattr(wheel, "_source_tree", lambda: ROOT)
    info = gradescope_bundle("sft-loss", "numpy", tmp_path / "a.zip")
    assert info.wheel_from == "checkout"
    assert any(n.endswith(".whl") for n in zipfile.ZipFile(tmp_path / "a.zip").namelist())
    # neither an installed RECORD nor a checkout: say what to pass instead
    monkeypatch.setattr(wheel, "_source_tree", lambda: None)
    with pytest.raises(UsageError) as err:
        gradescope_bundle("sft-loss", "numpy", tmp_path / "b.zip")
    assert err.value.key == "err.ag_no_source"
    assert "--wheel" in err.value.render("en") and "--wheel" in err.value.render("zh")


def _venv(path: Path) -> Path:
    """A fresh venv that sees the system's torch and numpy, without pip (installed into from outside)."""
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--system-site-packages", "--without-pip", str(path)], check=True, timeout=120)
    return path / "bin" / "python"


def _pip_install(python: Path, wheel: Path) -> None:
    # --ignore-installed: the venv sees the system's site-packages, where CI's `pip install .`
    # put a sftkl of the same version, which pip would otherwise call already satisfied
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           "--ignore-installed", "--disable-pip-version-check", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gradescope_bundle_from_a_non_editable_install_grades_a_submission(sftkl_wheel, tmp_path):
    """The README's own install (a wheel, not a checkout): `sftkl autograder gradescope` rebuilds
    the wheel from the installed files; that wheel installs, and the bundle's run_autograder grades
    with it: tags, visibility and the speed leaderboard included."""
    from conftest import needs_sandbox

    needs_sandbox()
    py = _venv(tmp_path / "installed")
    _pip_install(py, sftkl_wheel)
    out = tmp_path / "ag.zip"
    proc = subprocess.run([str(py.parent / "sftkl"), "autograder", "gradescope", "-p", "sft-loss", "-t", "numpy",
                           "--out", str(out), "--visibility", "after_due_date", "--leaderboard", "--json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    info = json.loads(proc.stdout)
    assert (info["install"], info["wheel_from"]) == ("wheel", "installed")
    bad = subprocess.run([str(py.parent / "sftkl"), "autograder", "gradescope", "-p", "sft-loss", "--out",
                          str(tmp_path / "x.zip"), "--visibility", "later"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "Error: --visibility must be one of visible, hidden, after_due_date, after_published, got later")

    root = _fake_autograder(tmp_path, out)
    (rebuilt,) = (root / "source").glob("sftkl-*.whl")
    assert rebuilt.name == sftkl_wheel.name
    with zipfile.ZipFile(rebuilt) as new, zipfile.ZipFile(sftkl_wheel) as orig:
        # the same files as the wheel it was installed from: package, data, metadata
        assert sorted(new.namelist()) == sorted(orig.namelist())
        for name in orig.namelist():
            if not name.endswith("/RECORD"):
                assert new.read(name) == orig.read(name), name
        assert new.testzip() is None
        import base64
        import csv
        import hashlib

        record = next(n for n in new.namelist() if n.endswith(".dist-info/RECORD"))
        listed = list(csv.reader(new.read(record).decode().splitlines()))
        assert sorted(r[0] for r in listed) == sorted(new.namelist())  # every file, once, RECORD included
        for name, digest, size in listed:
            if name != record:
                data = new.read(name)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert (digest, int(size)) == (f"sha256={expected}", len(data)), name
    py2 = _venv(tmp_path / "from-bundle")
    _pip_install(py2, rebuilt)

    write(root / "submission" / "sft_loss.py", SHIFT)
    doc = _run_autograder(root, python=str(py2))
    assert doc["visibility"] == "after_due_date" and 0 < doc["score"] and "leaderboard" not in doc  # wrong: not ranked
    assert {t["visibility"] for t in doc["tests"]} == {"after_due_date"}
    failed = [t for t in doc["tests"] if t["status"] == "failed"]
    assert failed and all(t["tags"][0] in ("edge", "random") for t in doc["tests"])
    assert any("shift-reversed" in t["tags"] for t in failed)
    assert all(t["tags"] == [t["tags"][0]] for t in doc["tests"] if t["status"] == "passed")

    write(root / "submission" / "sft_loss.py", GOOD)
    doc = _run_autograder(root, python=str(py2))
    assert doc["score"] == sum(t["max_score"] for t in doc["tests"]) > 10
    (board,) = doc["leaderboard"]
    assert board["name"] == "speed (ms)" and board["order"] == "asc" and 0 < board["value"] < 60_000


def test_the_autograders_install_bubblewrap_and_refuse_without_a_sandbox(tmp_path):
    import zipfile

    from sftkl.classroom.autograder import gradescope_bundle

    bundle = gradescope_bundle("sft-loss", "numpy", tmp_path / "ag.zip", pip_spec="sftkl")
    with zipfile.ZipFile(bundle.path) as z:
        setup = z.read("setup.sh").decode()
        run = z.read("run_autograder").decode()
    assert "command -v bwrap" in setup and "apt-get install -y --no-install-recommends bubblewrap" in setup
    assert "--allow-unsandboxed" not in run
    allowed = gradescope_bundle("sft-loss", "numpy", tmp_path / "ag2.zip", pip_spec="sftkl", allow_unsandboxed=True)
    with zipfile.ZipFile(allowed.path) as z:
        assert "--allow-unsandboxed" in z.read("run_autograder").decode()
    assert "apt-get install -y bubblewrap" in github_workflow("sft-loss", "numpy")


def test_a_daemon_cannot_rewrite_gradescope_results_after_the_grader_exits(tmp_path):
    """The attack of issue 12: as root, leave the pids cgroup, wait for the grader to exit,
    then write full marks into results.json. Sandboxed, the daemon sees no results folder
    and dies with the grade."""
    import time

    from conftest import needs_sandbox

    needs_sandbox()
    results = tmp_path / "results" / "results.json"
    results.parent.mkdir()
    sub = tmp_path / "submission"
    sub.mkdir()
    write(sub / "sft_loss.py", f"""# sftkl: problem=sft-loss track=numpy
import json, os, time

_calls = []


def sft_loss(logits, labels, ignore_index=-100):
    _calls.append(1)
    if len(_calls) == 1 and os.fork() == 0:
        os.setsid()
        for procs in ("/sys/fs/cgroup/pids/cgroup.procs", "/sys/fs/cgroup/cgroup.procs"):
            try:
                with open(procs, "w") as f:
                    f.write(str(os.getpid()))
            except OSError:
                pass
        time.sleep(3.0)  # the grader has written results.json and exited by then
        try:
            with open({str(results)!r}, "w") as f:
                json.dump({{"score": 26, "output": "pwned"}}, f)
        except OSError:
            pass
        os._exit(0)
    return 0.5
""")
    started = time.monotonic()
    doc = run_gradescope("sft-loss", "numpy", sub, results, seed=5)
    time.sleep(max(0.0, started + 4.0 - time.monotonic()))
    assert json.loads(results.read_text()) == doc and doc["score"] < 26


def test_a_wheel_rebuilt_from_record_holds_only_the_package_whatever_record_lists(tmp_path):
    """RECORD is a file of the install: entries with `..`, absolute paths, or other top-level
    folders (an edited or corrupted RECORD) never bring a file of the machine into the wheel."""
    import csv
    import io
    from importlib.metadata import PathDistribution

    from sftkl.classroom.wheel import wheel_from_record

    site = tmp_path / "site"
    info = site / "sftkl-0.1.dist-info"
    (site / "sftkl" / "cli").mkdir(parents=True)
    info.mkdir()
    (site / "sftkl" / "cli" / "app.py").write_text("APP = 1\n")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sftkl\nVersion: 0.1\n")
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nTag: py3-none-any\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("instructor-secret\n")
    (site / "other").mkdir()
    (site / "other" / "x.py").write_text("instructor-secret\n")
    buf = io.StringIO()
    w = csv.writer(buf)
    for name in ["sftkl/cli/app.py", "sftkl-0.1.dist-info/METADATA", "sftkl-0.1.dist-info/WHEEL",
                 "../secret.txt", str(secret), "sftkl/../../secret.txt", "sftkl-0.1.dist-info/../../secret.txt",
                 "other/x.py", "../../../../../../../../etc/hostname", "sftkl-0.1.dist-info/RECORD"]:
        w.writerow([name, "", ""])
    (info / "RECORD").write_text(buf.getvalue())
    whl = wheel_from_record(PathDistribution(info), tmp_path / "out")
    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
        assert sorted(names) == ["sftkl-0.1.dist-info/METADATA", "sftkl-0.1.dist-info/RECORD",
                                 "sftkl-0.1.dist-info/WHEEL", "sftkl/cli/app.py"], names
        assert not any(b"instructor-secret" in z.read(n) for n in names)
    assert whl.parent == tmp_path / "out" and sorted(p.name for p in (tmp_path / "out").iterdir()) == [whl.name]


def test_the_leaderboard_ranks_by_the_graders_clock_not_the_submissions(tmp_path):
    """A correct submission that sleeps 30 ms a case and stops every clock of its process (its own
    timing then says 0 ms) is ranked at no less than its sleeps on Gradescope's leaderboard."""
    sub = tmp_path / "submission"
    sub.mkdir()
    write(sub / "sft_loss.py", GOOD.replace("import numpy as np", """import time

import numpy as np

time.perf_counter = time.monotonic = time.time = lambda: 1.0
time.perf_counter_ns = time.monotonic_ns = lambda: 1""", 1).replace(
        "    logits = np.asarray(logits)", "    time.sleep(0.03)\n    logits = np.asarray(logits)", 1))
    doc = run_gradescope("sft-loss", "numpy", sub, tmp_path / "results.json", seed=3, leaderboard=True)
    cases = len(doc["tests"])
    assert doc["score"] == sum(t["max_score"] for t in doc["tests"]) and cases > 10
    (board,) = doc["leaderboard"]
    assert board["value"] >= 30.0 * cases, (board, cases)
