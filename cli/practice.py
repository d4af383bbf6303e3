"""Commands of the practice loop: progress, reset, hint, solution, watch.

Each command parses its options, calls one function of the practice package and
renders the frozen result with rich, or as one JSON object with --json. numpy and
torch are imported only by the commands that grade.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from sftkl.cli import screen
from sftkl.cli.base import submission_file, warn_if_basic
from sftkl.cli.common import JsonOpt, LangOpt, TrackOpt, console as _console, handles_errors, json_out as _json, lang as _lang
from sftkl.graders.errors import UsageError
from sftkl.graders.files import printable
from sftkl.graders.texts import t

# the commands `register` adds (the console script registers only what it runs)
COMMANDS = ("progress", "reset", "hint", "solution", "watch")


def _watch_screen(file: Path, problem: str | None, track: str | None, seed: int | None, lang: str) -> None:
    from rich.console import Group
    from rich.live import Live
    from rich.text import Text

    from sftkl.practice import watch
    from sftkl.practice.attempts import grade_file
    from sftkl.graders.engine import new_seed, resolve
    from sftkl.practice.hints import next_hint
    from sftkl.practice.progress import record_grade

    path, prob, trk = resolve(file, problem, track)
    seed = new_seed() if seed is None else seed
    watcher = watch.Watch(path)
    console = _console()
    header = Text(t(lang, "ui.watch_header", file=printable(file), problem=prob.id, track=trk.name, seed=seed), style="bold")
    notice = Text("", style="dim")

    def describe(m) -> str:
        if m.name == "events":
            return t(lang, "ui.watch_mode_events")
        why = {"forced": t(lang, "ui.watch_why_forced"), "missing": t(lang, "ui.watch_why_missing")}.get(m.why)
        return t(lang, "ui.watch_mode_polling", interval=m.interval_s, why=why or t(lang, "ui.watch_why_failed", detail=m.why))

    def view(body, extra=None, keys=True):
        notice.plain = describe(watcher.mode)
        footer = Text(t(lang, "ui.watch_keys" if keys else "ui.watch_keys_none"), style="dim")
        return Group(*(x for x in (header, notice, body, extra, footer) if x is not None))

    def run_grade(live, extra, keys):
        live.update(view(Text(t(lang, "ui.grading", file=path.name), style="yellow"), extra, keys), refresh=True)
        report = grade_file(path, problem=prob.id, track=trk.name, seed=seed)
        body = screen.compact_report(report, lang)
        live.update(view(body, extra, keys), refresh=True)
        record_grade(report)  # after the verdict is on screen: the learner does not wait for the database
        return body

    from sftkl.sandbox.pool import keep_warm

    warn_if_basic(lang)
    extra = None
    # regrades fork from a resident server with numpy/torch imported: only the first grade pays for imports
    with keep_warm((trk.name,)), screen.Keys() as keys, Live(view(Text(""), None, keys.interactive), console=console,
                                                      auto_refresh=False, transient=False) as live:
        try:
            body = run_grade(live, extra, keys.interactive)
            while True:
                key = keys.read(watcher.mode.interval_s, watcher.fileno())
                if key == "q":
                    break
                if key == "h":
                    extra = screen.hint_renderable(next_hint(prob.id, trk.name), lang)
                    live.update(view(body, extra, keys.interactive), refresh=True)
                if key == "g" or watcher.changed():
                    body = run_grade(live, extra, keys.interactive)
        except KeyboardInterrupt:
            pass
        finally:
            watcher.close()
    console.print(Text(t(lang, "ui.watch_stopped"), style="dim"))


def _next_review(at: float | None, due_by: float):
    """The progress table's "next review" cell: its local date, highlighted when due (`sftkl review`)."""
    from rich.text import Text

    if at is None:
        return Text("-", style="dim")
    # the year only when it is not this one: the table fits 80 columns (--json has the full time)
    from sftkl.practice.clock import now

    fmt = "%m-%d" if time.localtime(at).tm_year == time.localtime(now()).tm_year else "%Y-%m-%d"
    return Text(time.strftime(fmt, time.localtime(at)), style="bold yellow" if at < due_by else "")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the sftkl app."""
    ProblemArg = typer.Argument(..., help="Problem id, e.g. softmax. 题目编号。")

    @app.command("progress")
    @handles_errors
    def progress_cmd(lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Your progress per problem and track: solved, attempts, best, last, hints, next review. 查看练习进度。"""
        from sftkl.practice.progress import progress

        lang = _lang(lang)
        prog = progress()
        if as_json:
            _json({
                "problems": [
                    {
                        "problem": r.problem,
                        "track": r.track,
                        "solved": r.solved,
                        "attempts": r.attempts,
                        "best": None if r.best_passed is None else {"passed": r.best_passed, "total": r.best_total},
                        "last_attempt": screen.iso(r.last_at),
                        "last_verdict": r.last_verdict,
                        "hints": r.hints,
                        "hints_total": r.hints_total,
                        "solution_seen": r.solution_seen,
                        "next_review": screen.iso(r.next_review),
                    }
                    for r in prog.rows
                ],
                "mocks": {"sessions": prog.mocks.sessions, "best_score": prog.mocks.best_score,
                          "running": prog.mocks.running},
            })
            return
        from rich.table import Table
        from rich.text import Text

        table = Table(title=t(lang, "ui.progress_title"), box=None, pad_edge=False, padding=(0, 1, 0, 0),
                      header_style="bold underline")
        from sftkl.practice.clock import day_end, now

        due_by = day_end(now())  # due today or earlier: highlighted
        for col in ("problem", "track", "solved", "attempts", "best", "last", "hints", "solution", "next"):
            table.add_column(t(lang, f"ui.progress_col_{col}"), no_wrap=True)
        for r in prog.rows:
            best = f"{r.best_passed}/{r.best_total}" if r.best_passed is not None else "-"
            last = time.strftime("%m-%d %H:%M", time.localtime(r.last_at)) if r.last_at else "-"
            table.add_row(r.problem, r.track, Text("✓", style="green") if r.solved else Text("-", style="dim"),
                          str(r.attempts), best, last, f"{r.hints}/{r.hints_total}", "✓" if r.solution_seen else "-",
                          _next_review(r.next_review, due_by))
        console = _console()
        console.print(table)
        mocks = prog.mocks
        if mocks.sessions:
            console.print(Text(t(lang, "ui.progress_mocks", count=mocks.sessions, best=f"{mocks.best_score:g}")))
        if mocks.running:
            console.print(Text(t(lang, "ui.progress_mock_running", session=mocks.running), style="yellow"))
        if not any(r.attempts for r in prog.rows):
            console.print(Text(t(lang, "ui.progress_empty")))

    @app.command("reset")
    @handles_errors
    def reset_cmd(
        problem: str = ProblemArg,
        track: Optional[str] = TrackOpt,
        directory: Path = typer.Option(Path("."), "--dir", "-d", help="Where the file is (default: here). 文件所在目录。"),
        yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation. 不再确认。"),
        lang: Optional[str] = LangOpt,
        as_json: bool = JsonOpt,
    ) -> None:
        """Put a problem's stub back (your file is backed up first). 恢复题目模板(先备份你的文件)。"""
        from sftkl.practice import reset

        lang = _lang(lang)
        plan = reset.plan(problem, track, directory)
        if plan.is_stub:
            if as_json:
                _json({"problem": plan.problem, "track": plan.track, "path": str(plan.path), "backup": None, "changed": False})
            else:
                typer.echo(t(lang, "ui.reset_already", path=str(plan.path)))
            return
        if plan.exists and not yes:
            if as_json or not sys.stdin.isatty():
                raise UsageError("err.reset_needs_yes", path=str(plan.path))
            if not typer.confirm(t(lang, "ui.reset_confirm", path=str(plan.path), problem=plan.problem, track=plan.track)):
                typer.echo(t(lang, "ui.reset_declined", path=str(plan.path)))
                return
        done = reset.apply(plan)
        if as_json:
            _json({"problem": done.problem, "track": done.track, "path": str(done.path),
                   "backup": str(done.backup) if done.backup else None, "changed": True})
            return
        typer.echo(t(lang, "ui.reset_done", path=str(done.path), problem=done.problem, track=done.track))
        if done.backup:
            typer.echo(t(lang, "ui.reset_backup", backup=str(done.backup)))

    @app.command("hint")
    @handles_errors
    def hint_cmd(problem: str = ProblemArg, track: Optional[str] = TrackOpt,
                 lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Reveal the next hint of a problem (gentle first, then specific). 显示下一条提示。"""
        from sftkl.practice.hints import next_hint

        lang = _lang(lang)
        reveal = next_hint(problem, track)
        if as_json:
            _json({
                "problem": reveal.problem,
                "track": reveal.track,
                "level": reveal.level,
                "total": reveal.total,
                "new": reveal.new,
                "hint": reveal.hints[-1][lang] if reveal.hints else None,
                "hints": [h[lang] for h in reveal.hints],
                "session": reveal.session,
                "cost": screen.hint_cost() if reveal.session and reveal.new else 0,
            })
            return
        _console().print(screen.hint_renderable(reveal, lang))

    @app.command("solution")
    @handles_errors
    def solution_cmd(
        problem: str = ProblemArg,
        track: Optional[str] = TrackOpt,
        force: bool = typer.Option(False, "--force", help="Show it now, before it is unlocked (recorded as a reveal). 立即查看(记录为提前查看)。"),
        lang: Optional[str] = LangOpt,
        as_json: bool = JsonOpt,
    ) -> None:
        """Show the reference solution and its explanation, once unlocked. 查看参考答案与讲解(解锁后)。"""
        from sftkl.practice.hints import solution

        lang = _lang(lang)
        sol = solution(problem, track, force=force)
        if as_json:
            _json({"problem": sol.problem, "track": sol.track, "reason": sol.reason, "session": sol.session,
                   "solution": sol.code, "explanation": sol.explanation[lang]})
            return
        from rich.syntax import Syntax
        from rich.text import Text

        from sftkl.cli.render import render_markdown

        console = _console()
        console.print(Text(t(lang, f"ui.solution_reason_{sol.reason}", problem=sol.problem, track=sol.track), style="bold"))
        console.print(Syntax(sol.code, "python", word_wrap=True, background_color="default"))
        render_markdown(console, sol.explanation[lang])
        if sol.session:
            console.print(Text(t(lang, "ui.solution_mock_zero", session=sol.session, problem=sol.problem), style="yellow"))

    @app.command("watch")
    @handles_errors
    def watch_cmd(
        file: Optional[Path] = typer.Argument(None, help="Your solution (default: the stub `practice` last wrote here). 你的答案文件。"),
        problem: Optional[str] = typer.Option(None, "--problem", "-p", help="Problem id, if the file has no sftkl header. 题目编号。"),
        track: Optional[str] = TrackOpt,
        seed: Optional[int] = typer.Option(None, "--seed", help="Seed of the random cases (default: one per watch). 随机种子。"),
        lang: Optional[str] = LangOpt,
    ) -> None:
        """Regrade your file every time you save it; h for a hint, q to quit. 保存即重新评测。"""
        lang = _lang(lang)
        _watch_screen(submission_file(file, problem, track), problem, track, seed, lang)
