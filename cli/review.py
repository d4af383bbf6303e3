"""`sftkl review`: the re-drills your mistakes, hints and reveals scheduled (practice/review.py).

`sftkl review` lists what is due, `sftkl review --next` opens the most overdue one the
way `sftkl practice` does (the stub is written only if the file is missing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sftkl.cli import screen
from sftkl.cli.common import JsonOpt, LangOpt, console as _console, handles_errors, json_out as _json, lang as _lang
from sftkl.graders.texts import t

# the commands `register` adds (the console script registers only what it runs)
COMMANDS = ("review",)


def _day(at: float) -> str:
    import time

    return time.strftime("%Y-%m-%d", time.localtime(at))


def why_text(item, lang: str) -> str:
    """Why the item is in the queue, in one line: "you made `softmax-overflow` on 2026-11-29"."""
    why = item.why
    day = _day(why.at)
    if why.mistakes:
        mistakes = ", ".join(f"`{m}`" for m in why.mistakes)
        key = "ui.review_why_reveal_mistake" if why.reason == "reveal" else "ui.review_why_mistake"
        return t(lang, key, mistakes=mistakes, date=day)
    if why.reason in ("reveal", "hint", "failed"):
        return t(lang, f"ui.review_why_{why.reason}", hints=why.hints, date=day)
    return t(lang, "ui.review_why_clean", date=day)


def _item_dict(item, lang: str) -> dict:
    return {
        "problem": item.problem,
        "track": item.track,
        "due": screen.iso(item.due),
        "last_review": screen.iso(item.last_review),
        "rating": item.rating,
        "reviews": item.reviews,
        "why": {"reason": item.why.reason, "mistakes": list(item.why.mistakes), "hints": item.why.hints,
                "at": screen.iso(item.why.at)},
        "message": why_text(item, lang),
    }


def _load(now: float):
    from sftkl.graders.catalog import catalog
    from sftkl.practice import progress, review

    known = {(p.id, tr) for p in catalog().values() for tr in p.tracks}
    if not progress.db_path().exists():
        return review.Queue(now, (), ())
    with progress.database() as conn:
        return review.queue(conn, now, known)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the sftkl app."""

    @app.command("review")
    @handles_errors
    def review_cmd(
        next_: bool = typer.Option(False, "--next", help="Open the most overdue item: writes its stub if the file is missing. 打开最该复习的题目。"),
        directory: Path = typer.Option(Path("."), "--dir", "-d", help="With --next: where the file is or goes (default: here). 与 --next 同用:文件所在目录。"),
        lang: Optional[str] = LangOpt,
        as_json: bool = JsonOpt,
    ) -> None:
        """What your mistakes, hints and reveals scheduled for review (FSRS). 按你的错误安排的复习队列。"""
        from sftkl.practice.clock import now

        lang = _lang(lang)
        queue = _load(now())
        opened = _open(queue.due[0], directory) if next_ and queue.due else None
        if as_json:
            _json({
                "now": screen.iso(queue.now),
                "due": [_item_dict(i, lang) for i in queue.due],
                "upcoming": [_item_dict(i, lang) for i in queue.upcoming],
                "not_yet_due": len(queue.upcoming),
                "next_due": screen.iso(queue.next_due),
                "opened": opened,
            })
            return
        if next_:
            _print_opened(queue, opened, directory, lang)
        else:
            _print_queue(queue, lang)


def _open(item, directory: Path) -> dict:
    from sftkl.graders.catalog import get_problem
    from sftkl.practice.workspace import open_stub

    prob = get_problem(item.problem)
    trk = prob.track(item.track)
    from sftkl.graders.header import read_header

    path, written = open_stub(prob, trk, directory)
    named = read_header(path)
    return {"problem": prob.id, "track": trk.name, "path": str(path), "written": written,
            "file_track": named[1] if named[0] == prob.id else None}


def _print_queue(queue, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    if queue.due:
        table = Table(title=t(lang, "ui.review_title"), box=None, pad_edge=False, padding=(0, 1),
                      header_style="bold underline")
        for col in ("problem", "track", "why", "due"):
            table.add_column(t(lang, f"ui.review_col_{col}"), no_wrap=col != "why")
        for item in queue.due:
            table.add_row(item.problem, item.track, why_text(item, lang), _day(item.due))
        console.print(table)
    else:
        console.print(Text(t(lang, "ui.review_empty" if queue.upcoming else "ui.review_none")))
    if queue.upcoming:
        console.print(Text(t(lang, "ui.review_upcoming", count=len(queue.upcoming), date=_day(queue.next_due)),
                           style="dim"))
    if queue.due:
        console.print(Text(t(lang, "ui.review_next_hint")))


def _print_opened(queue, opened: dict | None, directory: Path, lang: str) -> None:
    from rich.text import Text

    console = _console()
    if opened is None:  # nothing due: what the plain queue says then
        _print_queue(queue, lang)
        return
    from sftkl.cli.render import render_markdown
    from sftkl.graders.catalog import get_problem

    item = queue.due[0]
    prob = get_problem(opened["problem"])
    trk = prob.track(opened["track"])
    path = Path(opened["path"])
    shown = str(path) if directory != Path(".") else path.name
    grade_args = "" if directory == Path(".") else f" {shown}"
    render_markdown(console, prob.statement(lang, trk.name))
    other = opened["file_track"] not in (None, trk.name)  # the learner's file holds the other track
    if opened["written"]:
        console.print(Text(t(lang, "ui.practice_wrote", path=shown, problem=prob.id, track=trk.name), style="bold green"))
    elif not other:
        console.print(Text(t(lang, "ui.review_kept", path=shown, problem=prob.id, track=trk.name), style="bold"))
    console.print(Text(t(lang, "ui.review_redrill", problem=prob.id, track=trk.name, why=why_text(item, lang)),
                       style="bold yellow"))
    if other:
        console.print(Text(t(lang, "ui.review_kept_other_track", path=shown, file_track=opened["file_track"],
                             track=trk.name), style="bold"))
    else:
        console.print(Text(t(lang, "ui.practice_next", function=", ".join(trk.functions), path=shown,
                             grade_args=grade_args)))
