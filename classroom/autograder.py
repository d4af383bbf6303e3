"""Plug sftkl into the autograders courses already run: a Gradescope bundle and a GitHub Classroom workflow.

sftkl does not schedule a class across machines: Gradescope and GitHub Actions
already run each submission in its own container, at any scale. This module
writes Gradescope's bundle, and `run_gradescope` is what its run_autograder calls;
classroom/github.py writes the GitHub Classroom workflow.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sftkl.graders.catalog import Problem, Track, get_problem
from sftkl.graders.errors import SftklError, UsageError
from sftkl.classroom.exports import Row, clean_text, gradescope_results, row_from_report
from sftkl.graders.texts import t
from sftkl.graders.files import atomic_write, printable
from sftkl.classroom.submissions import outside
from sftkl.classroom.wheel import build_wheel

# The project's own pin (pyproject.toml): <2.14 keeps pip on the CPU wheel line.
TORCH_SPEC = "torch>=2.2,<2.14"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PYPI_INDEX = "https://pypi.org/simple"
ROOT_ENV = "SFTKL_AUTOGRADER_ROOT"  # replaces /autograder (a test runs the bundle against a fake tree)
PYTHON_ENV = "SFTKL_PYTHON"  # replaces the Python setup.sh installed sftkl into
VENV_DIR = "sftkl-venv"  # under the autograder root
# Gradescope's visibility settings (results.json, top level and per test).
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


@dataclass(frozen=True)
class Bundle:
    path: str
    files: tuple[str, ...]  # the names inside the zip
    install: str  # how setup.sh installs sftkl: wheel | pip | wheelhouse
    wheel_from: str | None = None  # the bundled wheel: installed (rebuilt from RECORD) | checkout | given


def find_submission(directory: Path, problem: Problem) -> Path | None:
    """The file to grade in a submission folder: the stub's name (shallowest first), else the only .py file."""
    if not directory.is_dir():
        return None
    named = sorted((p for p in directory.rglob(problem.file) if p.is_file()), key=lambda p: (len(p.parts), str(p)))
    if named:
        return named[0]
    others = [p for p in directory.rglob("*.py") if p.is_file() and not any(part.startswith((".", "__")) for part in p.parts)]
    return others[0] if len(others) == 1 else None


def check_visibility(visibility: str) -> str:
    if visibility not in VISIBILITIES:
        raise UsageError("err.ag_bad_visibility", visibility=visibility, choices=", ".join(VISIBILITIES))
    return visibility


def speed_ms(report) -> float | None:
    """The leaderboard's speed: milliseconds from sending the cases to the submission's last
    answer, measured by the grading process (GradeReport.cases_wall_s), never the times the
    submission's own process reports (it could patch its clocks or forge its result messages);
    None unless it passed every case (a wrong answer is not ranked for speed)."""
    if report.verdict != "pass" or report.cases_wall_s is None:
        return None
    return round(1000.0 * report.cases_wall_s, 3)


