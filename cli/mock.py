"""Commands of the timed mock interview: `sftkl mock` (the live screen), start, status, finish, resume, history.

One cohesive thing, over 400 lines: the mock interview as the learner sees it, its
commands, its live screen and its report, rendered for people and as JSON.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, List, Optional

import typer

from sftkl.cli import screen
from sftkl.cli.base import warn_if_basic
from sftkl.cli.common import JsonOpt, LangOpt, TrackOpt, console as _console, handles_errors, json_out as _json, lang as _lang
from sftkl.graders.errors import SftklError, UsageError
from sftkl.graders.texts import t
from sftkl.practice import texts as _practice_texts  # noqa: F401 - the mock's errors are raised before any practice import

SCREEN_TICK_S = 0.25
# the commands `register` adds (the console script registers only what it runs)
COMMANDS = ("mock",)


def _study_dict(item, lang: str) -> dict[str, Any]:
    from sftkl.graders.catalog import get_problem
    from sftkl.practice.mock_report import mistake_texts, statement_section, study_command

    texts = mistake_texts(item.problem, item.mistake) if item.mistake else None
    elsewhere = None
    if item.study:  # the mistake is best learned in another problem
        elsewhere = {"problem": item.study, "title": get_problem(item.study).title[lang],
                     "command": study_command(item.study, item.track)}
    return {
        "problem": item.problem,
        "track": item.track,
        "mistake": item.mistake,
        "cases": list(item.cases),
        "fixed": item.fixed,
        "title": texts["title"][lang] if texts else None,
        "fix": texts["fix"][lang] if texts else None,
        "section": statement_section(item.problem, item.track, item.mistake, lang),
        "study": elsewhere,
    }


def _mistake_dict(problem: str, track: str, mid: str, lang: str) -> dict[str, Any]:
    from sftkl.practice.mock_report import mistake_texts, statement_section

    texts = mistake_texts(problem, mid)
    return {
        "id": mid,
        "title": texts["title"][lang] if texts else mid,
        "fix": texts["fix"][lang] if texts else "",
        "section": statement_section(problem, track, mid, lang),
    }


def _mock_report_dict(report, lang: str) -> dict[str, Any]:
    problems = []
    for p in report.problems:
        problems.append({
            "problem": p.problem,
            "track": p.track,
            "passed": p.passed,
            "total": p.total,
            "core": {"passed": p.core_passed, "total": p.core_total},
            "edge": {"passed": p.edge_passed, "total": p.edge_total},
            "case_score": p.case_score,
            "hints": p.hints,
            "hint_penalty": p.hint_penalty,
            "revealed": p.revealed,
            "score": p.score,
            "attempts": p.attempts,
            "first_pass_s": None if p.first_pass_s is None else round(p.first_pass_s, 1),
            "diagnoses": [_mistake_dict(p.problem, p.track, m, lang) for m in p.diagnoses],
            "earlier_mistakes": [_mistake_dict(p.problem, p.track, m, lang) for m in p.earlier_mistakes],
            "failed_edge": list(p.failed_edge),
            "error": p.error.render(lang) if p.error else None,
            "late_edit": p.late_edit,
            "file": p.file,
        })
    return {
        "session": report.session,
        "score": report.score,
        "minutes": round(report.minutes, 2),
        "started": screen.iso(report.started),
        "deadline": screen.iso(report.deadline),
        "finished": screen.iso(report.finished),
        "ended_early": report.ended_early,
        "seed": report.seed,
        "dir": report.dir,
        "problems": problems,
        "study": [_study_dict(s, lang) for s in report.study],
    }


def _render_mock_report(console, report, lang: str) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    data = _mock_report_dict(report, lang)
    console.print(Text(t(lang, "ui.mock_report_title", session=report.session, minutes=f"{report.minutes:g}",
                         score=f"{report.score:g}"), style="bold"))
    table = Table(expand=False, box=None, pad_edge=False, padding=(0, 1), header_style="bold underline")
    for col in ("problem", "score", "cases", "core", "edge", "first_pass", "attempts", "hints", "mistakes"):
        table.add_column(t(lang, f"ui.mock_col_{col}"), no_wrap=col == "problem",
                         overflow="fold" if col == "mistakes" else "ellipsis")
    for p, d in zip(report.problems, data["problems"]):
        first = screen.clock(p.first_pass_s) if p.first_pass_s is not None else "-"
        hints = str(p.hints) + (f" (-{p.hint_penalty:g})" if p.hint_penalty else "")
        style = "green" if p.total and p.passed == p.total else "red"
        table.add_row(
            f"{p.problem}/{p.track}",
            Text(f"{p.score:g}", style="bold"),
            Text(f"{p.passed}/{p.total}", style=style),
            f"{p.core_passed}/{p.core_total}",
            f"{p.edge_passed}/{p.edge_total}",
            first,
            str(p.attempts),
            hints,
            ", ".join(m["id"] for m in d["diagnoses"]) or "-",
        )
    console.print(table)
    for p, d in zip(report.problems, data["problems"]):
        if d["error"]:
            console.print(Text(t(lang, "ui.mock_problem_error", problem=p.problem, error=d["error"]), style="red"))
        if p.late_edit:
            console.print(Text(t(lang, "ui.mock_late_edit", problem=p.problem, at=screen.when_s(p.version_at)), style="yellow"))
        if p.revealed:
            console.print(Text(t(lang, "ui.mock_revealed", problem=p.problem), style="yellow"))
    if report.study:
        lines = []
        for s in data["study"]:
            section = s["section"] or "-"
            if s["mistake"]:
                key = "ui.mock_study_fixed" if s["fixed"] else "ui.mock_study_mistake"
                lines.append(Text(t(lang, key, problem=s["problem"], track=s["track"], title=s["title"],
                                    mistake=s["mistake"], section=section)))
                if not s["fixed"]:
                    lines.append(Text("   " + t(lang, "ui.fix", fix=s["fix"]), style="cyan"))
                if s["study"]:
                    lines.append(Text("   " + t(lang, "ui.mock_study_elsewhere", **s["study"]), style="magenta"))
            elif s["cases"]:
                shown = ", ".join(s["cases"][:4]) + (f" (+{len(s['cases']) - 4})" if len(s["cases"]) > 4 else "")
                lines.append(Text(t(lang, "ui.mock_study_cases", problem=s["problem"], track=s["track"],
                                    cases=shown, section=section)))
            else:
                lines.append(Text(t(lang, "ui.mock_study_unsolved", problem=s["problem"], track=s["track"])))
        from rich.console import Group

        console.print(Panel(Group(*lines), title=t(lang, "ui.mock_study_title"), border_style="yellow"))
    elif all(p.total and p.passed == p.total and not p.hints for p in report.problems):
        console.print(Text(t(lang, "ui.mock_study_nothing"), style="green"))
    console.print(Text(t(lang, "ui.mock_report_next"), style="dim"))


def _status_dict(st) -> dict[str, Any]:
    s = st.session
    return {
        "session": s.id,
        "phase": st.phase,
        "remaining_s": round(st.remaining_s, 1),
        "started": screen.iso(s.started),
        "deadline": screen.iso(s.deadline),
        "minutes": round(s.minutes, 2),
        "seed": s.seed,
        "dir": s.dir,
        "problems": [
            {
                "problem": p.problem,
                "track": p.track,
                "path": p.path,
                "attempts": p.attempts,
                "hints": p.hints,
                "best": None if p.best_passed is None else {"passed": p.best_passed, "total": p.best_total},
                "last_verdict": p.last_verdict,
                "solved": p.solved,
            }
            for p in st.problems
        ],
    }


def _status_renderable(st, lang: str, selected: int | None = None, message=None, keys: bool = False):
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    s = st.session
    if st.phase == "running":
        left = st.remaining_s
        clock = Text(t(lang, "ui.mock_time_left", clock=screen.clock(left)),
                     style="bold red" if left < 300 else "bold yellow" if left < 900 else "bold green")
    elif st.phase == "time-up":
        clock = Text(t(lang, "ui.mock_phase_time_up"), style="bold red")
    else:
        clock = Text(t(lang, "ui.mock_phase_finished"), style="bold")
    table = Table(expand=False, box=None, pad_edge=False, padding=(0, 1), header_style="bold underline")
    for col in ("n", "problem", "file", "attempts", "hints", "best", "state"):
        table.add_column(t(lang, f"ui.mock_col_{col}"), no_wrap=col in ("n", "problem", "file"))
    for i, p in enumerate(st.problems):
        mark = "›" if selected == i else " "
        if p.solved:
            state = Text(t(lang, "ui.mock_state_passed"), style="green")
        elif p.attempts:
            state = Text(t(lang, "ui.mock_state_failing"), style="red")
        else:
            state = Text(t(lang, "ui.mock_state_not_graded"), style="dim")
        best = f"{p.best_passed}/{p.best_total}" if p.best_passed is not None else "-"
        table.add_row(f"{mark}{i + 1}", f"{p.problem}/{p.track}", Path(p.path).name, str(p.attempts), str(p.hints), best, state,
                      style="bold" if selected == i else "")
    parts: list[Any] = [clock, Text(t(lang, "ui.mock_folder", dir=s.dir), style="dim"), table]
    if message is not None:
        parts.append(message)
    if keys:
        parts.append(Text(t(lang, "ui.mock_keys", count=len(st.problems), cost=int(screen.hint_cost())), style="dim"))
    elif st.phase == "finished":
        parts.append(Text(t(lang, "ui.mock_finished_next", session=s.id), style="dim"))
    else:
        parts.append(Text(t(lang, "ui.mock_scripted", session=s.id), style="dim"))
    return Panel(Group(*parts), title=t(lang, "ui.mock_title", session=s.id), border_style="cyan")


def _mock_screen(session_id: str, lang: str) -> None:
    """The live session screen: countdown, problems, grade / hint / finish / leave keys."""
    from rich.live import Live
    from rich.text import Text

    from sftkl.practice import mock, mock_report

    console = _console()
    selected, message, confirm = 0, None, False
    st = mock.status(session_id)
    if st.phase == "finished":
        _render_mock_report(console, mock_report.stored_report(st.session.id), lang)
        return
    from sftkl.sandbox.pool import keep_warm

    warn_if_basic(lang)
    # grades on this screen fork from resident servers: numpy/torch are imported once
    with keep_warm(tuple(sorted({p.track for p in st.problems}))):
        last_status = time.monotonic()
        try:
            with screen.Keys() as keys, Live(_status_renderable(st, lang, selected, message, True), console=console,
                                       auto_refresh=False, transient=False) as live:
                while True:
                    mock.tick(st.session)
                    if time.monotonic() - last_status >= 1.0:
                        st, last_status = mock.status(session_id), time.monotonic()
                    if st.phase == "finished":  # `sftkl mock finish` ran in another terminal
                        live.stop()
                        _render_mock_report(console, mock_report.stored_report(st.session.id), lang)
                        return
                    remaining = st.session.deadline - time.time()
                    if remaining <= 0:
                        st = mock.status(session_id)  # freezes the files
                        live.update(_status_renderable(st, lang, selected, Text(t(lang, "ui.mock_time_up"), style="bold red"), True), refresh=True)
                        break
                    st = mock.MockStatus(st.session, "running", remaining, st.problems)
                    live.update(_status_renderable(st, lang, selected, message, keys.interactive), refresh=True)
                    key = keys.read(SCREEN_TICK_S)
                    if key is None:
                        continue
                    if confirm:
                        confirm = False
                        if key == "y":
                            break
                        message = None
                        continue
                    if key.isdigit() and 1 <= int(key) <= len(st.problems):
                        selected, message = int(key) - 1, None
                    elif key == "q":
                        live.update(_status_renderable(st, lang, selected, None, True), refresh=True)
                        live.stop()
                        console.print(Text(t(lang, "ui.mock_left", session=st.session.id), style="bold"))
                        return
                    elif key == "f":
                        confirm = True
                        message = Text(t(lang, "ui.mock_confirm_finish"), style="bold yellow")
                    elif key == "g":
                        p = st.problems[selected]
                        live.update(_status_renderable(st, lang, selected, Text(t(lang, "ui.grading", file=Path(p.path).name), style="yellow"), True), refresh=True)
                        try:
                            report = mock.grade_problem(session_id, selected)
                            message = screen.compact_report(report, lang, max_rows=5)
                        except SftklError as err:
                            message = Text(err.render(lang), style="red")
                        st, last_status = mock.status(session_id), time.monotonic()
                    elif key == "h":
                        try:
                            message = screen.hint_renderable(mock.hint(session_id, selected), lang)
                        except SftklError as err:
                            message = Text(err.render(lang), style="red")
                        st, last_status = mock.status(session_id), time.monotonic()
        except KeyboardInterrupt:
            console.print(Text(t(lang, "ui.mock_left", session=session_id), style="bold"))
            raise typer.Exit(130) from None
        console.print(Text(t(lang, "ui.mock_grading_all"), style="bold"))
        report = mock_report.finish(session_id)
        _render_mock_report(console, report, lang)


def register(app: typer.Typer) -> None:
    """Add the mock-interview commands to the sftkl app."""
    # ---- mock -----------------------------------------------------------
    mock_app = typer.Typer(
        help="Timed mock interview: `sftkl mock` starts one with a live countdown. 限时模拟面试。",
        invoke_without_command=True,
        no_args_is_help=False,
        rich_markup_mode=None,
    )
    app.add_typer(mock_app, name="mock")

    MinutesOpt = typer.Option(45.0, "--minutes", "-m", help="Length of the session in minutes (default 45). 时长(分钟)。")
    CountOpt = typer.Option(None, "--problems", "-n", help="How many problems to pick (default 2). 题目数量。")
    ProblemOpt = typer.Option(None, "--problem", "-p", help="A problem to include (repeatable). 指定题目(可重复)。")
    DiffOpt = typer.Option(None, "--difficulty", help="Pick among easy, medium or hard problems. 难度。")
    SeedOpt = typer.Option(None, "--seed", help="Seed for picking problems and grading (default: new). 随机种子。")
    DirOpt = typer.Option(None, "--dir", "-d", help="Folder for the session's stubs (default: ./mock-ID). 模板目录。")
    IdArg = typer.Argument(None, help="Session id or a unique prefix (default: the current session). 会话编号。")

    def _start(minutes, problems, count, track, difficulty, seed, directory):
        from sftkl.practice import mock

        return mock.start(minutes=minutes, problems=list(problems or ()), count=count, track=track,
                          difficulty=difficulty, seed=seed, directory=directory)

    def _print_started(session, lang: str, as_json: bool) -> None:
        if as_json:
            _json({
                "session": session.id,
                "dir": session.dir,
                "minutes": round(session.minutes, 2),
                "started": screen.iso(session.started),
                "deadline": screen.iso(session.deadline),
                "seed": session.seed,
                "problems": [{"problem": p.problem, "track": p.track, "path": p.path} for p in session.problems],
            })
            return
        typer.echo(t(lang, "ui.mock_started", session=session.id, minutes=f"{session.minutes:g}", dir=session.dir))
        for p in session.problems:
            typer.echo(f"  {p.problem} · {p.track}: {p.path}")

    @mock_app.callback()
    @handles_errors
    def mock_main(
        ctx: typer.Context,
        minutes: float = MinutesOpt,
        count: Optional[int] = CountOpt,
        problems: Optional[List[str]] = ProblemOpt,
        track: Optional[str] = TrackOpt,
        difficulty: Optional[str] = DiffOpt,
        seed: Optional[int] = SeedOpt,
        directory: Optional[Path] = DirOpt,
        lang: Optional[str] = LangOpt,
        as_json: bool = JsonOpt,
    ) -> None:
        """Start a timed mock interview and open its live screen. 开始限时模拟面试。"""
        lang = _lang(lang)
        if ctx.invoked_subcommand is not None:
            given = (minutes != 45.0, count is not None, bool(problems), track is not None, difficulty is not None,
                     seed is not None, directory is not None, as_json)
            if any(given):
                raise UsageError("err.mock_options_first", command=ctx.invoked_subcommand)
            return
        session = _start(minutes, problems, count, track, difficulty, seed, directory)
        if as_json or not sys.stdin.isatty() or not sys.stdout.isatty():
            warn_if_basic(lang)
            _print_started(session, lang, as_json)
            if not as_json:
                typer.echo(t(lang, "ui.mock_no_terminal", session=session.id))
            return
        _print_started(session, lang, False)
        _mock_screen(session.id, lang)

    @mock_app.command("start")
    @handles_errors
    def mock_start(
        minutes: float = MinutesOpt,
        count: Optional[int] = CountOpt,
        problems: Optional[List[str]] = ProblemOpt,
        track: Optional[str] = TrackOpt,
        difficulty: Optional[str] = DiffOpt,
        seed: Optional[int] = SeedOpt,
        directory: Optional[Path] = DirOpt,
        lang: Optional[str] = LangOpt,
        as_json: bool = JsonOpt,
    ) -> None:
        """Start a session without the live screen; prints its id and stub paths. 开始会话(不打开界面)。"""
        lang = _lang(lang)
        session = _start(minutes, problems, count, track, difficulty, seed, directory)
        warn_if_basic(lang)
        _print_started(session, lang, as_json)
        if not as_json:
            typer.echo(t(lang, "ui.mock_no_terminal", session=session.id))

    @mock_app.command("status")
    @handles_errors
    def mock_status(session: Optional[str] = IdArg, lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Time left and each problem's attempts, hints and best result. 查看会话状态。"""
        from sftkl.practice import mock

        lang = _lang(lang)
        st = mock.status(session)
        if as_json:
            _json(_status_dict(st))
            return
        _console().print(_status_renderable(st, lang))

    @mock_app.command("finish")
    @handles_errors
    def mock_finish(session: Optional[str] = IdArg, lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Grade every problem as it stood at the deadline (or now) and print the report. 结束并评分。"""
        from sftkl.practice import mock_report

        lang = _lang(lang)
        report = mock_report.finish(session)
        if as_json:
            _json(_mock_report_dict(report, lang))
            return
        _render_mock_report(_console(), report, lang)

    @mock_app.command("resume")
    @handles_errors
    def mock_resume(session: Optional[str] = IdArg, lang: Optional[str] = LangOpt) -> None:
        """Reopen the live screen of a running session (after the terminal closed). 恢复会话界面。"""
        from sftkl.practice import mock

        lang = _lang(lang)
        s = mock.load(session)
        if not sys.stdin.isatty():
            raise UsageError("err.mock_needs_terminal", session=s.id)
        _mock_screen(s.id, lang)

    @mock_app.command("history")
    @handles_errors
    def mock_history(lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """List past mock sessions with their scores. 历史模拟面试。"""
        from sftkl.practice import mock

        lang = _lang(lang)
        rows = mock.history()
        if as_json:
            _json({"sessions": [
                {"session": r.id, "started": screen.iso(r.started), "minutes": round(r.minutes, 2), "phase": r.phase,
                 "score": r.score, "problems": list(r.problems), "dir": r.dir}
                for r in rows
            ]})
            return
        from rich.table import Table
        from rich.text import Text

        console = _console()
        if not rows:
            console.print(Text(t(lang, "ui.mock_history_empty")))
            return
        table = Table(title=t(lang, "ui.mock_history_title"), box=None, pad_edge=False, padding=(0, 1),
                      header_style="bold underline")
        for col in ("session", "started", "minutes", "problems", "phase", "score"):
            table.add_column(t(lang, f"ui.mock_hcol_{col}"), no_wrap=col in ("session", "started"))
        for r in rows:
            table.add_row(r.id, screen.when(r.started), f"{r.minutes:g}", ", ".join(r.problems),
                          t(lang, f"ui.mock_phase_{r.phase.replace('-', '_')}"),
                          "-" if r.score is None else f"{r.score:g}")
        console.print(table)
