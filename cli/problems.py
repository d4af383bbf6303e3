"""Commands that browse the catalog and start a problem: list, show, practice."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sftkl.cli.common import JsonOpt, LangOpt, TrackOpt, console as _console, handles_errors, lang as _lang
from sftkl.graders.texts import t


@handles_errors
def list_problems(lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
    """List the problems by topic: id, title, tracks, difficulty, solved. 按主题列出全部题目。"""
    from sftkl.graders.catalog import by_topic, catalog
    from sftkl.practice.progress import solved

    lang = _lang(lang)
    done = solved()
    groups = by_topic(catalog().values())
    rows = [
        {
            "id": p.id,
            "title": p.title[lang],
            "tracks": list(p.tracks),
            "difficulty": p.difficulty,
            "solved": [tr for tr in p.tracks if (p.id, tr) in done],
            "topic": topic,
        }
        for topic, problems in groups
        for p in problems
    ]
    if as_json:
        from sftkl.cli.render import print_json

        topics = [{"id": topic, "title": _topic_title(lang, topic), "problems": [p.id for p in problems]}
                  for topic, problems in groups]
        print_json({"problems": rows, "topics": topics})
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=t(lang, "ui.list_title"))
    # one column for the tracks and which of them you solved (✓), so that the titles keep
    # their room in 80 columns
    for col in ("id", "title", "tracks_solved", "difficulty"):
        table.add_column(t(lang, f"ui.col_{col}"), no_wrap=col != "title",
                         overflow="fold" if col == "title" else "ellipsis")  # a long word is folded, not cut
    by_id = {r["id"]: r for r in rows}
    for n, (topic, problems) in enumerate(groups):
        # each topic opens with its own row (numbered: the recommended order), then its problems
        table.add_row(Text(f"{n + 1}. {_topic_title(lang, topic)}", style="bold"), "", "", "")
        for i, p in enumerate(problems):
            r = by_id[p.id]
            tracks = Text()
            for k, tr in enumerate(r["tracks"]):
                tracks.append((" " if k else "") + tr)
                if tr in r["solved"]:
                    tracks.append(" ✓", style="green")
            table.add_row(
                r["id"],
                r["title"],
                tracks,
                t(lang, f"ui.difficulty_{r['difficulty']}"),
                end_section=i == len(problems) - 1,
            )
    console = _console()
    console.print(table)
    console.print(Text(t(lang, "ui.list_next")))


def _topic_title(lang: str, topic: str) -> str:
    """A topic's name in `lang`; a topic the CLI has no text for shows as its id."""
    key = "ui.topic_" + topic.replace("-", "_")
    title = t(lang, key)
    return topic if title == key else title


@handles_errors
def show(
    problem: str = typer.Argument(..., help="Problem id, e.g. sft-loss. 题目编号。"),
    track: Optional[str] = TrackOpt,
    lang: Optional[str] = LangOpt,
    as_json: bool = JsonOpt,
    sources: bool = typer.Option(
        False, "--sources", help="Print only the problem's sources: files, functions, papers. 只显示题目的参考来源。"
    ),
) -> None:
    """Show a problem's statement for one track. 显示题目说明。"""
    from sftkl.graders.catalog import get_problem

    lang = _lang(lang)
    prob = get_problem(problem)
    trk = prob.track(track)
    if sources:
        _show_sources(prob, lang, as_json)
        return
    statement = prob.statement(lang, trk.name)
    if as_json:
        from sftkl.cli.render import print_json

        print_json({"id": prob.id, "track": trk.name, "title": prob.title[lang], "signature": trk.signature,
                    "file": prob.file, "statement": statement, "related": list(prob.related)})
        return
    from rich.text import Text

    from sftkl.cli.render import render_markdown

    console = _console()
    render_markdown(console, statement)
    console.print(Text(t(lang, "ui.show_signature", track=trk.name, signature=trk.signature), style="bold"))
    if prob.related:  # other problems on the same ideas (`related` in problem.toml)
        console.print(Text(t(lang, "ui.show_related", related=", ".join(prob.related), first=prob.related[0]), style="dim"))


