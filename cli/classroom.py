"""Commands of the instructor: batch, autograder (gradescope, github, run).

Thin shells: parse, call one function of classroom.batch / classroom.autograder, render.
Heavy imports (numpy, torch) stay inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sftkl.cli.base import require_sandbox
from sftkl.cli.common import JsonOpt, LangOpt, TrackOpt, console as _console, handles_errors as _errors, lang as _lang
from sftkl.graders.texts import t

ProblemOpt = typer.Option(..., "--problem", "-p", help="Problem id, e.g. sft-loss. 题目编号。")
AllowUnsandboxedOpt = typer.Option(
    False, "--allow-unsandboxed",
    help="Grade even where the bubblewrap sandbox is not available (one submission may then reach the others). "
    "没有 bubblewrap 沙箱时仍然评测。")
SeedOpt = typer.Option(None, "--seed", help="Seed of the random cases (default: a new one, recorded). 随机种子。")
VisibilityOpt = typer.Option(
    "visible", "--visibility",
    help="When students see the results on Gradescope: visible, hidden, after_due_date or after_published. "
    "学生何时能看到 Gradescope 上的结果。")
LeaderboardOpt = typer.Option(
    False, "--leaderboard",
    help="Add a Gradescope leaderboard of speed (ms from sending the cases to the last answer, timed by the grader) "
    "for submissions that pass every case. 为全部通过的提交添加速度排行榜(评测进程计时:从发出用例到最后一个答案的毫秒数)。")

autograder_app = typer.Typer(
    name="autograder",
    help="Build what Gradescope and GitHub Classroom need to grade with sftkl. 生成 Gradescope / GitHub Classroom 自动评分配置。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the sftkl app."""
    app.command("batch")(batch)
    app.add_typer(autograder_app, name="autograder")


# ---------------------------------------------------------------------------
# batch