def run_gradescope(problem: str, track: str | None, submission: str | Path, results: str | Path,
                   seed: int | None = None, lang: str = "en", *, visibility: str = "visible",
                   leaderboard: bool = False) -> dict:
    """Grade the submission folder and write Gradescope's results.json; always writes it, whatever happened."""
    from sftkl.classroom.batch import file_sha256, grade_submission

    prob = get_problem(problem)
    trk = prob.track(track)
    check_visibility(visibility)
    folder = Path(submission)
    file = find_submission(folder, prob)
    speed = None
    if file is None:
        row = Row("submission", "", "", seed, "no-file", "fail",
                  error=t(lang, "err.ag_no_file", file=prob.file, dir=str(folder)))
    elif outside(file, folder):  # a link to the installed solution would pass (see submissions.outside)
        row = Row("submission", file.name, "", seed, "no-file", "fail",
                  error=t(lang, "err.ag_link_outside", file=clean_text(printable(file.relative_to(folder)))))
    else:
        try:
            if seed is None:
                from sftkl.graders.engine import new_seed

                seed = new_seed()
            report = grade_submission(file, prob.id, trk.name, seed)
            row = row_from_report(report, "submission", file.name, file_sha256(file), lang)
            speed = speed_ms(report)
        except SftklError as e:
            row = Row("submission", file.name, "", seed, "grader-error", "fail", error=clean_text(e.render(lang)))
        except Exception as e:  # noqa: BLE001 - the student must still get a result, not a blank page
            row = Row("submission", file.name, "", seed, "grader-error", "fail",
                      error=t(lang, "err.batch_grader_failed", detail=clean_text(f"{type(e).__name__}: {e}")))
    board = None  # Gradescope's leaderboard: only a submission that passed every case is ranked
    if leaderboard and speed is not None:
        board = [{"name": t(lang, "ui.ag_leaderboard_speed"), "value": speed, "order": "asc"}]
    doc = gradescope_results(row, prob, trk.name, lang, visibility=visibility, leaderboard=board)
    atomic_write(Path(results), json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return doc


# ---------------------------------------------------------------------------
# Gradescope bundle

def _setup_sh(install: str, sftkl_spec: str, first_python: str | None = None) -> str:
    # A wheelhouse is built for one Python (cp311, ...): look for that one first.
    order = ["python3.13", "python3.12", "python3.11"]
    if first_python in order:
        order.remove(first_python)
        order.insert(0, first_python)
    pythons = " ".join(order + ["python3"])
    if install == "wheelhouse":
        pip_lines = f'''# Offline: torch, numpy, typer, rich and sftkl all come from the bundle's wheels/ folder.
"${{PIP[@]}}" --no-index --find-links "$HERE/wheels" {shlex.quote(TORCH_SPEC)} {sftkl_spec}'''
    else:
        pip_lines = f'''# Online: the CPU build of torch first (on Linux the default index resolves torch to a
# multi-GB CUDA build), then sftkl and its other dependencies from PyPI.
"${{PIP[@]}}" --index-url {TORCH_CPU_INDEX} --extra-index-url {PYPI_INDEX} {shlex.quote(TORCH_SPEC)}
"${{PIP[@]}}" {sftkl_spec}'''
    return f'''#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It makes a virtual environment with Python >= 3.11 under $ROOT/{VENV_DIR} and installs sftkl into it.
set -euo pipefail
HERE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
ROOT="${{{ROOT_ENV}:-/autograder}}"
VENV="$ROOT/{VENV_DIR}"

find_python() {{
  for py in {pythons}; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  return 1
}}

PY="$(find_python || true)"
if [ -z "$PY" ]; then
  apt-get update
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    # Ubuntu 24.04: Python 3.12 without its venv module.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv
    PY=python3
  else
    # Ubuntu 22.04 (Gradescope's default base image) ships Python 3.10; sftkl needs 3.11 or newer.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PY=python3.11
  fi
fi
# The sandbox the learner's code runs in (sftkl refuses to grade without it).
if ! command -v bwrap >/dev/null 2>&1; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap
fi
"$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install --disable-pip-version-check --no-cache-dir)
{pip_lines}
"$VENV/bin/python" -m sftkl.cli --version
'''


def _run_autograder(prob: Problem, trk: Track, lang: str, seed: int | None, fallback: str,
                    allow_unsandboxed: bool = False, visibility: str = "visible", leaderboard: bool = False) -> str:
    seed_arg = f" --seed {seed}" if seed is not None else ""
    if allow_unsandboxed:
        seed_arg += " --allow-unsandboxed"
    if visibility != "visible":
        seed_arg += f" --visibility {visibility}"
    if leaderboard:
        seed_arg += " --leaderboard"
    return f'''#!/usr/bin/env bash
# Gradescope runs this for every submission: it grades $ROOT/submission/ and writes
# $ROOT/results/results.json. {ROOT_ENV} replaces /autograder and {PYTHON_ENV} the
# Python that setup.sh installed sftkl into (so it can be tried locally on a fake tree).
set -uo pipefail
ROOT="${{{ROOT_ENV}:-/autograder}}"
PY="${{{PYTHON_ENV}:-$ROOT/{VENV_DIR}/bin/python}}"
mkdir -p "$ROOT/results"
"$PY" -m sftkl.cli autograder run --problem {shlex.quote(prob.id)} --track {shlex.quote(trk.name)} --lang {lang}{seed_arg} \\
  --submission "$ROOT/submission" --results "$ROOT/results/results.json"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  # sftkl itself could not run: Gradescope still gets a result to show.
  printf '%s\\n' {shlex.quote(fallback)} > "$ROOT/results/results.json"
fi
exit 0
'''


def _readme(prob: Problem, trk: Track, install: str, sftkl_spec: str) -> str:
    return f"""# sftkl autograder: {prob.id} ({trk.name} track)

Upload this zip as a Gradescope *Autograder* (Zip file upload, Ubuntu base image).
Students submit `{prob.file}` (other file names work when the submission holds exactly one `.py` file).

- `setup.sh` runs once when Gradescope builds the image: it finds Python >= 3.11 (installing
  `python3.11` with apt on Ubuntu 22.04, whose own Python is 3.10), makes a virtual environment in
  `/autograder/{VENV_DIR}` and installs `{TORCH_SPEC}` (the CPU build) and sftkl into it.
- `run_autograder` runs for each submission: `python -m sftkl.cli autograder run` grades
  `/autograder/submission/` and writes `/autograder/results/results.json`. Every case is one test
  worth 1 point; edge cases are worth {prob.edge_weight:g} points each (`edge_weight` in the problem's metadata).
  Each run uses a new seed unless the bundle was built with `--seed`; the output names it, so a
  student can reproduce the cases with `sftkl grade {prob.file} --seed N`.
- Each test is tagged `edge` or `random`, plus the id of the mistake that explains a failure
  (e.g. `shift-reversed`). `--visibility` (visible, hidden, after_due_date, after_published) sets when
  students see the results; `--leaderboard` adds a speed column (milliseconds from sending the cases,
  once the file has loaded, to its last answer, on the grader's own clock; lower is better) for
  submissions that pass every case.

## Installing sftkl: online or offline

This bundle installs sftkl **{_install_words(install, sftkl_spec)}**.

| how | built with | needs the network in setup.sh |
|---|---|---|
| bundled wheel (default) | `sftkl autograder gradescope` from any install (rebuilt from the installed files, or built from a source checkout), or `--wheel FILE` | yes, for torch, numpy, typer, rich (PyPI and `{TORCH_CPU_INDEX}`) |
| pip requirement | `--pip SPEC` (`sftkl==0.1.0`, `git+https://...`, or a path inside the image) | yes, unless SPEC is a local path and the dependencies are already there |
| wheelhouse | `--wheelhouse DIR` with every wheel needed (`pip download --only-binary=:all: -d DIR --extra-index-url {TORCH_CPU_INDEX} "{TORCH_SPEC}" sftkl-*.whl`) | no: `pip install --no-index --find-links wheels` |

Gradescope's image builds have the network, so the default is enough there; use a wheelhouse for
air-gapped runners (it makes the zip a few hundred MB: torch's CPU wheel is most of it). A wheelhouse
is built for one Python version: download it with the Python the image will run (3.11 on Ubuntu
22.04, where setup.sh installs `python3.11`; add `--python-version 3.11` when you download elsewhere);
setup.sh looks for the Python that matches the torch wheel first.

## Trying it locally

```
mkdir -p fake/submission && cp {prob.file} fake/submission/
{ROOT_ENV}=$PWD/fake {PYTHON_ENV}=$(command -v python3) bash run_autograder
cat fake/results/results.json
```
(`{PYTHON_ENV}` names a Python where sftkl is already installed; without it, run `setup.sh` first
with the same `{ROOT_ENV}`.)
"""


def _install_words(install: str, spec: str) -> str:
    return {"wheel": f"from the bundled wheel `{spec}`", "pip": f"with `pip install {spec}`",
            "wheelhouse": "offline, from the bundled `wheels/` folder"}[install]


def gradescope_bundle(problem: str, track: str | None, out: str | Path, *, wheel: str | Path | None = None,
                      pip_spec: str | None = None, wheelhouse: str | Path | None = None,
                      seed: int | None = None, lang: str = "en", allow_unsandboxed: bool = False,
                      visibility: str = "visible", leaderboard: bool = False) -> Bundle:
    """Write a Gradescope autograder zip: setup.sh, run_autograder, README.md and how sftkl gets installed."""
    prob = get_problem(problem)
    trk = prob.track(track)
    check_visibility(visibility)
    if sum(x is not None for x in (wheel, pip_spec, wheelhouse)) > 1:
        raise UsageError("err.ag_install_options")
    if seed is not None and not 0 <= seed < 2**63:
        raise UsageError("err.bad_seed", seed=seed)
    out_path = Path(out).expanduser()
    if out_path.suffix != ".zip":
        raise UsageError("err.ag_out_zip", out=str(out))
    try:  # before the minutes a wheel may take: a bad --out is a one-line error at once
        out_path.parent.mkdir(parents=True, exist_ok=True)
        if out_path.is_dir() or not os.access(out_path.parent, os.W_OK):
            raise IsADirectoryError(errno.EISDIR if out_path.is_dir() else errno.EACCES,
                                    os.strerror(errno.EISDIR if out_path.is_dir() else errno.EACCES))
    except OSError as e:
        raise UsageError("err.dir_unwritable", dir=str(out_path), detail=e.strerror or str(e)) from None
    members: dict[str, Path] = {}  # zip name -> file on disk
    first_python = wheel_from = None
    with tempfile.TemporaryDirectory(prefix="sftkl-bundle-") as tmp:
        if pip_spec is not None:
            install, spec, shown = "pip", shlex.quote(pip_spec), pip_spec
        elif wheelhouse is not None:
            house = Path(wheelhouse).expanduser()
            found = sorted(house.glob("*.whl")) if house.is_dir() else []
            if not any(p.name.startswith("sftkl-") for p in found) or not any(p.name.startswith("torch-") for p in found):
                raise UsageError("err.ag_wheelhouse", dir=str(wheelhouse))
            for p in found:
                members[f"wheels/{p.name}"] = p
            install, spec, shown = "wheelhouse", "sftkl", "sftkl"
            torch_tag = next((p.name.split("-")[2] for p in found if p.name.startswith("torch-") and p.name.count("-") >= 4), "")
            if torch_tag.startswith("cp3") and torch_tag[3:].isdigit():
                first_python = f"python3.{torch_tag[3:]}"
        else:
            if wheel is not None:
                whl, wheel_from = Path(wheel).expanduser(), "given"
            else:
                whl, wheel_from = build_wheel(Path(tmp))
            if not whl.is_file() or not whl.name.startswith("sftkl-") or whl.suffix not in (".whl", ".gz"):
                raise UsageError("err.ag_bad_wheel", path=str(wheel))
            members[whl.name] = whl
            install, spec, shown = "wheel", f'"$HERE/{whl.name}"', whl.name
        fallback_doc = {"score": 0, "output": t(lang, "ui.ag_fallback")}
        if visibility != "visible":
            fallback_doc["visibility"] = visibility
        fallback = json.dumps(fallback_doc, ensure_ascii=False)
        texts = {
            "setup.sh": _setup_sh(install, spec, first_python),
            "run_autograder": _run_autograder(prob, trk, lang, seed, fallback, allow_unsandboxed, visibility, leaderboard),
            "README.md": _readme(prob, trk, install, shown),
        }
        tmp_zip = out_path.with_name(f".{out_path.name}.part")
        try:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as z:
                for name, text in texts.items():
                    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                    info.external_attr = (0o100755 if name != "README.md" else 0o100644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, text)
                for name, path in members.items():
                    z.write(path, name)
            tmp_zip.replace(out_path)
        except OSError as e:
            try:
                tmp_zip.unlink(missing_ok=True)
            except OSError:
                pass
            raise UsageError("err.dir_unwritable", dir=str(out_path), detail=e.strerror or str(e)) from None
    return Bundle(str(out_path), tuple(list(texts) + list(members)), install, wheel_from)