def _show_sources(prob, lang: str, as_json: bool) -> None:
    """The Sources list that ends the problem's explanation: what its conventions follow, and where sources differ."""
    items = list(prob.sources(lang))
    if as_json:
        from sftkl.cli.render import print_json

        print_json({"id": prob.id, "title": prob.title[lang], "sources": items})
        return
    from rich.text import Text

    console = _console()
    console.print(Text(t(lang, "ui.sources_title", problem=prob.id, title=prob.title[lang]), style="bold"))
    for item in items:
        console.print(Text("• " + item))


@handles_errors
def practice(
    problem: str = typer.Argument(..., help="Problem id, e.g. sft-loss. 题目编号。"),
    track: Optional[str] = TrackOpt,
    directory: Path = typer.Option(Path("."), "--dir", "-d", help="Where to write the stub (default: here). 模板写入的目录。"),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file (a backup is kept). 覆盖已有文件(会保留备份)。"),
    edit: bool = typer.Option(False, "--edit", "-e", help="Then open the file in $VISUAL / $EDITOR (an existing file as it is). 随后用 $VISUAL / $EDITOR 打开文件。"),
    lang: Optional[str] = LangOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Write a problem's stub file and print its statement. 生成题目模板并显示说明。"""
    from sftkl.graders.catalog import get_problem
    from sftkl.practice.workspace import editor_command, remember_stub, write_stub

    from sftkl.graders.header import read_header

    lang = _lang(lang)
    prob = get_problem(problem)
    existing = directory.expanduser() / prob.file
    named = read_header(existing) if edit and not force and existing.is_file() else (None, None)
    if track is None and named[0] == prob.id and named[1] in prob.tracks:
        track = named[1]  # `practice ID --edit` reopens the file of the track it holds
    trk = prob.track(track)
    # a file that names another problem or track is not the one asked for: the usual refusal below
    kept = edit and not force and existing.is_file() and named in ((None, None), (prob.id, trk.name))
    if kept:  # --edit opens the learner's file; it is never replaced without --force
        path, backup = existing, None
        remember_stub(directory.expanduser(), path)
    else:
        path, backup = write_stub(prob, trk, directory, force=force)
    shown = str(path) if directory != Path(".") else path.name
    grade_args = "" if directory == Path(".") else f" {shown}"
    if as_json:
        from sftkl.cli.render import print_json

        if edit:  # first: an editor that is unset or cannot start is then the one JSON object printed
            _open_in_editor(editor_command(path), path)
        print_json({"problem": prob.id, "track": trk.name, "path": str(path), "backup": str(backup) if backup else None})
        return
    else:
        from sftkl.cli.render import linked, render_markdown

        console = _console()
        render_markdown(console, prob.statement(lang, trk.name))
        done = "ui.practice_kept" if kept else "ui.practice_wrote"
        console.print(linked(t(lang, done, path=shown, problem=prob.id, track=trk.name), {shown: path},
                             style="bold green"))
        console.print(linked(t(lang, "ui.practice_next", function=", ".join(trk.functions), path=shown,
                               grade_args=grade_args), {shown: path}))
    if edit:
        _open_in_editor(editor_command(path), path)


def _open_in_editor(command: list[str], path: Path) -> None:
    """Run the editor in the foreground on this terminal; its own exit status is its business."""
    import subprocess
    import sys

    from sftkl.graders.errors import UsageError

    sys.stdout.flush()
    try:
        subprocess.run(command)
    except OSError as e:
        raise UsageError("err.editor_failed", editor=command[0], detail=e.strerror or str(e), path=str(path)) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the sftkl app."""
    app.command("list")(list_problems)
    app.command()(show)
    app.command()(practice)