@_errors
def batch(
    directory: Path = typer.Argument(..., help="Submissions: one file per student, or one folder per student holding the stub's file. 提交目录:每个学生一个文件,或每个学生一个文件夹。"),
    problem: str = ProblemOpt,
    track: Optional[str] = TrackOpt,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Submissions graded at once (default: the CPU count). 并行评分的数量。"),
    out: Path = typer.Option(Path("results"), "--out", "-o", help="Where results.csv and results.json go; a rerun resumes there. 结果目录,重跑时从这里续评。"),
    seed: Optional[int] = SeedOpt,
    seed_per_student: bool = typer.Option(False, "--seed-per-student", help="Derive a different seed for each student (recorded per row). 每个学生使用不同的种子。"),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Also write JUnit XML: one testsuite per student. 同时输出 JUnit XML。"),
    allow_unsandboxed: bool = AllowUnsandboxedOpt,
    lang: Optional[str] = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Grade a folder of submissions in parallel, resumably; summary of the class. 批量评测整个班级的提交。"""
    require_sandbox(allow_unsandboxed)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from sftkl.classroom.batch import run_batch, summary_dict

    lang = _lang(lang)
    counts = {"pass": 0, "fail": 0}
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[green]{task.fields[passed]}[/] [red]{task.fields[failed]}[/]"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=_console(stderr=True),
        transient=False,
    )
    task = None

    def on_start(todo: int, skipped: int) -> None:
        nonlocal task
        if skipped:
            progress.console.print(t(lang, "ui.batch_resume", skipped=skipped, todo=todo), markup=False)
        if not todo:
            return
        progress.start()
        task = progress.add_task(t(lang, "ui.batch_grading"), total=todo, passed=t(lang, "ui.batch_passed", n=0),
                                 failed=t(lang, "ui.batch_failed", n=0))

    def on_row(row) -> None:
        counts["pass" if row.verdict == "pass" else "fail"] += 1
        progress.update(task, advance=1, passed=t(lang, "ui.batch_passed", n=counts["pass"]),
                        failed=t(lang, "ui.batch_failed", n=counts["fail"]))

    try:
        result = run_batch(directory, problem, track, out=out, jobs=jobs, seed=seed, seed_per_student=seed_per_student,
                           lang=lang, junit=junit, on_start=on_start, on_row=on_row)
    finally:
        progress.stop()
    if as_json:
        from sftkl.cli.render import print_json

        rows = [{k: v for k, v in r.to_dict().items() if k != "cases"} for r in result.rows]
        print_json({"problem": result.problem, "track": result.track, "seed": result.seed,
                    "seed_per_student": result.seed_per_student, "out": result.out, "graded": result.graded,
                    "skipped": result.skipped, "interrupted": result.interrupted, "files": list(result.files),
                    "summary": summary_dict(result.summary), "rows": rows})
    else:
        _render_batch(_console(), result, lang)
    raise typer.Exit(130 if result.interrupted else 0)


def _render_batch(console, result, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from sftkl.graders.catalog import get_problem

    s = result.summary
    prob = get_problem(result.problem)
    titles = {m.id: m.title[lang] for m in prob.mistakes}
    seed = t(lang, "ui.batch_seed_per_student", seed=result.seed) if result.seed_per_student else str(result.seed)
    console.print(Text(t(lang, "ui.batch_header", problem=result.problem, track=result.track, seed=seed), style="bold"))
    console.print(Text(
        t(lang, "ui.batch_pass_rate", passed=s.passed, total=s.total, rate=100.0 * s.pass_rate, failed=s.failed,
          graded=result.graded, skipped=result.skipped),
        style="bold green" if s.total and s.passed == s.total else "bold",
    ))
    if s.diagnoses:
        table = Table(title=t(lang, "ui.batch_diag_title"), title_justify="left")
        table.add_column(t(lang, "ui.batch_col_mistake"))
        table.add_column(t(lang, "ui.col_id"), no_wrap=True)
        table.add_column(t(lang, "ui.batch_col_students"), justify="right")
        table.add_column("", no_wrap=True)
        top = s.diagnoses[0][1]
        for did, n in s.diagnoses:
            bar = "█" * max(1, round(20 * n / top))
            table.add_row(Text(titles.get(did, did)), did, str(n), Text(bar, style="yellow"))
        console.print(table)
    console.print(Text(t(lang, "ui.batch_other_failures", undiagnosed=s.undiagnosed, load_errors=s.load_errors,
                         not_graded=s.not_graded), style="dim"))
    if s.slowest:
        from sftkl.graders.files import printable

        slow = ", ".join(f"{printable(name)} {sec:.1f} s" for name, sec in s.slowest)
        console.print(Text(t(lang, "ui.batch_slowest", list=slow)))
    console.print(Text(t(lang, "ui.batch_files", files=", ".join(result.files))))
    if result.interrupted:
        console.print(Text(t(lang, "ui.batch_interrupted"), style="bold yellow"))


# ---------------------------------------------------------------------------
# autograder

@autograder_app.command("gradescope")
@_errors
def autograder_gradescope(
    problem: str = ProblemOpt,
    track: Optional[str] = TrackOpt,
    out: Path = typer.Option(Path("autograder.zip"), "--out", "-o", help="The zip to write. 输出的 zip 文件。"),
    wheel: Optional[Path] = typer.Option(None, "--wheel", help="Bundle this sftkl wheel or sdist (default: rebuild one from the running install, or build one from its checkout). 打包指定的 sftkl wheel(默认由当前安装重建)。"),
    pip_spec: Optional[str] = typer.Option(None, "--pip", help="Install sftkl with `pip install SPEC` instead of bundling it (online). 改用 pip 安装 sftkl(需联网)。"),
    wheelhouse: Optional[Path] = typer.Option(None, "--wheelhouse", help="Bundle every wheel in DIR (sftkl, torch, ...) for an offline setup.sh. 打包目录中的全部 wheel,离线安装。"),
    seed: Optional[int] = typer.Option(None, "--seed", help="Grade every submission with this seed (default: a new one each time). 固定种子。"),
    allow_unsandboxed: bool = typer.Option(False, "--allow-unsandboxed", help="Let run_autograder grade where the bubblewrap sandbox is not available. 允许在没有沙箱时评测。"),
    visibility: str = VisibilityOpt,
    leaderboard: bool = LeaderboardOpt,
    lang: Optional[str] = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Build a Gradescope autograder zip (setup.sh, run_autograder). 生成 Gradescope 自动评分包。"""
    from sftkl.classroom.autograder import gradescope_bundle

    lang = _lang(lang)
    bundle = gradescope_bundle(problem, track, out, wheel=wheel, pip_spec=pip_spec, wheelhouse=wheelhouse, seed=seed, lang=lang,
                               allow_unsandboxed=allow_unsandboxed, visibility=visibility, leaderboard=leaderboard)
    if as_json:
        from sftkl.cli.render import print_json

        print_json({"path": bundle.path, "files": list(bundle.files), "install": bundle.install,
                    "wheel_from": bundle.wheel_from})
        return
    from rich.text import Text

    console = _console()
    wheels = [f for f in bundle.files if f.startswith("wheels/")]
    shown = [f for f in bundle.files if not f.startswith("wheels/")] + ([f"wheels/ ({len(wheels)})"] if wheels else [])
    console.print(Text(t(lang, "ui.ag_wrote_bundle", path=bundle.path, files=", ".join(shown)), style="bold green"))
    console.print(Text(t(lang, f"ui.ag_install_{bundle.install}")))


@autograder_app.command("github")
@_errors
def autograder_github(
    problem: str = ProblemOpt,
    track: Optional[str] = TrackOpt,
    file: Optional[str] = typer.Option(None, "--file", help="The student's file in the repository (default: the stub's name). 学生仓库中的答案文件。"),
    pip_spec: Optional[str] = typer.Option(None, "--pip", help="Install sftkl with `pip install SPEC` from an index (a requirement or git URL) instead of the committed wheel. 改为从软件源安装 SPEC。"),
    wheel: Optional[Path] = typer.Option(None, "--wheel", help="Commit this sftkl wheel (default: rebuild one from the running install). 提交指定的 sftkl wheel。"),
    points: int = typer.Option(10, "--points", help="Points of the assignment (all or nothing). 作业分值。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="The assignment repository: writes .github/workflows/classroom.yml and the wheel it installs (.sftkl/) there. 作业仓库目录:写入工作流及其安装的 wheel。"),
    lang: Optional[str] = LangOpt,
) -> None:
    """Write a GitHub Classroom workflow that grades with sftkl (JUnit report), with sftkl's wheel. 生成 GitHub Classroom 工作流。"""
    from sftkl.classroom.github import github_workflow, write_github
    from sftkl.graders.errors import UsageError

    lang = _lang(lang)
    if points < 1:
        raise UsageError("err.ag_bad_points", points=points)
    if out is None:
        if pip_spec is None:  # a printed workflow would install a wheel nobody committed
            raise UsageError("err.ag_github_needs_out")
        if wheel is not None:
            raise UsageError("err.ag_github_options")
        typer.echo(github_workflow(problem, track, file=file, pip_spec=pip_spec, points=points), nl=False)
        return
    wrote = write_github(problem, track, out, file=file, pip_spec=pip_spec, wheel=wheel, points=points)
    if wrote.wheel is None:
        typer.echo(t(lang, "ui.ag_wrote_workflow", path=wrote.workflow))
    else:
        typer.echo(t(lang, "ui.ag_wrote_workflow_wheel", path=wrote.workflow, wheel=wrote.wheel))


@autograder_app.command("run")
@_errors
def autograder_run(
    problem: str = ProblemOpt,
    track: Optional[str] = TrackOpt,
    submission: Path = typer.Option(Path("/autograder/submission"), "--submission", help="The folder holding the student's file. 学生提交所在目录。"),
    results: Path = typer.Option(Path("/autograder/results/results.json"), "--results", help="Where Gradescope's results.json goes. 结果文件。"),
    seed: Optional[int] = SeedOpt,
    allow_unsandboxed: bool = AllowUnsandboxedOpt,
    visibility: str = VisibilityOpt,
    leaderboard: bool = LeaderboardOpt,
    lang: Optional[str] = LangOpt,
) -> None:
    """Grade one Gradescope submission (what the bundle's run_autograder calls). 评测一次 Gradescope 提交。"""
    from sftkl.classroom.autograder import check_visibility, run_gradescope
    from sftkl.graders.errors import UsageError

    lang = _lang(lang)
    if seed is not None and not 0 <= seed < 2**63:
        raise UsageError("err.bad_seed", seed=seed)
    check_visibility(visibility)
    require_sandbox(allow_unsandboxed)
    doc = run_gradescope(problem, track, submission, results, seed=seed, lang=lang, visibility=visibility,
                         leaderboard=leaderboard)
    possible = sum(x["max_score"] for x in doc["tests"])
    typer.echo(t(lang, "ui.ag_run_done", score=f"{doc['score']:g}", possible=f"{possible:g}", path=str(results)))
