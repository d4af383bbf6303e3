"""Commands of the practice loop (registered on the main app by cli/main.py).

progress, reset, hint, solution, watch, and the timed mock interview (`sftkl mock`
and its start/status/finish/resume/history subcommands). Each command parses its
options, calls one function of the core (graders/progress, hints, reset, watch,
mock) and renders the frozen result with rich, or as one JSON object with --json.
numpy and torch are imported only by the commands that grade.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, List, Optional

import typer

from sftkl.graders.errors import SftklError, UsageError
from sftkl.graders.texts import t

SCREEN_TICK_S = 0.25


# ---------------------------------------------------------------------------
# Small helpers


def _when(at: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at)) if at else "-"


def _iso(at: float | None) -> str | None:
    from datetime import datetime

    return datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds") if at else None


def _clock(seconds: float) -> str:
    s = int(max(0.0, seconds) + 0.999)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _json(data: Any) -> None:
    from sftkl.cli.render import print_json

    print_json(data)


class _Keys:
    """Single key presses from the terminal (cbreak mode, restored on exit); none without a terminal."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self._old = None
        self._windows = False

    def __enter__(self) -> "_Keys":
        if not sys.stdin.isatty():
            return self
        if os.name == "nt":
            self._windows = True
            return self
        import termios
        import tty

        self.fd = sys.stdin.fileno()
        self._old = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)  # keeps ISIG: Ctrl-C still interrupts
        return self

    @property
    def interactive(self) -> bool:
        return self.fd is not None or self._windows

    def read(self, timeout: float) -> str | None:
        if self._windows:
            import msvcrt

            end = time.monotonic() + timeout
            while time.monotonic() < end:
                if msvcrt.kbhit():
                    return msvcrt.getwch().lower()
                time.sleep(0.02)
            return None
        if self.fd is None:
            time.sleep(timeout)
            return None
        import select

        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 64).decode("utf-8", "ignore")
        if not data or data.startswith("\x1b"):  # arrows and other escape sequences
            return None
        return data[0].lower()

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._old)


def _hint_renderable(reveal, lang: str):
    from rich.console import Group
    from rich.text import Text

    lines = []
    for i, h in enumerate(reveal.hints, 1):
        newest = i == reveal.level
        lines.append(Text(t(lang, "ui.hint_line", level=i, total=reveal.total, text=h[lang]),
                          style="bold" if newest and reveal.new else "dim" if not newest else ""))
    if reveal.session:
        lines.append(Text(t(lang, "ui.hint_costs", session=reveal.session, cost=int(_hint_cost())), style="yellow"))
    if not reveal.new:
        lines.append(Text(t(lang, "ui.hint_none_left", total=reveal.total, problem=reveal.problem), style="yellow"))
    return Group(*lines)


def _hint_cost() -> float:
    from sftkl.graders.mock import HINT_COST

    return HINT_COST


