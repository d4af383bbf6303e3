"""`sftkl grade`: the body (`run`), which typer's command and the console script's fast path
(`entry.fast_grade_args`) both call, and the typer command (`register`).

No typer at import: on the fast path a cold grade never imports it (~8 ms of a ~190 ms grade).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from sftkl.cli.base import isolation, report_error, submission_file, warn_if_basic
from sftkl.graders.errors import SftklError, bad_lang
from sftkl.graders.files import printable
from sftkl.graders.texts import resolve_lang


def _prefetch(*modules: str) -> None:
    """Import modules in a background thread (a head start; the importing line later waits for it).

    The grade spends part of its time waiting on the candidate's process and in numpy
    code that releases the GIL; the renderer's imports fill that time (~10 ms).
    """
    import importlib
    import threading

    def load() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the real import later reports it
                pass

    threading.Thread(target=load, daemon=True).start()


def run(
    file: Optional[Path] = None,
    problem: Optional[str] = None,
    track: Optional[str] = None,
    seed: Optional[int] = None,
    junit: Optional[Path] = None,
    gradescope: Optional[Path] = None,
    lang: Optional[str] = None,
    as_json: bool = False,
    repro: Optional[str] = None,
    show_all: bool = False,
) -> int:
    """Grade, record, export, print. Returns the exit code: 0 pass, 1 fail, 2 usage, 130 interrupted.

    `repro` names a case: it is checked (and the files it would write) before grading, and
    after grading `repro_<case>.py` and `.npz` are written beside the file."""
    chosen = resolve_lang(lang)
    if chosen not in ("en", "zh"):
        return report_error(bad_lang(lang), "en", as_json)
    try:
        file = submission_file(file, problem, track)
        plan = None
        if repro is not None:
            plan = _plan_repro(file, problem, track, seed, repro)
            seed = plan[3]
        from sftkl.graders.engine import grade

        _prefetch("sftkl.cli.render", "sftkl.practice.progress", "fsrs")  # fsrs: the review card record_grade updates
        report = grade(file, problem=problem, track=track, seed=seed)
        warn_if_basic(chosen)
        from sftkl.practice.progress import record_grade

        record_grade(report)
        export_error = None  # an export that cannot be written never hides the report
        if junit is not None or gradescope is not None:
            from sftkl.classroom.exports import write_report_exports

            try:
                write_report_exports(report, chosen, junit=junit, gradescope=gradescope)
            except SftklError as err:
                export_error = err
        written = repro_error = None
        if plan is not None:
            try:
                written = _write_repro(plan, file, chosen)
            except SftklError as err:  # like an export: the report is shown all the same
                repro_error = err
        from sftkl.cli import render

        level = isolation()
        if as_json:
            data = {**render.report_dict(report, chosen), "isolation": level}
            if export_error is not None:
                data["export_error"] = export_error.render(chosen)
            if written is not None:
                data["repro"] = {"case": plan[2].id, "script": str(written[0]), "inputs": str(written[1])}
            if repro_error is not None:
                data["repro_error"] = repro_error.render(chosen)
            render.print_json(data)
        else:
            from rich.console import Console

            console = Console(highlight=False, soft_wrap=False)
            render.render_report(console, report, chosen, printable(file), show_all=show_all, repro_hint=plan is None)
            if written is not None:
                shown = [printable(file.parent / p.name) for p in written]
                render.render_repro(console, chosen, plan[2].id, shown[0], shown[1], dict(zip(shown, written)))
        for late in (export_error, repro_error):
            if late is not None:
                return report_error(late, chosen, as_json=False)  # the report is the one JSON object
    except SftklError as err:
        return report_error(err, chosen, as_json)
    except KeyboardInterrupt:
        return 130
    return 0 if report.verdict == "pass" else 1


def _plan_repro(file: Path, problem, track, seed, case_id: str):
    """(problem, track, case, seed) for `--repro`, or a usage error before anything is graded:
    an unknown case, or a file in the way that sftkl did not write. Without --seed the cases
    are those of the latest grade of this problem and track (the ones the learner just saw)."""
    from sftkl.graders.engine import build_cases, new_seed, resolve
    from sftkl.practice import repro

    path, prob, trk = resolve(file, problem, track)
    if seed is None:
        seed = repro.last_seed(prob.id, trk.name)
    if seed is None:
        seed = new_seed()
    case = repro.find_case(build_cases(prob, trk.name, seed), case_id, prob.id, trk.name)
    repro.check_writable(*repro.paths(path.parent, case.id), shown=file.parent)
    return prob, trk, case, seed


def _write_repro(plan, file: Path, lang: str) -> tuple[Path, Path]:
    from sftkl.graders.errors import UsageError
    from sftkl.practice import repro

    prob, trk, case, seed = plan
    try:
        return repro.write(prob, trk.name, case, file, seed, lang)
    except OSError as e:
        raise UsageError("err.dir_unwritable", dir=printable(file.resolve().parent), detail=e.strerror or str(e)) from None


def register(app) -> None:
    """Add `sftkl grade` to the sftkl app (typer is imported here, not by the fast path)."""
    import typer

    from sftkl.cli.common import JsonOpt, LangOpt, TrackOpt, handles_errors

    @app.command()
    @handles_errors
    def grade(
        file: Optional[Path] = typer.Argument(None, help="Your solution (default: the stub `practice` last wrote here). 你的答案文件。"),
        problem: Optional[str] = typer.Option(None, "--problem", "-p", help="Problem id, if the file has no sftkl header. 题目编号。"),
        track: Optional[str] = TrackOpt,
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed of the random cases (default: a new one, always printed). 随机种子。"),
        junit: Optional[Path] = typer.Option(None, "--junit", help="Also write JUnit XML (one testcase per case). 同时输出 JUnit XML。"),
        gradescope: Optional[Path] = typer.Option(None, "--gradescope", help="Also write a Gradescope results.json. 同时输出 Gradescope 结果。"),
        lang: Optional[str] = LangOpt,
        as_json: bool = JsonOpt,
        repro: Optional[str] = typer.Option(None, "--repro", help="Also write repro_CASE.py and its inputs: the case as a script to run or debug in your own Python. 把该用例写成可调试的脚本。"),
        show_all: bool = typer.Option(False, "--all", help="List every case, the passed ones too. 显示全部用例。"),
    ) -> None:
        """Grade your solution against hidden references. 评测你的答案。"""
        raise typer.Exit(run(file, problem, track, seed, junit, gradescope, lang, as_json, repro=repro, show_all=show_all))