def _compact_report(report, lang: str, max_rows: int = 8):
    """A short view of a grade for the live screens: summary, failing cases, likely mistakes."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from sftkl.cli.render import STATUS_STYLE

    parts: list[Any] = []
    ep, et = report.count("edge")
    cp, ct = report.count("random")
    key = "ui.summary_pass" if report.verdict == "pass" else "ui.summary_fail"
    parts.append(Text(t(lang, key, passed=report.passed, total=report.total, core_passed=cp, core_total=ct,
                        edge_passed=ep, edge_total=et, duration=report.duration_s),
                      style="bold green" if report.verdict == "pass" else "bold red"))
    if report.error is not None:
        parts.append(Text(report.error.render(lang), style="red"))
    failing = [c for c in report.cases if not c.passed]
    if failing and report.error is None:
        table = Table(show_header=True, expand=False, box=None, padding=(0, 1))
        table.add_column(t(lang, "ui.col_case"))
        table.add_column(t(lang, "ui.col_status"), no_wrap=True)
        table.add_column(t(lang, "ui.col_message"))
        for c in failing[:max_rows]:
            table.add_row(c.id, Text(c.status, style=STATUS_STYLE.get(c.status, "")),
                          c.message.render(lang) if c.message else "")
        if len(failing) > max_rows:
            table.add_row(t(lang, "ui.more_failing", count=len(failing) - max_rows), "", "")
        parts.append(table)
    for d in report.diagnoses:
        parts.append(Text(t(lang, "ui.diagnosis", title=d.title[lang]) + f" [{d.id}]", style="yellow"))
        parts.append(Text("  " + t(lang, "ui.fix", fix=d.fix[lang]), style="cyan"))
    return Group(*parts)


# ---------------------------------------------------------------------------
# Mock rendering


def _study_dict(item, lang: str) -> dict[str, Any]:
    from sftkl.graders.mock import mistake_texts, statement_section

    texts = mistake_texts(item.problem, item.mistake) if item.mistake else None
    return {
        "problem": item.problem,
        "track": item.track,
        "mistake": item.mistake,
        "cases": list(item.cases),
        "fixed": item.fixed,
        "title": texts["title"][lang] if texts else None,
        "fix": texts["fix"][lang] if texts else None,
        "section": statement_section(item.problem, item.track, item.mistake, lang),
    }


def _mistake_dict(problem: str, track: str, mid: str, lang: str) -> dict[str, Any]:
    from sftkl.graders.mock import mistake_texts, statement_section

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
        "started": _iso(report.started),
        "deadline": _iso(report.deadline),
        "finished": _iso(report.finished),
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
        first = _clock(p.first_pass_s) if p.first_pass_s is not None else "-"
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
            console.print(Text(t(lang, "ui.mock_late_edit", problem=p.problem, at=_when_s(p.version_at)), style="yellow"))
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


def _when_s(at: float | None) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at)) if at else "-"


def _status_dict(st) -> dict[str, Any]:
    s = st.session
    return {
        "session": s.id,
        "phase": st.phase,
        "remaining_s": round(st.remaining_s, 1),
        "started": _iso(s.started),
        "deadline": _iso(s.deadline),
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
        clock = Text(t(lang, "ui.mock_time_left", clock=_clock(left)),
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
        parts.append(Text(t(lang, "ui.mock_keys", count=len(st.problems), cost=int(_hint_cost())), style="dim"))
    elif st.phase == "finished":
        parts.append(Text(t(lang, "ui.mock_finished_next", session=s.id), style="dim"))
    else:
        parts.append(Text(t(lang, "ui.mock_scripted", session=s.id), style="dim"))
    return Panel(Group(*parts), title=t(lang, "ui.mock_title", session=s.id), border_style="cyan")


def _mock_screen(session_id: str, lang: str) -> None:
    """The live session screen: countdown, problems, grade / hint / finish / leave keys."""
    from rich.live import Live
    from rich.text import Text

    from sftkl.graders import mock

    console = _console()
    selected, message, confirm = 0, None, False
    st = mock.status(session_id)
    if st.phase == "finished":
        _render_mock_report(console, mock.stored_report(st.session.id), lang)
        return
    from sftkl.graders.runner import keep_warm

    # grades on this screen fork from resident servers: numpy/torch are imported once
    with keep_warm(tuple(sorted({p.track for p in st.problems}))):
        last_status = time.monotonic()
        try:
            with _Keys() as keys, Live(_status_renderable(st, lang, selected, message, True), console=console,
                                       auto_refresh=False, transient=False) as live:
                while True:
                    mock.tick(st.session)
                    if time.monotonic() - last_status >= 1.0:
                        st, last_status = mock.status(session_id), time.monotonic()
                    if st.phase == "finished":  # `sftkl mock finish` ran in another terminal
                        live.stop()
                        _render_mock_report(console, mock.stored_report(st.session.id), lang)
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
                            message = _compact_report(report, lang, max_rows=5)
                        except SftklError as err:
                            message = Text(err.render(lang), style="red")
                        st, last_status = mock.status(session_id), time.monotonic()
                    elif key == "h":
                        try:
                            message = _hint_renderable(mock.hint(session_id, selected), lang)
                        except SftklError as err:
                            message = Text(err.render(lang), style="red")
                        st, last_status = mock.status(session_id), time.monotonic()
        except KeyboardInterrupt:
            console.print(Text(t(lang, "ui.mock_left", session=session_id), style="bold"))
            raise typer.Exit(130) from None
        console.print(Text(t(lang, "ui.mock_grading_all"), style="bold"))
        report = mock.finish(session_id)
        _render_mock_report(console, report, lang)


def _console():
    from sftkl.cli.main import _console as make

    return make()


# ---------------------------------------------------------------------------
# Watch


def _watch_screen(file: Path, problem: str | None, track: str | None, seed: int | None, lang: str) -> None:
    from rich.console import Group
    from rich.live import Live
    from rich.text import Text

    from sftkl.graders import watch
    from sftkl.graders.attempts import grade_file
    from sftkl.graders.engine import new_seed, resolve
    from sftkl.graders.hints import next_hint
    from sftkl.graders.progress import record_grade

    path, prob, trk = resolve(file, problem, track)
    seed = new_seed() if seed is None else seed
    m = watch.mode()
    poller = watch.Poller(path)
    console = _console()
    header = Text(t(lang, "ui.watch_header", file=str(file), problem=prob.id, track=trk.name, seed=seed), style="bold")
    notice = Text(t(lang, "ui.watch_mode_polling", interval=m.interval_s), style="dim")

    def view(body, extra=None, keys=True):
        footer = Text(t(lang, "ui.watch_keys" if keys else "ui.watch_keys_none"), style="dim")
        return Group(*(x for x in (header, notice, body, extra, footer) if x is not None))

    def run_grade(live, extra, keys):
        live.update(view(Text(t(lang, "ui.grading", file=path.name), style="yellow"), extra, keys), refresh=True)
        report = grade_file(path, problem=prob.id, track=trk.name, seed=seed)
        record_grade(report)
        return _compact_report(report, lang)

    from sftkl.graders.runner import keep_warm

    extra = None
    # regrades fork from a resident server with numpy/torch imported: only the first grade pays for imports
    with keep_warm((trk.name,)), _Keys() as keys, Live(view(Text(""), None, keys.interactive), console=console,
                                                      auto_refresh=False, transient=False) as live:
        try:
            body = run_grade(live, extra, keys.interactive)
            live.update(view(body, extra, keys.interactive), refresh=True)
            while True:
                key = keys.read(m.interval_s)
                if key == "q":
                    break
                if key == "h":
                    extra = _hint_renderable(next_hint(prob.id, trk.name), lang)
                    live.update(view(body, extra, keys.interactive), refresh=True)
                if key == "g" or poller.changed():
                    body = run_grade(live, extra, keys.interactive)
                    live.update(view(body, extra, keys.interactive), refresh=True)
        except KeyboardInterrupt:
            pass
    console.print(Text(t(lang, "ui.watch_stopped"), style="dim"))


# ---------------------------------------------------------------------------
# Registration


# the commands `register` adds (the console script registers only what it runs)
COMMANDS = ("progress", "reset", "hint", "solution", "watch", "mock")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the sftkl app."""
    from sftkl.cli.main import JsonOpt, LangOpt, TrackOpt, _lang, handles_errors, submission_file

    ProblemArg = typer.Argument(..., help="Problem id, e.g. softmax. 题目编号。")

    @app.command("progress")
    @handles_errors
    def progress_cmd(lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Your progress per problem and track: solved, attempts, best, last, hints. 查看练习进度。"""
        from sftkl.graders.progress import progress

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
                        "last_attempt": _iso(r.last_at),
                        "last_verdict": r.last_verdict,
                        "hints": r.hints,
                        "hints_total": r.hints_total,
                        "solution_seen": r.solution_seen,
                    }
                    for r in prog.rows
                ],
                "mocks": {"sessions": prog.mocks.sessions, "best_score": prog.mocks.best_score,
                          "running": prog.mocks.running},
            })
            return
        from rich.table import Table
        from rich.text import Text

        table = Table(title=t(lang, "ui.progress_title"), box=None, pad_edge=False, padding=(0, 1),
                      header_style="bold underline")
        for col in ("problem", "track", "solved", "attempts", "best", "last", "hints", "solution"):
            table.add_column(t(lang, f"ui.progress_col_{col}"), no_wrap=True)
        for r in prog.rows:
            best = f"{r.best_passed}/{r.best_total}" if r.best_passed is not None else "-"
            last = time.strftime("%m-%d %H:%M", time.localtime(r.last_at)) if r.last_at else "-"
            table.add_row(r.problem, r.track, Text("✓", style="green") if r.solved else Text("-", style="dim"),
                          str(r.attempts), best, last, f"{r.hints}/{r.hints_total}", "✓" if r.solution_seen else "-")
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
        from sftkl.graders import reset

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
        from sftkl.graders.hints import next_hint

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
                "cost": _hint_cost() if reveal.session and reveal.new else 0,
            })
            return
        _console().print(_hint_renderable(reveal, lang))

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
        from sftkl.graders.hints import solution

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
        from sftkl.graders import mock

        return mock.start(minutes=minutes, problems=list(problems or ()), count=count, track=track,
                          difficulty=difficulty, seed=seed, directory=directory)

    def _print_started(session, lang: str, as_json: bool) -> None:
        if as_json:
            _json({
                "session": session.id,
                "dir": session.dir,
                "minutes": round(session.minutes, 2),
                "started": _iso(session.started),
                "deadline": _iso(session.deadline),
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
        _print_started(session, lang, as_json)
        if not as_json:
            typer.echo(t(lang, "ui.mock_no_terminal", session=session.id))

    @mock_app.command("status")
    @handles_errors
    def mock_status(session: Optional[str] = IdArg, lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Time left and each problem's attempts, hints and best result. 查看会话状态。"""
        from sftkl.graders import mock

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
        from sftkl.graders import mock

        lang = _lang(lang)
        report = mock.finish(session)
        if as_json:
            _json(_mock_report_dict(report, lang))
            return
        _render_mock_report(_console(), report, lang)

    @mock_app.command("resume")
    @handles_errors
    def mock_resume(session: Optional[str] = IdArg, lang: Optional[str] = LangOpt) -> None:
        """Reopen the live screen of a running session (after the terminal closed). 恢复会话界面。"""
        from sftkl.graders import mock

        lang = _lang(lang)
        s = mock.load(session)
        if not sys.stdin.isatty():
            raise UsageError("err.mock_needs_terminal", session=s.id)
        _mock_screen(s.id, lang)

    @mock_app.command("history")
    @handles_errors
    def mock_history(lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """List past mock sessions with their scores. 历史模拟面试。"""
        from sftkl.graders import mock

        lang = _lang(lang)
        rows = mock.history()
        if as_json:
            _json({"sessions": [
                {"session": r.id, "started": _iso(r.started), "minutes": round(r.minutes, 2), "phase": r.phase,
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
            table.add_row(r.id, _when(r.started), f"{r.minutes:g}", ", ".join(r.problems),
                          t(lang, f"ui.mock_phase_{r.phase.replace('-', '_')}"),
                          "-" if r.score is None else f"{r.score:g}")
        console.print(table)
